//! The layered keymap through the reducer: overlay keys remapped by a user file, and
//! the help's filter and scrolling.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42_tui::effect::{Call, Effect, ListMutation, Mutation};
use triage42_tui::keymap::Keymap;
use triage42_tui::keymap::help::{HelpRow, help_rows};
use triage42_tui::layout::{help_rows_visible, help_text_width};
use triage42_tui::msg::Msg;
use triage42_tui::state::{HelpView, Overlay, State};
use triage42_tui::update::update;

use crate::support::*;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

fn with_user_keymap(mut state: State, file: &str) -> State {
    state.keymap = Keymap::with_user_file(file).unwrap();
    state
}

fn sends_a_change(effects: &[Effect]) -> bool {
    effects.iter().any(|e| {
        matches!(
            e,
            Effect::Call(Call::Mutation(Mutation::Alerts(
                ListMutation::UpdateStates { .. }
            )))
        )
    })
}

#[test]
fn the_confirmation_answers_to_the_keys_of_the_users_file() {
    let mut state = with_user_keymap(
        loaded_state(5, 5),
        "[[confirm]]\naction = \"yes\"\nkeys = [\"a\"]\n",
    );
    update(&mut state, char_key('r'));
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.overlay, Some(Overlay::Confirm(_))));
    // `y` is no longer yes, and Enter went with it.
    assert!(!sends_a_change(&update(&mut state, char_key('y'))));
    assert!(!sends_a_change(&update(&mut state, key(KeyCode::Enter))));
    assert!(matches!(state.overlay, Some(Overlay::Confirm(_))));
    let screen = screen(&state, 80, 24);
    assert!(screen.contains("[a] yes   [n] no"), "{screen}");
    assert!(sends_a_change(&update(&mut state, char_key('a'))));
}

#[test]
fn the_note_editor_submits_with_a_remapped_key() {
    let mut state = with_user_keymap(
        loaded_state(5, 5),
        "[[editor]]\naction = \"submit\"\nkeys = [\"Ctrl-s\"]\n\n[[editor]]\naction = \"cancel\"\nkeys = [\"Ctrl-g\"]\n",
    );
    update(&mut state, char_key('r'));
    // Enter is no longer bound in the editor: it does nothing there.
    update(&mut state, key(KeyCode::Enter));
    assert!(matches!(state.overlay, Some(Overlay::Note(_))));
    type_text(&mut state, "ok");
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let Some(Overlay::Confirm(confirm)) = &state.overlay else {
        panic!("Ctrl-S goes on to the confirmation: {:?}", state.overlay)
    };
    assert_eq!(confirm.question, "Resolve 1 alert with note \"ok\"?");
}

#[test]
fn the_journal_closes_with_a_remapped_key() {
    let mut state = with_user_keymap(
        loaded_state(5, 5),
        "[[journal]]\naction = \"close\"\nkeys = [\"x\"]\n",
    );
    update(&mut state, char_key('J'));
    update(&mut state, key(KeyCode::Esc));
    assert!(matches!(state.overlay, Some(Overlay::Journal(_))));
    update(&mut state, char_key('x'));
    assert!(state.overlay.is_none());
}

fn help(state: &State) -> &HelpView {
    match &state.overlay {
        Some(Overlay::Help(view)) => view,
        other => panic!("the help is not open: {other:?}"),
    }
}

fn open_help(width: u16, height: u16) -> State {
    let mut state = loaded_state(10, 10);
    update(&mut state, Msg::Resize(width, height));
    update(&mut state, char_key('?'));
    state
}

#[test]
fn the_help_scrolls_by_line_and_page_and_stops_at_its_last_page() {
    let mut state = open_help(80, 24);
    let lines = help_rows(
        &state.keymap,
        false,
        "",
        help_text_width(80),
        &state.help_notes(),
    )
    .len();
    let page = help_rows_visible(24);
    assert!(lines > page * 3, "the help is several pages at 80x24");
    update(&mut state, char_key('j'));
    update(&mut state, key(KeyCode::Down));
    assert_eq!(help(&state).scroll, 2);
    update(&mut state, char_key('k'));
    assert_eq!(help(&state).scroll, 1);
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(help(&state).scroll, 1 + page);
    update(&mut state, key(KeyCode::End));
    assert_eq!(help(&state).scroll, lines - page);
    update(&mut state, char_key('j'));
    update(&mut state, key(KeyCode::PageDown));
    assert_eq!(
        help(&state).scroll,
        lines - page,
        "no scrolling past the end"
    );
    update(&mut state, key(KeyCode::PageUp));
    assert_eq!(help(&state).scroll, lines - 2 * page);
    update(&mut state, key(KeyCode::Home));
    assert_eq!(help(&state).scroll, 0);
    // q closes, as Esc does with no filter.
    update(&mut state, char_key('q'));
    assert!(state.overlay.is_none());
}

