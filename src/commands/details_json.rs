//! The JSON of one alert of `alerts search --details`, written straight from the typed
//! details, with no `serde_json::Value` tree in between.
//!
//! The row is the one [`super::alerts::details_row`] builds: the summary's fields, the
//! files of every observation (`fileCount`, `files`, `fileDetails`), the observations and
//! the note. Keys come in the order that tree's maps keep them (sorted), and every value
//! is written by the same `Serialize` as there, so the bytes are the same; tests compare
//! the two on seeded tenants, clean and messy.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Serialize, Serializer};

use crate::api::details_ref::{
    AlertDetailsRef, ObservationRef, ObservedFileRef, PayloadData, TimeJson, details_refs,
};
use crate::api::{
    AlertDetails, AlertState, Observation, ObservationPayload, ObservedFile, RiskSeverity,
    Watchlist,
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

/// The rows of one details answer of `search --details`, each with its alert's id, in
/// the answer's order and the output's format (compact, or indented for `pretty`), read
/// in place from the answer's text ([`crate::api::details_ref`]): the same bytes as
/// [`DetailsJson`] of the typed reading. `None` when an alert of the answer does not
/// read cleanly: the caller then takes the typed reading, which keeps that alert as a
/// placeholder.
pub(crate) fn rows_in_place(
    text: Option<&str>,
    pretty: bool,
) -> Option<Vec<(Cow<'_, str>, Vec<u8>)>> {
    let details = match text {
        None => Vec::new(),
        Some(text) => details_refs(text)?,
    };
    let mut rows = Vec::with_capacity(details.len());
    for d in details {
        let mut out = Vec::with_capacity(8192);
        let written = if pretty {
            serde_json::to_writer_pretty(&mut out, &DetailsRefJson(&d))
        } else {
            write_compact(&mut out, &d)
        };
        written.ok()?;
        rows.push((d.id, out));
    }
    Some(rows)
}

/// The compact row of [`DetailsRefJson`], written field by field in its order (the same
/// bytes), so that each observation's data can be written straight into its string
/// ([`crate::json_in_string::JsonInString`]) instead of being written out and then
/// escaped as a whole.
fn write_compact(out: &mut Vec<u8>, d: &AlertDetailsRef<'_>) -> serde_json::Result<()> {
    let data: Vec<PayloadData<'_>> = d.observations.iter().map(|o| o.data.read()).collect();
    let note = d.note.as_ref();
    field(out, b"{\"actor\":", &d.actor)?;
    field(out, b",\"actorId\":", &d.actor_id)?;
    field(out, b",\"createdAt\":", &TimeJson(&d.created_at))?;
    field(out, b",\"description\":", &d.description)?;
    field(out, b",\"fileCount\":", &files_of(&data).count())?;
    field(out, b",\"fileDetails\":", &RefFileDetails(&data))?;
    field(out, b",\"files\":", &RefFileNames(&data))?;
    field(out, b",\"id\":", &*d.id)?;
    field(out, b",\"name\":", &d.name)?;
    field(out, b",\"note\":", &note.and_then(|n| n.message.as_deref()))?;
    field(
        out,
        b",\"noteLastModifiedBy\":",
        &note.and_then(|n| n.last_modified_by.as_deref()),
    )?;
    out.extend_from_slice(b",\"observations\":[");
    for (i, (o, data)) in d.observations.iter().zip(&data).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"data\":");
        match data {
            PayloadData::Parsed(parsed) => {
                out.push(b'"');
                parsed.serialize(&mut serde_json::Serializer::with_formatter(
                    &mut *out,
                    crate::json_in_string::JsonInString,
                ))?;
                out.push(b'"');
            }
            other => serde_json::to_writer(&mut *out, &DataJson(other))?,
        }
        field(out, b",\"id\":", &o.id)?;
        field(out, b",\"lastObservedAt\":", &TimeJson(&o.last_observed_at))?;
        field(out, b",\"observedAt\":", &TimeJson(&o.observed_at))?;
        field(out, b",\"type\":", &o.observation_type)?;
        out.push(b'}');
    }
    out.push(b']');
    field(out, b",\"riskSeverity\":", &d.risk_severity)?;
    field(out, b",\"ruleId\":", &d.rule_id)?;
    field(out, b",\"ruleSource\":", &d.rule_source)?;
    field(out, b",\"severity\":", &d.severity)?;
    field(out, b",\"state\":", &d.state)?;
    field(
        out,
        b",\"stateLastModifiedAt\":",
        &TimeJson(&d.state_last_modified_at),
    )?;
    field(out, b",\"stateLastModifiedBy\":", &d.state_last_modified_by)?;
    field(out, b",\"target\":", &d.target)?;
    field(out, b",\"tenantId\":", &d.tenant_id)?;
    field(out, b",\"type\":", &d.rule_type)?;
    field(out, b",\"watchlists\":", &Watchlists(&d.watchlists))?;
    out.push(b'}');
    Ok(())
}

