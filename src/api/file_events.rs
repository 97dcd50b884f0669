//! File events (forensic search v2): the event model. Every field may be missing in
//! older data; unknown fields are ignored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::file_event_query::{
    EventFilter, EventGroup, EventOperator, FileEventQuery, MAX_FILE_EVENT_CRITERIA,
    MAX_FILE_EVENT_PAGE_SIZE,
};
use super::timestamp;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileEventPage {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub file_events: Vec<FileEvent>,
    #[serde(default)]
    pub next_pg_token: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_zero")]
    pub total_count: u64,
    /// Reasons the search was refused or cut short (`null` or `[]` when fine).
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub problems: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct FileEvent {
    #[serde(default, rename = "@timestamp", deserialize_with = "timestamp::option")]
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    pub event: EventInfo,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub user: Option<UserInfo>,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub file: Option<FileInfo>,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub source: Option<EndpointInfo>,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub destination: Option<EndpointInfo>,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub process: Option<ProcessInfo>,
    #[serde(default, deserialize_with = "timestamp::lenient_object")]
    pub risk: Option<RiskInfo>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct EventInfo {
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub observer: Option<String>,
    #[serde(default)]
    pub vector: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub inserted: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub ingested: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub share_type: Vec<String>,
    #[serde(default)]
    pub detector_display_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub device_uid: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub directory: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub mime_type: Option<String>,
    #[serde(default)]
    pub size_in_bytes: Option<u64>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub hash: Option<FileHash>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option_id_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub created: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "timestamp::option")]
    pub modified: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct FileHash {
    #[serde(default)]
    pub md5: Option<String>,
    #[serde(default)]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct EndpointInfo {
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub ip: Option<String>,
    #[serde(default)]
    pub operating_system: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub tabs: Vec<TabInfo>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub domains: Vec<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub private_ip: Vec<String>,
    #[serde(default)]
    pub account_name: Option<String>,
    #[serde(default)]
    pub remote_hostname: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct TabInfo {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct ProcessInfo {
    #[serde(default)]
    pub executable: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskInfo {
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub indicators: Vec<RiskIndicator>,
    #[serde(default)]
    pub trusted: Option<bool>,
    #[serde(default)]
    pub trust_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct RiskIndicator {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
}
