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
        term,
    }
}

fn eval_filter(store: &Store, a: &Alert, f: &CompiledFilter<'_>) -> Result<bool, FilterProblem> {
    let problem = |kind| FilterProblem {
        kind,
        bad_filter: f.source.term.clone(),
    };
    if matches!(
        f.term.as_str(),
        "createdat" | "dateobserved" | "statelastmodifiedat" | "lastmodifiedtime"
    ) {
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
    let Some(actual) = field(store, a, &f.term) else {
        return Err(problem("IllegalValue"));
    };
    let actual = if is_enum_term(&f.term) {
        norm(&actual)
    } else {
        actual.to_lowercase()
    };
    match f.op.as_str() {
        "IS" => Ok(actual == f.wanted),
        "IS_NOT" => Ok(actual != f.wanted),
        "CONTAINS" => Ok(actual.contains(&f.wanted)),
        "DOES_NOT_CONTAIN" => Ok(!actual.contains(&f.wanted)),
        _ => Err(problem("IllegalOperator")),
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

/// The alerts matching a search, in the requested order.
pub fn matching<'a>(store: &'a Store, q: &AlertSearch) -> Result<Vec<&'a Alert>, FilterProblem> {
    let any = q
        .group_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    for g in &q.groups {
        for f in &g.filters {
            validate_value(f)?;
        }
    }
    let groups: Vec<(bool, Vec<CompiledFilter<'_>>)> = q
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
        for (g_any, filters) in &groups {
            let g_any = *g_any;
            let mut gr = !g_any;
            for f in filters {
                let m = eval_filter(store, a, f)?;
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
    sort_alerts(
        store,
        &mut out,
        q.srt_key.as_deref(),
        q.srt_direction.as_deref(),
    );
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

fn sort_alerts(store: &Store, alerts: &mut [&Alert], key: Option<&str>, dir: Option<&str>) {
    let key = norm(key.unwrap_or("CreatedAt"));
    let desc = dir.is_some_and(|d| d.eq_ignore_ascii_case("desc"));
    alerts.sort_by(|a, b| {
        let ord = match key.as_str() {
            "riskseverity" => severity_rank(a.risk_severity).cmp(&severity_rank(b.risk_severity)),
            "severity" => severity_rank(store.rule(a.rule).severity)
                .cmp(&severity_rank(store.rule(b.rule).severity)),
            "createdat" => a.created_at.cmp(&b.created_at),
            "statelastmodifiedat" => a.state_last_modified_at.cmp(&b.state_last_modified_at),
            other => field(store, a, other).cmp(&field(store, b, other)),
        };
        let ord = ord
            .then_with(|| a.created_at.cmp(&b.created_at))
            .then_with(|| a.id.cmp(&b.id));
        if desc { ord.reverse() } else { ord }
    });
}
