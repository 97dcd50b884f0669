//! The HTTP server: routes for the gateway and console paths, the caller check, faults.

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::connection::Connection;
use super::faults::Injected;
use super::state::DemoState;
use super::{actors, alerts, auth, cases, console, file_events, rules, sessions, watchlists};

fn is_login_path(path: &str) -> bool {
    path.contains("oauth") || path.contains("auth/jwt") || path == "/v1/auth"
}

async fn inject_faults(State(st): State<DemoState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    st.faults.record(&path);
    let decision = st.faults.decide(is_login_path(&path));
    if !decision.delay.is_zero() {
        tokio::time::sleep(decision.delay).await;
    }
    let connection = req
        .extensions()
        .get::<ConnectInfo<Connection>>()
        .map(|ConnectInfo(c)| c.clone());
    match decision.fault {
        Some(Injected::RateLimited { retry_after_secs }) => {
            let mut r = (StatusCode::TOO_MANY_REQUESTS,
                axum::Json(serde_json::json!({"error": "too many requests", "retryAfterSeconds": retry_after_secs}))).into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
            return r;
        }
        Some(Injected::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            return (status, axum::Json(serde_json::json!({"error": status.canonical_reason(), "problems": [{"type": "SEARCH_FAILED"}]}))).into_response();
        }
        Some(Injected::DropBefore) => {
            // Read the request to its end, so the socket closes with a FIN rather than a
            // reset, but never hand it to a handler. Not when the client waits for a
            // `100 Continue`: reading would send one.
            if !req.headers().contains_key(header::EXPECT) {
                let _ = axum::body::to_bytes(req.into_body(), DRAIN_LIMIT).await;
            }
            return dropped(connection.as_ref());
        }
        Some(Injected::DropAfter | Injected::Truncate) | None => {}
    }
    let response = json_utf8(next.run(req).await);
    match decision.fault {
        Some(Injected::DropAfter) => dropped(connection.as_ref()),
        Some(Injected::Truncate) => truncated(response, connection).await,
        _ => response,
    }
}

