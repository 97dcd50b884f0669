//! Shared by the API tests.

use std::sync::Mutex;

use triage42_api::Item;
use triage42_api::audit::{Change, ChangeLog, Outcome};

/// The demo tenant's clean data reads in full.
pub fn read<T>(item: Item<T>) -> T {
    match item {
        Item::Read(t) => t,
        Item::Unreadable(u) => panic!("unreadable: {u:?}"),
    }
}

pub fn read_all<T>(items: Vec<Item<T>>) -> Vec<T> {
    items.into_iter().map(read).collect()
}

/// The changes the client journals: each intent (`None`), then each outcome.
#[derive(Default)]
pub struct Recorded(pub Mutex<Vec<(Change, Option<Outcome>)>>);

impl Recorded {
    /// What was journaled so far.
    pub fn changes(&self) -> Vec<(Change, Option<Outcome>)> {
        self.0.lock().unwrap().clone()
    }
}

impl ChangeLog for Recorded {
    fn intent(&self, change: &Change) -> std::io::Result<()> {
        self.0.lock().unwrap().push((change.clone(), None));
        Ok(())
    }
    fn outcome(&self, change: &Change, outcome: &Outcome) -> std::io::Result<()> {
        self.0
            .lock()
            .unwrap()
            .push((change.clone(), Some(outcome.clone())));
        Ok(())
    }
}
