//! Keys inside pop-ups, handed to the flow each belongs to (state change, note, cases,
//! export, journal); help scrolls here. Closing an editor with text in it asks first.

use crossterm::event::{KeyCode, KeyEvent};

use crate::tui::effect::Effect;
use crate::tui::state::{Overlay, Prompt, PromptKind, State};

pub(super) fn on_overlay_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = state.overlay.take() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match key.code {
                KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                _ => return Vec::new(),
            };
            state.overlay = Some(Overlay::Help { scroll });
            Vec::new()
        }
        Overlay::Confirm(confirm) => super::state_change::on_confirm_key(state, confirm, key),
        Overlay::Note(editor) => super::note::on_note_key(state, editor, key),
        Overlay::CaseForm(form) => super::cases::on_case_form_key(state, form, key),
        Overlay::Export(prompt) => super::export::on_prompt_key(state, prompt, key),
        Overlay::Journal(view) => super::journal::on_key(state, view, key),
        Overlay::CasePicker(picker) => super::cases::on_case_picker_key(state, picker, key),
    }
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
