//! Property tests of the tolerant readers: every list body of the wire reference, with
//! its items mutated at random (fields set to null, deleted, or given values of every
//! other type; unknown keys; unknown enum values; timestamps rewritten; observation
//! data broken), still decodes to one item per input item. An item whose id survived
//! the mutation is read, not merely kept as a placeholder.
//!
//! Longer runs: `PROPTEST_CASES=20000 cargo test --release --test api model_properties`.

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::{Map, Value, json};
use triage42_api::cases::{CaseFileEventPage, CasePage};
use triage42_api::models::{AlertDetailsResponse, RuleMetadataPage};
use triage42_api::{AlertPage, FileEventPage, Item, timestamp};

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/api/fixtures"
    ))
    .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// A list body of the reference: which fixture, where its items are, and how to decode it.
struct ListBody {
    fixture: &'static str,
    items_key: &'static str,
    /// The key an item cannot be read without, if any.
    id_key: Option<&'static str>,
    /// Decodes the page: (items read, items kept as placeholders).
    decode: fn(&str) -> Result<(usize, usize), String>,
}

fn counts<T>(items: &[Item<T>]) -> (usize, usize) {
    let read = items.iter().filter(|i| i.read().is_some()).count();
    (read, items.len() - read)
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

const BODIES: &[ListBody] = &[
    ListBody {
        fixture: "query-alerts-response.json",
        items_key: "alerts",
        id_key: Some("id"),
        decode: |t| decode::<AlertPage>(t).map(|p| counts(&p.alerts)),
    },
    ListBody {
        fixture: "query-details-response.json",
        items_key: "alerts",
        id_key: Some("id"),
        decode: |t| decode::<AlertDetailsResponse>(t).map(|p| counts(&p.alerts)),
    },
    ListBody {
        fixture: "query-details-response-devportal.json",
        items_key: "alerts",
        id_key: Some("id"),
        decode: |t| decode::<AlertDetailsResponse>(t).map(|p| counts(&p.alerts)),
    },
    ListBody {
        fixture: "query-rule-metadata-response.json",
        items_key: "ruleMetadata",
        id_key: None,
        decode: |t| decode::<RuleMetadataPage>(t).map(|p| counts(&p.rule_metadata)),
    },
    ListBody {
        fixture: "file-events-v2-response.json",
        items_key: "fileEvents",
        id_key: None,
        decode: |t| decode::<FileEventPage>(t).map(|p| counts(&p.file_events)),
    },
    ListBody {
        fixture: "file-events-v1-response.json",
        items_key: "fileEvents",
        id_key: None,
        decode: |t| decode::<FileEventPage>(t).map(|p| counts(&p.file_events)),
    },
    ListBody {
        fixture: "cases-list-response.json",
        items_key: "cases",
        id_key: Some("number"),
        decode: |t| decode::<CasePage>(t).map(|p| counts(&p.cases)),
    },
    ListBody {
        fixture: "case-file-events-response.json",
        items_key: "events",
        id_key: Some("eventId"),
        decode: |t| decode::<CaseFileEventPage>(t).map(|p| counts(&p.events)),
    },
];

/// What one mutation does to the node it lands on.
#[derive(Debug, Clone)]
enum Mutation {
    SetNull,
    Delete,
    Replace(Value),
    AddUnknownKey(String, Value),
    /// Strings become names no enum knows.
    UnknownName(String),
    /// Timestamps are rewritten in another legal form.
    RewriteTime(u8),
    /// A JSON-in-a-string (observation data) is cut short, emptied or embedded.
    BreakEmbedded(u8),
    /// The whole item stops being an object.
    NotAnObject(Value),
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("invoice\u{202e}gpj.exe".to_string()),
        Just("pay\u{200b}roll\u{feff}".to_string()),
        Just("99999999999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("".to_string()),
        Just("2026-13-45T99:99:99Z".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("JSON has no NaN", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        hostile_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,6}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::SetNull),
        Just(Mutation::Delete),
        json_value().prop_map(Mutation::Replace),
        ("[a-zA-Z$]{1,10}", json_value()).prop_map(|(k, v)| Mutation::AddUnknownKey(k, v)),
        "[A-Z_]{1,16}".prop_map(Mutation::UnknownName),
        any::<u8>().prop_map(Mutation::RewriteTime),
        any::<u8>().prop_map(Mutation::BreakEmbedded),
        json_value().prop_map(Mutation::NotAnObject),
    ]
}

/// Paths (object keys and array indices) to every node under `value`.
fn paths(value: &Value, prefix: &mut Vec<PathStep>, out: &mut Vec<Vec<PathStep>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(PathStep::Key(k.clone()));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(PathStep::Index(i));
                out.push(prefix.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone, PartialEq)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn parent_mut<'a>(root: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut node = root;
    for step in path {
        node = match (step, node) {
            (PathStep::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (PathStep::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

const TIME_FORMS: &[&str] = &[
    "%Y-%m-%dt%H:%M:%S%.3fz",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S%.9fZ",
    "%Y-%m-%dT%H:%M:%S%.f+00:00",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
];

fn rewrite_time(value: &mut Value, choice: u8) {
    let Some(at) = value.as_str().and_then(timestamp::parse) else {
        return;
    };
    let forms = TIME_FORMS.len() + 1;
    let pick = usize::from(choice) % forms;
    *value = match TIME_FORMS.get(pick) {
        Some(form) => Value::String(at.format(form).to_string()),
        None => json!(at.timestamp_millis()),
    };
}

fn break_embedded(value: &mut Value, choice: u8) {
    let Some(text) = value.as_str().map(str::to_string) else {
        return;
    };
    if !text.trim_start().starts_with('{') {
        return;
    }
    *value = match choice % 5 {
        0 => Value::String(text.chars().take(text.chars().count() / 2).collect()),
        1 => Value::String(String::new()),
        2 => Value::Null,
        3 => serde_json::from_str(&text).unwrap_or(Value::Null),
        _ => Value::String(format!("{text},]")),
    };
}

fn apply(item: &mut Value, target: u32, m: &Mutation) {
    if let Mutation::NotAnObject(v) = m {
        *item = v.clone();
        return;
    }
    let mut all = Vec::new();
    paths(item, &mut Vec::new(), &mut all);
    if all.is_empty() {
        return;
    }
    let path = &all[target as usize % all.len()];
    let (last, parent_path) = path.split_last().unwrap();
    let Some(parent) = parent_mut(item, parent_path) else {
        return;
    };
    match (m, last, parent) {
        (Mutation::Delete, PathStep::Key(k), Value::Object(map)) => {
            map.remove(k);
        }
        (Mutation::AddUnknownKey(k, v), _, Value::Object(map)) => {
            map.entry(k.clone()).or_insert_with(|| v.clone());
        }
        (m, step, parent) => {
            let node = match (step, parent) {
                (PathStep::Key(k), Value::Object(map)) => map.get_mut(k),
                (PathStep::Index(i), Value::Array(a)) => a.get_mut(*i),
                _ => None,
            };
            let Some(node) = node else { return };
            match m {
                Mutation::SetNull | Mutation::Delete => *node = Value::Null,
                Mutation::Replace(v) => *node = v.clone(),
                Mutation::UnknownName(name) if node.is_string() => {
                    *node = Value::String(name.clone())
                }
                Mutation::RewriteTime(c) => rewrite_time(node, *c),
                Mutation::BreakEmbedded(c) => break_embedded(node, *c),
                _ => {}
            }
        }
    }
}

/// Whether the lenient readers can still take an id from this value.
fn usable_id(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => !s.trim().is_empty(),
        Some(Value::Number(n)) => n.as_f64().is_some_and(f64::is_finite),
        _ => false,
    }
}

/// For numbers that must be whole (case numbers): non-negative and in range.
fn usable_number(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Number(n)) => {
            n.as_u64().is_some()
                || n.as_f64()
                    .is_some_and(|f| f.is_finite() && (0.0..1.8e19).contains(&f))
        }
        Some(Value::String(s)) => {
            let t = s.trim();
            t.parse::<u64>().is_ok()
                || t.parse::<f64>()
                    .is_ok_and(|f| f.is_finite() && (0.0..1.8e19).contains(&f))
        }
        _ => false,
    }
}

fn check(body: &ListBody, mutations: &[(usize, u32, Mutation)]) -> Result<(), TestCaseError> {
    let mut page = fixture(body.fixture);
    let items = page[body.items_key].as_array_mut().unwrap();
    let count = items.len();
    for (which, target, m) in mutations {
        if let Some(item) = items.get_mut(which % count) {
            apply(item, *target, m);
        }
    }
    // Items that keep what they cannot be read without must be read.
    let must_read = items
        .iter()
        .filter(|item| match (item.as_object(), body.id_key) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(o), Some("number")) => usable_number(o.get("number")),
            (Some(o), Some(key)) => usable_id(o.get(key)),
        })
        .count();
    let text = page.to_string();
    let (read, placeholders) = (body.decode)(&text).map_err(|e| {
        TestCaseError::fail(format!("{}: the page failed: {e}\n{text}", body.fixture))
    })?;
    prop_assert_eq!(
        read + placeholders,
        count,
        "{}: one item per input item",
        body.fixture
    );
    prop_assert!(
        read >= must_read,
        "{}: {} of {} items with an id were read\n{}",
        body.fixture,
        read,
        must_read,
        text
    );
    Ok(())
}

proptest! {
    #[test]
    fn every_mutated_page_decodes_to_one_item_per_input_item(
        body in 0..BODIES.len(),
        mutations in prop::collection::vec((any::<usize>(), any::<u32>(), mutation()), 1..12),
    ) {
        check(&BODIES[body], &mutations)?;
    }

    #[test]
    fn a_timestamp_in_any_legal_form_is_the_same_instant(
        secs in 0i64..4_000_000_000,
        nanos in 0u32..1_000_000_000,
        offset_minutes in -14 * 60i32..=14 * 60,
        form in 0usize..6,
    ) {
        use chrono::{DateTime, FixedOffset, Utc};
        let at = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap();
        let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap();
        let local = at.with_timezone(&offset);
        let (text, expect) = match form {
            0 => (local.format("%Y-%m-%dT%H:%M:%S%.9f%:z").to_string(), at),
            1 => (local.format("%Y-%m-%dt%H:%M:%S%.9f%z").to_string().to_lowercase(), at),
            2 => (at.format("%Y-%m-%dT%H:%M:%S%.9f").to_string(), at),
            3 => (at.format("%Y-%m-%d %H:%M:%S%.9fZ").to_string(), at),
            4 => (at.timestamp_millis().to_string(), DateTime::from_timestamp_millis(at.timestamp_millis()).unwrap()),
            _ => (at.format("%Y-%m-%d").to_string(), at.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc()),
        };
        prop_assert_eq!(timestamp::parse(&text), Some(expect), "{}", text);
    }

    #[test]
    fn any_text_as_a_timestamp_is_read_or_refused_never_a_panic(text in "\\PC{0,40}") {
        let _ = timestamp::parse(&text);
    }
}

#[test]
fn the_fixtures_read_in_full_before_mutation() {
    for body in BODIES {
        let page = fixture(body.fixture);
        let count = page[body.items_key].as_array().unwrap().len();
        assert_eq!(
            (body.decode)(&page.to_string()).unwrap(),
            (count, 0),
            "{}",
            body.fixture
        );
    }
}
