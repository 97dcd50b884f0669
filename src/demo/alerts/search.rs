//! The alerts service's search: filters as the clients send them, evaluated against
//! the store, and the order of the results.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::demo::store::{Alert, Store, TENANT_ID};
use crate::demo::wire::{norm, parse_when, value_text};

#[derive(Debug, Deserialize)]
pub struct WireFilter {
    pub term: String,
    pub operator: String,
    #[serde(default)]
    pub value: Value,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireGroup {
    #[serde(default)]
    pub filter_clause: Option<String>,
    #[serde(default)]
    pub filters: Vec<WireFilter>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertSearch {
    #[serde(default)]
    pub group_clause: Option<String>,
    #[serde(default)]
    pub groups: Vec<WireGroup>,
    #[serde(default)]
    pub pg_num: Option<i64>,
    #[serde(default)]
    pub pg_size: Option<i64>,
    #[serde(default)]
    pub srt_key: Option<String>,
    #[serde(default)]
    pub srt_direction: Option<String>,
}

/// Why a filter could not be evaluated; becomes a `problems` entry.
pub struct FilterProblem {
    pub kind: &'static str,
    pub bad_filter: String,
}

fn field<'a>(store: &'a Store, a: &'a Alert, term: &str) -> Option<Cow<'a, str>> {
    let rule = store.rule(a.rule);
    let actor = store.actor(a.actor);
    Some(match term {
        "actor" => Cow::Borrowed(actor.email.as_str()),
        "actorid" => Cow::Borrowed(actor.id.as_str()),
        "name" => Cow::Borrowed(rule.name.as_str()),
        "description" => Cow::Borrowed(rule.description.as_str()),
        "state" => Cow::Borrowed(a.state.as_str()),
        "riskseverity" => Cow::Borrowed(a.risk_severity),
        "severity" | "alertseverity" => Cow::Borrowed(rule.severity),
        "ruleid" => Cow::Borrowed(rule.id.as_str()),
        "rulesource" => Cow::Borrowed(rule.source),
        "type" => Cow::Borrowed(rule.rule_type),
        "alertid" | "id" => Cow::Borrowed(a.id.as_str()),
        "tenantid" => Cow::Borrowed(TENANT_ID),
        "target" => Cow::Borrowed("N/A"),
        "hasauthsignificantwatchlist" => Cow::Owned((rule.source != "Alerting").to_string()),
        "notes" => Cow::Borrowed(a.note.as_ref().map(|n| n.message.as_str()).unwrap_or("")),
        "statelastmodifiedby" => Cow::Borrowed(a.state_last_modified_by.as_deref().unwrap_or("")),
        _ => return None,
    })
}

/// Terms whose values are enum-like: compared ignoring case, `_` and spaces
/// (`FedEndpointExfiltration` matches `FED_ENDPOINT_EXFILTRATION`).
fn is_enum_term(term: &str) -> bool {
    matches!(
        term,
        "type" | "rulesource" | "state" | "riskseverity" | "severity" | "alertseverity"
    )
}

/// A wire filter prepared once per search rather than once per alert.
struct CompiledFilter<'q> {
    source: &'q WireFilter,
    term: String,
    op: String,
    /// The value as compared: normalised for enum terms, lower-cased otherwise.
    wanted: String,
    when: Option<DateTime<Utc>>,
    /// A date term (compared with `when`).
    date: bool,
    enum_term: bool,
    /// Terms read straight off the alert, without `field`'s look-up by name.
    quick: Quick,
    /// For a quick term compared with IS or IS_NOT: the answer for each value met so far,
    /// by where the value lies (values are shared, so there are a handful).
    memo: Vec<(usize, usize, bool)>,
}

#[derive(Clone, Copy)]
enum Quick {
    State,
    RiskSeverity,
    Severity,
    Other,
}

fn compile_filter(f: &WireFilter) -> CompiledFilter<'_> {
    let term = norm(&f.term);
    let raw = value_text(&f.value);
    let wanted = if is_enum_term(&term) {
        norm(&raw)
    } else {
        raw.to_lowercase()
    };
    CompiledFilter {
        source: f,
        op: f.operator.to_ascii_uppercase(),
        when: parse_when(&raw),
        wanted,
        date: matches!(
            term.as_str(),
            "createdat" | "dateobserved" | "statelastmodifiedat" | "lastmodifiedtime"
        ),
        enum_term: is_enum_term(&term),
        quick: match term.as_str() {
            "state" => Quick::State,
            "riskseverity" => Quick::RiskSeverity,
            "severity" | "alertseverity" => Quick::Severity,
            _ => Quick::Other,
        },
        term,
        memo: Vec::new(),
    }
}

