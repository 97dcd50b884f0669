//! `triage42 doctor`: one line a check, `ok`, `fail` (with a hint) or `skip` (when an
//! earlier failure leaves nothing to check). Exit code 1 when a check fails. The secret
//! is never shown, only where it came from; URLs are shown with their credentials masked.

use std::fmt::Write as _;

use crate::api::ApiError;
use crate::api::probe::{Prober, ca_bundle_certificates};
use crate::config::{Flags, Paths, Resolved, mask_url_credentials};
use crate::sanitize::one_line;

/// A clock further off than this from the server's is a failure.
const MAX_SKEW_SECS: i64 = 120;
/// A round trip slower than this is a failure.
const MAX_ROUND_TRIP_MS: u128 = 3000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Fail,
    Skip,
}

#[derive(Debug, Clone)]
pub struct Check {
    pub status: Status,
    pub name: &'static str,
    pub detail: String,
    pub hint: Option<String>,
}

impl Check {
    fn ok(name: &'static str, detail: impl Into<String>) -> Check {
        Check {
            status: Status::Ok,
            name,
            detail: detail.into(),
            hint: None,
        }
    }
    fn fail(name: &'static str, detail: impl Into<String>, hint: impl Into<String>) -> Check {
        Check {
            status: Status::Fail,
            name,
            detail: detail.into(),
            hint: Some(hint.into()),
        }
    }
    fn skip(name: &'static str, why: &str) -> Check {
        Check {
            status: Status::Skip,
            name,
            detail: format!("not checked: {why}"),
            hint: None,
        }
    }
}

/// The lines as printed; every part passes the sanitiser.
pub fn render(checks: &[Check]) -> String {
    let mut out = String::new();
    for c in checks {
        let status = match c.status {
            Status::Ok => "ok",
            Status::Fail => "fail",
            Status::Skip => "skip",
        };
        let _ = writeln!(out, "{status:<5}{:<11}{}", c.name, one_line(&c.detail));
        if let Some(hint) = &c.hint {
            let _ = writeln!(out, "{:16}hint: {}", "", one_line(hint));
        }
    }
    out
}

fn proxy_in_use(resolved: &Resolved) -> String {
    if let Some(p) = &resolved.proxy {
        return format!("{} ({})", mask_url_credentials(&p.value), p.source);
    }
    let https = resolved
        .url
        .as_ref()
        .is_none_or(|u| u.value.starts_with("https:"));
    let names: &[&str] = if https {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]
    };
    for name in names {
        if let Some(v) = std::env::var(name).ok().filter(|v| !v.trim().is_empty()) {
            let no_proxy = std::env::var("NO_PROXY")
                .or_else(|_| std::env::var("no_proxy"))
                .ok()
                .filter(|v| !v.trim().is_empty())
                .map(|v| format!(", NO_PROXY={}", v))
                .unwrap_or_default();
            return format!(
                "{} (environment {name}{no_proxy})",
                mask_url_credentials(&v)
            );
        }
    }
    "none: direct connection".into()
}

fn login_hint(e: &ApiError, resolved: &Resolved) -> String {
    let from = |s: &Option<crate::config::Setting<String>>| {
        s.as_ref().map(|s| s.source.to_string()).unwrap_or_default()
    };
    match e {
        ApiError::Unauthorized | ApiError::Forbidden(_) => format!(
            "check the API client id ({}) and its secret ({}); an API client deleted or \
             deactivated in the console is refused too",
            from(&resolved.client_id),
            resolved
                .secret
                .as_ref()
                .map(|s| s.source.to_string())
                .unwrap_or_default()
        ),
        ApiError::Network(_) | ApiError::Unreachable(_) | ApiError::Timeout => format!(
            "check the URL ({}), the proxy and the network; `curl -I` the URL from this host",
            from(&resolved.url)
        ),
        ApiError::NotFound(_) => format!(
            "the URL ({}) answers but is not an Incydr API gateway (e.g. https://api.us.code42.com)",
            from(&resolved.url)
        ),
        _ => "run with -vv for more detail".into(),
    }
}

fn millis(d: std::time::Duration) -> String {
    format!("{} ms", d.as_millis())
}

