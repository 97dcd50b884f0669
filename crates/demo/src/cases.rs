//! Cases service: create, list, read, update, delete, and the file events held by a case.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{TimeDelta, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::{case_bad_request, case_problem, service_extractor};
use super::state::{Caller, DemoState};
use super::store::{Case, Store, case_ts, event_ts};
use super::wire::parse_when;

const NAME_MAX: usize = 50;
const DESCRIPTION_MAX: usize = 250;
const FINDINGS_MAX: usize = 30_000;
/// The most events one case may hold.
const CASE_EVENTS_MAX: usize = 1000;

service_extractor!(
    /// A body for the cases service, read whatever its content type says.
    bytes CaseBody => case_bad_request
);
service_extractor!(
    /// Path parameters of the cases service; a path that is not UTF-8 is a 400.
    path CasePath => case_bad_request
);

fn case_json(store: &Store, c: &Case, full: bool) -> Value {
    let username = |uid: &Option<String>| uid.as_deref().and_then(|u| store.username_of(u));
    let mut v = json!({
        "number": c.number, "name": c.name, "createdAt": case_ts(&c.created_at), "updatedAt": case_ts(&c.updated_at),
        "subject": c.subject, "subjectUsername": username(&c.subject),
        "assignee": c.assignee, "assigneeUsername": username(&c.assignee),
        "status": c.status,
        "createdByUserUid": store.user_uid(&c.created_by), "createdByUsername": c.created_by,
        "lastModifiedByUserUid": store.user_uid(&c.last_modified_by), "lastModifiedByUsername": c.last_modified_by,
        "archivalTime": case_ts(&c.updated_at.checked_add_signed(TimeDelta::days(365)).unwrap_or(c.updated_at))
    });
    if let Some(fields) = v.as_object_mut().filter(|_| full) {
        fields.insert("description".into(), json!(c.description));
        fields.insert("findings".into(), json!(c.findings));
    }
    v
}

#[derive(Debug, Deserialize, Default)]
pub struct CaseFields {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub findings: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub assignee: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

fn check_fields(store: &Store, f: &CaseFields, number: Option<u64>) -> Result<(), Response> {
    let name = f.name.as_deref().unwrap_or("").trim();
    if name.is_empty() {
        return Err(case_problem(
            StatusCode::BAD_REQUEST,
            "NAME_EMPTY",
            "name must not be empty",
        ));
    }
    if name.chars().count() > NAME_MAX {
        return Err(case_problem(
            StatusCode::BAD_REQUEST,
            "NAME_TOO_LONG",
            "name is longer than 50 characters",
        ));
    }
    if f.description
        .as_deref()
        .is_some_and(|d| d.chars().count() > DESCRIPTION_MAX)
    {
        return Err(case_problem(
            StatusCode::BAD_REQUEST,
            "DESCRIPTION_TOO_LONG",
            "description is longer than 250 characters",
        ));
    }
    if f.findings
        .as_deref()
        .is_some_and(|d| d.chars().count() > FINDINGS_MAX)
    {
        return Err(case_problem(
            StatusCode::BAD_REQUEST,
            "FINDINGS_TOO_LONG",
            "findings are longer than 30000 characters",
        ));
    }
    if store
        .cases
        .iter()
        .any(|c| c.name.eq_ignore_ascii_case(name) && Some(c.number) != number)
    {
        return Err(case_problem(
            StatusCode::BAD_REQUEST,
            "NAME_EXISTS",
            "a case with this name exists",
        ));
    }
    for (value, what) in [(&f.subject, "subject"), (&f.assignee, "assignee")] {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty())
            && store.user_uid(v).is_none()
        {
            return Err(case_problem(
                StatusCode::BAD_REQUEST,
                "INVALID_USER",
                &format!("{what} validation failed"),
            ));
        }
    }
    Ok(())
}

fn uid_of(store: &Store, v: &Option<String>) -> Option<String> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .and_then(|s| store.user_uid(s))
}

/// The most cases the demo tenant holds, so that a client creating them without end
/// cannot grow its memory without end.
pub const MAX_CASES: usize = 10_000;

