//! File events (forensic search v2): the event model. Every field may be missing in
//! older data; unknown fields are ignored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::file_event_query::{
    EventFilter, EventGroup, EventOperator, FileEventQuery, MAX_FILE_EVENT_CRITERIA,
    MAX_FILE_EVENT_PAGE_SIZE,
};
use super::lenient::{self, Item};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileEventPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub file_events: Vec<Item<FileEvent>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub next_pg_token: Option<String>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
    /// Reasons the search was refused or cut short (`null` or `[]` when fine).
    #[serde(default, deserialize_with = "lenient::values")]
    pub problems: Vec<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct FileEvent {
    #[serde(default, rename = "@timestamp", deserialize_with = "lenient::opt_time")]
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::object_or_default")]
    pub event: EventInfo,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub user: Option<UserInfo>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub file: Option<FileInfo>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub source: Option<EndpointInfo>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub destination: Option<EndpointInfo>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub process: Option<ProcessInfo>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub risk: Option<RiskInfo>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct EventInfo {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub action: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub observer: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub vector: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub inserted: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub ingested: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub share_type: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub detector_display_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub device_uid: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileInfo {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub directory: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub mime_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub size_in_bytes: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub owner: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub hash: Option<FileHash>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub modified: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct FileHash {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub md5: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct EndpointInfo {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub ip: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub operating_system: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub tabs: Vec<TabInfo>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub domains: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub private_ip: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub account_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub remote_hostname: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct TabInfo {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct ProcessInfo {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub executable: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskInfo {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub score: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub indicators: Vec<RiskIndicator>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub trusted: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub trust_reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct RiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub weight: Option<i64>,
}
