//! Fault injection, so tests and people can see how clients handle slow answers, 401s,
//! 429s, 5xx, connections cut before or after a request is applied, and bodies cut short.
//!
//! Two kinds of fault, checked in this order on every request the faults apply to:
//! - one-shot faults set from code (`rate_limit_next`, `fail_next`, `drop_before_next`, ...),
//!   used by tests that want one fault at one exact call;
//! - random faults from a [`FaultConfig`] (`serve --error-rate 5` and friends), each request
//!   getting at most one, decided by a PRNG seeded with [`FaultConfig::seed`] so a run
//!   with the same requests in the same order meets the same faults.
//!
//! Faults apply to the API paths; the login endpoints are spared unless
//! [`FaultConfig::fault_token_calls`] is set. Off by default: a default `FaultConfig`
//! changes nothing.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use super::seed::Prng;

/// The token lifetime (`expires_in`) when none is configured.
pub const DEFAULT_TOKEN_LIFETIME_SECS: u64 = 900;

/// When every issued token is revoked, as if an administrator had done it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokeEvery {
    /// Every this many seconds, counted from when the faults were configured.
    Seconds(u64),
    /// At every this-many-th API request (that request already sees its token refused).
    Requests(u64),
}

impl std::str::FromStr for RevokeEvery {
    type Err = String;

    /// `30` or `30s`: seconds; `100req` (or `100r`, `100requests`): API requests.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = s.get(digits.len()..).unwrap_or_default();
        let n: u64 = digits.trim().parse().map_err(|_| {
            format!("{s:?}: expected a number of seconds (30, 30s) or of requests (100req)")
        })?;
        if n == 0 {
            return Err(format!("{s:?}: must be at least 1"));
        }
        match unit.to_ascii_lowercase().as_str() {
            "" | "s" | "sec" | "secs" => Ok(RevokeEvery::Seconds(n)),
            "r" | "req" | "reqs" | "requests" => Ok(RevokeEvery::Requests(n)),
            _ => Err(format!(
                "{s:?}: unit {unit:?} is neither s (seconds) nor req (requests)"
            )),
        }
    }
}

/// Random faults and token behaviour of the demo tenant. `Default` is no fault at all.
///
/// Rates are percentages of the requests the faults apply to; one request meets at most
/// one of the rate-based faults, so their sum may not exceed 100.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultConfig {
    /// Every response is delayed by this much...
    pub latency: Duration,
    /// ... plus a random extra of up to this much.
    pub latency_jitter: Duration,
    /// Answered 500, 502 or 503 (chosen at random) without running the request.
    pub error_rate: f64,
    /// Answered 429 with a `Retry-After` of `retry_after_secs`, without running the request.
    pub rate_limit_rate: f64,
    pub retry_after_secs: u64,
    /// The connection is closed before the request is applied: no response bytes at all.
    pub drop_before_rate: f64,
    /// The request is applied, then the connection is closed without a response.
    pub drop_after_rate: f64,
    /// The request is applied; the answer's head (with the full `Content-Length`) and about
    /// half its body are sent, then the connection is closed.
    pub truncate_rate: f64,
    /// Revoke every issued token periodically.
    pub revoke_tokens_every: Option<RevokeEvery>,
    /// The `expires_in` the login endpoints report, and enforce.
    pub token_lifetime_secs: u64,
    /// Apply the faults to the login endpoints too.
    pub fault_token_calls: bool,
    /// Seed of the PRNG that decides which request meets which fault.
    pub seed: u64,
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            latency: Duration::ZERO,
            latency_jitter: Duration::ZERO,
            error_rate: 0.0,
            rate_limit_rate: 0.0,
            retry_after_secs: 1,
            drop_before_rate: 0.0,
            drop_after_rate: 0.0,
            truncate_rate: 0.0,
            revoke_tokens_every: None,
            token_lifetime_secs: DEFAULT_TOKEN_LIFETIME_SECS,
            fault_token_calls: false,
            seed: 1,
        }
    }
}

/// A configuration the injector refuses, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultConfigError(pub String);

impl fmt::Display for FaultConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultConfigError {}

