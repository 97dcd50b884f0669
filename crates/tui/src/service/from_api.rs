//! Maps the client's models to the view models the panes render.

use crate::api::sessions::{Session, SessionState};
use crate::api::{
    AlertDetails, AlertState, AlertSummary, Case, CaseFileEvent, CaseStatus, FileEvent, Item,
    Observation, ObservationPayload, RiskSeverity, UnreadableItem,
};

use crate::state::{
    ActorProfileView, AlertDetailView, AlertRow, AlertStateView, CaseDetailView, CaseEventRow,
    CaseListRow, CaseRow, CaseStatusView, FileEventRow, FileRow, NoteView, ObservationView,
    RiskIndicatorView, SessionDetailView, SessionEventRow, SessionNoteView, SessionRow,
    SessionStateChangeView, SessionStateView, SeverityView, TriggeredAlertView, UnreadableView,
    WatchlistView,
};

pub fn severity_view(summary: &AlertSummary) -> SeverityView {
    match &summary.risk_severity {
        Some(RiskSeverity::NoRiskIndicated) => SeverityView::NoRisk,
        Some(RiskSeverity::Low) => SeverityView::Low,
        Some(RiskSeverity::Moderate) => SeverityView::Moderate,
        Some(RiskSeverity::High) => SeverityView::High,
        Some(RiskSeverity::Critical) => SeverityView::Critical,
        Some(RiskSeverity::Other(other)) => SeverityView::Other(other.to_ascii_lowercase()),
        None => match summary
            .severity
            .as_deref()
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("HIGH") => SeverityView::High,
            Some("MEDIUM") | Some("MODERATE") => SeverityView::Moderate,
            Some("LOW") => SeverityView::Low,
            Some(other) => SeverityView::Other(other.to_ascii_lowercase()),
            None => SeverityView::Other("—".into()),
        },
    }
}

/// An alert with no state shows an empty `Other`, drawn as a dash.
pub fn state_view(state: Option<&AlertState>) -> AlertStateView {
    match state {
        Some(AlertState::Open) => AlertStateView::Open,
        Some(AlertState::Resolved) => AlertStateView::Resolved,
        Some(AlertState::Pending) => AlertStateView::Pending,
        Some(AlertState::InProgress) => AlertStateView::InProgress,
        Some(AlertState::Other(other)) => AlertStateView::Other(other.to_ascii_lowercase()),
        None => AlertStateView::Other(String::new()),
    }
}

pub fn state_of_view(state: &AlertStateView) -> AlertState {
    match state {
        AlertStateView::Open => AlertState::Open,
        AlertStateView::Resolved => AlertState::Resolved,
        AlertStateView::Pending => AlertState::Pending,
        AlertStateView::InProgress => AlertState::InProgress,
        AlertStateView::Other(other) => AlertState::Other(other.to_ascii_uppercase()),
    }
}

pub fn alert_row(summary: &AlertSummary) -> AlertRow {
    AlertRow {
        id: summary.id.clone(),
        severity: severity_view(summary),
        state: state_view(summary.state.as_ref()),
        created: summary.created_at,
        rule_name: summary.name.clone().unwrap_or_default(),
        actor: summary.actor.clone().unwrap_or_default(),
        unreadable: None,
    }
}

/// A search result as a row: read, or a placeholder that says why it could not be.
pub fn alert_row_of_item(item: &Item<AlertSummary>) -> AlertRow {
    match item {
        Item::Read(summary) => alert_row(summary),
        Item::Unreadable(u) => placeholder_row(u),
    }
}

fn placeholder_row(item: &UnreadableItem) -> AlertRow {
    AlertRow {
        id: item.id.clone().unwrap_or_default(),
        severity: SeverityView::Other(String::new()),
        state: AlertStateView::Other(String::new()),
        created: None,
        rule_name: String::new(),
        actor: String::new(),
        unreadable: Some(UnreadableView {
            reason: item.reason.clone(),
            raw: item.raw.clone(),
        }),
    }
}

