//! Pop-ups over the panes: help, confirmations, note editor, case form and picker, export prompt.

use tui_input::Input;

use super::{CallError, CaseRow, View};
use crate::action::Action;

/// What a note editor is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotePurpose {
    /// The optional note sent with a state change (`action`) of these items.
    StateChange {
        view: View,
        ids: Vec<String>,
        action: Action,
    },
    /// The note of one item (`n`): it replaces the item's note, or joins its notes, as
    /// the kind has it.
    Note { view: View, id: String },
    /// The notes of an actor (from the actor card); confirmed before they are sent.
    ActorNotes { actor_id: String, name: String },
    /// Who a case is assigned to (`A` in the cases view): a user's name.
    Assignee { id: String },
}

/// The longest assignee anyone types: a user name or an email address.
pub const ASSIGNEE_MAX: usize = 254;

impl NotePurpose {
    /// The most characters the text may have: a case's findings are longer than a note.
    pub fn limit(&self) -> usize {
        match self {
            NotePurpose::StateChange {
                view: View::Cases, ..
            }
            | NotePurpose::Note {
                view: View::Cases, ..
            } => crate::api::cases::CASE_FINDINGS_MAX,
            NotePurpose::Assignee { .. } => ASSIGNEE_MAX,
            _ => crate::api::MAX_NOTE_LEN,
        }
    }

    /// What the text is called in messages, with its verb: "the note is", "the findings
    /// are".
    pub fn text_is(&self) -> &'static str {
        match self {
            NotePurpose::StateChange {
                view: View::Cases, ..
            }
            | NotePurpose::Note {
                view: View::Cases, ..
            } => "the findings are",
            NotePurpose::Assignee { .. } => "the assignee is",
            _ => "the note is",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NoteEditor {
    pub purpose: NotePurpose,
    pub input: Input,
    /// The text the editor opened with; anything else is typed text worth asking about.
    pub initial: String,
    pub saving: bool,
    pub error: Option<CallError>,
}

impl NoteEditor {
    /// An editor holding `initial`.
    pub fn new(purpose: NotePurpose, initial: String) -> NoteEditor {
        NoteEditor {
            purpose,
            input: Input::new(initial.clone()),
            initial,
            saving: false,
            error: None,
        }
    }

    /// Whether the text differs from what the editor opened with.
    pub fn is_changed(&self) -> bool {
        self.input.value() != self.initial
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfirmKind {
    /// A state change (`action`) of these items, with the note typed for it.
    StateChange {
        view: View,
        ids: Vec<String>,
        action: Action,
        note: Option<String>,
        /// Which of the items already have a note the one sent would replace.
        notes: NoteCheck,
    },
}

/// What is known of the notes a state change with a note would replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteCheck {
    /// No note is sent, so none is replaced.
    NotNeeded,
    /// The details of alerts not loaded yet are being read.
    Checking,
    /// How many of the alerts have a note, and how many could not be read.
    Known {
        with_note: usize,
        unknown: usize,
    },
    Failed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub kind: ConfirmKind,
    pub question: String,
}

impl Confirm {
    /// The line under the question: what else the change does ("3 of 37 alerts already
    /// have a note; it will be replaced").
    pub fn consequence(&self) -> Option<String> {
        let ConfirmKind::StateChange {
            view, ids, notes, ..
        } = &self.kind;
        let (one, many) = view.nouns();
        let total = ids.len();
        // A case's findings are its note.
        let (a_note, notes_word, it) = if *view == View::Cases {
            ("findings", "findings", "they")
        } else {
            ("a note", "notes", "it")
        };
        let none = if *view == View::Cases {
            "no findings"
        } else {
            "no note"
        };
        match notes {
            NoteCheck::NotNeeded => None,
            NoteCheck::Checking => Some(format!("checking existing {notes_word}…")),
            NoteCheck::Failed(reason) => {
                let any = if *view == View::Cases {
                    "any findings"
                } else {
                    "any note"
                };
                Some(format!(
                    "Could not check existing {notes_word} ({reason}); {any} they have will be \
                     replaced"
                ))
            }
            NoteCheck::Known { with_note, unknown } => {
                let mut line = match (*with_note, total) {
                    (0, 1) => format!("The {one} has {none} yet"),
                    (0, _) => format!("None of them has {none} yet"),
                    (1, 1) => format!("The {one} already has {a_note}; {it} will be replaced"),
                    (1, _) => {
                        format!("1 of {total} {many} already has {a_note}; {it} will be replaced")
                    }
                    (n, _) => format!(
                        "{n} of {total} {many} already have {a_note}; {it} will be replaced"
                    ),
                };
                if *unknown > 0 {
                    line.push_str(&format!("; {unknown} could not be read"));
                }
                Some(line)
            }
        }
    }
}

/// What a yes/no prompt over everything else asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Quit while changes are being saved.
    Quit,
    /// Close the editor and lose the text typed in it (then quit, for Ctrl-C).
    Discard { then_quit: bool },
    /// Delete the saved view of this name from the config file.
    DeleteView { name: String },
    /// Reopen `State::drafts[index]` (no keeps it for the next start).
    Draft { index: usize },
    /// Put back what the plan says.
    Undo(Box<crate::undo::UndoPlan>),
    /// Clear the filter in force, and the marks with it.
    ClearFilter,
    /// A change to an actor: their notes, or a watchlist they are on.
    ActorChange(super::ActorChange),
    /// Run the analyst's command `State::custom_commands[index]` on the marked items.
    RunCommand { index: usize },
}

/// A yes/no question drawn over the panes and any pop-up, which stays as it was beneath.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub question: String,
}

/// The fields of a new case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseForm {
    pub name: String,
    pub description: String,
    pub findings: String,
    pub subject: String,
    pub assignee: String,
}

