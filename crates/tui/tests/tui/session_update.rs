//! The reducer's sessions flows: switching views, the filter line with the sessions
//! vocabulary, marks, state changes with a note and their results, notes, cases,
//! export and copy.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42_tui::action::Action;
use triage42_tui::effect::{Call, Effect, ListCall, ListMutation, LocalEffect, Mutation};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{
    CallError, CaseSource, ConfirmKind, Overlay, Pane, SessionStateView, Slot, State, StatusKind,
    View,
};
use triage42_tui::update::update;

use crate::support::*;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

fn mutations(effects: &[Effect]) -> Vec<Mutation> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call(Call::Mutation(m)) => Some(m.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn v_switches_to_sessions_and_back_loading_each_list_once() {
    let mut state = loaded_state(50, 500);
    state.focus = Pane::Detail;
    let effects = switch_view(&mut state);
    assert_eq!(state.view, View::Sessions);
    assert_eq!(state.focus, Pane::Alerts, "the list has the focus");
    let [Effect::Call(Call::Sessions(ListCall::LoadPage { query, ask, .. }))] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(ask.number, 0);
    assert_eq!(ask.size, 50, "the service's largest page");
    assert!(query.filter.text.is_empty());
    assert!(state.is_pending(Slot::List(View::Sessions)));
    let request_id = sessions_request(&effects);
    let effects = update(&mut state, sessions_page(request_id, session_rows(50), 130));
    assert_eq!(state.sessions.list.rows.len(), 50);
    assert_eq!(state.sessions.list.total, 130);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Local(LocalEffect::ScheduleDetail { id, .. })] if id == "session-000000"
    ));
    // Back to the alerts: nothing to load, they are where they were.
    let effects = switch_view(&mut state);
    assert_eq!(state.view, View::Alerts);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::Alerts(ListCall::LoadPage { .. })))),
        "{effects:?}"
    );
    assert_eq!(state.alerts.list.rows.len(), 50);
    // And to the sessions again: loaded already.
    let effects = switch_view(&mut state);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::Sessions(ListCall::LoadPage { .. })))),
        "{effects:?}"
    );
}

#[test]
fn a_session_result_for_an_older_request_is_dropped() {
    let mut state = loaded_state(5, 5);
    let first = sessions_request(&switch_view(&mut state));
    let second = sessions_request(&update(&mut state, char_key('R')));
    update(&mut state, sessions_page(first, session_rows(3), 3));
    assert!(state.sessions.list.rows.is_empty());
    update(&mut state, sessions_page(second, session_rows(2), 2));
    assert_eq!(state.sessions.list.rows.len(), 2);
}

#[test]
fn moving_near_the_end_loads_the_next_page() {
    let mut state = sessions_state(50, 130);
    let mut loads = Vec::new();
    for _ in 0..30 {
        for effect in update(&mut state, char_key('j')) {
            if let Effect::Call(Call::Sessions(ListCall::LoadPage { ask, .. })) = effect {
                loads.push(ask);
            }
        }
    }
    let [ask] = loads.as_slice() else {
        panic!("once: {loads:?}")
    };
    // A window over the end of the rows held, so it is placed on them.
    assert!(
        ask.offset() < 50 && ask.offset() + u64::from(ask.size) > 50,
        "{ask:?}"
    );
}

#[test]
fn the_filter_line_speaks_the_sessions_vocabulary() {
    let mut state = sessions_state(10, 10);
    update(&mut state, char_key('/'));
    type_text(&mut state, "state:open colour:red");
    let error = state.filter.error.clone().expect("an error as typed");
    assert!(error.message.contains("unknown field"), "{error:?}");
    assert_eq!(&"state:open colour:red"[error.span.clone()], "colour:red");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert!(state.filter.editing, "the line stays open to fix it");
    for _ in 0.."colour:red".len() {
        update(&mut state, key(KeyCode::Backspace));
    }
    type_text(&mut state, "severity:high,critical since:7d");
    assert_eq!(state.filter.error, None);
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. }))] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        query.filter.text,
        "state:open severity:high,critical since:7d"
    );
    assert_eq!(query.filter.at, Some(now()));
    assert_eq!(state.sessions.filter.text, query.filter.text);
    // The alerts keep their own filter.
    assert!(state.alerts.filter.text.is_empty());
    let screen = screen(&state, 80, 24);
    assert!(
        screen.contains("filter: state:open severity:high,critical since:7d"),
        "{screen}"
    );
    // An alerts-only term is refused here.
    update(&mut state, char_key('/'));
    type_text(&mut state, " rule~Departing");
    assert!(state.filter.error.is_some());
    update(&mut state, key(KeyCode::Esc));
    // Esc in the list clears the filter in force.
    let effects = update(&mut state, key(KeyCode::Esc));
    assert!(state.sessions.filter.text.is_empty());
    assert!(matches!(
        effects.as_slice(),
        [Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. }))] if query.filter.text.is_empty()
    ));
}

