//! Watch mode in the reducer: timers, the background read, how a fresh first page is
//! merged into the loaded list, and back-off on failures.

use std::time::Duration;

use triage42_tui::effect::{Call, Effect, ListCall, LocalEffect};
use triage42_tui::msg::Msg;
use triage42_tui::state::{AlertRow, AlertStateView, CallError, Slot, State, StatusKind, View};
use triage42_tui::update::{update, watch_backoff};

use crate::support::*;

/// The generation and delay of the one watch timer among `effects`.
fn watch_timer(effects: &[Effect]) -> Option<(u64, Duration)> {
    effects.iter().find_map(|e| match e {
        Effect::Local(LocalEffect::ScheduleWatch { generation, delay }) => {
            Some((*generation, *delay))
        }
        _ => None,
    })
}

fn watch_request(effects: &[Effect]) -> Option<u64> {
    effects.iter().find_map(|e| match e {
        Effect::Call(Call::WatchAlerts { request_id, .. }) => Some(*request_id),
        _ => None,
    })
}

/// Switches watch on and lets its first timer run out: the request id of the read.
fn start_watch(state: &mut State) -> u64 {
    let effects = update(state, char_key('w'));
    let (generation, delay) = watch_timer(&effects).expect("a timer");
    assert_eq!(
        delay,
        Duration::ZERO,
        "switching watch on reads the list now"
    );
    watch_request(&update(state, Msg::WatchDue(generation))).expect("a watch read")
}

fn fresh(index: usize) -> AlertRow {
    let mut row = row(index);
    row.id = format!("fresh-{index}");
    row
}

#[test]
fn new_alerts_are_merged_above_while_the_selection_and_marks_stay_on_their_alerts() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, key(crossterm::event::KeyCode::Char(' ')));
    let selected = state.alerts.list.selected_row().unwrap().id.clone();
    let marked = state.alerts.list.marked.clone();
    assert_eq!(marked.len(), 1);
    let request_id = start_watch(&mut state);
    assert!(state.is_pending(Slot::Watch));
    // Two alerts raised since; one alert resolved by someone else.
    let mut page = vec![fresh(1), fresh(2)];
    page.extend(rows(10));
    page[5].state = AlertStateView::Resolved;
    let effects = update(
        &mut state,
        Msg::WatchLoaded {
            request_id,
            result: Ok((page, 12)),
        },
    );
    assert_eq!(state.alerts.list.rows.len(), 12);
    assert_eq!(state.alerts.list.total, 12);
    assert_eq!(
        state.alerts.list.selected_row().unwrap().id,
        selected,
        "the selection stays on its alert"
    );
    assert_eq!(state.alerts.list.selected, 5);
    assert_eq!(state.alerts.list.marked, marked);
    assert_eq!(state.alerts.list.rows[5].state, AlertStateView::Resolved);
    assert_eq!(state.watch.new_ids.len(), 2);
    assert!(state.watch.new_ids.contains("fresh-1"));
    assert_eq!(state.watch.last_checked, Some(now()));
    let message = state.status.message.as_ref().unwrap();
    assert_eq!(message.text, "2 new alerts");
    let (_, delay) = watch_timer(&effects).expect("the next read is armed");
    assert_eq!(delay, state.watch.interval);

    // Moving onto a new alert is seeing it; the message goes, the title counts on.
    update(&mut state, key(crossterm::event::KeyCode::Home));
    assert!(!state.watch.new_ids.contains("fresh-1"));
    assert!(state.watch.new_ids.contains("fresh-2"));
    assert!(state.status.message.is_none(), "{:?}", state.status.message);
    assert!(screen(&state, 120, 40).contains("· 1 new"));
    update(&mut state, char_key('j'));
    assert!(state.watch.new_ids.is_empty());
}

#[test]
fn an_unchanged_page_changes_nothing_but_the_time_it_was_checked() {
    let mut state = loaded_state(10, 10);
    let request_id = start_watch(&mut state);
    // A background read turns no spinner: the loop has nothing to animate.
    assert!(state.is_pending(Slot::Watch));
    assert!(!state.has_pending());
    let rows_before = state.alerts.list.rows.clone();
    let message_before = state.status.message.clone();
    let screen_before = screen(&state, 80, 24);
    update(
        &mut state,
        Msg::WatchLoaded {
            request_id,
            result: Ok((rows(10), 10)),
        },
    );
    assert_eq!(state.alerts.list.rows, rows_before);
    assert_eq!(state.status.message, message_before);
    assert!(state.watch.new_ids.is_empty());
    assert_eq!(state.watch.last_checked, Some(now()));
    assert_eq!(state.watch.last_change, None);
    assert_eq!(screen(&state, 80, 24), screen_before, "the same picture");
}