pub const CASE_FIELDS: [&str; 5] = ["Name", "Description", "Findings", "Subject", "Assignee"];

/// What a case is made from, and so where its file events come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseSource {
    /// The files of the alert's observations (its details).
    Alert(String),
    /// The file events of the session, as loaded.
    Session { id: String, event_ids: Vec<String> },
    /// A case form kept as a draft when triage42 was stopped: the item it was made from
    /// ("alert" or "session") and the file events read then.
    Kept {
        noun: &'static str,
        id: String,
        event_ids: Vec<String>,
    },
}

impl CaseSource {
    /// "alert 123" or "session 456", for titles.
    pub fn describe(&self) -> String {
        match self {
            CaseSource::Alert(id) => format!("alert {id}"),
            CaseSource::Session { id, .. } => format!("session {id}"),
            CaseSource::Kept { noun, id, .. } => format!("{noun} {id}"),
        }
    }

    /// "alert" or "session".
    pub fn noun(&self) -> &'static str {
        match self {
            CaseSource::Alert(_) => "alert",
            CaseSource::Session { .. } => "session",
            CaseSource::Kept { noun, .. } => noun,
        }
    }
}

#[derive(Debug, Clone)]
pub struct CaseFormEditor {
    pub source: CaseSource,
    pub fields: [Input; 5],
    /// The values the form opened with.
    pub initial: [String; 5],
    pub focused: usize,
    /// Sent, and not yet answered: the form stays open (and read-only) until it is.
    pub creating: bool,
    /// The case exists (its events are being added); the form's text is on the server.
    pub created: Option<u64>,
    pub error: Option<String>,
}

impl CaseFormEditor {
    pub fn new(source: CaseSource, initial: [String; 5]) -> CaseFormEditor {
        CaseFormEditor {
            source,
            fields: initial.clone().map(Input::new),
            initial,
            focused: 0,
            creating: false,
            created: None,
            error: None,
        }
    }

    /// Whether any field differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        self.fields
            .iter()
            .zip(self.initial.iter())
            .any(|(field, initial)| field.value() != initial)
    }

    pub fn form(&self) -> CaseForm {
        let value = |input: &Input| input.value().trim().to_string();
        let [name, description, findings, subject, assignee] = &self.fields;
        CaseForm {
            name: value(name),
            description: value(description),
            findings: value(findings),
            subject: value(subject),
            assignee: value(assignee),
        }
    }
}

#[derive(Debug, Clone)]
pub struct CasePicker {
    pub source: CaseSource,
    pub cases: Vec<CaseRow>,
    pub selected: usize,
    pub loading: bool,
    pub error: Option<CallError>,
}

/// The views to choose from (`v`): alerts, sessions, then the saved ones by name.
#[derive(Debug, Clone, Default)]
pub struct ViewPicker {
    /// 0 and 1 are the built-in views; from 2 on, `State::saved_views`.
    pub selected: usize,
}

