//! Reducer behaviour: messages in, state and effects out.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42_api::pager::{Bound, PageAsk};
use triage42_core::filter::SortColumn;
use triage42_core::filter::{Condition, TextField, TextOp};
use triage42_tui::effect::{Call, Effect, ListCall, ListMutation, LocalEffect, Mutation};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{AlertStateView, Overlay, State, StatusKind, View};
use triage42_tui::state::{CallError, Slot};
use triage42_tui::update::update;

use crate::support::*;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

fn chunk_effects(effects: &[Effect]) -> Vec<(u64, Vec<String>)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call(Call::Mutation(mutation)) => mutation
                .bulk_chunk()
                .map(|(operation, ids)| (operation, ids.to_vec())),
            _ => None,
        })
        .collect()
}

#[test]
fn stale_alert_pages_are_dropped() {
    let mut state = new_state();
    let first = alerts_request(&triage42_tui::update::init(&mut state));
    let second = alerts_request(&update(&mut state, char_key('s')));
    assert_ne!(first, second);
    update(&mut state, alerts_page(first, rows(5), 5));
    assert!(
        state.alerts.list.rows.is_empty(),
        "an older request must not win"
    );
    assert!(state.is_pending(Slot::List(View::Alerts)));
    update(&mut state, alerts_page(second, rows(7), 7));
    assert_eq!(state.alerts.list.rows.len(), 7);
    assert!(!state.is_pending(Slot::List(View::Alerts)));
}

#[test]
fn next_page_loads_when_selection_nears_the_end() {
    let all = rows(1000);
    let mut state = loaded_state(200, 1000);
    let mut requested = None;
    for _ in 0..150 {
        let effects = update(&mut state, char_key('j'));
        if let Some(ask) = page_request(&effects) {
            assert!(requested.is_none(), "only one page request at a time");
            requested = Some((effects, ask));
        }
    }
    let (effects, (_, ask)) = requested.expect("a second page was requested");
    // By creation time: on or before the last alert held, not by a page number.
    assert_eq!(ask.number, 0);
    assert_eq!(
        ask.bound,
        Some(Bound::OnOrBefore(all[199].created.unwrap()))
    );
    serve_alerts(&mut state, &effects, &all);
    assert_eq!(state.alerts.list.rows.len(), 399);
    assert_eq!(state.alerts.list.total, 1000);
    let ids: Vec<&str> = state
        .alerts
        .list
        .rows
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    let want: Vec<String> = (0..399).map(|i| row(i).id).collect();
    assert_eq!(ids, want, "in order, the alert at the bound not twice");
}

/// The read of the list among `effects`, if any.
fn page_request(effects: &[Effect]) -> Option<(u64, PageAsk)> {
    effects.iter().find_map(|e| match e {
        Effect::Call(Call::Alerts(ListCall::LoadPage {
            request_id, ask, ..
        })) => Some((*request_id, *ask)),
        _ => None,
    })
}

#[test]
fn a_short_page_ends_the_list_whatever_the_count_claims() {
    let mut state = loaded_state(200, 1000);
    let (request_id, ask) = page_request(&update(&mut state, key(KeyCode::End))).unwrap();
    assert!(ask.bound.is_some());
    // Hammering End while it is in flight asks for nothing more.
    for _ in 0..5 {
        assert_eq!(page_request(&update(&mut state, key(KeyCode::End))), None);
    }
    // A server that counts 1,000 (801 on or before the last alert held) and sends 237.
    let effects = update(
        &mut state,
        alerts_page(request_id, (199..237).map(row).collect(), 801),
    );
    assert_eq!(page_request(&effects), None, "no page past a short one");
    assert_eq!(state.alerts.list.rows.len(), 237);
    assert_eq!(state.alerts.list.total, 237);
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "The server counted 1000 alerts but sent 237; the list holds the 237 it sent"
    );
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(page_request(&update(&mut state, key(KeyCode::End))), None);
    assert!(state.status.message.is_none(), "said once");

    // An empty page ends it too.
    let mut state = loaded_state(200, 1000);
    let (request_id, _) = page_request(&update(&mut state, key(KeyCode::End))).unwrap();
    let effects = update(&mut state, alerts_page(request_id, vec![], 1000));
    assert_eq!(page_request(&effects), None);
    assert_eq!(state.alerts.list.total, 200);
    // A full first page whose count is right loads on as before.
    let mut state = loaded_state(200, 400);
    assert!(page_request(&update(&mut state, key(KeyCode::End))).is_some());
}

#[test]
fn sort_keys_reload_from_the_server() {
    let mut state = loaded_state(10, 10);
    let effects = update(&mut state, char_key('s'));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadPage { query, ask, .. }))) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(query.sort.column, SortColumn::Severity);
    assert_eq!((ask.number, ask.bound), (0, None));
    let effects = update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT)),
    );
    let Some(Effect::Call(Call::Alerts(ListCall::LoadPage { query, .. }))) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(!query.sort.descending);
}

#[test]
fn filter_applies_parsed_query_and_keeps_bad_text() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('/'));
    type_text(&mut state, "severity:high,critical bogus:1");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert!(state.filter.editing);
    assert_eq!(state.filter.input.value(), "severity:high,critical bogus:1");
    assert_eq!(state.filter.error.as_ref().unwrap().span, 23..28);
    for _ in 0..8 {
        update(&mut state, key(KeyCode::Backspace));
    }
    let effects = update(&mut state, key(KeyCode::Enter));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadPage { query, .. }))) = effects.first() else {
        panic!("{effects:?}")
    };
    let parsed =
        triage42_core::filter::parse(&query.filter.text, query.filter.at.unwrap()).unwrap();
    assert_eq!(
        parsed.terms[0].condition,
        Condition::Text {
            field: TextField::Severity,
            op: TextOp::Equals,
            values: vec!["high".into(), "critical".into()]
        }
    );
    assert!(!state.filter.editing);
}

