//! When a failed call is repeated, and after how long: within an overall deadline,
//! with exponential backoff and jitter, honouring the server's `Retry-After`.

use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use super::error::ApiError;

/// Whether a call may be repeated after a failure that might have been applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// Reads and searches (POSTs included): repeating them changes nothing.
    Safe,
    /// Changes: repeated here only when the server said it did not apply them (429);
    /// after an ambiguous failure the caller checks what was applied (see `client`).
    Mutation,
}

/// Limits of the retry loop.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RetryPolicy {
    /// No retry is started that would end after this much time since the first attempt.
    pub deadline: Duration,
    /// An upper bound on retries, for callers that want fewer (`u32::MAX`: the deadline alone).
    pub max_retries: u32,
    pub backoff_base: Duration,
    /// The longest backoff step; a server's `Retry-After` may be longer (within the deadline).
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`, `elapsed` after the first one, or
    /// `None` to give up with the error.
    pub fn wait_before_retry(
        &self,
        error: &ApiError,
        idempotency: Idempotency,
        attempt: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let wait = match (error, idempotency) {
            // A 429 means the request was not applied, so even a mutation may be repeated.
            // A server that asks for less than the backoff (`Retry-After: 0`) gets the
            // backoff: its word alone would make a hot loop.
            (ApiError::RateLimited { retry_after }, _) => {
                let backoff = self.backoff(attempt);
                retry_after.map_or(backoff, |asked| asked.max(backoff))
            }
            (e, Idempotency::Safe) if e.is_transient() => self.backoff(attempt),
            _ => return None,
        };
        (elapsed.saturating_add(wait) <= self.deadline).then_some(wait)
    }

    /// Exponential backoff with jitter: base * 2^attempt, plus up to half of it again.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let step = self.backoff_base.saturating_mul(1 << attempt.min(16));
        let jitter = step.mul_f64(random_fraction() / 2.0);
        step.saturating_add(jitter).min(self.max_backoff)
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
        deadline: Duration::from_secs(180),
        max_retries: 3,
        backoff_base: Duration::from_millis(100),
        max_backoff: Duration::from_secs(60),
    };
    const NOW: Duration = Duration::ZERO;

    fn server_error() -> ApiError {
        ApiError::Server {
            status: 503,
            message: "busy".into(),
        }
    }

    #[test]
    fn retry_after_zero_still_backs_off() {
        let policy = RetryPolicy {
            deadline: Duration::from_secs(4),
            max_retries: u32::MAX,
            backoff_base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
        };
        let zero = ApiError::RateLimited {
            retry_after: Some(Duration::ZERO),
        };
        let mut elapsed = Duration::ZERO;
        let mut attempts = 0u32;
        while let Some(wait) = policy.wait_before_retry(&zero, Idempotency::Safe, attempts, elapsed)
        {
            assert!(wait >= Duration::from_millis(500), "{wait:?}");
            elapsed += wait;
            attempts += 1;
        }
        assert!(attempts <= 4, "{attempts} attempts in 4 s");
        // A longer Retry-After is honoured as asked.
        let later = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(3)),
        };
        assert_eq!(
            policy.wait_before_retry(&later, Idempotency::Safe, 0, Duration::ZERO),
            Some(Duration::from_secs(3))
        );
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
        assert_eq!(POLICY.backoff(40), POLICY.max_backoff);
    }

    #[test]
    fn reads_retry_transient_failures_and_mutations_only_429s() {
        let limited = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        };
        for idem in [Idempotency::Safe, Idempotency::Mutation] {
            assert_eq!(
                POLICY.wait_before_retry(&limited, idem, 0, NOW),
                Some(Duration::from_secs(7)),
                "Retry-After is honoured exactly"
            );
        }
        assert!(
            POLICY
                .wait_before_retry(&server_error(), Idempotency::Safe, 0, NOW)
                .is_some()
        );
        for transient in [
            server_error(),
            ApiError::Timeout,
            ApiError::Network("reset".into()),
        ] {
            assert_eq!(
                POLICY.wait_before_retry(&transient, Idempotency::Mutation, 0, NOW),
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
                POLICY.wait_before_retry(&final_error, Idempotency::Safe, 0, NOW),
                None
            );
        }
        assert_eq!(
            POLICY.wait_before_retry(&server_error(), Idempotency::Safe, 3, NOW),
            None,
            "attempts are limited"
        );
    }

    #[test]
    fn a_wait_past_the_deadline_is_not_started() {
        let long = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(3600)),
        };
        assert_eq!(
            POLICY.wait_before_retry(&long, Idempotency::Safe, 0, NOW),
            None
        );
        let limited = ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(100)),
        };
        assert_eq!(
            POLICY.wait_before_retry(&limited, Idempotency::Safe, 1, Duration::from_secs(60)),
            Some(Duration::from_secs(100)),
            "a Retry-After longer than any backoff step is waited out within the deadline"
        );
        assert_eq!(
            POLICY.wait_before_retry(&limited, Idempotency::Safe, 1, Duration::from_secs(90)),
            None
        );
        let unknown = ApiError::RateLimited { retry_after: None };
        assert!(
            POLICY
                .wait_before_retry(&unknown, Idempotency::Mutation, 1, NOW)
                .is_some_and(|w| w >= Duration::from_millis(200))
        );
    }
}
