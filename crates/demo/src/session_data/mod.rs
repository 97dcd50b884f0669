//! The sessions of the demo tenant, as data: derived from its alerts and file events
//! (`model`, read through `source`), and filtered by `search`. The handlers of
//! `/v1/sessions` are in `sessions`; the tenant's state holds a `SessionStore`.

pub mod model;
pub mod search;
pub mod source;

pub use model::{STATES, Session, SessionStore};
pub use search::{MAX_PAGE_SIZE, SessionFilter};

use crate::store::Store;

/// Derives the sessions of a freshly seeded tenant.
pub fn derive(store: &Store) -> SessionStore {
    let alerts = source::alerts(store);
    let actors = source::actors(store);
    SessionStore::new(model::derive(
        &alerts,
        &actors,
        |r| source::event(store, r),
        |r| source::event_id(store, r),
    ))
}
