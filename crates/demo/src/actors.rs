//! Actors service (`/v1/actors`): the people behind the alerts, with their directory
//! details; search by name, read by id or name, and change notes and dates.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::problems::service_extractor;
use super::state::{Caller, DemoState};
use super::store::Store;

/// The most actors one page holds, and the page size when none is asked for.
const PAGE_SIZE_MAX: usize = 500;
/// The longest note an actor may carry.
pub const NOTES_MAX: usize = 2000;

service_extractor!(
    /// Path parameters of the actors service; a path that is not UTF-8 is a 400.
    path ActorPath => bad_request
);
service_extractor!(
    /// A JSON body for the actors service.
    json ActorBody => bad_request
);

fn problem(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({"error": status.canonical_reason(), "message": message})),
    )
        .into_response()
}

fn bad_request(detail: &str) -> Response {
    problem(StatusCode::BAD_REQUEST, detail)
}

fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "No results for specified actor(s).")
}

fn actor_json(store: &Store, i: usize) -> Value {
    let Some((a, p)) = store.actors.get(i).zip(store.actor_profiles.get(i)) else {
        return Value::Null;
    };
    let manager = p
        .manager
        .and_then(|m| store.actor_profiles.get(m))
        .map(|m| m.actor_id.clone());
    json!({
        "active": p.active,
        "actorId": p.actor_id,
        "alternateNames": p.alternate_names,
        "country": p.country,
        "department": a.department,
        "division": p.division,
        "employeeType": p.employee_type,
        "endDate": p.end_date,
        "firstName": p.first_name,
        "inScope": true,
        "lastName": p.last_name,
        "locality": p.locality,
        "managerActorId": manager,
        "name": a.email,
        "notes": p.notes,
        "parentActorId": null,
        "region": p.region,
        "startDate": p.start_date,
        "title": p.title,
    })
}

fn by_id(store: &Store, id: &str) -> Option<usize> {
    store.actor_profiles.iter().position(|p| p.actor_id == id)
}

fn by_name(store: &Store, name: &str) -> Option<usize> {
    store
        .actors
        .iter()
        .position(|a| a.email == name)
        .or_else(|| {
            store
                .actors
                .iter()
                .position(|a| a.email.eq_ignore_ascii_case(name))
        })
        .filter(|&i| i < store.actor_profiles.len())
}

fn one(st: &DemoState, find: impl Fn(&Store) -> Option<usize>) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    match find(&store) {
        Some(i) => Json(actor_json(&store, i)).into_response(),
        None => not_found(),
    }
}

/// The family of the actor `find` finds: its parent and the parent's children. None of
/// the demo's actors has a parent or children, so each is a family of one.
fn family(st: &DemoState, find: impl Fn(&Store) -> Option<usize>) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    match find(&store) {
        Some(i) => Json(json!({"children": [], "parent": actor_json(&store, i)})).into_response(),
        None => not_found(),
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

pub async fn search(State(st): State<DemoState>, _c: Caller, uri: Uri) -> Response {
    let params = match axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri) {
        Ok(q) => q.0,
        Err(e) => return bad_request(&e.body_text()),
    };
    let mut starts: Option<String> = None;
    let mut ends: Option<String> = None;
    let mut active: Option<bool> = None;
    let mut page_size = PAGE_SIZE_MAX;
    let mut page = 1usize;
    for (key, value) in &params {
        match key.as_str() {
            "nameStartsWith" => starts = Some(value.to_lowercase()),
            "nameEndsWith" => ends = Some(value.to_lowercase()),
            "active" => match parse_bool(value) {
                Some(b) => active = Some(b),
                None => return bad_request("active must be True or False"),
            },
            "pageSize" => match value.parse::<usize>() {
                Ok(n) if (1..=PAGE_SIZE_MAX).contains(&n) => page_size = n,
                _ => return bad_request("pageSize must be between 1 and 500"),
            },
            "page" => match value.parse::<usize>() {
                Ok(n) if n >= 1 => page = n,
                _ => return bad_request("page must be 1 or more"),
            },
            _ => {}
        }
    }
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let skip = page.saturating_sub(1).saturating_mul(page_size);
    let actors: Vec<Value> = store
        .actors
        .iter()
        .zip(store.actor_profiles.iter())
        .enumerate()
        .filter(|(_, (a, p))| {
            let name = a.email.to_lowercase();
            starts.as_deref().is_none_or(|s| name.starts_with(s))
                && ends.as_deref().is_none_or(|s| name.ends_with(s))
                && active.is_none_or(|b| p.active == b)
        })
        .skip(skip)
        .take(page_size)
        .map(|(i, _)| actor_json(&store, i))
        .collect();
    Json(json!({"actors": actors})).into_response()
}

pub async fn get_by_id(
    State(st): State<DemoState>,
    _c: Caller,
    ActorPath(id): ActorPath<String>,
) -> Response {
    one(&st, |s| by_id(s, &id))
}

/// The parent of an actor; none of the demo's actors has one, so the actor itself.
pub async fn get_by_name_parent(
    State(st): State<DemoState>,
    _c: Caller,
    ActorPath(name): ActorPath<String>,
) -> Response {
    one(&st, |s| by_name(s, &name))
}

fn date_field(body: &Map<String, Value>, key: &str) -> Result<Option<Option<String>>, Response> {
    match body.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s))
            if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() =>
        {
            Ok(Some(Some(s.clone())))
        }
        Some(_) => Err(bad_request(&format!("{key} must be a date as yyyy-MM-dd"))),
    }
}

pub async fn update(
    State(st): State<DemoState>,
    _c: Caller,
    ActorPath(id): ActorPath<String>,
    ActorBody(body): ActorBody<Map<String, Value>>,
) -> Response {
    let notes = match body.get("notes") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(s)) if s.chars().count() <= NOTES_MAX => Some(Some(s.clone())),
        Some(Value::String(_)) => {
            return bad_request(&format!("notes is longer than {NOTES_MAX} characters"));
        }
        Some(_) => return bad_request("notes must be a string"),
    };
    let start = match date_field(&body, "startDate") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let end = match date_field(&body, "endDate") {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut store = st.store.write().unwrap_or_else(|e| e.into_inner());
    let Some(i) = by_id(&store, &id) else {
        return not_found();
    };
    if let Some(p) = store.actor_profiles.get_mut(i) {
        if let Some(n) = notes {
            p.notes = n;
        }
        if let Some(s) = start {
            p.start_date = s;
        }
        if let Some(e) = end {
            p.end_date = e;
        }
    }
    Json(actor_json(&store, i)).into_response()
}

pub async fn family_by_id(
    State(st): State<DemoState>,
    _c: Caller,
    ActorPath(id): ActorPath<String>,
) -> Response {
    family(&st, |s| by_id(s, &id))
}

pub async fn family_by_name(
    State(st): State<DemoState>,
    _c: Caller,
    ActorPath(name): ActorPath<String>,
) -> Response {
    family(&st, |s| by_name(s, &name))
}
