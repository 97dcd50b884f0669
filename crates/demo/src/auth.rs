//! Logins and bearer tokens. Tokens are JWT-shaped (clients read `tenantUid` from them)
//! and only those this server issued, unexpired, are accepted.

use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::problems::unauthorized;
use super::state::DemoState;
use super::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD, DEMO_USERNAME};

fn basic_credentials(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let encoded = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (user, pass) = decoded.split_once(':')?;
    Some((user.to_string(), pass.to_string()))
}

fn form_credentials(body: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(body).ok()?;
    let mut id = None;
    let mut secret = None;
    for pair in text.split('&') {
        let (k, v) = pair.split_once('=')?;
        let v = v.replace('+', " ");
        match k {
            "client_id" => id = Some(v),
            "client_secret" => secret = Some(v),
            _ => {}
        }
    }
    Some((id?, secret?))
}

fn token_body(token: String, lifetime_secs: u64) -> Response {
    Json(json!({"token_type": "bearer", "expires_in": lifetime_secs, "access_token": token}))
        .into_response()
}

fn issue(st: &DemoState, subject: &str) -> String {
    st.tokens.issue(
        subject,
        st.faults.token_epoch(),
        st.faults.token_lifetime_secs(),
    )
}

/// `POST /v1/oauth` and `POST /api/v3/oauth/token`: API-client credentials, Basic or form body.
pub async fn oauth(
    State(st): State<DemoState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(grant) = q.get("grant_type")
        && grant != "client_credentials"
    {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "unsupported_grant_type"})),
        )
            .into_response();
    }
    let creds = basic_credentials(&headers).or_else(|| form_credentials(&body));
    match creds {
        Some((id, secret)) if id == DEMO_CLIENT_ID && secret == DEMO_CLIENT_SECRET => {
            let lifetime = st.faults.token_lifetime_secs();
            let token = st.tokens.issue(&id, st.faults.token_epoch(), lifetime);
            token_body(token, lifetime)
        }
        Some(_) => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "message": "invalid client id or secret"})),
        )
            .into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client", "message": "missing client credentials"})),
        )
            .into_response(),
    }
}

fn user_login(st: &DemoState, headers: &HeaderMap) -> Result<String, Response> {
    match basic_credentials(headers) {
        Some((user, pass)) if user.eq_ignore_ascii_case(DEMO_USERNAME) && pass == DEMO_PASSWORD => {
            Ok(issue(st, DEMO_USERNAME))
        }
        Some((id, secret)) if id == DEMO_CLIENT_ID && secret == DEMO_CLIENT_SECRET => {
            Ok(issue(st, &id))
        }
        _ => Err(unauthorized(
            "Invalid username or password. LoginConfig: LOCAL",
        )),
    }
}

/// `GET /api/v3/auth/jwt?useBody=true`: a user token, wrapped in `data` as the console does.
pub async fn user_jwt(State(st): State<DemoState>, headers: HeaderMap) -> Response {
    match user_login(&st, &headers) {
        Ok(token) => Json(json!({"data": {"v3_user_token": token}})).into_response(),
        Err(r) => r,
    }
}

/// `GET /v1/auth`: the gateway form of the user login.
pub async fn gateway_user_auth(State(st): State<DemoState>, headers: HeaderMap) -> Response {
    match user_login(&st, &headers) {
        Ok(token) => Json(json!({"bearerToken": token})).into_response(),
        Err(r) => r,
    }
}
