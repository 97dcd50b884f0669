//! Pop-ups that belong to no one flow: the help, and the question asked before an
//! editor with text in it is closed.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, Prompt, PromptKind, State};

/// Keys on the help: `j` and `k` scroll it; any other key closes it.
pub(super) fn on_help_key(state: &mut State, scroll: usize, key: KeyEvent) -> Vec<Effect> {
    let scroll = match key.code {
        KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
        KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
        _ => return Vec::new(),
    };
    state.overlay = Some(Overlay::Help { scroll });
    Vec::new()
}

/// What the open editor holds that closing it would lose, in a word ("note", "case").
pub(super) fn unsaved_editor(state: &State) -> Option<&'static str> {
    match &state.overlay {
        Some(Overlay::Note(editor)) if !editor.saving && editor.is_changed() => Some("note"),
        Some(Overlay::CaseForm(form)) if !form.creating && form.is_changed() => Some("case"),
        _ => None,
    }
}

/// Asks before the text of the open editor is dropped ("Discard the note you typed?").
pub(super) fn ask_discard(state: &mut State, then_quit: bool) {
    let what = match unsaved_editor(state) {
        Some("case") => "the case you were writing",
        _ => "the note you typed",
    };
    let and_quit = if then_quit { " and quit" } else { "" };
    state.prompt = Some(Prompt {
        kind: PromptKind::Discard { then_quit },
        question: format!("Discard {what}{and_quit}?"),
    });
}
