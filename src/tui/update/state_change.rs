//! A change of alert state (`r` resolve, `o` reopen, `p` pending, `i` in progress) from
//! start to end: the alerts it targets, the note asked for, the confirmation (counting
//! the notes it would replace), the calls of at most 100 ids, and their results.

use std::collections::HashSet;

use crossterm::event::KeyEvent;

use crate::api::MAX_IDS_PER_CALL;
use crate::tui::action::{Action, Layer};
use crate::tui::effect::{Call, Effect, Mutation};
use crate::tui::state::{
    AlertStateView, BulkProgress, CallError, Confirm, ConfirmKind, NoteCheck, NoteEditor,
    NotePurpose, NoteView, Overlay, State, StatusKind, StatusMessage,
};

/// Marked alerts in list order, or the selected one when nothing is marked.
fn target_ids(state: &State) -> Vec<String> {
    let list = &state.alerts;
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
    let listed: HashSet<&String> = ids.iter().collect();
    let mut others: Vec<String> = list
        .marked
        .iter()
        .filter(|id| !listed.contains(id))
        .cloned()
        .collect();
    others.sort();
    ids.extend(others);
    ids
}

pub(super) fn start_state_change(state: &mut State, new_state: AlertStateView) -> Vec<Effect> {
    let ids = target_ids(state);
    if ids.is_empty() {
        return Vec::new();
    }
    let purpose = NotePurpose::StateChange {
        ids,
        state: new_state,
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(purpose, String::new())));
    Vec::new()
}

/// Enter in the note editor of a state change: on to the confirmation, once the notes
/// the change would replace are counted.
pub(super) fn on_note_entered(
    state: &mut State,
    ids: Vec<String>,
    new_state: AlertStateView,
    text: String,
) -> Vec<Effect> {
    let note = (!text.is_empty()).then_some(text);
    let (notes, effects) = if note.is_some() {
        super::note::check(state, &ids)
    } else {
        (NoteCheck::NotNeeded, Vec::new())
    };
    state.overlay = Some(Overlay::Confirm(Confirm {
        question: confirm_question(&ids, &new_state, note.as_deref()),
        kind: ConfirmKind::StateChange {
            ids,
            state: new_state,
            note,
            notes,
        },
    }));
    effects
}

/// The note editor of a state change again, holding the note typed for it.
pub(super) fn back_to_state_change_note(
    state: &mut State,
    ids: Vec<String>,
    new_state: AlertStateView,
    note: Option<String>,
) {
    let purpose = NotePurpose::StateChange {
        ids,
        state: new_state,
    };
    let mut editor = NoteEditor::new(purpose, String::new());
    editor.input = tui_input::Input::new(note.unwrap_or_default());
    state.overlay = Some(Overlay::Note(editor));
}

pub(super) fn confirm_question(
    ids: &[String],
    new_state: &AlertStateView,
    note: Option<&str>,
) -> String {
    let noun = if ids.len() == 1 { "alert" } else { "alerts" };
    match note {
        Some(note) => format!(
            "{} {} {noun} with note \"{note}\"?",
            new_state.verb(),
            ids.len()
        ),
        None => format!("{} {} {noun} without a note?", new_state.verb(), ids.len()),
    }
}

/// Keys on the confirmation (the confirm layer): yes sends the change, no goes back to its note.
pub(super) fn on_confirm_key(state: &mut State, confirm: Confirm, key: KeyEvent) -> Vec<Effect> {
    let ConfirmKind::StateChange {
        ids,
        state: new_state,
        note,
        notes,
    } = confirm.kind.clone()
    else {
        return Vec::new();
    };
    match state.keymap.action_in(Layer::Confirm, &key) {
        // Not before the notes it would replace are known.
        Some(Action::Yes) if notes != NoteCheck::Checking => {
            run_state_change(state, ids, new_state, note)
        }
        // Back to the note, as typed: a "no" here is not a reason to lose it.
        Some(Action::No) => {
            back_to_state_change_note(state, ids, new_state, note);
            super::note::cancel(state)
        }
        _ => {
            state.overlay = Some(Overlay::Confirm(confirm));
            Vec::new()
        }
    }
}

/// Splits the change into calls of at most 100 ids each.
pub(super) fn run_state_change(
    state: &mut State,
    ids: Vec<String>,
    new_state: AlertStateView,
    note: Option<String>,
) -> Vec<Effect> {
    let verb = new_state.verb().to_string();
    start_bulk(state, ids, verb, "alerts", note, |operation, ids, note| {
        Mutation::UpdateStates {
            operation,
            ids,
            state: new_state.clone(),
            note,
        }
    })
}

