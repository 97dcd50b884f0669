//! The one `State` of the TUI. Once the app runs, only `update::update` changes it (the
//! loop only sets `now`, the clock the reducer does not keep); `lib.rs` (`run`) builds the first
//! one from the settings.

mod actor_card;
mod call;
mod cases;
mod command_line;
mod custom_commands;
pub mod drafts;
mod kinds;
mod list;
mod overlay;
mod pane_models;
mod saved_views;
mod sessions;
mod trail;
mod view;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::filter::ParseError;
use crate::keymap::Keymap;

pub use actor_card::{
    ActorCard, ActorCardData, ActorChange, ActorProfileView, ActorRef, CardSection, Counted, Part,
    WatchlistMemberView, WatchlistView,
};
pub use call::{CallError, Slot};
pub use cases::*;
pub use command_line::{
    COMMAND_HISTORY_MAX, COMMANDS, Command, CommandLine, complete, history_path_for, load_history,
    parse_command, store_history,
};
pub use custom_commands::{CommandInput, CommandRun, CustomCommand, OUTPUT_MAX_LINES};
pub use kinds::{AlertKind, CaseKind, SessionKind};
pub use list::{AppliedFilter, FILTER_HISTORY_MAX, ItemList, ListKind, ListPane, ListRow, Reading};
pub use overlay::{
    CASE_FIELDS, CaseForm, CaseFormEditor, CasePicker, CaseSource, Confirm, ConfirmKind,
    ExportFetching, ExportPrompt, ExportStage, HelpView, JournalView, NoteCheck, NoteEditor,
    NotePurpose, Overlay, Prompt, PromptKind, ViewNamePrompt, ViewPicker, WatchlistMembers,
    WatchlistPicker, WatchlistPurpose,
};
pub use pane_models::*;
pub use saved_views::{SavedViewEntry, parse_alert_sort, parse_case_sort, parse_session_sort};
pub use sessions::*;
pub use trail::{Place, TRAIL_MAX, filter_value};
pub use view::View;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Alerts,
    Detail,
    Files,
    /// The events of one file across the tenant ("who else has this file"), below the
    /// files; in the cycle only while it is shown.
    FileEvents,
}