#[test]
fn details_load_after_the_selection_settles_and_are_cached() {
    let mut state = loaded_state(10, 10);
    let effects = update(&mut state, char_key('j'));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Local(LocalEffect::ScheduleDetail { id, .. })] if id == "alert-000001"
    ));
    update(&mut state, char_key('j'));
    // The timer of a row the selection already left does nothing.
    assert!(
        update(
            &mut state,
            Msg::Alerts(ListMsg::DetailDue("alert-000001".into()))
        )
        .is_empty()
    );
    with_detail(&mut state);
    update(&mut state, char_key('k'));
    let back = update(&mut state, char_key('j'));
    assert!(
        back.is_empty(),
        "cached details are not fetched again: {back:?}"
    );
}

#[test]
fn bulk_resolve_in_chunks_keeps_failed_ones_marked() {
    let mut state = loaded_state(250, 250);
    update(&mut state, char_key('*'));
    assert_eq!(state.alerts.list.marked.len(), 250);
    update(&mut state, char_key('r'));
    type_text(&mut state, "dup");
    let (request_id, ids) = notes_request(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, notes_read(request_id, details_of(&ids)));
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!("expected a confirmation")
    };
    assert_eq!(confirm.question, "Resolve 250 alerts with note \"dup\"?");
    let effects = update(&mut state, char_key('y'));
    let chunks = chunk_effects(&effects);
    assert_eq!(
        chunks.iter().map(|(_, ids)| ids.len()).collect::<Vec<_>>(),
        vec![100, 100, 50]
    );
    assert_eq!(state.mutations_in_flight, 3);
    let operation = chunks[0].0;
    for (index, (_, ids)) in chunks.into_iter().enumerate() {
        let result = if index == 1 {
            Err(CallError::new("the server failed (500)"))
        } else {
            Ok(())
        };
        update(
            &mut state,
            states_updated(operation, ids, AlertStateView::Resolved, result),
        );
    }
    assert_eq!(state.alerts.list.marked.len(), 100);
    assert!(state.alerts.list.marked.contains("alert-000150"));
    assert_eq!(state.alerts.list.rows[0].state, AlertStateView::Resolved);
    assert_ne!(state.alerts.list.rows[150].state, AlertStateView::Resolved);
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error);
    assert!(
        message.text.contains("100 of 250 failed"),
        "{}",
        message.text
    );
    assert!(message.text.contains("alert-000100"), "{}", message.text);
    assert_eq!(state.mutations_in_flight, 0);
}

/// Starts a change of the marked alerts to the state of `key`, with no note, confirmed.
fn start_bulk(state: &mut State, key_char: char) -> Vec<(u64, Vec<String>)> {
    update(state, char_key(key_char));
    update(state, key(KeyCode::Enter));
    chunk_effects(&update(state, char_key('y')))
}

fn answer_chunk(state: &mut State, chunk: &(u64, Vec<String>), to: AlertStateView, ok: bool) {
    let result = if ok {
        Ok(())
    } else {
        Err(CallError::new("the server failed (500)"))
    };
    update(state, states_updated(chunk.0, chunk.1.clone(), to, result));
}

#[test]
fn a_second_bulk_change_queues_behind_the_first_and_neither_is_lost() {
    let mut state = loaded_state(250, 250);
    update(&mut state, char_key('*'));
    let resolve = start_bulk(&mut state, 'r');
    assert_eq!(resolve.len(), 3);
    // Forty others, reopened while the resolve runs.
    update(&mut state, char_key('u'));
    update(&mut state, char_key('V'));
    for _ in 0..39 {
        update(&mut state, char_key('j'));
    }
    update(&mut state, char_key('V'));
    let reopen = start_bulk(&mut state, 'o');
    assert_eq!(reopen.len(), 1);
    assert_ne!(resolve[0].0, reopen[0].0);
    assert_eq!(state.status.bulk.len(), 2, "both changes are kept");
    assert_eq!(state.mutations_in_flight, 4);

    answer_chunk(&mut state, &resolve[0], AlertStateView::Resolved, true);
    let screen = screen(&state, 120, 40);
    assert!(
        screen.contains("Resolve 100/250 · Reopen queued 0/40"),
        "{screen}"
    );
    answer_chunk(&mut state, &resolve[1], AlertStateView::Resolved, false);
    answer_chunk(&mut state, &resolve[2], AlertStateView::Resolved, true);
    // The resolve has ended with failures; the reopen still runs.
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error);
    assert!(message.text.starts_with("Resolve: 100 of 250 failed"));
    assert_eq!(state.status.bulk.len(), 1);
    answer_chunk(&mut state, &reopen[0], AlertStateView::Open, true);

    assert!(state.status.bulk.is_empty());
    assert_eq!(state.mutations_in_flight, 0);
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error, "the failure still shows");
    assert!(
        message
            .text
            .contains("still marked: alert-000100, alert-000101")
            && message.text.contains("and 95 more")
            && message.text.ends_with(" · Reopen: done for 40 alerts"),
        "{}",
        message.text
    );
    assert_eq!(state.alerts.list.rows[0].state, AlertStateView::Open);
    assert_eq!(state.alerts.list.rows[39].state, AlertStateView::Open);
    assert_eq!(state.alerts.list.rows[40].state, AlertStateView::Resolved);
    assert_ne!(state.alerts.list.rows[150].state, AlertStateView::Resolved);
    assert_eq!(state.alerts.list.rows[249].state, AlertStateView::Resolved);
    // Failed alerts stay marked; reopened ones are unmarked.
    assert!(state.alerts.list.marked.contains("alert-000150"));
    assert!(!state.alerts.list.marked.contains("alert-000000"));
}

#[test]
fn a_note_sent_with_a_state_change_replaces_the_cached_one() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    update(&mut state, char_key('r'));
    type_text(&mut state, "false positive");
    let (request_id, ids) = notes_request(&update(&mut state, key(KeyCode::Enter)));
    update(&mut state, notes_read(request_id, details_of(&ids)));
    assert_eq!(
        confirm_of(&state).consequence().as_deref(),
        Some("The alert already has a note; it will be replaced")
    );
    let chunks = chunk_effects(&update(&mut state, char_key('y')));
    answer_chunk(&mut state, &chunks[0], AlertStateView::Resolved, true);
    let detail = state.selected_detail().unwrap();
    assert_eq!(detail.row.state, AlertStateView::Resolved);
    assert_eq!(detail.note.as_ref().unwrap().message, "false positive");
}