/// The detail view of a details item, or why it could not be read.
pub fn alert_detail_of_item(item: &Item<AlertDetails>) -> Result<AlertDetailView, String> {
    match item {
        Item::Read(details) => Ok(alert_detail_view(details)),
        Item::Unreadable(u) => Err(format!("could not read this alert: {}", u.reason)),
    }
}

pub fn alert_detail_view(details: &AlertDetails) -> AlertDetailView {
    let summary = &details.summary;
    AlertDetailView {
        row: alert_row(summary),
        description: summary.description.clone(),
        rule_id: summary.rule_id.clone(),
        rule_type: summary.rule_type.clone(),
        rule_source: summary.rule_source.clone(),
        target: summary.target.clone(),
        state_modified_by: summary.state_last_modified_by.clone(),
        state_modified_at: summary.state_last_modified_at,
        note: details.note.as_ref().and_then(|note| {
            note.message.as_ref().map(|message| NoteView {
                message: message.clone(),
                modified_by: note.last_modified_by.clone(),
                modified_at: note.last_modified_at,
            })
        }),
        observations: details.observations.iter().map(observation_view).collect(),
    }
}

fn observation_view(observation: &Observation) -> ObservationView {
    let mut view = ObservationView {
        observation_type: observation.observation_type.clone(),
        observed_at: observation.observed_at,
        ..Default::default()
    };
    match &observation.data {
        ObservationPayload::Parsed(data) => {
            view.activity_start = data.first_activity_at;
            view.activity_end = data.last_activity_at;
            view.exposure_types = data.exposure_types.clone();
            view.sources = data.sources.clone();
            view.file_count = data.file_count;
            view.total_size = data.total_file_size;
            view.categories = data
                .file_categories
                .iter()
                .filter_map(|c| c.category.clone())
                .collect();
            view.sync_destinations = data.sync_to_services.clone();
            view.sending_ips = data.sending_ip_addresses.clone();
            view.files = data
                .files
                .iter()
                .map(|file| FileRow {
                    name: file.name.clone(),
                    path: file.path.clone(),
                    category: file.category.clone(),
                    size: file.size,
                    event_id: file.event_id.clone(),
                    sha256: None,
                    md5: None,
                })
                .collect();
        }
        ObservationPayload::Malformed { error, raw } => {
            view.unreadable = Some(error.clone());
            view.raw_data = Some(raw.clone());
        }
        ObservationPayload::Empty => {}
    }
    view
}

pub fn file_event_row(event: &FileEvent) -> FileEventRow {
    let destination = event
        .destination
        .as_ref()
        .and_then(|d| d.name.clone().or_else(|| d.category.clone()));
    let file = event.file.as_ref();
    let hash = file.and_then(|f| f.hash.as_ref());
    FileEventRow {
        event_id: event.event.id.clone().unwrap_or_default(),
        unreadable: None,
        user: event.user.as_ref().and_then(|u| u.email.clone()),
        time: event.timestamp,
        action: event.event.action.clone(),
        destination,
        file_name: file.and_then(|f| f.name.clone()),
        directory: file.and_then(|f| f.directory.clone()),
        size: file.and_then(|f| f.size_in_bytes),
        sha256: hash.and_then(|h| h.sha256.clone()),
        md5: hash.and_then(|h| h.md5.clone()),
        source: event
            .source
            .as_ref()
            .and_then(|s| s.name.clone().or_else(|| s.category.clone())),
        risk_score: event.risk.as_ref().and_then(|r| r.score),
    }
}

/// An event of a search: read, or a placeholder row that says why it could not be.
pub fn file_event_row_of_item(item: &Item<FileEvent>) -> FileEventRow {
    match item {
        Item::Read(event) => file_event_row(event),
        Item::Unreadable(u) => FileEventRow {
            event_id: u.id.clone().unwrap_or_default(),
            unreadable: Some(u.reason.clone()),
            ..FileEventRow::default()
        },
    }
}

