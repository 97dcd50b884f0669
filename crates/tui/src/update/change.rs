//! Changes to the items of a list, whatever their kind: a state change (`r`, `o`, `p`,
//! `i`, and for sessions `t`, `f`, `b`) with an optional note and a confirmation with
//! the exact count, sent in calls of at most 100 ids; and a note (`n`). Where a note
//! replaces the item's note (alerts), the current notes are read from the server before
//! the confirmation and before the editor opens, never taken from what was read
//! earlier, so a colleague's note is never replaced unseen.

use std::collections::HashMap;

use crossterm::event::KeyEvent;

use super::list::{Kind, changed_here, is_stale, note_state};
use super::{call_ended, finish, info, show_text_error};
use crate::action::{Action, Layer};
use crate::effect::{Call, Effect, ListCall, ListMutation};
use crate::state::{
    CallError, Confirm, ConfirmKind, ListKind, ListRow, NoteCheck, NoteEditor, NotePurpose,
    Overlay, Slot, State,
};

/// A change key on the list: the note editor for the marked items (or the selected one).
pub(super) fn start<K: Kind>(state: &mut State, action: Action) -> Vec<Effect> {
    if K::state_of(action).is_none() {
        return Vec::new();
    }
    let ids = K::pane(state).list.target_ids();
    if ids.is_empty() {
        return Vec::new();
    }
    let purpose = NotePurpose::StateChange {
        view: K::VIEW,
        ids,
        action,
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, String::new())));
    Vec::new()
}

/// Enter in the note editor of a state change: on to the confirmation, once the notes
/// it would replace are read (when it replaces any).
pub(super) fn on_note_entered<K: Kind>(
    state: &mut State,
    ids: Vec<String>,
    action: Action,
    text: String,
) -> Vec<Effect> {
    let Some(new_state) = K::state_of(action) else {
        return Vec::new();
    };
    let note = (!text.is_empty()).then_some(text);
    let (notes, effects) = if note.is_some() && K::NOTE_REPLACES {
        (NoteCheck::Checking, read_notes::<K>(state, ids.clone()))
    } else {
        (NoteCheck::NotNeeded, Vec::new())
    };
    state.overlay = Some(Overlay::Confirm(Confirm {
        question: question::<K>(&ids, &new_state, note.as_deref()),
        kind: ConfirmKind::StateChange {
            view: K::VIEW,
            ids,
            action,
            note,
            notes,
        },
    }));
    effects
}

/// What the kind's note is called: a case's findings are its note.
fn note_word<K: ListKind>() -> &'static str {
    if K::VIEW == crate::state::View::Cases {
        "findings"
    } else {
        "note"
    }
}

/// "Resolve 37 alerts with note "…"?", "Close 3 sessions and add the note "…"?".
fn question<K: ListKind>(ids: &[String], new_state: &K::StateView, note: Option<&str>) -> String {
    let (one, many) = K::VIEW.nouns();
    let noun = if ids.len() == 1 { one } else { many };
    let verb = K::verb(new_state);
    let count = ids.len();
    let what = note_word::<K>();
    match note {
        Some(note) if K::NOTE_REPLACES => format!("{verb} {count} {noun} with {what} \"{note}\"?"),
        Some(note) => format!("{verb} {count} {noun} and add the note \"{note}\"?"),
        None if what == "note" => format!("{verb} {count} {noun} without a note?"),
        None => format!("{verb} {count} {noun} without {what}?"),
    }
}