#[test]
fn note_over_the_limit_is_refused_and_failed_saves_keep_the_text() {
    let mut state = loaded_state(5, 5);
    open_note(&mut state);
    // The editor starts with the current note (21 characters).
    update(&mut state, Msg::Paste("a".repeat(1980)));
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    let effects = update(&mut state, key(KeyCode::Enter));
    let Some(Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::SaveNote { id, note })))) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(note.len(), 1999);
    update(
        &mut state,
        Msg::Alerts(ListMsg::NoteSaved {
            id,
            note,
            result: Err(CallError::new("the server refused the request (403)")),
        }),
    );
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("the editor stays open")
    };
    assert_eq!(editor.input.value().len(), 1999);
    assert!(editor.error.is_some());
}

#[test]
fn read_only_blocks_every_mutation() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    state.read_only = true;
    for c in ['r', 'o', 'p', 'i', 'n', 'c', 'C'] {
        assert!(update(&mut state, char_key(c)).is_empty());
        assert!(state.overlay.is_none(), "{c} opened something");
    }
}

fn dropped(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call(Call::DropQueuedMutations { reason }) => Some(reason.clone()),
            _ => None,
        })
        .collect()
}

/// The chunks of `chunks` as the worker reports them dropped.
fn dropped_msg(chunks: &[(u64, Vec<String>)], to: AlertStateView) -> Msg {
    Msg::MutationsDropped {
        dropped: chunks
            .iter()
            .map(|(operation, ids)| {
                Mutation::Alerts(ListMutation::UpdateStates {
                    operation: *operation,
                    ids: ids.clone(),
                    state: to.clone(),
                    note: None,
                })
            })
            .collect(),
        journaled: Ok(()),
    }
}

#[test]
fn quit_asks_while_mutations_are_in_flight_then_lets_the_one_sent_finish() {
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    let chunks = chunk_effects(&update(&mut state, char_key('y')));
    assert_eq!(state.mutations_in_flight, 1);
    assert!(update(&mut state, char_key('q')).is_empty());
    let question = state.prompt.clone().unwrap().question;
    assert!(
        question.starts_with("Still being saved: Resolve 0/1. Quit?"),
        "{question}"
    );
    // No: nothing changes.
    update(&mut state, char_key('n'));
    assert!(state.prompt.is_none() && !state.quit);
    // The question follows the progress: once everything is saved it says so.
    let mut done = state.clone();
    update(&mut done, char_key('q'));
    answer_chunk(&mut done, &chunks[0], AlertStateView::Resolved, true);
    assert_eq!(
        done.prompt.clone().unwrap().question,
        "Everything is saved now. Quit?"
    );
    assert_eq!(
        update(&mut done, char_key('y')),
        vec![Effect::Local(LocalEffect::Quit)]
    );
    update(&mut state, char_key('q'));
    let effects = update(&mut state, char_key('y'));
    assert_eq!(
        dropped(&effects),
        ["triage42 stopped (quit) before it was sent"]
    );
    assert!(!state.quit, "the change in flight is waited for");
    assert!(state.stopping.is_some());
    // Keys other than Ctrl-C wait too.
    assert!(update(&mut state, char_key('q')).is_empty());
    assert!(update(&mut state, dropped_msg(&[], AlertStateView::Resolved)).is_empty());
    let effects = update(
        &mut state,
        states_updated(
            chunks[0].0,
            chunks[0].1.clone(),
            AlertStateView::Resolved,
            Ok(()),
        ),
    );
    assert_eq!(effects, vec![Effect::Local(LocalEffect::Quit)]);
    assert!(state.quit);
    assert_eq!(
        triage42_tui::update::exit_report(&state),
        ["Resolve: 1 of 1 alerts changed"]
    );
}

#[test]
fn quit_with_nothing_in_flight_is_immediate_and_says_nothing() {
    let mut state = loaded_state(5, 5);
    assert_eq!(
        update(&mut state, char_key('q')),
        vec![Effect::Local(LocalEffect::Quit)]
    );
    assert!(triage42_tui::update::exit_report(&state).is_empty());
    let mut state = loaded_state(5, 5);
    assert_eq!(
        update(&mut state, Msg::Terminate("SIGHUP".into())),
        vec![Effect::Local(LocalEffect::Quit)]
    );
}

#[test]
fn ctrl_c_twice_quits_and_ctrl_c_while_stopping_stops_now() {
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, char_key('y'));
    let ctrl_c = Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    assert!(update(&mut state, ctrl_c.clone()).is_empty());
    assert!(state.prompt.is_some(), "Ctrl-C asks first");
    assert_eq!(dropped(&update(&mut state, ctrl_c.clone())).len(), 1);
    assert!(!state.quit);
    assert_eq!(
        update(&mut state, ctrl_c),
        vec![Effect::Local(LocalEffect::Quit)]
    );
    assert_eq!(
        triage42_tui::update::exit_report(&state),
        [
            "Resolve: 0 of 1 alerts changed; 1 not known (no answer before triage42 stopped) \
             (see `triage42 journal`)"
        ]
    );
}

