//! Watchlists (`/v2/watchlists`): the tenant's lists of people to watch more closely
//! (departing, new, contract, high-impact employees, custom lists), and who is on them.
//! Every field is read leniently; one watchlist or member that cannot be read never
//! fails its page.
//!
//! [`Watchlist`] here is a list of the tenant; [`crate::models::Watchlist`] is the
//! reference to one that an alert carries.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::lenient::{self, Item};

/// The page size the client asks for (the incydr SDK's default).
pub const WATCHLIST_PAGE_SIZE: usize = 100;
/// The most actors one add or remove takes.
pub const MAX_ACTORS_PER_CHANGE: usize = 100;

/// A watchlist. `list_type` is one of the service's types (`DEPARTING_EMPLOYEE`,
/// `NEW_EMPLOYEE`, …, `CUSTOM`); a custom list has a title.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Watchlist {
    /// A watchlist without an id cannot be read.
    #[serde(deserialize_with = "lenient::id")]
    pub watchlist_id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub list_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub tenant_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::object_or_default")]
    pub stats: WatchlistStats,
}

impl Watchlist {
    /// What people call the list: a custom list's title, else its type.
    pub fn name(&self) -> &str {
        let custom = self.list_type.as_deref() == Some("CUSTOM");
        match (&self.title, &self.list_type) {
            (Some(title), _) if custom && !title.is_empty() => title,
            (_, Some(kind)) => kind,
            (Some(title), None) => title,
            (None, None) => &self.watchlist_id,
        }
    }

    /// Whether `name` names this list: its id, its type (in any case) or, for a custom
    /// list, its title.
    pub fn is_named(&self, name: &str) -> bool {
        self.watchlist_id.eq_ignore_ascii_case(name)
            || (self.list_type.as_deref() != Some("CUSTOM")
                && self
                    .list_type
                    .as_deref()
                    .is_some_and(|t| t.eq_ignore_ascii_case(name)))
            || (self.list_type.as_deref() == Some("CUSTOM") && self.title.as_deref() == Some(name))
    }
}

/// How many of each kind a list holds; a count the service leaves out is 0.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct WatchlistStats {
    #[serde(default, deserialize_with = "lenient::count")]
    pub included_actors_count: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub excluded_actors_count: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub included_departments_count: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub included_directory_groups_count: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub excluded_departments_count: u64,
    #[serde(default, deserialize_with = "lenient::count")]
    pub excluded_directory_groups_count: u64,
}

/// One page of watchlists.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct WatchlistPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub watchlists: Vec<Item<Watchlist>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_count: Option<u64>,
}

/// An actor on a list: included one by one, excluded, or a member (included, or of a
/// department or group the list includes). The service spells the name `actorname`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WatchlistMember {
    /// A member without an actor id cannot be read.
    #[serde(deserialize_with = "lenient::id")]
    pub actor_id: String,
    #[serde(
        default,
        rename = "actorname",
        alias = "actorName",
        deserialize_with = "lenient::opt_string"
    )]
    pub actor_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub added_time: Option<DateTime<Utc>>,
}

/// One page of a list's actors, whichever of them was asked for.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct WatchlistMemberPage {
    #[serde(
        default,
        alias = "includedActors",
        alias = "excludedActors",
        alias = "watchlistMembers",
        deserialize_with = "lenient::items"
    )]
    pub actors: Vec<Item<WatchlistMember>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_count: Option<u64>,
}

/// Which actors of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchlistActors {
    /// Those included one by one.
    Included,
    /// Those kept off the list although a department or group would put them on.
    Excluded,
    /// Everyone on the list, however they came to be on it.
    Members,
}

impl WatchlistActors {
    pub(crate) fn path(self) -> &'static str {
        match self {
            WatchlistActors::Included => "included-actors",
            WatchlistActors::Excluded => "excluded-actors",
            WatchlistActors::Members => "members",
        }
    }
}

/// A page of the watchlists, all of them or those an actor is on; `page` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistQuery {
    pub actor_id: Option<String>,
    pub page: usize,
    pub page_size: usize,
}

impl Default for WatchlistQuery {
    fn default() -> Self {
        WatchlistQuery {
            actor_id: None,
            page: 1,
            page_size: WATCHLIST_PAGE_SIZE,
        }
    }
}

impl WatchlistQuery {
    /// As the incydr SDK sends them: `page`, `pageSize`, `actorId`.
    pub(crate) fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = vec![
            ("page", self.page.max(1).to_string()),
            ("pageSize", self.page_size.max(1).to_string()),
        ];
        if let Some(a) = &self.actor_id {
            p.push(("actorId", a.clone()));
        }
        p
    }
}

/// Whether `text` is written as a uuid (a watchlist id rather than a type or title).
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8usize, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unreadable_watchlist_or_member_keeps_its_page() {
        let page: WatchlistPage = serde_json::from_str(
            r#"{"watchlists": [{"watchlistId": "w1", "listType": "CUSTOM", "title": "T",
                "stats": {"includedActorsCount": "3"}}, {"listType": "NEW_EMPLOYEE"}],
                "totalCount": 2}"#,
        )
        .unwrap();
        assert_eq!(page.watchlists.len(), 2);
        let w = page.watchlists[0].read().unwrap();
        assert_eq!(w.stats.included_actors_count, 3);
        assert_eq!(w.stats.excluded_actors_count, 0);
        assert_eq!(w.name(), "T");
        assert!(w.is_named("T") && w.is_named("W1") && !w.is_named("CUSTOM"));
        assert!(page.watchlists[1].unreadable().is_some());

        let members: WatchlistMemberPage = serde_json::from_str(
            r#"{"includedActors": [{"actorId": "a1", "actorname": "x@y",
                "addedTime": "2022-07-18T16:39:51.356082Z"}, {"actorname": "no id"},
                {"actorId": 7, "actorName": "z@y", "addedTime": null}], "totalCount": 3}"#,
        )
        .unwrap();
        assert_eq!(members.actors.len(), 3);
        assert_eq!(
            members.actors[0].read().unwrap().actor_name.as_deref(),
            Some("x@y")
        );
        assert!(members.actors[0].read().unwrap().added_time.is_some());
        assert!(members.actors[1].unreadable().is_some());
        assert_eq!(members.actors[2].read().unwrap().actor_id, "7");
        let written = serde_json::to_value(members.actors[0].read().unwrap()).unwrap();
        assert_eq!(written["actorname"], "x@y");
    }

    #[test]
    fn ids_are_told_from_names() {
        assert!(is_uuid("cab1cde0-3764-4a49-a2e4-4841ff486828"));
        assert!(!is_uuid("DEPARTING_EMPLOYEE"));
        assert!(!is_uuid("cab1cde0-3764-4a49-a2e4-4841ff48682"));
    }
}
