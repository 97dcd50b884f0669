//! The filter line (`/`): typed, checked as it is typed, applied on Enter.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::navigation::reload;
use crate::filter;
use crate::tui::effect::Effect;
use crate::tui::state::State;

pub(super) fn on_filter_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter => match filter::parse(state.filter.input.value(), state.now) {
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
        KeyCode::Esc => {
            state.filter.editing = false;
            state.filter.error = None;
            state.filter.input = Input::new(state.filter.applied_text.clone());
            Vec::new()
        }
        _ => {
            state.filter.input.handle_event(&Event::Key(key));
            state.filter.error = filter::parse(state.filter.input.value(), state.now).err();
            Vec::new()
        }
    }
}
