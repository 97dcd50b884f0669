//! The alerts service's search: filters as the clients send them, evaluated against
//! the store, and the order of the results.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;

use crate::search_index::{Arrangement, SortKey, severity_rank};
use crate::store::{Alert, Store, TENANT_ID};
use crate::wire::{norm, parse_when, value_text};

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
/// order: the same as a slice of [`matching`], found through the store's search index
/// where it can be (see `index`), else by [`page_by_scan`].
pub fn page<'a>(
    store: &'a Store,
    q: &AlertSearch,
    start: usize,
    size: usize,
) -> Result<(usize, Vec<&'a Alert>), FilterProblem> {
    let Some(index) = store
        .search_index()
        .filter(|i| i.covers(store.alerts.len()))
    else {
        return page_by_scan(store, q, start, size);
    };
    let found = indexed_page(store, index, q, start, size);
    // Debug builds (the tests among them) check every small search against the scan.
    #[cfg(debug_assertions)]
    if store.alerts.len() <= 20_000 {
        let ids = |r: &Result<(usize, Vec<&Alert>), FilterProblem>| match r {
            Ok((total, page)) => Ok((
                *total,
                page.iter().map(|a| a.id.clone()).collect::<Vec<_>>(),
            )),
            Err(p) => Err((p.kind, p.bad_filter.clone())),
        };
        debug_assert_eq!(
            ids(&found),
            ids(&page_by_scan(store, q, start, size)),
            "indexed search differs from the scan"
        );
    }
    found
}

fn indexed_page<'a>(
    store: &'a Store,
    index: &Arrangement,
    q: &AlertSearch,
    start: usize,
    size: usize,
) -> Result<(usize, Vec<&'a Alert>), FilterProblem> {
    let matched = match by_class(index, q)? {
        Some(of_class) => Matched::ByClass {
            class_of: &index.class_of,
            of_class,
        },
        None => Matched::ByPosition(matches_by_position(store, q)?),
    };
    let total = matched.count();
    let end = start.saturating_add(size).min(total);
    if start >= end {
        return Ok((total, Vec::new()));
    }
    let order = Order::new(store, q.srt_key.as_deref(), q.srt_direction.as_deref());
    let Some(key) = order.indexed() else {
        // A key without positions kept in order: sort what matched, as the scan does.
        let found = store
            .alerts
            .iter()
            .enumerate()
            .filter(|(p, _)| matched.at(*p))
            .map(|(_, a)| a)
            .collect();
        return Ok((total, select_page(&order, found, start, end)));
    };
    let sorted = index.sorted(key);
    let walk: Box<dyn Iterator<Item = &u32>> = if order.desc {
        Box::new(sorted.iter().rev())
    } else {
        Box::new(sorted.iter())
    };
    let page = walk
        .filter_map(|&p| usize::try_from(p).ok())
        .filter(|&p| matched.at(p))
        .take(end)
        .skip(start)
        .filter_map(|p| store.alerts.get(p))
        .collect();
    Ok((total, page))
}

/// Which alerts a search matched: by class (its filters all read the class), or one
/// answer for each alert.
enum Matched<'i> {
    ByClass {
        class_of: &'i [u32],
        of_class: Vec<bool>,
    },
    ByPosition(Vec<bool>),
}

impl Matched<'_> {
    fn at(&self, position: usize) -> bool {
        match self {
            Matched::ByClass { class_of, of_class } => class_of
                .get(position)
                .and_then(|&c| of_class.get(usize::try_from(c).ok()?))
                .copied()
                .unwrap_or(false),
            Matched::ByPosition(matched) => matched.get(position).copied().unwrap_or(false),
        }
    }

    fn count(&self) -> usize {
        match self {
            Matched::ByClass { class_of, of_class } => class_of
                .iter()
                .filter(|&&c| {
                    usize::try_from(c)
                        .ok()
                        .and_then(|c| of_class.get(c))
                        .copied()
                        .unwrap_or(false)
                })
                .count(),
            Matched::ByPosition(matched) => matched.iter().filter(|m| **m).count(),
        }
    }
}

