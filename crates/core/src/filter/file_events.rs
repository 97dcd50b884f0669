//! The file-event query of `triage42 events search`: `key:value` terms (md5, sha256,
//! user, name, dir, action, id, since, before) and `risk>N`, all of which must hold.

use chrono::{DateTime, Utc};

use super::{AgeError, relative_instant};
use crate::api::FileEventQuery;

fn bad(token: &str, why: &str) -> String {
    format!("bad query at {token:?}: {why}")
}

/// The file-event query with ages (`since:7d`) counted back from `now`. Never panics:
/// bad input, ages out of range included, is a message naming the token.
pub fn compile_at(text: &str, now: DateTime<Utc>) -> Result<FileEventQuery, String> {
    let mut q = FileEventQuery::default();
    for token in text.split_whitespace() {
        if let Some(n) = token.strip_prefix("risk>") {
            q = q.greater_than(
                "risk.score",
                n.parse().map_err(|_| bad(token, "risk> needs a number"))?,
            );
            continue;
        }
        let Some((key, value)) = token.split_once(':') else {
            return Err(bad(
                token,
                "expected key:value (md5, sha256, user, name, dir, action, id, since, before)",
            ));
        };
        if value.is_empty() {
            return Err(bad(token, "empty value"));
        }
        q = match key.to_ascii_lowercase().as_str() {
            "md5" => q.md5(value),
            "sha256" => q.sha256(value),
            "user" => q.user(value),
            "name" => q.equals("file.name", value),
            "dir" | "path" => q.equals("file.directory", value),
            "action" => q.equals("event.action", value),
            "id" => q.equals("event.id", value),
            "since" => q.since(when(token, value, now)?),
            "before" => q.until(when(token, value, now)?),
            other => return Err(bad(token, &format!("unknown key {other}"))),
        };
    }
    Ok(q)
}

fn when(token: &str, value: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    match relative_instant(value, now) {
        Some(Ok(at)) => Ok(at),
        Some(Err(AgeError::UnknownUnit(unit))) => Err(bad(
            token,
            &format!("unknown unit {unit:?}; use a number with m, h, d or w, or a date"),
        )),
        Some(Err(AgeError::TooFarBack)) => Err(bad(token, "the age reaches too far back")),
        Some(Err(AgeError::TooFarAhead)) => Err(bad(token, "the age reaches too far ahead")),
        None => crate::api::timestamp::parse(value)
            .ok_or_else(|| bad(token, "not a date (YYYY-MM-DD) or an age like 7d")),
    }
}
