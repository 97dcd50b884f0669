//! Views (`v`): the picker of alerts, sessions and the saved views; opening a saved view
//! (its list, query and sort); saving the filter in force as a view and deleting one.
//! The config file is written by the loop (`LocalEffect::WriteView`); its answer comes
//! back as `Msg::ViewWritten`.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{info, show_text_error};
use crate::action::{Action, Layer};
use crate::effect::{Effect, LocalEffect};
use crate::state::{
    AlertKind, AppliedFilter, CaseKind, Overlay, Prompt, PromptKind, SavedViewEntry, SessionKind,
    State, View, ViewNamePrompt, ViewPicker,
};

/// Rows of the picker before the saved views: the built-in lists.
pub const BUILT_IN_ROWS: usize = View::BUILT_IN.len();

/// `v`: the picker, on the other built-in list, so `v` then Enter switches as it always did.
pub(super) fn open_picker(state: &mut State) -> Vec<Effect> {
    let selected = View::BUILT_IN
        .iter()
        .position(|v| *v == state.view.other())
        .unwrap_or(0);
    state.overlay = Some(Overlay::ViewPicker(ViewPicker { selected }));
    Vec::new()
}

pub(super) fn on_picker_key(
    state: &mut State,
    mut picker: ViewPicker,
    key: KeyEvent,
) -> Vec<Effect> {
    let rows = BUILT_IN_ROWS.saturating_add(state.saved_views.len());
    match state.keymap.action_in(Layer::ViewPicker, &key) {
        Some(Action::Close) => return Vec::new(),
        Some(Action::MoveDown) => {
            picker.selected = picker
                .selected
                .saturating_add(1)
                .min(rows.saturating_sub(1));
        }
        Some(Action::MoveUp) => picker.selected = picker.selected.saturating_sub(1),
        Some(Action::OpenView) => {
            if let Some(view) = View::BUILT_IN.get(picker.selected) {
                state.active_view = None;
                return super::sessions::show_view(state, *view);
            }
            let saved = picker
                .selected
                .checked_sub(BUILT_IN_ROWS)
                .and_then(|i| state.saved_views.get(i))
                .cloned();
            if let Some(entry) = saved {
                if let Some(problem) = &entry.problem {
                    // The picker stays, so the view can be deleted or another chosen.
                    show_text_error(state, format!("View {:?}: {problem}", entry.name));
                    state.overlay = Some(Overlay::ViewPicker(picker));
                    return Vec::new();
                }
                return open_saved(state, &entry);
            }
        }
        Some(Action::SaveView) => return open_name_prompt(state),
        Some(Action::DeleteView) => {
            let saved = picker
                .selected
                .checked_sub(BUILT_IN_ROWS)
                .and_then(|i| state.saved_views.get(i));
            match saved {
                Some(entry) => {
                    state.prompt = Some(Prompt {
                        kind: PromptKind::DeleteView {
                            name: entry.name.clone(),
                        },
                        question: format!(
                            "Delete the saved view {:?}?",
                            crate::sanitize::cell(&entry.name, 40)
                        ),
                    });
                }
                None => info(state, "The built-in views cannot be deleted".into()),
            }
        }
        _ => {}
    }
    state.overlay = Some(Overlay::ViewPicker(picker));
    Vec::new()
}

