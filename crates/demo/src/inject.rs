//! New data for a running tenant, as a real one raises alerts while it is watched: tests
//! of `--checkpoint` (and of anything that polls) add alerts while the server runs.

use std::sync::{Arc, RwLock};

use chrono::Utc;

use super::DemoServer;
use super::store::Store;

impl DemoServer {
    /// Adds an open alert created now, a copy of one of the tenant's alerts (a different
    /// one each time, so a watched tenant raises alerts of different rules and actors)
    /// with file events of its own (copies of that alert's, inserted now). Returns the
    /// new alert's id, or `None` for an empty tenant.
    pub fn add_alert(&self) -> Option<String> {
        add_alert_to(&self.store)
    }

    /// Adds an alert every `every` while the server runs (`--new-alert-every`), as a
    /// busy tenant raises them; the task ends once the server is dropped.
    pub fn add_alert_every(&self, every: std::time::Duration) {
        let store = Arc::downgrade(&self.store);
        let mut ready = self.ready.clone();
        tokio::spawn(async move {
            // Alerts are added to the seeded tenant, not to the empty one before it.
            if ready
                .wait_for(|r| *r == super::Readiness::Serving)
                .await
                .is_err()
            {
                return;
            }
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is now: the tenant starts with its seeded alerts only.
            ticks.tick().await;
            loop {
                ticks.tick().await;
                let Some(store) = store.upgrade() else { return };
                if add_alert_to(&store).is_none() {
                    return;
                }
            }
        });
    }
}

fn add_alert_to(store: &RwLock<Store>) -> Option<String> {
    let mut store = store.write().unwrap_or_else(|e| e.into_inner());
    add_alert(&mut store, Utc::now())
}

/// Adds to `store` an open alert created `now` (see [`DemoServer::add_alert`]).
pub(crate) fn add_alert(store: &mut Store, now: chrono::DateTime<Utc>) -> Option<String> {
    let serial = store.alerts.len();
    // Each new alert copies another: the serial, scrambled, picks which.
    let scrambled = (serial as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    let pick = usize::try_from(scrambled.checked_rem(serial as u64)?).ok()?;
    let template = store.alerts.get(pick)?.clone();
    let mut alert = template;
    alert.id = format!("added-alert-{serial:06}");
    alert.created_at = now;
    alert.state = "OPEN".into();
    alert.state_last_modified_at = None;
    alert.state_last_modified_by = None;
    alert.note = None;
    for (o, observation) in alert.observations.iter_mut().enumerate() {
        observation.observed_at = now;
        let Ok(start) = u32::try_from(store.file_events.len()) else {
            continue;
        };
        let mut len = 0u32;
        for (e, index) in observation.events.iter().enumerate() {
            let Some(mut event) = store.event_at(index).cloned() else {
                continue;
            };
            let id = format!("added-event-{serial:06}-{o}-{e}");
            event.timestamp = now;
            event.inserted = now;
            let Ok(new_index) = u32::try_from(store.file_events.len()) else {
                continue;
            };
            event.id = crate::store::EventId::Text(id.clone().into());
            store.event_index.insert(id, new_index);
            store.file_events.push(event);
            len = len.saturating_add(1);
        }
        observation.events = crate::store::EventRange { start, len };
    }
    let id = alert.id.clone();
    store.push_alert(alert);
    Some(id)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn alerts_added_one_after_another_are_not_copies_of_one() {
        let now = Utc::now();
        let mut store = crate::seed::generate(200, 7, now);
        let added: Vec<String> = (0..8)
            .map(|_| add_alert(&mut store, now).unwrap())
            .collect();
        let kinds: HashSet<(u16, u16)> = store
            .alerts
            .iter()
            .filter(|a| added.contains(&a.id))
            .map(|a| (a.rule, a.actor))
            .collect();
        assert!(kinds.len() >= 5, "{kinds:?}");
        assert_eq!(added.iter().collect::<HashSet<_>>().len(), 8);
    }
}