pub async fn create(
    State(st): State<DemoState>,
    caller: Caller,
    CaseBody(body): CaseBody,
) -> Response {
    let Ok(f) = serde_json::from_slice::<CaseFields>(&body) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "the body is not a case",
        );
    };
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    if let Err(r) = check_fields(&store, &f, None) {
        return r;
    }
    if store.cases.len() >= MAX_CASES {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "TOO_MANY_CASES",
            "the demo tenant holds as many cases as it takes; delete some first",
        );
    }
    let now = Utc::now();
    let case = Case {
        number: store.next_case_number,
        name: f.name.clone().unwrap_or_default().trim().to_string(),
        description: f.description.clone(),
        findings: f.findings.clone(),
        subject: uid_of(&store, &f.subject),
        assignee: uid_of(&store, &f.assignee),
        status: "OPEN".into(),
        created_at: now,
        updated_at: now,
        created_by: caller.0.clone(),
        last_modified_by: caller.0.clone(),
        events: Vec::new(),
    };
    store.next_case_number = store.next_case_number.saturating_add(1);
    let out = case_json(&store, &case, true);
    store.cases.push(case);
    Json(out).into_response()
}

pub async fn list(
    State(st): State<DemoState>,
    _c: Caller,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    let pg_num: i64 = match get("pgNum").map(str::parse).transpose() {
        Ok(v) => v.unwrap_or(1),
        Err(_) => {
            return case_problem(
                StatusCode::BAD_REQUEST,
                "INVALID_PAGE_NUMBER",
                "pgNum is not a number",
            );
        }
    };
    let pg_size: i64 = match get("pgSize").map(str::parse).transpose() {
        Ok(v) => v.unwrap_or(i64::from(i32::MAX)),
        Err(_) => {
            return case_problem(
                StatusCode::BAD_REQUEST,
                "INVALID_PAGE_SIZE",
                "pgSize is not a number",
            );
        }
    };
    if pg_num < 1 {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_NUMBER",
            "pgNum starts at 1",
        );
    }
    let Some(size) = usize::try_from(pg_size).ok().filter(|s| *s >= 1) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_SIZE",
            "pgSize must be positive",
        );
    };
    let Some(start) = page_start(pg_num, size) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_NUMBER",
            "pgNum * pgSize is too large",
        );
    };
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let statuses: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "status")
        .map(|(_, v)| v.to_uppercase())
        .collect();
    let mut cases: Vec<&Case> = store
        .cases
        .iter()
        .filter(|c| {
            (statuses.is_empty() || statuses.contains(&c.status))
                && get("name").is_none_or(|n| c.name.to_lowercase().contains(&n.to_lowercase()))
                && get("assignee").is_none_or(|a| c.assignee.as_deref() == Some(a))
                && get("subject").is_none_or(|s| c.subject.as_deref() == Some(s))
                && get("isAssigned").is_none_or(|a| (a == "true") == c.assignee.is_some())
                && get("createdAt").is_none_or(|r| in_interval(r, c.created_at))
                && get("updatedAt").is_none_or(|r| in_interval(r, c.updated_at))
        })
        .collect();
    let key = get("srtKey").unwrap_or("number");
    cases.sort_by(|a, b| {
        match key {
            "name" => a.name.cmp(&b.name),
            "createdAt" => a.created_at.cmp(&b.created_at),
            "updatedAt" => a.updated_at.cmp(&b.updated_at),
            "status" => a.status.cmp(&b.status),
            _ => a.number.cmp(&b.number),
        }
        .then(a.number.cmp(&b.number))
    });
    if get("srtDir").is_some_and(|d| d.eq_ignore_ascii_case("desc")) {
        cases.reverse();
    }
    let total = cases.len();
    let page: Vec<Value> = cases
        .into_iter()
        .skip(start)
        .take(size)
        .map(|c| case_json(&store, c, false))
        .collect();
    Json(json!({"cases": page, "totalCount": total})).into_response()
}

