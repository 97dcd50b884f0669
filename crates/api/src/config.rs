//! How to reach a tenant: URL, API client credentials, TLS trust and retry limits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::error::ApiError;
use super::mask::mask_url_credentials;

pub const ENV_URL: &str = "INCYDR_URL";
pub const ENV_CLIENT_ID: &str = "INCYDR_API_CLIENT_ID";
pub const ENV_CLIENT_SECRET: &str = "INCYDR_API_CLIENT_SECRET";

/// How long failed reads are retried by default.
pub const DEFAULT_RETRY_DEADLINE: Duration = Duration::from_secs(180);
/// The largest answer read by default: generous, but not unbounded.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;

/// One retry about to happen, for the status bar or stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    /// What failed, in a word: "rate limited", "server error 503", "connection dropped".
    pub reason: String,
    pub wait: Duration,
    /// The attempt about to be made (the first retry is attempt 2).
    pub attempt: u32,
}

impl std::fmt::Display for RetryNotice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.wait.as_secs_f64();
        if secs < 1.0 {
            write!(
                f,
                "{}, retrying in {:.1} s (attempt {})",
                self.reason, secs, self.attempt
            )
        } else {
            write!(
                f,
                "{}, retrying in {} s (attempt {})",
                self.reason,
                secs.round(),
                self.attempt
            )
        }
    }
}

/// Called with each `RetryNotice`.
#[derive(Clone)]
pub struct RetryObserver(pub std::sync::Arc<dyn Fn(&RetryNotice) + Send + Sync>);

impl RetryObserver {
    pub fn new(f: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        RetryObserver(std::sync::Arc::new(f))
    }
}

#[derive(Clone)]
pub struct ClientConfig {
    pub base_url: String,
    pub client_id: String,
    pub client_secret: String,
    /// Extra trusted CA certificates (a PEM file, possibly several certificates),
    /// for TLS-inspecting proxies; the system roots stay trusted.
    pub extra_ca_pem: Option<PathBuf>,
    /// Per request, from connecting to the last byte of the answer.
    pub timeout: Duration,
    /// Failed calls that may be repeated are retried until this long after the first
    /// attempt; a wait (a backoff step or the server's `Retry-After`) that would end
    /// later is not started, and the error is returned.
    pub retry_deadline: Duration,
    /// An upper bound on retries, for callers that want fewer (default: none but the deadline).
    pub max_retries: u32,
    /// First backoff step; doubled on each retry, with jitter.
    pub backoff_base: Duration,
    /// The longest backoff step.
    pub max_backoff: Duration,
    /// Answers larger than this are refused with `ApiError::TooLarge`.
    pub max_body_bytes: u64,
    /// Told of every retry ("rate limited, retrying in 12 s (attempt 3)").
    pub on_retry: Option<RetryObserver>,
    /// Told of every change before it is sent and of its outcome (the audit journal).
    pub change_log: Option<std::sync::Arc<dyn super::audit::ChangeLog>>,
    /// A proxy for every request; without it HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply.
    pub proxy: Option<String>,
    /// Allow `http://` to a host that is not loopback. The client secret is sent with
    /// Basic auth, so over plain HTTP anyone on the path can read it.
    pub allow_insecure_http: bool,
    /// Retry a tenant that refuses the connection (or whose name does not resolve) even
    /// before it has ever answered (the TUI, which says so and keeps trying); otherwise
    /// that first failure is a setup mistake and is returned at once, with a hint.
    pub retry_unreached: bool,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("base_url", &mask_url_credentials(&self.base_url))
            .field("client_id", &self.client_id)
            .field("client_secret", &"****")
            .field("extra_ca_pem", &self.extra_ca_pem)
            .field("timeout", &self.timeout)
            .field("retry_deadline", &self.retry_deadline)
            .field("max_retries", &self.max_retries)
            .field("backoff_base", &self.backoff_base)
            .field("max_backoff", &self.max_backoff)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("proxy", &self.proxy.as_deref().map(mask_url_credentials))
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("retry_unreached", &self.retry_unreached)
            .finish()
    }
}