/// A key (with what goes before it) and its value, compact.
fn field<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    key: &[u8],
    value: &T,
) -> serde_json::Result<()> {
    out.extend_from_slice(key);
    serde_json::to_writer(&mut *out, value)
}

/// One alert read in place, as its output row: the fields of [`Row`], in its order.
struct DetailsRefJson<'a>(&'a AlertDetailsRef<'a>);

impl Serialize for DetailsRefJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        // Each observation's data is read once, for its files and for itself.
        let data: Vec<PayloadData<'_>> = d.observations.iter().map(|o| o.data.read()).collect();
        let note = d.note.as_ref();
        RefRow {
            actor: &d.actor,
            actor_id: &d.actor_id,
            created_at: TimeJson(&d.created_at),
            description: &d.description,
            file_count: files_of(&data).count(),
            file_details: RefFileDetails(&data),
            files: RefFileNames(&data),
            id: &d.id,
            name: &d.name,
            note: note.and_then(|n| n.message.as_deref()),
            note_last_modified_by: note.and_then(|n| n.last_modified_by.as_deref()),
            observations: RefObservations {
                observations: &d.observations,
                data: &data,
            },
            risk_severity: &d.risk_severity,
            rule_id: &d.rule_id,
            rule_source: &d.rule_source,
            severity: &d.severity,
            state: &d.state,
            state_last_modified_at: TimeJson(&d.state_last_modified_at),
            state_last_modified_by: &d.state_last_modified_by,
            target: &d.target,
            tenant_id: &d.tenant_id,
            rule_type: &d.rule_type,
            watchlists: Watchlists(&d.watchlists),
        }
        .serialize(s)
    }
}

/// [`Row`] over text borrowed from the answer.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RefRow<'a> {
    actor: &'a Option<Cow<'a, str>>,
    actor_id: &'a Option<Cow<'a, str>>,
    created_at: TimeJson<'a>,
    description: &'a Option<Cow<'a, str>>,
    file_count: usize,
    file_details: RefFileDetails<'a>,
    files: RefFileNames<'a>,
    id: &'a str,
    name: &'a Option<Cow<'a, str>>,
    note: Option<&'a str>,
    note_last_modified_by: Option<&'a str>,
    observations: RefObservations<'a>,
    risk_severity: &'a Option<RiskSeverity>,
    rule_id: &'a Option<Cow<'a, str>>,
    rule_source: &'a Option<Cow<'a, str>>,
    severity: &'a Option<Cow<'a, str>>,
    state: &'a Option<AlertState>,
    state_last_modified_at: TimeJson<'a>,
    state_last_modified_by: &'a Option<Cow<'a, str>>,
    target: &'a Option<Cow<'a, str>>,
    tenant_id: &'a Option<Cow<'a, str>>,
    #[serde(rename = "type")]
    rule_type: &'a Option<Cow<'a, str>>,
    watchlists: Watchlists<'a>,
}

/// A file of an observation, whichever way its data was read.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileView<'a> {
    category: Option<&'a str>,
    event_id: Option<&'a str>,
    name: Option<&'a str>,
    path: Option<&'a str>,
    size: Option<u64>,
}

impl<'a> FileView<'a> {
    fn of_ref(f: &'a ObservedFileRef<'_>) -> Self {
        FileView {
            category: f.category.as_deref(),
            event_id: f.event_id.as_deref(),
            name: f.name.as_deref(),
            path: f.path.as_deref(),
            size: f.size,
        }
    }

    fn of_owned(f: &'a ObservedFile) -> Self {
        FileView {
            category: f.category.as_deref(),
            event_id: f.event_id.as_deref(),
            name: f.name.as_deref(),
            path: f.path.as_deref(),
            size: f.size,
        }
    }
}

/// The files of every observation whose data could be read, in order.
fn files_of<'a>(data: &'a [PayloadData<'a>]) -> impl Iterator<Item = FileView<'a>> {
    data.iter().flat_map(|p| {
        let (read_in_place, read_owned) = match p {
            PayloadData::Parsed(d) => (Some(d.files.iter().map(FileView::of_ref)), None),
            PayloadData::Owned(payload) => (
                None,
                payload
                    .data()
                    .map(|d| d.files.iter().map(FileView::of_owned)),
            ),
            PayloadData::Malformed(_) | PayloadData::Empty => (None, None),
        };
        read_in_place
            .into_iter()
            .flatten()
            .chain(read_owned.into_iter().flatten())
    })
}

struct RefFileNames<'a>(&'a [PayloadData<'a>]);

impl Serialize for RefFileNames<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(files_of(self.0).map(|f| f.name))
    }
}

