//! Error bodies in the shapes each service uses, so clients can read them.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Alerts service: `problems[]` with `type` and `badFilter`.
pub fn alert_problem(status: StatusCode, kind: &str, bad_filter: &str) -> Response {
    (
        status,
        Json(
            json!({"type$": "ALERT_QUERY_RESPONSE", "alerts": [], "totalCount": 0,
                         "problems": [{"type": kind, "badFilter": bad_filter}],
                         "message": format!("{kind}: {bad_filter}")}),
        ),
    )
        .into_response()
}

/// Cases service: `{"problem", "description"}`; clients match the code as a substring.
pub fn case_problem(status: StatusCode, code: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"problem": code, "description": description})),
    )
        .into_response()
}

pub fn unauthorized(message: &str) -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [(header::WWW_AUTHENTICATE, "Bearer")],
        Json(json!({"error": "unauthorized", "message": message})),
    )
        .into_response()
}

/// 200 with an empty body, as update-state and add-note answer.
pub fn empty_ok() -> Response {
    StatusCode::OK.into_response()
}
