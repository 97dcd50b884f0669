//! Maps the client's models to the view models the panes render.

use crate::api::{
    AlertDetails, AlertState, AlertSummary, Case, FileEvent, Observation, ObservationPayload,
    RiskSeverity,
};

use super::{
    AlertDetailView, AlertRow, AlertStateView, CaseRow, FileEventRow, FileRow, NoteView,
    ObservationView, SeverityView,
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

pub fn state_view(state: &AlertState) -> AlertStateView {
    match state {
        AlertState::Open => AlertStateView::Open,
        AlertState::Resolved => AlertStateView::Resolved,
        AlertState::Pending => AlertStateView::Pending,
        AlertState::InProgress => AlertStateView::InProgress,
        AlertState::Other(other) => AlertStateView::Other(other.to_ascii_lowercase()),
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
        state: state_view(&summary.state),
        created: summary.created_at,
        rule_name: summary.name.clone(),
        actor: summary.actor.clone().unwrap_or_default(),
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
        ObservationPayload::Malformed { error, .. } => view.unreadable = Some(error.clone()),
        ObservationPayload::Empty => {}
    }
    view
}

pub fn file_event_row(event: &FileEvent) -> FileEventRow {
    let destination = event
        .destination
        .as_ref()
        .and_then(|d| d.name.clone().or_else(|| d.category.clone()));
    FileEventRow {
        event_id: event.event.id.clone().unwrap_or_default(),
        user: event.user.as_ref().and_then(|u| u.email.clone()),
        time: event.timestamp,
        action: event.event.action.clone(),
        destination,
    }
}

pub fn case_row(case: &Case) -> CaseRow {
    CaseRow {
        number: case.number,
        name: case.name.clone(),
        status: case.status.as_wire().to_ascii_lowercase(),
    }
}
