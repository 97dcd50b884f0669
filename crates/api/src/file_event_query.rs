//! The v2 file-event search body (`POST /v2/file-events`): groups of filters with the
//! forensic-search operators, 1-based page numbers or continuation tokens.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::query::Clause;

pub const MAX_FILE_EVENT_PAGE_SIZE: u32 = 10_000;
/// The service's cap on criteria in one search.
pub const MAX_FILE_EVENT_CRITERIA: usize = 1024;

/// Every operator of the v2 search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EventOperator {
    Is,
    IsNot,
    IsAny,
    IsNone,
    OnOrAfter,
    OnOrBefore,
    WithinTheLast,
    Exists,
    DoesNotExist,
    GreaterThan,
    LessThan,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventFilter {
    pub term: String,
    pub operator: EventOperator,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventGroup {
    pub filter_clause: Clause,
    pub filters: Vec<EventFilter>,
}

/// A v2 file-event search. Each filter method adds one group; groups are AND-ed unless
/// `matches_any` is called.
#[derive(Debug, Clone, PartialEq)]
pub struct FileEventQuery {
    pub groups: Vec<EventGroup>,
    pub group_clause: Clause,
    pub page_size: u32,
    /// `Some("")` asks for the first page and a continuation token; `None` pages by number.
    pub page_token: Option<String>,
    /// 1-based; the server ignores it when `page_token` is set.
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

/// Millisecond timestamps, as the forensic-search service writes them.
fn wire_time(at: &DateTime<Utc>) -> Value {
    Value::String(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

fn strings(values: &[String]) -> Value {
    Value::Array(values.iter().cloned().map(Value::String).collect())
}

impl FileEventQuery {
    /// Adds a one-filter group with any operator and value.
    pub fn filter(mut self, term: &str, operator: EventOperator, value: Value) -> Self {
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
    /// Adds a group of several filters joined by `clause`.
    pub fn group(mut self, clause: Clause, filters: Vec<EventFilter>) -> Self {
        self.groups.push(EventGroup {
            filter_clause: clause,
            filters,
        });
        self
    }
    /// Joins the groups with OR instead of AND.
    pub fn matches_any(mut self) -> Self {
        self.group_clause = Clause::Or;
        self
    }
    /// `IS`; the value may hold `*` wildcards.
    pub fn equals(self, term: &str, value: impl Into<String>) -> Self {
        self.filter(term, EventOperator::Is, Value::String(value.into()))
    }
    pub fn not_equals(self, term: &str, value: impl Into<String>) -> Self {
        self.filter(term, EventOperator::IsNot, Value::String(value.into()))
    }
    /// Any of the values, as an OR group of `IS` filters.
    pub fn any_of(self, term: &str, values: &[String]) -> Self {
        let filters = values
            .iter()
            .map(|v| EventFilter {
                term: term.into(),
                operator: EventOperator::Is,
                value: Value::String(v.clone()),
            })
            .collect();
        self.group(Clause::Or, filters)
    }
    /// Any of the values, as one `IS_ANY` filter.
    pub fn is_any(self, term: &str, values: &[String]) -> Self {
        self.filter(term, EventOperator::IsAny, strings(values))
    }
    /// None of the values, as one `IS_NONE` filter.
    pub fn is_none(self, term: &str, values: &[String]) -> Self {
        self.filter(term, EventOperator::IsNone, strings(values))
    }
    pub fn exists(self, term: &str) -> Self {
        self.filter(term, EventOperator::Exists, Value::Null)
    }
    pub fn does_not_exist(self, term: &str) -> Self {
        self.filter(term, EventOperator::DoesNotExist, Value::Null)
    }
    pub fn greater_than(self, term: &str, n: i64) -> Self {
        self.filter(term, EventOperator::GreaterThan, json!(n))
    }
    pub fn less_than(self, term: &str, n: i64) -> Self {
        self.filter(term, EventOperator::LessThan, json!(n))
    }
    pub fn on_or_after(self, term: &str, at: DateTime<Utc>) -> Self {
        self.filter(term, EventOperator::OnOrAfter, wire_time(&at))
    }
    pub fn on_or_before(self, term: &str, at: DateTime<Utc>) -> Self {
        self.filter(term, EventOperator::OnOrBefore, wire_time(&at))
    }
    /// Events at or after `at` (`@timestamp`).
    pub fn since(self, at: DateTime<Utc>) -> Self {
        self.on_or_after("@timestamp", at)
    }
    /// Events at or before `at` (`@timestamp`).
    pub fn until(self, at: DateTime<Utc>) -> Self {
        self.on_or_before("@timestamp", at)
    }
    /// Events between `start` and `end`, both included, as one AND group.
    pub fn between(self, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        let at = |operator, t: &DateTime<Utc>| EventFilter {
            term: "@timestamp".into(),
            operator,
            value: wire_time(t),
        };
        self.group(
            Clause::And,
            vec![
                at(EventOperator::OnOrAfter, &start),
                at(EventOperator::OnOrBefore, &end),
            ],
        )
    }
    /// An ISO-8601 duration such as `P14D` or `PT15M`, on `@timestamp`.
    pub fn within_the_last(self, iso_duration: &str) -> Self {
        self.filter(
            "@timestamp",
            EventOperator::WithinTheLast,
            Value::String(iso_duration.into()),
        )
    }
    pub fn md5(self, hash: &str) -> Self {
        self.equals("file.hash.md5", hash.trim())
    }
    pub fn sha256(self, hash: &str) -> Self {
        self.equals("file.hash.sha256", hash.trim())
    }
    pub fn user(self, email: &str) -> Self {
        self.equals("user.email", email.trim())
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
    /// A 1-based page number; switches off token paging.
    pub fn page(mut self, n: u32) -> Self {
        self.page_number = n.max(1);
        self.page_token = None;
        self
    }
    /// `""` for the first page of a token-paged search, then each `nextPgToken`.
    pub fn page_token(mut self, token: impl Into<String>) -> Self {
        self.page_token = Some(token.into());
        self
    }
    pub fn sort(mut self, key: &str, descending: bool) -> Self {
        self.sort_key = key.into();
        self.sort_descending = descending;
        self
    }

    /// How many criteria the search holds (the service allows 1,024).
    pub fn criteria_count(&self) -> usize {
        self.groups.iter().map(|g| g.filters.len()).sum()
    }

    pub fn to_wire_json(&self) -> Value {
        // Strings, numbers and JSON values only: serialising cannot fail.
        serde_json::to_value(FileEventBody {
            group_clause: self.group_clause,
            groups: &self.groups,
            pg_num: self.page_number,
            pg_size: self.page_size,
            pg_token: self.page_token.as_deref(),
            srt_dir: if self.sort_descending { "desc" } else { "asc" },
            srt_key: &self.sort_key,
        })
        .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_serialise_with_their_wire_names_and_values() {
        let at: DateTime<Utc> = "2022-07-14T16:53:06.112Z".parse().unwrap();
        let q = FileEventQuery::default()
            .is_any("event.id", &["a".into(), "b".into()])
            .is_none("file.category", &["Image".into()])
            .exists("file.hash.md5")
            .does_not_exist("destination.name")
            .greater_than("risk.score", 1)
            .less_than("file.sizeInBytes", 100)
            .within_the_last("P14D")
            .between(at, at)
            .not_equals("user.email", "x@example.com")
            .sort("event.id", false)
            .page_size(50);
        let v = q.to_wire_json();
        let ops: Vec<&str> = v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|g| g["filters"].as_array().unwrap())
            .map(|f| f["operator"].as_str().unwrap())
            .collect();
        assert_eq!(
            ops,
            [
                "IS_ANY",
                "IS_NONE",
                "EXISTS",
                "DOES_NOT_EXIST",
                "GREATER_THAN",
                "LESS_THAN",
                "WITHIN_THE_LAST",
                "ON_OR_AFTER",
                "ON_OR_BEFORE",
                "IS_NOT"
            ]
        );
        assert_eq!(v["groups"][0]["filters"][0]["value"], json!(["a", "b"]));
        assert_eq!(v["groups"][2]["filters"][0]["value"], Value::Null);
        assert_eq!(v["groups"][4]["filters"][0]["value"], json!(1));
        assert_eq!(
            v["groups"][7]["filters"][0]["value"],
            json!("2022-07-14T16:53:06.112Z")
        );
        assert_eq!(v["srtDir"], "asc");
        assert_eq!(v["srtKey"], "event.id");
        assert_eq!(v["pgSize"], 50);
        assert_eq!(v["pgNum"], 1);
        assert!(v.get("pgToken").is_none(), "number paging sends no token");
        assert_eq!(q.criteria_count(), 10);
    }

    #[test]
    fn token_paging_and_number_paging_exclude_each_other() {
        let q = FileEventQuery::default().page_token("");
        assert_eq!(q.to_wire_json()["pgToken"], json!(""));
        let q = q.page_token("1234_\"abc\"");
        assert_eq!(q.to_wire_json()["pgToken"], json!("1234_\"abc\""));
        let q = q.page(3);
        let v = q.to_wire_json();
        assert_eq!(v["pgNum"], 3);
        assert!(v.get("pgToken").is_none());
        assert_eq!(FileEventQuery::default().page(0).page_number, 1);
        assert_eq!(
            FileEventQuery::default().page_size(50_000).page_size,
            MAX_FILE_EVENT_PAGE_SIZE
        );
    }

    #[test]
    fn any_of_is_an_or_group_and_matches_any_joins_groups_with_or() {
        let q = FileEventQuery::default()
            .any_of("file.name", &["a.txt".into(), "b.txt".into()])
            .md5(" abc ")
            .matches_any();
        let v = q.to_wire_json();
        assert_eq!(v["groupClause"], "OR");
        assert_eq!(v["groups"][0]["filterClause"], "OR");
        assert_eq!(v["groups"][0]["filters"][1]["value"], "b.txt");
        assert_eq!(v["groups"][1]["filters"][0]["term"], "file.hash.md5");
        assert_eq!(v["groups"][1]["filters"][0]["value"], "abc");
    }
}