/// The most of a request body read before dropping its connection.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The response hyper is handed for a dropped connection; the cut stream sends none of it.
fn dropped(connection: Option<&Connection>) -> Response {
    match connection {
        Some(c) => {
            c.cut();
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        None => {
            // Only a server built without `ConnectInfo<Connection>` gets here.
            tracing::warn!("a connection drop was asked for but the connection is out of reach");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

/// The head of `response` with its full `Content-Length`, then the first half of its body,
/// then the connection closes. An empty body has nothing to cut and is sent as it is.
async fn truncated(response: Response, connection: Option<Connection>) -> Response {
    let (mut parts, body) = response.into_parts();
    let Ok(full) = axum::body::to_bytes(body, usize::MAX).await else {
        return dropped(connection.as_ref());
    };
    if full.is_empty() {
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(full.len()));
    let mut half = full;
    half.truncate(half.len().checked_div(2).unwrap_or(0));
    enum Part {
        Half(bytes::Bytes),
        Stalled,
        Done,
    }
    let body = futures::stream::unfold(Part::Half(half), move |part| {
        let connection = connection.clone();
        async move {
            match part {
                Part::Half(half) => {
                    // hyper buffers this chunk before it next flushes the stream, so the
                    // cut comes right after these bytes.
                    if let Some(c) = &connection {
                        c.cut_after_flush();
                    }
                    Some((Ok(half), Part::Stalled))
                }
                Part::Stalled => {
                    // The connection is cut long before this. Should it not be, the body
                    // fails, which makes hyper abort the connection; late enough that
                    // the tests, which wait 10 s at most, notice.
                    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                    Some((
                        Err(std::io::Error::other("body cut short by fault injection")),
                        Part::Done,
                    ))
                }
                Part::Done => None,
            }
        }
    });
    Response::from_parts(parts, axum::body::Body::from_stream(body))
}

/// The services say `application/json; charset=utf-8`.
fn json_utf8(mut response: Response) -> Response {
    if response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/json")
    {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    response
}

fn alert_routes() -> Router<DemoState> {
    Router::new()
        .route("/query-alerts", post(alerts::query_alerts))
        .route("/query-details", post(alerts::query_details))
        .route("/update-state", post(alerts::update_state))
        .route("/add-note", post(alerts::add_note))
        .route("/resolve-alert", post(alerts::resolve_alert))
        .route("/reopen-alert", post(alerts::reopen_alert))
        .route("/rules/query-rule-metadata", post(alerts::rule_metadata))
        .route("/query-details-aggregate", post(alerts::aggregate))
}

fn rule_detail_routes() -> Router<DemoState> {
    Router::new()
        .route(
            "/query-endpoint-exfiltration-rule",
            post(rules::query_rule_v1),
        )
        .route(
            "/query-cloud-share-permissions-rule",
            post(rules::query_rule_v1),
        )
        .route("/query-file-type-mismatch-rule", post(rules::query_rule_v1))
        .route("/query-file-name-rule", post(rules::query_rule_v1))
        .route("/query-users", post(rules::query_users_v1))
}

fn case_routes() -> Router<DemoState> {
    Router::new()
        .route(
            "/{number}",
            get(cases::get).put(cases::update).delete(cases::delete),
        )
        .route(
            "/{number}/fileevent",
            get(cases::list_events).post(cases::add_many_events),
        )
        .route(
            "/{number}/fileevent/{event_id}",
            post(cases::add_one_event)
                .get(cases::get_event)
                .delete(cases::remove_event),
        )
}

fn watchlist_routes() -> Router<DemoState> {
    use watchlists as w;
    Router::new()
        .route("/{id}", get(w::get).patch(w::update).delete(w::delete))
        .route("/{id}/members", get(w::members_page))
        .route("/{id}/members/{actor_id}", get(w::member))
        .route("/{id}/included-actors", get(w::included_actors))
        .route("/{id}/included-actors/{actor_id}", get(w::included_actor))
        .route("/{id}/included-actors/add", post(w::add_included_actors))
        .route(
            "/{id}/included-actors/delete",
            post(w::remove_included_actors),
        )
        .route("/{id}/excluded-actors", get(w::excluded_actors))
        .route("/{id}/excluded-actors/{actor_id}", get(w::excluded_actor))
        .route("/{id}/excluded-actors/add", post(w::add_excluded_actors))
        .route(
            "/{id}/excluded-actors/delete",
            post(w::remove_excluded_actors),
        )
        .route("/{id}/included-departments", get(w::departments))
        .route("/{id}/included-departments/{name}", get(w::department))
        .route("/{id}/included-departments/add", post(w::add_departments))
        .route(
            "/{id}/included-departments/delete",
            post(w::remove_departments),
        )
        .route("/{id}/included-directory-groups", get(w::directory_groups))
        .route(
            "/{id}/included-directory-groups/{group_id}",
            get(w::directory_group),
        )
        .route(
            "/{id}/included-directory-groups/add",
            post(w::add_directory_groups),
        )
        .route(
            "/{id}/included-directory-groups/delete",
            post(w::remove_directory_groups),
        )
}

pub fn router(state: DemoState) -> Router {
    Router::new()
        // logins
        .route("/v1/oauth", post(auth::oauth))
        .route("/api/v3/oauth/token", post(auth::oauth))
        .route("/api/v3/auth/jwt", get(auth::user_jwt))
        .route("/c42api/v3/auth/jwt", get(auth::user_jwt))
        .route("/v1/auth", get(auth::gateway_user_auth))
        // console
        .route("/api/v3/customer/my", get(console::customer_my))
        .route("/c42api/v3/customer/my", get(console::customer_my))
        .route("/v1/customer", get(console::customer))
        .route("/api/v1/User/my", get(console::user_my))
        .route("/api/User/my", get(console::user_my))
        .route(
            "/api/v3/LoginConfiguration",
            get(console::login_configuration),
        )
        .route("/api/v1/ServerEnv", get(console::server_env))
        .route("/api/ServerEnv", get(console::server_env))
        .route("/v1/{key}", get(console::service_url))
        // alerts
        .nest("/v1/alerts", alert_routes())
        .nest("/svc/api/v1", alert_routes())
        .route(
            "/svc/api/v2/query-details-aggregate",
            post(alerts::aggregate),
        )
        .route("/api/v2/query-details-aggregate", post(alerts::aggregate))
        // rules
        .route("/v2/alert-rules", get(rules::list_v2))
        .route("/v2/alert-rules/{id}", get(rules::get_v2))
        .route("/v2/alert-rules/{id}/users", get(rules::users_v2))
        .nest("/v1/alert-rules", rule_detail_routes())
        .nest("/svc/api/v1/Rules", rule_detail_routes())
        // file events
        .route("/v2/file-events", post(file_events::search_v2))
        .route("/v2/file-events/grouping", post(file_events::grouping))
        .route("/v1/file-events", post(file_events::search_v1))
        .route(
            "/forensic-search/queryservice/api/v2/fileevent",
            post(file_events::search_v2),
        )
        .route(
            "/forensic-search/queryservice/api/v1/fileevent",
            post(file_events::search_v1),
        )
        // sessions
        .route("/v1/sessions", get(sessions::search))
        .route("/v1/sessions/change-state", post(sessions::change_state))
        .route("/v1/sessions/change-states", post(sessions::change_states))
        .route("/v1/sessions/{id}", get(sessions::get))
        .route("/v1/sessions/{id}/events", get(sessions::events))
        .route(
            "/v1/sessions/{id}/change-state",
            post(sessions::change_one_state),
        )
        .route("/v1/sessions/{id}/add-note", post(sessions::add_note))
        // actors
        .route("/v1/actors/actor/search", get(actors::search))
        .route("/v1/actors/actor/search/parent", get(actors::search))
        .route(
            "/v1/actors/actor/id/{id}",
            get(actors::get_by_id).patch(actors::update),
        )
        .route("/v1/actors/actor/id/{id}/parent", get(actors::get_by_id))
        .route(
            "/v1/actors/actor/name/{name}/parent",
            get(actors::get_by_name_parent),
        )
        .route("/v1/actors/actor/id/{id}/family", get(actors::family_by_id))
        .route(
            "/v1/actors/actor/name/{name}/family",
            get(actors::family_by_name),
        )
        // watchlists
        .route(
            "/v2/watchlists",
            get(watchlists::list).post(watchlists::create),
        )
        .nest("/v2/watchlists", watchlist_routes())
        // cases
        .route("/v1/cases", post(cases::create).get(cases::list))
        .nest("/v1/cases", case_routes())
        .route("/api/v1/case", post(cases::create).get(cases::list))
        .nest("/api/v1/case", case_routes())
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), inject_faults))
        .with_state(state)
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(serde_json::json!({"error": "not found"})),
    )
        .into_response()
}
