//! The alert filter language typed on the `/` line.
//!
//! `state:open severity:high,critical rule~"Departing" actor!=bob@x.com since:7d`
//! parses to a [`FilterQuery`]: terms joined by AND, or by OR with a leading
//! `any:`, a wrapping `any( … )` or `|` between terms. Every term and error carries a byte span so
//! the UI can point at the offending token without losing the text.

use std::ops::Range;

pub mod cases;
pub mod file_events;
pub mod sessions;
mod sort;
mod to_api;

pub use sort::{SortColumn, SortSpec};
pub use to_api::to_alert_query;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

pub type Span = Range<usize>;

/// Alert fields that take text values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Actor,
    State,
    Severity,
    RuleName,
    RuleId,
    RuleSource,
    RuleType,
    Description,
}

/// How a text term compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextOp {
    /// `:` one value is eq, several are is_in.
    Equals,
    /// `!=` / `!:` one value is not_eq, several are not_in.
    NotEquals,
    /// `~`
    Contains,
    /// `!~`
    NotContains,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    Text {
        field: TextField,
        op: TextOp,
        values: Vec<String>,
    },
    /// Created on or after this instant.
    Since(DateTime<Utc>),
    /// Created on or before this instant.
    Before(DateTime<Utc>),
    /// Created on this day (UTC).
    On(NaiveDate),
    /// Created between the start of the first day and the end of the last.
    Range(NaiveDate, NaiveDate),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub condition: Condition,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combine {
    #[default]
    All,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilterQuery {
    pub combine: Combine,
    pub terms: Vec<Term>,
}

impl FilterQuery {
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether an alert that matched this filter still does once its state is `state`
    /// (a wire name: `OPEN`, `RESOLVED`, …), its other fields unchanged; `None` when
    /// the filter cannot say (its terms are joined by OR with others than states).
    pub fn admits_state(&self, state: &str) -> Option<bool> {
        let wire = |value: &str| {
            let upper = value.trim().to_ascii_uppercase().replace([' ', '-'], "_");
            if upper == "DISMISSED" {
                "RESOLVED".to_string()
            } else {
                upper
            }
        };
        if self.terms.is_empty() {
            return Some(true);
        }
        let state = wire(state);
        let verdicts: Vec<Option<bool>> = self
            .terms
            .iter()
            .map(|term| match &term.condition {
                Condition::Text {
                    field: TextField::State,
                    op,
                    values,
                } => Some(match op {
                    TextOp::Equals => values.iter().any(|v| wire(v) == state),
                    TextOp::NotEquals => !values.iter().any(|v| wire(v) == state),
                    TextOp::Contains => values.iter().any(|v| state.contains(&wire(v))),
                    TextOp::NotContains => !values.iter().any(|v| state.contains(&wire(v))),
                }),
                _ => None,
            })
            .collect();
        match self.combine {
            // The other terms matched before and do not read the state.
            Combine::All => Some(!verdicts.contains(&Some(false))),
            Combine::Any if verdicts.contains(&Some(true)) => Some(true),
            Combine::Any if verdicts.iter().all(Option::is_some) => Some(false),
            Combine::Any => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (at {}..{})",
            self.message, self.span.start, self.span.end
        )
    }
}

impl std::error::Error for ParseError {}

fn error<T>(message: impl Into<String>, span: Span) -> Result<T, ParseError> {
    Err(ParseError {
        message: message.into(),
        span,
    })
}

// Positions are byte offsets into the text being parsed, so adding the length of a
// character or token to one cannot overflow; `saturating_add` says as much without
// a panic path. Slices go through `tail` and `slice`, which never panic either.

/// The text from byte `pos` on; empty past the end or inside a character.
fn tail(text: &str, pos: usize) -> &str {
    text.get(pos..).unwrap_or_default()
}

/// The text of `span`; empty when the span is not a valid range of the text.
fn slice(text: &str, span: Span) -> &str {
    text.get(span).unwrap_or_default()
}

/// `span` clamped to `text` and widened to whole characters, so that slicing the
/// text with an error's span can never panic.
fn within(text: &str, span: Span) -> Span {
    let mut end = span.end.min(text.len());
    while !text.is_char_boundary(end) {
        end = end.saturating_add(1);
    }
    let mut start = span.start.min(end);
    while !text.is_char_boundary(start) {
        start = start.saturating_sub(1);
    }
    start..end
}

pub const FIELD_NAMES: &[&str] = &[
    "actor",
    "state",
    "severity",
    "rule",
    "rule-id",
    "source",
    "type",
    "description",
    "since",
    "before",
    "on",
    "created",
];

pub const STATE_VALUES: &[&str] = &["open", "resolved", "pending", "in_progress"];
pub const SEVERITY_VALUES: &[&str] = &["no_risk_indicated", "low", "moderate", "high", "critical"];

const ANY_PREFIX: &str = "any:";
const ANY_OPEN: &str = "any(";

/// Parses `text`; relative dates (`since:7d`) count back from `now`.
///
/// Never panics: an error's span always lies within `text` on character boundaries.
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<FilterQuery, ParseError> {
    parse_query(text, now).map_err(|e| ParseError {
        span: within(text, e.span.clone()),
        ..e
    })
}

fn parse_query(text: &str, now: DateTime<Utc>) -> Result<FilterQuery, ParseError> {
    let mut start = skip_spaces(text, 0);
    let mut end = text.len();
    let mut combine = Combine::All;
    let head = tail(text, start);
    if head.starts_with(ANY_PREFIX) {
        combine = Combine::Any;
        start = skip_spaces(text, start.saturating_add(ANY_PREFIX.len()));
    } else if head.starts_with(ANY_OPEN) {
        let Some(inner) = text.trim_end().strip_suffix(')') else {
            return error(
                "`any(` is missing its closing `)`",
                start..start.saturating_add(ANY_OPEN.len()),
            );
        };
        combine = Combine::Any;
        start = start.saturating_add(ANY_OPEN.len());
        end = inner.len();
    }
    let mut terms = Vec::new();
    let mut pos = skip_spaces(text, start);
    // Separators between terms: None for a space (AND), Some(span) for `|` (OR).
    let mut pipes: Vec<Option<Span>> = Vec::new();
    let mut pending_pipe: Option<Span> = None;
    while pos < end {
        if tail(text, pos).starts_with('|') {
            let pipe = pos..pos.saturating_add(1);
            if terms.is_empty() || pending_pipe.is_some() {
                return error("`|` needs a term on each side", pipe);
            }
            pos = skip_spaces(text, pipe.end);
            pending_pipe = Some(pipe);
            continue;
        }
        let (term, next) = parse_term(text, pos, end, now)?;
        if !terms.is_empty() {
            pipes.push(pending_pipe.take());
        }
        terms.push(term);
        pos = skip_spaces(text, next);
    }
    if let Some(span) = pending_pipe {
        return error("`|` needs a term on each side", span);
    }
    if let Some(Some(span)) = pipes.iter().find(|p| p.is_some()) {
        if pipes.iter().any(Option::is_none) || combine == Combine::Any {
            return error(
                "mixing spaces (AND) and `|` (OR) is ambiguous; use `|` between every term",
                span.clone(),
            );
        }
        combine = Combine::Any;
    }
    Ok(FilterQuery { combine, terms })
}

fn skip_spaces(text: &str, pos: usize) -> usize {
    let rest = tail(text, pos);
    let skipped = rest.len().saturating_sub(rest.trim_start().len());
    pos.saturating_add(skipped)
}

fn is_field_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

fn parse_term(
    text: &str,
    start: usize,
    end: usize,
    now: DateTime<Utc>,
) -> Result<(Term, usize), ParseError> {
    let field_name = slice(text, start..end)
        .split(|c: char| !is_field_char(c))
        .next()
        .unwrap_or_default();
    let pos = start.saturating_add(field_name.len());
    let field_span = start..pos;
    if field_name.is_empty() {
        let token_end = token_end(text, start, end);
        return error(
            format!(
                "expected a field name such as state: or actor: (fields: {})",
                FIELD_NAMES.join(", ")
            ),
            start..token_end,
        );
    }
    let rest = slice(text, pos..end);
    let (op, op_len) = if rest.starts_with("!=") || rest.starts_with("!:") {
        (TextOp::NotEquals, 2)
    } else if rest.starts_with("!~") {
        (TextOp::NotContains, 2)
    } else if rest.starts_with(':') || rest.starts_with('=') {
        (TextOp::Equals, 1)
    } else if rest.starts_with('~') {
        (TextOp::Contains, 1)
    } else {
        return error(
            format!("`{field_name}` needs an operator: one of : != !: ~ !~"),
            field_span.start..token_end(text, start, end),
        );
    };
    let op_span = pos..pos.saturating_add(op_len);
    let value_start = op_span.end;
    let (values, value_end) = parse_values(text, value_start, end)?;
    let value_span = value_start..value_end;
    if values.iter().any(|v| v.is_empty()) {
        return error(
            format!("`{field_name}` needs a value after the operator"),
            value_span_or(op_span, &value_span),
        );
    }
    let span = start..value_end;
    let lower = field_name.to_ascii_lowercase();
    let text_field = match lower.as_str() {
        "actor" => Some(TextField::Actor),
        "state" => Some(TextField::State),
        "severity" => Some(TextField::Severity),
        "rule" => Some(TextField::RuleName),
        "rule-id" | "rule_id" | "ruleid" => Some(TextField::RuleId),
        "source" => Some(TextField::RuleSource),
        "type" => Some(TextField::RuleType),
        "description" => Some(TextField::Description),
        _ => None,
    };
    let condition = if let Some(field) = text_field {
        let values = match field {
            TextField::State => {
                normalise_enum(&values, STATE_VALUES, "state", op, &value_span, &op_span)?
            }
            TextField::Severity => normalise_enum(
                &values,
                SEVERITY_VALUES,
                "severity",
                op,
                &value_span,
                &op_span,
            )?,
            _ => values,
        };
        if matches!(op, TextOp::Contains | TextOp::NotContains) && values.len() > 1 {
            return error("~ and !~ take one value, not a list", value_span);
        }
        Condition::Text { field, op, values }
    } else {
        let date_field = matches!(lower.as_str(), "since" | "before" | "on" | "created");
        if !date_field {
            return error(
                format!(
                    "unknown field `{field_name}` (fields: {})",
                    FIELD_NAMES.join(", ")
                ),
                field_span,
            );
        }
        if op != TextOp::Equals {
            return error(format!("`{lower}` only takes `:`"), op_span);
        }
        let [value] = values.as_slice() else {
            return error(format!("`{lower}` takes one date"), value_span);
        };
        match lower.as_str() {
            "since" => Condition::Since(parse_instant(&lower, value, now, &value_span, false)?),
            "before" => Condition::Before(parse_instant(&lower, value, now, &value_span, true)?),
            "on" => Condition::On(parse_day(value, &value_span)?),
            _ => match value.split_once("..") {
                Some((a, b)) => {
                    let first = parse_day(a, &value_span)?;
                    let last = parse_day(b, &value_span)?;
                    if last < first {
                        return error("the range ends before it starts", value_span);
                    }
                    Condition::Range(first, last)
                }
                None => Condition::On(parse_day(value, &value_span)?),
            },
        }
    };
    Ok((Term { condition, span }, value_end))
}

fn value_span_or(op_span: Span, value_span: &Span) -> Span {
    if value_span.is_empty() {
        op_span
    } else {
        value_span.clone()
    }
}

/// The end of the token at `start`: the next space before `end`, but at least one character.
fn token_end(text: &str, start: usize, end: usize) -> usize {
    let token = slice(text, start..end)
        .split(char::is_whitespace)
        .next()
        .unwrap_or_default();
    let first = tail(text, start).chars().next().map_or(0, char::len_utf8);
    start.saturating_add(token.len().max(first)).min(text.len())
}

/// Reads a comma-separated list of bare or double-quoted values.
fn parse_values(text: &str, start: usize, end: usize) -> Result<(Vec<String>, usize), ParseError> {
    let window = slice(text, start..end);
    let mut values = Vec::new();
    let mut current = String::new();
    // `pos` counts bytes into `window`.
    let mut pos = 0;
    while let Some(c) = tail(window, pos).chars().next() {
        if c == '"' {
            let quoted = tail(window, pos.saturating_add(1));
            match quoted.split_once('"') {
                Some((inside, _)) => {
                    current.push_str(inside);
                    pos = pos.saturating_add(inside.len()).saturating_add(2);
                }
                None => return error("unclosed quote", start.saturating_add(pos)..end),
            }
        } else if c == ',' {
            values.push(std::mem::take(&mut current));
            pos = pos.saturating_add(1);
        } else if c.is_whitespace() || c == '|' {
            break;
        } else {
            current.push(c);
            pos = pos.saturating_add(c.len_utf8());
        }
    }
    values.push(current);
    Ok((values, start.saturating_add(pos)))
}

fn normalise_enum(
    values: &[String],
    allowed: &[&str],
    what: &str,
    op: TextOp,
    value_span: &Span,
    op_span: &Span,
) -> Result<Vec<String>, ParseError> {
    if matches!(op, TextOp::Contains | TextOp::NotContains) {
        return error(
            format!("`{what}` takes : or != (one of {})", allowed.join(", ")),
            op_span.clone(),
        );
    }
    values
        .iter()
        .map(|value| {
            let key = value.to_ascii_lowercase().replace('-', "_");
            let key = match key.as_str() {
                "none" | "no_risk" => "no_risk_indicated".to_string(),
                "medium" => "moderate".to_string(),
                "inprogress" => "in_progress".to_string(),
                _ => key,
            };
            // Tenants hold values later releases added (DISMISSED, RESOLVED_TP): written
            // as the wire writes them, in capitals, a value is taken as it is.
            let as_on_the_wire = !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if allowed.contains(&key.as_str()) || as_on_the_wire {
                Ok(key)
            } else {
                error(
                    format!(
                        "unknown {what} `{value}` (one of {}; a value of your tenant's, written in capitals as in {}, is taken as it is)",
                        allowed.join(", "),
                        if what == "state" { "DISMISSED" } else { "UNKNOWN" }
                    ),
                    value_span.clone(),
                )
            }
        })
        .collect()
}

fn parse_day(value: &str, span: &Span) -> Result<NaiveDate, ParseError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").or_else(|_| {
        error(
            format!("`{value}` is not a date; write YYYY-MM-DD"),
            span.clone(),
        )
    })
}

