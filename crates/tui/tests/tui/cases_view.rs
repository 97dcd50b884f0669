//! The cases view: its list, a case's details and file events, closing with findings,
//! the findings editor and the assignee, `:case N`, and its screens at 80x24 and
//! 120x40.

use crossterm::event::KeyCode;
use triage42_tui::effect::{Call, Effect, ListCall, ListMutation, Mutation};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{
    CaseKind, CaseStatusView, ListKind, NoteCheck, Overlay, Slot, State, View,
};
use triage42_tui::update::{show_view, update};

use crate::support::*;

fn snapshot_both(name: &str, state: &State) {
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = render(state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

/// The one read of the cases list among `effects`.
fn cases_request(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Cases(ListCall::LoadPage { request_id, .. })) => Some(*request_id),
            _ => None,
        })
        .expect("a read of the cases list")
}

/// Feeds the details and events the effects ask for, as the tenant would answer.
fn answer_reads(state: &mut State, effects: Vec<Effect>) {
    for effect in effects {
        match effect {
            Effect::Call(Call::Cases(ListCall::LoadDetail { request_id, id })) => {
                let index: usize = id.parse().unwrap();
                update(
                    state,
                    Msg::Cases(ListMsg::DetailLoaded {
                        request_id,
                        id,
                        result: Ok(Box::new(case_detail(case_row(index - 1)))),
                    }),
                );
            }
            Effect::Call(Call::LoadCaseEvents {
                request_id,
                case_id,
            }) => {
                update(
                    state,
                    Msg::CaseEventsLoaded {
                        request_id,
                        case_id,
                        result: Ok(case_events()),
                    },
                );
            }
            _ => {}
        }
    }
}

/// The cases view with 12 cases, newest first, the first selected with its details.
fn loaded() -> State {
    let mut state = loaded_state(50, 500);
    let effects = show_view(&mut state, View::Cases);
    let request_id = cases_request(&effects);
    let mut rows = case_rows(12);
    rows.reverse();
    update(&mut state, cases_page(request_id, rows, 12));
    let id = state.cases.list.selected_row().unwrap().id.clone();
    let effects = update(&mut state, Msg::Cases(ListMsg::DetailDue(id)));
    answer_reads(&mut state, effects);
    state
}

#[test]
fn the_cases_list_moves_and_reads_the_case_it_rests_on() {
    let mut state = loaded();
    assert_eq!(state.view, View::Cases);
    assert_eq!(state.cases.list.selected_row().unwrap().id, "12");
    assert!(state.selected_case_events().is_some());
    update(&mut state, char_key('j'));
    assert_eq!(state.cases.list.selected_row().unwrap().id, "11");
    let effects = update(&mut state, Msg::Cases(ListMsg::DetailDue("11".into())));
    answer_reads(&mut state, effects);
    assert!(state.cases.details.contains_key("11"));
    assert_eq!(state.selected_case_events().unwrap().len(), 4);
    snapshot_both("cases_list_detail", &state);
}

/// The read of current findings (`Slot::Notes`) among `effects`: its request id and ids.
fn findings_read(effects: &[Effect]) -> (u64, Vec<String>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Cases(ListCall::ReadDetails {
                request_id,
                slot: Slot::Notes,
                ids,
            })) => Some((*request_id, ids.clone())),
            _ => None,
        })
        .expect("a read of the current findings")
}

