//! Side effects the reducer asks for, as plain data.

use std::time::Duration;

use crate::api::pager::{HeldKeys, PageAsk, Pager};
use crate::export::{ExportError, ExportFormat, export_to_file};
use crate::export_columns::{AlertRecord, CaseRecord, SessionRecord};
use crate::filter::SortSpec;
use crate::state::{
    AlertDetailView, AlertKind, AppliedFilter, CaseForm, CaseKind, FileRow, ListKind, SessionKind,
    Slot, View,
};

/// What a list asks the server for: the filter in force and the sort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery<S> {
    pub filter: AppliedFilter,
    pub sort: S,
}

/// A file-events search: for one file (of an alert, a session, `:hash`), or for the
/// events of one actor (from the actor card).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileEventSearch {
    pub sha256: Option<String>,
    pub md5: Option<String>,
    pub name: Option<String>,
    pub path: Option<String>,
    /// The event the alert observed; its hash is looked up when the file row has none.
    pub event_id: Option<String>,
    /// The actor (user email) whose events are searched, when no file is.
    pub user: Option<String>,
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
    /// Arms the debounce timer of a list; its `ListMsg::DetailDue` comes back after
    /// `delay`.
    ScheduleDetail {
        view: View,
        id: String,
        delay: Duration,
    },
    /// Arms watch mode's timer; `Msg::WatchDue(generation)` comes back after `delay`.
    ScheduleWatch {
        generation: u64,
        delay: Duration,
    },
    ClearScreen,
    /// Writes the view `name` to the config file (removes it when `view` is `None`);
    /// `Msg::ViewWritten` comes back.
    WriteView {
        file: crate::saved_views_file::ViewsFile,
        name: String,
        view: Option<crate::saved_views_file::SavedView>,
    },
    /// Ends the loop once the current message is handled.
    Quit,
    /// Writes the drafts file (removes it when `drafts` is empty), at once: a stop may
    /// end the process right after.
    StoreDrafts {
        path: std::path::PathBuf,
        drafts: Vec<crate::state::drafts::Draft>,
    },
    /// Writes the command line's history (`:`) to `path`, for the next run.
    StoreCommandHistory {
        path: std::path::PathBuf,
        lines: Vec<String>,
    },
    /// Writes the rows to `path` in `format`; `Msg::Exported` comes back.
    WriteExport {
        path: String,
        format: ExportFormat,
        rows: ExportRows,
        /// CSV only: prefix cells a spreadsheet would run as formulas.
        formula_guard: bool,
        /// Replace the file if it exists (the user said so); otherwise it must be new.
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

/// What an export writes: the records of the list they come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportRows {
    Alerts(Vec<AlertRecord>),
    Sessions(Vec<SessionRecord>),
    Cases(Vec<CaseRecord>),
}