/// Parts per million of requests: the resolution of the rates.
const PPM: u64 = 1_000_000;

fn ppm(percent: f64) -> u64 {
    // Checked to lie in 0..=100 before this is used; the cast saturates anyway.
    (percent * 10_000.0).round() as u64
}

impl FaultConfig {
    fn rates(&self) -> [(&'static str, f64); 5] {
        [
            ("drop-before rate", self.drop_before_rate),
            ("drop-after rate", self.drop_after_rate),
            ("truncate rate", self.truncate_rate),
            ("rate-limit rate", self.rate_limit_rate),
            ("error rate", self.error_rate),
        ]
    }

    /// Every rate is a percentage, their sum at most 100, periods at least 1.
    pub fn check(&self) -> Result<(), FaultConfigError> {
        let mut sum = 0.0;
        for (name, rate) in self.rates() {
            if !rate.is_finite() || !(0.0..=100.0).contains(&rate) {
                return Err(FaultConfigError(format!(
                    "the {name} is a percentage from 0 to 100, not {rate}"
                )));
            }
            sum += rate;
        }
        if ppm(sum) > PPM {
            return Err(FaultConfigError(format!(
                "the drop, truncate, rate-limit and error rates add up to {sum}%; a request meets \
                 at most one of them, so they may add up to 100% at most"
            )));
        }
        if let Some(RevokeEvery::Seconds(0) | RevokeEvery::Requests(0)) = self.revoke_tokens_every {
            return Err(FaultConfigError(
                "tokens cannot be revoked every 0 seconds or requests".to_string(),
            ));
        }
        Ok(())
    }

    /// One line naming every fault in force, or `None` when the tenant behaves.
    pub fn describe(&self) -> Option<String> {
        let mut parts = Vec::new();
        if !self.latency.is_zero() || !self.latency_jitter.is_zero() {
            let mut s = format!("latency {} ms", self.latency.as_millis());
            if !self.latency_jitter.is_zero() {
                s.push_str(&format!(
                    " + up to {} ms jitter",
                    self.latency_jitter.as_millis()
                ));
            }
            parts.push(s);
        }
        let pct = |rate: f64| format!("{rate}%");
        if self.error_rate > 0.0 {
            parts.push(format!("{} answered 500/502/503", pct(self.error_rate)));
        }
        if self.rate_limit_rate > 0.0 {
            parts.push(format!(
                "{} answered 429 (Retry-After {} s)",
                pct(self.rate_limit_rate),
                self.retry_after_secs
            ));
        }
        if self.drop_before_rate > 0.0 {
            parts.push(format!(
                "{} dropped before being applied",
                pct(self.drop_before_rate)
            ));
        }
        if self.drop_after_rate > 0.0 {
            parts.push(format!(
                "{} applied then dropped unanswered",
                pct(self.drop_after_rate)
            ));
        }
        if self.truncate_rate > 0.0 {
            parts.push(format!(
                "{} applied, answer cut at half its body",
                pct(self.truncate_rate)
            ));
        }
        match self.revoke_tokens_every {
            Some(RevokeEvery::Seconds(n)) => parts.push(format!("tokens revoked every {n} s")),
            Some(RevokeEvery::Requests(n)) => {
                parts.push(format!("tokens revoked every {n} API requests"))
            }
            None => {}
        }
        if self.token_lifetime_secs != DEFAULT_TOKEN_LIFETIME_SECS {
            parts.push(format!("token lifetime {} s", self.token_lifetime_secs));
        }
        if parts.is_empty() {
            return None;
        }
        let scope = if self.fault_token_calls {
            "login calls included"
        } else {
            "login calls spared"
        };
        Some(format!(
            "Faults: {}; {scope}; fault seed {}.",
            parts.join(", "),
            self.seed
        ))
    }
}

#[derive(Debug)]
pub struct FaultInjector {
    plan: Mutex<FaultPlan>,
    random: Mutex<RandomFaults>,
    /// Revocations so far, other than the periodic ones by the clock.
    token_epoch: AtomicU64,
    seen: Mutex<HashMap<String, usize>>,
}

impl Default for FaultInjector {
    fn default() -> Self {
        FaultInjector {
            plan: Mutex::default(),
            random: Mutex::new(RandomFaults::new(FaultConfig::default())),
            token_epoch: AtomicU64::new(0),
            seen: Mutex::default(),
        }
    }
}

/// One-shot faults set from code, taken by the next requests in this order.
#[derive(Debug, Default)]
struct FaultPlan {
    rate_limited: usize,
    retry_after_secs: u64,
    failures: usize,
    failure_status: u16,
    drop_before: usize,
    drop_after: usize,
    truncate: usize,
    /// Alerts the next `vanished_answers` details answers leave out, as if deleted.
    vanished: Vec<String>,
    vanished_answers: usize,
}

#[derive(Debug)]
struct RandomFaults {
    config: FaultConfig,
    faults: Prng,
    jitter: Prng,
    api_requests: u64,
    /// Where the periodic revocations are counted from, on tokio's clock (paused in
    /// tests).
    since: Instant,
}

impl RandomFaults {
    fn new(config: FaultConfig) -> Self {
        RandomFaults {
            config,
            faults: Prng::new(config.seed),
            // A stream of its own, so turning jitter on does not move the other faults.
            jitter: Prng::new(config.seed ^ 0x6a69_7474_6572),
            api_requests: 0,
            since: Instant::now(),
        }
    }

