//! Keys inside pop-ups: help, confirmation, note editor, case form, case picker.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::{MAX_IDS_PER_CALL, MAX_NOTE_LEN, info, note_length};
use crate::action::{CallError, Effect, Slot, event_ids_of};
use crate::state::{
    AlertStateView, BulkProgress, CaseFormEditor, CaseProgress, Confirm, ConfirmKind, NoteEditor,
    NotePurpose, Overlay, State,
};

fn confirm_question(ids: &[String], new_state: &AlertStateView, note: Option<&str>) -> String {
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
        Overlay::Confirm(confirm) => match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') | KeyCode::Enter => match confirm.kind {
                ConfirmKind::StateChange {
                    ids,
                    state: new_state,
                    note,
                } => run_state_change(state, ids, new_state, note),
            },
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc | KeyCode::Char('q') => {
                Vec::new()
            }
            _ => {
                state.overlay = Some(Overlay::Confirm(confirm));
                Vec::new()
            }
        },
        Overlay::Note(editor) => on_note_key(state, editor, key),
        Overlay::CaseForm(form) => on_case_form_key(state, form, key),
        Overlay::Export(prompt) => super::export::on_prompt_key(state, prompt, key),
        Overlay::CasePicker(mut picker) => {
            match key.code {
                KeyCode::Esc | KeyCode::Char('q') => {
                    state.status.pending.remove(&Slot::Cases);
                    return vec![Effect::Cancel(Slot::Cases)];
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
                        return vec![Effect::AddEventsToCase {
                            case_number: case.number,
                            event_ids,
                        }];
                    }
                }
                _ => {}
            }
            state.overlay = Some(Overlay::CasePicker(picker));
            Vec::new()
        }
    }
}

fn on_note_key(state: &mut State, mut editor: NoteEditor, key: KeyEvent) -> Vec<Effect> {
    if editor.saving {
        state.overlay = Some(Overlay::Note(editor));
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => Vec::new(),
        KeyCode::Enter => {
            let text = editor.input.value().trim().to_string();
            let used = note_length(&text);
            if used > MAX_NOTE_LEN {
                editor.error = Some(CallError::new(format!(
                    "the note is {used} characters; the limit is {MAX_NOTE_LEN}"
                )));
                state.overlay = Some(Overlay::Note(editor));
                return Vec::new();
            }
            match editor.purpose.clone() {
                NotePurpose::StateChange {
                    ids,
                    state: new_state,
                } => {
                    let note = (!text.is_empty()).then_some(text);
                    state.overlay = Some(Overlay::Confirm(Confirm {
                        question: confirm_question(&ids, &new_state, note.as_deref()),
                        kind: ConfirmKind::StateChange {
                            ids,
                            state: new_state,
                            note,
                        },
                    }));
                    Vec::new()
                }
                NotePurpose::AlertNote { alert_id } => {
                    editor.saving = true;
                    editor.error = None;
                    state.overlay = Some(Overlay::Note(editor));
                    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
                    vec![Effect::SaveNote {
                        alert_id,
                        note: text,
                    }]
                }
            }
        }
        _ => {
            editor.input.handle_event(&Event::Key(key));
            editor.error = None;
            state.overlay = Some(Overlay::Note(editor));
            Vec::new()
        }
    }
}

fn on_case_form_key(
    state: &mut State,
    mut form: Box<CaseFormEditor>,
    key: KeyEvent,
) -> Vec<Effect> {
    let last = form.fields.len().saturating_sub(1);
    let submit = (key.code == KeyCode::Enter && form.focused == last)
        || (key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('s'));
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
        return vec![Effect::CreateCase {
            form: values,
            event_ids,
        }];
    }
    match key.code {
        KeyCode::Esc => return Vec::new(),
        KeyCode::Tab | KeyCode::Down | KeyCode::Enter => {
            form.focused = form.focused.saturating_add(1).min(last)
        }
        KeyCode::BackTab | KeyCode::Up => form.focused = form.focused.saturating_sub(1),
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

/// Splits the change into calls of at most 100 ids each.
fn run_state_change(
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
        .map(|chunk| Effect::UpdateStates {
            operation,
            ids: chunk,
            state: new_state.clone(),
            note: note.clone(),
        })
        .collect()
}
