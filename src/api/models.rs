//! Alert, observation and rule models. Unknown fields are ignored, optional fields are
//! optional, and unknown enum values are kept rather than fatal.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::timestamp;

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* Other(String) }

        impl $name {
            pub fn as_wire(&self) -> &str {
                match self { $($name::$variant => $wire,)* $name::Other(s) => s }
            }
            pub fn from_wire(s: &str) -> Self {
                let upper = s.trim().to_ascii_uppercase().replace([' ', '-'], "_");
                match upper.as_str() { $($wire => $name::$variant,)* _ => $name::Other(s.to_string()) }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_wire()) }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_wire()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::from_wire(&String::deserialize(d)?))
            }
        }
    };
}

wire_enum!(
    /// The triage state of an alert.
    AlertState { Open => "OPEN", Resolved => "RESOLVED", Pending => "PENDING", InProgress => "IN_PROGRESS" }
);

wire_enum!(
    /// Risk severity of an alert or event.
    RiskSeverity { NoRiskIndicated => "NO_RISK_INDICATED", Low => "LOW", Moderate => "MODERATE", High => "HIGH", Critical => "CRITICAL" }
);

impl RiskSeverity {
    /// Ordering weight: higher is more severe.
    pub fn rank(&self) -> u8 {
        match self {
            RiskSeverity::Critical => 4,
            RiskSeverity::High => 3,
            RiskSeverity::Moderate => 2,
            RiskSeverity::Low => 1,
            _ => 0,
        }
    }
}

wire_enum!(
    /// Case status.
    CaseStatus { Open => "OPEN", Closed => "CLOSED", Archived => "ARCHIVED" }
);

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Watchlist {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, rename = "type")]
    pub watchlist_type: Option<String>,
    #[serde(default)]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertSummary {
    #[serde(deserialize_with = "timestamp::id_string")]
    pub id: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
    #[serde(default, rename = "type")]
    pub rule_type: Option<String>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub actor: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub actor_id: Option<String>,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub risk_severity: Option<RiskSeverity>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub rule_id: Option<String>,
    #[serde(default)]
    pub rule_source: Option<String>,
    #[serde(deserialize_with = "timestamp::required")]
    pub created_at: DateTime<Utc>,
    pub state: AlertState,
    #[serde(default)]
    pub state_last_modified_by: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub state_last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub watchlists: Vec<Watchlist>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertPage {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub alerts: Vec<AlertSummary>,
    #[serde(default, deserialize_with = "timestamp::null_as_zero")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub problems: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AlertNote {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub last_modified_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_modified_by: Option<String>,
}

/// Old data carries the note as a plain string; newer data as an object.
fn note_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AlertNote>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(AlertNote {
            message: Some(s),
            ..AlertNote::default()
        }),
        Some(v @ serde_json::Value::Object(_)) => serde_json::from_value(v).ok(),
        _ => None,
    })
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetails {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "note_any")]
    pub note: Option<AlertNote>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default, rename = "type")]
    pub observation_type: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub observed_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub last_observed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub data: ObservationPayload,
}

/// The observation `data`: a JSON document carried inside a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ObservationPayload {
    Parsed(Box<ObservationData>),
    /// The string was not the JSON we expected; kept so nothing is lost.
    Malformed {
        raw: String,
        error: String,
    },
    #[default]
    Empty,
}

impl ObservationPayload {
    pub fn parse(raw: &str) -> Self {
        if raw.trim().is_empty() {
            return ObservationPayload::Empty;
        }
        match serde_json::from_str::<ObservationData>(raw) {
            Ok(d) => ObservationPayload::Parsed(Box::new(d)),
            Err(e) => ObservationPayload::Malformed {
                raw: raw.to_string(),
                error: format!("observation data is not valid JSON: {e}"),
            },
        }
    }

    pub fn data(&self) -> Option<&ObservationData> {
        match self {
            ObservationPayload::Parsed(d) => Some(d),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for ObservationPayload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<serde_json::Value>::deserialize(d)? {
            Some(serde_json::Value::String(s)) => ObservationPayload::parse(&s),
            // Tolerate data that arrives already parsed.
            Some(v @ serde_json::Value::Object(_)) => {
                match serde_json::from_value::<ObservationData>(v.clone()) {
                    Ok(d) => ObservationPayload::Parsed(Box::new(d)),
                    Err(e) => ObservationPayload::Malformed {
                        raw: v.to_string(),
                        error: e.to_string(),
                    },
                }
            }
            _ => ObservationPayload::Empty,
        })
    }
}