#[test]
fn closing_a_case_reads_its_findings_first_and_replaces_them() {
    let mut state = loaded();
    // The third case from the top (number 10) is open, and has no findings.
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    assert_eq!(state.cases.list.selected_row().unwrap().id, "10");
    update(&mut state, char_key('j'));
    // Number 9 is closed: it has findings the change would replace.
    let effects = update(&mut state, Msg::Cases(ListMsg::DetailDue("9".into())));
    answer_reads(&mut state, effects);
    update(&mut state, char_key('o'));
    for c in "Reopened: a second device".chars() {
        update(&mut state, char_key(c));
    }
    snapshot_both("cases_findings_for_reopen", &state);
    let effects = update(&mut state, key(KeyCode::Enter));
    let (request_id, ids) = findings_read(&effects);
    assert_eq!(ids, vec!["9".to_string()]);
    // Not before the findings are known.
    update(&mut state, char_key('y'));
    assert!(matches!(state.overlay, Some(Overlay::Confirm(_))));
    update(
        &mut state,
        Msg::Cases(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(vec![case_detail(case_row(8))]),
        }),
    );
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(
        confirm.question,
        "Reopen 1 case with findings \"Reopened: a second device\"?"
    );
    assert_eq!(
        confirm.kind,
        triage42_tui::state::ConfirmKind::StateChange {
            view: View::Cases,
            ids: vec!["9".into()],
            action: triage42_tui::action::Action::Reopen,
            note: Some("Reopened: a second device".into()),
            notes: NoteCheck::Known {
                with_note: 1,
                unknown: 0
            },
        }
    );
    snapshot_both("cases_confirm_reopen", &state);
    let effects = update(&mut state, char_key('y'));
    let (operation, ids) = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Mutation(Mutation::Cases(ListMutation::UpdateStates {
                operation,
                ids,
                state: CaseStatusView::Open,
                note: Some(note),
            }))) if note == "Reopened: a second device" => Some((*operation, ids.clone())),
            _ => None,
        })
        .expect("the reopening, with its findings");
    update(
        &mut state,
        Msg::Cases(ListMsg::StatesUpdated {
            operation,
            completed: ids.clone(),
            ids,
            state: CaseStatusView::Open,
            result: Ok(()),
        }),
    );
    let row = state.cases.list.row("9").unwrap();
    assert_eq!(row.status, CaseStatusView::Open);
    // The row says the case changed now, as its details do, until it is read again.
    assert_ne!(case_row(8).updated, Some(state.now));
    assert_eq!(row.updated, Some(state.now));
    let detail = &state.cases.details["9"];
    assert_eq!(detail.row.updated, Some(state.now));
    assert_eq!(
        detail.findings.as_deref(),
        Some("Reopened: a second device")
    );
    // A pending state is not a case's.
    update(&mut state, char_key('p'));
    assert!(state.overlay.is_none());
    let message = state.status.message.clone().unwrap().text;
    assert!(message.contains("open or closed"), "{message}");
}

#[test]
fn findings_take_thirty_thousand_characters_and_not_one_more() {
    let mut state = loaded();
    let effects = update(&mut state, char_key('n'));
    let (request_id, _) = findings_read(&effects);
    update(
        &mut state,
        Msg::Cases(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(vec![case_detail(case_row(11))]),
        }),
    );
    let Some(Overlay::Note(editor)) = &mut state.overlay else {
        panic!("{:?}", state.overlay)
    };
    // Longer than an alert's note may be, within a case's findings.
    editor.input = tui_input::Input::new("f".repeat(30_000));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        effects.iter().any(|e| matches!(
            e,
            Effect::Call(Call::Mutation(Mutation::Cases(ListMutation::SaveNote { id, note })))
                if id == "12" && note.len() == 30_000
        )),
        "{effects:?}"
    );
    update(
        &mut state,
        Msg::Cases(ListMsg::NoteSaved {
            id: "12".into(),
            note: "f".repeat(30_000),
            result: Ok(()),
        }),
    );
    assert_eq!(
        state.status.message.clone().unwrap().text,
        "Findings saved on case 12"
    );
    // One more is refused, and what was typed stays.
    let effects = update(&mut state, char_key('n'));
    let (request_id, _) = findings_read(&effects);
    update(
        &mut state,
        Msg::Cases(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(vec![case_detail(case_row(11))]),
        }),
    );
    let Some(Overlay::Note(editor)) = &mut state.overlay else {
        panic!("{:?}", state.overlay)
    };
    editor.input = tui_input::Input::new("f".repeat(30_001));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(editor.input.value().len(), 30_001);
    assert_eq!(
        editor.error.as_ref().unwrap().message,
        "the findings are 30001 characters; the limit is 30000"
    );
}

