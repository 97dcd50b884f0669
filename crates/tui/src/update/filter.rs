//! The filter line (`/`): typed, checked as it is typed in the vocabulary of the view
//! shown, applied on Enter.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::list::apply_filter;
use crate::action::{Action, Layer};
use crate::effect::Effect;
use crate::filter;
use crate::state::{AlertKind, Pane, SessionKind, State, View};

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
    }
}

pub(super) fn on_filter_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.keymap.action_in(Layer::Filter, &key) {
        Some(Action::ApplyFilter) => match check(state) {
            None => {
                let text = state.filter.input.value().to_string();
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
        Some(Action::LeaveFilter) => {
            state.filter.editing = false;
            state.filter.error = None;
            state.filter.input = Input::new(applied_text(state).to_string());
            Vec::new()
        }
        _ => {
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
    }
}

/// Esc in the list with a filter in force: the filter goes and the list reloads
/// unfiltered. `None` when there is nothing to clear (Esc then does what it always did).
pub(super) fn clear_applied(state: &mut State) -> Option<Vec<Effect>> {
    if state.focus != Pane::Alerts || applied_text(state).trim().is_empty() {
        return None;
    }
    state.filter.input = Input::default();
    state.filter.error = None;
    let view = state.view;
    Some(for_view!(view, apply_filter(state, String::new())))
}
