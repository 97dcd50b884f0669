//! Fault injection, so tests can see how clients handle 401s, 429s and 5xx mid-session.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct FaultInjector {
    plan: Mutex<FaultPlan>,
    token_epoch: AtomicU64,
    seen: Mutex<HashMap<String, usize>>,
}

#[derive(Debug, Default)]
struct FaultPlan {
    rate_limited: usize,
    retry_after_secs: u64,
    failures: usize,
    failure_status: u16,
}

/// What the server must do with the next request instead of serving it.
pub enum Injected {
    RateLimited { retry_after_secs: u64 },
    Status(u16),
}

impl FaultInjector {
    /// Every token issued so far stops working; clients must log in again.
    pub fn expire_all_tokens(&self) {
        self.token_epoch.fetch_add(1, Ordering::SeqCst);
    }

    pub fn rate_limit_next(&self, count: usize, retry_after_secs: u64) {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.rate_limited = count;
        plan.retry_after_secs = retry_after_secs;
    }

    pub fn fail_next(&self, count: usize, status: u16) {
        let mut plan = self.plan.lock().unwrap_or_else(|e| e.into_inner());
        plan.failures = count;
        plan.failure_status = status;
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
        self.token_epoch.load(Ordering::SeqCst)
    }

    pub(crate) fn record(&self, path: &str) {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let n = seen.entry(path.to_string()).or_default();
        *n = n.saturating_add(1);
    }

    pub(crate) fn take(&self) -> Option<Injected> {
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
        None
    }
}