/// The answer of a quick term's IS or IS_NOT filter for an alert, worked out once per
/// distinct value (`None`: not such a filter, or an error to report the usual way).
fn memoised(store: &Store, a: &Alert, f: &mut CompiledFilter<'_>) -> Option<bool> {
    let negate = match f.op.as_str() {
        "IS" => false,
        "IS_NOT" => true,
        _ => return None,
    };
    if f.date {
        return None;
    }
    let actual: &str = match f.quick {
        Quick::State => a.state.as_str(),
        Quick::RiskSeverity => a.risk_severity,
        Quick::Severity => store.rule(a.rule).severity,
        Quick::Other => return None,
    };
    let key = (actual.as_ptr() as usize, actual.len());
    if let Some(&(_, _, m)) = f.memo.iter().find(|(p, l, _)| (*p, *l) == key) {
        return Some(m);
    }
    let m = loosely_equal(actual, &f.wanted, f.enum_term) != negate;
    f.memo.push((key.0, key.1, m));
    Some(m)
}

fn eval_filter(store: &Store, a: &Alert, f: &CompiledFilter<'_>) -> Result<bool, FilterProblem> {
    let problem = |kind| FilterProblem {
        kind,
        bad_filter: f.source.term.clone(),
    };
    if f.date {
        let at = if f.term == "statelastmodifiedat" {
            a.state_last_modified_at
        } else {
            Some(a.created_at)
        };
        let Some(when) = f.when else {
            return Err(problem("IllegalValue"));
        };
        let Some(at) = at else { return Ok(false) };
        return match f.op.as_str() {
            "ON_OR_AFTER" => Ok(at >= when),
            "ON_OR_BEFORE" => Ok(at <= when),
            "LESS_THAN" => Ok(at < when),
            "GREATER_THAN" => Ok(at > when),
            "ON" | "IS" => Ok(at.date_naive() == when.date_naive()),
            _ => Err(problem("IllegalOperator")),
        };
    }
    let actual = match f.quick {
        Quick::State => Some(Cow::Borrowed(a.state.as_str())),
        Quick::RiskSeverity => Some(Cow::Borrowed(a.risk_severity)),
        Quick::Severity => Some(Cow::Borrowed(store.rule(a.rule).severity)),
        Quick::Other => field(store, a, &f.term),
    };
    let Some(actual) = actual else {
        return Err(problem("IllegalValue"));
    };
    let enum_term = f.enum_term;
    match f.op.as_str() {
        "IS" => return Ok(loosely_equal(&actual, &f.wanted, enum_term)),
        "IS_NOT" => return Ok(!loosely_equal(&actual, &f.wanted, enum_term)),
        _ => {}
    }
    let actual = if enum_term {
        norm(&actual)
    } else {
        actual.to_lowercase()
    };
    match f.op.as_str() {
        "CONTAINS" => Ok(actual.contains(&f.wanted)),
        "DOES_NOT_CONTAIN" => Ok(!actual.contains(&f.wanted)),
        _ => Err(problem("IllegalOperator")),
    }
}

