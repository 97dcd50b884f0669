//! Results of mutations: bulk state changes and notes.

use super::{info, show_error};
use crate::action::CallError;
use crate::state::{
    AlertStateView, NoteEditor, NotePurpose, Overlay, State, StatusKind, StatusMessage,
};

pub(super) fn on_states_updated(
    state: &mut State,
    operation: u64,
    ids: Vec<String>,
    new_state: AlertStateView,
    result: Result<(), CallError>,
) {
    let Some(bulk) = state
        .status
        .bulk
        .as_mut()
        .filter(|b| b.operation == operation)
    else {
        return;
    };
    bulk.chunks_left = bulk.chunks_left.saturating_sub(1);
    match result {
        Ok(()) => {
            bulk.done = bulk.done.saturating_add(ids.len());
            for id in &ids {
                state.alerts.marked.remove(id);
                if let Some(detail) = state.details.get_mut(id) {
                    detail.row.state = new_state.clone();
                }
            }
            for row in state.alerts.rows.iter_mut().filter(|r| ids.contains(&r.id)) {
                row.state = new_state.clone();
            }
        }
        Err(error) => {
            bulk.failed.extend(ids);
            bulk.last_error = Some(error.message);
        }
    }
    if bulk.chunks_left > 0 {
        return;
    }
    if let Some(bulk) = state.status.bulk.take() {
        if bulk.failed.is_empty() {
            info(
                state,
                format!("{}: done for {} alerts", bulk.verb, bulk.done),
            );
        } else {
            let text = format!(
                "{}: {} of {} failed ({}); still marked: {}",
                bulk.verb,
                bulk.failed.len(),
                bulk.total,
                bulk.last_error.unwrap_or_default(),
                bulk.failed.join(", ")
            );
            state.status.message = Some(StatusMessage {
                kind: StatusKind::Error,
                text,
            });
        }
    }
}

pub(super) fn on_note_saved(
    state: &mut State,
    alert_id: String,
    note: String,
    result: Result<(), CallError>,
) {
    let editor_open = matches!(
        &state.overlay,
        Some(Overlay::Note(NoteEditor { purpose: NotePurpose::AlertNote { alert_id: open }, .. })) if *open == alert_id
    );
    match result {
        Ok(()) => {
            if let Some(detail) = state.details.get_mut(&alert_id) {
                detail.note = Some(crate::state::NoteView {
                    message: note,
                    modified_by: None,
                    modified_at: None,
                });
            }
            if editor_open {
                state.overlay = None;
            }
            info(state, format!("Note saved on alert {alert_id}"));
        }
        Err(error) => {
            if editor_open && let Some(Overlay::Note(editor)) = &mut state.overlay {
                editor.saving = false;
                editor.error = Some(error);
            } else {
                show_error(state, &error);
            }
        }
    }
}