/// Shows the saved view: its list, with its query and sort in force (the other list
/// keeps its own). The query is read again, so relative dates count from now.
pub(super) fn open_saved(state: &mut State, entry: &SavedViewEntry) -> Vec<Effect> {
    match entry.view {
        View::Alerts => {
            if let Err(e) = crate::filter::parse(&entry.query, state.now) {
                show_text_error(
                    state,
                    format!("View {:?}: query: {}", entry.name, e.message),
                );
                return Vec::new();
            }
            let mut effects = super::sessions::show_view(state, View::Alerts);
            state.filter.input = Input::new(entry.query.clone());
            state.alerts.list.sort = entry.alert_sort;
            state.active_view = Some(entry.name.clone());
            // The list is read again with the view's query; a detail asked for the old
            // selection is of no use.
            effects.retain(|e| !matches!(e, Effect::Local(LocalEffect::ScheduleDetail { .. })));
            effects.extend(super::list::apply_filter::<AlertKind>(
                state,
                entry.query.clone(),
            ));
            effects
        }
        View::Sessions | View::Cases => {
            let problem = match entry.view {
                View::Cases => crate::filter::cases::parse(&entry.query).err(),
                _ => crate::filter::sessions::parse(&entry.query, state.now)
                    .err()
                    .map(|e| crate::filter::ParseError {
                        message: e.message,
                        span: e.span,
                    }),
            };
            if let Some(e) = problem {
                show_text_error(
                    state,
                    format!("View {:?}: query: {}", entry.name, e.message),
                );
                return Vec::new();
            }
            state.view = entry.view;
            state.focus = crate::state::Pane::Alerts;
            state.status.message = None;
            state.filter.error = None;
            state.filter.input = Input::new(entry.query.clone());
            state.active_view = Some(entry.name.clone());
            if entry.view == View::Cases {
                state.cases.list.sort = entry.case_sort;
                super::list::apply_filter::<CaseKind>(state, entry.query.clone())
            } else {
                state.sessions.list.sort = entry.session_sort;
                super::list::apply_filter::<SessionKind>(state, entry.query.clone())
            }
        }
    }
}

/// The view as it is at start-up (`--view NAME`): its list, query and sort set before
/// the first page is asked for. A bad query was refused before the terminal was touched.
pub fn start_with(state: &mut State, entry: &SavedViewEntry) {
    state.view = entry.view;
    state.active_view = Some(entry.name.clone());
    state.filter.input = Input::new(entry.query.clone());
    let filter = AppliedFilter::new(entry.query.clone(), state.now);
    match entry.view {
        View::Alerts => {
            if crate::filter::parse(&entry.query, state.now).is_ok() {
                state.alerts.filter = filter;
            }
            state.alerts.list.sort = entry.alert_sort;
        }
        View::Sessions => {
            state.sessions.filter = filter;
            state.sessions.list.sort = entry.session_sort;
        }
        View::Cases => {
            state.cases.filter = filter;
            state.cases.list.sort = entry.case_sort;
        }
    }
}

/// What is in force in the list shown, as a view named `name`.
fn current(state: &State, name: &str) -> SavedViewEntry {
    let query = match state.view {
        View::Alerts => &state.alerts.filter.text,
        View::Sessions => &state.sessions.filter.text,
        View::Cases => &state.cases.filter.text,
    };
    SavedViewEntry::current(
        name,
        state.view,
        query,
        (
            state.alerts.list.sort,
            state.sessions.list.sort,
            state.cases.list.sort,
        ),
    )
}

fn open_name_prompt(state: &mut State) -> Vec<Effect> {
    if state.views_file.is_none() {
        show_text_error(
            state,
            "There is no config file to save views in (no home directory; pass --config)".into(),
        );
        return Vec::new();
    }
    let name = state.active_view.clone().unwrap_or_default();
    let view = current(state, &name);
    state.overlay = Some(Overlay::ViewName(ViewNamePrompt {
        input: Input::new(name),
        view,
        error: None,
        replaces: None,
        saving: false,
    }));
    Vec::new()
}

