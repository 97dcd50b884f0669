//! Case models and request bodies.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lenient::{self, Item};
use super::models::CaseStatus;

pub const CASE_NAME_MAX: usize = 50;
pub const CASE_DESCRIPTION_MAX: usize = 250;
pub const CASE_FINDINGS_MAX: usize = 30_000;
/// The largest page of cases the TUI asks for.
pub const CASE_PAGE_MAX: u32 = 500;

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    /// The case's id; a case without one cannot be read.
    #[serde(deserialize_with = "lenient::number")]
    pub number: u64,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default)]
    pub status: Option<CaseStatus>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub findings: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub subject: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub subject_username: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub assignee: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub assignee_username: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_by_username: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub last_modified_by_username: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CasePage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub cases: Vec<Item<Case>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
}

/// `POST /v1/cases`: all five keys are sent, unset ones as `null`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct NewCase {
    pub name: String,
    pub description: Option<String>,
    pub findings: Option<String>,
    pub subject: Option<String>,
    pub assignee: Option<String>,
}

impl NewCase {
    /// The service's limits, checked before anything is sent.
    pub fn validate(&self) -> Result<(), String> {
        validate_fields(
            &self.name,
            self.description.as_deref(),
            self.findings.as_deref(),
        )
    }
}

pub(crate) fn validate_fields(
    name: &str,
    description: Option<&str>,
    findings: Option<&str>,
) -> Result<(), String> {
    let n = name.trim().chars().count();
    if n == 0 {
        return Err("a case needs a name".into());
    }
    if n > CASE_NAME_MAX {
        return Err(format!(
            "case name is {n} characters; the limit is {CASE_NAME_MAX}"
        ));
    }
    if let Some(d) = description
        .map(|d| d.chars().count())
        .filter(|&d| d > CASE_DESCRIPTION_MAX)
    {
        return Err(format!(
            "description is {d} characters; the limit is {CASE_DESCRIPTION_MAX}"
        ));
    }
    if let Some(f) = findings
        .map(|f| f.chars().count())
        .filter(|&f| f > CASE_FINDINGS_MAX)
    {
        return Err(format!(
            "findings are {f} characters; the limit is {CASE_FINDINGS_MAX}"
        ));
    }
    Ok(())
}

/// Changes to a case; `None` keeps the current value (the PUT replaces all six fields).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseUpdate {
    pub name: Option<String>,
    pub description: Option<String>,
    pub findings: Option<String>,
    pub subject: Option<String>,
    pub assignee: Option<String>,
    pub status: Option<CaseStatus>,
}

impl CaseUpdate {
    pub fn is_empty(&self) -> bool {
        self.fields().is_empty()
    }

    /// The fields to change as the service names them, each with its new value.
    pub fn fields(&self) -> Vec<(String, Option<String>)> {
        [
            ("name", self.name.clone()),
            ("description", self.description.clone()),
            ("findings", self.findings.clone()),
            ("subject", self.subject.clone()),
            ("assignee", self.assignee.clone()),
            (
                "status",
                self.status.as_ref().map(|s| s.as_wire().to_string()),
            ),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key.to_string(), Some(v))))
        .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseListQuery {
    /// 1-based.
    pub page_number: u32,
    pub page_size: u32,
    pub status: Option<CaseStatus>,
    pub name: Option<String>,
    pub sort_key: String,
    pub sort_descending: bool,
}

impl Default for CaseListQuery {
    fn default() -> Self {
        CaseListQuery {
            page_number: 1,
            page_size: 100,
            status: None,
            name: None,
            sort_key: "number".into(),
            sort_descending: false,
        }
    }
}

impl CaseListQuery {
    pub(crate) fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("pgNum", self.page_number.max(1).to_string()),
            ("pgSize", self.page_size.max(1).to_string()),
            (
                "srtDir",
                if self.sort_descending { "desc" } else { "asc" }.to_string(),
            ),
            ("srtKey", self.sort_key.clone()),
        ];
        if let Some(s) = &self.status {
            p.push(("status", s.as_wire().to_string()));
        }
        if let Some(n) = &self.name {
            p.push(("name", n.clone()));
        }
        p
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaseFileEvent {
    #[serde(deserialize_with = "lenient::id")]
    pub event_id: String,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub event_timestamp: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub file_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub file_path: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub file_availability: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub exposure: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub risk_score: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub risk_severity: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CaseFileEventPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub events: Vec<Item<CaseFileEvent>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
}
