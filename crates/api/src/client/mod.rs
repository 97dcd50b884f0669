//! The Code42 client: a cheap-to-clone handle over one connection pool and token. Its
//! calls are grouped by service: `alerts`, `file_events`, `cases`, `sessions`, `actors`,
//! `watchlists`, and `changes` for most of what changes the tenant (actors, cases and
//! watchlists journal their own edits through its helpers).

mod actors;
mod alerts;
pub use alerts::{DEFAULT_IN_FLIGHT, DetailsAnswer, MAX_IN_FLIGHT, Placed, in_search_order};
mod cases;
mod changes;
mod file_events;
mod listing;
mod sessions;
mod watchlists;

use std::sync::Arc;

use reqwest::Method;

use super::error::ApiError;
use super::transport::{Body, ClientConfig, Idempotency, Transport};

/// The most alert ids the service takes in one call.
pub const MAX_IDS_PER_CALL: usize = 100;
/// The longest note, in UTF-16 code units (the stricter of the services' two counts).
pub const MAX_NOTE_LEN: usize = 2000;
/// Length of a note as the limit counts it.
pub fn note_length(note: &str) -> usize {
    note.encode_utf16().count()
}

pub fn check_note(note: &str) -> Result<(), ApiError> {
    let n = note_length(note);
    if n > MAX_NOTE_LEN {
        return Err(ApiError::InvalidInput(format!(
            "the note is {n} characters; the limit is {MAX_NOTE_LEN}"
        )));
    }
    Ok(())
}

/// A cheap-to-clone handle; all clones share one connection pool and token.
#[derive(Clone)]
pub struct Client {
    pub(super) transport: Arc<Transport>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        Ok(Client {
            transport: Transport::new(config)?,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.transport.config.base_url
    }

    /// The tenant id, from the token's `tenantUid` claim or else `GET /v1/customer` (asked once).
    pub async fn tenant_id(&self) -> Result<String, ApiError> {
        if let Some(t) = self.transport.token_retried().await?.tenant_id {
            return Ok(t);
        }
        if let Some(t) = self.transport.cached_customer_tenant() {
            return Ok(t);
        }
        let v: serde_json::Value = self
            .transport
            .request(
                Method::GET,
                "/v1/customer",
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await?;
        let tenant = v
            .get("tenantId")
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::Decode("GET /v1/customer has no tenantId".into()))?;
        self.transport.remember_customer_tenant(tenant);
        Ok(tenant.to_string())
    }

    pub(super) async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: serde_json::Value,
        idempotency: Idempotency,
    ) -> Result<T, ApiError> {
        self.transport
            .request(Method::POST, path, &[], Body::Json(&body), idempotency)
            .await
    }

    pub(super) async fn post_no_content(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<(), ApiError> {
        self.transport
            .request_text(
                Method::POST,
                path,
                &[],
                Body::Json(&body),
                Idempotency::Mutation,
            )
            .await
            .map(|_| ())
    }
}

/// Percent-encodes everything but unreserved characters, for ids placed in a path.
pub(crate) fn encode_path(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
