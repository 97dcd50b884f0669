//! New data for a running tenant, as a real one raises alerts while it is watched: tests
//! of `--checkpoint` (and of anything that polls) add alerts while the server runs.

use chrono::Utc;

use super::DemoServer;

impl DemoServer {
    /// Adds an open alert created now, a copy of the newest one with file events of its
    /// own (copies of that alert's, inserted now). Returns the new alert's id, or `None`
    /// for an empty tenant.
    pub fn add_alert(&self) -> Option<String> {
        let mut store = self.store.write().unwrap_or_else(|e| e.into_inner());
        let now = Utc::now();
        let template = store.alerts.iter().max_by_key(|a| a.created_at)?.clone();
        let serial = store.alerts.len();
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
                event.id = crate::demo::store::EventId::Text(id.clone().into());
                store.event_index.insert(id, new_index);
                store.file_events.push(event);
                len = len.saturating_add(1);
            }
            observation.events = crate::demo::store::EventRange { start, len };
        }
        let id = alert.id.clone();
        let position = store.alerts.len();
        let store = &mut *store;
        store.alert_index.insert(&id, position, &store.alerts);
        store.alerts.push(alert);
        Some(id)
    }
}
