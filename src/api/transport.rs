//! HTTP transport: configuration, the bearer token, retries with backoff.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::error::{ApiError, message_from_body};

/// Renew a token this long before the server says it expires.
const RENEW_MARGIN: Duration = Duration::from_secs(60);
const MAX_RETRY_WAIT: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub client_id: String,
    pub client_secret: String,
    pub extra_ca_pem: Option<PathBuf>,
    pub timeout: Duration,
    pub max_retries: u32,
    /// First backoff step; doubled on each retry, with jitter.
    pub backoff_base: Duration,
    /// A proxy for every request; without it HTTPS_PROXY / NO_PROXY apply.
    pub proxy: Option<String>,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"****")
            .field("extra_ca_pem", &self.extra_ca_pem)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("proxy", &self.proxy)
            .finish()
    }
}

impl ClientConfig {
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientConfig {
            base_url: base_url.into().trim_end_matches('/').to_string(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            extra_ca_pem: None,
            timeout: Duration::from_secs(60),
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            proxy: None,
        }
    }

    /// The official incydr SDK's variables: `INCYDR_URL`, `INCYDR_API_CLIENT_ID`, `INCYDR_API_CLIENT_SECRET`.
    pub fn from_env() -> Result<Self, ApiError> {
        let get = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| ApiError::Config(format!("{name} is not set")))
        };
        Ok(ClientConfig::new(
            get("INCYDR_URL")?,
            get("INCYDR_API_CLIENT_ID")?,
            get("INCYDR_API_CLIENT_SECRET")?,
        ))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub access_token: String,
    pub tenant_id: Option<String>,
    renew_at: Instant,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// Reads `tenantUid` from the JWT payload, as the incydr SDK does.
pub(crate) fn tenant_from_jwt(token: &str) -> Option<String> {
    let payload = token.split('.').rev().nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims
        .get("tenantUid")
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub(crate) struct Transport {
    pub config: ClientConfig,
    http: reqwest::Client,
    token: Mutex<Option<Token>>,
}

/// Whether a call may be repeated after a failure that might have been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    Safe,
    Mutation,
}

pub(crate) enum Body<'a> {
    None,
    Json(&'a serde_json::Value),
}

