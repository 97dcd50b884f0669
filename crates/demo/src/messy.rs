//! `--messy`: the demo tenant with the awkward but legal data of a real tenant that has
//! years of records from many product versions, and insiders who name their own files.
//!
//! One alert in five is written in an odd way (fields null or missing, numbers as text,
//! timestamps in other forms, names no enum knows, broken observation data, notes in
//! other shapes, and a few without a usable id); one file in six has a hostile name
//! (escape sequences, bidi controls, invisible characters, line breaks); notes, a rule
//! and a case carry such text too. The store holds the data as usual: only its JSON is
//! written in the odd forms, so filters and state changes behave as on a clean tenant.

use serde_json::{Map, Value, json};

use super::store::{Disorder, Store};

const DISORDERS: [Disorder; 8] = [
    Disorder::Nulls,
    Disorder::NumbersAndText,
    Disorder::OddTimestamps,
    Disorder::UnknownNames,
    Disorder::NoId,
    Disorder::BrokenObservation,
    Disorder::NoteShapes,
    Disorder::EmptyObservation,
];

/// File names an insider might choose, each with another kind of hostile character.
pub const HOSTILE_NAMES: [&str; 10] = [
    "invoice\u{202e}gpj.exe",
    "report\u{1b}[2J\u{1b}[H.pdf",
    "notes\u{1b}]0;you have been pwned\u{7}.txt",
    "setup\u{1b}]52;c;cm0gLXJmIH4K\u{7}.sh",
    "pay\u{200b}roll\u{feff}_2026.xlsx",
    "two\nlines\tand a tab.docx",
    "c1\u{9b}31mred\u{7f}.bin",
    "\u{2066}isolated\u{2069}_q3.csv",
    "年度予算_最終版_極秘.xlsx",
    "résumé_e\u{301}\u{301}_final_FINAL_v7_really_final_this_time_2026-11-30.docx",
];

const HOSTILE_NOTES: [&str; 4] = [
    "Spoke to the user.\nThey say the USB copy was \"for backup\".\n\tFollow up Monday.",
    "Closed by script \u{1b}[31m(automated)\u{1b}[0m",
    "See ticket \u{202e}4321-CES\u{202c} for details",
    "OSC test \u{1b}]52;c;ZXZpbA==\u{7} — ignore",
];

/// The disorder of the alert at `index` (every fifth alert has one).
pub fn disorder_of(index: usize) -> Option<Disorder> {
    if index % 5 != 2 {
        return None;
    }
    pick(&DISORDERS, index / 5)
}

/// Makes a clean store messy: hostile names and notes, odd states, and a disorder on
/// every fifth alert.
pub fn apply(store: &mut Store) {
    store.messy = true;
    for (i, doc) in store
        .documents
        .iter_mut()
        .enumerate()
        .filter(|(i, _)| i % 6 == 1)
    {
        if let Some(name) = pick(&HOSTILE_NAMES, i / 6) {
            doc.name = name.to_string();
        }
    }
    if let Some(rule) = store.rules.get_mut(4) {
        rule.name = "Public\u{200b} Link Sharing".to_string();
        rule.description = "Files shared with anyone\nwho has the link\t(legacy rule)".to_string();
    }
    for (i, alert) in store.alerts.iter_mut().enumerate() {
        alert.disorder = disorder_of(i);
        // States and severities that later product versions added.
        match i % 23 {
            4 => alert.state = "DISMISSED".into(),
            9 => alert.state = "RESOLVED_TP".into(),
            15 => alert.risk_severity = "UNKNOWN",
            _ => {}
        }
        if let Some(note) = alert.note.as_mut()
            && let Some(text) = pick(&HOSTILE_NOTES, i)
        {
            note.message = text.to_string();
        }
    }
    store.alerts_changed();
    if let Some(case) = store.cases.first_mut() {
        case.name = "Q3 forecast \u{202e}kael\u{202c} leak".to_string();
    }
}

