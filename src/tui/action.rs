//! What can happen: user `Action`s, messages into the reducer (`Msg`) and the
//! side effects it asks for (`Effect`), all as plain data.

use std::time::Duration;

use crossterm::event::KeyEvent;

use crate::filter::FilterQuery;
use crate::tui::export::{ExportError, ExportFormat};
use crate::tui::state::{
    AlertDetailView, AlertRow, AlertStateView, CaseForm, CaseRow, FileEventRow, FileRow, SortSpec,
};

/// Something a user can ask for by key; names match the keymap TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Quit,
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Home,
    End,
    NextPane,
    PrevPane,
    Open,
    Filter,
    CycleSort,
    FlipSort,
    ToggleMark,
    MarkRange,
    MarkAll,
    ClearMarks,
    Resolve,
    Reopen,
    MarkPending,
    MarkInProgress,
    EditNote,
    CreateCase,
    AddToCase,
    Refresh,
    Export,
    Copy,
    Journal,
    Help,
    Redraw,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Quit,
        Action::MoveDown,
        Action::MoveUp,
        Action::PageDown,
        Action::PageUp,
        Action::Home,
        Action::End,
        Action::NextPane,
        Action::PrevPane,
        Action::Open,
        Action::Filter,
        Action::CycleSort,
        Action::FlipSort,
        Action::ToggleMark,
        Action::MarkRange,
        Action::MarkAll,
        Action::ClearMarks,
        Action::Resolve,
        Action::Reopen,
        Action::MarkPending,
        Action::MarkInProgress,
        Action::EditNote,
        Action::CreateCase,
        Action::AddToCase,
        Action::Refresh,
        Action::Export,
        Action::Copy,
        Action::Journal,
        Action::Help,
        Action::Redraw,
    ];

    /// The name used in keymap files.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Home => "home",
            Action::End => "end",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Open => "open",
            Action::Filter => "filter",
            Action::CycleSort => "cycle_sort",
            Action::FlipSort => "flip_sort",
            Action::ToggleMark => "toggle_mark",
            Action::MarkRange => "mark_range",
            Action::MarkAll => "mark_all",
            Action::ClearMarks => "clear_marks",
            Action::Resolve => "resolve",
            Action::Reopen => "reopen",
            Action::MarkPending => "mark_pending",
            Action::MarkInProgress => "mark_in_progress",
            Action::EditNote => "edit_note",
            Action::CreateCase => "create_case",
            Action::AddToCase => "add_to_case",
            Action::Refresh => "refresh",
            Action::Export => "export",
            Action::Copy => "copy",
            Action::Journal => "journal",
            Action::Help => "help",
            Action::Redraw => "redraw",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// Mutating actions change the tenant; `--read-only` removes them.
    pub fn is_mutating(self) -> bool {
        matches!(
            self,
            Action::Resolve
                | Action::Reopen
                | Action::MarkPending
                | Action::MarkInProgress
                | Action::EditNote
                | Action::CreateCase
                | Action::AddToCase
        )
    }
}

/// Which pane a background call serves; one slot each, newest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Alerts,
    Detail,
    FileEvents,
    Cases,
    /// Fresh details read for their notes (before a note replaces them).
    Notes,
    Mutation,
}

impl Slot {
    pub fn label(self) -> &'static str {
        match self {
            Slot::Alerts => "alerts",
            Slot::Detail => "details",
            Slot::FileEvents => "file events",
            Slot::Cases => "cases",
            Slot::Notes => "notes",
            Slot::Mutation => "saving",
        }
    }
}

/// A failed call, in the words shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    pub rate_limited: bool,
}

impl CallError {
    pub fn new(message: impl Into<String>) -> Self {
        CallError {
            message: message.into(),
            rate_limited: false,
        }
    }
}

/// What the alert list asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertsRequest {
    pub filter: FilterQuery,
    pub sort: SortSpec,
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

