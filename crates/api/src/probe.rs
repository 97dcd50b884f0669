//! Single, unretried calls for `triage42 doctor`: a login and a tenant look-up, each timed
//! and with the server's `Date`, over an HTTP client set up as the real one is (proxy,
//! extra CA bundle, timeouts).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::auth::Token;
use super::config::{ClientConfig, load_ca_bundle};
use super::error::ApiError;

/// One call's answer with its timing.
#[derive(Debug, Clone)]
pub struct Timed<T> {
    pub value: T,
    /// From sending the request to the end of the answer.
    pub elapsed: Duration,
    /// The server's clock minus ours at the middle of the call, from its `Date` header
    /// (`None`: no readable `Date`). `Date` has whole seconds, so ±1 s is noise.
    pub skew: Option<chrono::TimeDelta>,
}

/// The tenant, as `GET /v1/customer` names it.
#[derive(Debug, Clone, Default)]
pub struct Tenant {
    pub id: Option<String>,
    pub name: Option<String>,
}

pub struct Prober {
    http: reqwest::Client,
    config: ClientConfig,
    token: Option<String>,
}

/// How many certificates the extra CA bundle holds (the file is read as the client reads it).
pub fn ca_bundle_certificates(config: &ClientConfig) -> Result<Option<usize>, ApiError> {
    match &config.extra_ca_pem {
        Some(path) => load_ca_bundle(path).map(|certs| Some(certs.len())),
        None => Ok(None),
    }
}

fn skew_of(
    response: &reqwest::Response,
    sent: DateTime<Utc>,
    elapsed: Duration,
) -> Option<chrono::TimeDelta> {
    let date = response
        .headers()
        .get(reqwest::header::DATE)?
        .to_str()
        .ok()?;
    let server = DateTime::parse_from_rfc2822(date.trim())
        .ok()?
        .with_timezone(&Utc);
    let half = chrono::TimeDelta::from_std(elapsed.checked_div(2)?).ok()?;
    let middle = sent.checked_add_signed(half)?;
    Some(server.signed_duration_since(middle))
}

impl Prober {
    pub fn new(config: &ClientConfig) -> Result<Prober, ApiError> {
        config.validate()?;
        let mut builder = reqwest::Client::builder()
            .timeout(config.timeout.min(Duration::from_secs(30)))
            .connect_timeout(config.timeout.min(Duration::from_secs(15)))
            .user_agent(concat!("triage42/", env!("CARGO_PKG_VERSION"), " doctor"));
        if let Some(proxy) = &config.proxy {
            let proxy = reqwest::Proxy::all(proxy).map_err(|e| {
                ApiError::Config(format!(
                    "proxy {:?}: {e}",
                    crate::mask_url_credentials(proxy)
                ))
            })?;
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
        Ok(Prober {
            http,
            config: config.clone(),
            token: None,
        })
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Timed<String>, ApiError> {
        let sent = Utc::now();
        let start = Instant::now();
        let response = request.send().await.map_err(ApiError::from_reqwest)?;
        let status = response.status();
        let headers_at = start.elapsed();
        let skew = skew_of(&response, sent, headers_at);
        let body = response.text().await.map_err(ApiError::from_reqwest)?;
        let elapsed = start.elapsed();
        if !status.is_success() {
            return Err(ApiError::from_response(status.as_u16(), &body, None));
        }
        Ok(Timed {
            value: body,
            elapsed,
            skew,
        })
    }

    /// Logs in (`POST /v1/oauth`); the value is the tenant id the token carries, if any.
    pub async fn login(&mut self) -> Result<Timed<Option<String>>, ApiError> {
        let url = format!("{}/v1/oauth", self.config.base_url);
        let request = self
            .http
            .post(&url)
            .basic_auth(&self.config.client_id, Some(&self.config.client_secret));
        let answer = self.send(request).await?;
        let token = Token::from_response(&answer.value, Instant::now())?;
        let tenant = token.tenant_id.clone();
        self.token = Some(token.access_token);
        Ok(Timed {
            value: tenant,
            elapsed: answer.elapsed,
            skew: answer.skew,
        })
    }

    /// `GET /v1/customer` with the token of [`Prober::login`].
    pub async fn tenant(&self) -> Result<Timed<Tenant>, ApiError> {
        let token = self
            .token
            .as_deref()
            .ok_or_else(|| ApiError::InvalidInput("not logged in".into()))?;
        let url = format!("{}/v1/customer", self.config.base_url);
        let answer = self.send(self.http.get(&url).bearer_auth(token)).await?;
        let v: serde_json::Value = serde_json::from_str(&answer.value)
            .map_err(|e| ApiError::Decode(format!("GET /v1/customer: {e}")))?;
        let text = |key: &str| {
            v.get(key)
                .and_then(|t| t.as_str())
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
        };
        Ok(Timed {
            value: Tenant {
                id: text("tenantId"),
                name: text("name"),
            },
            elapsed: answer.elapsed,
            skew: answer.skew,
        })
    }
}