pub fn case_row(case: &Case) -> CaseRow {
    CaseRow {
        number: case.number,
        name: case.name.clone(),
        status: case
            .status
            .as_ref()
            .map(|s| s.as_wire().to_ascii_lowercase())
            .unwrap_or_default(),
    }
}

/// A session state as the panes show it.
pub fn session_state_view(state: Option<&SessionState>) -> SessionStateView {
    match state {
        Some(SessionState::Open) => SessionStateView::Open,
        Some(SessionState::OpenNewData) => SessionStateView::OpenNewData,
        Some(SessionState::InProgress) => SessionStateView::InProgress,
        Some(SessionState::Closed) => SessionStateView::Closed,
        Some(SessionState::ClosedTp) => SessionStateView::ClosedTruePositive,
        Some(SessionState::ClosedTpBenign) => SessionStateView::ClosedBenign,
        Some(SessionState::ClosedFp) => SessionStateView::ClosedFalsePositive,
        Some(SessionState::Other(other)) => SessionStateView::Other(other.to_ascii_lowercase()),
        None => SessionStateView::Other(String::new()),
    }
}

pub fn session_state_of_view(state: &SessionStateView) -> SessionState {
    match state {
        SessionStateView::Open => SessionState::Open,
        SessionStateView::OpenNewData => SessionState::OpenNewData,
        SessionStateView::InProgress => SessionState::InProgress,
        SessionStateView::Closed => SessionState::Closed,
        SessionStateView::ClosedTruePositive => SessionState::ClosedTp,
        SessionStateView::ClosedBenign => SessionState::ClosedTpBenign,
        SessionStateView::ClosedFalsePositive => SessionState::ClosedFp,
        SessionStateView::Other(other) => SessionState::from_wire(other),
    }
}

/// The wire's 0–4 as a severity.
fn session_severity(severity: Option<i64>) -> SeverityView {
    match severity {
        Some(0) => SeverityView::NoRisk,
        Some(1) => SeverityView::Low,
        Some(2) => SeverityView::Moderate,
        Some(3) => SeverityView::High,
        Some(4) => SeverityView::Critical,
        Some(other) => SeverityView::Other(other.to_string()),
        None => SeverityView::Other(String::new()),
    }
}

pub fn session_row(session: &Session) -> SessionRow {
    let actor = session
        .actor_name
        .clone()
        .or_else(|| session.actor_id.clone())
        .unwrap_or_default();
    SessionRow {
        id: session.session_id.clone(),
        actor,
        actor_id: session.actor_id.clone().filter(|id| !id.is_empty()),
        severity: session_severity(session.severity()),
        score: session.score(),
        state: session_state_view(session.state()),
        begin: session.begin_time,
        end: session.end_time,
        alert_count: session.triggered_alerts.len(),
        risk_indicators: session
            .risk_indicators
            .iter()
            .map(|r| RiskIndicatorView {
                name: r.name.clone().or_else(|| r.id.clone()).unwrap_or_default(),
                weight: r.weight,
                event_count: r.event_count,
            })
            .collect(),
        unreadable: None,
        record: crate::export_columns::SessionRecord::of(session),
    }
}

/// A search result as a row: read, or a placeholder that says why it could not be.
pub fn session_row_of_item(item: &Item<Session>) -> SessionRow {
    match item {
        Item::Read(session) => session_row(session),
        Item::Unreadable(u) => SessionRow {
            id: u.id.clone().unwrap_or_default(),
            actor: String::new(),
            actor_id: None,
            severity: SeverityView::Other(String::new()),
            score: None,
            state: SessionStateView::Other(String::new()),
            begin: None,
            end: None,
            alert_count: 0,
            risk_indicators: Vec::new(),
            unreadable: Some(UnreadableView {
                reason: u.reason.clone(),
                raw: u.raw.clone(),
            }),
            record: Default::default(),
        },
    }
}

