//! Side effects the reducer asks for, as plain data.

use std::time::Duration;

use crate::filter::{FilterQuery, SortSpec};
use crate::tui::export::ExportFormat;
use crate::tui::state::{
    AlertDetailView, AlertRow, AlertStateView, CaseForm, FileRow, SessionRow, SessionSort,
    SessionStateView, Slot,
};

/// What the alert list asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsRequest {
    pub filter: FilterQuery,
    pub sort: SortSpec,
    pub page: u32,
    pub page_size: u32,
}

/// What the session list asks the server for: the filter as typed (the sessions
/// vocabulary, read again by the service with relative dates counted from `filter_at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionsRequest {
    pub filter_text: String,
    pub filter_at: chrono::DateTime<chrono::Utc>,
    pub sort: SessionSort,
    pub page: u32,
    pub page_size: u32,
}

/// A file-events search for one file of an alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileEventSearch {
    pub sha256: Option<String>,
    pub md5: Option<String>,
    pub name: Option<String>,
    pub path: Option<String>,
    /// The event the alert observed; its hash is looked up when the file row has none.
    pub event_id: Option<String>,
}

/// A side effect requested by the reducer: run by the loop (`Local`) or by the worker
/// (`Call`), each of which matches only its own kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Local(LocalEffect),
    Call(Call),
}

/// Effects the loop carries out itself: the terminal, timers, local files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalEffect {
    /// Arms the debounce timer; `Msg::DetailDue` comes back after `delay`.
    ScheduleDetail {
        alert_id: String,
        delay: Duration,
    },
    /// Arms watch mode's timer; `Msg::WatchDue(generation)` comes back after `delay`.
    ScheduleWatch {
        generation: u64,
        delay: Duration,
    },
    /// Arms the debounce timer of the session list; `Msg::SessionDetailDue` comes back.
    ScheduleSessionDetail {
        session_id: String,
        delay: Duration,
    },
    ClearScreen,
    /// Writes the view `name` to the config file (removes it when `view` is `None`);
    /// `Msg::ViewWritten` comes back.
    WriteView {
        file: crate::config::ViewsFile,
        name: String,
        view: Option<crate::config::SavedView>,
    },
    /// Ends the loop once the current message is handled.
    Quit,
    /// Writes the rows to `path` in `format`; `Msg::Exported` comes back.
    WriteExport {
        path: String,
        format: ExportFormat,
        rows: Vec<AlertRow>,
        /// CSV only: prefix cells a spreadsheet would run as formulas.
        formula_guard: bool,
        /// Replace the file if it exists (the user said so); otherwise it must be new.
        overwrite: bool,
    },
    /// Writes session rows to `path` in `format`; `Msg::Exported` comes back.
    WriteSessionsExport {
        path: String,
        format: ExportFormat,
        rows: Vec<SessionRow>,
        formula_guard: bool,
        overwrite: bool,
    },
    /// Reads the audit journal at `path`; `Msg::JournalLoaded` comes back.
    ReadJournal {
        path: std::path::PathBuf,
    },
    /// Writes an OSC 52 sequence so the terminal puts `text` on the clipboard.
    CopyToClipboard {
        text: String,
    },
}

/// Calls to the tenant, run by the worker: reads in a slot per pane (newest wins),
/// changes in one queue, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    LoadAlerts {
        request_id: u64,
        request: AlertsRequest,
    },
    /// Watch mode's read of the first page, beside (never instead of) the list's own
    /// loads; `Msg::WatchLoaded` comes back.
    WatchAlerts {
        request_id: u64,
        request: AlertsRequest,
    },
    LoadDetail {
        request_id: u64,
        alert_id: String,
    },
    SearchFileEvents {
        request_id: u64,
        search: FileEventSearch,
    },
    /// Reads the details of rows near the selection (at most 100) so that moving there
    /// shows them at once; `Msg::DetailsPrefetched` comes back.
    PrefetchDetails {
        request_id: u64,
        ids: Vec<String>,
    },
    LoadSessions {
        request_id: u64,
        request: SessionsRequest,
    },
    LoadSession {
        request_id: u64,
        session_id: String,
    },
    /// The file events of one session; `Msg::SessionEventsLoaded` comes back.
    LoadSessionEvents {
        request_id: u64,
        session_id: String,
    },
    /// Reads the details of `ids` (in calls of at most 100) for their current notes;
    /// `Msg::NotesFetched` comes back.
    FetchNotes {
        request_id: u64,
        ids: Vec<String>,
    },
    /// A change to the tenant, queued behind the ones before it.
    Mutation(Mutation),
    ListCases {
        request_id: u64,
    },
    Cancel(Slot),
    /// Stops the mutations not yet sent: the worker drops its queue, records each dropped
    /// change in the journal as not sent (`reason` says why) and answers with
    /// `Msg::MutationsDropped`. The mutation being sent, if any, finishes.
    DropQueuedMutations {
        reason: String,
    },
    /// The whole filtered view when the server holds more than the list has loaded:
    /// fetches the pages from `rest` on (`Msg::ExportProgress` after each), then hands
    /// every row back in `Msg::ExportFetched` for the loop to write, or says why not in
    /// `Msg::Exported`.
    FetchAndExport {
        request_id: u64,
        path: String,
        format: ExportFormat,
        rows: Vec<AlertRow>,
        formula_guard: bool,
        overwrite: bool,
        rest: AlertsRequest,
    },
    /// As `FetchAndExport`, for the session list.
    FetchAndExportSessions {
        path: String,
        format: ExportFormat,
        rows: Vec<SessionRow>,
        formula_guard: bool,
        overwrite: bool,
        rest: SessionsRequest,
    },
}

/// A change to the tenant: sent one at a time, in order, and journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    /// One chunk (≤100 ids) of a bulk state change.
    UpdateStates {
        operation: u64,
        ids: Vec<String>,
        state: AlertStateView,
        note: Option<String>,
    },
    SaveNote {
        alert_id: String,
        note: String,
    },
    /// One chunk (≤100 ids) of a session state change; the note is added to each.
    UpdateSessionStates {
        operation: u64,
        ids: Vec<String>,
        state: SessionStateView,
        note: Option<String>,
    },
    /// Adds a note to a session (notes accumulate).
    AddSessionNote {
        session_id: String,
        note: String,
    },
    CreateCase {
        form: CaseForm,
        event_ids: Vec<String>,
    },
    AddEventsToCase {
        case_number: u64,
        event_ids: Vec<String>,
    },
}

/// Files of an alert: every observed file with an event id, in observation order.
pub fn event_ids_of(detail: &AlertDetailView) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for file in detail.observations.iter().flat_map(|o| o.files.iter()) {
        if let Some(id) = &file.event_id
            && !ids.contains(id)
        {
            ids.push(id.clone());
        }
    }
    ids
}

/// What a file-events search for `file` should match on.
pub fn search_for_file(file: &FileRow) -> FileEventSearch {
    if file.sha256.is_some() || file.md5.is_some() {
        FileEventSearch {
            sha256: file.sha256.clone(),
            md5: file.md5.clone(),
            name: None,
            path: None,
            event_id: file.event_id.clone(),
        }
    } else {
        FileEventSearch {
            sha256: None,
            md5: None,
            name: file.name.clone(),
            path: file.path.clone(),
            event_id: file.event_id.clone(),
        }
    }
}