/// For a search whose filters are all IS / IS_NOT of state or severities (which never
/// fail), whether each class of the index matches; `None` for other searches.
fn by_class(index: &Arrangement, q: &AlertSearch) -> Result<Option<Vec<bool>>, FilterProblem> {
    for g in &q.groups {
        for f in &g.filters {
            validate_value(f)?;
        }
    }
    let groups: Vec<(bool, Vec<CompiledFilter<'_>>)> = compile_groups(q);
    let class_filters = groups.iter().all(|(_, filters)| {
        filters.iter().all(|f| {
            !matches!(f.quick, Quick::Other) && !f.date && matches!(f.op.as_str(), "IS" | "IS_NOT")
        })
    });
    if !class_filters {
        return Ok(None);
    }
    let any = q
        .group_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    let of_class = index
        .classes
        .iter()
        .map(|class| {
            let mut result = !any;
            for (g_any, filters) in &groups {
                let mut gr = !g_any;
                for f in filters {
                    let actual = match f.quick {
                        Quick::State => class.state,
                        Quick::RiskSeverity => class.risk_severity,
                        Quick::Severity | Quick::Other => class.severity,
                    };
                    let m = loosely_equal(actual, &f.wanted, f.enum_term) != (f.op == "IS_NOT");
                    if *g_any { gr |= m } else { gr &= m }
                }
                if filters.is_empty() {
                    gr = true;
                }
                if any { result |= gr } else { result &= gr }
            }
            result || q.groups.is_empty()
        })
        .collect();
    Ok(Some(of_class))
}

/// Whether each alert matches a search, by position: the scan's filtering.
fn matches_by_position(store: &Store, q: &AlertSearch) -> Result<Vec<bool>, FilterProblem> {
    let mut matched = vec![false; store.alerts.len()];
    each_match(store, q, |p, _| {
        if let Some(m) = matched.get_mut(p) {
            *m = true;
        }
    })?;
    Ok(matched)
}

/// The `start..end` of `found` in the order of a search, without sorting past `end`.
fn select_page<'a>(
    order: &Order<'_>,
    found: Vec<&'a Alert>,
    start: usize,
    end: usize,
) -> Vec<&'a Alert> {
    let total = found.len();
    if start >= end.min(total) {
        return Vec::new();
    }
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
    keyed.split_off(start).into_iter().map(|(_, a)| a).collect()
}

/// [`page`] by filtering every alert and selecting the page from what matched: what the
/// index must always agree with, and the way for a store without one.
pub fn page_by_scan<'a>(
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
    Ok((total, select_page(&order, found, start, end)))
}

fn compile_groups(q: &AlertSearch) -> Vec<(bool, Vec<CompiledFilter<'_>>)> {
    q.groups
        .iter()
        .map(|g| {
            let g_any = g
                .filter_clause
                .as_deref()
                .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
            (g_any, g.filters.iter().map(compile_filter).collect())
        })
        .collect()
}

fn filtered<'a>(store: &'a Store, q: &AlertSearch) -> Result<Vec<&'a Alert>, FilterProblem> {
    let mut out = Vec::new();
    each_match(store, q, |_, a| out.push(a))?;
    Ok(out)
}