#[test]
fn sighup_mid_bulk_drops_the_queue_without_asking_and_reports_what_was_not_sent() {
    let mut state = loaded_state(500, 500);
    update(&mut state, char_key('*'));
    let chunks = start_bulk(&mut state, 'r');
    assert_eq!(chunks.len(), 5);
    answer_chunk(&mut state, &chunks[0], AlertStateView::Resolved, true);
    answer_chunk(&mut state, &chunks[1], AlertStateView::Resolved, true);
    let effects = update(&mut state, Msg::Terminate("SIGHUP".into()));
    assert_eq!(
        dropped(&effects),
        ["triage42 stopped (SIGHUP) before it was sent"]
    );
    assert!(state.prompt.is_none(), "a dropped session is not asked");
    // A second signal does not cut the wait short.
    assert!(update(&mut state, Msg::Terminate("SIGTERM".into())).is_empty());
    // Chunk 2 is in flight; 3 and 4 were queued.
    assert!(
        update(
            &mut state,
            dropped_msg(&chunks[3..], AlertStateView::Resolved)
        )
        .is_empty()
    );
    assert!(!state.quit);
    assert_eq!(state.mutations_in_flight, 1);
    let status = screen(&state, 120, 40);
    assert!(status.contains("Resolve 200/500"), "{status}");
    assert!(status.contains("Stopping"), "{status}");
    update(
        &mut state,
        states_updated(
            chunks[2].0,
            chunks[2].1.clone(),
            AlertStateView::Resolved,
            Ok(()),
        ),
    );
    assert!(state.quit);
    assert_eq!(
        triage42_tui::update::exit_report(&state),
        ["Resolve: 300 of 500 alerts changed; 200 not sent (see `triage42 journal`)"]
    );
    // The alerts not sent stay marked.
    assert_eq!(state.alerts.list.marked.len(), 200);
}

#[test]
fn the_wait_for_the_change_in_flight_is_bounded() {
    let mut state = loaded_state(500, 500);
    update(&mut state, char_key('*'));
    let resolve = start_bulk(&mut state, 'r');
    update(&mut state, char_key('u'));
    let reopen = start_bulk(&mut state, 'o');
    answer_chunk(&mut state, &resolve[0], AlertStateView::Resolved, true);
    update(&mut state, Msg::Terminate("SIGTERM".into()));
    let mut queued = resolve[2..].to_vec();
    queued.extend(reopen.iter().cloned());
    update(&mut state, dropped_msg(&queued, AlertStateView::Resolved));
    assert!(!state.quit, "chunk 1 of the resolve is still in flight");
    assert_eq!(
        update(&mut state, Msg::StopDeadline),
        vec![Effect::Local(LocalEffect::Quit)]
    );
    assert_eq!(
        triage42_tui::update::exit_report(&state),
        [
            "Reopen: 0 of 1 alerts changed; 1 not sent (see `triage42 journal`)",
            "Resolve: 100 of 500 alerts changed; 100 not known (no answer before triage42 \
             stopped); 300 not sent (see `triage42 journal`)",
        ]
    );
}

#[test]
fn case_creation_carries_every_event_of_the_alert() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    update(&mut state, char_key('c'));
    let effects = update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let Some(Effect::Call(Call::Mutation(Mutation::CreateCase { form, event_ids }))) =
        effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(form.name, "Departing employee exfiltration");
    assert_eq!(form.subject, "bob@example.com");
    assert_eq!(event_ids, &["evt-0000", "evt-0001", "evt-0002", "evt-0003"]);
    update(
        &mut state,
        Msg::CaseDone {
            created: true,
            result: Ok((12, 4)),
        },
    );
    assert_eq!(
        state.status.message.as_ref().unwrap().text,
        "Case #12 created with 4 file events"
    );
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn case_form(state: &State) -> &triage42_tui::state::CaseFormEditor {
    match &state.overlay {
        Some(Overlay::CaseForm(form)) => form,
        other => panic!("expected the case form, got {other:?}"),
    }
}

#[test]
fn the_case_form_stays_open_until_the_case_exists_and_keeps_every_field_on_failure() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    update(&mut state, char_key('c'));
    // Description (field 1) and findings (field 2) typed by hand.
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, " More.");
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "USB stick, 3 files");
    let effects = update(&mut state, ctrl('s'));
    assert!(matches!(
        effects.as_slice(),
        [Effect::Call(Call::Mutation(Mutation::CreateCase { .. }))]
    ));
    assert!(case_form(&state).creating, "the form waits for the server");
    // Keys do nothing while it waits.
    assert!(update(&mut state, char_key('x')).is_empty());
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert_eq!(case_form(&state).fields[2].value(), "USB stick, 3 files");
    update(
        &mut state,
        Msg::CaseDone {
            created: true,
            result: Err(CallError::new(
                "case name is 63 characters; the limit is 50",
            )),
        },
    );
    let form = case_form(&state);
    assert!(!form.creating);
    assert_eq!(
        form.error.as_deref(),
        Some("case name is 63 characters; the limit is 50")
    );
    assert_eq!(
        form.fields[1].value(),
        "Files moved to removable media by a departing employee More."
    );
    assert_eq!(form.fields[2].value(), "USB stick, 3 files");
    assert_eq!(state.mutations_in_flight, 0);

    // Fixed and sent again: the case is created, its events fail; the case exists, so
    // the form closes and the error shows in the status line.
    update(&mut state, key(KeyCode::BackTab));
    update(&mut state, key(KeyCode::BackTab));
    for _ in 0..20 {
        update(&mut state, key(KeyCode::Backspace));
    }
    assert!(matches!(
        update(&mut state, ctrl('s')).as_slice(),
        [Effect::Call(Call::Mutation(Mutation::CreateCase { .. }))]
    ));
    update(
        &mut state,
        Msg::CaseProgress {
            case_number: 12,
            events_added: 0,
            events_total: 4,
        },
    );
    assert_eq!(case_form(&state).created, Some(12));
    update(
        &mut state,
        Msg::CaseDone {
            created: true,
            result: Err(CallError::new(
                "case #12 was created, but adding its events failed: 500",
            )),
        },
    );
    assert!(state.overlay.is_none());
    let status = state.status.message.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.starts_with("case #12 was created"));
}

#[test]
fn esc_in_an_editor_asks_only_when_text_was_typed() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    // Unchanged: closes at once.
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none() && state.prompt.is_none());
    update(&mut state, char_key('c'));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none() && state.prompt.is_none());

    // Typed: asks; "n" goes back to the text, "y" drops it.
    update(&mut state, char_key('r'));
    type_text(&mut state, "dup of 41");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(
        state.prompt.clone().unwrap().question,
        "Discard the note you typed?"
    );
    update(&mut state, char_key('n'));
    assert!(state.prompt.is_none());
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("the editor is still open")
    };
    assert_eq!(editor.input.value(), "dup of 41");
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, char_key('y'));
    assert!(state.overlay.is_none() && state.prompt.is_none());

    update(&mut state, char_key('c'));
    type_text(&mut state, "!");
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(
        state.prompt.clone().unwrap().question,
        "Discard the case you were writing?"
    );
}

