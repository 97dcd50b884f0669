//! The sessions vocabulary of `triage42 sessions search` (and later the sessions view's
//! filter line): `actor:ID state:open,in_progress severity:high,critical since:7d
//! before:2026-11-01 has-alerts:no rule:ID watchlist:ID risk:ID type:standard
//! content:found`. Terms are ANDed; a comma lists alternatives. It knows nothing of the
//! UI and builds an [`api::SessionQuery`](crate::api::SessionQuery).

use std::ops::Range;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::api::{SessionQuery, SessionState, severity_number};

/// What could not be read, and where in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    /// Byte range of the offending term.
    pub span: Range<usize>,
}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The words one can filter by, for messages and help.
pub const FIELDS: &str =
    "actor, state, severity, since, before, has-alerts, rule, watchlist, risk, type, content";

/// Splits the text into terms at whitespace outside double quotes; each with its span.
pub(crate) fn terms(text: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
            start.get_or_insert(i);
            continue;
        }
        if c.is_whitespace() && !quoted {
            if let Some(s) = start.take() {
                out.push((std::mem::take(&mut current), s..i));
            }
            continue;
        }
        start.get_or_insert(i);
        current.push(c);
    }
    if let Some(s) = start {
        out.push((current, s..text.len()));
    }
    out
}

