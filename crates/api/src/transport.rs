//! HTTP transport: the connection pool, the bearer token (renewed by clock and once on
//! a 401) and the retry loop.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::auth::Token;
pub use super::config::ClientConfig;
use super::config::load_ca_bundle;
use super::error::ApiError;
pub(crate) use super::retry::Idempotency;
use super::retry::{RetryPolicy, parse_retry_after};

pub(crate) struct Transport {
    pub config: ClientConfig,
    http: reqwest::Client,
    token: Mutex<Option<Token>>,
    /// From `GET /v1/customer`, when the token does not carry it.
    customer_tenant: std::sync::Mutex<Option<String>>,
    /// How many answers were 429 (rate limited), retried or not: callers that keep
    /// several requests in flight slow down when it grows.
    rate_limited: std::sync::atomic::AtomicU64,
    /// The tenant has answered at least once: a connection refused after that is a
    /// passing fault, before it a setup mistake.
    reached: std::sync::atomic::AtomicBool,
}

pub(crate) enum Body<'a> {
    None,
    Json(&'a serde_json::Value),
}

impl Transport {
    pub fn new(config: ClientConfig) -> Result<Arc<Self>, ApiError> {
        config.validate()?;
        let base = reqwest::Url::parse(&config.base_url)
            .map_err(|e| ApiError::Config(format!("the URL: {e}")))?;
        // reqwest reads HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and NO_PROXY by default.
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(15)))
            .tcp_nodelay(true)
            .redirect(same_origin_redirects(&base))
            .user_agent(concat!("triage42/", env!("CARGO_PKG_VERSION")));
        let proxy = match &config.proxy {
            Some(proxy) => Some(
                reqwest::Proxy::all(proxy)
                    .map_err(|e| ApiError::Config(format!("proxy {proxy:?}: {e}")))?,
            ),
            None => None,
        };
        if super::config::is_loopback(&base) {
            // This machine is never reached through a proxy (nor are a proxy's
            // credentials sent for it): the demo tenant works whatever the environment.
            builder = builder.no_proxy();
            // Nor is TLS spoken to it over http (redirects keep to the origin): the
            // system's root certificates, a few milliseconds of files to read and parse
            // at every start, are not loaded.
            if base.scheme() == "http" {
                builder = builder.tls_built_in_root_certs(false);
            }
        } else if let Some(proxy) = proxy {
            builder = builder.proxy(proxy);
        }
        if let Some(path) = &config.extra_ca_pem {
            for cert in load_ca_bundle(path)? {
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
            customer_tenant: std::sync::Mutex::new(None),
            rate_limited: std::sync::atomic::AtomicU64::new(0),
            reached: std::sync::atomic::AtomicBool::new(false),
        }))
    }

    /// A request's error: a connection refused (or a name that does not resolve) by a
    /// tenant never reached says what to check.
    fn send_error(&self, e: reqwest::Error) -> ApiError {
        if e.is_connect() && !self.reached.load(std::sync::atomic::Ordering::Relaxed) {
            let why = match ApiError::from_reqwest(e) {
                // The innermost cause ("Connection refused (os error 111)") says it.
                ApiError::Network(why) => why.rsplit(": ").next().unwrap_or_default().to_string(),
                other => other.to_string(),
            };
            return ApiError::Unreachable(format!(
                "could not reach {} ({why}); is the URL right? `triage42 doctor` checks the \
                 setup",
                super::mask::mask_url_credentials(&self.config.base_url)
            ));
        }
        ApiError::from_reqwest(e)
    }

    /// The tenant answered.
    fn answered(&self) {
        self.reached
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// How many 429 answers this client has had so far.
    pub fn rate_limited_count(&self) -> u64 {
        self.rate_limited.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn policy(&self) -> RetryPolicy {
        RetryPolicy {
            deadline: self.config.retry_deadline,
            max_retries: self.config.max_retries,
            backoff_base: self.config.backoff_base,
            max_backoff: self.config.max_backoff,
        }
    }

    async fn fetch_token(&self) -> Result<Token, ApiError> {
        let url = format!("{}/v1/oauth", self.config.base_url);
        let response = self
            .http
            .post(&url)
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret))
            .send()
            .await
            .map_err(|e| self.send_error(e))?;
        self.answered();
        let status = response.status();
        let retry_after = retry_after_of(&response);
        let text = text_of(self.read_body(response).await?);
        if !status.is_success() {
            return Err(ApiError::from_response(status.as_u16(), &text, retry_after));
        }
        Token::from_response(&text, Instant::now())
    }

    /// The whole body, refused past the size limit; a body cut short is `Incomplete`.
    /// The answer's body, as bytes: turned into text by [`text_of`] where it is read
    /// (for a large answer, off the async thread).
    async fn read_body(&self, response: reqwest::Response) -> Result<Vec<u8>, ApiError> {
        let limit = self.config.max_body_bytes;
        let too_large = || ApiError::TooLarge {
            limit_mib: limit / (1024 * 1024),
        };
        if response.content_length().is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        // Room for what the server announced (a few hundred KB per details call) saves
        // growing the buffer chunk by chunk; an announcement past a few MiB is not
        // trusted with memory up front.
        let announced = response
            .content_length()
            .unwrap_or(0)
            .min(ANNOUNCED_BODY_CAP);
        let mut body = crate::buffers::take(usize::try_from(announced).unwrap_or(0));
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk =
                chunk.map_err(|e| ApiError::Incomplete(ApiError::from_reqwest(e).to_string()))?;
            let total = u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX);
            if total > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn notify_retry(&self, error: &ApiError, wait: Duration, attempt: u32) {
        let Some(observer) = &self.config.on_retry else {
            return;
        };
        let reason = match error {
            ApiError::RateLimited { .. } => "rate limited".to_string(),
            ApiError::Server { status, .. } => format!("server error {status}"),
            ApiError::Timeout => "timed out".to_string(),
            ApiError::Incomplete(_) => "answer cut short".to_string(),
            ApiError::Network(_) => "connection failed".to_string(),
            ApiError::Unreachable(why) => why.clone(),
            other => other.to_string(),
        };
        (observer.0)(&super::config::RetryNotice {
            reason,
            wait,
            attempt: attempt.saturating_add(1),
        });
    }

    /// A token that is valid for a while yet; logs in when needed. Concurrent callers
    /// wait for one login rather than each making their own.
    pub async fn token(&self) -> Result<Token, ApiError> {
        let mut slot = self.token.lock().await;
        if let Some(t) = slot.as_ref().filter(|t| t.is_fresh(Instant::now())) {
            return Ok(t.clone());
        }
        let fresh = self.fetch_token().await?;
        *slot = Some(fresh.clone());
        Ok(fresh)
    }

    /// A token, logging in again after failures the retry policy allows (logging in
    /// changes nothing, so it is retried like a read).
    pub async fn token_retried(&self) -> Result<Token, ApiError> {
        let policy = self.policy();
        let started = Instant::now();
        let mut attempt = 0u32;
        loop {
            let error = match self.token().await {
                Ok(token) => return Ok(token),
                Err(e) => e,
            };
            if self.gives_up(&error) {
                return Err(error);
            }
            let Some(wait) =
                policy.wait_before_retry(&error, Idempotency::Safe, attempt, started.elapsed())
            else {
                return Err(error);
            };
            tracing::warn!(attempt, ?wait, "retrying the login after: {error}");
            self.notify_retry(&error, wait, attempt.saturating_add(1));
            tokio::time::sleep(wait).await;
            attempt = attempt.saturating_add(1);
        }
    }

    /// Drops the token the server refused, unless another caller already replaced it.
    async fn forget_token(&self, stale: &str) {
        let mut slot = self.token.lock().await;
        if slot.as_ref().is_some_and(|t| t.access_token == stale) {
            *slot = None;
        }
    }

    pub fn cached_customer_tenant(&self) -> Option<String> {
        self.customer_tenant
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn remember_customer_tenant(&self, tenant: &str) {
        *self
            .customer_tenant
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(tenant.to_string());
    }

    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        query: &[(&str, String)],
        body: &Body<'_>,
        token: &str,
    ) -> Result<(StatusCode, Option<Duration>, Vec<u8>), ApiError> {
        let url = format!("{}{}", self.config.base_url, path);
        let mut request = self
            .http
            .request(method.clone(), &url)
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "application/json");
        if !query.is_empty() {
            request = request.query(query);
        }
        request = match body {
            Body::None => request,
            Body::Json(v) => request.json(v),
        };
        let response = request.send().await.map_err(|e| self.send_error(e))?;
        self.answered();
        let status = response.status();
        let retry_after = retry_after_of(&response);
        let text = self.read_body(response).await?;
        Ok((status, retry_after, text))
    }

    /// Sends a request: logs in when needed, renews the token once on a 401, and
    /// retries what the retry policy allows, until its deadline.
    pub async fn request_text(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<String, ApiError> {
        self.request_body(method, path, query, body, idempotency)
            .await
            .map(text_of)
    }

    /// As [`Self::request_text`], the answer's bytes as they came (see [`text_of`]).
    pub async fn request_body(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency: Idempotency,
    ) -> Result<Vec<u8>, ApiError> {
        let policy = self.policy();
        let started = Instant::now();
        let mut attempt = 0u32;
        let mut renewed = false;
        loop {
            let mut from_login = false;
            let (error, idem) = match self.token().await {
                // Logging in changes nothing, so its failures are retried like a read.
                Err(e) => {
                    from_login = true;
                    (e, Idempotency::Safe)
                }
                Ok(token) => match self
                    .send_once(&method, path, query, &body, &token.access_token)
                    .await
                {
                    Ok((status, _, text)) if status.is_success() => return Ok(text),
                    Ok((StatusCode::UNAUTHORIZED, _, _)) => {
                        // A token refused (revoked, or expired early): log in again, at
                        // once the first time, then with back-off within the deadline;
                        // credentials the login refuses end it (that 401 is the login's).
                        self.forget_token(&token.access_token).await;
                        tracing::debug!(%path, "token refused; logging in again");
                        if !renewed {
                            renewed = true;
                            continue;
                        }
                        (ApiError::Unauthorized, Idempotency::Safe)
                    }
                    Ok((status, retry_after, text)) => (
                        ApiError::from_response(status.as_u16(), &text_of(text), retry_after),
                        idempotency,
                    ),
                    Err(e) => (e, idempotency),
                },
            };
            if matches!(error, ApiError::RateLimited { .. }) {
                self.rate_limited
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            if self.gives_up(&error) {
                return Err(error);
            }
            // A token refused again: the same back-off as a passing fault.
            let wait = if renewed && !from_login && error == ApiError::Unauthorized {
                let wait = policy.backoff(attempt);
                (started.elapsed().saturating_add(wait) <= policy.deadline
                    && attempt < policy.max_retries)
                    .then_some(wait)
            } else {
                policy.wait_before_retry(&error, idem, attempt, started.elapsed())
            };
            let Some(wait) = wait else {
                return Err(error);
            };
            tracing::warn!(%path, attempt, ?wait, "retrying after: {error}");
            self.notify_retry(&error, wait, attempt.saturating_add(1));
            tokio::time::sleep(wait).await;
            attempt = attempt.saturating_add(1);
        }
    }

    /// A tenant never reached is not retried unless the caller keeps trying.
    fn gives_up(&self, error: &ApiError) -> bool {
        matches!(error, ApiError::Unreachable(_)) && !self.config.retry_unreached
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

    /// As [`Self::request`], with the answer read by `decode` on a blocking thread: for
    /// large answers (a page of 500 alerts), whose reading would hold up the other
    /// calls' on a single-threaded runtime.
    pub async fn request_decoded_aside<T: Send + 'static>(
        &self,
        method: Method,
        path: &str,
        body: Body<'_>,
        idempotency: Idempotency,
        decode: fn(&str) -> serde_json::Result<T>,
    ) -> Result<T, ApiError> {
        let bytes = self
            .request_body(method, path, &[], body, idempotency)
            .await?;
        let path = path.to_string();
        tokio::task::spawn_blocking(move || {
            decode(&text_of(bytes)).map_err(|e| ApiError::Decode(format!("{path}: {e}")))
        })
        .await
        .map_err(|e| ApiError::Unknown(format!("decoding {e}")))?
    }
}

/// An answer's text: its bytes when they are UTF-8 (the rule), else with each byte
/// that is not replaced by U+FFFD, so one bad byte never fails a page.
pub(crate) fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Redirects that stay on the tenant's origin (scheme, host and port) are followed, at
/// most a few; one elsewhere, or from https to http, is an error that names it, so a
/// note or a case's findings are never sent again to another host.
fn same_origin_redirects(base: &reqwest::Url) -> reqwest::redirect::Policy {
    let origin = base.origin();
    reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.url().origin() != origin {
            let to = super::mask::mask_url_credentials(attempt.url().as_str());
            let error = format!(
                "the server redirected to {to}, away from {}; not followed",
                origin.ascii_serialization()
            );
            return attempt.error(error);
        }
        if attempt.previous().len() >= MAX_REDIRECTS {
            return attempt.error(format!("more than {MAX_REDIRECTS} redirects"));
        }
        attempt.follow()
    })
}

/// Redirects followed within the tenant's origin.
const MAX_REDIRECTS: usize = 5;

/// The most body memory reserved from a `Content-Length` before any byte arrived.
const ANNOUNCED_BODY_CAP: u64 = 8 * 1024 * 1024;

fn retry_after_of(response: &reqwest::Response) -> Option<Duration> {
    response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after)
}