#[test]
fn a_case_is_assigned_from_its_row() {
    let mut state = loaded();
    update(&mut state, char_key('j'));
    update(&mut state, char_key('A'));
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    // It opens on who the case is assigned to now.
    assert_eq!(editor.input.value(), "analyst@example.com");
    snapshot_both("cases_assignee", &state);
    let Some(Overlay::Note(editor)) = &mut state.overlay else {
        unreachable!()
    };
    editor.input = tui_input::Input::new("lead@example.com".to_string());
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::Call(Call::Mutation(Mutation::AssignCase {
            id: "11".into(),
            assignee: "lead@example.com".into(),
        }))]
    );
    // A refusal keeps the editor and what was typed.
    update(
        &mut state,
        Msg::CaseAssigned {
            id: "11".into(),
            assignee: "lead@example.com".into(),
            result: Err(triage42_tui::state::CallError::new(
                "the server rejected the request: INVALID_USER",
            )),
        },
    );
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(editor.input.value(), "lead@example.com");
    assert!(editor.error.is_some());
    update(&mut state, key(KeyCode::Enter));
    update(
        &mut state,
        Msg::CaseAssigned {
            id: "11".into(),
            assignee: "lead@example.com".into(),
            result: Ok(Some("lead@example.com".into())),
        },
    );
    assert!(state.overlay.is_none());
    let row = state.cases.list.row("11").unwrap();
    assert_eq!(row.assignee.as_deref(), Some("lead@example.com"));
    assert_eq!(row.updated, Some(state.now));
    // In --read-only there is no assigning.
    let mut state = loaded();
    state.read_only = true;
    update(&mut state, char_key('A'));
    assert!(state.overlay.is_none());
}

#[test]
fn colon_case_shows_one_case_and_esc_comes_back() {
    let mut state = loaded_state(50, 500);
    for c in ":case 7".chars() {
        update(&mut state, char_key(c));
    }
    snapshot_both("cases_command_line", &state);
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.view, View::Cases);
    assert_eq!(state.cases.filter.text, "number:7");
    let request_id = cases_request(&effects);
    update(&mut state, cases_page(request_id, vec![case_row(6)], 1));
    let effects = update(&mut state, Msg::Cases(ListMsg::DetailDue("7".into())));
    answer_reads(&mut state, effects);
    snapshot_both("cases_one_case_with_breadcrumbs", &state);
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(state.view, View::Alerts);
    assert!(state.trail.is_empty());
    // A number is needed, and it is said so with the line kept.
    for c in ":case seven".chars() {
        update(&mut state, char_key(c));
    }
    update(&mut state, key(KeyCode::Enter));
    let line = state.command.as_ref().expect("the line stays");
    assert_eq!(line.input.value(), "case seven");
    assert!(line.error.as_deref().unwrap().contains("not a case number"));
}

#[test]
fn the_events_of_a_case_lead_to_the_events_of_their_file() {
    let mut state = loaded();
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, char_key('j'));
    snapshot_both("cases_events", &state);
    let effects = update(&mut state, key(KeyCode::Enter));
    let search = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::SearchFileEvents { search, .. }) => Some(search.clone()),
            _ => None,
        })
        .expect("a search of the file's events");
    let event = &state.selected_case_events().unwrap()[1];
    assert_eq!(search.event_id.as_deref(), Some(event.event_id.as_str()));
    assert_eq!(CaseKind::VIEW, View::Cases);
}

#[test]
fn the_command_history_is_kept_for_the_next_run() {
    let mut state = loaded_state(50, 500);
    let path = std::path::PathBuf::from("/nonexistent/demo-commands.txt");
    state.command_history = vec!["actor bob@example.com".into()];
    state.command_history_path = Some(path.clone());
    for c in ":case 7".chars() {
        update(&mut state, char_key(c));
    }
    let effects = update(&mut state, key(KeyCode::Enter));
    let stored: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Local(triage42_tui::effect::LocalEffect::StoreCommandHistory {
                path: at,
                lines,
            }) => Some((at.clone(), lines.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        stored,
        vec![(
            path,
            vec!["actor bob@example.com".to_string(), "case 7".to_string()]
        )]
    );
    // ↑ recalls it, as it would in the next run.
    update(&mut state, char_key(':'));
    update(&mut state, key(KeyCode::Up));
    assert_eq!(state.command.as_ref().unwrap().input.value(), "case 7");
    // The same line again writes nothing new.
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        !effects.iter().any(|e| matches!(
            e,
            Effect::Local(triage42_tui::effect::LocalEffect::StoreCommandHistory { .. })
        )),
        "{effects:?}"
    );
}