/// `7d`, `24h`, `2w`, `30m` back from `now`, or a date or date-time.
pub fn parse_time(value: &str, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let v = value.trim();
    let split = v.len().checked_sub(1)?;
    if let (Some(num), Some(unit)) = (v.get(..split), v.get(split..))
        && let Ok(n) = num.parse::<i64>()
    {
        let span = match unit {
            "m" => TimeDelta::try_minutes(n),
            "h" => TimeDelta::try_hours(n),
            "d" => TimeDelta::try_days(n),
            "w" => TimeDelta::try_weeks(n),
            _ => None,
        };
        if let Some(span) = span {
            return now.checked_sub_signed(span);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
        return Some(d.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    crate::api::timestamp::parse(v)
}

fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

/// Parses `text` into a query (first page, newest first, 50 a page).
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<SessionQuery, QueryError> {
    let mut q = SessionQuery::default();
    for (term, span) in terms(text) {
        let fail = |message: String| QueryError {
            message,
            span: span.clone(),
        };
        let Some((field, value)) = term.split_once(':') else {
            // `actor~name` is the alert list's; the sessions search takes an actor's id.
            if let Some((field, _)) = term.split_once('~') {
                return Err(fail(format!(
                    "{field}~ matches text in the alert list only; sessions are searched by \
                     value ({field}:VALUE, e.g. actor:ID)"
                )));
            }
            return Err(fail(format!(
                "{term:?} is not a filter; use field:value with a field of {FIELDS}"
            )));
        };
        if value.trim().is_empty() {
            return Err(fail(format!("{field}: needs a value")));
        }
        match field.to_ascii_lowercase().replace('_', "-").as_str() {
            "actor" | "actor-id" => q.actor_id = Some(value.to_string()),
            "state" | "status" => {
                for v in list(value) {
                    match SessionState::from_wire(v) {
                        SessionState::Other(_) => {
                            return Err(fail(format!(
                                "state: {v:?} is not one of open, in_progress, closed, closed_tp, \
                                 closed_tp_benign, closed_fp, open_new_data"
                            )));
                        }
                        // "open" is what an analyst means by it: new data included.
                        SessionState::Open => {
                            for s in [SessionState::Open, SessionState::OpenNewData] {
                                if !q.states.contains(&s) {
                                    q.states.push(s);
                                }
                            }
                        }
                        s if !q.states.contains(&s) => q.states.push(s),
                        _ => {}
                    }
                }
            }
            "severity" | "sev" => {
                for v in list(value) {
                    match severity_number(v) {
                        Some(n) => q.severities.push(n),
                        None => {
                            return Err(fail(format!(
                                "severity: {v:?} is not 0-4 or no-risk, low, moderate, high, critical"
                            )));
                        }
                    }
                }
            }
            "since" | "after" | "from" => match parse_time(value, now) {
                Some(t) => q.on_or_after = Some(t),
                None => {
                    return Err(fail(format!(
                        "since: cannot read {value:?} as a time (7d, 24h, 2026-11-01)"
                    )));
                }
            },
            "before" | "until" => match parse_time(value, now) {
                Some(t) => q.before = Some(t),
                None => {
                    return Err(fail(format!(
                        "before: cannot read {value:?} as a time (7d, 24h, 2026-11-01)"
                    )));
                }
            },
            "has-alerts" | "alerts" => {
                q.has_alerts = match value.to_ascii_lowercase().as_str() {
                    "yes" | "true" | "y" | "1" => Some(true),
                    "no" | "false" | "n" | "0" => Some(false),
                    _ => return Err(fail(format!("has-alerts: {value:?} is not yes or no"))),
                }
            }
            "rule" | "rule-id" => q.rule_ids.extend(list(value).map(str::to_string)),
            "watchlist" | "watchlist-id" => q.watchlist_ids.extend(list(value).map(str::to_string)),
            "risk" | "indicator" | "risk-indicator" => {
                q.risk_indicators.extend(list(value).map(str::to_string))
            }
            "type" => q.session_type = Some(value.trim().to_ascii_uppercase().replace('-', "_")),
            "content" | "inspection" => {
                q.content_inspection_status =
                    Some(value.trim().to_ascii_uppercase().replace('-', "_"))
            }
            other => {
                return Err(fail(format!(
                    "unknown field {other:?}; the fields are {FIELDS}"
                )));
            }
        }
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-20T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn every_field_reaches_the_query() {
        let q = parse(
            "actor:42 state:open,closed_tp severity:high,4 since:7d before:2026-11-19 \
             has-alerts:no rule:r1 watchlist:w1 risk:i1,i2 type:account-take-over content:found",
            now(),
        )
        .unwrap();
        assert_eq!(q.actor_id.as_deref(), Some("42"));
        // "open" takes "open, new data" with it.
        assert_eq!(
            q.states,
            vec![
                SessionState::Open,
                SessionState::OpenNewData,
                SessionState::ClosedTp
            ]
        );
        assert_eq!(q.severities, vec![3, 4]);
        assert_eq!(q.on_or_after, Some(now() - TimeDelta::days(7)));
        assert_eq!(
            q.before.map(|t| t.to_rfc3339()),
            Some("2026-11-19T00:00:00+00:00".into())
        );
        assert_eq!(q.has_alerts, Some(false));
        assert_eq!(q.rule_ids, vec!["r1"]);
        assert_eq!(q.watchlist_ids, vec!["w1"]);
        assert_eq!(q.risk_indicators, vec!["i1", "i2"]);
        assert_eq!(q.session_type.as_deref(), Some("ACCOUNT_TAKE_OVER"));
        assert_eq!(q.content_inspection_status.as_deref(), Some("FOUND"));
    }

    #[test]
    fn an_empty_query_is_the_alert_queue() {
        let q = parse("  ", now()).unwrap();
        assert_eq!(q, SessionQuery::default());
        assert_eq!(q.has_alerts, Some(true));
    }

    #[test]
    fn errors_point_at_their_term() {
        let text = "state:open severity:huge";
        let e = parse(text, now()).unwrap_err();
        assert_eq!(&text[e.span.clone()], "severity:huge");
        let e = parse("actor~bob", now()).unwrap_err();
        assert!(e.message.contains("actor:ID"), "{}", e.message);
        let e = parse("state:open bogus", now()).unwrap_err();
        assert_eq!(e.span, 11..16);
        assert!(
            parse("colour:red", now())
                .unwrap_err()
                .message
                .contains("unknown field")
        );
        assert!(parse("since:soon", now()).is_err());
        assert!(parse("state:", now()).is_err());
    }

    #[test]
    fn quoted_values_keep_their_spaces() {
        let q = parse("actor:\"a b\"", now()).unwrap();
        assert_eq!(q.actor_id.as_deref(), Some("a b"));
    }
}
