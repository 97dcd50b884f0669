//! What sessions read of the rest of the tenant: its alerts, actors and file events,
//! through these few functions only, so the alert store can change shape freely.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::store::Store;
use crate::watchlist_records::{DEPARTING_WATCHLIST, HIGH_IMPACT_WATCHLIST};

/// An alert as a session sees it, borrowed from the store while sessions are derived.
#[derive(Debug, Clone)]
pub struct AlertFacts<'s> {
    pub id: &'s str,
    pub actor_id: &'s str,
    pub actor_email: &'s str,
    pub rule_id: &'s str,
    pub rule_name: &'s str,
    pub watchlist_ids: &'static [&'static str],
    pub created_at: DateTime<Utc>,
    /// `NO_RISK_INDICATED`, `LOW`, … `CRITICAL`.
    pub risk_severity: &'s str,
    pub state: &'s str,
    /// The file events its observations point at.
    pub event_ids: Vec<EventRef>,
}

/// A file event as sessions hold it: its place in the tenant (four bytes where its id
/// would take dozens); [`event_id`] writes its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventRef(pub u32);

/// A file event as a session sees it.
#[derive(Debug, Clone)]
pub struct EventFacts {
    pub id: EventRef,
    pub timestamp: DateTime<Utc>,
    pub risk_score: u32,
    pub risk_severity: &'static str,
    pub indicators: Vec<(&'static str, u32)>,
    pub destination: Option<&'static str>,
}

/// Every alert of the tenant, in the store's order.
pub fn alerts(store: &Store) -> Vec<AlertFacts<'_>> {
    store
        .alerts
        .iter()
        .map(|a| {
            let rule = store.rule(a.rule);
            let actor = store.actor(a.actor);
            let watchlist_ids: &'static [&'static str] = match rule.source {
                "Departing Employee" => &[DEPARTING_WATCHLIST],
                "High Risk Employee" => &[HIGH_IMPACT_WATCHLIST],
                _ => &[],
            };
            AlertFacts {
                id: &a.id,
                actor_id: &actor.id,
                actor_email: &actor.email,
                rule_id: &rule.id,
                rule_name: &rule.name,
                watchlist_ids,
                created_at: a.created_at,
                risk_severity: a.risk_severity,
                state: &a.state,
                event_ids: a
                    .observations
                    .iter()
                    .flat_map(|o| o.events.iter())
                    .filter(|&i| store.event_at(i).is_some())
                    .map(EventRef)
                    .collect(),
            }
        })
        .collect()
}

/// Every actor of the tenant: (id, email).
pub fn actors(store: &Store) -> Vec<(String, String)> {
    store
        .actors
        .iter()
        .map(|a| (a.id.clone(), a.email.clone()))
        .collect()
}

/// One file event.
pub fn event(store: &Store, r: EventRef) -> Option<EventFacts> {
    let e = store.event_at(r.0)?;
    Some(EventFacts {
        id: r,
        timestamp: e.timestamp,
        risk_score: e.risk_score(),
        risk_severity: e.risk_severity(),
        indicators: e.indicators().iter().copied().collect(),
        destination: e.destination_name(),
    })
}

/// A file event's id.
pub fn event_id(store: &Store, r: EventRef) -> Option<String> {
    store.event_at(r.0).map(|e| e.id.to_string())
}

/// One file event as the v2 search writes it.
pub fn event_v2_json(store: &Store, r: EventRef) -> Option<Value> {
    store
        .event_at(r.0)
        .map(|e| crate::file_event_bodies::v2_json(store, e))
}