#[test]
fn no_at_the_state_change_confirmation_goes_back_to_the_note() {
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('r'));
    type_text(&mut state, "benign");
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.overlay, Some(Overlay::Confirm(_))));
    update(&mut state, char_key('n'));
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("back in the note editor")
    };
    assert_eq!(editor.input.value(), "benign");
    // Sent from there as before.
    update(&mut state, key(KeyCode::Enter));
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!("the confirmation again")
    };
    assert_eq!(confirm.question, "Resolve 1 alert with note \"benign\"?");
}

#[test]
fn ctrl_c_with_typed_text_asks_before_quitting() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    update(&mut state, char_key('c'));
    type_text(&mut state, " (copy)");
    assert!(update(&mut state, ctrl('c')).is_empty());
    assert!(!state.quit);
    assert_eq!(
        state.prompt.clone().unwrap().question,
        "Discard the case you were writing and quit?"
    );
    update(&mut state, char_key('n'));
    assert!(matches!(state.overlay, Some(Overlay::CaseForm(_))));
    update(&mut state, ctrl('c'));
    assert_eq!(
        update(&mut state, char_key('y')),
        vec![Effect::Local(LocalEffect::Quit)]
    );

    // Esc's question becomes Ctrl-C's; Ctrl-C again answers it.
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('r'));
    type_text(&mut state, "x");
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, ctrl('c'));
    assert_eq!(
        state.prompt.clone().unwrap().question,
        "Discard the note you typed and quit?"
    );
    assert_eq!(
        update(&mut state, ctrl('c')),
        vec![Effect::Local(LocalEffect::Quit)]
    );

    // Nothing typed: Ctrl-C quits as ever.
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('r'));
    assert_eq!(
        update(&mut state, ctrl('c')),
        vec![Effect::Local(LocalEffect::Quit)]
    );
}

fn confirm_of(state: &State) -> triage42_tui::state::Confirm {
    match &state.overlay {
        Some(Overlay::Confirm(confirm)) => confirm.clone(),
        other => panic!("expected a confirmation, got {other:?}"),
    }
}

#[test]
fn a_note_that_would_replace_notes_reads_them_all_from_the_server_never_the_cache() {
    let mut state = loaded_state(100, 100);
    for _ in 0..37 {
        update(&mut state, char_key(' '));
    }
    // Two alerts' details were read a while ago: neither had a note then.
    for index in [0, 1] {
        let mut read_before = detail(row(index));
        read_before.note = None;
        state
            .alerts
            .details
            .insert(read_before.row.id.clone(), read_before);
    }
    update(&mut state, char_key('r'));
    type_text(&mut state, "false positive");
    let effects = update(&mut state, key(KeyCode::Enter));
    let (request_id, ids) = notes_request(&effects);
    assert_eq!(ids.len(), 37, "every alert is read again, held or not");
    assert_eq!(
        confirm_of(&state).consequence().as_deref(),
        Some("checking existing notes…")
    );
    assert!(
        update(&mut state, char_key('y')).is_empty(),
        "not confirmed before the notes are known"
    );
    // On the server now a colleague has noted the first two, and one other has a note.
    let mut details = details_of(&ids);
    for detail in details.iter_mut().skip(3) {
        detail.note = None;
    }
    update(&mut state, notes_read(request_id, details));
    assert_eq!(
        confirm_of(&state).consequence().as_deref(),
        Some("3 of 37 alerts already have a note; it will be replaced")
    );
    // What was read replaces what was held.
    assert!(state.alerts.details["alert-000000"].note.is_some());
    let chunks = chunk_effects(&update(&mut state, char_key('y')));
    assert_eq!(chunks[0].1.len(), 37);
}

#[test]
fn notes_are_not_read_for_a_change_without_one_and_a_failed_read_says_so() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('*'));
    update(&mut state, char_key('p'));
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(confirm_of(&state).consequence(), None);
    update(&mut state, char_key('n'));
    type_text(&mut state, "waiting on HR");
    let effects = update(&mut state, key(KeyCode::Enter));
    let (request_id, _) = notes_request(&effects);
    // "No" while reading: the read is given up, the note kept.
    let effects = update(&mut state, key(KeyCode::Esc));
    assert_eq!(effects, vec![Effect::Call(Call::Cancel(Slot::Notes))]);
    assert!(!state.is_pending(Slot::Notes));
    let effects = update(&mut state, key(KeyCode::Enter));
    let (second, _) = notes_request(&effects);
    // The answer to the read given up changes nothing.
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(vec![]),
        }),
    );
    assert_eq!(
        confirm_of(&state).consequence().as_deref(),
        Some("checking existing notes…")
    );
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id: second,
            slot: Slot::Notes,
            result: Err(rate_limited()),
        }),
    );
    assert_eq!(
        confirm_of(&state).consequence().as_deref(),
        Some(
            "Could not check existing notes (rate limited by the server; retry in 12s); \
             any note they have will be replaced"
        )
    );
    assert_eq!(chunk_effects(&update(&mut state, char_key('y'))).len(), 1);
}

