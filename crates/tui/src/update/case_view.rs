//! What the cases view has of its own: the file events of the selected case, and who
//! it is assigned to (`A`). Its list, status changes and findings go through the flows
//! every list shares (`list`, `change`): the findings are a case's note.

use super::list::changed_here;
use super::{call_ended, info, show_error};
use crate::effect::{Call, Effect, Mutation};
use crate::state::{
    CallError, CaseEventRow, CaseEventsPane, CaseKind, ListKind, ListRow, NoteEditor, NotePurpose,
    Overlay, Slot, State, View,
};

/// The file events of one case, unless they are loaded or loading.
pub(super) fn load_events(state: &mut State, case_id: &str) -> Vec<Effect> {
    if state.case_events.case_id.as_deref() == Some(case_id) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::CaseEvents, request_id);
    state.case_events = CaseEventsPane {
        case_id: Some(case_id.to_string()),
        ..Default::default()
    };
    vec![Effect::Call(Call::LoadCaseEvents {
        request_id,
        case_id: case_id.to_string(),
    })]
}

pub(super) fn on_events_loaded(
    state: &mut State,
    request_id: u64,
    case_id: String,
    result: Result<Vec<CaseEventRow>, CallError>,
) {
    if !super::finish(state, Slot::CaseEvents, request_id)
        || state.case_events.case_id.as_deref() != Some(&case_id)
    {
        return;
    }
    let events = &mut state.case_events;
    match result {
        Ok(mut rows) => {
            // In the order they happened; events without a time last.
            rows.sort_by_key(|row| (row.time.is_none(), row.time));
            events.rows = rows;
            events.selected = 0;
            events.error = None;
        }
        Err(error) => {
            events.error = Some(error.clone());
            show_error(state, &error);
        }
    }
}

/// `A`: the editor of the selected case's assignee, on who it is assigned to now.
pub(super) fn open_assignee(state: &mut State) -> Vec<Effect> {
    if state.view != View::Cases {
        let key = state.keymap.keys_label(crate::action::Action::SwitchView);
        info(
            state,
            format!("Assigning is for cases: press {key} to show them"),
        );
        return Vec::new();
    }
    let Some(row) = state.cases.list.selected_row().filter(|r| r.has_id()) else {
        return Vec::new();
    };
    let purpose = NotePurpose::Assignee { id: row.id.clone() };
    let current = row.assignee.clone().unwrap_or_default();
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, current)));
    Vec::new()
}

/// Enter in the assignee's editor: sends it; the editor stays open until it is saved.
pub(super) fn assign(
    state: &mut State,
    editor: NoteEditor,
    id: String,
    assignee: String,
) -> Vec<Effect> {
    let empty = "type the user to assign the case to";
    super::send_from_editor(state, editor, assignee.is_empty(), empty, || {
        Effect::Call(Call::Mutation(Mutation::AssignCase { id, assignee }))
    })
}

pub(super) fn on_assigned(
    state: &mut State,
    id: String,
    assignee: String,
    result: Result<Option<String>, CallError>,
) -> Vec<Effect> {
    call_ended(state, Slot::Mutation);
    state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
    let editor_open = matches!(
        &state.overlay,
        Some(Overlay::Note(NoteEditor {
            purpose: NotePurpose::Assignee { id: open },
            ..
        })) if *open == id
    );
    match result {
        Ok(now) => {
            changed_here::<CaseKind>(state, &id);
            let shown = now.unwrap_or(assignee);
            let at = state.now;
            let pane = CaseKind::pane_mut(state);
            if let Some(row) = pane.list.row_mut(&id) {
                row.assignee = Some(shown.clone());
                CaseKind::changed_on_row(row, at);
            }
            if let Some(detail) = pane.details.get_mut(&id) {
                detail.row.assignee = Some(shown.clone());
                detail.row.updated = Some(at);
            }
            if editor_open {
                state.overlay = None;
            }
            info(
                state,
                format!(
                    "Case {id} assigned to {}",
                    crate::sanitize::one_line(&shown)
                ),
            );
        }
        Err(error) => {
            super::refused_in_editor(state, editor_open, error);
        }
    }
    super::stopping::after_mutation(state)
}