/// Queues a bulk change of alerts or sessions (`noun`, plural): its progress in the
/// status, and one mutation (`chunk` makes it) per call of at most 100 ids.
pub(super) fn start_bulk(
    state: &mut State,
    ids: Vec<String>,
    verb: String,
    noun: &'static str,
    note: Option<String>,
    chunk: impl Fn(u64, Vec<String>, Option<String>) -> Mutation,
) -> Vec<Effect> {
    let operation = state.take_request_id();
    let chunks: Vec<Vec<String>> = ids
        .chunks(MAX_IDS_PER_CALL)
        .map(<[String]>::to_vec)
        .collect();
    if state.status.bulk.is_empty() {
        state.status.bulk_reports.clear();
    }
    state.status.bulk.push(BulkProgress {
        operation,
        verb,
        noun,
        note: note.clone(),
        total: ids.len(),
        done: 0,
        failed: Vec::new(),
        not_sent: Vec::new(),
        chunks_left: chunks.len(),
        last_error: None,
    });
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(chunks.len());
    chunks
        .into_iter()
        .map(|ids| Effect::Call(Call::Mutation(chunk(operation, ids, note.clone()))))
        .collect()
}

pub(super) fn on_states_updated(
    state: &mut State,
    operation: u64,
    ids: Vec<String>,
    new_state: AlertStateView,
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
    let Some(bulk) = state.status.bulk.get_mut(index) else {
        return;
    };
    bulk.chunks_left = bulk.chunks_left.saturating_sub(1);
    match result {
        Ok(()) => {
            bulk.done = bulk.done.saturating_add(ids.len());
            let note = bulk.note.clone();
            for id in &ids {
                state.alerts.marked.remove(id);
                if let Some(detail) = state.details.get_mut(id) {
                    detail.row.state = new_state.clone();
                    if let Some(message) = &note {
                        detail.note = Some(NoteView {
                            message: message.clone(),
                            modified_by: None,
                            modified_at: None,
                        });
                    }
                }
            }
            for row in state.alerts.rows.iter_mut().filter(|r| ids.contains(&r.id)) {
                row.state = new_state.clone();
            }
        }
        Err(error) => {
            bulk.failed.extend(ids.iter().cloned());
            bulk.last_error = Some(error.message);
            // Marked (again, if the marks were cleared meanwhile) for a retry.
            state.alerts.marked.extend(ids);
        }
    }
    finish_if_done(state, index);
}

/// Reports the bulk change at `index` once every chunk of it is answered or dropped.
pub(super) fn finish_if_done(state: &mut State, index: usize) {
    if state
        .status
        .bulk
        .get(index)
        .is_none_or(|b| b.chunks_left > 0)
    {
        return;
    }
    let bulk = state.status.bulk.remove(index);
    if state.stopping.is_some() {
        let line = super::stopping::exit_line(state, &bulk, 0);
        if let Some(stopping) = &mut state.stopping {
            stopping.report.push(line);
        }
    }
    let report = bulk_report(&bulk);
    state.status.bulk_reports.push(report);
    // Changes that end while others run are reported together, in order, so a later
    // success never hides an earlier failure.
    let reports = &state.status.bulk_reports;
    let kind = if reports.iter().any(|r| r.kind == StatusKind::Error) {
        StatusKind::Error
    } else {
        StatusKind::Info
    };
    let text = reports
        .iter()
        .map(|r| r.text.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    state.status.message = Some(StatusMessage { kind, text });
    if state.status.bulk.is_empty() {
        state.status.bulk_reports.clear();
    }
}

/// Items shown by id in a report; the rest are counted.
const IDS_SHOWN: usize = 5;

fn bulk_report(bulk: &BulkProgress) -> StatusMessage {
    if bulk.failed.is_empty() && bulk.not_sent.is_empty() {
        return StatusMessage {
            kind: StatusKind::Info,
            text: format!(
                "{}: done for {}",
                bulk.verb,
                super::counted(bulk.done, bulk.noun)
            ),
        };
    }
    let mut text = if bulk.not_sent.is_empty() {
        format!(
            "{}: {} of {} failed ({})",
            bulk.verb,
            bulk.failed.len(),
            bulk.total,
            bulk.last_error.clone().unwrap_or_default(),
        )
    } else {
        format!(
            "{}: {} of {} {} changed; {} not sent",
            bulk.verb,
            bulk.done,
            bulk.total,
            bulk.noun,
            bulk.not_sent.len()
        )
    };
    if !bulk.failed.is_empty() {
        if !bulk.not_sent.is_empty() {
            text.push_str(&format!("; {} failed", bulk.failed.len()));
        }
        let shown: Vec<&str> = bulk
            .failed
            .iter()
            .take(IDS_SHOWN)
            .map(String::as_str)
            .collect();
        text.push_str(&format!("; still marked: {}", shown.join(", ")));
        let more = bulk.failed.len().saturating_sub(IDS_SHOWN);
        if more > 0 {
            text.push_str(&format!(" and {more} more"));
        }
    }
    StatusMessage {
        kind: StatusKind::Error,
        text,
    }
}