#[test]
fn s_sorts_by_score_and_end_time_and_shift_s_flips() {
    let mut state = sessions_state(10, 10);
    let effects = update(&mut state, char_key('s'));
    let [Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. }))] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert!(query.sort.by_score && query.sort.descending);
    let effects = update(&mut state, char_key('S'));
    let [Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. }))] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert!(query.sort.by_score && !query.sort.descending);
}

#[test]
fn closing_marked_sessions_with_a_note_asks_then_sends_and_applies_the_result() {
    let mut state = sessions_state(10, 10);
    with_session_detail(&mut state);
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    assert_eq!(state.sessions.list.marked.len(), 2);
    assert!(update(&mut state, char_key('r')).is_empty());
    type_text(&mut state, "Approved transfer");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(
        confirm.question,
        "Close 2 sessions and add the note \"Approved transfer\"?"
    );
    assert!(matches!(
        &confirm.kind,
        ConfirmKind::StateChange {
            view: View::Sessions,
            action: Action::Resolve,
            ..
        }
    ));
    // `n` goes back to the note as typed; Enter comes back here.
    update(&mut state, char_key('n'));
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(editor.input.value(), "Approved transfer");
    update(&mut state, key(KeyCode::Enter));
    let effects = update(&mut state, char_key('y'));
    assert!(state.overlay.is_none());
    let sent = mutations(&effects);
    let [
        Mutation::Sessions(ListMutation::UpdateStates {
            operation,
            ids,
            state: to,
            note,
        }),
    ] = sent.as_slice()
    else {
        panic!("{sent:?}")
    };
    assert_eq!(
        ids,
        &vec!["session-000000".to_string(), "session-000001".into()]
    );
    assert_eq!(to, &SessionStateView::Closed);
    assert_eq!(note.as_deref(), Some("Approved transfer"));
    assert_eq!(state.mutations_in_flight, 1);
    let notes_before = state.sessions.details["session-000000"].notes.len();
    update(
        &mut state,
        Msg::Sessions(ListMsg::StatesUpdated {
            operation: *operation,
            ids: ids.clone(),
            completed: ids.clone(),
            state: SessionStateView::Closed,
            result: Ok(()),
        }),
    );
    assert_eq!(state.mutations_in_flight, 0);
    assert!(state.sessions.list.marked.is_empty());
    assert_eq!(state.sessions.list.rows[0].state, SessionStateView::Closed);
    assert_eq!(state.sessions.list.rows[1].state, SessionStateView::Closed);
    let detail = &state.sessions.details["session-000000"];
    assert_eq!(detail.row.state, SessionStateView::Closed);
    assert_eq!(detail.notes.len(), notes_before + 1, "notes accumulate");
    assert_eq!(detail.notes.last().unwrap().content, "Approved transfer");
    assert_eq!(
        detail.states.last().unwrap().state,
        SessionStateView::Closed
    );
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.text, "Close: done for 2 sessions");
}