    /// Periodic revocations by the clock so far.
    fn clock_epochs(&self) -> u64 {
        match self.config.revoke_tokens_every {
            Some(RevokeEvery::Seconds(secs)) => {
                let elapsed = self.since.elapsed().as_millis();
                let period = u128::from(secs).saturating_mul(1000);
                u64::try_from(elapsed.checked_div(period).unwrap_or(0)).unwrap_or(u64::MAX)
            }
            _ => 0,
        }
    }
}

/// What the server must do with a request instead of, or besides, serving it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Injected {
    /// 429 with a `Retry-After`; not applied.
    RateLimited { retry_after_secs: u64 },
    /// This status; not applied.
    Status(u16),
    /// Close the connection without a byte; not applied.
    DropBefore,
    /// Apply, then close the connection without a byte.
    DropAfter,
    /// Apply, then send the head and half the body and close the connection.
    Truncate,
}

/// The fate of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Decision {
    pub delay: Duration,
    pub fault: Option<Injected>,
}

impl FaultInjector {
    /// Replaces the random faults and token behaviour; the PRNG restarts from the seed.
    /// Tokens valid now stay valid (unless the new lifetime or revocations end them).
    pub fn configure(&self, config: FaultConfig) -> Result<(), FaultConfigError> {
        config.check()?;
        let mut random = self.random.lock().unwrap_or_else(|e| e.into_inner());
        // Keep the periodic revocations already made, so the epoch never goes back.
        self.token_epoch
            .fetch_add(random.clock_epochs(), Ordering::SeqCst);
        *random = RandomFaults::new(config);
        Ok(())
    }

    /// The configuration in force.
    pub fn config(&self) -> FaultConfig {
        self.random.lock().unwrap_or_else(|e| e.into_inner()).config
    }