/// Rewrites an alert summary's JSON the way its disorder says.
pub fn summary(disorder: Disorder, m: &mut Map<String, Value>) {
    match disorder {
        Disorder::Nulls => {
            for key in [
                "name",
                "description",
                "actor",
                "riskSeverity",
                "severity",
                "ruleSource",
                "watchlists",
            ] {
                m.insert(key.into(), Value::Null);
            }
            m.remove("target");
        }
        Disorder::NumbersAndText => {
            if let Some(n) = text_of(m, "actorId").and_then(|id| id.parse::<u64>().ok()) {
                m.insert("actorId".into(), json!(n));
            }
            if let Some(at) = text_of(m, "createdAt").and_then(|t| parse(&t)) {
                m.insert("createdAt".into(), json!(at.timestamp_millis()));
            }
            if let Some(Value::Array(list)) = m.get("watchlists").cloned() {
                let lone = list.into_iter().next().unwrap_or(Value::Null);
                m.insert("watchlists".into(), lone);
            }
        }
        Disorder::OddTimestamps => {
            if let Some(at) = text_of(m, "createdAt").and_then(|t| parse(&t)) {
                let text = at.format("%Y-%m-%dt%H:%M:%S%.9fz").to_string();
                m.insert("createdAt".into(), json!(text));
            }
            if let Some(at) = text_of(m, "stateLastModifiedAt").and_then(|t| parse(&t)) {
                let offset = chrono::FixedOffset::east_opt(5 * 3600 + 1800);
                if let Some(offset) = offset {
                    let text = at
                        .with_timezone(&offset)
                        .format("%Y-%m-%dT%H:%M:%S%.3f%:z")
                        .to_string();
                    m.insert("stateLastModifiedAt".into(), json!(text));
                }
            }
        }
        Disorder::UnknownNames => {
            m.insert("type".into(), json!("FED_RULE_FROM_THE_FUTURE"));
            m.insert("ruleSource".into(), json!("Insider Risk Program 2031"));
            m.insert("riskSeverity".into(), json!("SEVERE"));
            m.insert("severity".into(), json!("URGENT"));
            m.insert("newField$2031".into(), json!({"nested": [1, "two", null]}));
        }
        Disorder::NoId => {
            m.insert("id".into(), Value::Null);
        }
        Disorder::BrokenObservation | Disorder::NoteShapes | Disorder::EmptyObservation => {}
    }
}

/// Rewrites an alert details' JSON (summary fields included) the way its disorder says.
pub fn details(disorder: Disorder, m: &mut Map<String, Value>) {
    summary(disorder, m);
    let observations = match m.get_mut("observations") {
        Some(Value::Array(list)) => list,
        _ => return,
    };
    match disorder {
        Disorder::BrokenObservation => {
            if let Some(Value::Object(first)) = observations.first_mut()
                && let Some(Value::String(data)) = first.get("data").cloned()
            {
                let cut: String = data.chars().take(data.chars().count() / 2).collect();
                first.insert("data".into(), json!(cut));
            }
            if let Some(Value::Object(second)) = observations.get_mut(1)
                && let Some(Value::String(data)) = second.get("data").cloned()
            {
                let embedded = serde_json::from_str::<Value>(&data).unwrap_or(Value::Null);
                second.insert("data".into(), embedded);
            }
        }
        Disorder::EmptyObservation => {
            for (i, observation) in observations.iter_mut().enumerate() {
                if let Value::Object(o) = observation {
                    o.insert(
                        "data".into(),
                        if i % 2 == 0 { json!("") } else { Value::Null },
                    );
                    if let Some(at) = o.get("observedAt").and_then(Value::as_str).and_then(parse) {
                        o.insert(
                            "observedAt".into(),
                            json!(at.format("%Y-%m-%d %H:%M:%S").to_string()),
                        );
                    }
                }
            }
        }
        Disorder::NoteShapes => {
            let message = m
                .get("note")
                .and_then(|n| n.get("message"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let note = match message {
                Some(text) => json!([
                    {"message": "Opened for review", "lastModifiedBy": "soc.lead@example.com",
                     "lastModifiedAt": "2025-01-02T03:04:05Z"},
                    text,
                ]),
                None => json!("Legacy note, written before notes had authors"),
            };
            m.insert("note".into(), note);
        }
        _ => {}
    }
}

/// Rewrites a v2 file event's JSON for one event in seven: a null user, a lower-case
/// timestamp, numbers as text.
pub fn file_event(index: usize, event: &mut Value) {
    if index % 7 != 3 {
        return;
    }
    let Value::Object(m) = event else { return };
    if let Some(at) = m.get("@timestamp").and_then(Value::as_str).and_then(parse) {
        m.insert(
            "@timestamp".into(),
            json!(at.format("%Y-%m-%dt%H:%M:%S%.6fz").to_string()),
        );
    }
    m.insert("user".into(), Value::Null);
    if let Some(Value::Object(file)) = m.get_mut("file")
        && let Some(size) = file.get("sizeInBytes").cloned()
    {
        file.insert("sizeInBytes".into(), json!(size.to_string()));
    }
    if let Some(Value::Object(risk)) = m.get_mut("risk")
        && let Some(score) = risk.get("score").cloned()
    {
        risk.insert("score".into(), json!(score.to_string()));
    }
}

/// The `n`th item, counting round the list.
fn pick<T: Copy>(items: &[T], n: usize) -> Option<T> {
    items.get(n.checked_rem(items.len())?).copied()
}

fn text_of(m: &Map<String, Value>, key: &str) -> Option<String> {
    m.get(key).and_then(Value::as_str).map(str::to_string)
}

fn parse(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    super::wire::parse_when(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_alert_in_five_has_a_disorder_and_every_kind_turns_up() {
        let kinds: Vec<Disorder> = (0..200).filter_map(disorder_of).collect();
        assert_eq!(kinds.len(), 40);
        for kind in DISORDERS {
            assert!(kinds.contains(&kind), "{kind:?}");
        }
    }
}
