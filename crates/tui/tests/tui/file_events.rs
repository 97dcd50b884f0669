//! The events of one file ("who else has this file"): a pane of its own below the files
//! of an alert or the file events of a session, focused by `Enter` or `Tab`, scrolled
//! to its last row at 80x24, and each event opened whole by `Enter`.

use crossterm::event::KeyCode;
use triage42_tui::effect::{Call, Effect};
use triage42_tui::msg::Msg;
use triage42_tui::state::{Overlay, Pane, State};
use triage42_tui::update::update;

use crate::support::*;

/// Enter in the focused pane: the search of the file's events, answered with `count`.
fn open_events(state: &mut State, count: usize) -> Option<String> {
    let effects = update(state, key(KeyCode::Enter));
    let Some(Effect::Call(Call::SearchFileEvents { request_id, search })) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        state,
        Msg::FileEventsLoaded {
            request_id,
            result: Ok((file_events_n(count), count as u64)),
        },
    );
    search.sha256
}

/// The last of `count` events, as its row shows it.
fn last_row_time(count: usize) -> String {
    file_events_n(count)
        .last()
        .and_then(|e| e.time)
        .unwrap()
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

fn alert_files_focused() -> State {
    let mut state = loaded_state(30, 30);
    with_detail(&mut state);
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    state
}

#[test]
fn the_events_of_an_alerts_file_scroll_to_the_last_row_at_80x24() {
    let mut state = alert_files_focused();
    assert!(open_events(&mut state, 12).is_some(), "searched by hash");
    assert_eq!(state.focus, Pane::FileEvents, "Enter moves the focus there");
    let text = screen(&state, 80, 24);
    assert!(text.contains("▶ Events of roadmap-0.xlsx · 1/12"), "{text}");
    assert!(!text.contains(&last_row_time(12)), "{text}");

    update(&mut state, char_key('G'));
    assert_eq!(state.files.events_selected, 11);
    let text = screen(&state, 80, 24);
    assert!(text.contains("· 12/12"), "{text}");
    assert!(text.contains(&last_row_time(12)), "{text}");
    insta::assert_snapshot!(
        "file_events_last_row_80x24",
        render(&state, 80, 24).backend()
    );
    insta::assert_snapshot!(
        "file_events_last_row_120x40",
        render(&state, 120, 40).backend()
    );

    // Tab goes round through it while it is shown: list, detail, files, events.
    for expected in [Pane::Alerts, Pane::Detail, Pane::Files, Pane::FileEvents] {
        update(&mut state, key(KeyCode::Tab));
        assert_eq!(state.focus, expected);
    }
}

#[test]
fn without_the_events_of_a_file_tab_skips_their_pane() {
    let mut state = alert_files_focused();
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Alerts);
    update(&mut state, key(KeyCode::BackTab));
    assert_eq!(state.focus, Pane::Files);
}

#[test]
fn enter_on_an_event_opens_it_whole_and_y_copies_its_id() {
    let mut state = alert_files_focused();
    open_events(&mut state, 12);
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, key(KeyCode::Enter));
    let Some(Overlay::FileEvent(event)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(event.event_id, "evt-0002");
    let text = screen(&state, 80, 24);
    for part in ["evt-0002", "SHA-256:", "MBP-bob", "removable-media-created"] {
        assert!(text.contains(part), "{part} in {text}");
    }
    insta::assert_snapshot!("file_event_card_80x24", render(&state, 80, 24).backend());
    insta::assert_snapshot!("file_event_card_120x40", render(&state, 120, 40).backend());

    let effects = update(&mut state, char_key('y'));
    assert!(
        effects
            .iter()
            .any(|e| format!("{e:?}").contains("evt-0002")),
        "{effects:?}"
    );
    assert!(state.overlay.is_some(), "copying keeps the card open");
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none());
    assert_eq!(state.focus, Pane::FileEvents);
}

#[test]
fn enter_on_a_sessions_file_event_searches_that_file_and_scrolls_at_80x24() {
    let mut state = sessions_state(10, 10);
    with_session_detail(&mut state);
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    update(&mut state, char_key('j'));
    let hash = open_events(&mut state, 12);
    // The session's events in the order they happened: the second is the fixture's third.
    assert_eq!(hash, Some(format!("{:064x}", 2)), "the second event's file");
    assert_eq!(state.focus, Pane::FileEvents);
    update(&mut state, char_key('G'));
    let text = screen(&state, 80, 24);
    assert!(text.contains("Events of the file"), "{text}");
    assert!(text.contains("· 12/12"), "{text}");
    assert!(text.contains(&last_row_time(12)), "{text}");
    insta::assert_snapshot!(
        "session_file_events_80x24",
        render(&state, 80, 24).backend()
    );
    insta::assert_snapshot!(
        "session_file_events_120x40",
        render(&state, 120, 40).backend()
    );

    // Switching views lets them go.
    switch_view(&mut state);
    assert!(!state.file_events_shown());
}
