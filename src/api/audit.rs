//! What the client tells an audit log about each change it makes: the intent before the
//! request is sent, then the outcome. The log itself (a journal file) lives outside `api`.

use std::sync::atomic::{AtomicU64, Ordering};

/// A change to the tenant, as the client is about to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Unique among this process's changes; outcomes name the intent they belong to.
    pub id: String,
    pub what: ChangeKind,
    /// The alerts changed, or the file events added to a case.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The alerts' state, with the note that replaces theirs (if any).
    AlertState { state: String, note: Option<String> },
    /// The alert's note replaced.
    AlertNote { note: String },
    /// A case created.
    CreateCase { name: String },
    /// File events added to a case.
    AddCaseEvents { case_number: u64 },
    /// The sessions' state; with a note, added to each of them.
    SessionState { state: String, note: Option<String> },
    /// A note added to the session (notes accumulate).
    SessionNote { note: String },
    /// The state of every session a query matches (the query in the wire's parameters).
    SessionStateByQuery { state: String, query: String },
}

impl ChangeKind {
    /// The action's name in the journal.
    pub fn action(&self) -> &'static str {
        match self {
            ChangeKind::AlertState { .. } => "alert-state",
            ChangeKind::AlertNote { .. } => "alert-note",
            ChangeKind::CreateCase { .. } => "create-case",
            ChangeKind::AddCaseEvents { .. } => "add-case-events",
            ChangeKind::SessionState { .. } => "session-state",
            ChangeKind::SessionNote { .. } => "session-note",
            ChangeKind::SessionStateByQuery { .. } => "session-state-by-query",
        }
    }
}

/// What became of a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Applied. `checked` when the answer was lost and a re-read showed it applied.
    Ok {
        checked: bool,
        detail: Option<String>,
    },
    /// Refused or not applied, with the reason.
    Failed(String),
    /// The answer was lost and what happened is not known yet (or could not be checked).
    Unknown(String),
}

/// Where changes are recorded. Writing the intent must succeed before anything is sent.
pub trait ChangeLog: Send + Sync {
    fn intent(&self, change: &Change) -> std::io::Result<()>;
    fn outcome(&self, change: &Change, outcome: &Outcome) -> std::io::Result<()>;
}

static NEXT: AtomicU64 = AtomicU64::new(1);

impl Change {
    pub fn new(what: ChangeKind, ids: Vec<String>) -> Change {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let at = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
        Change {
            id: format!("{at}-{}-{n}", std::process::id()),
            what,
            ids,
        }
    }
}
