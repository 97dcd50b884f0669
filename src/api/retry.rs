//! When a failed call is repeated, and after how long.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::error::ApiError;

/// Whether a call may be repeated after a failure that might have been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// Reads and searches (POSTs included): repeating them changes nothing.
    Safe,
    /// Changes: repeated only when the server said it did not apply them (429).
    Mutation,
}

/// Limits of the retry loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub backoff_base: Duration,
    pub max_wait: Duration,
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`, or `None` to give up with the error.
    pub fn wait_before_retry(
        &self,
        error: &ApiError,
        idempotency: Idempotency,
        attempt: u32,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        match (error, idempotency) {
            // A 429 means the request was not applied, so even a mutation may be repeated.
            (ApiError::RateLimited { retry_after }, _) => match retry_after {
                Some(wait) if *wait > self.max_wait => None,
                Some(wait) => Some(*wait),
                None => Some(self.backoff(attempt)),
            },
            (e, Idempotency::Safe) if e.is_transient() => Some(self.backoff(attempt)),
            _ => None,
        }
    }

    /// Exponential backoff with jitter: base * 2^attempt, plus up to half of it again.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let step = self.backoff_base.saturating_mul(1 << attempt.min(16));
        let jitter = step.mul_f64(random_fraction() / 2.0);
        step.saturating_add(jitter).min(self.max_wait)
    }
}

/// A number in [0, 1) that differs between calls and processes (no RNG crate needed).
fn random_fraction() -> f64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` in seconds or as an HTTP date (a date in the past means now).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let wait = at
        .with_timezone(&chrono::Utc)
        .signed_duration_since(chrono::Utc::now());
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        max_retries: 3,
        backoff_base: Duration::from_millis(100),
        max_wait: Duration::from_secs(60),
    };

    fn server_error() -> ApiError {
        ApiError::Server {
            status: 503,
            message: "busy".into(),
        }
    }

    #[test]
    fn retry_after_in_seconds_or_date() {
        assert_eq!(parse_retry_after("12"), Some(Duration::from_secs(12)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        let wait = parse_retry_after(&later).unwrap();
        assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!(POLICY.backoff(0) >= Duration::from_millis(100));
        assert!(POLICY.backoff(0) <= Duration::from_millis(150));
        assert!(POLICY.backoff(3) >= Duration::from_millis(800));
        assert_eq!(POLICY.backoff(40), POLICY.max_wait);
    }

    #[test]
    fn reads_retry_transient_failures_and_mutations_only_429s() {
        let limited = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        };
        for idem in [Idempotency::Safe, Idempotency::Mutation] {
            assert_eq!(
                POLICY.wait_before_retry(&limited, idem, 0),
                Some(Duration::from_secs(7)),
                "Retry-After is honoured exactly"
            );
        }
        assert!(
            POLICY
                .wait_before_retry(&server_error(), Idempotency::Safe, 0)
                .is_some()
        );
        for transient in [
            server_error(),
            ApiError::Timeout,
            ApiError::Network("reset".into()),
        ] {
            assert_eq!(
                POLICY.wait_before_retry(&transient, Idempotency::Mutation, 0),
                None,
                "{transient:?} on a mutation may have been applied"
            );
        }
        for final_error in [
            ApiError::Unauthorized,
            ApiError::BadRequest("x".into()),
            ApiError::NotFound("x".into()),
        ] {
            assert_eq!(
                POLICY.wait_before_retry(&final_error, Idempotency::Safe, 0),
                None
            );
        }
        assert_eq!(
            POLICY.wait_before_retry(&server_error(), Idempotency::Safe, 3),
            None,
            "attempts are limited"
        );
    }

    #[test]
    fn a_retry_after_beyond_the_cap_is_not_waited_out() {
        let long = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert_eq!(POLICY.wait_before_retry(&long, Idempotency::Safe, 0), None);
        let unknown = ApiError::RateLimited { retry_after: None };
        assert!(
            POLICY
                .wait_before_retry(&unknown, Idempotency::Mutation, 1)
                .is_some_and(|w| w >= Duration::from_millis(200))
        );
    }
}