#[test]
fn n_reads_the_alert_again_and_edits_the_note_it_has_now() {
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    assert_eq!(
        state
            .selected_detail()
            .unwrap()
            .note
            .as_ref()
            .unwrap()
            .message,
        "Talked to the manager"
    );
    let effects = update(&mut state, char_key('n'));
    let (request_id, ids) = notes_request(&effects);
    assert_eq!(ids, ["alert-000000"]);
    assert!(state.overlay.is_none(), "not before the fresh note is in");
    let mut fresh = detail(row(0));
    fresh.note.as_mut().unwrap().message = "Manager says: leave it open (ana)".into();
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(vec![fresh]),
        }),
    );
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("the editor opens on the fresh note")
    };
    assert_eq!(editor.input.value(), "Manager says: leave it open (ana)");
    assert_eq!(
        state
            .selected_detail()
            .unwrap()
            .note
            .as_ref()
            .unwrap()
            .message,
        "Manager says: leave it open (ana)"
    );

    // A failed read opens nothing: the note it would replace is not known.
    let mut state = loaded_state(5, 5);
    with_detail(&mut state);
    let (request_id, _) = notes_request(&update(&mut state, char_key('n')));
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Err(CallError::new("the server failed (503)")),
        }),
    );
    assert!(state.overlay.is_none());
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "Could not read the current note of alert alert-000000: the server failed (503)"
    );

    // Esc while it is read gives it up.
    update(&mut state, char_key('n'));
    assert_eq!(
        update(&mut state, key(KeyCode::Esc)),
        vec![Effect::Call(Call::Cancel(Slot::Notes))]
    );
    assert!(state.note_opening.is_none());
}

fn status_line(state: &State) -> String {
    screen(state, 120, 40).lines().last().unwrap().to_string()
}

#[test]
fn a_retry_shows_while_its_call_runs_and_goes_when_it_ends() {
    let mut state = new_state();
    let request_id = alerts_request(&triage42_tui::update::init(&mut state));
    update(
        &mut state,
        Msg::Retrying {
            slot: Some(Slot::List(View::Alerts)),
            text: "rate limited, retrying in 12 s (attempt 3)".into(),
        },
    );
    assert!(
        status_line(&state).contains("alerts: rate limited, retrying in 12 s (attempt 3)"),
        "{}",
        status_line(&state)
    );
    update(&mut state, alerts_page(request_id, rows(5), 5));
    assert!(state.status.retrying.is_empty());
    assert!(!status_line(&state).contains("retrying"));

    // A change's retry goes with the change's answer, not with a read's.
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    let chunks = chunk_effects(&update(&mut state, char_key('y')));
    update(
        &mut state,
        Msg::Retrying {
            slot: Some(Slot::Mutation),
            text: "server error 503, retrying in 2 s (attempt 2)".into(),
        },
    );
    let detail = update(&mut state, char_key('j'));
    assert!(!detail.is_empty());
    with_detail(&mut state);
    assert!(
        status_line(&state).contains("saving: server error 503, retrying in 2 s (attempt 2)"),
        "{}",
        status_line(&state)
    );
    answer_chunk(&mut state, &chunks[0], AlertStateView::Resolved, true);
    assert!(state.status.retrying.is_empty());
}

#[test]
fn j_opens_the_journal_read_by_an_effect_newest_first_and_scrolls() {
    let mut state = loaded_state(5, 5);
    state.journal_path = Some("/home/ana/.local/state/triage42/journal.jsonl".into());
    let effects = update(&mut state, char_key('J'));
    assert_eq!(
        effects,
        vec![Effect::Local(LocalEffect::ReadJournal {
            path: "/home/ana/.local/state/triage42/journal.jsonl".into()
        })]
    );
    let view = |state: &State| match &state.overlay {
        Some(Overlay::Journal(view)) => view.clone(),
        other => panic!("expected the journal, got {other:?}"),
    };
    assert!(view(&state).loading);
    update(
        &mut state,
        Msg::JournalLoaded {
            result: Ok(journal_changes()),
        },
    );
    let shown = view(&state);
    assert_eq!(shown.entries.len(), 8);
    assert_eq!(shown.entries[0].outcome, "failed", "newest first");
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    assert_eq!(view(&state).scroll, 2);
    update(&mut state, char_key('G'));
    assert_eq!(view(&state).scroll, 7);
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(view(&state).scroll, 7, "not past the last");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none());

    // Read-only sessions see it too; without a journal it says why.
    state.read_only = true;
    state.journal_path = None;
    assert!(update(&mut state, char_key('J')).is_empty());
    assert!(view(&state).error.unwrap().contains("TRIAGE42_JOURNAL"));
}

#[test]
fn range_marking() {
    let mut state = loaded_state(20, 20);
    update(&mut state, char_key('j'));
    update(&mut state, char_key('V'));
    for _ in 0..4 {
        update(&mut state, char_key('j'));
    }
    update(&mut state, char_key('V'));
    let mut marked: Vec<_> = state.alerts.list.marked.iter().cloned().collect();
    marked.sort();
    assert_eq!(marked.first().map(String::as_str), Some("alert-000001"));
    assert_eq!(marked.len(), 5);
}

#[test]
fn esc_in_the_list_clears_the_applied_filter_and_reloads() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('/'));
    type_text(&mut state, "severity:high");
    let effects = update(&mut state, key(KeyCode::Enter));
    alerts_request(&effects);
    assert!(!state.alerts.filter.is_empty());

    let effects = update(&mut state, key(KeyCode::Esc));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadPage { query, ask, .. }))) = effects.first()
    else {
        panic!("{effects:?}")
    };
    assert!(query.filter.is_empty(), "reloaded unfiltered");
    assert_eq!((ask.number, ask.bound), (0, None));
    assert!(state.alerts.filter.is_empty());
    assert_eq!(state.alerts.filter.text, "");
    // `/` then starts from an empty line.
    update(&mut state, char_key('/'));
    assert_eq!(state.filter.input.value(), "");
    update(&mut state, key(KeyCode::Esc));
    assert!(!state.filter.editing);

    // With no filter, Esc asks for nothing.
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
}

#[test]
fn esc_while_editing_the_filter_keeps_the_applied_one() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('/'));
    type_text(&mut state, "severity:high");
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, char_key('/'));
    type_text(&mut state, " bogus");
    // The first Esc leaves the editor only; the second clears the filter.
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert_eq!(state.alerts.filter.text, "severity:high");
    assert!(!update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.alerts.filter.is_empty());
}

/// Applies `text` as the filter through the `/` line and serves the first page.
fn filter_to(state: &mut State, text: &str) {
    update(state, char_key('/'));
    // The line starts from the filter in force: clear it first.
    while !state.filter.input.value().is_empty() {
        update(state, key(KeyCode::Backspace));
    }
    type_text(state, text);
    let effects = update(state, key(KeyCode::Enter));
    let request_id = alerts_request(&effects);
    update(state, alerts_page(request_id, rows(10), 10));
}