/// Every check, in order.
pub async fn checks(resolved: Result<Resolved, crate::config::ConfigError>) -> Vec<Check> {
    let mut out = Vec::new();
    let resolved = match resolved {
        Ok(r) => r,
        Err(e) => {
            out.push(Check::fail(
                "settings",
                e.to_string(),
                "fix the config file or the variables; `triage42 info` shows where each setting comes from",
            ));
            for name in [
                "proxy",
                "ca bundle",
                "login",
                "tenant",
                "clock",
                "round trip",
            ] {
                out.push(Check::skip(name, "no settings"));
            }
            return out;
        }
    };
    let config = match resolved.client_config() {
        Ok(c) => {
            let secret_from = resolved
                .secret
                .as_ref()
                .map(|s| s.source.to_string())
                .unwrap_or_default();
            let profile = resolved
                .profile
                .as_ref()
                .map(|p| format!("profile {}, ", p.value))
                .unwrap_or_default();
            let url_from = resolved
                .url
                .as_ref()
                .map(|u| u.source.to_string())
                .unwrap_or_default();
            let id_from = resolved
                .client_id
                .as_ref()
                .map(|u| u.source.to_string())
                .unwrap_or_default();
            out.push(Check::ok(
                "settings",
                format!(
                    "{profile}{} ({url_from}), client {} ({id_from}), secret from {secret_from}",
                    mask_url_credentials(&c.base_url),
                    c.client_id
                ),
            ));
            Some(c)
        }
        Err(e) => {
            out.push(Check::fail(
                "settings",
                e.to_string(),
                "set INCYDR_URL, INCYDR_API_CLIENT_ID and INCYDR_API_CLIENT_SECRET, or a profile; `triage42 info` shows what is set",
            ));
            None
        }
    };
    out.push(Check::ok("proxy", proxy_in_use(&resolved)));
    let Some(config) = config else {
        out.push(Check::skip("ca bundle", "the settings are incomplete"));
        for name in ["login", "tenant", "clock", "round trip"] {
            out.push(Check::skip(name, "the settings are incomplete"));
        }
        return out;
    };
    match ca_bundle_certificates(&config) {
        Ok(None) => out.push(Check::ok("ca bundle", "the system's trusted roots")),
        Ok(Some(n)) => out.push(Check::ok(
            "ca bundle",
            format!(
                "{n} certificate{} from {}, and the system's roots",
                if n == 1 { "" } else { "s" },
                config
                    .extra_ca_pem
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default()
            ),
        )),
        Err(e) => out.push(Check::fail(
            "ca bundle",
            e.to_string(),
            "give --ca-bundle (or the profile's ca_bundle) a readable PEM file",
        )),
    }
    let mut prober = match Prober::new(&config) {
        Ok(p) => p,
        Err(e) => {
            out.push(Check::fail(
                "login",
                e.to_string(),
                "fix the URL, proxy or CA bundle above",
            ));
            for name in ["tenant", "clock", "round trip"] {
                out.push(Check::skip(name, "no connection"));
            }
            return out;
        }
    };
    let login = match prober.login().await {
        Ok(l) => {
            out.push(Check::ok(
                "login",
                format!("token issued in {}", millis(l.elapsed)),
            ));
            l
        }
        Err(e) => {
            let hint = login_hint(&e, &resolved);
            out.push(Check::fail("login", e.to_string(), hint));
            for name in ["tenant", "clock", "round trip"] {
                out.push(Check::skip(name, "the login failed"));
            }
            return out;
        }
    };
    let tenant = prober.tenant().await;
    match &tenant {
        Ok(t) => {
            let id = t
                .value
                .id
                .clone()
                .or(login.value.clone())
                .unwrap_or_default();
            let name = t.value.name.clone().unwrap_or_else(|| "(no name)".into());
            out.push(Check::ok("tenant", format!("{name}, id {id}")));
        }
        Err(e) => {
            let hint = login_hint(e, &resolved);
            out.push(Check::fail("tenant", e.to_string(), hint));
        }
    }
    let skew = tenant.as_ref().ok().and_then(|t| t.skew).or(login.skew);
    match skew {
        Some(skew) => {
            let secs = skew.num_seconds();
            let detail = match secs {
                0 => "in step with the server (within a second)".to_string(),
                s if s > 0 => format!("{s} s behind the server"),
                s => format!("{} s ahead of the server", s.unsigned_abs()),
            };
            if secs.abs() <= MAX_SKEW_SECS {
                out.push(Check::ok("clock", detail));
            } else {
                out.push(Check::fail(
                    "clock",
                    detail,
                    "set the clock by NTP: ages like since:1h and expiring tokens go by it",
                ));
            }
        }
        None => out.push(Check::fail(
            "clock",
            "the server sent no readable Date header",
            "a proxy may strip it; the clock could not be compared",
        )),
    }
    match &tenant {
        Ok(t) if t.elapsed.as_millis() <= MAX_ROUND_TRIP_MS => {
            out.push(Check::ok("round trip", millis(t.elapsed)));
        }
        Ok(t) => out.push(Check::fail(
            "round trip",
            millis(t.elapsed),
            "slow: check the proxy and the network path to the API gateway",
        )),
        Err(_) => out.push(Check::skip("round trip", "the tenant look-up failed")),
    }
    out
}

/// Runs the checks and prints them; the exit code is 1 if any failed.
pub fn run(flags: &Flags) -> i32 {
    let env = |name: &str| std::env::var(name).ok();
    let resolved = crate::config::resolve(flags, &env, &Paths::discover());
    let runtime = match super::runtime() {
        Ok(rt) => rt,
        Err(e) => return super::finish(Err(e)),
    };
    let checks = runtime.block_on(checks(resolved));
    print!("{}", render(&checks));
    let failed = checks.iter().filter(|c| c.status == Status::Fail).count();
    if failed == 0 {
        0
    } else {
        eprintln!(
            "triage42: {failed} check{} failed",
            if failed == 1 { "" } else { "s" }
        );
        1
    }
}
