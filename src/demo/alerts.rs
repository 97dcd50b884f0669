//! Alerts service: search, details, state, notes, aggregate and rule metadata.

use std::borrow::Cow;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::{alert_bad_request, alert_problem, empty_ok, service_extractor};
use super::server::{Caller, DemoState};
use super::store::{Alert, Note, Store, TENANT_ID, alert_ts};

pub const MAX_IDS: usize = 100;
pub const MAX_NOTE_UTF16: usize = 2000;
pub const MAX_ALERT_PAGE: i64 = 500;

service_extractor!(
    /// A JSON body for the alerts service; one it cannot read is a 400 with `problems`.
    json AlertJson => alert_bad_request
);

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

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != ' ')
        .flat_map(char::to_lowercase)
        .collect()
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
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

fn watchlists(store: &Store, a: &Alert) -> Value {
    match store.rule(a.rule).source {
        "Departing Employee" => {
            json!([{"type$": "WATCHLIST", "id": "b1d9f5a0-0de1-4c1a-9f42-departing0001", "name": "Departing Employee", "type": "DEPARTING_EMPLOYEE", "isSignificant": true}])
        }
        "High Risk Employee" => {
            json!([{"type$": "WATCHLIST", "id": "b1d9f5a0-0de1-4c1a-9f42-highrisk00001", "name": "High Risk Employee", "type": "HIGH_IMPACT_EMPLOYEE", "isSignificant": true}])
        }
        _ => json!([]),
    }
}

pub fn summary_json(store: &Store, a: &Alert, type_tag: &str) -> serde_json::Map<String, Value> {
    let rule = store.rule(a.rule);
    let actor = store.actor(a.actor);
    let mut m = serde_json::Map::new();
    m.insert("type$".into(), json!(type_tag));
    m.insert("tenantId".into(), json!(TENANT_ID));
    m.insert("type".into(), json!(rule.rule_type));
    m.insert("name".into(), json!(rule.name));
    m.insert("description".into(), json!(rule.description));
    m.insert("actor".into(), json!(actor.email));
    m.insert("actorId".into(), json!(actor.id));
    m.insert("target".into(), json!("N/A"));
    m.insert("severity".into(), json!(rule.severity));
    m.insert("riskSeverity".into(), json!(a.risk_severity));
    m.insert("ruleId".into(), json!(rule.id));
    m.insert("ruleSource".into(), json!(rule.source));
    m.insert("watchlists".into(), watchlists(store, a));
    m.insert("id".into(), json!(a.id));
    m.insert("createdAt".into(), json!(alert_ts(&a.created_at)));
    m.insert("state".into(), json!(a.state));
    if let Some(by) = &a.state_last_modified_by {
        m.insert("stateLastModifiedBy".into(), json!(by));
    }
    if let Some(at) = &a.state_last_modified_at {
        m.insert("stateLastModifiedAt".into(), json!(alert_ts(at)));
    }
    m
}

fn note_json(n: &Note) -> Value {
    json!({"type$": "NOTE", "id": n.id, "lastModifiedAt": alert_ts(&n.last_modified_at),
           "lastModifiedBy": n.last_modified_by, "message": n.message})
}