/// Whether a URL's host is this machine: 127.0.0.0/8, ::1 (also as ::ffff:127.x.x.x) or
/// `localhost` (the parser has already turned 2130706433 and 0x7f.1 into 127.0.0.1 and
/// lower-cased names).
pub(crate) fn is_loopback(url: &reqwest::Url) -> bool {
    let host = url.host_str().unwrap_or_default();
    match host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
    {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => host == "localhost",
    }
}

impl ClientConfig {
    pub fn new(
        base_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientConfig {
            base_url: base_url.into().trim().trim_end_matches('/').to_string(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            extra_ca_pem: None,
            timeout: Duration::from_secs(60),
            retry_deadline: DEFAULT_RETRY_DEADLINE,
            max_retries: u32::MAX,
            backoff_base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            on_retry: None,
            change_log: None,
            proxy: None,
            allow_insecure_http: false,
            retry_unreached: false,
        }
    }

    /// The official incydr SDK's variables: `INCYDR_URL`, `INCYDR_API_CLIENT_ID`,
    /// `INCYDR_API_CLIENT_SECRET`. The error names the first one missing.
    pub fn from_env() -> Result<Self, ApiError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// As `from_env`, reading variables through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ApiError> {
        let get = |name: &str| {
            lookup(name)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| ApiError::Config(format!("{name} is not set")))
        };
        Ok(ClientConfig::new(
            get(ENV_URL)?,
            get(ENV_CLIENT_ID)?,
            get(ENV_CLIENT_SECRET)?,
        ))
    }

    /// Checks what can be checked without a network: the URL (https, or http to
    /// loopback unless `allow_insecure_http`; a host; no credentials in it) and the
    /// proxy URL. Messages show URLs with their passwords masked.
    pub fn validate(&self) -> Result<(), ApiError> {
        let shown = mask_url_credentials(&self.base_url);
        let url = reqwest::Url::parse(&self.base_url)
            .ok()
            .filter(|url| url.host_str().is_some_and(|host| !host.is_empty()));
        let Some(url) = url else {
            return Err(ApiError::Config(format!(
                "the URL must start with https:// and name a host (got {shown:?})"
            )));
        };
        let loopback = is_loopback(&url);
        match url.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || loopback => {}
            "http" => {
                return Err(ApiError::Config(format!(
                    "refusing {shown}: over plain http:// the API client secret would cross the \
                     network unencrypted; use https://, or if this path is trusted pass \
                     --insecure-http (or set insecure_http = true in the profile)"
                )));
            }
            _ => {
                return Err(ApiError::Config(format!(
                    "the URL must start with https:// (got {shown:?})"
                )));
            }
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(ApiError::Config(format!(
                "the URL must not carry a user name or password ({shown}); the API client id \
                 and secret are sent separately"
            )));
        }
        if let Some(proxy) = &self.proxy {
            // The same parse the client makes, so it never has to quote the proxy itself.
            reqwest::Proxy::all(proxy).map_err(|_| {
                ApiError::Config(format!(
                    "the proxy {:?} is not a URL like http://proxy.internal:3128",
                    mask_url_credentials(proxy)
                ))
            })?;
        }
        Ok(())
    }
}

