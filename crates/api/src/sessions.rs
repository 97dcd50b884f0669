//! Session models and the session search query. Sessions group an actor's activity in a
//! time window with the alerts it triggered, a score history, a state history and notes.
//! Every field is read leniently, and the two shapes of `contentInspectionResults` (the
//! spec's `status`/`eventResults`, incydr's `detectedOnAlerts`) are both accepted.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::file_events::FileEventPage;
use super::lenient::{self, Item};

/// The state of a session. Unknown names (`stateV2` may gain values) are kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SessionState {
    Open,
    InProgress,
    Closed,
    ClosedTp,
    ClosedTpBenign,
    ClosedFp,
    OpenNewData,
    Other(String),
}

impl SessionState {
    pub const ALL: [SessionState; 7] = [
        SessionState::Open,
        SessionState::InProgress,
        SessionState::Closed,
        SessionState::ClosedTp,
        SessionState::ClosedTpBenign,
        SessionState::ClosedFp,
        SessionState::OpenNewData,
    ];

    pub fn as_wire(&self) -> &str {
        match self {
            SessionState::Open => "OPEN",
            SessionState::InProgress => "IN_PROGRESS",
            SessionState::Closed => "CLOSED",
            SessionState::ClosedTp => "CLOSED_TP",
            SessionState::ClosedTpBenign => "CLOSED_TP_BENIGN",
            SessionState::ClosedFp => "CLOSED_FP",
            SessionState::OpenNewData => "OPEN_NEW_DATA",
            SessionState::Other(s) => s,
        }
    }

    /// Any spelling: case, spaces and dashes do not count.
    pub fn from_wire(s: &str) -> SessionState {
        let upper = s.trim().to_ascii_uppercase().replace([' ', '-'], "_");
        SessionState::ALL
            .iter()
            .find(|k| k.as_wire() == upper)
            .cloned()
            .unwrap_or_else(|| SessionState::Other(s.to_string()))
    }

    pub fn is_closed(&self) -> bool {
        self.as_wire().starts_with("CLOSED")
    }
}

impl fmt::Display for SessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_wire())
    }
}

impl Serialize for SessionState {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_wire())
    }
}

impl<'de> Deserialize<'de> for SessionState {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(SessionState::from_wire(&lenient::string(d)?))
    }
}

/// Severity names for the wire's 0–4.
pub fn severity_name(n: i64) -> &'static str {
    match n {
        4 => "CRITICAL",
        3 => "HIGH",
        2 => "MODERATE",
        1 => "LOW",
        _ => "NO_RISK",
    }
}

