//! Forensic search: filters as the clients send them (v2 dotted terms, v1 flat ones),
//! evaluated against the store, and the order of the results.

use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::MAX_FILTERS;
use crate::file_event_bodies::v2_json;
use crate::store::{FileEvent, Store, event_ts};
use crate::wire::{json_text as text, norm, parse_when};

#[derive(Debug, Deserialize, Clone)]
pub struct EventFilter {
    pub term: String,
    pub operator: String,
    #[serde(default)]
    pub value: Value,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct EventGroup {
    #[serde(default)]
    pub filter_clause: Option<String>,
    #[serde(default)]
    pub filters: Vec<EventFilter>,
    #[serde(default)]
    pub subgroup_clause: Option<String>,
    #[serde(default)]
    pub subgroups: Vec<EventGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSearch {
    #[serde(default)]
    pub group_clause: Option<String>,
    #[serde(default)]
    pub groups: Vec<EventGroup>,
    #[serde(default)]
    pub pg_num: Option<i64>,
    #[serde(default)]
    pub pg_size: Option<i64>,
    #[serde(default)]
    pub pg_token: Option<String>,
    #[serde(default)]
    pub srt_dir: Option<String>,
    #[serde(default)]
    pub srt_key: Option<String>,
}

/// v1 flat terms mapped onto v2 dotted terms.
fn v1_term(term: &str) -> String {
    match term {
        "eventId" => "event.id",
        "eventType" => "event.action",
        "eventTimestamp" => "@timestamp",
        "insertionTimestamp" => "event.inserted",
        "fileName" => "file.name",
        "filePath" => "file.directory",
        "fileCategory" => "file.category",
        "fileSize" => "file.sizeInBytes",
        "md5Checksum" => "file.hash.md5",
        "sha256Checksum" => "file.hash.sha256",
        "deviceUserName" | "actor" => "user.email",
        "osHostName" => "source.name",
        "publicIpAddress" => "source.ip",
        "processName" => "process.executable",
        "riskSeverity" => "risk.severity",
        "riskScore" => "risk.score",
        "riskIndicatorNames" => "risk.indicators.name",
        "destinationName" => "destination.name",
        "destinationCategory" => "destination.category",
        "tabUrls" => "destination.tabs.url",
        "userUid" => "user.id",
        other => other,
    }
    .to_string()
}

/// The values a dotted term has on an event (arrays flattened).
pub(super) fn term_values(store: &Store, e: &FileEvent, term: &str) -> Vec<Value> {
    let doc = store.document(e.document);
    let actor = store.actor(e.actor);
    match term {
        "event.id" => return vec![json!(e.id)],
        "file.hash.md5" => return vec![json!(doc.md5)],
        "file.hash.sha256" => return vec![json!(doc.sha256)],
        "file.name" => return vec![json!(doc.name)],
        "user.email" => return vec![json!(actor.email)],
        "@timestamp" => return vec![json!(event_ts(&e.timestamp))],
        "risk.score" => return vec![json!(e.risk_score())],
        _ => {}
    }
    let doc_json = v2_json(store, e);
    let mut current = vec![&doc_json];
    let key = term.strip_prefix('@').map(|t| format!("@{t}"));
    if let Some(k) = key {
        return doc_json.get(&k).cloned().into_iter().collect();
    }
    for part in term.split('.') {
        let mut next = Vec::new();
        for v in current {
            match v.get(part) {
                Some(Value::Array(items)) => next.extend(items.iter()),
                Some(Value::Null) | None => {}
                Some(other) => next.push(other),
            }
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .collect()
}

fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p = pattern.to_lowercase();
    let t = text.to_lowercase();
    if !p.contains('*') {
        return p == t || norm(&p) == norm(&t);
    }
    let parts: Vec<&str> = p.split('*').collect();
    let mut rest = t.as_str();
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        match rest.split_once(part) {
            Some((before, after)) if i > 0 || before.is_empty() => rest = after,
            _ => return false,
        }
    }
    parts.last().is_some_and(|l| l.is_empty()) || t.ends_with(parts.last().unwrap_or(&""))
}

const NOT_A_DURATION: &str = "not an ISO-8601 duration";
const TOO_LONG: &str = "the duration is longer than any date range";

/// ISO-8601 durations such as `P14D`, `PT15M`, `P1DT2H` (a year is 365 days, a month 30).
/// Anything else, or a duration too long for chrono to hold, is an error saying which.
fn parse_duration(s: &str) -> Result<TimeDelta, &'static str> {
    let s = s.strip_prefix('P').ok_or(NOT_A_DURATION)?;
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let mut total = TimeDelta::zero();
    let mut any = false;
    for (part, in_time) in [(date, false), (time, true)] {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
                continue;
            }
            if num.is_empty() {
                return Err(NOT_A_DURATION);
            }
            // All digits: parsing fails only when the number is too large.
            let n: i64 = num.parse().map_err(|_| TOO_LONG)?;
            num.clear();
            let step = match (in_time, c) {
                (false, 'Y') => n.checked_mul(365).and_then(TimeDelta::try_days),
                (false, 'M') => n.checked_mul(30).and_then(TimeDelta::try_days),
                (false, 'W') => TimeDelta::try_weeks(n),
                (false, 'D') => TimeDelta::try_days(n),
                (true, 'H') => TimeDelta::try_hours(n),
                (true, 'M') => TimeDelta::try_minutes(n),
                (true, 'S') => TimeDelta::try_seconds(n),
                _ => return Err(NOT_A_DURATION),
            }
            .ok_or(TOO_LONG)?;
            total = total.checked_add(&step).ok_or(TOO_LONG)?;
            any = true;
        }
        // A number with no unit after it.
        if !num.is_empty() {
            return Err(NOT_A_DURATION);
        }
    }
    if any { Ok(total) } else { Err(NOT_A_DURATION) }
}