/// Every certificate of a PEM bundle; an unreadable file or one without certificates is an error.
pub(crate) fn load_ca_bundle(path: &Path) -> Result<Vec<reqwest::Certificate>, ApiError> {
    let pem = std::fs::read(path)
        .map_err(|e| ApiError::Config(format!("cannot read CA bundle {}: {e}", path.display())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ApiError::Config(format!("CA bundle {} is not PEM: {e}", path.display())))?;
    if certs.is_empty() {
        return Err(ApiError::Config(format!(
            "CA bundle {} holds no certificates",
            path.display()
        )));
    }
    Ok(certs)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two self-signed CA certificates, as a corporate bundle would hold them.
    const TWO_CERTS: &str = "-----BEGIN CERTIFICATE-----
MIIBkjCCATegAwIBAgIUICPToDWUsrJjitFyuPBV9MxhLIIwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdHJpYWdlNDIgdGVzdCBDQSBhMCAXDTI2MTEyMjEzNDg0NloY
DzIxMjYxMDI5MTM0ODQ2WjAdMRswGQYDVQQDDBJ0cmlhZ2U0MiB0ZXN0IENBIGEw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATtabLHgu5fM8lG35vxMmeseIl0Fneh
rrV1q1SPBMwwGergnGBNE0gyIM50cXJWDMXVa9Fi1dVsPSAYTIQjWAZHo1MwUTAd
BgNVHQ4EFgQU7mNZI+n2VTtHx5N8il8JTGNpinkwHwYDVR0jBBgwFoAU7mNZI+n2
VTtHx5N8il8JTGNpinkwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNJADBG
AiEAyu6zklf8L2lueK+CitCN/wRYD3S/F1I0HenuhShM6LgCIQCkdYNcr3JnkYmy
DK8ANF8WNu/RqdNTkBRIXH9trkLCMw==
-----END CERTIFICATE-----
-----BEGIN CERTIFICATE-----
MIIBkTCCATegAwIBAgIUPPxOIhGNZ1B3VvgPClQrfsFD0EkwCgYIKoZIzj0EAwIw
HTEbMBkGA1UEAwwSdHJpYWdlNDIgdGVzdCBDQSBiMCAXDTI2MTEyMjEzNDg0NloY
DzIxMjYxMDI5MTM0ODQ2WjAdMRswGQYDVQQDDBJ0cmlhZ2U0MiB0ZXN0IENBIGIw
WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQ3Rp+NPdE6bbs8Ba8NdKBmHvcugc5P
YGeJd1ZuM5XSQ8WRF4nIRb5bXtcxs6YYMDHMJEYCJW+q+y/VD1g6+u41o1MwUTAd
BgNVHQ4EFgQUICbCSbFH4sFYOCfVSV6XCjq47QswHwYDVR0jBBgwFoAUICbCSbFH
4sFYOCfVSV6XCjq47QswDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNIADBF
AiEAlQE8sL3RTnAosLhUPGflBR46kesQd10fPFl8SfTtEBkCIFay6qyyxDDruZGi
IST2WtSH86IM00S+gPsPQhLLa0nK
-----END CERTIFICATE-----
";

    #[test]
    fn from_lookup_names_the_missing_variable() {
        let vars = |set: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                set.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let err =
            ClientConfig::from_lookup(vars(&[(ENV_URL, "https://api.us.code42.com")])).unwrap_err();
        assert_eq!(
            err,
            ApiError::Config("INCYDR_API_CLIENT_ID is not set".into())
        );
        let err = ClientConfig::from_lookup(vars(&[
            (ENV_URL, "https://api.us.code42.com"),
            (ENV_CLIENT_ID, "key-1"),
            (ENV_CLIENT_SECRET, "  "),
        ]))
        .unwrap_err();
        assert!(
            err.to_string().contains("INCYDR_API_CLIENT_SECRET"),
            "{err}"
        );
        let ok = ClientConfig::from_lookup(vars(&[
            (ENV_URL, "https://api.us.code42.com/"),
            (ENV_CLIENT_ID, "key-1"),
            (ENV_CLIENT_SECRET, "s3cret"),
        ]))
        .unwrap();
        assert_eq!(ok.base_url, "https://api.us.code42.com");
        assert_eq!(ok.client_id, "key-1");
        assert!(!format!("{ok:?}").contains("s3cret"), "secret is not shown");
    }

    #[test]
    fn a_ca_bundle_with_several_certificates_loads_them_all() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = dir.path().join("corp.pem");
        std::fs::write(&bundle, TWO_CERTS).unwrap();
        assert_eq!(load_ca_bundle(&bundle).unwrap().len(), 2);

        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").unwrap();
        let err = load_ca_bundle(&empty).unwrap_err();
        assert!(err.to_string().contains("empty.pem"), "{err}");

        let missing = dir.path().join("missing.pem");
        let err = load_ca_bundle(&missing).unwrap_err();
        assert!(
            matches!(&err, ApiError::Config(m) if m.contains("missing.pem")),
            "{err}"
        );
    }

    #[test]
    fn urls_without_a_scheme_or_host_are_refused() {
        assert!(
            ClientConfig::new("api.us.code42.com", "a", "b")
                .validate()
                .is_err()
        );
        assert!(ClientConfig::new("https://", "a", "b").validate().is_err());
        assert!(
            ClientConfig::new("http://127.0.0.1:8080", "a", "b")
                .validate()
                .is_ok()
        );
    }
}
