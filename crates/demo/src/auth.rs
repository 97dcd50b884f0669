//! Logins and bearer tokens. Tokens are JWT-shaped (clients read `tenantUid` from them)
//! and only those this server issued, unexpired, are accepted.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::Utc;
use serde_json::json;

use super::problems::unauthorized;
use super::server::DemoState;
use super::store::TENANT_ID;
use super::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_PASSWORD, DEMO_USERNAME};

#[derive(Debug)]
struct Issued {
    subject: String,
    /// Milliseconds since the epoch, so that even a one-second lifetime is a full second.
    expires_at_ms: i64,
    epoch: u64,
}

/// The most tokens held valid at once.
pub const MAX_TOKENS: usize = 10_000;

#[derive(Debug, Default)]
pub struct Tokens {
    issued: Mutex<HashMap<String, Issued>>,
    counter: AtomicU64,
}

impl Tokens {
    /// A new token, valid for `lifetime_secs` and until the token epoch moves on.
    pub fn issue(&self, subject: &str, epoch: u64, lifetime_secs: u64) -> String {
        let now_ms = Utc::now().timestamp_millis();
        let lifetime_ms = i64::try_from(lifetime_secs)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        let expires_at_ms = now_ms.saturating_add(lifetime_ms);
        let now = now_ms.div_euclid(1000);
        let expires_at = expires_at_ms.div_euclid(1000);
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = URL_SAFE_NO_PAD.encode(
            json!({"sub": subject, "tenantUid": TENANT_ID, "iat": now, "exp": expires_at, "jti": n})
                .to_string(),
        );
        let mut sig_seed =
            super::seed::Prng::new(now as u64 ^ (n << 20) ^ std::process::id() as u64);
        let signature = URL_SAFE_NO_PAD.encode(sig_seed.hex(43).as_bytes());
        let token = format!("{header}.{payload}.{signature}");
        let mut issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        issued.retain(|_, t| t.expires_at_ms > now_ms);
        // A client logging in without end cannot grow the map without end: the tokens
        // nearest their expiry go first.
        while issued.len() >= MAX_TOKENS {
            let Some(oldest) = issued
                .iter()
                .min_by_key(|(_, t)| t.expires_at_ms)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            issued.remove(&oldest);
        }
        issued.insert(
            token.clone(),
            Issued {
                subject: subject.to_string(),
                expires_at_ms,
                epoch,
            },
        );
        token
    }

    /// The subject of a valid token.
    pub fn verify(&self, token: &str, epoch: u64) -> Option<String> {
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let t = issued.get(token)?;
        (t.expires_at_ms > Utc::now().timestamp_millis() && t.epoch == epoch)
            .then(|| t.subject.clone())
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logging_in_without_end_holds_a_bounded_number_of_tokens() {
        let tokens = Tokens::default();
        let mut last = String::new();
        for _ in 0..MAX_TOKENS + 50 {
            last = tokens.issue("demo-client", 0, 3600);
        }
        let held = tokens.issued.lock().unwrap().len();
        assert!(held <= MAX_TOKENS, "{held}");
        assert_eq!(tokens.verify(&last, 0).as_deref(), Some("demo-client"));
    }
}