/// Why an age such as `7d` has no instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeError {
    /// The last character is not one of the units m, h, d and w.
    UnknownUnit(char),
    /// Counting back from now passes the earliest instant a date can hold.
    TooFarBack,
    /// A negative age passes the latest instant a date can hold.
    TooFarAhead,
}

/// Counts an age back from `now`: an optionally signed whole number and a unit,
/// `30m`, `12h`, `7d` or `2w`. `None` when `value` does not have that shape
/// (it may be a date); ages out of range are errors, never a panic.
pub fn relative_instant(
    value: &str,
    now: DateTime<Utc>,
) -> Option<Result<DateTime<Utc>, AgeError>> {
    let unit = value.chars().next_back()?;
    let number = value.strip_suffix(unit)?;
    let digits = number.strip_prefix(['+', '-']).unwrap_or(number);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let to_age: fn(i64) -> Option<Duration> = match unit {
        'm' => Duration::try_minutes,
        'h' => Duration::try_hours,
        'd' => Duration::try_days,
        'w' => Duration::try_weeks,
        other => return Some(Err(AgeError::UnknownUnit(other))),
    };
    let too_far = if number.starts_with('-') {
        AgeError::TooFarAhead
    } else {
        AgeError::TooFarBack
    };
    Some(
        number
            .parse::<i64>()
            .ok()
            .and_then(to_age)
            .and_then(|age| now.checked_sub_signed(age))
            .ok_or(too_far),
    )
}

