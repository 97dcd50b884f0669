//! Changes to sessions: a state change (`r` close, `t`/`f`/`b` close as true positive,
//! false positive or benign, `o` reopen, `i` in progress) with an optional note and a
//! confirmation, sent in calls of at most 100 ids; and a new note (`n`). Session notes
//! accumulate, so nothing is replaced and nothing needs reading first.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::{info, show_error};
use crate::tui::action::{Action, Layer};
use crate::tui::effect::{Call, Effect, Mutation};
use crate::tui::state::{
    CallError, Confirm, ConfirmKind, NoteEditor, NotePurpose, Overlay, SessionNoteView,
    SessionStateChangeView, SessionStateView, State,
};

/// Marked sessions in list order, or the selected one when nothing is marked.
fn target_ids(state: &State) -> Vec<String> {
    let list = &state.sessions.list;
    if list.marked.is_empty() {
        return list
            .selected_row()
            .filter(|r| r.has_id())
            .map(|r| vec![r.id.clone()])
            .unwrap_or_default();
    }
    let mut ids: Vec<String> = list
        .rows
        .iter()
        .filter(|r| list.marked.contains(&r.id))
        .map(|r| r.id.clone())
        .collect();
    let mut others: Vec<String> = list
        .marked
        .iter()
        .filter(|id| !ids.contains(id))
        .cloned()
        .collect();
    others.sort();
    ids.extend(others);
    ids
}

pub(super) fn start_state_change(state: &mut State, new_state: SessionStateView) -> Vec<Effect> {
    let ids = target_ids(state);
    if ids.is_empty() {
        return Vec::new();
    }
    let purpose = NotePurpose::SessionStateChange {
        ids,
        state: new_state,
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, String::new())));
    Vec::new()
}

fn question(ids: &[String], new_state: &SessionStateView, note: Option<&str>) -> String {
    let noun = if ids.len() == 1 {
        "session"
    } else {
        "sessions"
    };
    match note {
        Some(note) => format!(
            "{} {} {noun} and add the note \"{note}\"?",
            new_state.verb(),
            ids.len()
        ),
        None => format!("{} {} {noun} without a note?", new_state.verb(), ids.len()),
    }
}

/// Enter in the note editor of a session state change: on to the confirmation.
pub(super) fn on_note_entered(
    state: &mut State,
    ids: Vec<String>,
    new_state: SessionStateView,
    text: String,
) -> Vec<Effect> {
    let note = (!text.is_empty()).then_some(text);
    state.overlay = Some(Overlay::Confirm(Confirm {
        question: question(&ids, &new_state, note.as_deref()),
        kind: ConfirmKind::SessionStateChange {
            ids,
            state: new_state,
            note,
        },
    }));
    Vec::new()
}

/// Keys on the confirmation: `y` sends the change, `n` goes back to its note.
pub(super) fn on_confirm_key(
    state: &mut State,
    confirm: Confirm,
    ids: Vec<String>,
    new_state: SessionStateView,
    note: Option<String>,
    key: KeyEvent,
) -> Vec<Effect> {
    match state.keymap.action_in(Layer::Confirm, &key) {
        Some(Action::Yes) => run_state_change(state, ids, new_state, note),
        Some(Action::No) => {
            let purpose = NotePurpose::SessionStateChange {
                ids,
                state: new_state,
            };
            let mut editor = NoteEditor::new(purpose, String::new());
            editor.input = tui_input::Input::new(note.unwrap_or_default());
            state.overlay = Some(Overlay::Note(editor));
            Vec::new()
        }
        _ => {
            state.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
    }
}

/// Splits the change into calls of at most 100 ids each.
fn run_state_change(
    state: &mut State,
    ids: Vec<String>,
    new_state: SessionStateView,
    note: Option<String>,
) -> Vec<Effect> {
    let verb = new_state.verb().to_string();
    super::state_change::start_bulk(
        state,
        ids,
        verb,
        "sessions",
        note,
        |operation, ids, note| Mutation::UpdateSessionStates {
            operation,
            ids,
            state: new_state.clone(),
            note,
        },
    )
}

pub(super) fn on_states_updated(
    state: &mut State,
    operation: u64,
    ids: Vec<String>,
    changed: Vec<String>,
    new_state: SessionStateView,
    result: Result<(), CallError>,
) {
    let Some(index) = state
        .status
        .bulk
        .iter()
        .position(|b| b.operation == operation)
    else {
        return;
    };
    let now = state.now;
    let Some(bulk) = state.status.bulk.get_mut(index) else {
        return;
    };
    bulk.chunks_left = bulk.chunks_left.saturating_sub(1);
    // Sessions wholly changed count as done even when the call failed after them: a
    // retry of the others then adds no note twice.
    let failed: Vec<String> = ids.into_iter().filter(|id| !changed.contains(id)).collect();
    bulk.done = bulk.done.saturating_add(changed.len());
    if let Err(error) = result {
        bulk.failed.extend(failed.iter().cloned());
        bulk.last_error = Some(error.message);
    }
    let note = bulk.note.clone();
    let sessions = &mut state.sessions;
    for id in &changed {
        sessions.list.marked.remove(id);
        if let Some(detail) = sessions.details.get_mut(id) {
            detail.row.state = new_state.clone();
            detail.states.push(SessionStateChangeView {
                state: new_state.clone(),
                by: None,
                at: Some(now),
            });
            if let Some(content) = &note {
                detail.notes.push(added_note(content, now));
            }
        }
    }
    for row in sessions
        .list
        .rows
        .iter_mut()
        .filter(|r| changed.contains(&r.id))
    {
        row.state = new_state.clone();
    }
    // Marked (again) for a retry.
    sessions.list.marked.extend(failed);
    super::state_change::finish_if_done(state, index);
}

/// A note just added, as the detail pane shows it until the session is read again.
fn added_note(content: &str, at: DateTime<Utc>) -> SessionNoteView {
    SessionNoteView {
        content: content.to_string(),
        author: None,
        at: Some(at),
    }
}

/// `n`: a new note on the selected session.
pub(super) fn open_note_editor(state: &mut State) -> Vec<Effect> {
    let Some(row) = state.sessions.list.selected_row().filter(|r| r.has_id()) else {
        return Vec::new();
    };
    let purpose = NotePurpose::SessionNote {
        session_id: row.id.clone(),
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, String::new())));
    Vec::new()
}

/// Enter in the editor of `n`: sends the note; the editor stays open until it is added.
pub(super) fn save_note(
    state: &mut State,
    mut editor: NoteEditor,
    session_id: String,
    text: String,
) -> Vec<Effect> {
    if text.is_empty() {
        editor.error = Some(CallError::new("the note is empty"));
        state.overlay = Some(Overlay::Note(editor));
        return Vec::new();
    }
    editor.saving = true;
    editor.error = None;
    state.overlay = Some(Overlay::Note(editor));
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
    vec![Effect::Call(Call::Mutation(Mutation::AddSessionNote {
        session_id,
        note: text,
    }))]
}

pub(super) fn on_note_added(
    state: &mut State,
    session_id: String,
    note: String,
    result: Result<(), CallError>,
) {
    let editor_open = matches!(
        &state.overlay,
        Some(Overlay::Note(NoteEditor { purpose: NotePurpose::SessionNote { session_id: open }, .. })) if *open == session_id
    );
    match result {
        Ok(()) => {
            let now = state.now;
            if let Some(detail) = state.sessions.details.get_mut(&session_id) {
                detail.notes.push(added_note(&note, now));
            }
            if editor_open {
                state.overlay = None;
            }
            info(state, format!("Note added to session {session_id}"));
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