/// Keys on the confirmation: yes sends the change (not before the notes it would
/// replace are known), no goes back to its note.
pub(super) fn on_confirm_key<K: Kind>(
    state: &mut State,
    confirm: Confirm,
    key: KeyEvent,
) -> Vec<Effect> {
    let ConfirmKind::StateChange {
        ids,
        action,
        note,
        notes,
        ..
    } = confirm.kind.clone();
    match state.keymap.action_in(Layer::Confirm, &key) {
        Some(Action::Yes) if notes != NoteCheck::Checking => run::<K>(state, ids, action, note),
        // Back to the note, as typed: a "no" here is not a reason to lose it.
        Some(Action::No) => {
            let purpose = NotePurpose::StateChange {
                view: K::VIEW,
                ids,
                action,
            };
            let mut editor = NoteEditor::new(purpose, String::new());
            editor.input = tui_input::Input::new(note.unwrap_or_default());
            state.overlay = Some(Overlay::Note(editor));
            cancel_notes(state)
        }
        _ => {
            state.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
    }
}

/// Splits the change into calls of at most 100 ids each.
fn run<K: Kind>(
    state: &mut State,
    ids: Vec<String>,
    action: Action,
    note: Option<String>,
) -> Vec<Effect> {
    let Some(new_state) = K::state_of(action) else {
        return Vec::new();
    };
    let verb = K::verb(&new_state).to_string();
    super::bulk::start(
        state,
        ids,
        verb,
        K::VIEW.nouns().1,
        note,
        |operation, ids, note| {
            K::mutation(ListMutation::UpdateStates {
                operation,
                ids,
                state: new_state.clone(),
                note,
            })
        },
    )
}

/// A chunk of a state change answered: the items wholly changed take the new state
/// (and the note) in the list and the details; the others stay marked for a retry.
pub(super) fn on_states_updated<K: Kind>(
    state: &mut State,
    operation: u64,
    ids: Vec<String>,
    completed: Vec<String>,
    new_state: K::StateView,
    result: Result<(), CallError>,
) -> Vec<Effect> {
    call_ended(state, Slot::Mutation);
    state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
    if let Some(index) = state
        .status
        .bulk
        .iter()
        .position(|b| b.operation == operation)
    {
        apply_chunk::<K>(state, index, ids, completed, new_state, result);
        super::bulk::finish_if_done(state, index);
    }
    super::stopping::after_mutation(state)
}

fn apply_chunk<K: Kind>(
    state: &mut State,
    index: usize,
    ids: Vec<String>,
    completed: Vec<String>,
    new_state: K::StateView,
    result: Result<(), CallError>,
) {
    let now = state.now;
    let Some(bulk) = state.status.bulk.get_mut(index) else {
        return;
    };
    bulk.chunks_left = bulk.chunks_left.saturating_sub(1);
    // Items wholly changed count as done even when the call failed after them: a retry
    // of the others then adds no note twice.
    let failed: Vec<String> = ids
        .into_iter()
        .filter(|id| !completed.contains(id))
        .collect();
    bulk.done = bulk.done.saturating_add(completed.len());
    if let Err(error) = &result {
        bulk.failed.extend(failed.iter().cloned());
        bulk.last_error = Some(error.message.clone());
    }
    let note = bulk.note.clone();
    for id in &completed {
        changed_here::<K>(state, id);
        let pane = K::pane_mut(state);
        pane.list.marked.remove(id);
        if let Some(detail) = pane.details.get_mut(id) {
            K::apply_change(detail, &new_state, note.as_deref(), now);
        }
        if let Some(row) = pane.list.row_mut(id) {
            K::set_row_state(row, &new_state);
            if let Some(note) = note.as_deref() {
                K::note_on_row(row, note);
            }
            K::changed_on_row(row, now);
        }
    }
    note_state::<K>(state, &completed, &new_state);
    if result.is_err() {
        // Marked (again, if the marks were cleared meanwhile) for a retry.
        K::pane_mut(state).list.marked.extend(failed);
    }
}

/// Reads the details of `ids` for the notes they have now.
fn read_notes<K: Kind>(state: &mut State, ids: Vec<String>) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Notes, request_id);
    vec![K::effect(ListCall::ReadDetails {
        request_id,
        slot: Slot::Notes,
        ids,
    })]
}

/// Stops waiting for notes (the confirmation or the editor was given up).
pub(super) fn cancel_notes(state: &mut State) -> Vec<Effect> {
    state.note_opening = None;
    call_ended(state, Slot::Notes);
    if state.status.pending.remove(&Slot::Notes).is_some() {
        vec![Effect::Call(Call::Cancel(Slot::Notes))]
    } else {
        Vec::new()
    }
}

/// The notes read: the confirmation says how many the change would replace (of the
/// items read now; those not returned count as not known), and the editor of `n`
/// opens on the note the item has now.
pub(super) fn on_notes_read<K: Kind>(
    state: &mut State,
    request_id: u64,
    result: Result<Vec<K::Detail>, CallError>,
) -> Vec<Effect> {
    if !finish(state, Slot::Notes, request_id) {
        return Vec::new();
    }
    let (fresh, error) = match result {
        Ok(details) => (details, None),
        Err(error) => (Vec::new(), Some(error.message)),
    };
    let notes: HashMap<String, Option<String>> = fresh
        .iter()
        .map(|d| {
            let row = K::detail_row(d);
            (row.id().to_string(), K::current_note(d).map(str::to_string))
        })
        .collect();
    for detail in fresh {
        let key = K::detail_row(&detail).key().to_string();
        if !is_stale::<K>(state, &key, request_id) {
            let pane = K::pane_mut(state);
            pane.detail_errors.remove(&key);
            pane.details.insert(key, detail);
        }
    }
    if let Some(Overlay::Confirm(confirm)) = &mut state.overlay {
        let ConfirmKind::StateChange {
            view,
            ids,
            notes: check,
            ..
        } = &mut confirm.kind;
        if *view == K::VIEW && *check == NoteCheck::Checking {
            *check = match &error {
                Some(reason) => NoteCheck::Failed(reason.clone()),
                None => count(ids, &notes),
            };
        }
    }
    if let Some(id) = state.note_opening.take() {
        open_fresh::<K>(state, id, error, &notes);
    }
    Vec::new()
}

