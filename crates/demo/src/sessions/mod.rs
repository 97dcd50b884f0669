//! Sessions service (`/v1/sessions`): search, one session, its file events, state changes
//! by id and by query, and notes, over the sessions `session_data` derives from the
//! tenant's alerts. Errors are `{"msg"}` bodies.

pub use crate::session_data::{
    MAX_PAGE_SIZE, STATES, Session, SessionFilter, SessionStore, derive,
};
use crate::session_data::{model, search, source};

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::service_extractor;
use super::state::{Caller, DemoState};
use model::{SessionNote, StateEntry, session_json};

/// The most ids one `change-state` call takes.
pub const MAX_IDS: usize = 100;
/// The longest note, in UTF-16 code units.
pub const MAX_NOTE_UTF16: usize = 2000;
/// The most notes one session holds.
pub const MAX_NOTES: usize = 100;
/// Sessions changed per `change-states` call before a continuation token is handed out.
pub const CHANGE_BATCH: usize = 100;

/// `{"msg": …}` with `status`, the sessions service's error shape.
pub fn msg(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({"msg": text}))).into_response()
}

fn bad_request(text: &str) -> Response {
    msg(StatusCode::BAD_REQUEST, text)
}

fn not_found(id: &str) -> Response {
    msg(StatusCode::NOT_FOUND, &format!("session {id} not found"))
}

service_extractor!(
    /// A JSON body for the sessions service; one it cannot read is a 400 `{"msg"}`.
    json SessionJson => bad_request
);

service_extractor!(
    /// A path of the sessions service; one it cannot read is a 400 `{"msg"}`.
    path SessionPath => bad_request
);

/// The query parameters, every occurrence kept; an unreadable query is a 400.
fn params(uri: &Uri) -> Result<Vec<(String, String)>, Response> {
    axum::extract::Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| bad_request(&e.body_text()))
}

