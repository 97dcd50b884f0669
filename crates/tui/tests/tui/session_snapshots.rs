//! Rendered screens of the sessions view at 80x24 and 120x40: the list with the
//! selected session's details, its file events, the zoomed panes and the change flow.

use crossterm::event::KeyCode;
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{CallError, Pane, State, UnreadableView};
use triage42_tui::update::update;

use crate::support::*;

fn snapshot_both(name: &str, state: &State) {
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = render(state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

/// The sessions view with the first of 48 sessions (of 130) selected and loaded.
fn loaded() -> State {
    let mut state = sessions_state(48, 48);
    with_session_detail(&mut state);
    state
}

#[test]
fn sessions_list_and_detail() {
    let mut state = loaded();
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    update(&mut state, char_key('k'));
    update(&mut state, char_key('k'));
    snapshot_both("sessions_list_detail", &state);
}

#[test]
fn sessions_detail_zoomed() {
    let mut state = loaded();
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, char_key('z'));
    snapshot_both("sessions_detail_zoomed", &state);
    // Scrolled down: the state history and every note.
    for _ in 0..14 {
        update(&mut state, char_key('j'));
    }
    let screen = screen(&state, 80, 24);
    assert!(screen.contains("Notes (2)"), "{screen}");
    assert!(
        screen.contains("Manager confirms: approved transfer"),
        "{screen}"
    );
    assert!(screen.contains("closing"), "{screen}");
}

#[test]
fn sessions_events() {
    let mut state = loaded();
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    update(&mut state, char_key('j'));
    snapshot_both("sessions_events", &state);
}

#[test]
fn sessions_list_zoomed() {
    let mut state = loaded();
    update(&mut state, char_key('z'));
    snapshot_both("sessions_list_zoomed", &state);
}

#[test]
fn sessions_close_with_note() {
    let mut state = loaded();
    update(&mut state, char_key('r'));
    for c in "Approved transfer".chars() {
        update(&mut state, char_key(c));
    }
    snapshot_both("sessions_note_for_close", &state);
    update(&mut state, key(KeyCode::Enter));
    snapshot_both("sessions_confirm_close", &state);
}

#[test]
fn sessions_loading_and_errors() {
    let mut state = loaded_state(50, 500);
    switch_view(&mut state);
    snapshot_both("sessions_loading", &state);
    let mut state = sessions_state(3, 3);
    let id = state.sessions.list.selected_row().unwrap().id.clone();
    let effects = update(&mut state, Msg::Sessions(ListMsg::DetailDue(id.clone())));
    for effect in effects {
        if let triage42_tui::effect::Effect::Call(call) = effect {
            match call {
                triage42_tui::effect::Call::Sessions(
                    triage42_tui::effect::ListCall::LoadDetail { request_id, .. },
                ) => {
                    update(
                        &mut state,
                        Msg::Sessions(ListMsg::DetailLoaded {
                            request_id,
                            id: id.clone(),
                            result: Err(rate_limited()),
                        }),
                    );
                }
                triage42_tui::effect::Call::LoadSessionEvents { request_id, .. } => {
                    update(
                        &mut state,
                        Msg::SessionEventsLoaded {
                            request_id,
                            session_id: id.clone(),
                            result: Err(CallError::new("session not found (404)")),
                        },
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
    snapshot_both("sessions_detail_error", &state);
}

#[test]
fn sessions_hostile_and_unreadable() {
    let mut state = loaded_state(50, 500);
    let request_id = sessions_request(&switch_view(&mut state));
    let mut rows = session_rows(4);
    rows[1].actor = "\u{1b}[2Jevil\u{202e}moc.elpmaxe@bob".into();
    rows[1].risk_indicators[0].name = "Upload\u{7}\u{1b}]0;pwned\u{7}".into();
    rows[2] = triage42_tui::state::SessionRow {
        unreadable: Some(UnreadableView {
            reason: "sessionId is not a string".into(),
            raw: "{\"sessionId\":{}}".into(),
        }),
        id: String::new(),
        ..rows[2].clone()
    };
    update(&mut state, sessions_page(request_id, rows, 4));
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = screen(&state, width, height);
        assert!(!screen.contains('\u{1b}'), "{screen}");
        assert!(!screen.contains('\u{202e}'), "{screen}");
        assert!(!screen.contains('\u{7}'), "{screen}");
        assert!(screen.contains("could not read this session"), "{screen}");
    }
}

#[test]
fn sessions_help_ends_with_what_the_keys_do_to_sessions() {
    let mut state = loaded();
    update(&mut state, char_key('?'));
    update(&mut state, key(crossterm::event::KeyCode::End));
    let terminal = render(&state, 120, 40);
    insta::assert_snapshot!("sessions_help_end_120x40", terminal.backend());
    let screen = screen(&state, 120, 40);
    assert!(screen.contains("Sessions: r close"), "{screen}");
    assert!(
        screen.contains("Session filter fields: actor, state"),
        "{screen}"
    );
}