pub fn session_detail_view(session: &Session) -> SessionDetailView {
    let mut states: Vec<(usize, &crate::api::sessions::SessionStateEntry)> =
        session.states.iter().enumerate().collect();
    // Oldest first, as the server's order when times are missing or equal.
    states.sort_by_key(|(i, s)| (s.source_timestamp, *i));
    let mut notes: Vec<(usize, &crate::api::sessions::SessionNote)> =
        session.notes.iter().enumerate().collect();
    notes.sort_by_key(|(i, n)| (n.source_timestamp, *i));
    SessionDetailView {
        row: session_row(session),
        session_type: session.session_type.clone(),
        context_summary: session.context_summary.clone(),
        exfiltration_summary: session.exfiltration_summary.clone(),
        event_counts: [
            session.critical_events,
            session.high_events,
            session.moderate_events,
            session.low_events,
            session.no_risk_events,
        ],
        content_inspection: session.inspection_status(),
        triggered_alerts: session
            .triggered_alerts
            .iter()
            .map(|a| TriggeredAlertView {
                alert_id: a.alert_id.clone().unwrap_or_default(),
                rule_name: a.rule_name.clone(),
                rule_id: a.rule_id.clone(),
            })
            .collect(),
        states: states
            .into_iter()
            .map(|(_, s)| SessionStateChangeView {
                state: session_state_view(s.current()),
                by: s.user_id.clone(),
                at: s.source_timestamp,
            })
            .collect(),
        notes: notes
            .into_iter()
            .map(|(_, n)| SessionNoteView {
                content: n.content.clone().unwrap_or_default(),
                author: n.user_id.clone(),
                at: n.source_timestamp,
            })
            .collect(),
        last_updated: session.last_updated,
    }
}

/// A file event of a session: read, or a placeholder row that says why it could not be.
pub fn session_event_row_of_item(item: &Item<FileEvent>) -> SessionEventRow {
    match item {
        Item::Read(event) => {
            let file = event.file.as_ref();
            SessionEventRow {
                event_id: event.event.id.clone().unwrap_or_default(),
                unreadable: None,
                time: event.timestamp,
                action: event.event.action.clone(),
                file_name: file.and_then(|f| f.name.clone()),
                directory: file.and_then(|f| f.directory.clone()),
                size: file.and_then(|f| f.size_in_bytes),
                sha256: file
                    .and_then(|f| f.hash.as_ref())
                    .and_then(|h| h.sha256.clone()),
                md5: file
                    .and_then(|f| f.hash.as_ref())
                    .and_then(|h| h.md5.clone()),
                destination: event
                    .destination
                    .as_ref()
                    .and_then(|d| d.name.clone().or_else(|| d.category.clone())),
            }
        }
        Item::Unreadable(u) => SessionEventRow {
            event_id: u.id.clone().unwrap_or_default(),
            unreadable: Some(u.reason.clone()),
            ..Default::default()
        },
    }
}

/// An actor's directory details as the card shows them; `manager`, the manager's name
/// (or id) when they have one.
pub fn actor_profile(actor: &crate::api::Actor, manager: Option<String>) -> ActorProfileView {
    let full_name = match (&actor.first_name, &actor.last_name) {
        (Some(first), Some(last)) => Some(format!("{first} {last}")),
        (Some(one), None) | (None, Some(one)) => Some(one.clone()),
        (None, None) => None,
    };
    let location: Vec<&str> = [&actor.locality, &actor.region, &actor.country]
        .into_iter()
        .filter_map(|part| part.as_deref())
        .filter(|part| !part.is_empty())
        .collect();
    ActorProfileView {
        id: actor.actor_id.clone().unwrap_or_default(),
        name: actor.name.clone().unwrap_or_default(),
        full_name,
        title: actor.title.clone(),
        department: actor.department.clone(),
        division: actor.division.clone(),
        employee_type: actor.employee_type.clone(),
        manager,
        location: (!location.is_empty()).then(|| location.join(", ")),
        start_date: actor.start_date.clone(),
        end_date: actor.end_date.clone(),
        notes: actor.notes.clone().filter(|n| !n.is_empty()),
        active: actor.active,
        alternate_names: actor.alternate_names.clone(),
    }
}

