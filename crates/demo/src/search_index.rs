//! What the alerts search reads instead of every alert: each alert's class (the state,
//! risk severity and rule severity that the common filters look at), and the alerts'
//! positions in the order of each common sort key. A search whose filters only look at
//! the class answers them once per class, and finds its page by walking the sorted
//! positions until the page is full, instead of filtering and sorting every alert.
//!
//! The index is built on first use and kept up to date by the store's changes of state
//! and added alerts; any other change to the alerts drops it (`Store::alerts_changed`),
//! so it is built again from the alerts on the next search.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::records::{Alert, Rule};

/// What the index is read from: the alerts, and the rules they name.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub alerts: &'a [Alert],
    pub rules: &'a [Rule],
}

impl Source<'_> {
    /// The severity of the alert's rule (none for a rule that is not there).
    fn rule_severity(&self, a: &Alert) -> &'static str {
        self.rules
            .get(usize::from(a.rule))
            .map_or("", |r| r.severity)
    }
}

/// The (state, risk severity, rule severity) of an alert: all that the state and
/// severity filters compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub state: &'static str,
    pub risk_severity: &'static str,
    pub severity: &'static str,
}

impl Class {
    pub fn of(source: Source<'_>, a: &Alert) -> Class {
        Class {
            state: a.state.as_str(),
            risk_severity: a.risk_severity,
            severity: source.rule_severity(a),
        }
    }
}

/// The sort keys with positions kept in order.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SortKey {
    CreatedAt,
    RiskSeverity,
    Severity,
}

const SORT_KEYS: [SortKey; 3] = [SortKey::CreatedAt, SortKey::RiskSeverity, SortKey::Severity];

pub fn severity_rank(s: &str) -> u8 {
    match s {
        "CRITICAL" => 4,
        "HIGH" => 3,
        "MODERATE" | "MEDIUM" => 2,
        "LOW" => 1,
        _ => 0,
    }
}

/// The ascending order of a sort key: the key, then creation time, then id (what a
/// search sorts by; descending is exactly its reverse, the order being total).
pub fn ascending(source: Source<'_>, key: SortKey, a: &Alert, b: &Alert) -> Ordering {
    let ord = match key {
        SortKey::CreatedAt => Ordering::Equal,
        SortKey::RiskSeverity => {
            severity_rank(a.risk_severity).cmp(&severity_rank(b.risk_severity))
        }
        SortKey::Severity => {
            severity_rank(source.rule_severity(a)).cmp(&severity_rank(source.rule_severity(b)))
        }
    };
    ord.then_with(|| a.created_at.cmp(&b.created_at))
        .then_with(|| a.id.cmp(&b.id))
}

/// The index proper, once built.
pub struct Arrangement {
    /// Each alert's class, by position in the store's alerts.
    pub class_of: Vec<u32>,
    /// The distinct classes (a few dozen at most: states and severities are few).
    pub classes: Vec<Class>,
    /// For each of `SORT_KEYS`, every alert's position in ascending order.
    sorted: [Vec<u32>; 3],
}

impl Arrangement {
    /// `None` when there are more alerts than positions of 32 bits.
    fn build(source: Source<'_>) -> Option<Arrangement> {
        let n = u32::try_from(source.alerts.len()).ok()?;
        let mut arrangement = Arrangement {
            class_of: Vec::with_capacity(source.alerts.len()),
            classes: Vec::new(),
            sorted: Default::default(),
        };
        // Classes found by the addresses of their (mostly shared) texts before their
        // contents: comparing the texts with each known class was most of the build.
        // (Address and length name the same text: it is never written to.)
        let mut by_address: HashMap<[usize; 6], u32> = HashMap::new();
        for a in source.alerts {
            let class = Class::of(source, a);
            let address = [
                class.state.as_ptr() as usize,
                class.state.len(),
                class.risk_severity.as_ptr() as usize,
                class.risk_severity.len(),
                class.severity.as_ptr() as usize,
                class.severity.len(),
            ];
            let id = match by_address.get(&address) {
                Some(&id) => id,
                None => {
                    let id = arrangement.class_id(class)?;
                    by_address.insert(address, id);
                    id
                }
            };
            arrangement.class_of.push(id);
        }
        // Keyed by creation time, read once; equal times (rare) fall back to the ids.
        let mut keyed: Vec<(chrono::DateTime<chrono::Utc>, u32)> = source
            .alerts
            .iter()
            .map(|a| a.created_at)
            .zip(0..n)
            .collect();
        keyed.sort_unstable_by(|x, y| {
            x.0.cmp(&y.0)
                .then_with(|| match (alert_at(source, x.1), alert_at(source, y.1)) {
                    (Some(a), Some(b)) => a.id.cmp(&b.id),
                    _ => x.1.cmp(&y.1),
                })
        });
        let by_created: Vec<u32> = keyed.into_iter().map(|(_, p)| p).collect();
        // The severities' orders are that of creation within each rank: a stable
        // bucketing by rank of the creation order.
        let by_rank = |rank: &dyn Fn(&Alert) -> u8| {
            let mut buckets: [Vec<u32>; 5] = Default::default();
            for &p in &by_created {
                let r = alert_at(source, p).map_or(0, rank);
                if let Some(bucket) = buckets.get_mut(usize::from(r)) {
                    bucket.push(p);
                }
            }
            buckets.concat()
        };
        let by_risk = by_rank(&|a| severity_rank(a.risk_severity));
        let by_severity = by_rank(&|a| severity_rank(source.rule_severity(a)));
        arrangement.sorted = [by_created, by_risk, by_severity];
        Some(arrangement)
    }