impl Pane {
    pub fn next(self, file_events_shown: bool) -> Pane {
        match self {
            Pane::Alerts => Pane::Detail,
            Pane::Detail => Pane::Files,
            Pane::Files if file_events_shown => Pane::FileEvents,
            Pane::Files | Pane::FileEvents => Pane::Alerts,
        }
    }
    pub fn prev(self, file_events_shown: bool) -> Pane {
        match self {
            Pane::Alerts if file_events_shown => Pane::FileEvents,
            Pane::Alerts => Pane::Files,
            Pane::Detail => Pane::Alerts,
            Pane::Files => Pane::Detail,
            Pane::FileEvents => Pane::Files,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct FilterLine {
    pub input: Input,
    pub editing: bool,
    pub error: Option<ParseError>,
    /// While `↑`/`↓` walk the list's filter history: the entry shown (counted from the
    /// most recent) and the text typed before the walk began, which `↓` comes back to.
    pub recalled: Option<(usize, String)>,
}

/// The file list of the selected alert, and the events search of one file (of an
/// alert, or of a session's file event).
#[derive(Debug, Clone, Default)]
pub struct FilePane {
    pub selected: usize,
    /// The selected row of the events of `events_for`.
    pub events_selected: usize,
    pub events_for: Option<FileRow>,
    pub events: Vec<FileEventRow>,
    pub events_total: u64,
    pub events_error: Option<CallError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub kind: StatusKind,
    pub text: String,
}

/// Progress of one bulk state change. Changes run one after another in the order they
/// were started, so the first of `Status::bulk` is the one being sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkProgress {
    pub operation: u64,
    pub verb: String,
    /// What is changed, in the plural: "alerts" or "sessions".
    pub noun: &'static str,
    /// The note sent with the change; it replaces the alerts' notes.
    pub note: Option<String>,
    pub total: usize,
    pub done: usize,
    pub failed: Vec<String>,
    /// Alerts of chunks dropped before they were sent (quit or a signal).
    pub not_sent: Vec<String>,
    pub chunks_left: usize,
    pub last_error: Option<String>,
}

impl BulkProgress {
    /// Alerts whose chunk has been answered (changed or failed).
    pub fn answered(&self) -> usize {
        self.done.saturating_add(self.failed.len())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseProgress {
    pub case_number: Option<u64>,
    pub events_added: usize,
    pub events_total: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Status {
    /// Calls in flight per slot, with their request id.
    pub pending: BTreeMap<Slot, u64>,
    pub message: Option<StatusMessage>,
    pub spinner: usize,
    /// Bulk state changes running or queued, in the order they were started.
    pub bulk: Vec<BulkProgress>,
    /// How the bulk changes that ended since the queue was last empty went, in order.
    pub bulk_reports: Vec<StatusMessage>,
    /// Retry notices of calls still running, by the call's slot (`None`: not known).
    pub retrying: BTreeMap<Option<Slot>, String>,
    pub case: Option<CaseProgress>,
}

/// Watch mode: the list's first page is read again every `interval` while `on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Watch {
    pub on: bool,
    pub interval: std::time::Duration,
    /// Bumped each time watch is switched, so that a timer armed before is ignored.
    pub generation: u64,
    /// Refreshes failed in a row; the next one waits longer each time.
    pub failures: u32,
    /// When the list was last read without an error.
    pub last_checked: Option<DateTime<Utc>>,
    /// When a read last changed the list (shown: a read that changes nothing draws nothing).
    pub last_change: Option<DateTime<Utc>>,
    /// Why the last refresh failed, while it has not succeeded since.
    pub last_error: Option<String>,
    /// Alerts a refresh brought that have not been selected since.
    pub new_ids: HashSet<String>,
    /// The status line's "N new alerts", while it is shown: it goes once one of them is
    /// seen, so it never disagrees with the count in the list's title.
    pub announcement: Option<String>,
}

/// How often watch mode reads the list unless told otherwise (`--watch SECS`).
pub const WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);

/// The longest wait between two reads after failures.
pub const WATCH_MAX_BACKOFF: std::time::Duration = std::time::Duration::from_secs(600);

/// The shortest interval `--watch` takes: a faster poll only adds load on the tenant.
pub const MIN_WATCH_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// The wait after `failures` failed reads in a row: the interval doubled for each, at
/// most `WATCH_MAX_BACKOFF` (or the interval, if that is longer).
pub fn watch_backoff(interval: std::time::Duration, failures: u32) -> std::time::Duration {
    let factor = 1u32.checked_shl(failures.min(16)).unwrap_or(u32::MAX);
    interval
        .checked_mul(factor)
        .unwrap_or(WATCH_MAX_BACKOFF)
        .min(WATCH_MAX_BACKOFF.max(interval))
}

/// "60 s", "5 min".
pub fn watch_interval_label(interval: std::time::Duration) -> String {
    let secs = interval.as_secs();
    if secs >= 60 && secs.checked_rem(60) == Some(0) {
        format!("{} min", secs.checked_div(60).unwrap_or(0))
    } else {
        format!("{secs} s")
    }
}

impl Default for Watch {
    fn default() -> Self {
        Watch {
            on: false,
            interval: WATCH_INTERVAL,
            generation: 0,
            failures: 0,
            last_checked: None,
            last_change: None,
            last_error: None,
            new_ids: HashSet::new(),
            announcement: None,
        }
    }
}

/// How long the change in flight may take to finish once stopping; the loop arms it.
pub const STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The TUI is stopping (quit confirmed, or a signal): queued changes are dropped and the
/// one being sent may finish before the loop ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopping {
    /// Why: "quit", "SIGHUP", "SIGTERM", "the terminal closed".
    pub cause: String,
    /// The worker has said which queued changes it dropped.
    pub dropped_known: bool,
    /// Lines for stderr once the terminal is restored: what was done and what was not.
    pub report: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct State {
    /// The queue the panes show: alerts, sessions or cases.
    pub view: View,
    pub alerts: ListPane<AlertKind>,
    pub sessions: ListPane<SessionKind>,
    pub cases: ListPane<CaseKind>,
    /// The alerts whose details are being read ahead (`Slot::Prefetch`).
    pub prefetching: Vec<String>,
    /// The files of the selected alert, and the events of one of them.
    pub files: FilePane,
    /// The file events of the selected session.
    pub session_events: SessionEventsPane,
    /// The file events of the selected case.
    pub case_events: CaseEventsPane,
    pub focus: Pane,
    /// The focused pane fills the screen (`z`); Tab moves the zoom to the next pane.
    pub zoomed: bool,
    /// The terminal's size at the last resize, for the geometry the reducer needs.
    pub screen: Option<(u16, u16)>,
    pub filter: FilterLine,
    /// The command line, while one is typed (`:`).
    pub command: Option<CommandLine>,
    /// The lines run from the command line, the last the most recent; none twice.
    pub command_history: Vec<String>,
    /// Where that history is kept between runs (beside the journal), if anywhere.
    pub command_history_path: Option<PathBuf>,
    /// The places pivots came from, the last the most recent (`Esc` goes back to it).
    pub trail: Vec<Place>,
    /// The actor card, shown instead of the panes while it is open.
    pub card: Option<Box<ActorCard>>,
    /// The tenant's watchlists, once read (for the pickers and completion).
    pub watchlists: Option<Vec<WatchlistView>>,
    /// The analyst's own commands (`[[commands]]`), checked.
    pub custom_commands: Vec<CustomCommand>,
    pub overlay: Option<Overlay>,
    /// A yes/no question over everything else (quit, discard typed text).
    pub prompt: Option<Prompt>,
    pub stopping: Option<Stopping>,
    /// The alert whose note editor opens once its fresh details are in (`Slot::Notes`).
    pub note_opening: Option<String>,
    pub status: Status,
    pub read_only: bool,
    pub color: bool,
    /// CSV exports prefix cells a spreadsheet would run as formulas (on unless the
    /// profile turns it off).
    pub csv_formula_guard: bool,
    /// The home directory (HOME), for a leading `~` in an export's path; `None` when
    /// HOME is not set.
    pub home: Option<std::path::PathBuf>,
    pub keymap: Keymap,
    pub page_size: u32,
    pub next_request_id: u64,
    /// Mutations sent and not yet answered.
    pub mutations_in_flight: usize,
    pub quit: bool,
    /// The audit journal of this session's changes, when there is one.
    pub journal_path: Option<PathBuf>,
    /// The command that lists that journal, for messages ("triage42 journal").
    pub journal_command: String,
    /// Where typed text is kept when triage42 is stopped from outside (next to the
    /// journal), and the drafts that file holds now: offered back one by one at start.
    pub drafts_path: Option<PathBuf>,
    pub drafts: Vec<drafts::Draft>,
    /// What the stop kept as a draft, for the exit report ("… kept in PATH").
    pub kept_draft: Option<String>,
    /// Rows visible in the alert table at the last resize (for paging keys).
    pub viewport_rows: usize,
    pub watch: Watch,
    /// The web console's origin for this tenant, for links to an alert (`Y`).
    pub console_origin: Option<String>,
    /// The tenant's base URL, as the journal records it: the journal labels the
    /// changes made on others (a demo tenant of another run, another profile).
    pub tenant: String,
    /// Saved views, by name (the shared ones and the profile's).
    pub saved_views: Vec<SavedViewEntry>,
    /// Where a view is saved; `None` when there is nowhere to save one.
    pub views_file: Option<crate::saved_views_file::ViewsFile>,
    /// The saved view shown, while the list, query and sort are still its own.
    pub active_view: Option<String>,
    pub now: DateTime<Utc>,
}

impl State {
    pub fn new(keymap: Keymap, read_only: bool, color: bool, now: DateTime<Utc>) -> State {
        State {
            view: View::Alerts,
            alerts: ListPane::default(),
            sessions: ListPane::default(),
            cases: ListPane::default(),
            prefetching: Vec::new(),
            files: FilePane::default(),
            session_events: SessionEventsPane::default(),
            case_events: CaseEventsPane::default(),
            focus: Pane::Alerts,
            zoomed: false,
            screen: None,
            filter: FilterLine::default(),
            command: None,
            command_history: Vec::new(),
            command_history_path: None,
            trail: Vec::new(),
            card: None,
            watchlists: None,
            custom_commands: Vec::new(),
            overlay: None,
            prompt: None,
            stopping: None,
            note_opening: None,
            status: Status::default(),
            read_only,
            color,
            csv_formula_guard: true,
            home: None,
            keymap,
            page_size: 200,
            next_request_id: 1,
            mutations_in_flight: 0,
            quit: false,
            journal_path: None,
            journal_command: "triage42 journal".into(),
            drafts_path: None,
            drafts: Vec::new(),
            kept_draft: None,
            viewport_rows: 20,
            watch: Watch::default(),
            console_origin: None,
            tenant: String::new(),
            saved_views: Vec::new(),
            views_file: None,
            active_view: None,
            now,
        }
    }

    pub fn selected_detail(&self) -> Option<&AlertDetailView> {
        self.alerts.selected_detail()
    }

    /// The events loaded for the selected session, if they are its.
    pub fn selected_session_events(&self) -> Option<&[SessionEventRow]> {
        let id = &self.sessions.list.selected_row()?.id;
        (self.session_events.session_id.as_ref() == Some(id))
            .then_some(self.session_events.rows.as_slice())
    }

    /// The events loaded for the selected case, if they are its.
    pub fn selected_case_events(&self) -> Option<&[CaseEventRow]> {
        let id = &self.cases.list.selected_row()?.id;
        (self.case_events.case_id.as_ref() == Some(id)).then_some(self.case_events.rows.as_slice())
    }

    /// Files of the selected alert's observations, in order.
    pub fn selected_files(&self) -> Vec<&FileRow> {
        self.selected_detail()
            .map(|d| d.observations.iter().flat_map(|o| o.files.iter()).collect())
            .unwrap_or_default()
    }

    /// Whether the events of one file are shown below the files (read, or being read).
    pub fn file_events_shown(&self) -> bool {
        self.files.events_for.is_some() || self.is_pending(Slot::FileEvents)
    }

    pub fn is_pending(&self, slot: Slot) -> bool {
        self.status.pending.contains_key(&slot)
    }

    /// Calls someone waits for are running (background ones do not count).
    pub fn has_pending(&self) -> bool {
        self.status.pending.keys().any(|slot| !slot.is_background()) || self.mutations_in_flight > 0
    }

    /// What the help says under the keys: Ctrl-C, and the filter vocabulary (and for
    /// sessions, what the alert keys do there) of the view shown.
    pub fn help_notes(&self) -> Vec<String> {
        let mut notes = self.view_help_notes();
        let yours: Vec<String> = self
            .custom_commands
            .iter()
            .filter(|c| !(c.mutating && self.read_only))
            .map(|c| {
                let key = c
                    .key
                    .as_ref()
                    .map(|k| format!(" ({})", k.label()))
                    .unwrap_or_default();
                let what = c
                    .description
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default();
                format!("!{}{key}{what}", c.name)
            })
            .collect();
        if !yours.is_empty() {
            notes.push(format!(
                "Your commands, on the marked items (:!NAME or the key): {}",
                yours.join(" · ")
            ));
        }
        notes
    }

    fn view_help_notes(&self) -> Vec<String> {
        let ctrl_c = "Ctrl-C quits from anywhere; it asks first when typed text or changes in \
                      flight would be lost."
            .to_string();
        match self.view {
            View::Alerts => vec![
                ctrl_c,
                "Filter fields: actor state severity rule rule-id source type description \
                 since before on created"
                    .into(),
                "Operators: : != !: ~ !~   OR: a | b, any: …".into(),
            ],
            View::Sessions => {
                let keys = &self.keymap;
                vec![
                    ctrl_c,
                    format!(
                        "Sessions: {} close · {} reopen · {} in progress · {} add a note · {}/{} \
                         a case with the session's file events",
                        keys.keys_label(crate::action::Action::Resolve),
                        keys.keys_label(crate::action::Action::Reopen),
                        keys.keys_label(crate::action::Action::MarkInProgress),
                        keys.keys_label(crate::action::Action::EditNote),
                        keys.keys_label(crate::action::Action::CreateCase),
                        keys.keys_label(crate::action::Action::AddToCase),
                    ),
                    format!("Session filter fields: {}", crate::filter::sessions::FIELDS),
                    "e.g. state:open,in_progress severity:high,critical since:7d".into(),
                ]
            }
            View::Cases => {
                let keys = &self.keymap;
                vec![
                    ctrl_c,
                    format!(
                        "Cases: {} close (with findings) · {} reopen · {} edit the findings · \
                         {} assign",
                        keys.keys_label(crate::action::Action::Resolve),
                        keys.keys_label(crate::action::Action::Reopen),
                        keys.keys_label(crate::action::Action::EditNote),
                        keys.keys_label(crate::action::Action::Assign),
                    ),
                    format!("Case filter fields: {}", crate::filter::cases::FIELDS),
                    "e.g. status:open name:laptop".into(),
                ]
            }
        }
    }

    pub fn take_request_id(&mut self) -> u64 {
        let id = self.next_request_id;
        self.next_request_id = self.next_request_id.wrapping_add(1);
        id
    }
}
