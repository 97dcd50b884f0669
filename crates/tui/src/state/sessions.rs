//! The sessions list: the details and file events of the selected session, and the
//! models its panes render (independent of any wire format).

use chrono::{DateTime, Utc};

use super::{CallError, SeverityView};

/// The state of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStateView {
    Open,
    OpenNewData,
    InProgress,
    Closed,
    ClosedTruePositive,
    ClosedBenign,
    ClosedFalsePositive,
    Other(String),
}

impl SessionStateView {
    /// A short name, for the list (at most 11 columns for the known states).
    pub fn label(&self) -> &str {
        match self {
            SessionStateView::Open => "open",
            SessionStateView::OpenNewData => "new data",
            SessionStateView::InProgress => "in progress",
            SessionStateView::Closed => "closed",
            SessionStateView::ClosedTruePositive => "closed TP",
            SessionStateView::ClosedBenign => "closed BTP",
            SessionStateView::ClosedFalsePositive => "closed FP",
            SessionStateView::Other(s) => s,
        }
    }

    /// The name in full, for the detail pane.
    pub fn long_label(&self) -> &str {
        match self {
            SessionStateView::OpenNewData => "open, with new data",
            SessionStateView::ClosedTruePositive => "closed: true positive",
            SessionStateView::ClosedBenign => "closed: benign true positive",
            SessionStateView::ClosedFalsePositive => "closed: false positive",
            other => other.label(),
        }
    }

    /// The state's name on the wire.
    pub fn wire(&self) -> String {
        match self {
            SessionStateView::Open => "OPEN".into(),
            SessionStateView::OpenNewData => "OPEN_NEW_DATA".into(),
            SessionStateView::InProgress => "IN_PROGRESS".into(),
            SessionStateView::Closed => "CLOSED".into(),
            SessionStateView::ClosedTruePositive => "CLOSED_TP".into(),
            SessionStateView::ClosedBenign => "CLOSED_TP_BENIGN".into(),
            SessionStateView::ClosedFalsePositive => "CLOSED_FP".into(),
            SessionStateView::Other(other) => other.to_ascii_uppercase(),
        }
    }

    /// The verb used in confirmations ("Close 3 sessions").
    pub fn verb(&self) -> &str {
        match self {
            SessionStateView::Open | SessionStateView::OpenNewData => "Reopen",
            SessionStateView::InProgress => "Mark in progress",
            SessionStateView::Closed => "Close",
            SessionStateView::ClosedTruePositive => "Close as true positive",
            SessionStateView::ClosedBenign => "Close as benign true positive",
            SessionStateView::ClosedFalsePositive => "Close as false positive",
            SessionStateView::Other(_) => "Change state of",
        }
    }
}

/// A risk indicator of a session: what it saw, how much it weighs, how often.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RiskIndicatorView {
    pub name: String,
    pub weight: Option<i64>,
    pub event_count: Option<u64>,
}

/// One row of the session list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// Empty when the server gave the session no usable id.
    pub id: String,
    pub actor: String,
    /// The actor's id, for their card and their other sessions.
    pub actor_id: Option<String>,
    pub severity: SeverityView,
    pub score: Option<i64>,
    pub state: SessionStateView,
    pub begin: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub alert_count: usize,
    pub risk_indicators: Vec<RiskIndicatorView>,
    /// Set when the server's record of this session could not be read.
    pub unreadable: Option<super::UnreadableView>,
    /// What an export writes of the session, as the commands write it (the values of
    /// the wire, where the fields above are for the screen), kept up to date with the
    /// changes made here.
    pub record: crate::export_columns::SessionRecord,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionNoteView {
    pub content: String,
    pub author: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionStateChangeView {
    pub state: SessionStateView,
    pub by: Option<String>,
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggeredAlertView {
    pub alert_id: String,
    pub rule_name: Option<String>,
    pub rule_id: Option<String>,
}

/// Every field of one session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionDetailView {
    pub row: SessionRow,
    pub session_type: Option<String>,
    pub context_summary: Option<String>,
    pub exfiltration_summary: Option<String>,
    /// Events by severity: critical, high, moderate, low, no risk.
    pub event_counts: [u64; 5],
    pub content_inspection: Option<String>,
    pub triggered_alerts: Vec<TriggeredAlertView>,
    /// Oldest first.
    pub states: Vec<SessionStateChangeView>,
    /// Oldest first; notes accumulate.
    pub notes: Vec<SessionNoteView>,
    pub last_updated: Option<DateTime<Utc>>,
}

/// One file event of a session.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionEventRow {
    pub event_id: String,
    /// Why the event could not be read, when it could not.
    pub unreadable: Option<String>,
    pub time: Option<DateTime<Utc>>,
    pub action: Option<String>,
    pub file_name: Option<String>,
    pub directory: Option<String>,
    pub size: Option<u64>,
    pub destination: Option<String>,
    /// The file's hashes, for the search of its events across the tenant.
    pub sha256: Option<String>,
    pub md5: Option<String>,
}

/// What the server can sort sessions by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionSort {
    pub by_score: bool,
    pub descending: bool,
}

impl Default for SessionSort {
    fn default() -> Self {
        SessionSort {
            by_score: false,
            descending: true,
        }
    }
}

impl SessionSort {
    pub fn label(self) -> &'static str {
        if self.by_score { "score" } else { "end" }
    }
}

/// The file events of the selected session.
#[derive(Debug, Clone, Default)]
pub struct SessionEventsPane {
    /// The session they belong to (loaded or being loaded).
    pub session_id: Option<String>,
    pub rows: Vec<SessionEventRow>,
    pub total: u64,
    pub selected: usize,
    pub error: Option<CallError>,
}