impl ExportRows {
    pub fn len(&self) -> usize {
        match self {
            ExportRows::Alerts(rows) => rows.len(),
            ExportRows::Sessions(rows) => rows.len(),
            ExportRows::Cases(rows) => rows.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Writes them to `path` (see `export::export_to_file`).
    pub fn write(
        &self,
        path: &str,
        format: ExportFormat,
        formula_guard: bool,
        overwrite: bool,
    ) -> Result<String, ExportError> {
        match self {
            ExportRows::Alerts(rows) => {
                export_to_file(path, rows, format, formula_guard, overwrite)
            }
            ExportRows::Sessions(rows) => {
                export_to_file(path, rows, format, formula_guard, overwrite)
            }
            ExportRows::Cases(rows) => export_to_file(path, rows, format, formula_guard, overwrite),
        }
    }
}

/// Calls to the tenant, run by the worker: reads in a slot per pane (newest wins),
/// changes in one queue, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    Alerts(ListCall<AlertKind>),
    Sessions(ListCall<SessionKind>),
    Cases(ListCall<CaseKind>),
    /// Watch mode's read of the alert list's first page, beside (never instead of) the
    /// list's own reads; `Msg::WatchLoaded` comes back.
    WatchAlerts {
        request_id: u64,
        query: ListQuery<SortSpec>,
        page_size: u32,
    },
    SearchFileEvents {
        request_id: u64,
        search: FileEventSearch,
    },
    /// The file events of one session; `Msg::SessionEventsLoaded` comes back.
    LoadSessionEvents {
        request_id: u64,
        session_id: String,
    },
    /// The file events of one case; `Msg::CaseEventsLoaded` comes back.
    LoadCaseEvents {
        request_id: u64,
        case_id: String,
    },
    /// A change to the tenant, queued behind the ones before it.
    Mutation(Mutation),
    ListCases {
        request_id: u64,
    },
    Cancel(Slot),
    /// Works out what undoing the journal's `change` would put back, reading the items
    /// as they are now; `Msg::UndoPlanned` comes back.
    PlanUndo {
        request_id: u64,
        change: String,
    },
    /// Everything the actor card shows of `who`; `Msg::ActorCardLoaded` comes back.
    LoadActorCard {
        request_id: u64,
        who: crate::state::ActorRef,
    },
    /// The tenant's watchlists; `Msg::WatchlistsLoaded` comes back.
    ListWatchlists {
        request_id: u64,
    },
    /// The actors on one watchlist; `Msg::WatchlistMembersLoaded` comes back.
    LoadWatchlistMembers {
        request_id: u64,
        watchlist_id: String,
    },
    /// Stops the mutations not yet sent: the worker drops its queue, records each dropped
    /// change in the journal as not sent (`reason` says why) and answers with
    /// `Msg::MutationsDropped`. The mutation being sent, if any, finishes.
    DropQueuedMutations {
        reason: String,
    },
}

/// The calls of one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListCall<K: ListKind> {
    /// One call of a read of the list; `ListMsg::PageLoaded` comes back.
    LoadPage {
        request_id: u64,
        query: ListQuery<K::Sort>,
        ask: PageAsk,
    },
    LoadDetail {
        request_id: u64,
        id: String,
    },
    /// Reads the details of `ids` (in calls of at most 100) in `slot`: rows near the
    /// selection read ahead (`Slot::Prefetch`), or the current notes of items a note
    /// would replace (`Slot::Notes`); `ListMsg::DetailsRead` comes back.
    ReadDetails {
        request_id: u64,
        slot: Slot,
        ids: Vec<String>,
    },
    /// What an export needs from the server: the rest of the view when the server
    /// holds more than the list has loaded (read on from what the list holds), then the
    /// records of every row where the kind's export reads them (`ListKind::EXPORT_READS`:
    /// an alert's note is in its details, read 100 alerts a call);
    /// `ListMsg::ExportProgress` after each call, then `ListMsg::ExportFetched` hands the
    /// records back for the loop to write, or says why not.
    FetchAndExport(Box<ExportFetch<K>>),
    /// Runs one of the analyst's commands with `ids` (or the JSON Lines of `rows`) on
    /// its standard input; `Msg::CommandOutput` as it prints, then `Msg::CommandDone`.
    RunCommand {
        run_id: u64,
        command: Box<crate::state::CustomCommand>,
        ids: Vec<String>,
        rows: Vec<K::Row>,
    },
}

/// An export that needs the server: the rows held, and how to read on after them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFetch<K: ListKind> {
    pub request_id: u64,
    pub path: String,
    pub format: ExportFormat,
    pub rows: Vec<K::Row>,
    pub formula_guard: bool,
    pub overwrite: bool,
    pub query: ListQuery<K::Sort>,
    /// Set when the rest of the view is read first (the whole view, not all loaded).
    pub rest: Option<ReadOn>,
}

/// Where the list ends: its pager, and what it held, to read on from there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOn {
    pub pager: Pager,
    pub held: HeldKeys,
}

/// The records of an export, and how many of its rows have none (their item could not
/// be read, or no longer exists) and are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRead<R> {
    pub records: Vec<R>,
    pub left_out: usize,
}

