//! Everything that reaches the reducer: input, timers, signals and call results.

use crossterm::event::KeyEvent;

use crate::effect::{ExportRead, Mutation};
use crate::export::{ExportError, ExportFormat};
use crate::state::{
    AlertKind, AlertRow, CallError, CaseEventRow, CaseKind, CaseRow, ExportStage, FileEventRow,
    ListKind, SessionEventRow, SessionKind, Slot,
};

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
        dropped: Vec<Mutation>,
        journaled: Result<(), String>,
    },
    /// A call failed and is being retried ("rate limited, retrying in 12 s (attempt 3)");
    /// `slot` is the call's (`Slot::Mutation` for a change), when the retry knows it.
    Retrying {
        slot: Option<Slot>,
        text: String,
    },
    /// A view was saved to the config file (`saved`) or deleted from it.
    ViewWritten {
        name: String,
        saved: bool,
        result: Result<(), String>,
    },
    /// What happened to the alert list.
    Alerts(ListMsg<AlertKind>),
    /// What happened to the session list.
    Sessions(ListMsg<SessionKind>),
    /// What happened to the cases list.
    Cases(ListMsg<CaseKind>),
    /// Watch mode's timer of this generation has run out.
    WatchDue(u64),
    WatchLoaded {
        request_id: u64,
        result: Result<(Vec<AlertRow>, u64), CallError>,
    },
    FileEventsLoaded {
        request_id: u64,
        result: Result<(Vec<FileEventRow>, u64), CallError>,
    },
    SessionEventsLoaded {
        request_id: u64,
        session_id: String,
        result: Result<(Vec<SessionEventRow>, u64), CallError>,
    },
    CaseEventsLoaded {
        request_id: u64,
        case_id: String,
        result: Result<Vec<CaseEventRow>, CallError>,
    },
    /// Case `id` was assigned to `assignee` (as the service names them), or why not.
    CaseAssigned {
        id: String,
        assignee: String,
        result: Result<Option<String>, CallError>,
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
    /// What the actor card shows; each part says for itself whether it was read.
    ActorCardLoaded {
        request_id: u64,
        data: Box<crate::state::ActorCardData>,
    },
    WatchlistsLoaded {
        request_id: u64,
        result: Result<Vec<crate::state::WatchlistView>, CallError>,
    },
    WatchlistMembersLoaded {
        request_id: u64,
        result: Result<Vec<crate::state::WatchlistMemberView>, CallError>,
    },
    /// Lines one of the analyst's commands printed.
    CommandOutput {
        run_id: u64,
        lines: Vec<String>,
    },
    /// How it ended: its exit status, or why it could not run.
    CommandDone {
        run_id: u64,
        result: Result<String, String>,
    },
    /// A change to an actor was made, or why not.
    ActorChanged {
        change: crate::state::ActorChange,
        result: Result<(), CallError>,
    },
    /// The changes of the journal, oldest first, or why it could not be read.
    JournalLoaded {
        result: Result<Vec<crate::journal::ChangeSummary>, String>,
    },
    /// What undoing a change would put back, or why it cannot be undone.
    UndoPlanned {
        request_id: u64,
        result: Result<crate::undo::UndoPlan, CallError>,
    },
    /// An undo was sent: how many items went back, and which calls failed.
    UndoDone {
        plan: Box<crate::undo::UndoPlan>,
        done: crate::undo::UndoDone,
    },
    /// An export finished: `Ok` holds the absolute path written.
    Exported {
        count: usize,
        result: Result<String, ExportError>,
    },
}

/// What happens to one list: the answers to its calls and its timers.
#[derive(Debug, Clone, PartialEq)]
pub enum ListMsg<K: ListKind> {
    /// The selected row has stayed selected long enough to load its details.
    DetailDue(String),
    /// The answer to `Call::LoadPage`: rows and how many the server counts for the ask.
    PageLoaded {
        request_id: u64,
        result: Result<(Vec<K::Row>, u64), CallError>,
    },
    DetailLoaded {
        request_id: u64,
        id: String,
        result: Result<Box<K::Detail>, CallError>,
    },
    /// Details read by `ListCall::ReadDetails` in `slot`; items that could not be read
    /// are left out.
    DetailsRead {
        request_id: u64,
        slot: Slot,
        result: Result<Vec<K::Detail>, CallError>,
    },
    /// One chunk of a bulk state change was answered.
    StatesUpdated {
        operation: u64,
        ids: Vec<String>,
        /// Those of `ids` wholly changed (state and note); all of them on success.
        completed: Vec<String>,
        state: K::StateView,
        result: Result<(), CallError>,
    },
    NoteSaved {
        id: String,
        note: String,
        result: Result<(), CallError>,
    },
    /// An export has read another page of the view, or the notes of more rows.
    ExportProgress {
        request_id: u64,
        stage: ExportStage,
        done: usize,
        total: u64,
    },
    /// Every record of an export is in (with what `LocalEffect::WriteExport` needs to
    /// write them), or why a call failed.
    ExportFetched {
        request_id: u64,
        path: String,
        format: ExportFormat,
        formula_guard: bool,
        overwrite: bool,
        result: Result<ExportRead<K::Record>, String>,
    },
}

/// A kind whose list messages are messages of the loop.
pub trait ListMessages: ListKind {
    fn msg(msg: ListMsg<Self>) -> Msg;
}

impl ListMessages for AlertKind {
    fn msg(msg: ListMsg<Self>) -> Msg {
        Msg::Alerts(msg)
    }
}

impl ListMessages for SessionKind {
    fn msg(msg: ListMsg<Self>) -> Msg {
        Msg::Sessions(msg)
    }
}

impl ListMessages for CaseKind {
    fn msg(msg: ListMsg<Self>) -> Msg {
        Msg::Cases(msg)
    }
}
