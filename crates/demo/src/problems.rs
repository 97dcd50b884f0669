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

/// Alerts service: no alert with this id (a 404 with only `problems`, as the service answers).
pub fn alert_not_found(id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"problems": [{"type": "NotFound", "badFilter": id}]})),
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

/// Cases service and v1 rule look-ups: a request that could not be read.
pub fn case_bad_request(detail: &str) -> Response {
    case_problem(StatusCode::BAD_REQUEST, "INVALID_REQUEST", detail)
}

/// Alerts service: a request that could not be read.
pub fn alert_bad_request(detail: &str) -> Response {
    alert_problem(StatusCode::BAD_REQUEST, "InvalidRequest", detail)
}

/// v2 rules: `{"title", "status", "detail"}`, as that service writes its errors.
pub fn rules_bad_request(detail: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"title": "Bad Request", "status": 400, "detail": detail})),
    )
        .into_response()
}

/// Declares an extractor that reads a request part as axum's own extractor does, but answers
/// one it cannot read (wrong JSON types, bad syntax, wrong content type, too large, a path
/// that is not UTF-8) with a 400 in the service's error shape instead of axum's plain-text
/// 400/413/415/422.
macro_rules! service_extractor {
    ($(#[$doc:meta])* json $name:ident => $reject:path) => {
        $(#[$doc])*
        pub struct $name<T>(pub T);

        impl<T, S> axum::extract::FromRequest<S> for $name<T>
        where
            T: serde::de::DeserializeOwned,
            S: Send + Sync,
        {
            type Rejection = axum::response::Response;

            async fn from_request(
                req: axum::extract::Request,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                match <axum::Json<T> as axum::extract::FromRequest<S>>::from_request(req, state)
                    .await
                {
                    Ok(axum::Json(value)) => Ok($name(value)),
                    Err(rejection) => Err($reject(&rejection.body_text())),
                }
            }
        }
    };
    ($(#[$doc:meta])* path $name:ident => $reject:path) => {
        $(#[$doc])*
        pub struct $name<T>(pub T);

        impl<T, S> axum::extract::FromRequestParts<S> for $name<T>
        where
            T: serde::de::DeserializeOwned + Send,
            S: Send + Sync,
        {
            type Rejection = axum::response::Response;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                match <axum::extract::Path<T> as axum::extract::FromRequestParts<S>>::from_request_parts(parts, state)
                    .await
                {
                    Ok(axum::extract::Path(value)) => Ok($name(value)),
                    Err(rejection) => Err($reject(&rejection.body_text())),
                }
            }
        }
    };
    ($(#[$doc:meta])* bytes $name:ident => $reject:path) => {
        $(#[$doc])*
        pub struct $name(pub axum::body::Bytes);

        impl<S> axum::extract::FromRequest<S> for $name
        where
            S: Send + Sync,
        {
            type Rejection = axum::response::Response;

            async fn from_request(
                req: axum::extract::Request,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                match <axum::body::Bytes as axum::extract::FromRequest<S>>::from_request(req, state)
                    .await
                {
                    Ok(bytes) => Ok($name(bytes)),
                    Err(rejection) => Err($reject(&rejection.body_text())),
                }
            }
        }
    };
}

pub(crate) use service_extractor;
