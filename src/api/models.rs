//! Alert, observation and rule models. Unknown fields are ignored, optional fields are
//! optional, and unknown enum values are kept rather than fatal.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient::{self, Item};

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
            /// Any value: unknown names and odd shapes are kept verbatim as `Other`.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::from_wire(&lenient::string(d)?))
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
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub watchlist_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertSummary {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tenant_id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub rule_type: Option<String>,
    /// The rule's name.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub actor: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub target: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default)]
    pub risk_severity: Option<RiskSeverity>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub rule_source: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub state: Option<AlertState>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub state_last_modified_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub state_last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub watchlists: Vec<Watchlist>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub alerts: Vec<Item<AlertSummary>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "lenient::values")]
    pub problems: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AlertNote {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub last_modified_by: Option<String>,
}

/// Notes come as an object (current data), a plain string (old data), a list of notes
/// (the messages are kept in order, the newest note's author and time shown), or a bare
/// value; an object may name its text `note`, `text` or `content` instead of `message`.
fn note_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AlertNote>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(|v| note_of(&v)))
}

fn note_of(value: &serde_json::Value) -> Option<AlertNote> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::String(s) => Some(AlertNote {
            message: Some(s.clone()),
            ..AlertNote::default()
        }),
        Value::Bool(_) | Value::Number(_) => Some(AlertNote {
            message: Some(value.to_string()),
            ..AlertNote::default()
        }),
        Value::Object(fields) => {
            let mut note: AlertNote = serde_json::from_value(value.clone()).unwrap_or_default();
            if note.message.is_none() {
                note.message = ["note", "text", "content", "body"]
                    .iter()
                    .find_map(|key| fields.get(*key))
                    .and_then(|v| note_of(v)?.message);
            }
            Some(note)
        }
        Value::Array(items) => {
            let notes: Vec<AlertNote> = items.iter().filter_map(note_of).collect();
            let newest = notes
                .iter()
                .max_by_key(|n| n.last_modified_at)
                .cloned()
                .unwrap_or_default();
            let messages: Vec<&str> = notes.iter().filter_map(|n| n.message.as_deref()).collect();
            (!messages.is_empty()).then(|| AlertNote {
                message: Some(messages.join("\n\n")),
                ..newest
            })
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetails {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "note_any")]
    pub note: Option<AlertNote>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub observation_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub observed_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
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
                error: match serde_json::from_str::<serde_json::Value>(raw) {
                    Ok(_) => format!("observation data is not an object: {e}"),
                    Err(e) => format!("observation data is not valid JSON: {e}"),
                },
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
    /// `OBSERVED_ENDPOINT_ACTIVITY` or `OBSERVED_CLOUD_SHARE_ACTIVITY`.
    #[serde(default, rename = "type$", deserialize_with = "lenient::opt_string")]
    pub activity_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sources: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub exposure_types: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub first_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub file_categories: Vec<FileCategorySummary>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub files: Vec<ObservedFile>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sync_to_services: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sending_ip_addresses: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_remote_activity: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub outside_trusted_domains_emails: Vec<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub app_read_details: Vec<AppReadDetails>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub outside_trusted_domains_emails_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub outside_trusted_domains_counts: Vec<DomainCount>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub risk_severity_summary: Vec<RiskSeveritySummary>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct DomainCount {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub count: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeveritySummary {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub summarized_risk_indicators: Vec<SummarizedRiskIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SummarizedRiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
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
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub destination_category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub destination_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub process_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tab_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileCategorySummary {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObservedFile {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub event_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub path: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub risk_severity_info: Option<RiskSeverityInfo>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub observed_at: Option<DateTime<Utc>>,
}

impl ObservedFile {
    /// The file's risk severity, when the observation carries one.
    pub fn risk_severity(&self) -> Option<&str> {
        self.risk_severity_info.as_ref()?.severity.as_deref()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeverityInfo {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub score: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub matched_risk_indicators: Vec<MatchedRiskIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct MatchedRiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetailsResponse {
    #[serde(default, deserialize_with = "lenient::items")]
    pub alerts: Vec<Item<AlertDetails>>,
}

/// `query-details-aggregate`: the alert with its observations summed up.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertAggregate {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub first_observation_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_observation_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub ffs_url_endpoint: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
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
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub observer_rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_system: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub rule_source: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub rule_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub modified_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadataPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub rule_metadata: Vec<Item<RuleMetadata>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
}

/// A v2 alert rule (`GET /v2/alert-rules/{id}`). Criteria are kept as JSON.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleDetails {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_system_rule: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
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
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub users: Vec<RuleUser>,
    #[serde(default)]
    pub mode: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleUser {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub user_id_from_authority: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub aliases: Vec<String>,
}