impl Serialize for ObservationPayload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ObservationPayload::Parsed(d) => {
                s.serialize_str(&serde_json::to_string(d).map_err(serde::ser::Error::custom)?)
            }
            ObservationPayload::Malformed { raw, .. } => s.serialize_str(raw),
            ObservationPayload::Empty => s.serialize_none(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObservationData {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub sources: Vec<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub exposure_types: Vec<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub first_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub last_activity_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub file_count: Option<u64>,
    #[serde(default)]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub file_categories: Vec<FileCategorySummary>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub files: Vec<ObservedFile>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub sync_to_services: Vec<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub sending_ip_addresses: Vec<String>,
    #[serde(default)]
    pub is_remote_activity: Option<bool>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub outside_trusted_domains_emails: Vec<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub app_read_details: Vec<AppReadDetails>,
}

impl ObservationData {
    /// Where the data went: sync services, app destinations and outside recipients.
    pub fn destinations(&self) -> Vec<String> {
        let mut out: Vec<String> = self.sync_to_services.clone();
        for a in &self.app_read_details {
            if let Some(d) = a
                .destination_name
                .as_ref()
                .or(a.destination_category.as_ref())
                && !out.contains(d)
            {
                out.push(d.clone());
            }
        }
        out.extend(self.outside_trusted_domains_emails.iter().cloned());
        out
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppReadDetails {
    #[serde(default)]
    pub destination_category: Option<String>,
    #[serde(default)]
    pub destination_name: Option<String>,
    #[serde(default)]
    pub process_name: Option<String>,
    #[serde(default)]
    pub tab_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileCategorySummary {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub file_count: Option<u64>,
    #[serde(default)]
    pub total_file_size: Option<u64>,
    #[serde(default)]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObservedFile {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub event_id: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub size: Option<u64>,
    #[serde(default)]
    pub risk_severity_info: Option<RiskSeverityInfo>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeverityInfo {
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub severity: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetailsResponse {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub alerts: Vec<AlertDetails>,
}

/// `query-details-aggregate`: the alert with its observations summed up.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertAggregate {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub first_observation_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub last_observation_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub file_count: Option<u64>,
    #[serde(default)]
    pub total_file_size: Option<u64>,
    #[serde(default)]
    pub ffs_url_endpoint: Option<String>,
    #[serde(default)]
    pub alert_url: Option<String>,
    #[serde(default, deserialize_with = "note_any")]
    pub note: Option<AlertNote>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AggregateResponse {
    pub alert: AlertAggregate,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadata {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub observer_rule_id: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default)]
    pub is_enabled: Option<bool>,
    #[serde(default)]
    pub is_system: Option<bool>,
    #[serde(default)]
    pub rule_source: Option<String>,
    #[serde(default, rename = "type")]
    pub rule_type: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub modified_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadataPage {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub rule_metadata: Vec<RuleMetadata>,
    #[serde(default, deserialize_with = "timestamp::null_as_zero")]
    pub total_count: u64,
}

/// A v2 alert rule (`GET /v2/alert-rules/{id}`). Criteria are kept as JSON.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleDetails {
    #[serde(deserialize_with = "timestamp::id_string")]
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub is_enabled: Option<bool>,
    #[serde(default)]
    pub is_system_rule: Option<bool>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub modified_by: Option<String>,
    #[serde(default)]
    pub vectors: Option<serde_json::Value>,
    #[serde(default)]
    pub filters: Option<serde_json::Value>,
    #[serde(default)]
    pub notifications: Option<serde_json::Value>,
}

/// `GET /v2/alert-rules/{id}/users`; `mode` is a string, or an integer in some docs.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleUsers {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub users: Vec<RuleUser>,
    #[serde(default)]
    pub mode: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleUser {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub user_id_from_authority: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub aliases: Vec<String>,
}
