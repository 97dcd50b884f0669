//! Forensic search: the handlers of the v2 and v1 file-event searches and grouping.
//! What a search matches is in `search`, how events are written in `bodies`.

mod search;

pub use crate::file_event_bodies::{v1_json, v2_json};
pub use search::{EventGroup, EventSearch, Problem, matching};
use search::{problem, sort_events, term_values};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::service_extractor;
use super::state::{Caller, DemoState};
use super::store::FileEvent;
use super::wire::json_text as text;

pub const MAX_PAGE: i64 = 10_000;
/// The most criteria, and separately the most groups, one search may hold.
pub const MAX_FILTERS: usize = 1024;

service_extractor!(
    /// A JSON body for forensic search; one it cannot read is a 400 with `problems`.
    json EventJson => bad_request
);

fn bad_request(detail: &str) -> Response {
    problem_response(
        StatusCode::BAD_REQUEST,
        problem("INVALID_REQUEST", detail, None),
    )
}

fn envelope(
    events: Vec<Value>,
    next: Option<String>,
    total: usize,
    problems: Option<Vec<Value>>,
) -> Value {
    json!({"fileEvents": events, "nextPgToken": next, "problems": problems, "totalCount": total})
}

fn problem_response(status: StatusCode, p: Problem) -> Response {
    let bad = p
        .filter
        .map(|f| json!({"term": f.term, "operator": f.operator, "value": f.value}));
    (
        status,
        Json(envelope(
            vec![],
            None,
            0,
            Some(vec![
                json!({"type": p.kind, "description": p.description, "badFilter": bad}),
            ]),
        )),
    )
        .into_response()
}

fn search(st: &DemoState, q: EventSearch, v1: bool) -> Response {
    let pg_size = q.pg_size.unwrap_or(100);
    let Some(size) = usize::try_from(pg_size)
        .ok()
        .filter(|_| (1..=MAX_PAGE).contains(&pg_size))
    else {
        return problem_response(
            StatusCode::BAD_REQUEST,
            problem("INVALID_PAGE_SIZE", "pgSize must be 1 to 10000", None),
        );
    };
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let mut found = match matching(&store, &q.groups, q.group_clause.as_deref(), v1) {
        Ok(f) => f,
        Err(p) => return problem_response(StatusCode::BAD_REQUEST, p),
    };
    sort_events(
        &store,
        &mut found,
        q.srt_key.as_deref(),
        q.srt_dir.as_deref(),
        v1,
    );
    let total = found.len();
    let render = |e: &FileEvent| {
        if v1 {
            v1_json(&store, e)
        } else {
            let mut json = v2_json(&store, e);
            if store.messy
                && let Some(index) = store.event_position(e)
            {
                super::messy::file_event(index as usize, &mut json);
            }
            json
        }
    };
    match q.pg_token {
        Some(token) => {
            // py42 backslash-escapes quotes inside tokens it sends back.
            let token = token.replace("\\\"", "\"");
            let rest: &[&FileEvent] = if token.is_empty() {
                &found
            } else {
                match found.iter().position(|e| e.id == *token) {
                    Some(i) => found.get(i.saturating_add(1)..).unwrap_or_default(),
                    None => {
                        return problem_response(
                            StatusCode::BAD_REQUEST,
                            problem("INVALID_PAGE_TOKEN", "unknown page token", None),
                        );
                    }
                }
            };
            let page: Vec<&FileEvent> = rest.iter().take(size).copied().collect();
            let more = rest.len() > page.len();
            let next = if more {
                page.last().map(|e| e.id.to_string())
            } else {
                None
            };
            Json(envelope(
                page.into_iter().map(render).collect(),
                next,
                total,
                None,
            ))
            .into_response()
        }
        None => {
            let pg_num = q.pg_num.unwrap_or(1);
            // Pages are 1-based and reach at most 10000 results in.
            let end = pg_num
                .checked_mul(pg_size)
                .filter(|end| pg_num >= 1 && *end <= MAX_PAGE);
            let Some(start) = end
                .and_then(|end| end.checked_sub(pg_size))
                .and_then(|start| usize::try_from(start).ok())
            else {
                return problem_response(
                    StatusCode::BAD_REQUEST,
                    problem(
                        "INVALID_PAGE_NUMBER",
                        "pgNum must be at least 1 and pgNum * pgSize must not exceed 10000",
                        None,
                    ),
                );
            };
            let page: Vec<Value> = found
                .iter()
                .skip(start)
                .take(size)
                .map(|e| render(e))
                .collect();
            Json(envelope(page, None, total, None)).into_response()
        }
    }
}

pub async fn search_v2(
    State(st): State<DemoState>,
    _c: Caller,
    EventJson(q): EventJson<EventSearch>,
) -> Response {
    search(&st, q, false)
}

pub async fn search_v1(
    State(st): State<DemoState>,
    _c: Caller,
    EventJson(q): EventJson<EventSearch>,
) -> Response {
    search(&st, q, true)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupingRequest {
    #[serde(default)]
    pub group_clause: Option<String>,
    #[serde(default)]
    pub groups: Vec<EventGroup>,
    pub grouping_term: String,
    #[serde(default)]
    pub size: Option<usize>,
}

pub async fn grouping(
    State(st): State<DemoState>,
    _c: Caller,
    EventJson(q): EventJson<GroupingRequest>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let found = match matching(&store, &q.groups, q.group_clause.as_deref(), false) {
        Ok(f) => f,
        Err(p) => return problem_response(StatusCode::BAD_REQUEST, p),
    };
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    for e in found {
        for v in term_values(&store, e, &q.grouping_term) {
            let n = counts.entry(text(&v)).or_default();
            *n = n.saturating_add(1);
        }
    }
    let mut groups: Vec<(String, u64)> = counts.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    groups.truncate(q.size.unwrap_or(1000));
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(v, n)| json!({"value": v, "docCount": n}))
        .collect();
    Json(json!({"groups": groups, "problems": null})).into_response()
}
