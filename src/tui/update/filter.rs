//! The filter line (`/`): typed, checked as it is typed, applied on Enter.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::navigation::reload;
use crate::filter;
use crate::tui::action::{Action, Layer};
use crate::tui::effect::Effect;
use crate::tui::state::{Pane, State, View};

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
    if state.view == View::Sessions {
        return on_sessions_filter_key(state, key);
    }
    match state.keymap.action_in(Layer::Filter, &key) {
        Some(Action::ApplyFilter) => match filter::parse(state.filter.input.value(), state.now) {
            Ok(query) => {
                state.filter.applied = query;
                state.filter.applied_text = state.filter.input.value().to_string();
                state.filter.editing = false;
                state.filter.error = None;
                state.alerts.selected = 0;
                state.alerts.marked.clear();
                reload(state)
            }
            Err(error) => {
                state.filter.error = Some(error);
                Vec::new()
            }
        },
        Some(Action::LeaveFilter) => {
            state.filter.editing = false;
            state.filter.error = None;
            state.filter.input = Input::new(state.filter.applied_text.clone());
            Vec::new()
        }
        _ => {
            state.filter.input.handle_event(&Event::Key(key));
            state.filter.error = check(state);
            Vec::new()
        }
    }
}

/// The filter line of the sessions view: the sessions vocabulary, checked as typed.
fn on_sessions_filter_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match state.keymap.action_in(Layer::Filter, &key) {
        Some(Action::ApplyFilter) => match check(state) {
            None => {
                let text = state.filter.input.value().to_string();
                state.filter.editing = false;
                state.filter.error = None;
                super::sessions::apply_filter(state, text)
            }
            Some(error) => {
                state.filter.error = Some(error);
                Vec::new()
            }
        },
        Some(Action::LeaveFilter) => {
            state.filter.editing = false;
            state.filter.error = None;
            Vec::new()
        }
        _ => {
            state.filter.input.handle_event(&Event::Key(key));
            state.filter.error = check(state);
            Vec::new()
        }
    }
}

/// Esc in the alert list with a filter in force: the filter goes and the list reloads
/// unfiltered. `None` when there is nothing to clear (Esc then does what it always did).
pub(super) fn clear_applied(state: &mut State) -> Option<Vec<Effect>> {
    if state.view == View::Sessions {
        if state.focus != Pane::Alerts || state.sessions.filter_text.trim().is_empty() {
            return None;
        }
        state.filter.input = Input::default();
        state.filter.error = None;
        return Some(super::sessions::apply_filter(state, String::new()));
    }
    if state.focus != Pane::Alerts || state.filter.applied_text.trim().is_empty() {
        return None;
    }
    state.filter.applied = filter::FilterQuery::default();
    state.filter.applied_text.clear();
    state.filter.input = Input::default();
    state.filter.error = None;
    state.alerts.selected = 0;
    state.alerts.marked.clear();
    Some(reload(state))
}
