//! The bearer tokens the demo tenant has issued: who each is for, until when, and in
//! which token epoch (moving it on revokes them all). The login handlers issue them,
//! every other handler checks them through `Caller`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use serde_json::json;

use super::store::TENANT_ID;

#[derive(Debug)]
struct Issued {
    subject: String,
    /// Milliseconds since the epoch, so that even a one-second lifetime is a full second.
    /// On tokio's clock, so that a test on paused time can step past a token's life.
    expires_at: tokio::time::Instant,
    epoch: u64,
}

const TEN_YEARS_SECS: u64 = 10 * 365 * 86_400;

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
        // The token's own `iat` and `exp` are wall-clock seconds, as a real tenant's; its
        // validity is kept on tokio's clock.
        let now = Utc::now().timestamp();
        let expires_at = now.saturating_add(i64::try_from(lifetime_secs).unwrap_or(i64::MAX));
        let clock = tokio::time::Instant::now();
        // Ten years is as good as forever, and always fits the clock.
        let valid_until = clock
            .checked_add(std::time::Duration::from_secs(
                lifetime_secs.min(TEN_YEARS_SECS),
            ))
            .unwrap_or(clock);
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
        issued.retain(|_, t| t.expires_at > clock);
        // A client logging in without end cannot grow the map without end: the tokens
        // nearest their expiry go first.
        while issued.len() >= MAX_TOKENS {
            let Some(oldest) = issued
                .iter()
                .min_by_key(|(_, t)| t.expires_at)
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
                expires_at: valid_until,
                epoch,
            },
        );
        token
    }

    /// The subject of a valid token.
    pub fn verify(&self, token: &str, epoch: u64) -> Option<String> {
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let t = issued.get(token)?;
        (t.expires_at > tokio::time::Instant::now() && t.epoch == epoch).then(|| t.subject.clone())
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
