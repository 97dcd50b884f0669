//! Cases: the case form (create a case from the selected alert) and the case picker (add
//! its file events to a case), and the answers to both. The form's text stays until the
//! server has the case, and is never dropped without asking.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::overlays::ask_discard;
use super::{info, show_error};
use crate::tui::action::{Action, Layer};
use crate::tui::effect::{Call, Effect, Mutation, event_ids_of};
use crate::tui::state::{
    CallError, CaseFormEditor, CasePicker, CaseProgress, Overlay, Slot, State,
};

const STILL_LOADING: &str = "The alert's details are still loading; try again in a moment";

pub(super) fn open_case_form(state: &mut State) -> Vec<Effect> {
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
    let form = CaseFormEditor::new(detail.row.id.clone(), initial);
    state.overlay = Some(Overlay::CaseForm(Box::new(form)));
    Vec::new()
}

pub(super) fn open_case_picker(state: &mut State) -> Vec<Effect> {
    let Some(detail) = state.selected_detail() else {
        info(state, STILL_LOADING.into());
        return Vec::new();
    };
    let alert_id = detail.row.id.clone();
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Cases, request_id);
    state.overlay = Some(Overlay::CasePicker(CasePicker {
        alert_id,
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
        let event_ids = state
            .details
            .get(&form.alert_id)
            .map(event_ids_of)
            .unwrap_or_default();
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
                let event_ids = state
                    .details
                    .get(&picker.alert_id)
                    .map(event_ids_of)
                    .unwrap_or_default();
                if event_ids.is_empty() {
                    info(state, "This alert has no file events to add".into());
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