pub struct Problem {
    pub kind: &'static str,
    pub description: String,
    pub filter: Option<EventFilter>,
}

pub(super) fn problem(
    kind: &'static str,
    description: impl Into<String>,
    f: Option<&EventFilter>,
) -> Problem {
    Problem {
        kind,
        description: description.into(),
        filter: f.cloned(),
    }
}

fn eval(
    store: &Store,
    e: &FileEvent,
    f: &EventFilter,
    now: DateTime<Utc>,
    v1: bool,
) -> Result<bool, Problem> {
    let term = if v1 { v1_term(&f.term) } else { f.term.clone() };
    let op = f.operator.to_ascii_uppercase();
    let values = term_values(store, e, &term);
    let as_time = |v: &Value| parse_when(&text(v));
    let wanted_time = || {
        parse_when(&text(&f.value)).ok_or_else(|| problem("ILLEGAL_VALUE", "not a date", Some(f)))
    };
    let list = || -> Vec<String> {
        match &f.value {
            Value::Array(items) => items.iter().map(text).collect(),
            other => vec![text(other)],
        }
    };
    Ok(match op.as_str() {
        "IS" => {
            let w = list();
            values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_NOT" => {
            let w = list();
            !values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_ANY" => {
            let w = list();
            values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_NONE" => {
            let w = list();
            !values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "EXISTS" => !values.is_empty(),
        "DOES_NOT_EXIST" => values.is_empty(),
        "ON_OR_AFTER" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t >= w)
        }
        "ON_OR_BEFORE" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t <= w)
        }
        "BEFORE" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t < w)
        }
        "AFTER" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t > w)
        }
        "ON" => {
            let w = wanted_time()?;
            values
                .iter()
                .filter_map(as_time)
                .any(|t| t.date_naive() == w.date_naive())
        }
        "WITHIN_THE_LAST" => {
            let d = parse_duration(&text(&f.value))
                .map_err(|why| problem("ILLEGAL_VALUE", why, Some(f)))?;
            let since = now
                .checked_sub_signed(d)
                .ok_or_else(|| problem("ILLEGAL_VALUE", TOO_LONG, Some(f)))?;
            values.iter().filter_map(as_time).any(|t| t >= since)
        }
        "GREATER_THAN" | "LESS_THAN" => {
            let w: f64 = text(&f.value)
                .parse()
                .map_err(|_| problem("ILLEGAL_VALUE", "not a number", Some(f)))?;
            values
                .iter()
                .filter_map(|v| v.as_f64().or_else(|| text(v).parse().ok()))
                .any(|n| if op == "GREATER_THAN" { n > w } else { n < w })
        }
        _ => {
            return Err(problem(
                "ILLEGAL_OPERATOR",
                format!("unknown operator {}", f.operator),
                Some(f),
            ));
        }
    })
}

fn eval_group(
    store: &Store,
    e: &FileEvent,
    g: &EventGroup,
    now: DateTime<Utc>,
    v1: bool,
) -> Result<bool, Problem> {
    if !g.subgroups.is_empty() {
        let any = g
            .subgroup_clause
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
        let mut r = !any;
        for sg in &g.subgroups {
            let m = eval_group(store, e, sg, now, v1)?;
            if any { r |= m } else { r &= m }
        }
        return Ok(r);
    }
    if g.filters.is_empty() {
        return Ok(true);
    }
    let any = g
        .filter_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    let mut r = !any;
    for f in &g.filters {
        let m = eval(store, e, f, now, v1)?;
        if any { r |= m } else { r &= m }
    }
    Ok(r)
}