    /// The id of a class, added if new (`None` past `u32::MAX` classes, which the few
    /// states and severities never reach).
    pub fn class_id(&mut self, class: Class) -> Option<u32> {
        let found = self.classes.iter().position(|c| *c == class);
        let at = found.unwrap_or(self.classes.len());
        if found.is_none() {
            self.classes.push(class);
        }
        u32::try_from(at).ok()
    }

    /// Positions in ascending order of a key.
    pub fn sorted(&self, key: SortKey) -> &[u32] {
        let i = SORT_KEYS.iter().position(|k| *k == key).unwrap_or(0);
        self.sorted.get(i).map_or(&[], Vec::as_slice)
    }

    /// Whether the index still covers every one of `alerts` alerts (a change it missed
    /// would not be seen here, only one that added or removed alerts behind its back).
    pub fn covers(&self, alerts: usize) -> bool {
        self.class_of.len() == alerts && self.sorted.iter().all(|s| s.len() == alerts)
    }

    /// Places `alert`, about to be added at `position`, in every order; `None` when it
    /// cannot be (the index is then to be built again).
    fn place(&mut self, source: Source<'_>, position: usize, alert: &Alert) -> Option<()> {
        let p = u32::try_from(position).ok()?;
        let class = self.class_id(Class::of(source, alert))?;
        for (key, sorted) in SORT_KEYS.iter().zip(self.sorted.iter_mut()) {
            let at = sorted.partition_point(|&q| {
                alert_at(source, q)
                    .is_some_and(|b| ascending(source, *key, b, alert) == Ordering::Less)
            });
            sorted.insert(at, p);
        }
        self.class_of.push(class);
        Some(())
    }
}

fn alert_at(source: Source<'_>, position: u32) -> Option<&Alert> {
    source.alerts.get(usize::try_from(position).ok()?)
}

/// The store's search index: built on first use (under the store's read lock), kept up
/// to date by the store's changes.
#[derive(Default)]
pub struct SearchIndex {
    built: OnceLock<Option<Arrangement>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let built = self.built.get().is_some();
        f.debug_struct("SearchIndex")
            .field("built", &built)
            .finish()
    }
}

impl SearchIndex {
    /// The index of `source` (of which this is the index), built if need be.
    pub fn get(&self, source: Source<'_>) -> Option<&Arrangement> {
        self.built
            .get_or_init(|| Arrangement::build(source))
            .as_ref()
    }

    /// Forgets the index: built again on the next search.
    pub fn clear(&mut self) {
        self.built.take();
    }

    /// Notes that the alert at `position` now has `class` (its state changed).
    pub fn reclassify(&mut self, position: usize, class: Class) {
        let Some(Some(arrangement)) = self.built.get_mut() else {
            return;
        };
        let id = arrangement.class_id(class);
        match (id, arrangement.class_of.get_mut(position)) {
            (Some(id), Some(slot)) => *slot = id,
            _ => self.clear(),
        }
    }
}

impl SearchIndex {
    /// Places `alert`, about to be added at `position` of `source`'s alerts, if the index
    /// is built; when it cannot be placed the index is built again on the next search.
    pub fn place(&mut self, source: Source<'_>, position: usize, alert: &Alert) {
        let Some(Some(arrangement)) = self.built.get_mut() else {
            return;
        };
        if arrangement.place(source, position, alert).is_none() {
            self.clear();
        }
    }
}