/// The observation `data` document; the wire carries it as a JSON string.
pub fn observation_data(store: &Store, o: &super::store::Observation) -> Value {
    let mut categories: Vec<(&str, u64, u64)> = Vec::new();
    let mut files = Vec::new();
    let mut total = 0u64;
    for ev in o.events.iter().filter_map(|&e| store.event_at(e)) {
        let doc = store.document(ev.document);
        total = total.saturating_add(doc.size);
        match categories.iter_mut().find(|c| c.0 == doc.category) {
            Some(c) => {
                c.1 = c.1.saturating_add(1);
                c.2 = c.2.saturating_add(doc.size);
            }
            None => categories.push((doc.category, 1, doc.size)),
        }
        let mut file = json!({"type$": "OBSERVED_FILE", "eventId": ev.id, "name": doc.name,
            "category": doc.category, "size": doc.size, "observedAt": alert_ts(&ev.timestamp),
            "riskSeverityInfo": {"type$": "RISK_SEVERITY_INFO", "score": ev.risk_score, "severity": ev.risk_severity,
                "matchedRiskIndicators": ev.indicators.iter().map(|(n, w)| json!({"type$": "RISK_INDICATOR", "name": n, "weight": w})).collect::<Vec<_>>()}});
        if let Some(file) = file.as_object_mut().filter(|_| !ev.directory.is_empty()) {
            file.insert("path".into(), json!(ev.directory));
        }
        files.push(file);
    }
    let cloud = o.obs_type == "FedCloudSharePermissions";
    let mut data = json!({
        "type$": if cloud { "OBSERVED_CLOUD_SHARE_ACTIVITY" } else { "OBSERVED_ENDPOINT_ACTIVITY" },
        "id": o.id,
        "sources": o.sources,
        "exposureTypes": o.exposure_types,
        "exposureTypeIsSignificant": true,
        "fileCategoryIsSignificant": false,
        "firstActivityAt": alert_ts(&o.first_activity_at),
        "lastActivityAt": alert_ts(&o.last_activity_at),
        "fileCount": o.events.len(),
        "totalFileSize": total,
        "fileCategories": categories.iter().map(|(c, n, s)| json!({"type$": "OBSERVED_FILE_CATEGORY", "category": c, "fileCount": n, "totalFileSize": s, "isSignificant": false})).collect::<Vec<_>>(),
        "files": files,
        "isRemoteActivity": false,
    });
    if let Some(data) = data.as_object_mut() {
        if cloud {
            data.insert(
                "outsideTrustedDomainsEmails".into(),
                json!(o.outside_emails),
            );
            data.insert(
                "outsideTrustedDomainsEmailsCount".into(),
                json!(o.outside_emails.len()),
            );
        } else {
            data.insert("syncToServices".into(), json!(o.sync_to_services));
            data.insert("sendingIpAddresses".into(), json!(o.sending_ips));
        }
    }
    data
}

pub fn details_json(store: &Store, a: &Alert) -> Value {
    let mut m = summary_json(store, a, "ALERT_DETAILS");
    let observations: Vec<Value> = a
        .observations
        .iter()
        .map(|o| {
            json!({"type$": "OBSERVATION", "id": o.id, "observedAt": alert_ts(&o.observed_at),
                   "lastObservedAt": alert_ts(&o.last_activity_at), "type": o.obs_type,
                   "data": observation_data(store, o).to_string()})
        })
        .collect();
    m.insert("observations".into(), Value::Array(observations));
    if let Some(n) = &a.note {
        m.insert("note".into(), note_json(n));
    }
    if let Some(disorder) = a.disorder {
        super::messy::details(disorder, &mut m);
    }
    Value::Object(m)
}

/// Where a 0-based page starts: `pgNum * pgSize`, or `None` for a negative page or a
/// product that does not fit the wire's 64-bit signed integers.
fn page_start(pg_num: i64, pg_size: usize) -> Option<usize> {
    let start = pg_num.checked_mul(i64::try_from(pg_size).ok()?)?;
    usize::try_from(start).ok()
}