/// `norm(actual) == wanted` (enum terms) or `actual.to_lowercase() == wanted`, without
/// building either string.
fn loosely_equal(actual: &str, wanted: &str, enum_term: bool) -> bool {
    if actual.is_ascii() && wanted.is_ascii() {
        let mut got = actual
            .bytes()
            .filter(|c| !enum_term || (*c != b'_' && *c != b' ' && *c != b'-'))
            .map(|c| c.to_ascii_lowercase());
        let mut want = wanted.bytes();
        return loop {
            match (got.next(), want.next()) {
                (None, None) => break true,
                (Some(a), Some(b)) if a == b => {}
                _ => break false,
            }
        };
    }
    if !enum_term && !actual.is_ascii() {
        // `to_lowercase` of a whole string treats a final sigma apart from `char`'s.
        return actual.to_lowercase() == wanted;
    }
    let mut got = actual
        .chars()
        .filter(|c| !enum_term || (*c != '_' && *c != ' ' && *c != '-'))
        .flat_map(char::to_lowercase);
    let mut want = wanted.chars();
    loop {
        match (got.next(), want.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

fn validate_value(f: &WireFilter) -> Result<(), FilterProblem> {
    let term = norm(&f.term);
    let raw = value_text(&f.value).to_ascii_uppercase().replace(' ', "_");
    let ok = match term.as_str() {
        "state" => matches!(
            raw.as_str(),
            "OPEN"
                | "RESOLVED"
                | "PENDING"
                | "IN_PROGRESS"
                | "RESOLVED_TP"
                | "RESOLVED_FP"
                | "DISMISSED"
        ),
        "riskseverity" => matches!(
            raw.as_str(),
            "CRITICAL" | "HIGH" | "MODERATE" | "LOW" | "NO_RISK_INDICATED" | "UNKNOWN"
        ),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(FilterProblem {
            kind: "IllegalValue",
            bad_filter: f.term.clone(),
        })
    }
}

/// The alerts matching a search, in the requested order (what [`page`] slices).
#[cfg(test)]
pub fn matching<'a>(store: &'a Store, q: &AlertSearch) -> Result<Vec<&'a Alert>, FilterProblem> {
    let mut out = filtered(store, q)?;
    sort_alerts(
        store,
        &mut out,
        q.srt_key.as_deref(),
        q.srt_direction.as_deref(),
    );
    Ok(out)
}

/// How many alerts match a search, and the `size` of them from `start` in the requested
/// order: the same as a slice of [`matching`], without sorting what lies past the page.
pub fn page<'a>(
    store: &'a Store,
    q: &AlertSearch,
    start: usize,
    size: usize,
) -> Result<(usize, Vec<&'a Alert>), FilterProblem> {
    let found = filtered(store, q)?;
    let total = found.len();
    let end = start.saturating_add(size).min(total);
    if start >= end {
        return Ok((total, Vec::new()));
    }
    let order = Order::new(store, q.srt_key.as_deref(), q.srt_direction.as_deref());
    // Each alert's key computed once: an integer for the keys that have one.
    let mut keyed: Vec<(i128, &Alert)> = found.into_iter().map(|a| (order.key_of(a), a)).collect();
    let cmp = |a: &(i128, &Alert), b: &(i128, &Alert)| {
        let ord = a.0.cmp(&b.0);
        let ord = if order.desc { ord.reverse() } else { ord };
        ord.then_with(|| order.cmp(a.1, b.1))
    };
    // The order is total (ids are unique), so what lands in the first `end` places is
    // the same whichever way it is found.
    if end < total {
        keyed.select_nth_unstable_by(end, cmp);
        keyed.truncate(end);
    }
    keyed.sort_unstable_by(cmp);
    Ok((
        total,
        keyed.split_off(start).into_iter().map(|(_, a)| a).collect(),
    ))
}

fn filtered<'a>(store: &'a Store, q: &AlertSearch) -> Result<Vec<&'a Alert>, FilterProblem> {
    let any = q
        .group_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    for g in &q.groups {
        for f in &g.filters {
            validate_value(f)?;
        }
    }
    let mut groups: Vec<(bool, Vec<CompiledFilter<'_>>)> = q
        .groups
        .iter()
        .map(|g| {
            let g_any = g
                .filter_clause
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
            (g_any, g.filters.iter().map(compile_filter).collect())
        })
        .collect();
    let mut out = Vec::new();
    for a in &store.alerts {
        let mut result = !any;
        for (g_any, filters) in &mut groups {
            let g_any = *g_any;
            let mut gr = !g_any;
            for f in filters.iter_mut() {
                let m = match memoised(store, a, f) {
                    Some(m) => m,
                    None => eval_filter(store, a, f)?,
                };
                if g_any { gr |= m } else { gr &= m }
            }
            if filters.is_empty() {
                gr = true;
            }
            if any { result |= gr } else { result &= gr }
        }
        if q.groups.is_empty() {
            result = true;
        }
        if result {
            out.push(a);
        }
    }
    Ok(out)
}

fn severity_rank(s: &str) -> u8 {
    match s {
        "CRITICAL" => 4,
        "HIGH" => 3,
        "MODERATE" | "MEDIUM" => 2,
        "LOW" => 1,
        _ => 0,
    }
}

/// The order of a search's results: its key, then creation time, then id.
struct Order<'s> {
    store: &'s Store,
    key: String,
    by: SortBy,
    desc: bool,
}

#[derive(Clone, Copy)]
enum SortBy {
    RiskSeverity,
    Severity,
    CreatedAt,
    StateLastModifiedAt,
    Field,
}