#[test]
fn typing_in_the_help_narrows_it_backspace_edits_and_esc_clears_then_closes() {
    let mut state = open_help(80, 24);
    update(&mut state, key(KeyCode::PageDown));
    // `c` is no key of the help: it starts the filter, and the list starts at its top.
    type_text(&mut state, "case");
    let view = help(&state);
    assert_eq!(view.filter.value(), "case");
    assert!(view.typing);
    assert_eq!(view.scroll, 0);
    let rows = help_rows(
        &state.keymap,
        false,
        "case",
        help_text_width(80),
        &state.help_notes(),
    );
    assert!(
        rows.len()
            < help_rows(
                &state.keymap,
                false,
                "",
                help_text_width(80),
                &state.help_notes()
            )
            .len()
    );
    let mut heading = String::new();
    let mut in_panes = Vec::new();
    let mut headings = Vec::new();
    for row in &rows {
        match row {
            HelpRow::Heading(title) => {
                heading = title.clone();
                headings.push(title.clone());
            }
            HelpRow::Entry { text, .. } if heading == "In the panes" => in_panes.push(text.clone()),
            _ => {}
        }
    }
    assert_eq!(
        in_panes,
        [
            "Create a case with the alert's file events",
            "Add the alert's file events to an existing case",
            "Views: alerts, sessions (an actor's activity), cases or",
            "Command line: :actor NAME, :alerts FILTER, :sessions",
            "Cases: assign the selected case to a user",
        ]
    );
    // The layers titled "case" are listed whole; the others not at all.
    assert_eq!(headings, ["In the panes", "New case form", "Case picker"]);
    // While typing, j and q are letters, not keys.
    type_text(&mut state, " jq");
    assert_eq!(help(&state).filter.value(), "case jq");
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    update(&mut state, key(KeyCode::Backspace));
    assert_eq!(help(&state).filter.value(), "case");
    update(&mut state, key(KeyCode::Esc));
    let view = help(&state);
    assert_eq!(view.filter.value(), "");
    assert!(!view.typing);
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none());
}

#[test]
fn slash_types_the_help_keys_as_text_and_enter_keeps_the_filter() {
    let mut state = open_help(120, 40);
    update(&mut state, char_key('/'));
    // Esc leaves the empty filter before it closes the help.
    update(&mut state, key(KeyCode::Esc));
    assert!(!help(&state).typing);
    update(&mut state, char_key('/'));
    type_text(&mut state, "journal");
    assert_eq!(help(&state).filter.value(), "journal");
    update(&mut state, key(KeyCode::Enter));
    assert!(!help(&state).typing);
    // Keys again: j scrolls (or stays put on a short list) and does not type.
    update(&mut state, char_key('j'));
    assert_eq!(help(&state).filter.value(), "journal");
    let screen = screen(&state, 120, 40);
    assert!(screen.contains("Show the journal"), "{screen}");
    assert!(!screen.contains("Resolve the marked"), "{screen}");
}

#[test]
fn a_paste_into_the_help_is_its_filter() {
    let mut state = open_help(80, 24);
    update(&mut state, key(KeyCode::PageDown));
    update(&mut state, Msg::Paste("journal".into()));
    let view = help(&state);
    assert_eq!(view.filter.value(), "journal");
    assert!(view.typing);
    assert_eq!(view.scroll, 0);
}

#[test]
fn the_help_draws_on_screens_too_small_for_it() {
    for (width, height) in [(5, 0), (120, 3), (10, 4), (30, 5), (40, 6)] {
        let mut state = open_help(width, height);
        update(&mut state, key(KeyCode::End));
        render(&state, width.max(1), height.max(1));
        type_text(&mut state, "case");
        render(&state, width.max(1), height.max(1));
    }
}
