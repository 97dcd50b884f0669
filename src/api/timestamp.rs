//! Timestamps as the services write them: RFC 3339 with 0–9 fractional digits,
//! date-only values, or epoch milliseconds.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer};

pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d.with_timezone(&Utc));
    }
    let bare = t.trim_end_matches('Z');
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S%.f",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(bare, fmt) {
            return Some(n.and_utc());
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0).map(|n| n.and_utc());
    }
    t.parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
}

fn from_value(v: serde_json::Value) -> Option<DateTime<Utc>> {
    match v {
        serde_json::Value::String(s) => parse(&s),
        serde_json::Value::Number(n) => n.as_i64().and_then(DateTime::from_timestamp_millis),
        _ => None,
    }
}

/// Serde helper: an optional timestamp in any of the accepted forms; unparseable becomes `None`.
pub fn option<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(from_value))
}

/// Serde helper: a required timestamp.
pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let shown = v.to_string();
    from_value(v).ok_or_else(|| serde::de::Error::custom(format!("not a timestamp: {shown}")))
}

/// Serde helper: ids that arrive as strings or (in old data) as large JSON numbers.
pub fn id_string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("not an id: {other}"))),
    }
}

pub fn option_id_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

/// Serde helper: a list that may be `null`.
pub fn null_as_empty<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Serde helper: a count that may be `null`.
pub fn null_as_zero<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(Option::<u64>::deserialize(d)?.unwrap_or_default())
}

/// The alerts service's filter value form, with microseconds (as py42 sends).
pub fn wire(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision_and_form() {
        for s in [
            "2020-04-03T15:21:44.6139300Z",
            "2022-09-15T20:48:25.519828Z",
            "2022-07-14T16:53:06.112Z",
            "2025-08-04T01:01:01.816033973Z",
            "2025-08-04T01:01:01Z",
            "2020-01-17",
            "1657817586112",
        ] {
            assert!(parse(s).is_some(), "{s}");
        }
        assert!(parse("yesterday").is_none());
        assert_eq!(
            parse("2020-01-17").unwrap().to_rfc3339(),
            "2020-01-17T00:00:00+00:00"
        );
    }
}