#[test]
fn a_close_that_fails_after_some_notes_went_in_retries_only_the_others() {
    let mut state = sessions_state(10, 10);
    with_session_detail(&mut state);
    for _ in 0..3 {
        update(&mut state, char_key(' '));
    }
    update(&mut state, char_key('r'));
    type_text(&mut state, "Approved transfer");
    update(&mut state, key(KeyCode::Enter));
    let sent = mutations(&update(&mut state, char_key('y')));
    let [Mutation::Sessions(ListMutation::UpdateStates { operation, ids, .. })] = sent.as_slice()
    else {
        panic!("{sent:?}")
    };
    assert_eq!(ids.len(), 3);
    let notes_before = state.sessions.details["session-000000"].notes.len();
    // The states were set and the first session got its note; the second note failed.
    update(
        &mut state,
        Msg::Sessions(ListMsg::StatesUpdated {
            operation: *operation,
            ids: ids.clone(),
            completed: vec!["session-000000".into()],
            state: SessionStateView::Closed,
            result: Err(CallError::new(
                "could not reach the server: connection reset",
            )),
        }),
    );
    let marked = &state.sessions.list.marked;
    assert!(
        !marked.contains("session-000000"),
        "done: not to be sent again"
    );
    assert!(marked.contains("session-000001") && marked.contains("session-000002"));
    assert_eq!(state.sessions.list.rows[0].state, SessionStateView::Closed);
    let detail = &state.sessions.details["session-000000"];
    assert_eq!(detail.notes.len(), notes_before + 1);
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error);
    assert!(message.text.contains("session-000001"), "{message:?}");
    assert!(!message.text.contains("session-000000"), "{message:?}");
    // A retry sends the two that failed, and only them.
    update(&mut state, char_key('r'));
    type_text(&mut state, "Approved transfer");
    update(&mut state, key(KeyCode::Enter));
    let sent = mutations(&update(&mut state, char_key('y')));
    let [Mutation::Sessions(ListMutation::UpdateStates { ids, .. })] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(
        ids,
        &vec!["session-000001".to_string(), "session-000002".into()]
    );
}

#[test]
fn a_failed_close_keeps_the_sessions_marked_and_says_why() {
    let mut state = sessions_state(10, 10);
    update(&mut state, char_key('t'));
    update(&mut state, key(KeyCode::Enter));
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!()
    };
    assert_eq!(
        confirm.question,
        "Close as true positive 1 session without a note?"
    );
    let sent = mutations(&update(&mut state, char_key('y')));
    let [
        Mutation::Sessions(ListMutation::UpdateStates {
            operation,
            ids,
            state: to,
            note,
        }),
    ] = sent.as_slice()
    else {
        panic!("{sent:?}")
    };
    assert_eq!(to, &SessionStateView::ClosedTruePositive);
    assert_eq!(note, &None);
    update(
        &mut state,
        Msg::Sessions(ListMsg::StatesUpdated {
            operation: *operation,
            ids: ids.clone(),
            completed: Vec::new(),
            state: to.clone(),
            result: Err(CallError::new(
                "the server refused the request (400): invalid transition",
            )),
        }),
    );
    assert!(state.sessions.list.marked.contains("session-000000"));
    assert_eq!(state.sessions.list.rows[0].state, SessionStateView::Open);
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error);
    assert!(message.text.contains("invalid transition"), "{message:?}");
    assert!(message.text.contains("session-000000"), "{message:?}");
}

#[test]
fn every_state_key_maps_to_its_session_state_and_p_explains() {
    for (c, expected) in [
        ('r', SessionStateView::Closed),
        ('t', SessionStateView::ClosedTruePositive),
        ('f', SessionStateView::ClosedFalsePositive),
        ('b', SessionStateView::ClosedBenign),
        ('o', SessionStateView::Open),
        ('i', SessionStateView::InProgress),
    ] {
        let mut state = sessions_state(3, 3);
        update(&mut state, char_key(c));
        update(&mut state, key(KeyCode::Enter));
        let sent = mutations(&update(&mut state, char_key('y')));
        assert!(
            matches!(sent.as_slice(), [Mutation::Sessions(ListMutation::UpdateStates { state, .. })] if *state == expected),
            "{c}: {sent:?}"
        );
    }
    let mut state = sessions_state(3, 3);
    assert!(update(&mut state, char_key('p')).is_empty());
    assert!(state.overlay.is_none());
    assert!(
        state
            .status
            .message
            .clone()
            .unwrap()
            .text
            .contains("no pending")
    );
    // In the alerts view the sessions' keys say where they work.
    let mut state = loaded_state(3, 3);
    assert!(update(&mut state, char_key('t')).is_empty());
    assert!(state.overlay.is_none());
    assert!(
        state
            .status
            .message
            .clone()
            .unwrap()
            .text
            .contains("for sessions")
    );
}