    /// Every token issued so far stops working; clients must log in again.
    pub fn expire_all_tokens(&self) {
        self.token_epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// The next `count` API requests are answered 429 with this `Retry-After`.
    pub fn rate_limit_next(&self, count: usize, retry_after_secs: u64) {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.rate_limited = count;
        plan.retry_after_secs = retry_after_secs;
    }

    /// The next `count` API requests are answered with this status, not applied.
    pub fn fail_next(&self, count: usize, status: u16) {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.failures = count;
        plan.failure_status = status;
    }

    /// The next `count` API requests have their connection closed before being applied.
    pub fn drop_before_next(&self, count: usize) {
        self.plan
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drop_before = count;
    }

    /// The next `count` API requests are applied, then their connection closed unanswered.
    pub fn drop_after_next(&self, count: usize) {
        self.plan
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drop_after = count;
    }

    /// The next `count` API requests are applied, then answered with half a body.
    pub fn truncate_next(&self, count: usize) {
        self.plan.lock().unwrap_or_else(|e| e.into_inner()).truncate = count;
    }

    /// The next `answers` details answers leave out these alerts, as a tenant does for
    /// alerts deleted since they were listed (`usize::MAX`: for good).
    pub fn vanish_from_details(&self, ids: Vec<String>, answers: usize) {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.vanished = ids;
        plan.vanished_answers = answers;
    }

    /// The alerts this details answer leaves out (and one answer fewer to come).
    pub(crate) fn take_vanished(&self) -> Vec<String> {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        if plan.vanished_answers == 0 {
            return Vec::new();
        }
        plan.vanished_answers = plan.vanished_answers.saturating_sub(1);
        plan.vanished.clone()
    }

    /// How many requests have been seen whose path contains `path_contains`.
    pub fn requests_seen(&self, path_contains: &str) -> usize {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.iter()
            .filter(|(p, _)| p.contains(path_contains))
            .map(|(_, n)| n)
            .sum()
    }

    pub(crate) fn token_epoch(&self) -> u64 {
        let random = self.random.lock().unwrap_or_else(|e| e.into_inner());
        self.token_epoch
            .load(Ordering::SeqCst)
            .saturating_add(random.clock_epochs())
    }

    pub(crate) fn token_lifetime_secs(&self) -> u64 {
        self.config().token_lifetime_secs
    }

    pub(crate) fn record(&self, path: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let n = seen.entry(path.to_string()).or_default();
        *n = n.saturating_add(1);
    }

    /// Decides the fate of one request; `login` for the login endpoints.
    pub(crate) fn decide(&self, login: bool) -> Decision {
        let mut random = self.random.lock().unwrap_or_else(|e| e.into_inner());
        if !login {
            random.api_requests = random.api_requests.saturating_add(1);
            if let Some(RevokeEvery::Requests(n)) = random.config.revoke_tokens_every
                && random.api_requests.checked_rem(n) == Some(0)
            {
                self.expire_all_tokens();
            }
        }
        if login && !random.config.fault_token_calls {
            return Decision::default();
        }
        let config = random.config;
        let jitter_ms = u64::try_from(config.latency_jitter.as_millis()).unwrap_or(u64::MAX);
        let delay = if jitter_ms == 0 {
            config.latency
        } else {
            let extra = random.jitter.below(jitter_ms.saturating_add(1));
            config.latency.saturating_add(Duration::from_millis(extra))
        };
        let fault = match self.take() {
            Some(fault) => Some(fault),
            None => Self::roll(&mut random.faults, &config),
        };
        Decision { delay, fault }
    }

    /// One draw decides among the rate-based faults: each owns a band of the draw's range
    /// as wide as its rate.
    fn roll(prng: &mut Prng, config: &FaultConfig) -> Option<Injected> {
        if config.rates().iter().all(|(_, rate)| *rate <= 0.0) {
            return None;
        }
        let draw = prng.below(PPM);
        let mut edge = 0u64;
        let bands = [
            (config.drop_before_rate, Injected::DropBefore),
            (config.drop_after_rate, Injected::DropAfter),
            (config.truncate_rate, Injected::Truncate),
            (
                config.rate_limit_rate,
                Injected::RateLimited {
                    retry_after_secs: config.retry_after_secs,
                },
            ),
            (config.error_rate, Injected::Status(500)),
        ];
        for (rate, fault) in bands {
            edge = edge.saturating_add(ppm(rate));
            if draw < edge {
                return Some(match fault {
                    Injected::Status(_) => {
                        Injected::Status(prng.pick_copy(&[500, 502, 503]).unwrap_or(500))
                    }
                    other => other,
                });
            }
        }
        None
    }

    fn take(&self) -> Option<Injected> {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(left) = plan.rate_limited.checked_sub(1) {
            plan.rate_limited = left;
            return Some(Injected::RateLimited {
                retry_after_secs: plan.retry_after_secs,
            });
        }
        if let Some(left) = plan.failures.checked_sub(1) {
            plan.failures = left;
            return Some(Injected::Status(plan.failure_status));
        }
        if let Some(left) = plan.drop_before.checked_sub(1) {
            plan.drop_before = left;
            return Some(Injected::DropBefore);
        }
        if let Some(left) = plan.drop_after.checked_sub(1) {
            plan.drop_after = left;
            return Some(Injected::DropAfter);
        }
        if let Some(left) = plan.truncate.checked_sub(1) {
            plan.truncate = left;
            return Some(Injected::Truncate);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoke_every_parses_seconds_and_requests() {
        assert_eq!("30".parse(), Ok(RevokeEvery::Seconds(30)));
        assert_eq!("30s".parse(), Ok(RevokeEvery::Seconds(30)));
        assert_eq!("100req".parse(), Ok(RevokeEvery::Requests(100)));
        assert_eq!("7r".parse(), Ok(RevokeEvery::Requests(7)));
        assert!("0".parse::<RevokeEvery>().is_err());
        assert!("5m".parse::<RevokeEvery>().is_err());
        assert!("s".parse::<RevokeEvery>().is_err());
    }

    #[test]
    fn rates_are_checked() {
        assert!(FaultConfig::default().check().is_ok());
        assert!(FaultConfig::default().describe().is_none());
        let over = FaultConfig {
            error_rate: 60.0,
            drop_after_rate: 50.0,
            ..FaultConfig::default()
        };
        assert!(over.check().is_err());
        let negative = FaultConfig {
            truncate_rate: -1.0,
            ..FaultConfig::default()
        };
        assert!(negative.check().is_err());
        let full = FaultConfig {
            error_rate: 50.0,
            drop_after_rate: 50.0,
            ..FaultConfig::default()
        };
        assert!(full.check().is_ok());
        assert!(full.describe().unwrap().contains("50%"));
    }

    #[test]
    fn the_same_seed_gives_the_same_faults_and_the_rates_hold() {
        let config = FaultConfig {
            error_rate: 10.0,
            rate_limit_rate: 10.0,
            drop_before_rate: 10.0,
            drop_after_rate: 10.0,
            truncate_rate: 10.0,
            seed: 7,
            ..FaultConfig::default()
        };
        let run = || {
            let f = FaultInjector::default();
            f.configure(config).unwrap();
            (0..10_000)
                .map(|_| f.decide(false).fault)
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let count = |want: fn(&Injected) -> bool| a.iter().flatten().filter(|f| want(f)).count();
        for n in [
            count(|f| matches!(f, Injected::DropBefore)),
            count(|f| matches!(f, Injected::DropAfter)),
            count(|f| matches!(f, Injected::Truncate)),
            count(|f| matches!(f, Injected::RateLimited { .. })),
            count(|f| matches!(f, Injected::Status(500 | 502 | 503))),
        ] {
            assert!((850..1150).contains(&n), "{n} of 10000 at 10%");
        }
        assert!((4500..5500).contains(&a.iter().filter(|f| f.is_none()).count()));
    }

    #[test]
    fn logins_are_spared_unless_asked() {
        let f = FaultInjector::default();
        f.configure(FaultConfig {
            error_rate: 100.0,
            ..FaultConfig::default()
        })
        .unwrap();
        assert_eq!(f.decide(true).fault, None);
        assert!(f.decide(false).fault.is_some());
        f.configure(FaultConfig {
            error_rate: 100.0,
            fault_token_calls: true,
            ..FaultConfig::default()
        })
        .unwrap();
        assert!(f.decide(true).fault.is_some());
    }

    #[test]
    fn revocation_by_requests_moves_the_epoch_at_every_nth() {
        let f = FaultInjector::default();
        f.configure(FaultConfig {
            revoke_tokens_every: Some(RevokeEvery::Requests(3)),
            ..FaultConfig::default()
        })
        .unwrap();
        let epochs: Vec<u64> = (0..7)
            .map(|_| {
                f.decide(false);
                f.token_epoch()
            })
            .collect();
        assert_eq!(epochs, [0, 0, 1, 1, 1, 2, 2]);
        // Logins do not count.
        f.decide(true);
        f.decide(false);
        assert_eq!(f.token_epoch(), 2);
    }
}
