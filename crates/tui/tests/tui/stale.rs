//! Answers older than a change made here never undo it: a details read, a read ahead,
//! a watch read or a page asked for before an alert was resolved, and answered after,
//! leave it resolved. The selection stays on its alert when the list is read again.

use crossterm::event::KeyCode;
use triage42_tui::effect::{Call, Effect, ListCall};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{AlertStateView, Slot, State};
use triage42_tui::update::update;

use crate::support::*;

/// Resolves the marked alerts (or the selected one; no note) and answers the change:
/// the request ids of the calls made before it are older than it from then on.
fn resolve_marked(state: &mut State) {
    update(state, char_key('r'));
    update(state, key(KeyCode::Enter));
    let effects = update(state, char_key('y'));
    let (operation, ids) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Mutation(m)) => m.bulk_chunk().map(|(op, ids)| (op, ids.to_vec())),
            _ => None,
        })
        .expect("the change");
    update(
        state,
        states_updated(operation, ids, AlertStateView::Resolved, Ok(())),
    );
}

fn selected_state(state: &State) -> AlertStateView {
    state.alerts.list.selected_row().unwrap().state.clone()
}

#[test]
fn a_details_answer_asked_before_a_change_does_not_undo_it_and_is_asked_again() {
    let mut state = loaded_state(10, 10);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    // The details are asked for, then the alert is resolved before they come.
    let asked = detail_request(&update(
        &mut state,
        Msg::Alerts(ListMsg::DetailDue(id.clone())),
    ));
    resolve_marked(&mut state);
    assert_eq!(selected_state(&state), AlertStateView::Resolved);
    // They come as the server had the alert then: open.
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id: asked,
            id: id.clone(),
            result: Ok(Box::new(detail(row(0)))),
        }),
    );
    assert_eq!(selected_state(&state), AlertStateView::Resolved);
    assert!(
        !state.alerts.details.contains_key(&id),
        "the old details are not shown"
    );
    // They are read again, and this answer is taken.
    let again = detail_request(&effects);
    let mut now_resolved = detail(row(0));
    now_resolved.row.state = AlertStateView::Resolved;
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id: again,
            id: id.clone(),
            result: Ok(Box::new(now_resolved)),
        }),
    );
    assert_eq!(
        state.selected_detail().unwrap().row.state,
        AlertStateView::Resolved
    );
}

#[test]
fn a_read_ahead_asked_before_a_change_does_not_undo_it() {
    let mut state = loaded_state(10, 10);
    // The first alert's details come in, and the rows after it are read ahead.
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let asked = detail_request(&update(
        &mut state,
        Msg::Alerts(ListMsg::DetailDue(id.clone())),
    ));
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id: asked,
            id,
            result: Ok(Box::new(detail(row(0)))),
        }),
    );
    let (request_id, ids) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::ReadDetails {
                request_id,
                slot: Slot::Prefetch,
                ids,
            })) => Some((*request_id, ids.clone())),
            _ => None,
        })
        .expect("a read ahead");
    assert_eq!(ids[0], "alert-000001");
    // The first two are resolved before the read ahead comes back.
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    resolve_marked(&mut state);
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Prefetch,
            result: Ok(details_of(&ids)),
        }),
    );
    assert_eq!(
        state.alerts.details["alert-000000"].row.state,
        AlertStateView::Resolved,
        "the details held took the change"
    );
    assert!(
        !state.alerts.details.contains_key("alert-000001"),
        "details older than the change are not kept"
    );
    assert!(state.alerts.details.contains_key("alert-000002"));
    let second = state.alerts.list.row("alert-000001").unwrap();
    assert_eq!(second.state, AlertStateView::Resolved);
}

#[test]
fn a_watch_read_asked_before_a_change_does_not_undo_it() {
    let mut state = loaded_state(10, 10);
    let effects = update(&mut state, char_key('w'));
    let generation = effects
        .iter()
        .find_map(|e| match e {
            Effect::Local(triage42_tui::effect::LocalEffect::ScheduleWatch {
                generation, ..
            }) => Some(*generation),
            _ => None,
        })
        .unwrap();
    let read = update(&mut state, Msg::WatchDue(generation))
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::WatchAlerts { request_id, .. }) => Some(*request_id),
            _ => None,
        })
        .expect("a watch read");
    resolve_marked(&mut state);
    // The read brings a new alert, and the first one as it was: open.
    let mut page = vec![row(10)];
    page[0].id = "fresh-10".into();
    page.extend(rows(10));
    update(
        &mut state,
        Msg::WatchLoaded {
            request_id: read,
            result: Ok((page, 11)),
        },
    );
    assert_eq!(state.alerts.list.rows.len(), 11, "the new alert is merged");
    let first = state.alerts.list.row("alert-000000").unwrap();
    assert_eq!(first.state, AlertStateView::Resolved);
    assert_eq!(
        state.alerts.list.selected_row().unwrap().id,
        "alert-000000",
        "the selection stays on its alert"
    );
}

