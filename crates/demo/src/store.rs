//! The demo tenant's data, held in memory: the records (`records`), the id index of the
//! alerts, and the search index kept true through every change.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub use super::records::*;
use super::search_index::{Arrangement, Class, SearchIndex, Source};
use super::watchlist_records::Watchlist;

#[derive(Debug, Default)]
pub struct Store {
    pub rules: Vec<Rule>,
    pub actors: Vec<Actor>,
    /// The directory details of each actor, by position; changed by the actors service.
    pub actor_profiles: Vec<ActorProfile>,
    /// The watchlists and who is on them; changed by the watchlists service.
    pub watchlists: Vec<Watchlist>,
    pub documents: Vec<Document>,
    pub alerts: Vec<Alert>,
    pub alert_index: AlertIndex,
    pub file_events: Vec<FileEvent>,
    /// Positions of the file events whose ids are not seeded ones (see [`Store::event`]).
    pub event_index: HashMap<String, u32>,
    pub cases: Vec<Case>,
    pub next_case_number: u64,
    pub next_note_id: u64,
    /// `--messy`: JSON is written in the odd forms of an old tenant.
    pub messy: bool,
    /// How many state changes were applied to each alert: tests use it to check that a
    /// change whose answer was lost was not applied twice.
    pub state_changes_applied: HashMap<String, u32>,
    /// What searches read instead of every alert; see [`Store::set_state`],
    /// [`Store::push_alert`] and [`Store::alerts_changed`] for keeping it true.
    pub search: SearchIndex,
}

/// Alerts by id: the position of each under a 64-bit hash of its id (checked against
/// the alert, so a hash never answers for another id), and the few ids whose hash
/// another id took first by name. A tenth of the memory of a map of the ids' text.
#[derive(Debug, Default)]
pub struct AlertIndex {
    by_hash: HashMap<u64, u32, std::hash::BuildHasherDefault<HashedAlready>>,
    spilled: HashMap<String, usize>,
}

/// The hasher of a map whose keys are hashes already ([`id_hash`]): the key is its own
/// hash, instead of being hashed a second time.
#[derive(Default)]
struct HashedAlready(u64);

impl std::hash::Hasher for HashedAlready {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    /// Not used by a map of `u64` keys; folds any other key's bytes all the same.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

fn id_hash(id: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    h.finish()
}

impl AlertIndex {
    pub fn reserve(&mut self, n: usize) {
        self.by_hash.reserve(n);
    }

    /// Records that the alert of `id` is at `position` of `alerts` (which holds every
    /// alert recorded before it).
    pub fn insert(&mut self, id: &str, position: usize, alerts: &[Alert]) {
        let h = id_hash(id);
        let Ok(p) = u32::try_from(position) else {
            self.spilled.insert(id.to_string(), position);
            return;
        };
        match self.by_hash.get(&h) {
            Some(&taken)
                if alerts
                    .get(taken as usize)
                    .is_some_and(|a| a.id.as_str() != id) =>
            {
                self.spilled.insert(id.to_string(), position);
            }
            _ => {
                self.by_hash.insert(h, p);
            }
        }
    }

    pub fn get(&self, id: &str, alerts: &[Alert]) -> Option<usize> {
        if let Some(&p) = self.spilled.get(id) {
            return Some(p);
        }
        let p = *self.by_hash.get(&id_hash(id))? as usize;
        alerts.get(p).filter(|a| a.id == id).map(|_| p)
    }