pub(super) fn on_name_key(
    state: &mut State,
    mut prompt: ViewNamePrompt,
    key: KeyEvent,
) -> Vec<Effect> {
    if prompt.saving {
        state.overlay = Some(Overlay::ViewName(prompt));
        return Vec::new();
    }
    match state.keymap.action_in(Layer::ViewName, &key) {
        Some(Action::Close) => return open_picker(state),
        Some(Action::SaveViewNamed) => {
            let name = prompt.input.value().trim().to_string();
            if let Err(problem) = crate::saved_views_file::check_name(&name) {
                prompt.error = Some(problem);
                state.overlay = Some(Overlay::ViewName(prompt));
                return Vec::new();
            }
            let taken = state.saved_views.iter().any(|v| v.name == name);
            if taken && prompt.replaces.as_deref() != Some(name.as_str()) {
                prompt.error = None;
                prompt.replaces = Some(name);
                state.overlay = Some(Overlay::ViewName(prompt));
                return Vec::new();
            }
            let Some(file) = state.views_file.clone() else {
                return Vec::new();
            };
            prompt.view.name = name.clone();
            prompt.saving = true;
            prompt.error = None;
            let view = prompt.view.to_config();
            state.overlay = Some(Overlay::ViewName(prompt));
            return vec![Effect::Local(LocalEffect::WriteView {
                file,
                name,
                view: Some(view),
            })];
        }
        _ => {
            prompt.input.handle_event(&Event::Key(key));
            prompt.error = None;
            if prompt.replaces.as_deref() != Some(prompt.input.value().trim()) {
                prompt.replaces = None;
            }
        }
    }
    state.overlay = Some(Overlay::ViewName(prompt));
    Vec::new()
}

/// Yes to "delete the saved view?".
pub(super) fn delete_confirmed(state: &mut State, name: String) -> Vec<Effect> {
    let Some(file) = state.views_file.clone() else {
        return Vec::new();
    };
    vec![Effect::Local(LocalEffect::WriteView {
        file,
        name,
        view: None,
    })]
}

/// The config file has been written (or not): a saved view joins the list and is the one
/// in force; a deleted one leaves it. On failure the name prompt keeps what was typed.
pub(super) fn on_written(state: &mut State, name: String, saved: bool, result: Result<(), String>) {
    let table = state
        .views_file
        .as_ref()
        .map(|f| format!("{} of {}", f.table(), f.path.display()))
        .unwrap_or_default();
    let shown = crate::sanitize::cell(&name, 40);
    match (result, saved) {
        (Ok(()), true) => {
            let entry = match &state.overlay {
                Some(Overlay::ViewName(prompt)) => Some(prompt.view.clone()),
                _ => None,
            };
            if let Some(entry) = entry {
                state.saved_views.retain(|v| v.name != name);
                state.saved_views.push(entry);
                state.saved_views.sort_by_key(|v| v.name.to_lowercase());
                state.overlay = None;
                state.active_view = Some(name);
            }
            info(state, format!("Saved view {shown:?} in {table}"));
        }
        (Ok(()), false) => {
            state.saved_views.retain(|v| v.name != name);
            if state.active_view.as_deref() == Some(name.as_str()) {
                state.active_view = None;
            }
            if let Some(Overlay::ViewPicker(picker)) = &mut state.overlay {
                let rows = BUILT_IN_ROWS.saturating_add(state.saved_views.len());
                picker.selected = picker.selected.min(rows.saturating_sub(1));
            }
            info(state, format!("Deleted view {shown:?} from {table}"));
        }
        (Err(e), true) => {
            if let Some(Overlay::ViewName(prompt)) = &mut state.overlay {
                prompt.saving = false;
                prompt.error = Some(crate::sanitize::one_line(&e).into_owned());
            }
            show_text_error(state, format!("Could not save view {shown:?}: {e}"));
        }
        (Err(e), false) => {
            show_text_error(state, format!("Could not delete view {shown:?}: {e}"));
        }
    }
}

/// The saved view stays named while the list, query and sort are its own; any change
/// (a new filter, another sort, the other list) makes it just a filter again.
pub(super) fn forget_if_changed(state: &mut State) {
    let Some(name) = &state.active_view else {
        return;
    };
    let still = state
        .saved_views
        .iter()
        .find(|v| &v.name == name)
        .is_some_and(|v| {
            let now = current(state, name);
            v.view == now.view
                && v.query.trim() == now.query
                && match v.view {
                    View::Alerts => v.alert_sort == now.alert_sort,
                    View::Sessions => v.session_sort == now.session_sort,
                    View::Cases => v.case_sort == now.case_sort,
                }
        });
    if !still {
        state.active_view = None;
    }
}