pub async fn query_alerts(
    State(st): State<DemoState>,
    _caller: Caller,
    AlertJson(q): AlertJson<AlertSearch>,
) -> Response {
    let pg_size = q.pg_size.unwrap_or(100);
    let Some(size) = usize::try_from(pg_size)
        .ok()
        .filter(|_| (1..=MAX_ALERT_PAGE).contains(&pg_size))
    else {
        return alert_problem(StatusCode::BAD_REQUEST, "InvalidPageSize", "pgSize");
    };
    let Some(start) = page_start(q.pg_num.unwrap_or(0), size) else {
        return alert_problem(StatusCode::BAD_REQUEST, "InvalidPageNumber", "pgNum");
    };
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    match matching(&store, &q) {
        Ok(found) => {
            let alerts: Vec<Value> = found
                .iter()
                .skip(start)
                .take(size)
                .map(|a| {
                    let mut m = summary_json(&store, a, "ALERT_SUMMARY");
                    if let Some(disorder) = a.disorder {
                        super::messy::summary(disorder, &mut m);
                    }
                    Value::Object(m)
                })
                .collect();
            // An old tenant writes the count as text.
            let total = if store.messy {
                json!(found.len().to_string())
            } else {
                json!(found.len())
            };
            Json(json!({"type$": "ALERT_QUERY_RESPONSE", "alerts": alerts, "totalCount": total, "problems": []})).into_response()
        }
        Err(p) => Json(
            json!({"type$": "ALERT_QUERY_RESPONSE", "alerts": [], "totalCount": 0,
                              "problems": [{"type": p.kind, "badFilter": p.bad_filter}]}),
        )
        .into_response(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailsRequest {
    #[serde(default)]
    pub alert_ids: Vec<Value>,
}

fn ids_of(values: &[Value]) -> Vec<String> {
    values.iter().map(value_text).collect()
}

pub async fn query_details(
    State(st): State<DemoState>,
    _caller: Caller,
    AlertJson(req): AlertJson<DetailsRequest>,
) -> Response {
    if req.alert_ids.is_empty() || req.alert_ids.len() > MAX_IDS {
        return alert_problem(
            StatusCode::BAD_REQUEST,
            "MaxFiltersExceeded",
            "alertIds must hold 1 to 100 ids",
        );
    }
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let alerts: Vec<Value> = ids_of(&req.alert_ids)
        .iter()
        .filter_map(|id| store.alert(id))
        .map(|a| details_json(&store, a))
        .collect();
    Json(json!({"type$": "ALERT_DETAILS_RESPONSE", "alerts": alerts})).into_response()
}

pub fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStateRequest {
    #[serde(default)]
    pub alert_ids: Vec<Value>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

fn apply_state(
    st: &DemoState,
    caller: &Caller,
    req: UpdateStateRequest,
    forced: Option<&str>,
) -> Response {
    if req.alert_ids.is_empty() || req.alert_ids.len() > MAX_IDS {
        return alert_problem(
            StatusCode::BAD_REQUEST,
            "MaxFiltersExceeded",
            "alertIds must hold 1 to 100 ids",
        );
    }
    let state = match forced.map(str::to_string).or(req.state.clone()) {
        Some(s) => s.to_ascii_uppercase(),
        None => return alert_problem(StatusCode::BAD_REQUEST, "MissingValue", "state"),
    };
    if !matches!(
        state.as_str(),
        "OPEN" | "RESOLVED" | "PENDING" | "IN_PROGRESS" | "RESOLVED_TP" | "RESOLVED_FP"
    ) {
        return alert_problem(StatusCode::BAD_REQUEST, "IllegalValue", "state");
    }
    let note = req.note.or(req.reason);
    if note
        .as_deref()
        .is_some_and(|n| utf16_len(n) > MAX_NOTE_UTF16)
    {
        return alert_problem(StatusCode::BAD_REQUEST, "MaxLengthExceeded", "note");
    }
    let ids = ids_of(&req.alert_ids);
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let mut indices = Vec::with_capacity(ids.len());
    for id in &ids {
        match store.alert_index.get(id) {
            Some(&i) => indices.push(i),
            None => {
                return (
                    StatusCode::NOT_FOUND,
                    Json(json!({"problems": [{"type": "NotFound", "badFilter": id}]})),
                )
                    .into_response();
            }
        }
    }
    let now = Utc::now();
    for id in &ids {
        let applied = store.state_changes_applied.entry(id.clone()).or_default();
        *applied = applied.saturating_add(1);
    }
    for i in indices {
        let note_id = store.next_note_id;
        let Some(alert) = store.alerts.get_mut(i) else {
            continue;
        };
        alert.state = state.clone();
        alert.state_last_modified_at = Some(now);
        alert.state_last_modified_by = Some(caller.0.clone());
        if let Some(message) = &note {
            set_note(alert, message, &caller.0, now, note_id);
            store.next_note_id = note_id.saturating_add(1);
        }
    }
    empty_ok()
}

fn set_note(alert: &mut Alert, message: &str, by: &str, at: DateTime<Utc>, next_id: u64) {
    let id = alert
        .note
        .as_ref()
        .map(|n| n.id.clone())
        .unwrap_or_else(|| next_id.to_string());
    alert.note = Some(Note {
        id,
        message: message.to_string(),
        last_modified_at: at,
        last_modified_by: by.to_string(),
    });
}

pub async fn update_state(
    State(st): State<DemoState>,
    caller: Caller,
    AlertJson(req): AlertJson<UpdateStateRequest>,
) -> Response {
    apply_state(&st, &caller, req, None)
}

pub async fn resolve_alert(
    State(st): State<DemoState>,
    caller: Caller,
    AlertJson(req): AlertJson<UpdateStateRequest>,
) -> Response {
    apply_state(&st, &caller, req, Some("RESOLVED"))
}

pub async fn reopen_alert(
    State(st): State<DemoState>,
    caller: Caller,
    AlertJson(req): AlertJson<UpdateStateRequest>,
) -> Response {
    apply_state(&st, &caller, req, Some("OPEN"))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddNoteRequest {
    #[serde(default)]
    pub alert_id: Option<Value>,
    #[serde(default)]
    pub note: Option<String>,
}

pub async fn add_note(
    State(st): State<DemoState>,
    caller: Caller,
    AlertJson(req): AlertJson<AddNoteRequest>,
) -> Response {
    let Some(id) = req
        .alert_id
        .as_ref()
        .map(value_text)
        .filter(|s| !s.is_empty())
    else {
        return alert_problem(StatusCode::BAD_REQUEST, "MissingValue", "alertId");
    };
    let Some(note) = req.note else {
        return alert_problem(StatusCode::BAD_REQUEST, "MissingValue", "note");
    };
    if utf16_len(&note) > MAX_NOTE_UTF16 {
        return alert_problem(StatusCode::BAD_REQUEST, "MaxLengthExceeded", "note");
    }
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let next = store.next_note_id;
    let Some(alert) = store
        .alert_index
        .get(&id)
        .copied()
        .and_then(|i| store.alerts.get_mut(i))
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"problems": [{"type": "NotFound", "badFilter": id}]})),
        )
            .into_response();
    };
    set_note(alert, &note, &caller.0, Utc::now(), next);
    store.next_note_id = next.saturating_add(1);
    empty_ok()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateRequest {
    #[serde(default)]
    pub alert_id: Option<Value>,
}

pub async fn aggregate(
    State(st): State<DemoState>,
    _caller: Caller,
    AlertJson(req): AlertJson<AggregateRequest>,
) -> Response {
    let id = req.alert_id.as_ref().map(value_text).unwrap_or_default();
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let Some(a) = store.alert(&id) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"problems": [{"type": "NotFound", "badFilter": id}]})),
        )
            .into_response();
    };
    let mut m = summary_json(&store, a, "ALERT_DETAILS_IN_AGGREGATE_V2");
    let datas: Vec<Value> = a
        .observations
        .iter()
        .map(|o| observation_data(&store, o))
        .collect();
    let file_count: u64 = datas.iter().filter_map(|d| d["fileCount"].as_u64()).sum();
    let total: u64 = datas
        .iter()
        .filter_map(|d| d["totalFileSize"].as_u64())
        .sum();
    m.insert("observations".into(), Value::Array(a.observations.iter().zip(&datas).map(|(o, d)| {
        json!({"type$": "OBSERVATION_AGGREGATE", "observedAt": alert_ts(&o.observed_at), "type": o.obs_type, "data": d.to_string()})
    }).collect()));
    m.insert(
        "firstObservationAt".into(),
        json!(
            a.observations
                .iter()
                .map(|o| o.first_activity_at)
                .min()
                .map(|t| alert_ts(&t))
        ),
    );
    m.insert(
        "lastObservationAt".into(),
        json!(
            a.observations
                .iter()
                .map(|o| o.last_activity_at)
                .max()
                .map(|t| alert_ts(&t))
        ),
    );
    m.insert("fileCount".into(), json!(file_count));
    m.insert("totalFileSize".into(), json!(total));
    let actor = &store.actor(a.actor).email;
    m.insert(
        "ffsUrlEndpoint".into(),
        json!(format!(
            "{}/app/#/forensic-search?actor={actor}",
            st.base_url
        )),
    );
    m.insert(
        "ffsUrlCloud".into(),
        json!(format!(
            "{}/app/#/forensic-search?cloud={actor}",
            st.base_url
        )),
    );
    m.insert(
        "alertUrl".into(),
        json!(format!(
            "{}/app/#/alerts/review-alerts/{}",
            st.base_url, a.id
        )),
    );
    if let Some(n) = &a.note {
        m.insert("note".into(), note_json(n));
    }
    Json(json!({"type$": "ALERT_DETAILS_IN_AGGREGATE_V2_RESPONSE", "alert": Value::Object(m)}))
        .into_response()
}

