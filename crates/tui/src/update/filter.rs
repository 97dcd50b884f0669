//! The filter line (`/`): typed, checked as it is typed in the vocabulary of the view
//! shown, applied on Enter.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::list::apply_filter;
use crate::action::{Action, Layer};
use crate::effect::Effect;
use crate::filter;
use crate::state::{Pane, Prompt, PromptKind, State, View};

/// What is wrong with the text being typed, in the vocabulary of the view shown.
pub(super) fn check(state: &State) -> Option<filter::ParseError> {
    let text = state.filter.input.value();
    match state.view {
        View::Alerts => filter::parse(text, state.now).err(),
        View::Sessions => {
            filter::sessions::parse(text, state.now)
                .err()
                .map(|e| filter::ParseError {
                    message: e.message,
                    span: e.span,
                })
        }
        View::Cases => filter::cases::parse(text).err(),
    }
}

pub(super) fn on_filter_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.keymap.action_in(Layer::Filter, &key) {
        Some(Action::ApplyFilter) => match check(state) {
            None => {
                let text = state.filter.input.value().to_string();
                state.filter.recalled = None;
                state.filter.editing = false;
                state.filter.error = None;
                let view = state.view;
                for_view!(view, apply_filter(state, text))
            }
            Some(error) => {
                state.filter.error = Some(error);
                Vec::new()
            }
        },
        Some(Action::OlderFilter) => {
            recall(state, true);
            Vec::new()
        }
        Some(Action::NewerFilter) => {
            recall(state, false);
            Vec::new()
        }
        Some(Action::LeaveFilter) => {
            state.filter.recalled = None;
            state.filter.editing = false;
            state.filter.error = None;
            state.filter.input = Input::new(applied_text(state).to_string());
            Vec::new()
        }
        _ => {
            // Editing a recalled filter makes it the text being typed.
            state.filter.recalled = None;
            state.filter.input.handle_event(&Event::Key(key));
            state.filter.error = check(state);
            Vec::new()
        }
    }
}

/// The text of the filter in force in the view shown.
fn applied_text(state: &State) -> &str {
    match state.view {
        View::Alerts => &state.alerts.filter.text,
        View::Sessions => &state.sessions.filter.text,
        View::Cases => &state.cases.filter.text,
    }
}

/// Esc in the list with a filter in force: the filter goes and the list reloads
/// unfiltered; when marks would go with it, a question first. `None` when there is no
/// filter to clear (Esc then does what it always did).
pub(super) fn clear_applied(state: &mut State) -> Option<Vec<Effect>> {
    if state.focus != Pane::Alerts || applied_text(state).trim().is_empty() {
        return None;
    }
    let marks = match state.view {
        View::Alerts => state.alerts.list.marked.len(),
        View::Sessions => state.sessions.list.marked.len(),
        View::Cases => state.cases.list.marked.len(),
    };
    if marks > 0 {
        state.prompt = Some(Prompt {
            kind: PromptKind::ClearFilter,
            question: format!(
                "Clear the filter {}? The {} go with it",
                quoted(applied_text(state)),
                super::counted(marks, "marks")
            ),
        });
        return Some(Vec::new());
    }
    Some(clear_now(state))
}

/// The filter in force goes; `Backspace` brings it back.
pub(super) fn clear_now(state: &mut State) -> Vec<Effect> {
    let cleared = quoted(applied_text(state));
    state.filter.input = Input::default();
    state.filter.error = None;
    let view = state.view;
    let effects = for_view!(view, apply_filter(state, String::new()));
    // Said after the list's own word on the marks, which the question already gave.
    super::info(
        state,
        format!("Filter {cleared} cleared; Backspace brings it back"),
    );
    effects
}

/// `Backspace` in the list: the filter in force before this one, again (and a second
/// `Backspace` swaps back, as `cd -` does).
pub(super) fn back_to_previous(state: &mut State) -> Vec<Effect> {
    let previous = match state.view {
        View::Alerts => state.alerts.filter_history.last(),
        View::Sessions => state.sessions.filter_history.last(),
        View::Cases => state.cases.filter_history.last(),
    }
    .cloned();
    let Some(previous) = previous else {
        super::info(state, "No earlier filter in this list".into());
        return Vec::new();
    };
    state.filter.input = Input::new(previous.clone());
    state.filter.error = None;
    let view = state.view;
    let effects = for_view!(view, apply_filter(state, previous.clone()));
    if state.status.message.is_none() {
        super::info(state, format!("Filter back to {}", quoted(&previous)));
    }
    effects
}

/// `↑` (older) or `↓` (newer) in the `/` line: the list's earlier filters in turn, most
/// recent first; past the newest, the text that was being typed comes back.
fn recall(state: &mut State, older: bool) {
    let history = match state.view {
        View::Alerts => &state.alerts.filter_history,
        View::Sessions => &state.sessions.filter_history,
        View::Cases => &state.cases.filter_history,
    };
    let typed = state.filter.input.value().to_string();
    let next = match (&state.filter.recalled, older) {
        (None, true) if !history.is_empty() => Some((0, typed)),
        (None, _) => None,
        (Some((at, typed)), true) => Some((
            (at.saturating_add(1)).min(history.len().saturating_sub(1)),
            typed.clone(),
        )),
        (Some((0, typed)), false) => {
            let typed = typed.clone();
            state.filter.recalled = None;
            state.filter.input = Input::new(typed);
            state.filter.error = check(state);
            return;
        }
        (Some((at, typed)), false) => Some((at.saturating_sub(1), typed.clone())),
    };
    let Some((at, typed)) = next else {
        return;
    };
    let Some(text) = history.iter().rev().nth(at).cloned() else {
        return;
    };
    state.filter.recalled = Some((at, typed));
    state.filter.input = Input::new(text);
    state.filter.error = check(state);
}

fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::sanitize::cell(text, 40))
}
