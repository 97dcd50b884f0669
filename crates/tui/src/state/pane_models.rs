//! The models the panes render (rows, details, observations, notes, files); they hold
//! no wire format, so a pane never sees a server's JSON.

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SeverityView {
    NoRisk,
    Low,
    Moderate,
    High,
    Critical,
    Other(String),
}

impl SeverityView {
    pub fn label(&self) -> &str {
        match self {
            SeverityView::NoRisk => "none",
            SeverityView::Low => "low",
            SeverityView::Moderate => "moderate",
            SeverityView::High => "high",
            SeverityView::Critical => "critical",
            SeverityView::Other(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertStateView {
    Open,
    Resolved,
    Pending,
    InProgress,
    Other(String),
}

impl AlertStateView {
    pub fn label(&self) -> &str {
        match self {
            AlertStateView::Open => "open",
            AlertStateView::Resolved => "resolved",
            AlertStateView::Pending => "pending",
            AlertStateView::InProgress => "in progress",
            AlertStateView::Other(s) => s,
        }
    }

    /// The state's name on the wire.
    pub fn wire(&self) -> String {
        match self {
            AlertStateView::Open => "OPEN".into(),
            AlertStateView::Resolved => "RESOLVED".into(),
            AlertStateView::Pending => "PENDING".into(),
            AlertStateView::InProgress => "IN_PROGRESS".into(),
            AlertStateView::Other(other) => other.to_ascii_uppercase(),
        }
    }

    /// The verb used in confirmations ("Resolve 3 alerts").
    pub fn verb(&self) -> &str {
        match self {
            AlertStateView::Open => "Reopen",
            AlertStateView::Resolved => "Resolve",
            AlertStateView::Pending => "Mark pending",
            AlertStateView::InProgress => "Mark in progress",
            AlertStateView::Other(_) => "Change state of",
        }
    }
}

/// One row of the alert list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertRow {
    /// Empty when the server gave the alert no usable id (see [`AlertRow::has_id`]).
    pub id: String,
    pub severity: SeverityView,
    pub state: AlertStateView,
    pub created: Option<DateTime<Utc>>,
    pub rule_name: String,
    pub actor: String,
    /// Set when the server's record of this alert could not be read: the row stands in
    /// for it so the list still shows every alert the tenant holds.
    pub unreadable: Option<UnreadableView>,
}

/// What is known of an item that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadableView {
    pub reason: String,
    /// The item as the server sent it, for the detail pane.
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteView {
    pub message: String,
    pub modified_by: Option<String>,
    pub modified_at: Option<DateTime<Utc>>,
}

/// Every field of one alert, with its observations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertDetailView {
    pub row: AlertRow,
    pub description: Option<String>,
    pub rule_id: Option<String>,
    pub rule_type: Option<String>,
    pub rule_source: Option<String>,
    pub target: Option<String>,
    pub state_modified_by: Option<String>,
    pub state_modified_at: Option<DateTime<Utc>>,
    pub note: Option<NoteView>,
    pub observations: Vec<ObservationView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ObservationView {
    pub observation_type: Option<String>,
    pub observed_at: Option<DateTime<Utc>>,
    pub activity_start: Option<DateTime<Utc>>,
    pub activity_end: Option<DateTime<Utc>>,
    pub exposure_types: Vec<String>,
    pub sources: Vec<String>,
    pub file_count: Option<u64>,
    pub total_size: Option<u64>,
    pub categories: Vec<String>,
    pub sync_destinations: Vec<String>,
    pub sending_ips: Vec<String>,
    pub files: Vec<FileRow>,
    /// Set when the server's observation data could not be read.
    pub unreadable: Option<String>,
    /// The observation data as sent, when it could not be read.
    pub raw_data: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileRow {
    pub name: Option<String>,
    pub path: Option<String>,
    pub category: Option<String>,
    pub size: Option<u64>,
    pub event_id: Option<String>,
    pub sha256: Option<String>,
    pub md5: Option<String>,
}

impl FileRow {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("(unnamed)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FileEventRow {
    pub event_id: String,
    /// Why the event could not be read, when it could not.
    pub unreadable: Option<String>,
    pub user: Option<String>,
    pub time: Option<DateTime<Utc>>,
    pub action: Option<String>,
    pub destination: Option<String>,
    /// What `Enter` on the row shows beside the columns.
    pub file_name: Option<String>,
    pub directory: Option<String>,
    pub size: Option<u64>,
    pub sha256: Option<String>,
    pub md5: Option<String>,
    /// The device or application the file came from.
    pub source: Option<String>,
    pub risk_score: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub number: u64,
    pub name: String,
    pub status: String,
}

/// "1.5 MB" style sizes.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = "KB";
    for next in UNITS.iter().skip(1) {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    format!("{value:.1} {unit}")
}

#[cfg(test)]
mod tests {
    use super::human_size;

    #[test]
    fn sizes_read_like_a_person_would_write_them() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(1_572_864), "1.5 MB");
        assert_eq!(human_size(u64::MAX), "16777216.0 TB");
    }
}
