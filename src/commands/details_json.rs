//! The JSON of one alert of `alerts search --details`, written straight from the typed
//! details, with no `serde_json::Value` tree in between.
//!
//! The row is the one [`super::alerts::details_row`] builds: the summary's fields, the
//! files of every observation (`fileCount`, `files`, `fileDetails`), the observations and
//! the note. Keys come in the order that tree's maps keep them (sorted), and every value
//! is written by the same `Serialize` as there, so the bytes are the same; tests compare
//! the two on seeded tenants, clean and messy.

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use crate::api::RiskSeverity;
use crate::api::{
    AlertDetails, AlertState, Observation, ObservationPayload, ObservedFile, Watchlist,
};

/// One alert's details as its output row.
pub(crate) struct DetailsJson<'a>(pub(crate) &'a AlertDetails);

impl Serialize for DetailsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let a = &d.summary;
        let files = Files(&d.observations);
        let note = d.note.as_ref();
        Row {
            actor: &a.actor,
            actor_id: &a.actor_id,
            created_at: &a.created_at,
            description: &a.description,
            file_count: files.iter().count(),
            file_details: FileDetails(files),
            files: FileNames(files),
            id: &a.id,
            name: &a.name,
            note: note.and_then(|n| n.message.as_deref()),
            note_last_modified_by: note.and_then(|n| n.last_modified_by.as_deref()),
            observations: Observations(&d.observations),
            risk_severity: &a.risk_severity,
            rule_id: &a.rule_id,
            rule_source: &a.rule_source,
            severity: &a.severity,
            state: &a.state,
            state_last_modified_at: &a.state_last_modified_at,
            state_last_modified_by: &a.state_last_modified_by,
            target: &a.target,
            tenant_id: &a.tenant_id,
            rule_type: &a.rule_type,
            watchlists: Watchlists(&a.watchlists),
        }
        .serialize(s)
    }
}

/// The row's fields in sorted key order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Row<'a> {
    actor: &'a Option<String>,
    actor_id: &'a Option<String>,
    created_at: &'a Option<DateTime<Utc>>,
    description: &'a Option<String>,
    file_count: usize,
    file_details: FileDetails<'a>,
    files: FileNames<'a>,
    id: &'a str,
    name: &'a Option<String>,
    note: Option<&'a str>,
    note_last_modified_by: Option<&'a str>,
    observations: Observations<'a>,
    risk_severity: &'a Option<RiskSeverity>,
    rule_id: &'a Option<String>,
    rule_source: &'a Option<String>,
    severity: &'a Option<String>,
    state: &'a Option<AlertState>,
    state_last_modified_at: &'a Option<DateTime<Utc>>,
    state_last_modified_by: &'a Option<String>,
    target: &'a Option<String>,
    tenant_id: &'a Option<String>,
    #[serde(rename = "type")]
    rule_type: &'a Option<String>,
    watchlists: Watchlists<'a>,
}

/// The files of every observation whose data could be read, in order.
#[derive(Clone, Copy)]
struct Files<'a>(&'a [Observation]);

impl<'a> Files<'a> {
    fn iter(self) -> impl Iterator<Item = &'a ObservedFile> {
        self.0
            .iter()
            .filter_map(|o| o.data.data())
            .flat_map(|data| data.files.iter())
    }
}

struct FileNames<'a>(Files<'a>);

impl Serialize for FileNames<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|f| &f.name))
    }
}

struct FileDetails<'a>(Files<'a>);

impl Serialize for FileDetails<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|f| FileDetail {
            category: &f.category,
            event_id: &f.event_id,
            name: &f.name,
            path: &f.path,
            size: &f.size,
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileDetail<'a> {
    category: &'a Option<String>,
    event_id: &'a Option<String>,
    name: &'a Option<String>,
    path: &'a Option<String>,
    size: &'a Option<u64>,
}

struct Observations<'a>(&'a [Observation]);

impl Serialize for Observations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|o| ObservationRow {
            data: &o.data,
            id: &o.id,
            last_observed_at: &o.last_observed_at,
            observed_at: &o.observed_at,
            observation_type: &o.observation_type,
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ObservationRow<'a> {
    data: &'a ObservationPayload,
    id: &'a Option<String>,
    last_observed_at: &'a Option<DateTime<Utc>>,
    observed_at: &'a Option<DateTime<Utc>>,
    #[serde(rename = "type")]
    observation_type: &'a Option<String>,
}

struct Watchlists<'a>(&'a [Watchlist]);

