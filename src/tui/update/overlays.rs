//! Keys inside pop-ups: help, the state-change confirmation, the case picker. The note
//! editor and the case form are in `editors`, the export prompt in `export`, the
//! journal in `journal`.

use crossterm::event::{KeyCode, KeyEvent};

use super::info;
use crate::api::MAX_IDS_PER_CALL;
use crate::tui::effect::{Call, Effect, Mutation, event_ids_of};
use crate::tui::state::Slot;
use crate::tui::state::{
    AlertStateView, BulkProgress, CaseProgress, ConfirmKind, NoteCheck, Overlay, State,
};

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

pub(super) fn on_overlay_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = state.overlay.take() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help { scroll } => {
            let scroll = match key.code {
                KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1),
                KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                _ => return Vec::new(),
            };
            state.overlay = Some(Overlay::Help { scroll });
            Vec::new()
        }
        Overlay::Confirm(confirm) => {
            let ConfirmKind::StateChange {
                ids,
                state: new_state,
                note,
                notes,
            } = confirm.kind.clone();
            match key.code {
                // Not before the notes it would replace are known.
                KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter
                    if notes != NoteCheck::Checking =>
                {
                    run_state_change(state, ids, new_state, note)
                }
                // Back to the note, as typed: a "no" here is not a reason to lose it.
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                    super::editors::back_to_state_change_note(state, ids, new_state, note);
                    super::notes::cancel(state)
                }
                _ => {
                    state.overlay = Some(Overlay::Confirm(confirm));
                    Vec::new()
                }
            }
        }
        Overlay::Note(editor) => super::editors::on_note_key(state, editor, key),
        Overlay::CaseForm(form) => super::editors::on_case_form_key(state, form, key),
        Overlay::Export(prompt) => super::export::on_prompt_key(state, prompt, key),
        Overlay::Journal(view) => super::journal::on_key(state, view, key),
        Overlay::CasePicker(mut picker) => {
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') => {
                    state.status.pending.remove(&Slot::Cases);
                    super::call_ended(state, Slot::Cases);
                    return vec![Effect::Call(Call::Cancel(Slot::Cases))];
                }
                KeyCode::Char('j') | KeyCode::Down => {
                    picker.selected = (picker.selected.saturating_add(1))
                        .min(picker.cases.len().saturating_sub(1));
                }
                KeyCode::Char('k') | KeyCode::Up => {
                    picker.selected = picker.selected.saturating_sub(1)
                }
                KeyCode::Enter => {
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
    }
}

/// Splits the change into calls of at most 100 ids each.
pub(super) fn run_state_change(
    state: &mut State,
    ids: Vec<String>,
    new_state: AlertStateView,
    note: Option<String>,
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
        verb: new_state.verb().to_string(),
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
        .map(|chunk| {
            Effect::Call(Call::Mutation(Mutation::UpdateStates {
                operation,
                ids: chunk,
                state: new_state.clone(),
                note: note.clone(),
            }))
        })
        .collect()
}
