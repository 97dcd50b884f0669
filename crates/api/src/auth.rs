//! API client credentials → bearer token (`POST /v1/oauth`, Basic, no body), and the
//! tenant id the token carries.

use std::time::{Duration, Instant};

use base64::Engine;

use super::error::ApiError;

/// Renew a token this long before the server says it expires (at most half its life).
pub(crate) const RENEW_MARGIN: Duration = Duration::from_secs(60);
/// Tokens last 15 minutes when the server does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(900);

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub access_token: String,
    pub tenant_id: Option<String>,
    pub renew_at: Instant,
}

#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl Token {
    /// Reads the `/v1/oauth` answer, received at `now`.
    pub fn from_response(body: &str, now: Instant) -> Result<Token, ApiError> {
        let parsed: TokenResponse = serde_json::from_str(body)
            .map_err(|e| ApiError::Decode(format!("token response: {e}")))?;
        if parsed.access_token.trim().is_empty() {
            return Err(ApiError::Decode(
                "token response has an empty access_token".into(),
            ));
        }
        let lifetime = parsed
            .expires_in
            .map(Duration::from_secs)
            .unwrap_or(DEFAULT_LIFETIME);
        let half = lifetime.checked_div(2).unwrap_or_default();
        let renew_in = lifetime.saturating_sub(RENEW_MARGIN.min(half));
        Ok(Token {
            tenant_id: tenant_from_jwt(&parsed.access_token),
            access_token: parsed.access_token,
            // A lifetime past the clock's range renews at once rather than never.
            renew_at: now.checked_add(renew_in).unwrap_or(now),
        })
    }

    pub fn is_fresh(&self, now: Instant) -> bool {
        now < self.renew_at
    }
}

/// Reads `tenantUid` from the JWT payload (the second-to-last dot-separated part).
pub fn tenant_from_jwt(token: &str) -> Option<String> {
    let payload = token.split('.').rev().nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    claims
        .get("tenantUid")
        .and_then(|v| v.as_str())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tenant_from_jwt_payload() {
        let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0ZW5hbnRVaWQiOiJhYmNkLTEyMzQifQ.QouL";
        assert_eq!(tenant_from_jwt(token).as_deref(), Some("abcd-1234"));
        assert_eq!(tenant_from_jwt("not-a-token"), None);
        assert_eq!(tenant_from_jwt("a.b.c"), None);
    }

    #[test]
    fn token_is_renewed_a_margin_before_it_expires() {
        let now = Instant::now();
        let t = Token::from_response(
            r#"{"token_type":"bearer","expires_in":900,"access_token":"x.eyJ0ZW5hbnRVaWQiOiJ0MSJ9.y"}"#,
            now,
        )
        .unwrap();
        assert_eq!(t.tenant_id.as_deref(), Some("t1"));
        assert_eq!(t.renew_at, now + Duration::from_secs(840));
        assert!(t.is_fresh(now + Duration::from_secs(839)));
        assert!(!t.is_fresh(now + Duration::from_secs(840)));
        // A short-lived token is renewed half-way rather than at once.
        let short = Token::from_response(r#"{"access_token":"abc","expires_in":10}"#, now).unwrap();
        assert_eq!(short.renew_at, now + Duration::from_secs(5));
        assert!(Token::from_response(r#"{"access_token":""}"#, now).is_err());
        assert!(Token::from_response("<html>", now).is_err());
    }
}