/// A severity given as 0–4 or a name (`high`, `no-risk`, …).
pub fn severity_number(text: &str) -> Option<u8> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u8>() {
        return (n <= 4).then_some(n);
    }
    match t.to_ascii_uppercase().replace([' ', '-'], "_").as_str() {
        "NO_RISK" | "NO_RISK_INDICATED" | "NONE" => Some(0),
        "LOW" => Some(1),
        "MODERATE" | "MEDIUM" => Some(2),
        "HIGH" => Some(3),
        "CRITICAL" => Some(4),
        _ => None,
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionNote {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub content: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub source_timestamp: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionRiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub weight: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub event_count: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionScore {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub score: Option<i64>,
    /// 0 none, 1 low, 2 moderate, 3 high, 4 critical.
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub severity: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub source_timestamp: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionStateEntry {
    /// Deprecated on the wire; `state_v2` wins when both are present.
    #[serde(default)]
    pub state: Option<SessionState>,
    #[serde(default, rename = "stateV2")]
    pub state_v2: Option<SessionState>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub source_timestamp: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub user_id: Option<String>,
}

impl SessionStateEntry {
    pub fn current(&self) -> Option<&SessionState> {
        self.state_v2.as_ref().or(self.state.as_ref())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct TriggeredAlert {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub alert_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub lesson_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub rule_name: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ContentInspectionEvent {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub event_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub pii_type: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub status: Option<String>,
}

/// Both shapes: incydr's `detectedOnAlerts`, the spec's `status` and `eventResults`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ContentInspection {
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub detected_on_alerts: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub event_results: Vec<ContentInspectionEvent>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    #[serde(deserialize_with = "lenient::id")]
    pub session_id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub actor_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub user_id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub session_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub begin_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub first_observed: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_updated: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub critical_events: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub high_events: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub moderate_events: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub low_events: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub no_risk_events: u64,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub context_summary: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub exfiltration_summary: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub notes: Vec<SessionNote>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub risk_indicators: Vec<SessionRiskIndicator>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub scores: Vec<SessionScore>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub states: Vec<SessionStateEntry>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub triggered_alerts: Vec<TriggeredAlert>,
    #[serde(default, deserialize_with = "lenient::object_or_default")]
    pub content_inspection_results: ContentInspection,
}

impl Session {
    /// The current state: the latest entry of `states` (by time, then by position).
    pub fn state(&self) -> Option<&SessionState> {
        self.latest_state().and_then(SessionStateEntry::current)
    }

    fn latest_state(&self) -> Option<&SessionStateEntry> {
        self.states
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| (s.source_timestamp, *i))
            .map(|(_, s)| s)
    }

    /// The latest score entry.
    pub fn latest_score(&self) -> Option<&SessionScore> {
        self.scores
            .iter()
            .enumerate()
            .max_by_key(|(i, s)| (s.source_timestamp, *i))
            .map(|(_, s)| s)
    }

    pub fn score(&self) -> Option<i64> {
        self.latest_score().and_then(|s| s.score)
    }

    pub fn severity(&self) -> Option<i64> {
        self.latest_score().and_then(|s| s.severity)
    }

    /// The content-inspection status in either vocabulary, or what the alerts found.
    pub fn inspection_status(&self) -> Option<String> {
        let c = &self.content_inspection_results;
        c.status
            .clone()
            .or_else(|| (!c.detected_on_alerts.is_empty()).then(|| c.detected_on_alerts.join(",")))
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SessionPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub items: Vec<Item<Session>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SessionEvents {
    #[serde(default, deserialize_with = "lenient::object_or_default")]
    pub query_result: FileEventPage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionOrder {
    #[default]
    EndTime,
    Score,
}

/// A session search: every filter of `GET /v1/sessions`, in the wire's snake_case.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionQuery {
    pub actor_id: Option<String>,
    pub on_or_after: Option<DateTime<Utc>>,
    pub before: Option<DateTime<Utc>>,
    pub session_type: Option<String>,
    /// `Some(true)` is the alert queue; `None` sends nothing, which the service takes
    /// as `true`.
    pub has_alerts: Option<bool>,
    pub risk_indicators: Vec<String>,
    pub states: Vec<SessionState>,
    /// 0 none … 4 critical.
    pub severities: Vec<u8>,
    pub rule_ids: Vec<String>,
    pub watchlist_ids: Vec<String>,
    pub content_inspection_status: Option<String>,
    pub order_by: SessionOrder,
    pub descending: bool,
    /// 0-based.
    pub page_number: u32,
    pub page_size: u32,
}

impl Default for SessionQuery {
    fn default() -> Self {
        SessionQuery {
            actor_id: None,
            on_or_after: None,
            before: None,
            session_type: None,
            has_alerts: Some(true),
            risk_indicators: Vec::new(),
            states: Vec::new(),
            severities: Vec::new(),
            rule_ids: Vec::new(),
            watchlist_ids: Vec::new(),
            content_inspection_status: None,
            order_by: SessionOrder::EndTime,
            descending: true,
            page_number: 0,
            page_size: 50,
        }
    }
}

/// The page size the service documents as its largest.
pub const MAX_SESSION_PAGE: u32 = 50;

impl SessionQuery {
    /// The filters alone, as `change-states` takes them.
    pub(crate) fn filter_params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(a) = &self.actor_id {
            p.push(("actor_id", a.clone()));
        }
        if let Some(t) = self.on_or_after {
            p.push(("on_or_after", t.timestamp_millis().to_string()));
        }
        if let Some(t) = self.before {
            p.push(("before", t.timestamp_millis().to_string()));
        }
        if let Some(t) = &self.session_type {
            p.push(("type", t.clone()));
        }
        if let Some(h) = self.has_alerts {
            p.push(("has_alerts", h.to_string()));
        }
        p.extend(
            self.risk_indicators
                .iter()
                .map(|r| ("risk_indicators", r.clone())),
        );
        p.extend(
            self.states
                .iter()
                .map(|s| ("state", s.as_wire().to_string())),
        );
        p.extend(self.severities.iter().map(|s| ("severity", s.to_string())));
        p.extend(self.rule_ids.iter().map(|r| ("rule_id", r.clone())));
        p.extend(
            self.watchlist_ids
                .iter()
                .map(|w| ("watchlist_id", w.clone())),
        );
        if let Some(c) = &self.content_inspection_status {
            p.push(("content_inspection_status", c.clone()));
        }
        p
    }

    /// Filters, order and page, as `GET /v1/sessions` takes them.
    pub(crate) fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = self.filter_params();
        p.push((
            "order_by",
            match self.order_by {
                SessionOrder::EndTime => "end_time",
                SessionOrder::Score => "score",
            }
            .to_string(),
        ));
        p.push((
            "sort_direction",
            if self.descending { "desc" } else { "asc" }.to_string(),
        ));
        p.push(("page_number", self.page_number.to_string()));
        p.push(("page_size", self.page_size.max(1).to_string()));
        p
    }
}