impl<'s> Order<'s> {
    fn new(store: &'s Store, key: Option<&str>, dir: Option<&str>) -> Self {
        let key = norm(key.unwrap_or("CreatedAt"));
        let by = match key.as_str() {
            "riskseverity" => SortBy::RiskSeverity,
            "severity" => SortBy::Severity,
            "createdat" => SortBy::CreatedAt,
            "statelastmodifiedat" => SortBy::StateLastModifiedAt,
            _ => SortBy::Field,
        };
        Order {
            store,
            key,
            by,
            desc: dir.is_some_and(|d| d.eq_ignore_ascii_case("desc")),
        }
    }

    /// An integer that orders alerts as `cmp` does, before its tie-breaks (0 for keys
    /// compared as text, which `cmp` then orders).
    fn key_of(&self, a: &Alert) -> i128 {
        let created = i128::from(a.created_at.timestamp_nanos_opt().unwrap_or(i64::MIN));
        let rank = match self.by {
            SortBy::RiskSeverity => i128::from(severity_rank(a.risk_severity)),
            SortBy::Severity => i128::from(severity_rank(self.store.rule(a.rule).severity)),
            SortBy::CreatedAt => return created,
            SortBy::StateLastModifiedAt | SortBy::Field => return 0,
        };
        rank.checked_shl(64).unwrap_or(0).saturating_add(created)
    }

    fn cmp(&self, a: &Alert, b: &Alert) -> std::cmp::Ordering {
        let store = self.store;
        let ord = match self.by {
            SortBy::RiskSeverity => {
                severity_rank(a.risk_severity).cmp(&severity_rank(b.risk_severity))
            }
            SortBy::Severity => severity_rank(store.rule(a.rule).severity)
                .cmp(&severity_rank(store.rule(b.rule).severity)),
            SortBy::CreatedAt => a.created_at.cmp(&b.created_at),
            SortBy::StateLastModifiedAt => a.state_last_modified_at.cmp(&b.state_last_modified_at),
            SortBy::Field => field(store, a, &self.key).cmp(&field(store, b, &self.key)),
        };
        let ord = ord
            .then_with(|| a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id));
        if self.desc { ord.reverse() } else { ord }
    }
}

#[cfg(test)]
fn sort_alerts(store: &Store, alerts: &mut [&Alert], key: Option<&str>, dir: Option<&str>) {
    let order = Order::new(store, key, dir);
    alerts.sort_by(|a, b| order.cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::seed::generate;

    fn search(json: serde_json::Value) -> AlertSearch {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_page_is_the_slice_of_the_whole_sorted_result() {
        let now = chrono::DateTime::from_timestamp_nanos(1_773_500_966_535_897_000);
        let mut store = generate(3000, 11, now);
        crate::demo::messy::apply(&mut store);
        let filters = [
            serde_json::json!([]),
            serde_json::json!([{"filterClause": "AND", "filters": [{"term": "State", "operator": "IS", "value": "OPEN"}]},
                               {"filterClause": "OR", "filters": [{"term": "RiskSeverity", "operator": "IS", "value": "HIGH"},
                                                                  {"term": "RiskSeverity", "operator": "IS", "value": "critical"}]}]),
            serde_json::json!([{"filters": [{"term": "Name", "operator": "IS_NOT", "value": "public link sharing"},
                                            {"term": "Actor", "operator": "CONTAINS", "value": "ADA"}]}]),
        ];
        for groups in filters {
            for key in [
                "CreatedAt",
                "RiskSeverity",
                "Severity",
                "Name",
                "Actor",
                "State",
                "AlertId",
                "StateLastModifiedAt",
            ] {
                for dir in ["asc", "DESC"] {
                    let q = search(
                        serde_json::json!({"groups": groups, "srtKey": key, "srtDirection": dir}),
                    );
                    let all = matching(&store, &q).ok().unwrap();
                    for (start, size) in [(0, 100), (0, 500), (100, 100), (2900, 500), (5000, 10)] {
                        let (total, got) = page(&store, &q, start, size).ok().unwrap();
                        assert_eq!(total, all.len());
                        let want: Vec<&str> = all
                            .iter()
                            .skip(start)
                            .take(size)
                            .map(|a| a.id.as_str())
                            .collect();
                        let got: Vec<&str> = got.iter().map(|a| a.id.as_str()).collect();
                        assert_eq!(got, want, "{key} {dir} {start} {size}");
                    }
                }
            }
        }
    }
}
