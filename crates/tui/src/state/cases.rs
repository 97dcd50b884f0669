//! The cases list: a case's status, its details (description, findings) and the file
//! events it holds, as the panes render them (independent of any wire format).

use chrono::{DateTime, Utc};

use super::CallError;

/// The status of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseStatusView {
    Open,
    Closed,
    Other(String),
}

impl CaseStatusView {
    pub fn label(&self) -> &str {
        match self {
            CaseStatusView::Open => "open",
            CaseStatusView::Closed => "closed",
            CaseStatusView::Other(s) => s,
        }
    }

    /// The status's name on the wire.
    pub fn wire(&self) -> String {
        match self {
            CaseStatusView::Open => "OPEN".into(),
            CaseStatusView::Closed => "CLOSED".into(),
            CaseStatusView::Other(other) => other.to_ascii_uppercase(),
        }
    }

    /// The verb of confirmations ("Close 2 cases").
    pub fn verb(&self) -> &str {
        match self {
            CaseStatusView::Open => "Reopen",
            CaseStatusView::Closed => "Close",
            CaseStatusView::Other(_) => "Change the status of",
        }
    }
}

/// One row of the cases list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseListRow {
    /// The case number as text (the list's key); empty when the server gave none.
    pub id: String,
    pub name: String,
    pub status: CaseStatusView,
    pub assignee: Option<String>,
    /// Whom the case is about.
    pub subject: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    /// Set when the server's record of this case could not be read.
    pub unreadable: Option<super::UnreadableView>,
}

impl CaseListRow {
    /// The case number, when the row has one.
    pub fn number(&self) -> Option<u64> {
        self.id.parse().ok()
    }
}

/// Every field of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDetailView {
    pub row: CaseListRow,
    pub description: Option<String>,
    pub findings: Option<String>,
    pub created_by: Option<String>,
    pub last_modified_by: Option<String>,
}

/// What the server can sort cases by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseSortKey {
    /// The newest case (the highest number) first by default.
    #[default]
    Number,
    Updated,
    Created,
    Name,
}

impl CaseSortKey {
    /// The service's name for it (`srtKey`).
    pub fn wire(self) -> &'static str {
        match self {
            CaseSortKey::Number => "number",
            CaseSortKey::Updated => "updatedAt",
            CaseSortKey::Created => "createdAt",
            CaseSortKey::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseSortKey::Number => "number",
            CaseSortKey::Updated => "updated",
            CaseSortKey::Created => "created",
            CaseSortKey::Name => "name",
        }
    }

    pub fn next(self) -> CaseSortKey {
        match self {
            CaseSortKey::Number => CaseSortKey::Updated,
            CaseSortKey::Updated => CaseSortKey::Created,
            CaseSortKey::Created => CaseSortKey::Name,
            CaseSortKey::Name => CaseSortKey::Number,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSort {
    pub key: CaseSortKey,
    pub descending: bool,
}

impl Default for CaseSort {
    fn default() -> Self {
        CaseSort {
            key: CaseSortKey::Number,
            descending: true,
        }
    }
}

/// One file event a case holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseEventRow {
    pub event_id: String,
    /// Why the event could not be read, when it could not.
    pub unreadable: Option<String>,
    pub time: Option<DateTime<Utc>>,
    pub file_name: Option<String>,
    pub path: Option<String>,
    /// Where the file went ("RemovableMedia", "CloudStorage"…).
    pub exposure: Vec<String>,
    pub severity: Option<String>,
}

/// The file events of the selected case.
#[derive(Debug, Clone, Default)]
pub struct CaseEventsPane {
    /// The case they belong to (loaded or being loaded), by its row's id.
    pub case_id: Option<String>,
    pub rows: Vec<CaseEventRow>,
    pub selected: usize,
    pub error: Option<CallError>,
}
