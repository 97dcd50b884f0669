//! What the client tells an audit log about each change it makes: the intent before the
//! request is sent, then the outcome. The log itself (a journal file) lives outside `api`.

use std::sync::atomic::{AtomicU64, Ordering};

/// A change to the tenant, as the client is about to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Unique among this process's changes; outcomes name the intent they belong to.
    pub id: String,
    pub what: ChangeKind,
    /// The alerts or sessions changed, the file events added to a case, the actors put
    /// on or taken off a watchlist, the actor changed.
    pub ids: Vec<String>,
    /// The changes sent for one request of the analyst (a bulk change goes in calls of
    /// at most 100 ids): undo takes them together.
    pub batch: Option<String>,
    /// The change this one undoes.
    pub undoes: Option<String>,
    /// Each item as it was just before the change, read fresh (empty where the change
    /// cannot be undone, or the read failed).
    pub before: Vec<ItemState>,
}

/// An alert's or a session's state and note at one moment.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemState {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// An alert's note (sessions' notes accumulate and are not put back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What the changes sent within [`in_batch`] share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: String,
    pub undoes: Option<String>,
}

impl Batch {
    /// A batch of its own, undoing `undoes` if given.
    pub fn new(undoes: Option<String>) -> Batch {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let at = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
        Batch {
            id: format!("{at}-{}-b{n}", std::process::id()),
            undoes,
        }
    }
}

impl Batch {
    /// The batch of one operation of this process (an operation's calls may be sent from
    /// different tasks; they share its number).
    pub fn of_operation(operation: u64) -> Batch {
        static STARTED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let started = STARTED.get_or_init(|| {
            format!(
                "{}-{}",
                chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f"),
                std::process::id()
            )
        });
        Batch {
            id: format!("{started}-op{operation}"),
            undoes: None,
        }
    }
}

tokio::task_local! {
    static BATCH: Batch;
}

/// Runs `work` with every change it makes journaled as part of `batch`.
pub async fn in_batch<F: std::future::Future>(batch: Batch, work: F) -> F::Output {
    BATCH.scope(batch, work).await
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
    /// Actors put on a watchlist one by one (`added`), or taken off it; `watchlist` is
    /// what people call the list (its type, or a custom list's title) when it was read.
    WatchlistActors {
        watchlist_id: String,
        watchlist: Option<String>,
        added: bool,
    },
    /// An actor's notes or dates: each field changed, with its new value (`None`: cleared).
    UpdateActor {
        fields: Vec<(String, Option<String>)>,
    },
    /// A case's fields: each field changed, with its new value.
    UpdateCase {
        case_number: u64,
        fields: Vec<(String, Option<String>)>,
    },
    /// An undo of the change `of`, as a whole (journaled so only when it was never sent;
    /// what it sends is journaled as the changes it makes).
    Undo { of: String },
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
            ChangeKind::WatchlistActors { added: true, .. } => "add-watchlist-actors",
            ChangeKind::WatchlistActors { added: false, .. } => "remove-watchlist-actors",
            ChangeKind::UpdateActor { .. } => "update-actor",
            ChangeKind::UpdateCase { .. } => "update-case",
            ChangeKind::Undo { .. } => "undo",
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
    /// A change of `ids`, in the batch of the task it is made in (if any).
    pub fn new(what: ChangeKind, ids: Vec<String>) -> Change {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let at = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
        let batch = BATCH.try_with(Batch::clone).ok();
        Change {
            id: format!("{at}-{}-{n}", std::process::id()),
            what,
            ids,
            undoes: batch.as_ref().and_then(|b| b.undoes.clone()),
            batch: batch.map(|b| b.id),
            before: Vec::new(),
        }
    }
}
