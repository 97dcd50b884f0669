//! The note editor and the case form: opened from the selection, typed in, sent. The text
//! they hold stays until the server has accepted it, and is never dropped without asking.

use std::collections::HashSet;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::info;
use super::overlays::confirm_question;
use crate::api::{MAX_NOTE_LEN, note_length};
use crate::tui::effect::{Call, Effect, Mutation, event_ids_of};
use crate::tui::state::{
    AlertStateView, CaseFormEditor, CasePicker, CaseProgress, Confirm, ConfirmKind, NoteCheck,
    NoteEditor, NotePurpose, Overlay, Prompt, PromptKind, State,
};
use crate::tui::state::{CallError, Slot};

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

/// What the open editor holds that closing it would lose, in a word ("note", "case").
pub(super) fn unsaved_editor(state: &State) -> Option<&'static str> {
    match &state.overlay {
        Some(Overlay::Note(editor)) if !editor.saving && editor.is_changed() => Some("note"),
        Some(Overlay::CaseForm(form)) if !form.creating && form.is_changed() => Some("case"),
        _ => None,
    }
}

/// Asks before the text of the open editor is dropped ("Discard the note you typed?").
pub(super) fn ask_discard(state: &mut State, then_quit: bool) {
    let what = match unsaved_editor(state) {
        Some("case") => "the case you were writing",
        _ => "the note you typed",
    };
    let and_quit = if then_quit { " and quit" } else { "" };
    state.prompt = Some(Prompt {
        kind: PromptKind::Discard { then_quit },
        question: format!("Discard {what}{and_quit}?"),
    });
}

pub(super) fn on_note_key(state: &mut State, mut editor: NoteEditor, key: KeyEvent) -> Vec<Effect> {
    if editor.saving {
        state.overlay = Some(Overlay::Note(editor));
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => {
            if editor.is_changed() {
                state.overlay = Some(Overlay::Note(editor));
                ask_discard(state, false);
            }
            Vec::new()
        }
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
                    let (notes, effects) = if note.is_some() {
                        super::notes::check(state, &ids)
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
                NotePurpose::AlertNote { alert_id } => {
                    editor.saving = true;
                    editor.error = None;
                    state.overlay = Some(Overlay::Note(editor));
                    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
                    vec![Effect::Call(Call::Mutation(Mutation::SaveNote {
                        alert_id,
                        note: text,
                    }))]
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
        // Open until the server has the case: a refusal leaves every field as typed.
        form.creating = true;
        form.error = None;
        state.overlay = Some(Overlay::CaseForm(form));
        return vec![Effect::Call(Call::Mutation(Mutation::CreateCase {
            form: values,
            event_ids,
        }))];
    }
    match key.code {
        KeyCode::Esc => {
            if form.is_changed() {
                state.overlay = Some(Overlay::CaseForm(form));
                ask_discard(state, false);
            }
            return Vec::new();
        }
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