/// A kind whose list calls and changes are calls and changes of the worker.
pub trait ListCalls: ListKind {
    fn call(call: ListCall<Self>) -> Call;
    fn mutation(mutation: ListMutation<Self>) -> Mutation;
    fn export_rows(records: Vec<Self::Record>) -> ExportRows;

    /// The call, as the reducer asks for it.
    fn effect(call: ListCall<Self>) -> Effect {
        Effect::Call(Self::call(call))
    }

    /// The change, queued behind the others.
    fn mutation_effect(mutation: ListMutation<Self>) -> Effect {
        Effect::Call(Call::Mutation(Self::mutation(mutation)))
    }
}

impl ListCalls for AlertKind {
    fn call(call: ListCall<Self>) -> Call {
        Call::Alerts(call)
    }
    fn mutation(mutation: ListMutation<Self>) -> Mutation {
        Mutation::Alerts(mutation)
    }
    fn export_rows(records: Vec<AlertRecord>) -> ExportRows {
        ExportRows::Alerts(records)
    }
}

impl ListCalls for SessionKind {
    fn call(call: ListCall<Self>) -> Call {
        Call::Sessions(call)
    }
    fn mutation(mutation: ListMutation<Self>) -> Mutation {
        Mutation::Sessions(mutation)
    }
    fn export_rows(records: Vec<SessionRecord>) -> ExportRows {
        ExportRows::Sessions(records)
    }
}

impl ListCalls for CaseKind {
    fn call(call: ListCall<Self>) -> Call {
        Call::Cases(call)
    }
    fn mutation(mutation: ListMutation<Self>) -> Mutation {
        Mutation::Cases(mutation)
    }
    fn export_rows(records: Vec<CaseRecord>) -> ExportRows {
        ExportRows::Cases(records)
    }
}

/// A change to the tenant: sent one at a time, in order, and journaled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mutation {
    Alerts(ListMutation<AlertKind>),
    Sessions(ListMutation<SessionKind>),
    /// The status and findings of cases (`ListMutation::UpdateStates` and `SaveNote`).
    Cases(ListMutation<CaseKind>),
    /// Who case `id` is assigned to; `Msg::CaseAssigned` comes back.
    AssignCase {
        id: String,
        assignee: String,
    },
    CreateCase {
        form: CaseForm,
        event_ids: Vec<String>,
    },
    AddEventsToCase {
        case_number: u64,
        event_ids: Vec<String>,
    },
    /// Puts back what a journaled change replaced; `Msg::UndoDone` comes back.
    Undo(Box<crate::undo::UndoPlan>),
    /// A change to an actor (notes, watchlists); `Msg::ActorChanged` comes back.
    Actor(crate::state::ActorChange),
}

impl Mutation {
    /// The bulk change a chunk belongs to and its ids, for a chunk of one.
    pub fn bulk_chunk(&self) -> Option<(u64, &[String])> {
        match self {
            Mutation::Alerts(ListMutation::UpdateStates { operation, ids, .. })
            | Mutation::Sessions(ListMutation::UpdateStates { operation, ids, .. })
            | Mutation::Cases(ListMutation::UpdateStates { operation, ids, .. }) => {
                Some((*operation, ids))
            }
            _ => None,
        }
    }
}

/// A change to the items of one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListMutation<K: ListKind> {
    /// One chunk (≤100 ids) of a bulk state change, with the note sent with it.
    UpdateStates {
        operation: u64,
        ids: Vec<String>,
        state: K::StateView,
        note: Option<String>,
    },
    /// The note of one item (`n`): it replaces the note, or joins the others, as the
    /// kind has it.
    SaveNote { id: String, note: String },
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
            user: None,
        }
    } else {
        FileEventSearch {
            sha256: None,
            md5: None,
            name: file.name.clone(),
            path: file.path.clone(),
            event_id: file.event_id.clone(),
            user: None,
        }
    }
}