/// How many of `ids` have a note, of the notes just read.
fn count(ids: &[String], notes: &HashMap<String, Option<String>>) -> NoteCheck {
    let mut with_note: usize = 0;
    let mut unknown: usize = 0;
    for id in ids {
        match notes.get(id) {
            Some(Some(_)) => with_note = with_note.saturating_add(1),
            Some(None) => {}
            None => unknown = unknown.saturating_add(1),
        }
    }
    NoteCheck::Known { with_note, unknown }
}

/// `n`: where notes are replaced, the item is read again and the editor opens on the
/// note it has now; where they join each other, the editor opens empty.
pub(super) fn open_note_editor<K: Kind>(state: &mut State) -> Vec<Effect> {
    let Some(row) = K::pane(state).list.selected_row().filter(|r| r.has_id()) else {
        return Vec::new();
    };
    let id = row.id().to_string();
    if K::NOTE_REPLACES {
        state.note_opening = Some(id.clone());
        return read_notes::<K>(state, vec![id]);
    }
    let purpose = NotePurpose::Note { view: K::VIEW, id };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, String::new())));
    Vec::new()
}

/// Opens the note editor on the note just read; without it, saving could replace a
/// note nobody has seen, so the editor stays closed.
fn open_fresh<K: Kind>(
    state: &mut State,
    id: String,
    error: Option<String>,
    notes: &HashMap<String, Option<String>>,
) {
    if state.overlay.is_some() {
        return;
    }
    let current = match (error, notes.get(&id)) {
        (None, Some(note)) => note.clone().unwrap_or_default(),
        (error, _) => {
            let reason = error.unwrap_or_else(|| "the server did not return it".into());
            let noun = K::VIEW.nouns().0;
            show_text_error(
                state,
                format!(
                    "Could not read the current {} of {noun} {id}: {reason}",
                    note_word::<K>()
                ),
            );
            return;
        }
    };
    let purpose = NotePurpose::Note { view: K::VIEW, id };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, current)));
}

/// Enter in the editor of `n`: sends the note; the editor stays open until it is saved.
pub(super) fn save_note<K: Kind>(
    state: &mut State,
    editor: NoteEditor,
    id: String,
    text: String,
) -> Vec<Effect> {
    super::send_from_editor(state, editor, text.is_empty(), "the note is empty", || {
        K::mutation_effect(ListMutation::SaveNote { id, note: text })
    })
}

pub(super) fn on_note_saved<K: Kind>(
    state: &mut State,
    id: String,
    note: String,
    result: Result<(), CallError>,
) -> Vec<Effect> {
    call_ended(state, Slot::Mutation);
    state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
    let editor_open = matches!(
        &state.overlay,
        Some(Overlay::Note(NoteEditor {
            purpose: NotePurpose::Note { view, id: open },
            ..
        })) if *view == K::VIEW && *open == id
    );
    match result {
        Ok(()) => {
            changed_here::<K>(state, &id);
            let now = state.now;
            let pane = K::pane_mut(state);
            if let Some(detail) = pane.details.get_mut(&id) {
                K::apply_note(detail, &note, now);
            }
            if let Some(row) = pane.list.row_mut(&id) {
                K::note_on_row(row, &note);
                K::changed_on_row(row, now);
            }
            if editor_open {
                state.overlay = None;
            }
            let noun = K::VIEW.nouns().0;
            let said = if K::VIEW == crate::state::View::Cases {
                format!("Findings saved on {noun} {id}")
            } else if K::NOTE_REPLACES {
                format!("Note saved on {noun} {id}")
            } else {
                format!("Note added to {noun} {id}")
            };
            info(state, said);
        }
        Err(error) => {
            super::refused_in_editor(state, editor_open, error);
        }
    }
    super::stopping::after_mutation(state)
}