#[test]
fn more_than_100_marked_sessions_go_in_calls_of_100() {
    let mut state = sessions_state(50, 250);
    for page in 1..5u32 {
        let rows = (page as usize * 50..page as usize * 50 + 50).map(session_row);
        state.sessions.list.push_rows(rows);
    }
    state.sessions.list.complete = true;
    update(&mut state, char_key('*'));
    assert_eq!(state.sessions.list.marked.len(), 250);
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    let sent = mutations(&update(&mut state, char_key('y')));
    let sizes: Vec<usize> = sent
        .iter()
        .map(|m| match m {
            Mutation::Sessions(ListMutation::UpdateStates { ids, .. }) => ids.len(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sizes, vec![100, 100, 50]);
    assert_eq!(state.mutations_in_flight, 3);
}

#[test]
fn n_adds_a_note_beside_the_others() {
    let mut state = sessions_state(3, 3);
    with_session_detail(&mut state);
    assert!(update(&mut state, char_key('n')).is_empty());
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(editor.input.value(), "", "a new note, not the last one");
    // Enter on nothing says so.
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    type_text(&mut state, "Called the user");
    let sent = mutations(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(
        sent,
        vec![Mutation::Sessions(ListMutation::SaveNote {
            id: "session-000000".into(),
            note: "Called the user".into()
        })]
    );
    update(
        &mut state,
        Msg::Sessions(ListMsg::NoteSaved {
            id: "session-000000".into(),
            note: "Called the user".into(),
            result: Ok(()),
        }),
    );
    assert!(state.overlay.is_none());
    let notes = &state.sessions.details["session-000000"].notes;
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[2].content, "Called the user");
}

#[test]
fn a_case_from_a_session_holds_the_sessions_file_events() {
    let mut state = sessions_state(3, 3);
    update(&mut state, char_key('c'));
    assert!(state.overlay.is_none(), "not before the events are in");
    with_session_detail(&mut state);
    update(&mut state, char_key('c'));
    let Some(Overlay::CaseForm(form)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    let CaseSource::Session { id, event_ids } = &form.source else {
        panic!("{:?}", form.source)
    };
    assert_eq!(id, "session-000000");
    assert_eq!(event_ids.len(), 4);
    assert_eq!(
        form.fields[0].value(),
        "Departing employee exfiltration: bob@example.com"
    );
    let ctrl_s = Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let sent = mutations(&update(&mut state, ctrl_s));
    let [Mutation::CreateCase { form, event_ids }] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert_eq!(form.subject, "bob@example.com");
    assert_eq!(
        event_ids,
        // In the order the events happened (the fixture lists them newest first).
        &(0..4)
            .rev()
            .map(|i| format!("sevt-{i:04}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn export_and_copy_take_the_sessions() {
    let mut state = sessions_state(10, 10);
    update(&mut state, char_key('e'));
    let Some(Overlay::Export(prompt)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert!(prompt.input.value().starts_with("triage42-sessions-"));
    let effects = update(&mut state, key(KeyCode::Enter));
    let [Effect::Local(LocalEffect::WriteExport { rows, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(rows.len(), 10);
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Ok("/tmp/x.csv".into()),
        },
    );
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "Exported 10 sessions to /tmp/x.csv"
    );
    // Not every page loaded: the rest are fetched first.
    let mut state = sessions_state(50, 130);
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(effects.as_slice(), [Effect::Call(Call::Sessions(ListCall::FetchAndExport(fetch)))] if fetch.rows.len() == 50),
        "{effects:?}"
    );
    update(
        &mut state,
        Msg::Exported {
            count: 130,
            result: Ok("/tmp/y.csv".into()),
        },
    );
    // `y` copies the session's id.
    let effects = update(&mut state, char_key('y'));
    assert_eq!(
        effects,
        vec![Effect::Local(LocalEffect::CopyToClipboard {
            text: "session-000000".into()
        })]
    );
}

#[test]
fn read_only_removes_the_session_changes() {
    let mut state = sessions_state(3, 3);
    state.read_only = true;
    for c in ['r', 't', 'f', 'b', 'o', 'i', 'n', 'c'] {
        assert!(update(&mut state, char_key(c)).is_empty(), "{c}");
        assert!(state.overlay.is_none(), "{c}");
    }
}

#[test]
fn sighup_mid_session_bulk_reports_the_sessions_changed_and_not_sent() {
    let mut state = sessions_state(50, 250);
    for page in 1..5u32 {
        let rows = (page as usize * 50..page as usize * 50 + 50).map(session_row);
        state.sessions.list.push_rows(rows);
    }
    update(&mut state, char_key('*'));
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    let sent = mutations(&update(&mut state, char_key('y')));
    assert_eq!(sent.len(), 3);
    let answer = |state: &mut State, mutation: &Mutation| {
        let Mutation::Sessions(ListMutation::UpdateStates { operation, ids, .. }) = mutation else {
            panic!("{mutation:?}")
        };
        update(
            state,
            Msg::Sessions(ListMsg::StatesUpdated {
                operation: *operation,
                ids: ids.clone(),
                completed: ids.clone(),
                state: SessionStateView::Closed,
                result: Ok(()),
            }),
        )
    };
    answer(&mut state, &sent[0]);
    let effects = update(&mut state, Msg::Terminate("SIGHUP".into()));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::DropQueuedMutations { .. }))),
        "{effects:?}"
    );
    // The second chunk is in flight; the third was queued and is dropped unsent.
    update(
        &mut state,
        Msg::MutationsDropped {
            dropped: vec![sent[2].clone()],
            journaled: Ok(()),
        },
    );
    assert!(!state.quit);
    let effects = answer(&mut state, &sent[1]);
    assert_eq!(effects, vec![Effect::Local(LocalEffect::Quit)]);
    assert_eq!(
        triage42_tui::update::exit_report(&state),
        ["Close: 200 of 250 sessions changed; 50 not sent (see `triage42 journal`)"]
    );
    assert_eq!(
        state.sessions.list.marked.len(),
        50,
        "the ones not sent stay marked"
    );
}

#[test]
fn hostile_session_text_never_reaches_the_terminal() {
    let mut state = sessions_state(3, 3);
    let mut row = state.sessions.list.selected_row().unwrap().clone();
    row.actor = "\u{1b}[2Jmallory\u{202e}".into();
    let mut detail = session_detail(row.clone());
    detail.context_summary = Some("ok\u{1b}]52;c;ZXZpbA==\u{7} then \u{9b}31m".into());
    detail.notes[0].content = "line\u{1b}[31m red\nnext \u{200f}line".into();
    detail.triggered_alerts[0].rule_name = Some("Rule\u{1b}[H".into());
    detail.states[1].by = Some("user\u{1b}[K".into());
    let mut events = session_events();
    events[0].file_name = Some("evil\u{1b}[2J.txt".into());
    events[1].directory = Some("/tmp/\u{202e}gpj.exe/".into());
    events[2].unreadable = Some("not an object \u{1b}[31m".into());
    let effects = update(
        &mut state,
        Msg::Sessions(ListMsg::DetailDue(row.id.clone())),
    );
    for effect in effects {
        match effect {
            Effect::Call(Call::Sessions(ListCall::LoadDetail { request_id, id })) => {
                update(
                    &mut state,
                    Msg::Sessions(ListMsg::DetailLoaded {
                        request_id,
                        id,
                        result: Ok(Box::new(detail.clone())),
                    }),
                );
            }
            Effect::Call(Call::LoadSessionEvents {
                request_id,
                session_id,
            }) => {
                update(
                    &mut state,
                    Msg::SessionEventsLoaded {
                        request_id,
                        session_id,
                        result: Ok((events.clone(), 4)),
                    },
                );
            }
            other => panic!("{other:?}"),
        }
    }
    for focus in [Pane::Alerts, Pane::Detail, Pane::Files] {
        state.focus = focus;
        for zoomed in [false, true] {
            state.zoomed = zoomed;
            for (width, height) in [(80, 24), (120, 40)] {
                let screen = screen(&state, width, height);
                for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200f}'] {
                    assert!(!screen.contains(bad), "{bad:?} in\n{screen}");
                }
            }
        }
    }
    state.focus = Pane::Detail;
    state.zoomed = true;
    for _ in 0..14 {
        update(&mut state, char_key('j'));
    }
    let screen = screen(&state, 120, 40);
    assert!(screen.contains("next"), "{screen}");
}
