//! What sessions read of the rest of the tenant: its alerts, actors and file events,
//! through these few functions only, so the alert store can change shape freely.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::demo::store::Store;

/// An alert as a session sees it.
#[derive(Debug, Clone)]
pub struct AlertFacts {
    pub id: String,
    pub actor_id: String,
    pub actor_email: String,
    pub rule_id: String,
    pub rule_name: String,
    pub watchlist_ids: Vec<&'static str>,
    pub created_at: DateTime<Utc>,
    /// `NO_RISK_INDICATED`, `LOW`, … `CRITICAL`.
    pub risk_severity: String,
    pub state: String,
    /// The ids of the file events its observations point at.
    pub event_ids: Vec<String>,
}

/// A file event as a session sees it.
#[derive(Debug, Clone)]
pub struct EventFacts {
    pub id: String,
    pub timestamp: DateTime<Utc>,
    pub risk_score: u32,
    pub risk_severity: String,
    pub indicators: Vec<(String, u32)>,
    pub destination: Option<String>,
}

/// The watchlists of the alerts' rules, as the alerts service lists them.
pub const DEPARTING_WATCHLIST: &str = "b1d9f5a0-0de1-4c1a-9f42-departing0001";
pub const HIGH_RISK_WATCHLIST: &str = "b1d9f5a0-0de1-4c1a-9f42-highrisk00001";

/// Every alert of the tenant, in the store's order.
pub fn alerts(store: &Store) -> Vec<AlertFacts> {
    store
        .alerts
        .iter()
        .map(|a| {
            let rule = store.rule(a.rule);
            let actor = store.actor(a.actor);
            let watchlist_ids = match rule.source {
                "Departing Employee" => vec![DEPARTING_WATCHLIST],
                "High Risk Employee" => vec![HIGH_RISK_WATCHLIST],
                _ => Vec::new(),
            };
            AlertFacts {
                id: a.id.clone(),
                actor_id: actor.id.clone(),
                actor_email: actor.email.clone(),
                rule_id: rule.id.clone(),
                rule_name: rule.name.clone(),
                watchlist_ids,
                created_at: a.created_at,
                risk_severity: a.risk_severity.to_string(),
                state: a.state.clone(),
                event_ids: a
                    .observations
                    .iter()
                    .flat_map(|o| o.events.iter())
                    .filter_map(|&i| store.event_at(i).map(|e| e.id.clone()))
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

/// One file event by id.
pub fn event(store: &Store, id: &str) -> Option<EventFacts> {
    let e = store.event(id)?;
    Some(EventFacts {
        id: e.id.clone(),
        timestamp: e.timestamp,
        risk_score: e.risk_score,
        risk_severity: e.risk_severity.to_string(),
        indicators: e
            .indicators
            .iter()
            .map(|(n, w)| (n.to_string(), *w))
            .collect(),
        destination: e.destination_name.map(str::to_string),
    })
}

/// One file event as the v2 search writes it.
pub fn event_v2_json(store: &Store, id: &str) -> Option<Value> {
    store
        .event(id)
        .map(|e| crate::demo::file_events::v2_json(store, e))
}
