//! Cases: the case form (create a case from the selected alert) and the case picker (add
//! its file events to a case), and the answers to both. The form's text stays until the
//! server has the case, and is never dropped without asking.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::overlays::ask_discard;
use super::{info, show_error};
use crate::action::{Action, Layer};
use crate::effect::{Call, Effect, Mutation, event_ids_of};
use crate::state::{
    CallError, CaseFormEditor, CasePicker, CaseProgress, CaseSource, Overlay, Slot, State, View,
};

const STILL_LOADING: &str = "The alert's details are still loading; try again in a moment";
const SESSION_STILL_LOADING: &str =
    "The session's details and file events are still loading; try again in a moment";

/// The selected session as a case source, with the case form's first values, once its
/// details and events are in.
fn session_source(state: &State) -> Option<(CaseSource, [String; 5])> {
    let detail = state.sessions.selected_detail()?;
    let events = state.selected_session_events()?;
    let event_ids = events
        .iter()
        .filter(|e| !e.event_id.is_empty())
        .map(|e| e.event_id.clone())
        .collect();
    let rules: Vec<&str> = detail
        .triggered_alerts
        .iter()
        .filter_map(|a| a.rule_name.as_deref())
        .collect();
    let name = match rules.first() {
        Some(rule) => format!("{rule}: {}", detail.row.actor),
        None => format!("Session of {}", detail.row.actor),
    };
    let initial = [
        name,
        detail.context_summary.clone().unwrap_or_default(),
        detail.exfiltration_summary.clone().unwrap_or_default(),
        detail.row.actor.clone(),
        String::new(),
    ];
    let source = CaseSource::Session {
        id: detail.row.id.clone(),
        event_ids,
    };
    Some((source, initial))
}

/// The file events a case made from `source` gets.
pub(super) fn event_ids_for(state: &State, source: &CaseSource) -> Vec<String> {
    match source {
        CaseSource::Alert(alert_id) => state
            .alerts
            .details
            .get(alert_id)
            .map(event_ids_of)
            .unwrap_or_default(),
        CaseSource::Session { event_ids, .. } | CaseSource::Kept { event_ids, .. } => {
            event_ids.clone()
        }
    }
}

pub(super) fn open_case_form(state: &mut State) -> Vec<Effect> {
    if state.view == View::Sessions {
        let Some((source, initial)) = session_source(state) else {
            info(state, SESSION_STILL_LOADING.into());
            return Vec::new();
        };
        let form = CaseFormEditor::new(source, initial);
        state.overlay = Some(Overlay::CaseForm(Box::new(form)));
        return Vec::new();
    }
    let Some(detail) = state.selected_detail() else {
        info(state, STILL_LOADING.into());
        return Vec::new();
    };
    let initial = [
        detail.row.rule_name.clone(),
        detail.description.clone().unwrap_or_default(),
        String::new(),
        detail.row.actor.clone(),
        String::new(),
    ];
    let form = CaseFormEditor::new(CaseSource::Alert(detail.row.id.clone()), initial);
    state.overlay = Some(Overlay::CaseForm(Box::new(form)));
    Vec::new()
}

pub(super) fn open_case_picker(state: &mut State) -> Vec<Effect> {
    let source = if state.view == View::Sessions {
        let Some((source, _)) = session_source(state) else {
            info(state, SESSION_STILL_LOADING.into());
            return Vec::new();
        };
        source
    } else {
        let Some(detail) = state.selected_detail() else {
            info(state, STILL_LOADING.into());
            return Vec::new();
        };
        CaseSource::Alert(detail.row.id.clone())
    };
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Cases, request_id);
    state.overlay = Some(Overlay::CasePicker(CasePicker {
        source,
        cases: Vec::new(),
        selected: 0,
        loading: true,
        error: None,
    }));
    vec![Effect::Call(Call::ListCases { request_id })]
}