/// Side effects requested by the reducer, carried out by the loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadAlerts {
        request_id: u64,
        request: AlertsRequest,
    },
    /// Arms the debounce timer; `Msg::DetailDue` comes back after `delay`.
    ScheduleDetail {
        alert_id: String,
        delay: Duration,
    },
    LoadDetail {
        request_id: u64,
        alert_id: String,
    },
    SearchFileEvents {
        request_id: u64,
        search: FileEventSearch,
    },
    /// Reads the details of `ids` (in calls of at most 100) for their current notes;
    /// `Msg::NotesFetched` comes back.
    FetchNotes {
        request_id: u64,
        ids: Vec<String>,
    },
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
    CreateCase {
        form: CaseForm,
        event_ids: Vec<String>,
    },
    ListCases {
        request_id: u64,
    },
    AddEventsToCase {
        case_number: u64,
        event_ids: Vec<String>,
    },
    Cancel(Slot),
    /// Stops the mutations not yet sent: the worker drops its queue, records each dropped
    /// change in the journal as not sent (`reason` says why) and answers with
    /// `Msg::MutationsDropped`. The mutation being sent, if any, finishes.
    DropQueuedMutations {
        reason: String,
    },
    ClearScreen,
    Quit,
    /// Writes the rows to `path` in `format`; `Msg::Exported` comes back.
    ExportAlerts {
        path: String,
        format: ExportFormat,
        rows: Vec<AlertRow>,
        /// CSV only: prefix cells a spreadsheet would run as formulas.
        formula_guard: bool,
        /// Replace the file if it exists (the user said so); otherwise it must be new.
        overwrite: bool,
        /// The first page not loaded yet, when the whole filtered view is exported and the
        /// server holds more than the list has loaded: the rest is fetched before writing.
        rest: Option<AlertsRequest>,
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

/// Everything that reaches the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
    /// Advances the spinner while calls are pending.
    Tick,
    /// SIGTERM, SIGHUP, or the terminal gone: stop without asking. Holds the cause.
    Terminate(String),
    /// The time allowed for the change in flight to finish while stopping has passed.
    StopDeadline,
    /// The worker dropped these queued mutations unsent (in queue order) and recorded them
    /// in the journal, or could not (`journaled`).
    MutationsDropped {
        dropped: Vec<Effect>,
        journaled: Result<(), String>,
    },
    /// A call failed and is being retried ("rate limited, retrying in 12 s (attempt 3)");
    /// `slot` is the call's (`Slot::Mutation` for a change), when the retry knows it.
    Retrying {
        slot: Option<Slot>,
        text: String,
    },
    DetailDue(String),
    AlertsLoaded {
        request_id: u64,
        page: u32,
        result: Result<(Vec<AlertRow>, u64), CallError>,
    },
    DetailLoaded {
        request_id: u64,
        alert_id: String,
        result: Result<Box<AlertDetailView>, CallError>,
    },
    /// Details read by `Effect::FetchNotes`; alerts that could not be read are left out.
    NotesFetched {
        request_id: u64,
        result: Result<Vec<AlertDetailView>, CallError>,
    },
    FileEventsLoaded {
        request_id: u64,
        result: Result<(Vec<FileEventRow>, u64), CallError>,
    },
    StatesUpdated {
        operation: u64,
        ids: Vec<String>,
        state: AlertStateView,
        result: Result<(), CallError>,
    },
    NoteSaved {
        alert_id: String,
        note: String,
        result: Result<(), CallError>,
    },
    CaseProgress {
        case_number: u64,
        events_added: usize,
        events_total: usize,
    },
    /// A case was created (`created`) or extended; the result holds its number and the events added.
    CaseDone {
        created: bool,
        result: Result<(u64, usize), CallError>,
    },
    CasesLoaded {
        request_id: u64,
        result: Result<Vec<CaseRow>, CallError>,
    },
    /// The changes of the journal, oldest first, or why it could not be read.
    JournalLoaded {
        result: Result<Vec<crate::journal::ChangeSummary>, String>,
    },
    /// An export finished: `Ok` holds the absolute path written.
    Exported {
        count: usize,
        result: Result<String, ExportError>,
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
