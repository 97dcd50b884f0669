//! What every handler of the demo tenant shares: its state (the tenant's data, the
//! tokens it issued, its faults) and the caller check. Kept apart from the router so
//! that the handlers and the router do not import each other.

use std::sync::{Arc, RwLock};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::faults::FaultInjector;
use super::problems::unauthorized;
use super::session_data::SessionStore;
use super::store::Store;
use super::tokens::Tokens;

#[derive(Clone)]
pub struct DemoState {
    pub store: Arc<RwLock<Store>>,
    pub sessions: Arc<RwLock<SessionStore>>,
    pub tokens: Arc<Tokens>,
    pub faults: Arc<FaultInjector>,
    pub base_url: String,
}

/// Who is calling: the subject of a valid bearer token. Rejects with 401 otherwise.
pub struct Caller(pub String);

impl FromRequestParts<DemoState> for Caller {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        st: &DemoState,
    ) -> Result<Self, Self::Rejection> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .map(str::trim);
        let Some(token) = token.filter(|t| !t.is_empty()) else {
            return Err(unauthorized("missing bearer token"));
        };
        match st.tokens.verify(token, st.faults.token_epoch()) {
            Some(subject) => Ok(Caller(subject)),
            None => Err(unauthorized("invalid or expired token")),
        }
    }
}

/// The base URL a client reached us on; every service lives on this one port.
pub fn base_url_of(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}
