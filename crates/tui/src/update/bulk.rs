//! Bulk changes of any list: queued as calls of at most 100 ids, their progress in the
//! status line, and the report once every chunk is answered, dropped or unknown.

use crate::api::MAX_IDS_PER_CALL;
use crate::effect::{Call, Effect, Mutation};
use crate::state::{BulkProgress, State, StatusKind, StatusMessage};

/// Queues a bulk change of alerts or sessions (`noun`, plural): its progress in the
/// status, and one mutation (`chunk` makes it) per call of at most 100 ids.
pub(super) fn start(
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
        let line = exit_line(state, &bulk, 0);
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

pub(super) fn see_journal(state: &State) -> String {
    format!("see `{}`", state.journal_command)
}

/// One line for stderr about a bulk change that was running when the TUI stopped;
/// `unknown` alerts were sent and their answer had not come.
pub(super) fn exit_line(state: &State, bulk: &BulkProgress, unknown: usize) -> String {
    let mut line = format!(
        "{}: {} of {} {} changed",
        bulk.verb, bulk.done, bulk.total, bulk.noun
    );
    if !bulk.failed.is_empty() {
        line.push_str(&format!("; {} failed", bulk.failed.len()));
    }
    if unknown > 0 {
        line.push_str(&format!(
            "; {unknown} not known (no answer before triage42 stopped)"
        ));
    }
    if !bulk.not_sent.is_empty() {
        line.push_str(&format!("; {} not sent", bulk.not_sent.len()));
    }
    if unknown > 0 || !bulk.not_sent.is_empty() || !bulk.failed.is_empty() {
        line.push_str(&format!(" ({})", see_journal(state)));
    }
    line
}
