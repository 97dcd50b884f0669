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

use crate::store::{Alert, Store};

/// The (state, risk severity, rule severity) of an alert: all that the state and
/// severity filters compare.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Class {
    pub state: &'static str,
    pub risk_severity: &'static str,
    pub severity: &'static str,
}

impl Class {
    fn of(store: &Store, a: &Alert) -> Class {
        Class {
            state: a.state.as_str(),
            risk_severity: a.risk_severity,
            severity: store.rule(a.rule).severity,
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
pub fn ascending(store: &Store, key: SortKey, a: &Alert, b: &Alert) -> Ordering {
    let ord = match key {
        SortKey::CreatedAt => Ordering::Equal,
        SortKey::RiskSeverity => {
            severity_rank(a.risk_severity).cmp(&severity_rank(b.risk_severity))
        }
        SortKey::Severity => severity_rank(store.rule(a.rule).severity)
            .cmp(&severity_rank(store.rule(b.rule).severity)),
    };
    ord.then_with(|| a.created_at.cmp(&b.created_at))
        .then_with(|| a.id.cmp(&b.id))
}

/// The index proper, once built.
pub struct Arrangement {
    /// Each alert's class, by position in `Store::alerts`.
    pub class_of: Vec<u32>,
    /// The distinct classes (a few dozen at most: states and severities are few).
    pub classes: Vec<Class>,
    /// For each of `SORT_KEYS`, every alert's position in ascending order.
    sorted: [Vec<u32>; 3],
}

impl Arrangement {
    /// `None` when there are more alerts than positions of 32 bits.
    fn build(store: &Store) -> Option<Arrangement> {
        let n = u32::try_from(store.alerts.len()).ok()?;
        let mut arrangement = Arrangement {
            class_of: Vec::with_capacity(store.alerts.len()),
            classes: Vec::new(),
            sorted: Default::default(),
        };
        // Classes found by the addresses of their (mostly shared) texts before their
        // contents: comparing the texts with each known class was most of the build.
        // (Address and length name the same text: it is never written to.)
        let mut by_address: HashMap<[usize; 6], u32> = HashMap::new();
        for a in &store.alerts {
            let class = Class::of(store, a);
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
        let mut keyed: Vec<(chrono::DateTime<chrono::Utc>, u32)> = store
            .alerts
            .iter()
            .map(|a| a.created_at)
            .zip(0..n)
            .collect();
        keyed.sort_unstable_by(|x, y| {
            x.0.cmp(&y.0)
                .then_with(|| match (alert_at(store, x.1), alert_at(store, y.1)) {
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
                let r = alert_at(store, p).map_or(0, rank);
                if let Some(bucket) = buckets.get_mut(usize::from(r)) {
                    bucket.push(p);
                }
            }
            buckets.concat()
        };
        let by_risk = by_rank(&|a| severity_rank(a.risk_severity));
        let by_severity = by_rank(&|a| severity_rank(store.rule(a.rule).severity));
        arrangement.sorted = [by_created, by_risk, by_severity];
        Some(arrangement)
    }

    /// The id of a class, added if new (`None` past `u32::MAX` classes, which the few
    /// states and severities never reach).
    fn class_id(&mut self, class: Class) -> Option<u32> {
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

    /// Whether the index still covers every alert (a change it missed would not be
    /// seen here, only one that added or removed alerts behind its back).
    pub fn covers(&self, store: &Store) -> bool {
        self.class_of.len() == store.alerts.len()
            && self.sorted.iter().all(|s| s.len() == store.alerts.len())
    }
}

fn alert_at(store: &Store, position: u32) -> Option<&Alert> {
    store.alerts.get(usize::try_from(position).ok()?)
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
    /// The index of `store`'s alerts (of which this is the index), built if need be.
    pub fn get(&self, store: &Store) -> Option<&Arrangement> {
        self.built
            .get_or_init(|| Arrangement::build(store))
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

impl Store {
    /// The search index, built on first use; `None` only for a store too large for it.
    pub fn search_index(&self) -> Option<&Arrangement> {
        self.search.get(self)
    }

    /// Sets an alert's state, keeping the search index up to date.
    pub fn set_state(
        &mut self,
        position: usize,
        state: crate::store::Sym,
        at: chrono::DateTime<chrono::Utc>,
        by: crate::store::Sym,
    ) {
        let Some(a) = self.alerts.get_mut(position) else {
            return;
        };
        a.state = state;
        a.state_last_modified_at = Some(at);
        a.state_last_modified_by = Some(by);
        let class = self.alerts.get(position).map(|a| Class::of(self, a));
        if let Some(class) = class {
            self.search.reclassify(position, class);
        }
    }

    /// Adds an alert (with an id no other alert has), keeping the id and search
    /// indexes up to date.
    pub fn push_alert(&mut self, alert: Alert) {
        let position = self.alerts.len();
        self.alert_index.insert(&alert.id, position, &self.alerts);
        let class = Class::of(self, &alert);
        let mut search = std::mem::take(&mut self.search);
        if let Some(Some(arrangement)) = search.built.get_mut() {
            let placed = u32::try_from(position).ok().and_then(|p| {
                let class = arrangement.class_id(class)?;
                for (key, sorted) in SORT_KEYS.iter().zip(arrangement.sorted.iter_mut()) {
                    let at = sorted.partition_point(|&q| {
                        alert_at(self, q)
                            .is_some_and(|b| ascending(self, *key, b, &alert) == Ordering::Less)
                    });
                    sorted.insert(at, p);
                }
                arrangement.class_of.push(class);
                Some(())
            });
            if placed.is_none() {
                search.clear();
            }
        }
        self.search = search;
        self.alerts.push(alert);
    }

    /// To be called after changing alerts other than through `set_state` and
    /// `push_alert`: the search index is built again on the next search.
    pub fn alerts_changed(&mut self) {
        self.search.clear();
    }
}
