//! The query of `GET /v1/sessions` and `POST /v1/sessions/change-states`: snake_case
//! parameters, repeatable ones given again or comma-separated, read strictly enough to
//! answer a bad value with a 400 and loosely enough for both the spec and incydr.

use super::model::{INSPECTION, STATES, Session, severity_rank};
use crate::wire::{norm, parse_when};

/// The largest page (the schema's limit; the text says 50).
pub const MAX_PAGE_SIZE: usize = 1000;
/// The spec's default page size.
pub const DEFAULT_PAGE_SIZE: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    EndTime,
    Score,
}

#[derive(Debug, Clone)]
pub struct SessionFilter {
    pub actor: Option<String>,
    pub on_or_after: Option<i64>,
    pub before: Option<i64>,
    pub kind: Option<String>,
    /// `None`: sessions with and without alerts.
    pub has_alerts: Option<bool>,
    pub risk_indicators: Vec<String>,
    pub states: Vec<String>,
    pub severities: Vec<u8>,
    pub rules: Vec<String>,
    pub watchlists: Vec<String>,
    pub inspection: Vec<&'static str>,
    pub order: Order,
    pub descending: bool,
    pub page_number: usize,
    pub page_size: usize,
}

/// The values of a repeatable parameter: every occurrence, split on commas, trimmed,
/// empty ones left out.
fn many<'a>(params: &'a [(String, String)], key: &'a str) -> impl Iterator<Item = &'a str> {
    params
        .iter()
        .filter(move |(k, _)| k == key || k.strip_suffix("[]") == Some(key))
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

fn one<'a>(params: &'a [(String, String)], key: &'a str) -> Option<&'a str> {
    many(params, key).last()
}

fn time(params: &[(String, String)], key: &str) -> Result<Option<i64>, String> {
    match one(params, key) {
        None => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .ok()
            .or_else(|| {
                v.parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .map(|f| f as i64)
            })
            .or_else(|| parse_when(v).map(|t| t.timestamp_millis()))
            .map(Some)
            .ok_or_else(|| format!("{key} must be epoch milliseconds, not {v:?}")),
    }
}

/// The state names, in the wire's form, or the 400 message.
pub fn state_name(v: &str) -> Option<&'static str> {
    let n = norm(v);
    STATES.iter().copied().find(|s| norm(s) == n)
}

fn inspection_name(v: &str) -> Option<&'static str> {
    match norm(v).as_str() {
        "found" | "piifound" => Some("PII_FOUND"),
        "notfound" | "piinotfound" => Some("PII_NOT_FOUND"),
        n => INSPECTION.iter().copied().find(|s| norm(s) == n),
    }
}

fn severity(v: &str) -> Option<u8> {
    if let Ok(n) = v.parse::<u8>() {
        return (n <= 4).then_some(n);
    }
    match norm(v).as_str() {
        "norisk" | "noriskindicated" | "none" => Some(0),
        "low" | "moderate" | "high" | "critical" => Some(severity_rank(v)),
        _ => None,
    }
}