/// Where a 1-based page starts: `(pgNum - 1) * pgSize`, or `None` for a page before the
/// first or a product that does not fit the wire's 64-bit signed integers.
fn page_start(pg_num: i64, pg_size: usize) -> Option<usize> {
    let start = pg_num
        .checked_sub(1)?
        .checked_mul(i64::try_from(pg_size).ok()?)?;
    usize::try_from(start).ok()
}

fn in_interval(range: &str, t: chrono::DateTime<Utc>) -> bool {
    let Some((a, b)) = range.split_once('/') else {
        return true;
    };
    parse_when(a).is_none_or(|a| t >= a) && parse_when(b).is_none_or(|b| t <= b)
}

fn not_found() -> Response {
    case_problem(StatusCode::NOT_FOUND, "CASE_NOT_FOUND", "no such case")
}

pub async fn get(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath(number): CasePath<String>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    match number.parse().ok().and_then(|n| store.case(n)) {
        Some(c) => Json(case_json(&store, c, true)).into_response(),
        None => not_found(),
    }
}

pub async fn update(
    State(st): State<DemoState>,
    caller: Caller,
    CasePath(number): CasePath<String>,
    CaseBody(body): CaseBody,
) -> Response {
    let Ok(f) = serde_json::from_slice::<CaseFields>(&body) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "the body is not a case",
        );
    };
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let Some(case) = number.parse().ok().and_then(|n| store.case(n)) else {
        return not_found();
    };
    let n = case.number;
    if case.status != "OPEN" {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "NO_EDITS_ONCE_CLOSED",
            "closed cases cannot be modified",
        );
    }
    if let Err(r) = check_fields(&store, &f, Some(n)) {
        return r;
    }
    let status = f
        .status
        .clone()
        .map(|s| s.to_uppercase())
        .unwrap_or_else(|| "OPEN".into());
    if !matches!(status.as_str(), "OPEN" | "CLOSED") {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_STATUS",
            "status must be OPEN or CLOSED",
        );
    }
    let subject = uid_of(&store, &f.subject);
    let assignee = uid_of(&store, &f.assignee);
    let Some(c) = store.case_mut(n) else {
        return not_found();
    };
    c.name = f.name.clone().unwrap_or_default().trim().to_string();
    c.description = f.description;
    c.findings = f.findings;
    c.subject = subject;
    c.assignee = assignee;
    c.status = status;
    c.updated_at = Utc::now();
    c.last_modified_by = caller.0.clone();
    match store.case(n) {
        Some(c) => Json(case_json(&store, c, true)).into_response(),
        None => not_found(),
    }
}

pub async fn delete(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath(number): CasePath<String>,
) -> Response {
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let Some(n) = number.parse::<u64>().ok() else {
        return not_found();
    };
    let before = store.cases.len();
    store.cases.retain(|c| c.number != n);
    if store.cases.len() == before {
        not_found()
    } else {
        StatusCode::NO_CONTENT.into_response()
    }
}

pub async fn list_events(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath(number): CasePath<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let Some(c) = number.parse().ok().and_then(|n| store.case(n)) else {
        return not_found();
    };
    // 1-based; 0 is read as the first page (and a size of 0 as 1), as before.
    let number_param = |name: &str, default: i64| match params.get(name) {
        None => Some(default),
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0).map(|n| n.max(1)),
    };
    let Some(pg_num) = number_param("pgNum", 1) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_NUMBER",
            "pgNum must be a positive number",
        );
    };
    let Some(pg_size) = number_param("pgSize", 10_000).and_then(|s| usize::try_from(s).ok()) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_SIZE",
            "pgSize must be a positive number",
        );
    };
    let Some(start) = page_start(pg_num, pg_size) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_PAGE_NUMBER",
            "pgNum * pgSize is too large",
        );
    };
    let events: Vec<Value> = c.events.iter().skip(start).take(pg_size).filter_map(|id| store.event(id)).map(|e| {
        let doc = store.document(e.document);
        json!({"eventId": e.id, "eventTimestamp": event_ts(&e.timestamp),
               "exposure": [e.destination_category().unwrap_or("SharedViaLink")],
               "fileAvailability": "EXACT_FILE_AVAILABLE", "fileName": doc.name,
               "filePath": if e.directory.is_empty() { Value::Null } else { json!(e.directory) },
               "riskIndicators": e.indicators().iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
               "riskScore": e.risk_score(), "riskSeverity": e.risk_severity()})
    }).collect();
    Json(json!({"events": events, "totalCount": c.events.len()})).into_response()
}