/// A watchlist type as the screen says it: `DEPARTING_EMPLOYEE` → "Departing employee".
pub fn watchlist_type_label(kind: &str) -> String {
    let lower = kind.replace('_', " ").to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A watchlist as the pickers and the card name it: a custom list's title, else its type
/// in words.
pub fn watchlist_view(list: &crate::api::watchlists::Watchlist) -> WatchlistView {
    let kind = list.list_type.clone().unwrap_or_default();
    let title = if kind == "CUSTOM" || kind.is_empty() {
        list.name().to_string()
    } else {
        watchlist_type_label(&kind)
    };
    WatchlistView {
        id: list.watchlist_id.clone(),
        title,
        kind,
        members: Some(list.stats.included_actors_count),
    }
}

/// A case's status as the panes show it.
pub fn case_status_view(case: &Case) -> CaseStatusView {
    match &case.status {
        Some(CaseStatus::Open) => CaseStatusView::Open,
        Some(CaseStatus::Closed) => CaseStatusView::Closed,
        Some(other) => CaseStatusView::Other(other.as_wire().to_ascii_lowercase()),
        None => CaseStatusView::Other(String::new()),
    }
}

/// A case's status on the wire.
pub fn case_status_of_view(status: &CaseStatusView) -> CaseStatus {
    match status {
        CaseStatusView::Open => CaseStatus::Open,
        CaseStatusView::Closed => CaseStatus::Closed,
        CaseStatusView::Other(other) => CaseStatus::from_wire(other),
    }
}

pub fn case_list_row(case: &Case) -> CaseListRow {
    CaseListRow {
        id: case.number.to_string(),
        name: case.name.clone(),
        status: case_status_view(case),
        assignee: case
            .assignee_username
            .clone()
            .or_else(|| case.assignee.clone()),
        subject: case
            .subject_username
            .clone()
            .or_else(|| case.subject.clone()),
        created: case.created_at,
        updated: case.updated_at,
        unreadable: None,
    }
}

pub fn case_list_row_of_item(item: &Item<Case>) -> CaseListRow {
    match item {
        Item::Read(case) => case_list_row(case),
        Item::Unreadable(u) => CaseListRow {
            id: u.id.clone().unwrap_or_default(),
            name: String::new(),
            status: CaseStatusView::Other(String::new()),
            assignee: None,
            subject: None,
            created: None,
            updated: None,
            unreadable: Some(UnreadableView {
                reason: u.reason.clone(),
                raw: u.raw.clone(),
            }),
        },
    }
}

pub fn case_detail_view(case: &Case) -> CaseDetailView {
    CaseDetailView {
        row: case_list_row(case),
        description: case.description.clone(),
        findings: case.findings.clone(),
        created_by: case.created_by_username.clone(),
        last_modified_by: case.last_modified_by_username.clone(),
    }
}

pub fn case_event_row_of_item(item: &Item<CaseFileEvent>) -> CaseEventRow {
    match item {
        Item::Read(event) => CaseEventRow {
            event_id: event.event_id.clone(),
            unreadable: None,
            time: event.event_timestamp,
            file_name: event.file_name.clone(),
            path: event.file_path.clone(),
            exposure: event.exposure.clone(),
            severity: event.risk_severity.clone(),
        },
        Item::Unreadable(u) => CaseEventRow {
            event_id: u.id.clone().unwrap_or_default(),
            unreadable: Some(u.reason.clone()),
            ..Default::default()
        },
    }
}
