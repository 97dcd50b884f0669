//! What every service of the demo tenant reads the same way: names compared loosely,
//! dates in any ISO-8601 form, values as text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde_json::Value;

/// Parses any ISO-8601 date or date-time the clients send.
pub fn parse_when(value: &str) -> Option<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(v.trim_end_matches('Z'), "%Y-%m-%d %H:%M:%S%.f") {
        return Some(t.and_utc());
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d.and_time(NaiveTime::MIN).and_utc());
    }
    v.parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
}

/// A name as the services compare them: case, `_`, `-` and spaces do not count
/// (`FedEndpointExfiltration` = `FED_ENDPOINT_EXFILTRATION`, `in-progress` = `IN_PROGRESS`).
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != ' ' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A filter value as text; `null` is empty.
pub fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A value of an event as forensic search compares and groups it: `null` is `"null"`.
pub fn json_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