fn too_many_events() -> Response {
    case_problem(
        StatusCode::BAD_REQUEST,
        "TOO_MANY_EVENTS",
        "a case holds at most 1000 events",
    )
}

fn add_events(st: &DemoState, number: &str, ids: Vec<String>) -> Response {
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let Some(case) = number.parse::<u64>().ok().and_then(|n| store.case(n)) else {
        return not_found();
    };
    let n = case.number;
    if case.status != "OPEN" {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "CASE_IS_CLOSED",
            "events cannot be added to a closed case",
        );
    }
    // More than a case may hold is refused before any per-event work.
    if ids.len() > CASE_EVENTS_MAX {
        return too_many_events();
    }
    if let Some(missing) = ids.iter().find(|id| store.event(id).is_none()) {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "EVENT_NOT_FOUND",
            &format!("no file event {missing}"),
        );
    }
    if ids.iter().any(|id| case.events.contains(id)) {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "CASE_ALREADY_HAS_EVENT",
            "the case already holds this event",
        );
    }
    if case.events.len().saturating_add(ids.len()) > CASE_EVENTS_MAX {
        return too_many_events();
    }
    let Some(c) = store.case_mut(n) else {
        return not_found();
    };
    for id in ids {
        if !c.events.contains(&id) {
            c.events.push(id);
        }
    }
    c.updated_at = Utc::now();
    StatusCode::NO_CONTENT.into_response()
}

pub async fn add_one_event(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath((number, event_id)): CasePath<(String, String)>,
) -> Response {
    add_events(&st, &number, vec![event_id])
}

#[derive(Debug, Deserialize)]
pub struct AddEventsRequest {
    #[serde(default)]
    pub events: Vec<String>,
}

pub async fn add_many_events(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath(number): CasePath<String>,
    CaseBody(body): CaseBody,
) -> Response {
    let Ok(req) = serde_json::from_slice::<AddEventsRequest>(&body) else {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "INVALID_REQUEST",
            "expected {\"events\": [...]}",
        );
    };
    if req.events.is_empty() {
        return case_problem(StatusCode::BAD_REQUEST, "NO_EVENTS", "no events given");
    }
    add_events(&st, &number, req.events)
}

pub async fn get_event(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath((number, event_id)): CasePath<(String, String)>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let Some(c) = number.parse().ok().and_then(|n| store.case(n)) else {
        return not_found();
    };
    match c
        .events
        .iter()
        .find(|e| **e == event_id)
        .and_then(|id| store.event(id))
    {
        Some(e) => Json(super::file_events::v2_json(&store, e)).into_response(),
        None => case_problem(
            StatusCode::NOT_FOUND,
            "EVENT_NOT_FOUND",
            "the case does not hold this event",
        ),
    }
}

pub async fn remove_event(
    State(st): State<DemoState>,
    _c: Caller,
    CasePath((number, event_id)): CasePath<(String, String)>,
) -> Response {
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let Some(c) = number.parse().ok().and_then(|n| store.case_mut(n)) else {
        return not_found();
    };
    if c.status != "OPEN" {
        return case_problem(
            StatusCode::BAD_REQUEST,
            "CASE_IS_CLOSED",
            "events cannot be removed from a closed case",
        );
    }
    let before = c.events.len();
    c.events.retain(|e| *e != event_id);
    if c.events.len() == before {
        return case_problem(
            StatusCode::NOT_FOUND,
            "EVENT_NOT_FOUND",
            "the case does not hold this event",
        );
    }
    StatusCode::NO_CONTENT.into_response()
}