    pub fn len(&self) -> usize {
        self.by_hash.len().saturating_add(self.spilled.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a dangling index resolves to. The seed never makes one, but a look-up that cannot
/// fail keeps every handler free of panics.
static NO_RULE: Rule = Rule {
    id: String::new(),
    name: String::new(),
    description: String::new(),
    rule_type: "",
    source: "",
    severity: "",
    created_at: DateTime::<Utc>::UNIX_EPOCH,
    created_by: String::new(),
    is_enabled: false,
    watched_users: Vec::new(),
};

static NO_ACTOR: Actor = Actor {
    email: String::new(),
    id: String::new(),
    device_uid: String::new(),
    hostname: String::new(),
    department: "",
};

static NO_DOCUMENT: Document = Document {
    name: String::new(),
    category: "",
    mime_type: "",
    size: 0,
    md5: String::new(),
    sha256: String::new(),
};

impl Store {
    pub fn alert(&self, id: &str) -> Option<&Alert> {
        self.alerts.get(self.alert_position(id)?)
    }

    /// Where the alert of an id is in `alerts`.
    pub fn alert_position(&self, id: &str) -> Option<usize> {
        self.alert_index.get(id, &self.alerts)
    }

    /// The file event of an id. A seeded id names its position; an added event's id is
    /// looked up in `event_index`.
    pub fn event(&self, id: &str) -> Option<&FileEvent> {
        let named = id
            .rsplit_once('_')
            .and_then(|(_, position)| position.parse::<u32>().ok())
            .and_then(|i| self.event_at(i))
            .filter(|e| e.id == *id);
        named.or_else(|| self.event_index.get(id).and_then(|&i| self.event_at(i)))
    }

    /// Where a file event is in `file_events`.
    pub fn event_position(&self, e: &FileEvent) -> Option<u32> {
        match &e.id {
            EventId::Seeded { position, .. } => Some(*position),
            EventId::Text(t) => self.event_index.get(&**t).copied(),
        }
    }

    /// The file event at an index held by an observation.
    pub fn event_at(&self, index: u32) -> Option<&FileEvent> {
        self.file_events.get(usize::try_from(index).ok()?)
    }

    /// The rule an alert was raised by.
    pub fn rule(&self, index: u16) -> &Rule {
        self.rules.get(usize::from(index)).unwrap_or(&NO_RULE)
    }

    /// The actor of an alert or file event.
    pub fn actor(&self, index: u16) -> &Actor {
        self.actors.get(usize::from(index)).unwrap_or(&NO_ACTOR)
    }

    /// The file a file event is about.
    pub fn document(&self, index: u32) -> &Document {
        usize::try_from(index)
            .ok()
            .and_then(|i| self.documents.get(i))
            .unwrap_or(&NO_DOCUMENT)
    }

    pub fn case_mut(&mut self, number: u64) -> Option<&mut Case> {
        self.cases.iter_mut().find(|c| c.number == number)
    }

    pub fn case(&self, number: u64) -> Option<&Case> {
        self.cases.iter().find(|c| c.number == number)
    }

    pub fn user_uid(&self, email: &str) -> Option<String> {
        self.actors
            .iter()
            .find(|a| a.email.eq_ignore_ascii_case(email) || a.id == email)
            .map(|a| a.id.clone())
    }

    pub fn username_of(&self, uid: &str) -> Option<String> {
        self.actors
            .iter()
            .find(|a| a.id == uid || a.email.eq_ignore_ascii_case(uid))
            .map(|a| a.email.clone())
    }
}

impl Store {
    /// What the search index is read from.
    fn index_source(&self) -> Source<'_> {
        Source {
            alerts: &self.alerts,
            rules: &self.rules,
        }
    }

    /// The search index, built on first use; `None` only for a store too large for it.
    pub fn search_index(&self) -> Option<&Arrangement> {
        self.search.get(self.index_source())
    }

    /// Sets an alert's state, keeping the search index up to date.
    pub fn set_state(&mut self, position: usize, state: Sym, at: DateTime<Utc>, by: Sym) {
        let Some(a) = self.alerts.get_mut(position) else {
            return;
        };
        a.state = state;
        a.state_last_modified_at = Some(at);
        a.state_last_modified_by = Some(by);
        let class = self
            .alerts
            .get(position)
            .map(|a| Class::of(self.index_source(), a));
        if let Some(class) = class {
            self.search.reclassify(position, class);
        }
    }

    /// Adds an alert (with an id no other alert has), keeping the id and search
    /// indexes up to date.
    pub fn push_alert(&mut self, alert: Alert) {
        let position = self.alerts.len();
        self.alert_index.insert(&alert.id, position, &self.alerts);
        let source = Source {
            alerts: &self.alerts,
            rules: &self.rules,
        };
        self.search.place(source, position, &alert);
        self.alerts.push(alert);
    }

    /// To be called after changing alerts other than through `set_state` and
    /// `push_alert`: the search index is built again on the next search.
    pub fn alerts_changed(&mut self) {
        self.search.clear();
    }
}
