//! Results of mutations: bulk state changes, notes and cases.

use super::{info, show_error};
use crate::tui::state::CallError;
use crate::tui::state::{
    AlertStateView, BulkProgress, CaseProgress, NoteEditor, NotePurpose, NoteView, Overlay, State,
    StatusKind, StatusMessage,
};

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

/// Alerts shown by id in a report; the rest are counted.
const IDS_SHOWN: usize = 5;

fn bulk_report(bulk: &BulkProgress) -> StatusMessage {
    if bulk.failed.is_empty() && bulk.not_sent.is_empty() {
        return StatusMessage {
            kind: StatusKind::Info,
            text: format!("{}: done for {} alerts", bulk.verb, bulk.done),
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
            "{}: {} of {} alerts changed; {} not sent",
            bulk.verb,
            bulk.done,
            bulk.total,
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
