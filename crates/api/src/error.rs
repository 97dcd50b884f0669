//! Typed API errors, worded for the person at the keyboard.

use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum ApiError {
    #[error("not authorised: the API client id or secret was refused, or the token expired")]
    Unauthorized,
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("the server rejected the request: {0}")]
    BadRequest(String),
    #[error("rate limited by the server{}", retry_after.map(|d| format!("; retry in {}s", d.as_secs().max(1))).unwrap_or_default())]
    RateLimited { retry_after: Option<Duration> },
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    #[error("the request timed out")]
    Timeout,
    #[error("network error: {0}")]
    Network(String),
    /// The server sent the request elsewhere (another host, or from https to http),
    /// and it was not followed.
    #[error("{0}")]
    Redirected(String),
    /// No connection could be made to a tenant this client has never reached (refused,
    /// unknown host): most likely a wrong URL rather than a passing fault.
    #[error("{0}")]
    Unreachable(String),
    /// The server's answer stopped before its end (the connection dropped mid-body).
    #[error("the answer was cut short: {0}")]
    Incomplete(String),
    #[error("the answer is larger than the {limit_mib} MiB limit (max_body_mib)")]
    TooLarge { limit_mib: u64 },
    /// Paging was stopped because the server's pages did not add up.
    #[error("paging stopped: {0}")]
    Paging(String),
    /// A change whose answer was lost, and whose effect could not be checked.
    #[error("{0}")]
    Unknown(String),
    #[error("could not read the server's answer: {0}")]
    Decode(String),
    #[error("{0}")]
    InvalidInput(String),
    #[error("configuration: {0}")]
    Config(String),
}

impl ApiError {
    /// The error for a non-success answer, with the server's own message when it gave one.
    pub fn from_response(status: u16, body: &str, retry_after: Option<Duration>) -> ApiError {
        let message = message_from_body(body);
        match status {
            400 | 409 | 422 => ApiError::BadRequest(message),
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden(message),
            404 => ApiError::NotFound(message),
            408 | 504 => ApiError::Timeout,
            429 => ApiError::RateLimited { retry_after },
            s => ApiError::Server { status: s, message },
        }
    }

    /// Whether retrying the same request later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ApiError::RateLimited { .. }
                | ApiError::Server { .. }
                | ApiError::Timeout
                | ApiError::Network(_)
                | ApiError::Unreachable(_)
                | ApiError::Incomplete(_)
        )
    }

    /// For a change: the request may have been applied although no success came back
    /// (the connection dropped, the answer was cut short, a gateway failed).
    pub fn is_ambiguous(&self) -> bool {
        matches!(
            self,
            ApiError::Server { .. }
                | ApiError::Timeout
                | ApiError::Network(_)
                | ApiError::Incomplete(_)
        )
    }

    /// Whether the message should say "rate limited" (the status bar shows it so).
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, ApiError::RateLimited { .. })
    }

    pub(crate) fn from_reqwest(e: reqwest::Error) -> ApiError {
        if e.is_timeout() {
            ApiError::Timeout
        } else if e.is_redirect() {
            // The policy's own words: where it went, and that it was not followed.
            let mut why = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                why = s.to_string();
                source = s.source();
            }
            ApiError::Redirected(why)
        } else if e.is_decode() {
            ApiError::Decode(e.to_string())
        } else {
            let mut msg = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                msg = format!("{msg}: {s}");
                source = s.source();
            }
            ApiError::Network(msg)
        }
    }
}

/// The most of a server's error text that is kept (in messages, the journal, the log).
pub(crate) const ERROR_TEXT_SHOWN: usize = 300;

/// At most `ERROR_TEXT_SHOWN` characters of a server's text, an ellipsis marking a cut.
fn capped(text: &str) -> String {
    let mut chars = text.chars();
    let kept: String = chars.by_ref().take(ERROR_TEXT_SHOWN).collect();
    if chars.next().is_some() {
        format!("{kept}…")
    } else {
        kept
    }
}

/// Pulls the most useful message out of an error body in any of the services' shapes,
/// capped (a server's error body can be anything, of any length).
pub(crate) fn message_from_body(body: &str) -> String {
    capped(&whole_message_from_body(body))
}

fn whole_message_from_body(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        let text = body.trim();
        return if text.is_empty() {
            "no details given".into()
        } else {
            text.to_string()
        };
    };
    let mut parts = Vec::new();
    if let Some(p) = v.get("problem").and_then(|p| p.as_str()) {
        parts.push(p.to_string());
    }
    if let Some(d) = v.get("description").and_then(|p| p.as_str()) {
        parts.push(d.to_string());
    }
    if let Some(problems) = v.get("problems").and_then(|p| p.as_array()) {
        for p in problems {
            let kind = p.get("type").and_then(|t| t.as_str()).unwrap_or("problem");
            let detail = p
                .get("description")
                .and_then(|d| d.as_str())
                .map(str::to_string)
                .or_else(|| p.get("badFilter").map(|b| b.to_string()));
            parts.push(match detail {
                Some(d) => format!("{kind} ({d})"),
                None => kind.to_string(),
            });
        }
    }
    for key in ["message", "msg", "detail", "error"] {
        if parts.is_empty()
            && let Some(m) = v.get(key).and_then(|m| m.as_str())
        {
            parts.push(m.to_string());
        }
    }
    if parts.is_empty() {
        body.to_string()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_servers_error_text_is_capped_whatever_its_shape() {
        let long = "x".repeat(5000);
        for body in [
            long.clone(),
            format!("{{\"message\":\"{long}\"}}"),
            format!("{{\"problems\":[{{\"type\":\"SearchFailed\",\"description\":\"{long}\"}}]}}"),
            format!("{{\"unknown\":\"{long}\"}}"),
        ] {
            let message = message_from_body(&body);
            assert!(
                message.chars().count() <= ERROR_TEXT_SHOWN + 1,
                "{}",
                message.len()
            );
            assert!(message.ends_with('…'));
            let ApiError::BadRequest(shown) = ApiError::from_response(400, &body, None) else {
                panic!()
            };
            assert_eq!(shown, message);
        }
        assert_eq!(message_from_body("{\"msg\":\"short\"}"), "short");
    }
}