impl Transport {
    pub fn new(config: ClientConfig) -> Result<Arc<Self>, ApiError> {
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            return Err(ApiError::Config(format!(
                "the URL must start with https:// (got {:?})",
                config.base_url
            )));
        }
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(Duration::from_secs(15))
            .tcp_nodelay(true)
            .user_agent(concat!("triage42/", env!("CARGO_PKG_VERSION")));
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy)
                .map_err(|e| ApiError::Config(format!("proxy {proxy:?}: {e}")))?;
            builder = builder.proxy(proxy);
        }
        if let Some(path) = &config.extra_ca_pem {
            let pem = std::fs::read(path).map_err(|e| {
                ApiError::Config(format!("cannot read CA bundle {}: {e}", path.display()))
            })?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                ApiError::Config(format!("CA bundle {} is not PEM: {e}", path.display()))
            })?;
            if certs.is_empty() {
                return Err(ApiError::Config(format!(
                    "CA bundle {} holds no certificates",
                    path.display()
                )));
            }
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder
            .build()
            .map_err(|e| ApiError::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Arc::new(Transport {
            config,
            http,
            token: Mutex::new(None),
        }))
    }

    async fn fetch_token(&self) -> Result<Token, ApiError> {
        let url = format!("{}/v1/oauth", self.config.base_url);
        let response = self
            .http
            .post(&url)
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
            .send()
            .await
            .map_err(ApiError::from_reqwest)?;
        let status = response.status();
        let text = response.text().await.map_err(ApiError::from_reqwest)?;
        if !status.is_success() {
            return Err(error_for(status, &text, None));
        }
        let parsed: TokenResponse = serde_json::from_str(&text)
            .map_err(|e| ApiError::Decode(format!("token response: {e}")))?;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(900));
        let renew_in = lifetime.saturating_sub(RENEW_MARGIN.min(lifetime / 2));
        Ok(Token {
            tenant_id: tenant_from_jwt(&parsed.access_token),
            access_token: parsed.access_token,
            renew_at: Instant::now() + renew_in,
        })
    }

    /// A token that is valid for a while yet; logs in when needed.
    pub async fn token(&self) -> Result<Token, ApiError> {
        let mut slot = self.token.lock().await;
        if let Some(t) = slot.as_ref().filter(|t| Instant::now() < t.renew_at) {
            return Ok(t.clone());
        }
        let fresh = self.fetch_token().await?;
        *slot = Some(fresh.clone());
        Ok(fresh)
    }

    async fn forget_token(&self, stale: &str) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|t| t.access_token == stale) {
            *slot = None;
        }
    }

    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        query: &[(&str, String)],
        body: &Body<'_>,
        token: &str,
    ) -> Result<(StatusCode, Option<Duration>, String), ApiError> {
        let url = format!("{}{}", self.config.base_url, path);
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(token)
            .header("Accept", "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        request = match body {
            Body::None => request,
            Body::Json(v) => request.json(v),
        };
        let response = request.send().await.map_err(ApiError::from_reqwest)?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let text = response.text().await.map_err(ApiError::from_reqwest)?;
        Ok((status, retry_after, text))
    }

    /// Sends a request with auth renewal (once on a 401) and retries for transient failures.
    pub async fn request_text(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<String, ApiError> {
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            let token = self.token().await?;
            let outcome = self
                .send_once(&method, path, query, &body, &token.access_token)
                .await;
            let error = match outcome {
                Ok((status, _, text)) if status.is_success() => return Ok(text),
                Ok((StatusCode::UNAUTHORIZED, _, _)) if !renewed => {
                    renewed = true;
                    self.forget_token(&token.access_token).await;
                    continue;
                }
                Ok((status, retry_after, text)) => error_for(status, &text, retry_after),
                Err(e) => e,
            };
            // A 429 means the request was not applied, so even a mutation may be repeated.
            let may_retry = match (&error, idempotency) {
                (ApiError::RateLimited { .. }, _) => true,
                (_, Idempotency::Safe) => error.is_transient(),
                (_, Idempotency::Mutation) => false,
            };
            if !may_retry || attempt >= self.config.max_retries {
                return Err(error);
            }
            let wait = match &error {
                ApiError::RateLimited {
                    retry_after: Some(d),
                } => (*d).min(MAX_RETRY_WAIT),
                _ => backoff(self.config.backoff_base, attempt),
            };
            tracing::warn!(%path, attempt, ?wait, "retrying after: {error}");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    pub async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<T, ApiError> {
        let text = self
            .request_text(method, path, query, body, idempotency)
            .await?;
        serde_json::from_str(&text).map_err(|e| ApiError::Decode(format!("{path}: {e}")))
    }
}

/// Exponential backoff with jitter: base * 2^attempt, plus up to half of it again.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let step = base.saturating_mul(1 << attempt.min(6));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let jitter = step.mul_f64(f64::from(nanos % 1000) / 2000.0);
    (step + jitter).min(MAX_RETRY_WAIT)
}

/// `Retry-After` in seconds or as an HTTP date.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

pub(crate) fn error_for(status: StatusCode, body: &str, retry_after: Option<Duration>) -> ApiError {
    let message = message_from_body(body);
    match status.as_u16() {
        400 | 409 | 422 => ApiError::BadRequest(message),
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden(message),
        404 => ApiError::NotFound(message),
        408 | 504 => ApiError::Timeout,
        429 => ApiError::RateLimited { retry_after },
        s => ApiError::Server { status: s, message },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tenant_from_jwt_payload() {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnRVaWQiOiJhYmNkLTEyMzQifQ.QouL";
        assert_eq!(tenant_from_jwt(token).as_deref(), Some("abcd-1234"));
        assert_eq!(tenant_from_jwt("not-a-token"), None);
    }

    #[test]
    fn retry_after_in_seconds_or_date() {
        assert_eq!(parse_retry_after("12"), Some(Duration::from_secs(12)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let base = Duration::from_millis(100);
        assert!(backoff(base, 0) >= base);
        assert!(backoff(base, 3) >= Duration::from_millis(800));
        assert!(backoff(base, 30) <= MAX_RETRY_WAIT);
    }
}
