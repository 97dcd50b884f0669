//! Notes a change would replace: read fresh before the note editor opens, and counted
//! before a state change with a note is confirmed, so a colleague's note is never
//! replaced unseen. The note of `n` is sent and answered here too; the editor's keys,
//! shared with the note step of a state change, are routed in `update/mod.rs`.

use super::{finish, info, show_error, show_text_error};
use crate::tui::effect::{Call, Effect, Mutation};
use crate::tui::state::{
    AlertDetailView, CallError, ConfirmKind, NoteCheck, NoteEditor, NotePurpose, NoteView, Overlay,
    Slot, State,
};
fn has_note(detail: &AlertDetailView) -> bool {
    detail
        .note
        .as_ref()
        .is_some_and(|n| !n.message.trim().is_empty())
}

fn start_fetch(state: &mut State, ids: Vec<String>) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Notes, request_id);
    vec![Effect::Call(Call::FetchNotes { request_id, ids })]
}

/// `n`: reads the alert again, then opens the editor on the note it has now.
pub(super) fn open_note_editor(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.alerts.selected_row().filter(|r| r.has_id()) else {
        return Vec::new();
    };
    let alert_id = row.id.clone();
    state.note_opening = Some(alert_id.clone());
    start_fetch(state, vec![alert_id])
}

/// Stops waiting for notes (the confirmation or the editor was given up).
pub(super) fn cancel(state: &mut State) -> Vec<Effect> {
    state.note_opening = None;
    super::call_ended(state, Slot::Notes);
    if state.status.pending.remove(&Slot::Notes).is_some() {
        vec![Effect::Call(Call::Cancel(Slot::Notes))]
    } else {
        Vec::new()
    }
}

/// What replacing the notes of `ids` would replace, as far as the loaded details tell.
fn count(state: &State, ids: &[String]) -> NoteCheck {
    let mut with_note: usize = 0;
    let mut unknown: usize = 0;
    for id in ids {
        match state.details.get(id) {
            Some(detail) if has_note(detail) => with_note = with_note.saturating_add(1),
            Some(_) => {}
            None => unknown = unknown.saturating_add(1),
        }
    }
    NoteCheck::Known { with_note, unknown }
}

/// Counts the notes a state change with a note would replace, reading the details of
/// alerts not loaded yet.
pub(super) fn check(state: &mut State, ids: &[String]) -> (NoteCheck, Vec<Effect>) {
    let missing: Vec<String> = ids
        .iter()
        .filter(|id| !state.details.contains_key(*id))
        .cloned()
        .collect();
    if missing.is_empty() {
        return (count(state, ids), Vec::new());
    }
    (NoteCheck::Checking, start_fetch(state, missing))
}

pub(super) fn on_fetched(
    state: &mut State,
    request_id: u64,
    result: Result<Vec<AlertDetailView>, CallError>,
) {
    if !finish(state, Slot::Notes, request_id) {
        return;
    }
    let error = match result {
        Ok(details) => {
            for detail in details {
                state.detail_errors.remove(&detail.row.id);
                state.details.insert(detail.row.id.clone(), detail);
            }
            None
        }
        Err(error) => Some(error.message),
    };
    let known = match &state.overlay {
        Some(Overlay::Confirm(confirm)) => match &confirm.kind {
            ConfirmKind::StateChange {
                ids,
                notes: NoteCheck::Checking,
                ..
            } => Some(match &error {
                Some(reason) => NoteCheck::Failed(reason.clone()),
                None => count(state, ids),
            }),
            ConfirmKind::StateChange { .. } | ConfirmKind::SessionStateChange { .. } => None,
        },
        _ => None,
    };
    if let Some(known) = known
        && let Some(Overlay::Confirm(confirm)) = &mut state.overlay
        && let ConfirmKind::StateChange { notes, .. } = &mut confirm.kind
    {
        *notes = known;
    }
    if let Some(alert_id) = state.note_opening.take() {
        open_fresh(state, alert_id, error);
    }
}

/// Opens the note editor on the note just read; without it, saving could replace a
/// note nobody has seen, so the editor stays closed.
fn open_fresh(state: &mut State, alert_id: String, error: Option<String>) {
    if state.overlay.is_some() {
        return;
    }
    let current = match (error, state.details.get(&alert_id)) {
        (None, Some(detail)) => detail
            .note
            .as_ref()
            .map(|n| n.message.clone())
            .unwrap_or_default(),
        (error, _) => {
            let reason = error.unwrap_or_else(|| "the server did not return it".into());
            show_text_error(
                state,
                format!("Could not read the current note of alert {alert_id}: {reason}"),
            );
            return;
        }
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(
        NotePurpose::AlertNote { alert_id },
        current,
    )));
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
                detail.note = Some(NoteView {
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

/// Enter in the editor of `n`: sends the note; the editor stays open until it is saved.
pub(super) fn save(
    state: &mut State,
    mut editor: NoteEditor,
    alert_id: String,
    text: String,
) -> Vec<Effect> {
    editor.saving = true;
    editor.error = None;
    state.overlay = Some(Overlay::Note(editor));
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
    vec![Effect::Call(Call::Mutation(Mutation::SaveNote {
        alert_id,
        note: text,
    }))]
}