#[test]
fn a_page_asked_before_a_change_does_not_undo_it() {
    let mut state = loaded_state(10, 10);
    let reload = alerts_request(&update(&mut state, char_key('R')));
    resolve_marked(&mut state);
    update(&mut state, alerts_page(reload, rows(10), 10));
    assert_eq!(selected_state(&state), AlertStateView::Resolved);
    // A read asked after the change is the server's word.
    let again = alerts_request(&update(&mut state, char_key('R')));
    update(&mut state, alerts_page(again, rows(10), 10));
    assert_eq!(selected_state(&state), AlertStateView::Open);
}

#[test]
fn a_reload_keeps_the_selection_on_its_alert_when_new_ones_arrive_above() {
    let mut state = loaded_state(10, 10);
    for _ in 0..5 {
        update(&mut state, char_key('j'));
    }
    assert_eq!(state.alerts.list.selected_row().unwrap().id, "alert-000005");
    let request_id = alerts_request(&update(&mut state, char_key('R')));
    let mut fresh = vec![row(20), row(21)];
    fresh[0].id = "new-1".into();
    fresh[1].id = "new-2".into();
    fresh.extend(rows(10));
    update(&mut state, alerts_page(request_id, fresh, 12));
    assert_eq!(state.alerts.list.selected_row().unwrap().id, "alert-000005");
    assert_eq!(state.alerts.list.selected, 7);
    // Gone from the list: the selection stays where it was.
    let request_id = alerts_request(&update(&mut state, char_key('R')));
    let without: Vec<_> = rows(10)
        .into_iter()
        .filter(|r| r.id != "alert-000005")
        .collect();
    update(&mut state, alerts_page(request_id, without, 9));
    assert_eq!(state.alerts.list.selected, 7);
    assert_eq!(state.alerts.list.selected_row().unwrap().id, "alert-000008");
}

#[test]
fn a_filter_change_keeps_the_selection_on_its_alert_if_it_still_matches() {
    let mut state = loaded_state(10, 10);
    for _ in 0..4 {
        update(&mut state, char_key('j'));
    }
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    update(&mut state, char_key('/'));
    for c in "severity:critical".chars() {
        update(&mut state, char_key(c));
    }
    let request_id = alerts_request(&update(&mut state, key(KeyCode::Enter)));
    // Critical alerts: the fixtures' rows 0, 5, … — the selected one is not among them.
    let critical: Vec<_> = rows(10).into_iter().step_by(5).collect();
    update(&mut state, alerts_page(request_id, critical, 2));
    assert_eq!(state.alerts.list.selected, 0, "to the top when it is gone");
    // Back to all: it is there, so the selection goes back to it.
    update(&mut state, char_key('j'));
    let kept = state.alerts.list.selected_row().unwrap().id.clone();
    assert_ne!(kept, id);
    let effects = update(&mut state, key(KeyCode::Esc));
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(10), 10));
    assert_eq!(state.alerts.list.selected_row().unwrap().id, kept);
}

#[test]
fn rows_resolved_here_are_counted_as_gone_from_an_open_filter() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('/'));
    for c in "state:open".chars() {
        update(&mut state, char_key(c));
    }
    let request_id = alerts_request(&update(&mut state, key(KeyCode::Enter)));
    let mut open = rows(10);
    for r in &mut open {
        r.state = AlertStateView::Open;
    }
    update(&mut state, alerts_page(request_id, open, 10));
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    let effects = update(&mut state, char_key('y'));
    let (operation, ids) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Mutation(m)) => m.bulk_chunk().map(|(op, ids)| (op, ids.to_vec())),
            _ => None,
        })
        .unwrap();
    update(
        &mut state,
        states_updated(operation, ids, AlertStateView::Resolved, Ok(())),
    );
    assert_eq!(state.alerts.list.departed.len(), 2);
    let screen = screen(&state, 120, 40);
    assert!(screen.contains("· 2 left the filter"), "{screen}");
    // Reopened: back in the filter.
    update(&mut state, key(KeyCode::Home));
    update(&mut state, char_key('o'));
    update(&mut state, key(KeyCode::Enter));
    let effects = update(&mut state, char_key('y'));
    let (operation, ids) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Mutation(m)) => m.bulk_chunk().map(|(op, ids)| (op, ids.to_vec())),
            _ => None,
        })
        .unwrap();
    update(
        &mut state,
        states_updated(operation, ids, AlertStateView::Open, Ok(())),
    );
    assert_eq!(state.alerts.list.departed.len(), 1);
}