pub async fn rule_metadata(
    State(st): State<DemoState>,
    _caller: Caller,
    AlertJson(q): AlertJson<AlertSearch>,
) -> Response {
    // A page larger than the service serves is cut to its maximum; one below 1 is refused.
    let Some(pg_size) = q
        .pg_size
        .unwrap_or(MAX_ALERT_PAGE)
        .min(MAX_ALERT_PAGE)
        .try_into()
        .ok()
        .filter(|s: &usize| *s >= 1)
    else {
        return alert_problem(StatusCode::BAD_REQUEST, "InvalidPageSize", "pgSize");
    };
    let Some(start) = page_start(q.pg_num.unwrap_or(0), pg_size) else {
        return alert_problem(StatusCode::BAD_REQUEST, "InvalidPageNumber", "pgNum");
    };
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let items: Vec<Value> = store.rules.iter().map(|r| json!({
        "type$": "RULE_METADATA", "modifiedBy": r.created_by, "modifiedAt": alert_ts(&r.created_at),
        "name": r.name, "description": r.description, "severity": r.severity, "isSystem": false,
        "isEnabled": r.is_enabled, "ruleSource": r.source, "tenantId": TENANT_ID, "observerRuleId": r.id,
        "type": r.rule_type, "id": format!("meta-{}", r.id), "createdBy": r.created_by, "createdAt": alert_ts(&r.created_at)
    })).filter(|item| q.groups.iter().all(|g| g.filters.iter().all(|f| {
        let want = value_text(&f.value).to_lowercase();
        let got = match norm(&f.term).as_str() {
            "name" => item["name"].as_str().unwrap_or_default().to_lowercase(),
            "observerruleid" => item["observerRuleId"].as_str().unwrap_or_default().to_lowercase(),
            "type" => return norm(item["type"].as_str().unwrap_or_default()) == norm(&want),
            _ => return true,
        };
        if f.operator.eq_ignore_ascii_case("IS_NOT") { got != want } else { got == want }
    }))).collect();
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(start).take(pg_size).collect();
    Json(json!({"type$": "RULE_METADATA_SEARCH_RESPONSE", "ruleMetadata": page, "totalCount": total, "problems": []})).into_response()
}