fn filter(uri: &Uri) -> Result<SessionFilter, Response> {
    SessionFilter::parse(&params(uri)?).map_err(|m| bad_request(&m))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub async fn search(State(st): State<DemoState>, _c: Caller, uri: Uri) -> Response {
    let f = match filter(&uri) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let sessions = st.sessions.read().unwrap_or_else(|e| e.into_inner());
    let found = f.select(&sessions.sessions);
    let start = f.page_number.saturating_mul(f.page_size);
    let items: Vec<Value> = found
        .iter()
        .skip(start)
        .take(f.page_size)
        .map(|s| session_json(s))
        .collect();
    Json(json!({"items": items, "totalCount": found.len()})).into_response()
}

pub async fn get(
    State(st): State<DemoState>,
    _c: Caller,
    SessionPath(id): SessionPath<String>,
) -> Response {
    let sessions = st.sessions.read().unwrap_or_else(|e| e.into_inner());
    match sessions.get(&id) {
        Some(s) => Json(session_json(s)).into_response(),
        None => not_found(&id),
    }
}

pub async fn events(
    State(st): State<DemoState>,
    _c: Caller,
    SessionPath(id): SessionPath<String>,
) -> Response {
    let event_ids = {
        let sessions = st.sessions.read().unwrap_or_else(|e| e.into_inner());
        match sessions.get(&id) {
            Some(s) if !s.alerts.is_empty() => s.events.clone(),
            Some(_) => {
                return msg(
                    StatusCode::NOT_FOUND,
                    &format!("session {id} has no alerts"),
                );
            }
            None => return not_found(&id),
        }
    };
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let events: Vec<Value> = event_ids
        .iter()
        .filter_map(|&e| source::event_v2_json(&store, e))
        .collect();
    let total = events.len();
    Json(json!({"queryResult": {"fileEvents": events, "nextPgToken": null, "problems": null, "totalCount": total}}))
        .into_response()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeStateRequest {
    #[serde(default)]
    pub ids: Option<Vec<Value>>,
    #[serde(default)]
    pub new_state: Option<Value>,
    #[serde(default)]
    pub continuation_token: Option<Value>,
}

/// The state asked for, checked: clients may not set `OPEN_NEW_DATA`, which only new
/// activity sets.
fn wanted_state(v: Option<&Value>) -> Result<&'static str, Response> {
    let text = match v {
        Some(Value::String(s)) => s.as_str(),
        None | Some(Value::Null) => return Err(bad_request("newState is required")),
        Some(other) => {
            return Err(bad_request(&format!(
                "newState must be a string, not {other}"
            )));
        }
    };
    match search::state_name(text) {
        Some("OPEN_NEW_DATA") => Err(bad_request(
            "invalid state transition: OPEN_NEW_DATA is set by new activity only",
        )),
        Some(s) => Ok(s),
        None => Err(bad_request(&format!("unknown session state {text:?}"))),
    }
}

/// Sets the state of one session; a session already in it keeps its history as is.
fn apply_state(s: &mut Session, state: &str, user: &str, at: i64) {
    if s.state() != state {
        s.states.push(StateEntry {
            state: state.to_string(),
            at,
            user: Some(user.to_string()),
        });
        s.last_updated = s.last_updated.max(at);
    }
}

pub async fn change_state(
    State(st): State<DemoState>,
    Caller(user): Caller,
    SessionJson(req): SessionJson<ChangeStateRequest>,
) -> Response {
    let state = match wanted_state(req.new_state.as_ref()) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let ids: Vec<String> = req
        .ids
        .unwrap_or_default()
        .iter()
        .map(crate::wire::value_text)
        .collect();
    if ids.is_empty() || ids.len() > MAX_IDS {
        return bad_request(&format!(
            "ids must hold 1 to {MAX_IDS} session ids; {} were given",
            ids.len()
        ));
    }
    let mut sessions = st.sessions.write().unwrap_or_else(|e| e.into_inner());
    let unknown: Vec<&String> = ids.iter().filter(|i| sessions.get(i).is_none()).collect();
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
        return msg(
            StatusCode::NOT_FOUND,
            &format!("sessions not found: {}", names.join(", ")),
        );
    }
    let at = now_ms();
    for id in &ids {
        if let Some(s) = sessions.get_mut(id) {
            apply_state(s, state, &user, at);
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

pub async fn change_one_state(
    State(st): State<DemoState>,
    Caller(user): Caller,
    SessionPath(id): SessionPath<String>,
    SessionJson(req): SessionJson<ChangeStateRequest>,
) -> Response {
    let state = match wanted_state(req.new_state.as_ref()) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let mut sessions = st.sessions.write().unwrap_or_else(|e| e.into_inner());
    match sessions.get_mut(&id) {
        Some(s) => {
            apply_state(s, state, &user, now_ms());
            StatusCode::NO_CONTENT.into_response()
        }
        None => not_found(&id),
    }
}

/// `change-states`: the sessions matching the query, in id order, a batch per call; the
/// continuation token is the last id changed. Sessions the change takes out of the query
/// are not skipped, as the order does not depend on what changes.
pub async fn change_states(
    State(st): State<DemoState>,
    Caller(user): Caller,
    uri: Uri,
    SessionJson(req): SessionJson<ChangeStateRequest>,
) -> Response {
    let state = match wanted_state(req.new_state.as_ref()) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let f = match filter(&uri) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let after = match &req.continuation_token {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if t.is_empty() => None,
        Some(Value::String(t)) => match t.strip_prefix("after:") {
            Some(id) => Some(id.to_string()),
            None => return bad_request("unknown continuationToken"),
        },
        Some(other) => {
            return bad_request(&format!("continuationToken must be a string, not {other}"));
        }
    };
    let mut sessions = st.sessions.write().unwrap_or_else(|e| e.into_inner());
    let mut ids: Vec<String> = sessions
        .sessions
        .iter()
        .filter(|s| f.matches(s))
        .map(|s| s.id.clone())
        .collect();
    ids.sort();
    let rest: Vec<String> = match &after {
        Some(a) => ids.into_iter().filter(|i| i > a).collect(),
        None => ids,
    };
    let at = now_ms();
    let batch: Vec<&String> = rest.iter().take(CHANGE_BATCH).collect();
    for id in &batch {
        if let Some(s) = sessions.get_mut(id) {
            apply_state(s, state, &user, at);
        }
    }
    let token = if rest.len() > batch.len() {
        batch.last().map(|id| format!("after:{id}"))
    } else {
        None
    };
    Json(json!({"continuationToken": token})).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddNoteRequest {
    #[serde(default)]
    pub note_content: Option<Value>,
}

pub async fn add_note(
    State(st): State<DemoState>,
    Caller(user): Caller,
    SessionPath(id): SessionPath<String>,
    SessionJson(req): SessionJson<AddNoteRequest>,
) -> Response {
    let content = match &req.note_content {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) | None | Some(Value::Null) => {
            return bad_request("noteContent is required");
        }
        Some(other) => {
            return bad_request(&format!("noteContent must be a string, not {other}"));
        }
    };
    if content.encode_utf16().count() > MAX_NOTE_UTF16 {
        return bad_request(&format!(
            "noteContent is longer than {MAX_NOTE_UTF16} characters"
        ));
    }
    let mut sessions = st.sessions.write().unwrap_or_else(|e| e.into_inner());
    let n = sessions.next_note;
    let Some(s) = sessions.get_mut(&id) else {
        return not_found(&id);
    };
    if s.notes.len() >= MAX_NOTES {
        return bad_request(&format!("session {id} already has {MAX_NOTES} notes"));
    }
    let at = now_ms();
    s.notes.push(SessionNote {
        id: model::uuid_of(&["note", &id, &n.to_string()]),
        content,
        at,
        user,
    });
    s.last_updated = s.last_updated.max(at);
    sessions.next_note = n.saturating_add(1);
    StatusCode::NO_CONTENT.into_response()
}
