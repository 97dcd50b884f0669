//! Alerts service: the handlers of search, details, state, notes, aggregate and rule
//! metadata. What a search matches is in `search`, how alerts are written in `bodies`.

mod bodies;
mod fast;
mod search;

use bodies::note_json;
pub use bodies::{details_json, observation_data, summary_json};
pub use search::AlertSearch;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::{
    alert_bad_request, alert_not_found, alert_problem, empty_ok, service_extractor,
};
use super::state::{Caller, DemoState};
use super::store::{Alert, Note, Sym, TENANT_ID, alert_ts};
use super::wire::{norm, value_text};

pub const MAX_IDS: usize = 100;
pub const MAX_NOTE_UTF16: usize = 2000;
pub const MAX_ALERT_PAGE: i64 = 500;

service_extractor!(
    /// A JSON body for the alerts service; one it cannot read is a 400 with `problems`.
    json AlertJson => alert_bad_request
);

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
    match search::page(&store, &q, start, size) {
        Ok((total, page)) => {
            let mut out = Vec::with_capacity(page.len().saturating_mul(1024).saturating_add(128));
            out.extend_from_slice(b"{\"alerts\":[");
            for (i, a) in page.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                if let Err(e) = fast::write_summary(&store, a, &mut out) {
                    return internal_error(&e);
                }
            }
            // An old tenant writes the count as text.
            let total = if store.messy {
                format!("\"{total}\"")
            } else {
                total.to_string()
            };
            out.extend_from_slice(b"],\"problems\":[],\"totalCount\":");
            out.extend_from_slice(total.as_bytes());
            out.extend_from_slice(b",\"type$\":\"ALERT_QUERY_RESPONSE\"}");
            json_bytes(out)
        }
        Err(p) => Json(
            json!({"type$": "ALERT_QUERY_RESPONSE", "alerts": [], "totalCount": 0,
                              "problems": [{"type": p.kind, "badFilter": p.bad_filter}]}),
        )
        .into_response(),
    }
}

/// A JSON body already written.
fn json_bytes(body: Vec<u8>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// What a body that could not be written answers (serialising the store does not fail).
fn internal_error(e: &serde_json::Error) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
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
    let ids = ids_of(&req.alert_ids);
    let vanished = st.faults.take_vanished();
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::with_capacity(ids.len().saturating_mul(6 * 1024).saturating_add(64));
    out.extend_from_slice(b"{\"alerts\":[");
    let found = ids
        .iter()
        .filter(|id| !vanished.iter().any(|v| v == *id))
        .filter_map(|id| store.alert(id));
    for (i, a) in found.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if let Err(e) = fast::write_details(&store, a, &mut out) {
            return internal_error(&e);
        }
    }
    drop(store);
    out.extend_from_slice(b"],\"type$\":\"ALERT_DETAILS_RESPONSE\"}");
    json_bytes(out)
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
        match store.alert_position(id) {
            Some(i) => indices.push(i),
            None => {
                return alert_not_found(id);
            }
        }
    }
    let now = Utc::now();
    for id in &ids {
        let applied = store.state_changes_applied.entry(id.clone()).or_default();
        *applied = applied.saturating_add(1);
    }
    let state_sym = Sym::new(&state);
    let by = Sym::new(&caller.0);
    for i in indices {
        let note_id = store.next_note_id;
        store.set_state(i, state_sym, now, by);
        let Some(alert) = store.alerts.get_mut(i) else {
            continue;
        };
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
    alert.note = Some(Box::new(Note {
        id,
        message: message.to_string(),
        last_modified_at: at,
        last_modified_by: by.to_string(),
    }));
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
        .alert_position(&id)
        .and_then(|i| store.alerts.get_mut(i))
    else {
        return alert_not_found(&id);
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
        return alert_not_found(&id);
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
