//! Request bodies of the alert and case calls, typed so their wire shape is tested
//! against the reference requests.

use serde::{Deserialize, Serialize};

use super::models::{AlertState, CaseStatus};

/// `POST /v1/alerts/query-details`: at most 100 ids (the gateway form has no tenant).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetailsRequest {
    pub alert_ids: Vec<String>,
}

/// `POST /v1/alerts/query-details-aggregate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateRequest {
    pub alert_id: String,
}

/// `POST /v1/alerts/update-state`: `note` is sent as `null` when absent, which keeps
/// the alert's current note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStateRequest {
    pub tenant_id: String,
    pub alert_ids: Vec<String>,
    pub state: AlertState,
    pub note: Option<String>,
}

/// `POST /v1/alerts/add-note`: replaces the alert's note.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddNoteRequest {
    pub tenant_id: String,
    pub alert_id: String,
    pub note: String,
}

/// `POST /v1/alerts/rules/query-rule-metadata`: every rule, one page at a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadataRequest {
    pub tenant_id: String,
    pub groups: Vec<serde_json::Value>,
    pub group_clause: String,
    /// 0-based.
    pub pg_num: u32,
    pub pg_size: u32,
    pub srt_key: String,
    pub srt_direction: String,
}

impl RuleMetadataRequest {
    pub fn page(tenant_id: &str, pg_num: u32, pg_size: u32) -> Self {
        RuleMetadataRequest {
            tenant_id: tenant_id.into(),
            groups: Vec::new(),
            group_clause: "AND".into(),
            pg_num,
            pg_size,
            srt_key: "CreatedAt".into(),
            srt_direction: "DESC".into(),
        }
    }
}

/// `PUT /v1/cases/{n}`: a full replacement of the six editable fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseReplacement {
    pub name: String,
    pub assignee: Option<String>,
    pub description: Option<String>,
    pub findings: Option<String>,
    pub subject: Option<String>,
    pub status: CaseStatus,
}

impl CaseReplacement {
    /// Whether `case` shows every field as this replacement sets it. A subject or
    /// assignee given by username is written back as a user id, so of those two it is
    /// only checked that they are set (or not).
    pub(crate) fn is_shown_by(&self, case: &crate::cases::Case) -> bool {
        case.name == self.name
            && case.description == self.description
            && case.findings == self.findings
            && case.status.as_ref() == Some(&self.status)
            && self.subject.is_some() == case.subject.is_some()
            && self.assignee.is_some() == case.assignee.is_some()
    }
}

/// `POST /v1/cases/{n}/fileevent`: several events at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AddCaseEventsRequest {
    pub events: Vec<String>,
}

/// Serialises a request body; the types above cannot fail.
pub(crate) fn to_json(body: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(body).unwrap_or_default()
}