#[test]
fn esc_after_closing_an_overlay_leaves_the_filter_and_the_marks() {
    let mut state = loaded_state(10, 10);
    filter_to(&mut state, "state:open severity:high");
    for _ in 0..3 {
        update(&mut state, char_key(' '));
    }
    assert_eq!(state.alerts.list.marked.len(), 3);
    // `J`, Esc closes the journal; the second Esc asks before the marks would go.
    update(&mut state, char_key('J'));
    assert!(state.overlay.is_some());
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none());
    state.status.message = None;
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    let prompt = state.prompt.as_ref().expect("a question");
    assert!(prompt.question.contains("3 marks"), "{}", prompt.question);
    // No: all stays as it was.
    update(&mut state, char_key('n'));
    assert!(state.prompt.is_none());
    assert_eq!(state.alerts.filter.text, "state:open severity:high");
    assert_eq!(state.alerts.list.marked.len(), 3);

    // An Esc that puts a message away stops there.
    update(&mut state, char_key('J'));
    update(&mut state, key(KeyCode::Esc));
    state.status.message = None;
    update(&mut state, char_key('?'));
    update(&mut state, key(KeyCode::Esc));
    update(&mut state, char_key('V'));
    assert!(
        state.status.message.is_some(),
        "V says where the range starts"
    );
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(state.status.message.is_none());
    assert!(state.prompt.is_none());
    assert_eq!(state.alerts.filter.text, "state:open severity:high");
    assert_eq!(state.alerts.list.marked.len(), 3);

    // Yes clears the filter and the marks, and Backspace brings the filter back.
    update(&mut state, key(KeyCode::Esc));
    let effects = update(&mut state, char_key('y'));
    alerts_request(&effects);
    assert!(state.alerts.filter.is_empty());
    assert!(state.alerts.list.marked.is_empty());
    let message = &state.status.message.as_ref().unwrap().text;
    assert!(message.contains("Backspace brings it back"), "{message}");
    let effects = update(&mut state, key(KeyCode::Backspace));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadPage { query, .. }))) = effects.first() else {
        panic!("{effects:?}")
    };
    assert!(!query.filter.is_empty(), "read again with the filter");
    assert_eq!(state.alerts.filter.text, "state:open severity:high");
}

#[test]
fn the_filter_line_recalls_earlier_filters_and_backspace_swaps_back() {
    let mut state = loaded_state(10, 10);
    filter_to(&mut state, "severity:high");
    filter_to(&mut state, "state:open");
    filter_to(&mut state, "rule~exfil");
    assert_eq!(state.alerts.filter_history, ["severity:high", "state:open"]);

    // `↑` walks back from the most recent, stops at the oldest; `↓` comes back to
    // what was being typed.
    update(&mut state, char_key('/'));
    type_text(&mut state, " sev");
    update(&mut state, key(KeyCode::Up));
    assert_eq!(state.filter.input.value(), "state:open");
    update(&mut state, key(KeyCode::Up));
    assert_eq!(state.filter.input.value(), "severity:high");
    update(&mut state, key(KeyCode::Up));
    assert_eq!(state.filter.input.value(), "severity:high");
    update(&mut state, key(KeyCode::Down));
    assert_eq!(state.filter.input.value(), "state:open");
    update(&mut state, key(KeyCode::Down));
    assert_eq!(state.filter.input.value(), "rule~exfil sev");
    // Enter on a recalled filter applies it; the one it replaces joins the history.
    update(&mut state, key(KeyCode::Up));
    let effects = update(&mut state, key(KeyCode::Enter));
    alerts_request(&effects);
    assert_eq!(state.alerts.filter.text, "state:open");
    assert_eq!(state.alerts.filter_history, ["severity:high", "rule~exfil"]);

    // Backspace in the list swaps with the previous filter, as `cd -` does.
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(state.alerts.filter.text, "rule~exfil");
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(state.alerts.filter.text, "state:open");
    assert_eq!(state.filter.input.value(), "state:open");
    // The sessions list has a history of its own.
    switch_view(&mut state);
    update(&mut state, key(KeyCode::Backspace));
    let message = &state.status.message.as_ref().unwrap().text;
    assert_eq!(message, "No earlier filter in this list");
}

fn prefetch_request(effects: &[Effect]) -> Option<(u64, Vec<String>)> {
    effects.iter().find_map(|e| match e {
        Effect::Call(Call::Alerts(ListCall::ReadDetails {
            request_id,
            slot: Slot::Prefetch,
            ids,
        })) => Some((*request_id, ids.clone())),
        _ => None,
    })
}

#[test]
fn details_of_the_next_rows_are_read_ahead_so_a_move_shows_them_at_once() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('j'));
    // The selected alert's own details come in: the rows around it are read ahead.
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let load = update(&mut state, Msg::Alerts(ListMsg::DetailDue(id.clone())));
    let request_id = detail_request(&load);
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id,
            result: Ok(Box::new(detail(row(1)))),
        }),
    );
    let (request_id, ids) = prefetch_request(&effects).expect("a read ahead");
    assert_eq!(
        ids,
        [
            "alert-000000",
            "alert-000002",
            "alert-000003",
            "alert-000004"
        ]
    );
    assert!(state.is_pending(Slot::Prefetch));
    let status = screen(&state, 100, 24);
    assert!(
        !status.contains("prefetch"),
        "reading ahead is not shown: {status}"
    );
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Prefetch,
            result: Ok(details_of(&ids)),
        }),
    );
    assert!(!state.is_pending(Slot::Prefetch));
    // j: the details are on screen in the same frame, nothing waits for a timer, and
    // the row after the read-ahead ones is read ahead in turn.
    let effects = update(&mut state, char_key('j'));
    assert_eq!(state.selected_detail().unwrap().row.id, "alert-000002");
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Local(LocalEffect::ScheduleDetail { .. }))),
        "{effects:?}"
    );
    let (_, next) = prefetch_request(&effects).expect("the next read ahead");
    assert_eq!(next, ["alert-000005"]);
    assert!(screen(&state, 120, 40).contains("Detail alert-000002"));
}