#[test]
fn rows_beyond_the_first_page_are_kept_and_a_later_page_adds_no_duplicates() {
    // 3 of 9 alerts per page, two pages loaded.
    let mut state = loaded_state(3, 9);
    let effects = update(&mut state, key(crossterm::event::KeyCode::End));
    let request_id = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadPage { request_id, .. })) => Some(*request_id),
            _ => None,
        })
        .expect("the second page");
    let second: Vec<AlertRow> = (3..6).map(row).collect();
    update(&mut state, alerts_page(request_id, second, 9));
    assert_eq!(state.alerts.list.rows.len(), 6);
    let request_id = start_watch(&mut state);
    update(
        &mut state,
        Msg::WatchLoaded {
            request_id,
            result: Ok((vec![fresh(1), row(0), row(1)], 10)),
        },
    );
    let ids: Vec<&str> = state
        .alerts
        .list
        .rows
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "fresh-1",
            "alert-000000",
            "alert-000001",
            "alert-000002",
            "alert-000003",
            "alert-000004",
            "alert-000005"
        ]
    );
    // The third page, counted from the server's new order, starts with a row held.
    let effects = update(&mut state, key(crossterm::event::KeyCode::End));
    let request_id = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadPage { request_id, .. })) => Some(*request_id),
            _ => None,
        })
        .expect("the third page");
    update(
        &mut state,
        alerts_page(request_id, (5..8).map(row).collect(), 10),
    );
    let ids: Vec<&str> = state
        .alerts
        .list
        .rows
        .iter()
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(ids.len(), 9, "alert-000005 once: {ids:?}");
    assert_eq!(ids.last(), Some(&"alert-000007"));
}

#[test]
fn failures_back_off_and_a_success_resets_the_interval() {
    let mut state = loaded_state(5, 5);
    let interval = state.watch.interval;
    let mut request_id = start_watch(&mut state);
    for failures in 1..=3u32 {
        let effects = update(
            &mut state,
            Msg::WatchLoaded {
                request_id,
                result: Err(CallError {
                    message: "rate limited (429)".into(),
                    rate_limited: true,
                }),
            },
        );
        let (generation, delay) = watch_timer(&effects).unwrap();
        assert_eq!(delay, interval * 2u32.pow(failures));
        assert_eq!(state.watch.failures, failures);
        let screen = screen(&state, 100, 24);
        assert!(
            screen.contains("watch failed (rate limited (429))"),
            "{screen}"
        );
        request_id = watch_request(&update(&mut state, Msg::WatchDue(generation))).unwrap();
    }
    let effects = update(
        &mut state,
        Msg::WatchLoaded {
            request_id,
            result: Ok((rows(5), 5)),
        },
    );
    assert_eq!(watch_timer(&effects).unwrap().1, interval);
    assert_eq!(state.watch.failures, 0);
    assert!(state.watch.last_error.is_none());
    assert_eq!(watch_backoff(interval, 40), Duration::from_secs(600));
    assert_eq!(
        watch_backoff(Duration::from_secs(900), 3),
        Duration::from_secs(900),
        "the cap never shortens a long interval"
    );
}

#[test]
fn switching_off_cancels_the_read_and_a_timer_armed_before_is_ignored() {
    let mut state = loaded_state(5, 5);
    let effects = update(&mut state, char_key('w'));
    let (old_generation, _) = watch_timer(&effects).unwrap();
    let effects = update(&mut state, char_key('w'));
    assert!(!state.watch.on);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::Cancel(Slot::Watch))))
    );
    assert_eq!(
        state.status.message.as_ref().unwrap().kind,
        StatusKind::Info
    );
    assert!(update(&mut state, Msg::WatchDue(old_generation)).is_empty());
    // On again: the old timer still does nothing, the new one reads.
    let effects = update(&mut state, char_key('w'));
    let (generation, _) = watch_timer(&effects).unwrap();
    assert!(update(&mut state, Msg::WatchDue(old_generation)).is_empty());
    assert!(watch_request(&update(&mut state, Msg::WatchDue(generation))).is_some());
}

#[test]
fn a_read_is_not_started_while_the_list_itself_is_loading() {
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('s'));
    assert!(state.is_pending(Slot::List(View::Alerts)));
    let effects = update(&mut state, char_key('w'));
    let (generation, _) = watch_timer(&effects).unwrap();
    let effects = update(&mut state, Msg::WatchDue(generation));
    assert!(watch_request(&effects).is_none());
    assert_eq!(
        watch_timer(&effects).map(|(_, d)| d),
        Some(state.watch.interval)
    );
}

#[test]
fn in_the_sessions_view_watch_says_it_follows_the_alert_list() {
    let mut state = sessions_state(5, 5);
    let effects = update(&mut state, char_key('w'));
    assert!(watch_timer(&effects).is_some(), "{effects:?}");
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "Watch on: the alert list is read every 1 min (sessions: R reloads)"
    );
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key('w'));
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "Watch on: the list is read every 1 min"
    );
}