impl SessionFilter {
    pub fn parse(params: &[(String, String)]) -> Result<SessionFilter, String> {
        let has_alerts = match one(params, "has_alerts").map(|v| v.to_ascii_lowercase()) {
            None => Some(true),
            Some(v) if v == "true" => Some(true),
            Some(v) if v == "false" => Some(false),
            Some(v) if v == "any" || v == "all" => None,
            Some(v) => return Err(format!("has_alerts must be true or false, not {v:?}")),
        };
        let order = match one(params, "order_by").map(norm) {
            None => Order::EndTime,
            Some(v) if v == "endtime" => Order::EndTime,
            Some(v) if v == "score" => Order::Score,
            Some(v) => return Err(format!("order_by must be end_time or score, not {v:?}")),
        };
        let descending = match one(params, "sort_direction").map(|v| v.to_ascii_lowercase()) {
            None => true,
            Some(v) if v == "desc" => true,
            Some(v) if v == "asc" => false,
            Some(v) => return Err(format!("sort_direction must be ASC or DESC, not {v:?}")),
        };
        let states = many(params, "state")
            .map(|v| {
                state_name(v)
                    .map(str::to_string)
                    .ok_or_else(|| format!("state: unknown session state {v:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let severities = many(params, "severity")
            .map(|v| severity(v).ok_or_else(|| format!("severity must be 0 to 4, not {v:?}")))
            .collect::<Result<Vec<_>, _>>()?;
        let inspection = many(params, "content_inspection_status")
            .map(|v| {
                inspection_name(v)
                    .ok_or_else(|| format!("content_inspection_status: unknown status {v:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let page_number = match one(params, "page_number") {
            None => 0,
            Some(v) => v
                .parse::<usize>()
                .map_err(|_| format!("page_number must be 0 or more, not {v:?}"))?,
        };
        let page_size = match one(params, "page_size") {
            None => DEFAULT_PAGE_SIZE,
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_PAGE_SIZE).contains(n))
                .ok_or_else(|| format!("page_size must be 1 to {MAX_PAGE_SIZE}, not {v:?}"))?,
        };
        Ok(SessionFilter {
            actor: one(params, "actor_id").map(str::to_string),
            on_or_after: time(params, "on_or_after")?,
            before: time(params, "before")?,
            kind: one(params, "type").map(str::to_string),
            has_alerts,
            risk_indicators: many(params, "risk_indicators")
                .map(str::to_string)
                .collect(),
            states,
            severities,
            rules: many(params, "rule_id").map(str::to_string).collect(),
            watchlists: many(params, "watchlist_id").map(str::to_string).collect(),
            inspection,
            order,
            descending,
            page_number,
            page_size,
        })
    }

    pub fn matches(&self, s: &Session) -> bool {
        let actor = self
            .actor
            .as_deref()
            .is_none_or(|a| s.actor_id == a || s.actor_name.eq_ignore_ascii_case(a));
        let after = self.on_or_after.is_none_or(|t| s.begin >= t);
        let before = self.before.is_none_or(|t| s.begin < t);
        let kind = self.kind.as_deref().is_none_or(|k| norm(k) == norm(s.kind));
        let alerts = self.has_alerts.is_none_or(|h| h != s.alerts.is_empty());
        let indicators = self.risk_indicators.iter().all(|want| {
            s.indicators
                .iter()
                .any(|r| r.id == *want || r.name.eq_ignore_ascii_case(want))
        });
        let state = self.states.is_empty() || self.states.iter().any(|x| x == s.state());
        let severity = self.severities.is_empty() || self.severities.contains(&s.severity());
        let rule = self.rules.is_empty()
            || s.alerts
                .iter()
                .any(|a| self.rules.iter().any(|r| *r == *a.rule_id));
        let watchlist = self.watchlists.is_empty()
            || s.watchlists
                .iter()
                .any(|w| self.watchlists.iter().any(|x| x == w));
        let inspection = self.inspection.is_empty() || self.inspection.contains(&s.inspection);
        actor
            && after
            && before
            && kind
            && alerts
            && indicators
            && state
            && severity
            && rule
            && watchlist
            && inspection
    }

    /// The matching sessions in the asked order (ties by id).
    pub fn select<'a>(&self, sessions: &'a [Session]) -> Vec<&'a Session> {
        let mut found: Vec<&Session> = sessions.iter().filter(|s| self.matches(s)).collect();
        found.sort_by(|a, b| {
            let key = match self.order {
                Order::EndTime => a.end.cmp(&b.end),
                Order::Score => a.score().cmp(&b.score()).then(a.end.cmp(&b.end)),
            };
            let key = if self.descending { key.reverse() } else { key };
            key.then_with(|| a.id.cmp(&b.id))
        });
        found
    }
}