#[test]
fn a_failed_read_ahead_says_nothing_and_the_rows_load_as_before() {
    let mut state = loaded_state(10, 10);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let load = update(&mut state, Msg::Alerts(ListMsg::DetailDue(id.clone())));
    let request_id = detail_request(&load);
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id,
            result: Ok(Box::new(detail(row(0)))),
        }),
    );
    let (request_id, ids) = prefetch_request(&effects).unwrap();
    assert_eq!(ids.len(), 3, "nothing above the first row: {ids:?}");
    let message = state.status.message.clone();
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Prefetch,
            result: Err(rate_limited()),
        }),
    );
    assert_eq!(state.status.message, message);
    assert!(state.alerts.detail_errors.is_empty());
    let effects = update(&mut state, char_key('j'));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Local(LocalEffect::ScheduleDetail { .. }))),
        "the row loads on its own: {effects:?}"
    );
}

#[test]
fn u_in_the_journal_asks_with_the_counts_queues_the_undo_and_reads_the_list_again() {
    let mut state = loaded_state(5, 5);
    state.journal_path = Some("/tmp/journal.jsonl".into());
    update(&mut state, char_key('J'));
    update(
        &mut state,
        Msg::JournalLoaded {
            result: Ok(journal_changes()),
        },
    );
    let entries = match &state.overlay {
        Some(Overlay::Journal(view)) => view.entries.clone(),
        other => panic!("expected the journal, got {other:?}"),
    };
    // A case created is not undone, and the status line says so; nothing is asked.
    let case_at = entries
        .iter()
        .position(|e| e.action == "create-case")
        .unwrap();
    for _ in 0..case_at {
        update(&mut state, char_key('j'));
    }
    assert!(update(&mut state, char_key('U')).is_empty());
    assert_eq!(
        state.status.message.as_ref().unwrap().kind,
        StatusKind::Error
    );
    assert!(
        state
            .status
            .message
            .as_ref()
            .unwrap()
            .text
            .contains("case created is not undone")
    );

    // The alert note at the top of the list is undone: its plan is read first.
    let note_at = entries
        .iter()
        .position(|e| e.action == "alert-note")
        .unwrap();
    update(&mut state, char_key('g'));
    for _ in 0..note_at {
        update(&mut state, char_key('j'));
    }
    let effects = update(&mut state, char_key('U'));
    let [Effect::Call(Call::PlanUndo { request_id, change })] = effects.as_slice() else {
        panic!("expected the plan to be read, got {effects:?}");
    };
    assert_eq!(change, &entries[note_at].change);
    assert!(state.is_pending(Slot::Undo));
    let plan = triage42_core::undo::UndoPlan {
        change: change.clone(),
        target: triage42_core::undo::Target::Alerts,
        described: "note of 2 alerts".into(),
        restore: vec![triage42_api::audit::ItemState {
            id: "alert-000001".into(),
            state: Some("OPEN".into()),
            note: Some("theirs".into()),
        }],
        forced: Vec::new(),
        already: Vec::new(),
        changed_since: vec!["alert-000002".into()],
        unknown: Vec::new(),
        notes_kept: Vec::new(),
    };
    update(
        &mut state,
        Msg::UndoPlanned {
            request_id: *request_id,
            result: Ok(plan.clone()),
        },
    );
    let question = state.prompt.as_ref().unwrap().question.clone();
    assert!(question.contains("1 alert goes back"), "{question}");
    assert!(
        question.contains("1 alert changed since, left alone: alert-000002"),
        "{question}"
    );
    assert!(question.ends_with("Put back 1 alert?"), "{question}");

    let effects = update(&mut state, char_key('y'));
    assert_eq!(
        effects,
        vec![Effect::Call(Call::Mutation(Mutation::Undo(Box::new(
            plan.clone()
        ))))]
    );
    assert_eq!(state.mutations_in_flight, 1, "quitting now asks first");
    let effects = update(
        &mut state,
        Msg::UndoDone {
            plan: Box::new(plan),
            done: triage42_core::undo::UndoDone {
                done: 1,
                failed: Vec::new(),
            },
        },
    );
    assert_eq!(state.mutations_in_flight, 0);
    assert!(
        state
            .status
            .message
            .as_ref()
            .unwrap()
            .text
            .starts_with("1 alert put back by undo")
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::Alerts(ListCall::LoadPage { .. })))),
        "the list is read again: {effects:?}"
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Local(LocalEffect::ReadJournal { .. }))),
        "and the journal on screen: {effects:?}"
    );

    // Read-only: undo is not offered.
    state.read_only = true;
    assert!(update(&mut state, char_key('U')).is_empty());
    assert!(state.prompt.is_none());
}

#[test]
fn small_things_a_new_analyst_trips_over() {
    // `*` on 200 loaded of 500 says the rest are not marked; `u` says the marks went.
    let mut state = loaded_state(200, 500);
    update(&mut state, char_key('*'));
    let message = state.status.message.as_ref().unwrap().text.clone();
    assert!(message.contains("the 200 loaded of 500"), "{message}");
    update(&mut state, char_key('u'));
    assert!(state.alerts.list.marked.is_empty());
    assert_eq!(
        state.status.message.as_ref().unwrap().text,
        "Cleared 200 marks"
    );

    // F1 opens the help, and closes it.
    update(&mut state, key(KeyCode::F(1)));
    assert!(matches!(state.overlay, Some(Overlay::Help(_))));
    update(&mut state, key(KeyCode::F(1)));
    assert!(state.overlay.is_none());

    // A filter longer than the top line ends in `…`.
    update(&mut state, char_key('/'));
    let long = "rule~exfil actor~someone.with.a.long.name@example.com severity:high,critical state:open,pending";
    type_text(&mut state, long);
    update(&mut state, key(KeyCode::Enter));
    let top = screen(&state, 80, 24).lines().next().unwrap().to_string();
    assert!(top.contains("filter: rule~exfil"), "{top}");
    assert!(top.trim_end().ends_with("…\""), "{top}");
}