/// Calls `found` with the position of each alert that matches a search, in the store's
/// order; the first filter that cannot be evaluated stops it with its problem.
fn each_match<'a>(
    store: &'a Store,
    q: &AlertSearch,
    mut found: impl FnMut(usize, &'a Alert),
) -> Result<(), FilterProblem> {
    let any = q
        .group_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    for g in &q.groups {
        for f in &g.filters {
            validate_value(f)?;
        }
    }
    let mut groups = compile_groups(q);
    for (position, a) in store.alerts.iter().enumerate() {
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
            found(position, a);
        }
    }
    Ok(())
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

    /// The index's sort key that orders alerts as this does, if any.
    fn indexed(&self) -> Option<SortKey> {
        match self.by {
            SortBy::CreatedAt => Some(SortKey::CreatedAt),
            SortBy::RiskSeverity => Some(SortKey::RiskSeverity),
            SortBy::Severity => Some(SortKey::Severity),
            SortBy::StateLastModifiedAt | SortBy::Field => None,
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
    use crate::seed::generate;

    fn search(json: serde_json::Value) -> AlertSearch {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_page_is_the_slice_of_the_whole_sorted_result() {
        let now = chrono::DateTime::from_timestamp_nanos(1_773_500_966_535_897_000);
        let mut store = generate(3000, 11, now);
        crate::messy::apply(&mut store);
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

    const TERMS: [&str; 14] = [
        "State",
        "RiskSeverity",
        "Severity",
        "AlertSeverity",
        "Name",
        "Actor",
        "Notes",
        "CreatedAt",
        "StateLastModifiedAt",
        "AlertId",
        "Type",
        "RuleSource",
        "risk_severity",
        "Bogus",
    ];
    const OPERATORS: [&str; 8] = [
        "IS",
        "is_not",
        "IS_NOT",
        "CONTAINS",
        "DOES_NOT_CONTAIN",
        "ON_OR_AFTER",
        "LESS_THAN",
        "BAD",
    ];
    const VALUES: [&str; 18] = [
        "OPEN",
        "open",
        "RESOLVED",
        "in progress",
        "PENDING",
        "DISMISSED",
        "RESOLVED_TP",
        "HIGH",
        "critical",
        "MODERATE",
        "LOW",
        "UNKNOWN",
        "NO_RISK_INDICATED",
        "ada",
        "public link sharing",
        "2026-02-01T00:00:00Z",
        "",
        "added-alert",
    ];
    const SORT_KEYS: [Option<&str>; 9] = [
        None,
        Some("CreatedAt"),
        Some("RiskSeverity"),
        Some("RISK_SEVERITY"),
        Some("Severity"),
        Some("Name"),
        Some("State"),
        Some("StateLastModifiedAt"),
        Some("AlertId"),
    ];
    const DIRECTIONS: [Option<&str>; 4] = [None, Some("asc"), Some("DESC"), Some("sideways")];
    const NEW_STATES: [&str; 7] = [
        "OPEN",
        "RESOLVED",
        "PENDING",
        "IN_PROGRESS",
        "RESOLVED_TP",
        "RESOLVED_FP",
        "DISMISSED",
    ];

    fn pick<T: Copy>(list: &[T], n: u64) -> T {
        list[(n % list.len() as u64) as usize]
    }

    /// A search from random numbers: up to three groups of up to three filters.
    fn random_search(r: &mut crate::seed::Prng, total: usize) -> (AlertSearch, usize, usize) {
        let groups: Vec<serde_json::Value> = (0..r.below(4))
            .map(|_| {
                let filters: Vec<serde_json::Value> = (0..r.below(4))
                    .map(|_| {
                        // Mostly the indexed terms and operators, as clients send them.
                        let term = if r.chance(70) { pick(&TERMS[..3], r.next_u64()) } else { pick(&TERMS, r.next_u64()) };
                        let op = if r.chance(80) { pick(&OPERATORS[..3], r.next_u64()) } else { pick(&OPERATORS, r.next_u64()) };
                        serde_json::json!({"term": term, "operator": op, "value": pick(&VALUES, r.next_u64())})
                    })
                    .collect();
                let clause = pick(&[None, Some("AND"), Some("or")], r.next_u64());
                serde_json::json!({"filterClause": clause, "filters": filters})
            })
            .collect();
        let q = search(serde_json::json!({
            "groupClause": pick(&[None, Some("AND"), Some("OR")], r.next_u64()),
            "groups": groups,
            "srtKey": pick(&SORT_KEYS, r.next_u64()),
            "srtDirection": pick(&DIRECTIONS, r.next_u64()),
        }));
        let start = r.below(total as u64 + 20) as usize;
        let start = if r.chance(30) { 0 } else { start };
        let size = r.below(120) as usize + 1;
        (q, start, size)
    }

    type Answer = Result<(usize, Vec<String>), (&'static str, String)>;

    fn answer(r: Result<(usize, Vec<&Alert>), FilterProblem>) -> Answer {
        r.map(|(total, page)| (total, page.iter().map(|a| a.id.clone()).collect()))
            .map_err(|p| (p.kind, p.bad_filter))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// The indexed search answers as the scan of every alert does, before and after
        /// state changes, notes, added alerts and `--messy`'s rewrite.
        #[test]
        fn the_indexed_search_answers_as_the_scan(
            alerts in 0usize..400,
            seed in 0u64..1000,
            messy in proptest::bool::ANY,
            rounds in 1usize..6,
        ) {
            let now = chrono::DateTime::from_timestamp_nanos(1_773_500_966_535_897_000);
            let mut store = generate(alerts, seed, now);
            let mut r = crate::seed::Prng::new(seed ^ 0x5eed);
            for round in 0..rounds {
                for _ in 0..8 {
                    let (q, start, size) = random_search(&mut r, store.alerts.len());
                    let indexed = store
                        .search_index()
                        .filter(|i| i.covers(store.alerts.len()))
                        .map(|i| answer(indexed_page(&store, i, &q, start, size)));
                    let scanned = answer(page_by_scan(&store, &q, start, size));
                    proptest::prop_assert_eq!(indexed, Some(scanned), "round {} {:?}", round, q);
                }
                if round == 0 && messy {
                    crate::messy::apply(&mut store);
                }
                for _ in 0..r.below(40) {
                    let n = store.alerts.len() as u64;
                    match r.below(10) {
                        0 => {
                            let at = now + chrono::Duration::seconds(r.below(1000) as i64 - 500);
                            crate::inject::add_alert(&mut store, at);
                        }
                        1 if n > 0 => {
                            let p = r.below(n) as usize;
                            store.alerts[p].note = Some(Box::new(crate::store::Note {
                                id: "9".into(),
                                message: pick(&VALUES, r.next_u64()).to_string(),
                                last_modified_at: now,
                                last_modified_by: "x".into(),
                            }));
                        }
                        _ if n > 0 => {
                            let p = r.below(n) as usize;
                            let state = crate::store::Sym::new(pick(&NEW_STATES, r.next_u64()));
                            let by = crate::store::Sym::new("analyst@example.com");
                            store.set_state(p, state, now, by);
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}