impl Serialize for Watchlists<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|w| WatchlistRow {
            id: &w.id,
            is_significant: &w.is_significant,
            name: &w.name,
            watchlist_type: &w.watchlist_type,
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WatchlistRow<'a> {
    id: &'a Option<String>,
    is_significant: &'a Option<bool>,
    name: &'a Option<String>,
    #[serde(rename = "type")]
    watchlist_type: &'a Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Item;
    use crate::commands::alerts::details_row;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// The row written straight must be the bytes of the tree, compact and indented.
    fn same_as_tree(d: &AlertDetails) {
        let tree = details_row(d);
        assert_eq!(
            String::from_utf8(serde_json::to_vec(&DetailsJson(d)).unwrap()).unwrap(),
            serde_json::to_string(&tree).unwrap(),
            "alert {}",
            d.summary.id
        );
        assert_eq!(
            serde_json::to_string_pretty(&DetailsJson(d)).unwrap(),
            serde_json::to_string_pretty(&tree).unwrap()
        );
    }

    fn check_tenant(store: &crate::demo::store::Store) -> usize {
        let mut read = 0;
        for a in &store.alerts {
            let text = crate::demo::alerts::details_json(store, a).to_string();
            if let Item::Read(d) = Item::<AlertDetails>::from_json(&text) {
                same_as_tree(&d);
                read += 1;
            }
        }
        read
    }

    #[test]
    fn rows_of_a_seeded_tenant_are_the_bytes_of_the_tree() {
        let anchor = DateTime::from_timestamp_nanos(1_773_500_966_535_897_000);
        let mut store = crate::demo::seed::generate(400, 11, anchor);
        assert_eq!(check_tenant(&store), 400);
        crate::demo::messy::apply(&mut store);
        assert!(check_tenant(&store) > 300);
    }

    /// A JSON value of any shape, small.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            (-1e9f64..1e9).prop_map(|n| json!(n)),
            "[a-z0-9 \"\\\\\u{1b}\u{202e}é-]{0,12}".prop_map(Value::String),
            Just(json!("2026-03-14T15:09:26.5358970Z")),
            Just(json!("HIGH")),
        ];
        leaf.prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
                prop::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// An observation `data` string: JSON text with files of odd shapes, or not JSON.
    fn any_data() -> impl Strategy<Value = Value> {
        let file = prop::collection::btree_map(
            prop_oneof![
                Just("name".to_string()),
                Just("path".to_string()),
                Just("category".to_string()),
                Just("size".to_string()),
                Just("eventId".to_string()),
                Just("observedAt".to_string()),
            ],
            any_value(),
            0..6,
        )
        .prop_map(|m| Value::Object(m.into_iter().collect()));
        prop_oneof![
            prop::collection::vec(file, 0..4).prop_map(|files| {
                Value::String(
                    json!({"type$": "OBSERVED_ENDPOINT_ACTIVITY", "files": files, "fileCount": 2})
                        .to_string(),
                )
            }),
            any_value().prop_map(|v| Value::String(v.to_string())),
            any_value(),
        ]
    }

    fn any_alert() -> impl Strategy<Value = Value> {
        let keys = prop_oneof![
            Just("actor"),
            Just("actorId"),
            Just("createdAt"),
            Just("description"),
            Just("name"),
            Just("riskSeverity"),
            Just("ruleId"),
            Just("ruleSource"),
            Just("severity"),
            Just("state"),
            Just("stateLastModifiedAt"),
            Just("stateLastModifiedBy"),
            Just("target"),
            Just("tenantId"),
            Just("type"),
            Just("watchlists"),
            Just("note"),
            Just("unknownField"),
        ];
        let observation = (any_data(), any_value(), any_value()).prop_map(|(data, id, at)| {
            json!({"type$": "OBSERVATION", "data": data, "id": id, "observedAt": at, "type": "FedEndpointExfiltration"})
        });
        (
            prop::collection::btree_map(keys, any_value(), 0..10),
            prop::collection::vec(observation, 0..3),
            prop_oneof![Just(json!("a-1")), Just(json!(12345678901234567u64))],
        )
            .prop_map(|(fields, observations, id)| {
                let mut m: serde_json::Map<String, Value> = fields
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect();
                m.insert("id".into(), id);
                m.insert("observations".into(), Value::Array(observations));
                Value::Object(m)
            })
    }

    proptest! {
        #[test]
        fn rows_of_any_readable_alert_are_the_bytes_of_the_tree(alert in any_alert()) {
            if let Item::Read(d) = Item::<AlertDetails>::from_json(&alert.to_string()) {
                same_as_tree(&d);
            }
        }
    }
}
