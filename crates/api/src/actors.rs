//! Actors (`/v1/actors`): the people behind the alerts, with their directory details.
//! Every field is read leniently; an actor that cannot be read never fails its page.

use serde::{Deserialize, Serialize};

use super::lenient::{self, Item};

/// The most actors one search page holds (and the page size the incydr SDK asks for).
pub const MAX_ACTOR_PAGE: usize = 500;

/// An actor as the service describes it; `startDate` and `endDate` are `YYYY-MM-DD`.
/// Written back out, it has the service's 19 keys in the service's order.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub alternate_names: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub department: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub division: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub employee_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub end_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub in_scope: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub locality: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub manager_actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub parent_actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub region: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub start_date: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub title: Option<String>,
}

/// One page of an actor search.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ActorPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub actors: Vec<Item<Actor>>,
}

/// An actor's family: its parent and the parent's children. An actor with no parent is
/// its own family's parent, with no children.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ActorFamily {
    #[serde(default, deserialize_with = "lenient::items")]
    pub children: Vec<Item<Actor>>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub parent: Option<Actor>,
}

/// An actor search: by name (prefix, suffix; the service compares without case), by
/// whether the actor is active, one 1-based page at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorQuery {
    pub name_starts_with: Option<String>,
    pub name_ends_with: Option<String>,
    pub active: Option<bool>,
    pub page_size: usize,
    pub page: usize,
    /// Each actor's parent instead of the actor (`/search/parent`).
    pub prefer_parent: bool,
}

impl Default for ActorQuery {
    fn default() -> Self {
        ActorQuery {
            name_starts_with: None,
            name_ends_with: None,
            active: None,
            page_size: MAX_ACTOR_PAGE,
            page: 1,
            prefer_parent: false,
        }
    }
}

impl ActorQuery {
    pub(crate) fn params(&self) -> Vec<(&'static str, String)> {
        let mut p = Vec::new();
        if let Some(s) = &self.name_starts_with {
            p.push(("nameStartsWith", s.clone()));
        }
        if let Some(s) = &self.name_ends_with {
            p.push(("nameEndsWith", s.clone()));
        }
        if let Some(a) = self.active {
            p.push(("active", if a { "True" } else { "False" }.to_string()));
        }
        p.push((
            "pageSize",
            self.page_size.clamp(1, MAX_ACTOR_PAGE).to_string(),
        ));
        p.push(("page", self.page.max(1).to_string()));
        p
    }
}

/// A change to an actor: `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorUpdate {
    pub notes: Option<Option<String>>,
    pub start_date: Option<Option<String>>,
    pub end_date: Option<Option<String>>,
}

impl ActorUpdate {
    pub fn is_empty(&self) -> bool {
        self.notes.is_none() && self.start_date.is_none() && self.end_date.is_none()
    }

    /// Checks the dates are `YYYY-MM-DD`; says which is not.
    pub fn validate(&self) -> Result<(), String> {
        if self.is_empty() {
            return Err("give at least one of notes, start date or end date".to_string());
        }
        for (label, date) in [
            ("start date", &self.start_date),
            ("end date", &self.end_date),
        ] {
            if let Some(Some(d)) = date
                && (d.len() != 10 || chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err())
            {
                return Err(format!("{label} {d:?} is not a date as YYYY-MM-DD"));
            }
        }
        Ok(())
    }

    /// The fields to change as the service names them, each with its new value (`None`:
    /// cleared).
    pub fn fields(&self) -> Vec<(String, Option<String>)> {
        [
            ("notes", &self.notes),
            ("startDate", &self.start_date),
            ("endDate", &self.end_date),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.clone().map(|v| (key.to_string(), v)))
        .collect()
    }

    /// Whether `actor` already shows the change.
    pub fn is_applied(&self, actor: &Actor) -> bool {
        let same = |wanted: &Option<Option<String>>, now: &Option<String>| {
            wanted.as_ref().is_none_or(|w| w == now)
        };
        same(&self.notes, &actor.notes)
            && same(&self.start_date, &actor.start_date)
            && same(&self.end_date, &actor.end_date)
    }

    /// The partial body: only the fields to change, `null` for those to clear.
    pub(crate) fn body(&self) -> serde_json::Value {
        serde_json::Value::Object(
            self.fields()
                .into_iter()
                .map(|(key, value)| (key, serde_json::json!(value)))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unreadable_actor_keeps_its_page() {
        let page: ActorPage = serde_json::from_str(
            r#"{"actors": [{"actorId": "a", "name": "x@y", "extra": 1}, 7], "more": true}"#,
        )
        .unwrap();
        assert_eq!(page.actors.len(), 2);
        assert_eq!(
            page.actors[0].read().and_then(|a| a.name.as_deref()),
            Some("x@y")
        );
        assert!(page.actors[1].unreadable().is_some());
    }

    #[test]
    fn update_body_is_partial_and_null_clears() {
        let u = ActorUpdate {
            notes: Some(None),
            end_date: Some(Some("2024-03-01".into())),
            ..ActorUpdate::default()
        };
        assert_eq!(
            u.body(),
            serde_json::json!({"notes": null, "endDate": "2024-03-01"})
        );
        assert!(u.validate().is_ok());
        let bad = ActorUpdate {
            start_date: Some(Some("2024-3-1".into())),
            ..ActorUpdate::default()
        };
        assert!(bad.validate().is_err());
    }
}
