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
    expires_at_ms: i64,
    epoch: u64,
}

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
        let now_ms = Utc::now().timestamp_millis();
        let lifetime_ms = i64::try_from(lifetime_secs)
            .unwrap_or(i64::MAX)
            .saturating_mul(1000);
        let expires_at_ms = now_ms.saturating_add(lifetime_ms);
        let now = now_ms.div_euclid(1000);
        let expires_at = expires_at_ms.div_euclid(1000);
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
        issued.retain(|_, t| t.expires_at_ms > now_ms);
        // A client logging in without end cannot grow the map without end: the tokens
        // nearest their expiry go first.
        while issued.len() >= MAX_TOKENS {
            let Some(oldest) = issued
                .iter()
                .min_by_key(|(_, t)| t.expires_at_ms)
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
                expires_at_ms,
                epoch,
            },
        );
        token
    }

    /// The subject of a valid token.
    pub fn verify(&self, token: &str, epoch: u64) -> Option<String> {
        let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
        let t = issued.get(token)?;
        (t.expires_at_ms > Utc::now().timestamp_millis() && t.epoch == epoch)
            .then(|| t.subject.clone())
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
