//! File events (forensic search v2): the query builder and the event model.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::query::Clause;
use super::timestamp;

pub const MAX_FILE_EVENT_PAGE_SIZE: u32 = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFilter {
    pub term: String,
    pub operator: &'static str,
    pub value: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventGroup {
    pub filter_clause: Clause,
    pub filters: Vec<EventFilter>,
}

/// A v2 file-event search. Each `with_*` adds one AND-ed group.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEventQuery {
    pub groups: Vec<EventGroup>,
    pub group_clause: Clause,
    pub page_size: u32,
    /// `Some("")` asks for the first page with a continuation token.
    pub page_token: Option<String>,
    /// 1-based; used when `page_token` is `None`.
    pub page_number: u32,
    pub sort_key: String,
    pub sort_descending: bool,
}

impl Default for FileEventQuery {
    fn default() -> Self {
        FileEventQuery {
            groups: Vec::new(),
            group_clause: Clause::And,
            page_size: 100,
            page_token: None,
            page_number: 1,
            sort_key: "@timestamp".into(),
            sort_descending: true,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileEventBody<'a> {
    group_clause: Clause,
    groups: &'a [EventGroup],
    pg_num: u32,
    pg_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pg_token: Option<&'a str>,
    srt_dir: &'static str,
    srt_key: &'a str,
}

impl FileEventQuery {
    fn filter(mut self, term: &str, operator: &'static str, value: serde_json::Value) -> Self {
        self.groups.push(EventGroup {
            filter_clause: Clause::And,
            filters: vec![EventFilter {
                term: term.into(),
                operator,
                value,
            }],
        });
        self
    }
    pub fn equals(self, term: &str, value: impl Into<String>) -> Self {
        self.filter(term, "IS", serde_json::Value::String(value.into()))
    }
    pub fn not_equals(self, term: &str, value: impl Into<String>) -> Self {
        self.filter(term, "IS_NOT", serde_json::Value::String(value.into()))
    }
    /// Any of the values: an OR group of `IS`.
    pub fn any_of(mut self, term: &str, values: &[String]) -> Self {
        self.groups.push(EventGroup {
            filter_clause: Clause::Or,
            filters: values
                .iter()
                .map(|v| EventFilter {
                    term: term.into(),
                    operator: "IS",
                    value: serde_json::Value::String(v.clone()),
                })
                .collect(),
        });
        self
    }
    pub fn exists(self, term: &str) -> Self {
        self.filter(term, "EXISTS", serde_json::Value::Null)
    }
    pub fn greater_than(self, term: &str, n: i64) -> Self {
        self.filter(term, "GREATER_THAN", serde_json::json!(n))
    }
    pub fn less_than(self, term: &str, n: i64) -> Self {
        self.filter(term, "LESS_THAN", serde_json::json!(n))
    }
    pub fn since(self, at: DateTime<Utc>) -> Self {
        self.filter(
            "@timestamp",
            "ON_OR_AFTER",
            serde_json::Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
        )
    }
    pub fn until(self, at: DateTime<Utc>) -> Self {
        self.filter(
            "@timestamp",
            "ON_OR_BEFORE",
            serde_json::Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
        )
    }
    /// An ISO-8601 duration such as `P14D` or `PT15M`.
    pub fn within_the_last(self, iso_duration: &str) -> Self {
        self.filter(
            "@timestamp",
            "WITHIN_THE_LAST",
            serde_json::Value::String(iso_duration.into()),
        )
    }
    pub fn md5(self, hash: &str) -> Self {
        self.equals("file.hash.md5", hash)
    }
    pub fn sha256(self, hash: &str) -> Self {
        self.equals("file.hash.sha256", hash)
    }
    pub fn user(self, email: &str) -> Self {
        self.equals("user.email", email)
    }
    /// The same file by name and folder, for files without a hash.
    pub fn name_and_directory(self, name: &str, directory: Option<&str>) -> Self {
        let q = self.equals("file.name", name);
        match directory {
            Some(d) if !d.is_empty() => q.equals("file.directory", d),
            _ => q,
        }
    }
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, MAX_FILE_EVENT_PAGE_SIZE);
        self
    }
    pub fn page(mut self, n: u32) -> Self {
        self.page_number = n.max(1);
        self
    }
    pub fn page_token(mut self, token: impl Into<String>) -> Self {
        self.page_token = Some(token.into());
        self
    }
    pub fn sort(mut self, key: &str, descending: bool) -> Self {
        self.sort_key = key.into();
        self.sort_descending = descending;
        self
    }

    pub fn to_wire_json(&self) -> serde_json::Value {
        serde_json::to_value(FileEventBody {
            group_clause: self.group_clause,
            groups: &self.groups,
            pg_num: self.page_number,
            pg_size: self.page_size,
            pg_token: self.page_token.as_deref(),
            srt_dir: if self.sort_descending { "desc" } else { "asc" },
            srt_key: &self.sort_key,
        })
        .expect("the query always serialises")
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileEventPage {
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub file_events: Vec<FileEvent>,
    #[serde(default)]
    pub next_pg_token: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_zero")]
    pub total_count: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct FileEvent {
    #[serde(default, rename = "@timestamp", deserialize_with = "timestamp::option")]
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default)]
    pub event: EventInfo,
    #[serde(default)]
    pub user: Option<UserInfo>,
    #[serde(default)]
    pub file: Option<FileInfo>,
    #[serde(default)]
    pub source: Option<EndpointInfo>,
    #[serde(default)]
    pub destination: Option<EndpointInfo>,
    #[serde(default)]
    pub process: Option<ProcessInfo>,
    #[serde(default)]
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
pub struct RiskInfo {
    #[serde(default)]
    pub score: Option<i64>,
    #[serde(default)]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "timestamp::null_as_empty")]
    pub indicators: Vec<RiskIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
pub struct RiskIndicator {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
}