/// The name for the view being saved, and the view (captured when the prompt opened).
#[derive(Debug, Clone)]
pub struct ViewNamePrompt {
    pub input: Input,
    pub view: super::SavedViewEntry,
    pub error: Option<String>,
    /// The name found taken; Enter on the same name again replaces that view.
    pub replaces: Option<String>,
    pub saving: bool,
}

/// The path prompt of an export; the extension picks the format.
#[derive(Debug, Clone)]
pub struct ExportPrompt {
    pub input: Input,
    /// What is exported, in the singular: "alert" or "session".
    pub noun: &'static str,
    /// How many alerts will be written (marked ones, or every loaded row).
    pub count: usize,
    /// Alerts matching the filter on the server; more than `count` when not every page is loaded.
    pub matching: u64,
    pub marked_only: bool,
    pub writing: bool,
    /// While the server is read for the export (the pages not loaded yet, the notes):
    /// Esc stops it then; once the file is being written it runs on.
    pub fetching: Option<ExportFetching>,
    pub error: Option<String>,
    /// The path found to exist; Enter on this same path again replaces it.
    pub exists: Option<String>,
    /// Rows with nothing to write (their item could not be read, or no longer exists),
    /// left out of the file.
    pub left_out: usize,
}

/// What an export reads from the server, and how far it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportFetching {
    pub stage: ExportStage,
    /// Rows read so far…
    pub done: usize,
    /// …of how many.
    pub total: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportStage {
    /// The pages of the view not loaded yet: rows held so far, of how many the server
    /// counts.
    Pages,
    /// The alerts' details, for their notes.
    Notes,
}

/// The last changes of the audit journal, newest first.
#[derive(Debug, Clone)]
pub struct JournalView {
    pub entries: Vec<crate::journal::ChangeSummary>,
    /// Changes the journal holds (more than `entries` when only the last are shown).
    pub total: usize,
    pub loading: bool,
    pub error: Option<String>,
    pub scroll: usize,
    /// The change at the top shown whole (`Enter`), with this scroll of its lines.
    pub opened: Option<usize>,
}

/// The help: its scroll and the filter typed into it.
#[derive(Debug, Clone, Default)]
pub struct HelpView {
    /// The first line shown.
    pub scroll: usize,
    pub filter: Input,
    /// Typing into the filter: characters are text, not the help's keys.
    pub typing: bool,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help(HelpView),
    Confirm(Confirm),
    Note(NoteEditor),
    CaseForm(Box<CaseFormEditor>),
    CasePicker(CasePicker),
    ViewPicker(ViewPicker),
    ViewName(ViewNamePrompt),
    Export(ExportPrompt),
    Journal(JournalView),
    /// One event of a file, whole (`Enter` on the events of a file).
    FileEvent(Box<super::FileEventRow>),
    /// The watchlists: to add the card's actor to one, remove them from one, or browse
    /// (`:watchlists`) and see who is on one.
    Watchlists(WatchlistPicker),
    /// What one of the analyst's commands printed.
    CommandOutput(super::CommandRun),
}

/// What the watchlist picker is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchlistPurpose {
    /// Add the actor to the watchlist chosen.
    Add { actor_id: String, name: String },
    /// Remove the actor from the watchlist chosen.
    Remove { actor_id: String, name: String },
    /// See who is on the one chosen.
    Browse,
}

/// The watchlist picker; browsing, with the members of the watchlist opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistPicker {
    pub purpose: WatchlistPurpose,
    /// The watchlists offered: for `Add`, those the actor is not on; for `Remove`,
    /// those they are; `None` while the tenant's are being read.
    pub rows: Option<Vec<super::WatchlistView>>,
    pub selected: usize,
    pub error: Option<CallError>,
    pub members: Option<WatchlistMembers>,
    /// Browsing from `:watchlist NAME`: the watchlist whose members open once the
    /// watchlists are read.
    pub wanted: Option<String>,
    /// Adding: the watchlists the actor is on already, left out of `rows`.
    pub exclude: Vec<String>,
}

/// The actors on one watchlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistMembers {
    pub watchlist: super::WatchlistView,
    pub request_id: u64,
    pub rows: super::Part<Vec<super::WatchlistMemberView>>,
    pub selected: usize,
}