pub(super) fn on_case_form_key(
    state: &mut State,
    mut form: Box<CaseFormEditor>,
    key: KeyEvent,
) -> Vec<Effect> {
    if form.creating {
        state.overlay = Some(Overlay::CaseForm(form));
        return Vec::new();
    }
    let last = form.fields.len().saturating_sub(1);
    let action = state.keymap.action_in(Layer::CaseForm, &key);
    let submit = match action {
        Some(Action::SubmitCase) => true,
        Some(Action::NextFieldOrCreate) => form.focused == last,
        _ => false,
    };
    if submit {
        let values = form.form();
        if values.name.is_empty() {
            form.error = Some("a case needs a name".into());
            form.focused = 0;
            state.overlay = Some(Overlay::CaseForm(form));
            return Vec::new();
        }
        let event_ids = event_ids_for(state, &form.source);
        state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
        state.status.case = Some(CaseProgress {
            case_number: None,
            events_added: 0,
            events_total: event_ids.len(),
        });
        // Open until the server has the case: a refusal leaves every field as typed.
        form.creating = true;
        form.error = None;
        state.overlay = Some(Overlay::CaseForm(form));
        return vec![Effect::Call(Call::Mutation(Mutation::CreateCase {
            form: values,
            event_ids,
        }))];
    }
    match action {
        Some(Action::CancelEdit) => {
            if form.is_changed() {
                state.overlay = Some(Overlay::CaseForm(form));
                ask_discard(state, false);
            }
            return Vec::new();
        }
        Some(Action::NextField | Action::NextFieldOrCreate) => {
            form.focused = form.focused.saturating_add(1).min(last)
        }
        Some(Action::PrevField) => form.focused = form.focused.saturating_sub(1),
        _ => {
            if let Some(field) = form.fields.get_mut(form.focused) {
                field.handle_event(&Event::Key(key));
            }
            form.error = None;
        }
    }
    state.overlay = Some(Overlay::CaseForm(form));
    Vec::new()
}

/// Keys on the case picker: choose a case and add the alert's file events to it.
pub(super) fn on_case_picker_key(
    state: &mut State,
    mut picker: CasePicker,
    key: KeyEvent,
) -> Vec<Effect> {
    match state.keymap.action_in(Layer::CasePicker, &key) {
        Some(Action::Close) => {
            state.status.pending.remove(&Slot::Cases);
            super::call_ended(state, Slot::Cases);
            return vec![Effect::Call(Call::Cancel(Slot::Cases))];
        }
        Some(Action::MoveDown) => {
            picker.selected =
                (picker.selected.saturating_add(1)).min(picker.cases.len().saturating_sub(1));
        }
        Some(Action::MoveUp) => picker.selected = picker.selected.saturating_sub(1),
        Some(Action::AddToPickedCase) => {
            if let Some(case) = picker.cases.get(picker.selected) {
                let event_ids = event_ids_for(state, &picker.source);
                if event_ids.is_empty() {
                    let noun = picker.source.noun();
                    info(state, format!("This {noun} has no file events to add"));
                    return Vec::new();
                }
                state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
                state.status.case = Some(CaseProgress {
                    case_number: Some(case.number),
                    events_added: 0,
                    events_total: event_ids.len(),
                });
                return vec![Effect::Call(Call::Mutation(Mutation::AddEventsToCase {
                    case_number: case.number,
                    event_ids,
                }))];
            }
        }
        _ => {}
    }
    state.overlay = Some(Overlay::CasePicker(picker));
    Vec::new()
}

pub(super) fn on_case_progress(
    state: &mut State,
    case_number: u64,
    events_added: usize,
    events_total: usize,
) {
    state.status.case = Some(CaseProgress {
        case_number: Some(case_number),
        events_added,
        events_total,
    });
    if let Some(Overlay::CaseForm(form)) = &mut state.overlay
        && form.creating
    {
        form.created = Some(case_number);
    }
}

pub(super) fn on_case_done(
    state: &mut State,
    created: bool,
    result: Result<(u64, usize), CallError>,
) {
    state.status.case = None;
    let form_waiting = match &mut state.overlay {
        Some(Overlay::CaseForm(form)) if created && form.creating => Some(form),
        _ => None,
    };
    match (result, form_waiting) {
        // Not created: the form stays as typed, with the reason, to fix and send again.
        (Err(error), Some(form)) if form.created.is_none() => {
            form.creating = false;
            form.error = Some(error.message);
        }
        (result, form) => {
            if form.is_some() {
                state.overlay = None;
            }
            match result {
                Ok((number, added)) if created => info(
                    state,
                    format!("Case #{number} created with {added} file events"),
                ),
                Ok((number, added)) => info(
                    state,
                    format!("Added {added} file events to case #{number}"),
                ),
                Err(error) => show_error(state, &error),
            }
        }
    }
}
