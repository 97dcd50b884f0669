//! Shared by the API tests.

use triage42_api::Item;

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