/// How many filters and how many groups a search holds, subgroups included.
fn count_criteria(groups: &[EventGroup]) -> (usize, usize) {
    groups.iter().fold((0, 0), |(filters, count), g| {
        let (f, n) = count_criteria(&g.subgroups);
        (
            filters.saturating_add(g.filters.len()).saturating_add(f),
            count.saturating_add(1).saturating_add(n),
        )
    })
}

pub fn matching<'a>(
    store: &'a Store,
    groups: &[EventGroup],
    group_clause: Option<&str>,
    v1: bool,
) -> Result<Vec<&'a FileEvent>, Problem> {
    let (filters, group_count) = count_criteria(groups);
    if filters > MAX_FILTERS {
        return Err(problem(
            "MAX_FILTERS_EXCEEDED",
            "at most 1024 criteria",
            None,
        ));
    }
    if group_count > MAX_FILTERS {
        return Err(problem("MAX_FILTERS_EXCEEDED", "at most 1024 groups", None));
    }
    let now = Utc::now();
    let any = group_clause.is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    let mut out = Vec::new();
    for e in &store.file_events {
        let mut r = !any;
        for g in groups {
            let m = eval_group(store, e, g, now, v1)?;
            if any { r |= m } else { r &= m }
        }
        if groups.is_empty() || r {
            out.push(e);
        }
    }
    Ok(out)
}

pub(super) fn sort_events(
    store: &Store,
    events: &mut [&FileEvent],
    key: Option<&str>,
    dir: Option<&str>,
    v1: bool,
) {
    let key = key
        .map(|k| if v1 { v1_term(k) } else { k.to_string() })
        .unwrap_or_else(|| "event.id".into());
    let desc = dir.is_some_and(|d| d.eq_ignore_ascii_case("desc"));
    events.sort_by(|a, b| {
        let ord = match key.as_str() {
            "event.id" => a.id.cmp(&b.id),
            "@timestamp" => a.timestamp.cmp(&b.timestamp),
            "event.inserted" => a.inserted.cmp(&b.inserted),
            "risk.score" => a.risk_score.cmp(&b.risk_score),
            other => text(term_values(store, a, other).first().unwrap_or(&Value::Null)).cmp(&text(
                term_values(store, b, other).first().unwrap_or(&Value::Null),
            )),
        }
        .then_with(|| a.id.cmp(&b.id));
        if desc { ord.reverse() } else { ord }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_too_long_ones_are_errors_not_panics() {
        let ok = |s: &str| parse_duration(s).ok();
        assert_eq!(ok("P14D"), TimeDelta::try_days(14));
        assert_eq!(ok("PT15M"), TimeDelta::try_minutes(15));
        assert_eq!(
            ok("P1Y2M3W4DT5H6M7S"),
            TimeDelta::try_seconds(((365 + 60 + 21 + 4) * 24 + 5) * 3600 + 6 * 60 + 7)
        );
        assert_eq!(ok("P0D"), Some(TimeDelta::zero()));
        for bad in [
            "", "P", "PT", "P14", "PT5", "14D", "P1X", "PD", "P-1D", "P1H", "PT1D",
        ] {
            assert_eq!(parse_duration(bad), Err(NOT_A_DURATION), "{bad:?}");
        }
        for long in [
            "P99999999999999D",
            "P9999999999999999999D",
            "P99999999999999999Y",
            "P9999999999999W",
            "PT9223372036854775807S",
            "P106751991167300DT106751991167300D",
        ] {
            assert_eq!(parse_duration(long), Err(TOO_LONG), "{long:?}");
        }
    }

    #[test]
    fn wildcards_match_as_before() {
        assert!(wildcard_match("*.xlsx", "Q3_forecast.XLSX"));
        assert!(wildcard_match("q3*", "q3_forecast.xlsx"));
        assert!(!wildcard_match("x*", "q3_forecast.xlsx"));
        assert!(wildcard_match("*fore*xl*", "q3_forecast.xlsx"));
        assert!(!wildcard_match("*xlsx*fore*", "q3_forecast.xlsx"));
        assert!(wildcard_match("a*", "a"));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("FED_ENDPOINT", "fed-endpoint"));
        assert!(wildcard_match("*é*", "caféÉ"));
    }
}