struct RefFileDetails<'a>(&'a [PayloadData<'a>]);

impl Serialize for RefFileDetails<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(files_of(self.0))
    }
}

struct RefObservations<'a> {
    observations: &'a [ObservationRef<'a>],
    data: &'a [PayloadData<'a>],
}

impl Serialize for RefObservations<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.observations
                .iter()
                .zip(self.data)
                .map(|(o, data)| RefObservationRow {
                    data: DataJson(data),
                    id: &o.id,
                    last_observed_at: TimeJson(&o.last_observed_at),
                    observed_at: TimeJson(&o.observed_at),
                    observation_type: &o.observation_type,
                }),
        )
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RefObservationRow<'a> {
    data: DataJson<'a>,
    id: &'a Option<Cow<'a, str>>,
    last_observed_at: TimeJson<'a>,
    observed_at: TimeJson<'a>,
    #[serde(rename = "type")]
    observation_type: &'a Option<Cow<'a, str>>,
}

/// An observation's data as [`ObservationPayload`] writes it: its JSON inside a string.
struct DataJson<'a>(&'a PayloadData<'a>);

impl Serialize for DataJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            PayloadData::Parsed(d) => {
                s.serialize_str(&serde_json::to_string(d).map_err(serde::ser::Error::custom)?)
            }
            PayloadData::Malformed(raw) => s.serialize_str(raw),
            PayloadData::Owned(payload) => payload.serialize(s),
            PayloadData::Empty => s.serialize_none(),
        }
    }
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

    /// Read in place from an answer of one alert, the row is the bytes of the typed
    /// reading's row, compact and indented; an alert the typed reading keeps as a
    /// placeholder is not read in place.
    fn same_in_place(alert: &str) {
        let answer = format!(r#"{{"alerts":[{alert}],"type$":"ALERT_DETAILS_RESPONSE"}}"#);
        let typed = crate::api::models::details_items(&answer).unwrap();
        for pretty in [false, true] {
            let in_place = rows_in_place(Some(&answer), pretty);
            match typed.as_slice() {
                [Item::Read(d)] => {
                    let rows = in_place.expect("read in place");
                    let expected = if pretty {
                        serde_json::to_vec_pretty(&DetailsJson(d)).unwrap()
                    } else {
                        serde_json::to_vec(&DetailsJson(d)).unwrap()
                    };
                    assert_eq!(rows.len(), 1);
                    assert_eq!(rows[0].0, d.summary.id);
                    assert_eq!(
                        String::from_utf8_lossy(&rows[0].1),
                        String::from_utf8_lossy(&expected),
                        "alert {alert}"
                    );
                }
                _ => assert!(in_place.is_none(), "alert {alert}"),
            }
        }
    }

    /// What the one-pass reading (`details_line`) reads of an answer of one alert, it
    /// writes as the reading in place does.
    fn same_in_one_pass(alert: &str) {
        let answer = format!(r#"{{"alerts":[{alert}],"type$":"ALERT_DETAILS_RESPONSE"}}"#);
        if let Some(lines) = super::super::details_line::lines(&answer) {
            let rows = rows_in_place(Some(&answer), false).expect("read in place");
            let mut bytes = Vec::new();
            for (_, row) in &rows {
                bytes.extend_from_slice(row);
                bytes.push(b'\n');
            }
            assert_eq!(
                String::from_utf8_lossy(&lines.bytes),
                String::from_utf8_lossy(&bytes),
                "alert {alert}"
            );
            let ids: Vec<&str> = lines.rows.iter().map(|(id, _)| &**id).collect();
            let want: Vec<&str> = rows.iter().map(|(id, _)| &**id).collect();
            assert_eq!(ids, want);
        }
    }

    #[test]
    fn an_answer_without_text_or_alerts_has_no_rows() {
        assert_eq!(rows_in_place(None, false).map(|r| r.len()), Some(0));
        assert_eq!(rows_in_place(Some("{}"), false).map(|r| r.len()), Some(0));
        assert!(rows_in_place(Some(r#"{"alerts":[{"id":"a"},null]}"#), false).is_none());
        assert!(rows_in_place(Some("not json"), false).is_none());
    }

    fn check_tenant(store: &crate::demo::store::Store) -> usize {
        let mut read = 0;
        for a in &store.alerts {
            let text = crate::demo::details_json(store, a).to_string();
            same_in_place(&text);
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
            same_in_place(&alert.to_string());
            same_in_one_pass(&alert.to_string());
            if let Item::Read(d) = Item::<AlertDetails>::from_json(&alert.to_string()) {
                same_as_tree(&d);
            }
        }
    }
}
