//! Timestamps as the services write them, and as old data wrote them: RFC 3339 with
//! 0–9 (or more) fractional digits, any offset, lower-case `t`/`z`, a space instead of
//! `T`, a bare date, a missing zone (read as UTC), or epoch milliseconds.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Reads a timestamp in any of the forms above; `None` when it is none of them.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if !t.is_empty()
        && t.bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
    {
        return t
            .parse::<i64>()
            .ok()
            .and_then(DateTime::from_timestamp_millis);
    }
    let mut cursor = Cursor { rest: t };
    let date = cursor.date()?;
    if cursor.rest.is_empty() {
        return date.and_hms_opt(0, 0, 0).map(|n| n.and_utc());
    }
    if !cursor.eat_any(&['T', 't', ' ']) {
        return None;
    }
    let time = cursor.time()?;
    let offset = cursor.zone()?;
    if !cursor.rest.trim().is_empty() {
        return None;
    }
    let local = NaiveDateTime::new(date, time);
    offset
        .from_local_datetime(&local)
        .single()
        .map(|d| d.with_timezone(&Utc))
}

/// A left-to-right reader over the text of a timestamp.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn eat_any(&mut self, chars: &[char]) -> bool {
        chars.iter().any(|c| self.eat(*c))
    }

    /// Up to `max` ASCII digits, at least `min`.
    fn digits(&mut self, min: usize, max: usize) -> Option<&str> {
        let count = self
            .rest
            .bytes()
            .take(max)
            .take_while(u8::is_ascii_digit)
            .count();
        if count < min {
            return None;
        }
        let (digits, rest) = self.rest.split_at_checked(count)?;
        self.rest = rest;
        Some(digits)
    }

    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        self.digits(min, max)?.parse().ok()
    }

    fn date(&mut self) -> Option<NaiveDate> {
        let year: i32 = self.digits(4, 4)?.parse().ok()?;
        self.eat('-').then_some(())?;
        let month = self.number(1, 2)?;
        self.eat('-').then_some(())?;
        let day = self.number(1, 2)?;
        NaiveDate::from_ymd_opt(year, month, day)
    }

    fn time(&mut self) -> Option<NaiveTime> {
        let hour = self.number(2, 2)?;
        self.eat(':').then_some(())?;
        let minute = self.number(2, 2)?;
        let second = if self.eat(':') { self.number(2, 2)? } else { 0 };
        let nanos = if self.eat_any(&['.', ',']) {
            let digits = self.digits(1, usize::MAX)?;
            // Digits past the ninth are below a nanosecond: dropped, not rounded; fewer
            // than nine are padded with zeros.
            digits
                .bytes()
                .chain(std::iter::repeat(b'0'))
                .take(9)
                .try_fold(0u32, |n, b| {
                    n.checked_mul(10)?
                        .checked_add(u32::from(b.checked_sub(b'0')?))
                })?
        } else {
            0
        };
        // A leap second (:60) is read as :59 rather than refused.
        NaiveTime::from_hms_nano_opt(hour, minute, second.min(59), nanos)
    }

    /// `Z`, `±HH`, `±HHMM` or `±HH:MM`; no zone at all means UTC.
    fn zone(&mut self) -> Option<FixedOffset> {
        if self.rest.trim().is_empty() || self.eat_any(&['Z', 'z']) {
            return FixedOffset::east_opt(0);
        }
        if self.rest.trim().eq_ignore_ascii_case("utc") {
            self.rest = "";
            return FixedOffset::east_opt(0);
        }
        let negative = if self.eat('+') {
            false
        } else if self.eat('-') {
            true
        } else {
            return None;
        };
        let hours = i32::try_from(self.number(2, 2)?).ok()?;
        self.eat(':');
        let minutes = if self.rest.is_empty() {
            0
        } else {
            i32::try_from(self.number(2, 2)?).ok()?
        };
        let seconds = hours
            .checked_mul(3600)?
            .checked_add(minutes.checked_mul(60)?)?;
        FixedOffset::east_opt(if negative {
            seconds.checked_neg()?
        } else {
            seconds
        })
    }
}

/// The alerts service's filter value form, with microseconds (as py42 sends).
pub fn wire(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> String {
        parse(s)
            .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            .unwrap_or_else(|| "none".into())
    }

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
        assert_eq!(at("2020-01-17"), "2020-01-17T00:00:00Z");
    }

    #[test]
    fn odd_but_legal_forms() {
        assert_eq!(at("2025-08-04t01:01:01z"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04 01:01:01"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04T01:01:01"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04T01:01"), "2025-08-04T01:01:00Z");
        assert_eq!(at("2025-08-04T03:01:01+02:00"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04T03:01:01+0200"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-03T23:01:01-02"), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04T01:01:01.5Z"), "2025-08-04T01:01:01.500Z");
        assert_eq!(
            at("2025-08-04T01:01:01.123456789123Z"),
            "2025-08-04T01:01:01.123456789Z"
        );
        assert_eq!(at("2025-08-04T01:01:01.Z"), "none");
        assert_eq!(at("2025-8-4"), "2025-08-04T00:00:00Z");
        assert_eq!(at(" 2025-08-04T01:01:01Z "), "2025-08-04T01:01:01Z");
        assert_eq!(at("2025-08-04T01:01:01 UTC"), "2025-08-04T01:01:01Z");
        assert_eq!(at("-1000"), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn nonsense_is_none_never_a_panic() {
        for s in [
            "",
            "-",
            "2025-13-01",
            "2025-02-30",
            "2025-08-04T25:00:00Z",
            "2025-08-04X01:01:01Z",
            "2025-08-04T01:01:01+99:99",
            "99999999999999999999999",
            "2025-08-04T01:01:01Zjunk",
            "９９９９-01-01",
            "2025-08-04T01:01:01.\u{0661}Z",
        ] {
            assert_eq!(at(s), "none", "{s}");
        }
    }
}