/// A relative age (`30m`, `12h`, `7d`, `2w`) or a day; `end_of_day` picks the day's last second.
fn parse_instant(
    field: &str,
    value: &str,
    now: DateTime<Utc>,
    span: &Span,
    end_of_day: bool,
) -> Result<DateTime<Utc>, ParseError> {
    if let Some(instant) = relative_instant(value, now) {
        return instant.or_else(|problem| {
            let message = match problem {
                AgeError::UnknownUnit(unit) => {
                    format!("unknown unit `{unit}`; use m, h, d or w (e.g. 7d)")
                }
                AgeError::TooFarBack => format!("{field}:{value} is too far back"),
                AgeError::TooFarAhead => format!("{field}:{value} is too far ahead"),
            };
            error(message, span.clone())
        });
    }
    let day = NaiveDate::parse_from_str(value, "%Y-%m-%d").or_else(|_| {
        error(
            format!("`{value}` is neither an age like 7d nor a date like 2026-01-31"),
            span.clone(),
        )
    })?;
    let time = if end_of_day {
        day.and_hms_opt(23, 59, 59)
    } else {
        day.and_hms_opt(0, 0, 0)
    };
    Ok(Utc.from_utc_datetime(&time.unwrap_or_default()))
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_state_change_is_judged_by_the_state_terms_alone() {
        let now = Utc::now();
        let open = parse("state:open severity:high", now).unwrap();
        assert_eq!(open.admits_state("RESOLVED"), Some(false));
        assert_eq!(open.admits_state("OPEN"), Some(true));
        let not_resolved = parse("state!=resolved,pending", now).unwrap();
        assert_eq!(not_resolved.admits_state("IN_PROGRESS"), Some(true));
        assert_eq!(not_resolved.admits_state("pending"), Some(false));
        assert_eq!(parse("", now).unwrap().admits_state("OPEN"), Some(true));
        // Joined by OR with a term the state does not decide: nobody can say.
        let any = parse("any: state:open severity:high", now).unwrap();
        assert_eq!(any.admits_state("RESOLVED"), None);
        assert_eq!(any.admits_state("OPEN"), Some(true));
        let states = parse("state:open | state:pending", now).unwrap();
        assert_eq!(states.admits_state("RESOLVED"), Some(false));
    }

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
    }

    fn one(text: &str) -> Condition {
        let query = parse(text, now()).unwrap();
        assert_eq!(query.terms.len(), 1, "{text}");
        query.terms[0].condition.clone()
    }

    fn text(field: TextField, op: TextOp, values: &[&str]) -> Condition {
        Condition::Text {
            field,
            op,
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn every_text_field_with_every_operator() {
        let fields = [
            ("actor", TextField::Actor),
            ("rule", TextField::RuleName),
            ("rule-id", TextField::RuleId),
            ("source", TextField::RuleSource),
            ("type", TextField::RuleType),
            ("description", TextField::Description),
        ];
        for (name, field) in fields {
            assert_eq!(
                one(&format!("{name}:x")),
                text(field, TextOp::Equals, &["x"])
            );
            assert_eq!(
                one(&format!("{name}:x,y")),
                text(field, TextOp::Equals, &["x", "y"])
            );
            assert_eq!(
                one(&format!("{name}!=x")),
                text(field, TextOp::NotEquals, &["x"])
            );
            assert_eq!(
                one(&format!("{name}!:x,y")),
                text(field, TextOp::NotEquals, &["x", "y"])
            );
            assert_eq!(
                one(&format!("{name}~x")),
                text(field, TextOp::Contains, &["x"])
            );
            assert_eq!(
                one(&format!("{name}!~x")),
                text(field, TextOp::NotContains, &["x"])
            );
        }
    }

    #[test]
    fn state_and_severity_are_checked_and_normalised() {
        assert_eq!(
            one("state:open"),
            text(TextField::State, TextOp::Equals, &["open"])
        );
        assert_eq!(
            one("state!=In-Progress,pending"),
            text(
                TextField::State,
                TextOp::NotEquals,
                &["in_progress", "pending"]
            )
        );
        assert_eq!(
            one("severity:high,CRITICAL,medium,none"),
            text(
                TextField::Severity,
                TextOp::Equals,
                &["high", "critical", "moderate", "no_risk_indicated"]
            )
        );
        let err = parse("state:closed", now()).unwrap_err();
        assert_eq!(err.span, 6..12);
        assert!(err.message.contains("unknown state"));
        assert_eq!(
            one("state:DISMISSED,open"),
            text(TextField::State, TextOp::Equals, &["dismissed", "open"])
        );
        let err = parse("severity~hi", now()).unwrap_err();
        assert_eq!(err.span, 8..9);
    }

    #[test]
    fn quoted_values_keep_spaces_and_commas() {
        assert_eq!(
            one(r#"rule~"Departing employee""#),
            text(
                TextField::RuleName,
                TextOp::Contains,
                &["Departing employee"]
            )
        );
        assert_eq!(
            one(r#"actor:"a, b",c"#),
            text(TextField::Actor, TextOp::Equals, &["a, b", "c"])
        );
    }

    #[test]
    fn the_example_from_the_help_parses_with_spans() {
        let input =
            r#"state:open severity:high,critical rule~"Departing" actor!=bob@x.com since:7d"#;
        let query = parse(input, now()).unwrap();
        assert_eq!(query.combine, Combine::All);
        assert_eq!(query.terms.len(), 5);
        assert_eq!(&input[query.terms[2].span.clone()], r#"rule~"Departing""#);
        assert_eq!(
            query.terms[4].condition,
            Condition::Since(now() - Duration::days(7))
        );
    }

    #[test]
    fn dates() {
        assert_eq!(
            one("since:12h"),
            Condition::Since(now() - Duration::hours(12))
        );
        assert_eq!(
            one("since:30m"),
            Condition::Since(now() - Duration::minutes(30))
        );
        assert_eq!(
            one("since:2w"),
            Condition::Since(now() - Duration::weeks(2))
        );
        assert_eq!(
            one("since:2026-01-01"),
            Condition::Since(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
        );
        assert_eq!(
            one("before:2026-01-01"),
            Condition::Before(Utc.with_ymd_and_hms(2026, 1, 1, 23, 59, 59).unwrap())
        );
        assert_eq!(
            one("before:1d"),
            Condition::Before(now() - Duration::days(1))
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(one("on:2026-11-01"), Condition::On(day));
        assert_eq!(one("created:2026-11-01"), Condition::On(day));
        assert_eq!(
            one("created:2026-11-01..2026-11-20"),
            Condition::Range(day, NaiveDate::from_ymd_opt(2026, 11, 20).unwrap())
        );
    }

    #[test]
    fn bad_dates_point_at_the_value() {
        let err = parse("state:open since:7y", now()).unwrap_err();
        assert_eq!(err.span, 17..19);
        let err = parse("on:yesterday", now()).unwrap_err();
        assert_eq!(err.span, 3..12);
        let err = parse("created:2026-11-20..2026-11-01", now()).unwrap_err();
        assert!(err.message.contains("ends before"));
        let err = parse("since!=7d", now()).unwrap_err();
        assert_eq!(err.span, 5..7);
        let err = parse("on:2026-01-01,2026-01-02", now()).unwrap_err();
        assert!(err.message.contains("one date"));
    }

    #[test]
    fn ages_out_of_range_are_errors_at_the_value() {
        let err = parse("state:open since:100000000d", now()).unwrap_err();
        assert_eq!(err.message, "since:100000000d is too far back");
        assert_eq!(err.span, 17..27);
        for text in [
            "since:99999999w",
            "before:9223372036854775807m",
            "since:99999999999999999999h",
        ] {
            let err = parse(text, now()).unwrap_err();
            assert!(err.message.ends_with("is too far back"), "{text}: {err}");
            assert_eq!(err.span.end, text.len(), "{text}");
        }
        let err = parse("since:-100000000d", now()).unwrap_err();
        assert_eq!(err.message, "since:-100000000d is too far ahead");
        let err = parse("since:-9223372036854775808m", now()).unwrap_err();
        assert!(err.message.ends_with("is too far ahead"), "{err}");
        assert_eq!(
            one("since:-1d"),
            Condition::Since(now() + Duration::days(1))
        );
    }

    #[test]
    fn ages_at_the_edges_of_time() {
        assert!(parse("since:0m", DateTime::<Utc>::MIN_UTC).is_ok());
        assert!(parse("since:1m", DateTime::<Utc>::MIN_UTC).is_err());
        assert!(parse("before:0w", DateTime::<Utc>::MAX_UTC).is_ok());
        assert!(parse("before:-1m", DateTime::<Utc>::MAX_UTC).is_err());
    }

    #[test]
    fn error_spans_cover_whole_characters() {
        let err = parse("since:7é", now()).unwrap_err();
        assert!(err.message.contains("unknown unit `é`"), "{err}");
        assert_eq!(err.span, 6..9);
        assert_eq!(within("aé", 2..2), 1..3);
        assert_eq!(within("aé", 0..2), 0..3);
        assert_eq!(within("ab", 5..9), 2..2);
        assert_eq!(within("ab", Span { start: 2, end: 1 }), 1..1);
    }

    #[test]
    fn or_forms() {
        let query = parse("any: state:open actor:a", now()).unwrap();
        assert_eq!(query.combine, Combine::Any);
        assert_eq!(query.terms.len(), 2);
        let query = parse("any(state:open actor:a)", now()).unwrap();
        assert_eq!(query.combine, Combine::Any);
        assert_eq!(query.terms.len(), 2);
        let query = parse("state:open | actor:a|rule~x", now()).unwrap();
        assert_eq!(query.combine, Combine::Any);
        assert_eq!(query.terms.len(), 3);
        let err = parse("state:open | actor:a rule~x", now()).unwrap_err();
        assert_eq!(err.span, 11..12);
        let err = parse("| state:open", now()).unwrap_err();
        assert_eq!(err.span, 0..1);
        let err = parse("state:open |", now()).unwrap_err();
        assert_eq!(err.span, 11..12);
        let err = parse("any(state:open", now()).unwrap_err();
        assert_eq!(err.span, 0..4);
    }

    #[test]
    fn empty_input_is_an_empty_query() {
        assert!(parse("   ", now()).unwrap().is_empty());
    }

    #[test]
    fn bad_input_is_reported_at_the_token() {
        let err = parse("state:open colour:red", now()).unwrap_err();
        assert_eq!(err.span, 11..17);
        assert!(err.message.contains("unknown field `colour`"));
        let err = parse("actor", now()).unwrap_err();
        assert_eq!(err.span, 0..5);
        assert!(err.message.contains("needs an operator"));
        let err = parse("actor:", now()).unwrap_err();
        assert_eq!(err.span, 5..6);
        let err = parse(r#"rule~"open"#, now()).unwrap_err();
        assert!(err.message.contains("unclosed quote"));
        let err = parse("actor~a,b", now()).unwrap_err();
        assert!(err.message.contains("one value"));
        let err = parse(":open", now()).unwrap_err();
        assert_eq!(err.span, 0..5);
    }
}
