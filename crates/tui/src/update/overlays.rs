//! Pop-ups that belong to no one flow: the help, and the question asked before an
//! editor with text in it is closed.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use crate::action::{Action, Layer};
use crate::effect::Effect;
use crate::keymap::help::help_rows;
use crate::keymap::is_text;
use crate::layout::{help_rows_visible, help_text_width};
use crate::state::{FileEventRow, HelpView, Overlay, Prompt, PromptKind, State};

pub(super) fn open_help(state: &mut State) {
    state.overlay = Some(Overlay::Help(HelpView::default()));
}

/// Keys on the help, by its layer: scrolling, closing, and a filter typed as text.
/// While typing, characters are text even where the layer binds them (`j`, `q`).
pub(super) fn on_help_key(state: &mut State, mut view: HelpView, key: KeyEvent) -> Vec<Effect> {
    let action = if view.typing && is_text(&key) {
        None
    } else {
        state.keymap.action_in(Layer::Help, &key)
    };
    let (lines, page) = help_geometry(state, &view);
    let last = lines.saturating_sub(page);
    match action {
        Some(Action::MoveDown) => view.scroll = view.scroll.saturating_add(1),
        Some(Action::MoveUp) => view.scroll = view.scroll.saturating_sub(1),
        Some(Action::PageDown) => view.scroll = view.scroll.saturating_add(page),
        Some(Action::PageUp) => view.scroll = view.scroll.saturating_sub(page),
        Some(Action::Home) => view.scroll = 0,
        Some(Action::End) => view.scroll = last,
        Some(Action::TypeHelpFilter) => view.typing = true,
        Some(Action::KeepHelpFilter) => view.typing = false,
        Some(Action::ClearHelpFilterOrClose) => {
            if view.filter.value().is_empty() && !view.typing {
                return Vec::new();
            }
            view = HelpView::default();
        }
        Some(_) => {}
        None => {
            // Backspace on an empty filter stops typing; anything else edits the filter.
            if key.code == KeyCode::Backspace && view.filter.value().is_empty() {
                view.typing = false;
            } else if is_text(&key) || !view.filter.value().is_empty() {
                let before = view.filter.value().to_string();
                view.filter.handle_event(&Event::Key(key));
                if view.filter.value() != before {
                    view.typing = true;
                    view.scroll = 0;
                }
            }
        }
    }
    view.scroll = view
        .scroll
        .min(help_geometry(state, &view).0.saturating_sub(page));
    state.overlay = Some(Overlay::Help(view));
    Vec::new()
}

/// The help's lines with its filter, and how many show at once, on the screen in use
/// (without one yet, as wide as the lines and a line at a time).
fn help_geometry(state: &State, view: &HelpView) -> (usize, usize) {
    let (width, page) = match state.screen {
        Some((width, height)) => (help_text_width(width), help_rows_visible(height)),
        None => (usize::MAX / 2, 1),
    };
    let lines = help_rows(
        &state.keymap,
        state.read_only,
        view.filter.value(),
        width,
        &state.help_notes(),
    )
    .len();
    (lines, page)
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

/// The card of one event of a file: `y` copies its id, `Esc` closes it.
pub(super) fn on_file_event_key(
    state: &mut State,
    event: Box<FileEventRow>,
    key: KeyEvent,
) -> Vec<Effect> {
    match state.keymap.action_in(Layer::FileEvent, &key) {
        Some(Action::Close) => Vec::new(),
        Some(Action::Copy) => {
            state.overlay = Some(Overlay::FileEvent(event));
            super::export::copy(state)
        }
        _ => {
            state.overlay = Some(Overlay::FileEvent(event));
            Vec::new()
        }
    }
}
