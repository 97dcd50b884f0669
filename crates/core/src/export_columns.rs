//! The columns of an export of alerts or of sessions, and each item's values for them:
//! what the commands' CSV has by default (`alerts search -f csv`, `sessions search -f
//! csv`) and what the TUI's export (`e`) writes, so a script reads either file the same
//! way. The names are field names of the commands' JSON, and the values are those
//! fields' values: times in RFC 3339 as the JSON has them, states and severities in
//! their wire spelling, nothing as `null` (an empty CSV cell).

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::api::{AlertNote, AlertSummary, Session, severity_name};

/// The columns of an alert export, in order: fields of the alert search, and the
/// alert's note (read from its details: a search answer has none).
pub const ALERT_COLUMNS: [&str; 7] = [
    "id",
    "createdAt",
    "riskSeverity",
    "state",
    "name",
    "actor",
    "note",
];

/// The columns of a session export, in order: fields of the session search, and the
/// latest of the session's notes.
pub const SESSION_COLUMNS: [&str; 9] = [
    "sessionId",
    "endTime",
    "severityName",
    "score",
    "currentState",
    "actorName",
    "alertCount",
    "riskIndicatorNames",
    "note",
];

/// The columns of a case export, in order: the fields of `triage42 cases list`, and
/// when the case was made.
pub const CASE_COLUMNS: [&str; 7] = [
    "number",
    "name",
    "status",
    "assigneeUsername",
    "subjectUsername",
    "createdAt",
    "updatedAt",
];

/// An item as an export writes it: one value per column, as the commands' JSON has it.
pub trait Record {
    /// The columns, in order.
    const COLUMNS: &'static [&'static str];
    /// One value per column, in the columns' order.
    fn values(&self) -> Vec<Value>;
}

/// One alert's values for [`ALERT_COLUMNS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlertRecord {
    pub id: String,
    pub created_at: Option<DateTime<Utc>>,
    /// In the wire's spelling (`HIGH`).
    pub risk_severity: Option<String>,
    /// In the wire's spelling (`IN_PROGRESS`).
    pub state: Option<String>,
    /// The rule's name.
    pub name: Option<String>,
    pub actor: Option<String>,
    pub note: Option<String>,
}

impl AlertRecord {
    /// The alert of a search answer or of its details; `note` is the details' note.
    pub fn of(summary: &AlertSummary, note: Option<&AlertNote>) -> AlertRecord {
        AlertRecord {
            id: summary.id.clone(),
            created_at: summary.created_at,
            risk_severity: summary
                .risk_severity
                .as_ref()
                .map(|s| s.as_wire().to_string()),
            state: summary.state.as_ref().map(|s| s.as_wire().to_string()),
            name: summary.name.clone(),
            actor: summary.actor.clone(),
            note: note.and_then(|n| n.message.clone()),
        }
    }
}

impl Record for AlertRecord {
    const COLUMNS: &'static [&'static str] = &ALERT_COLUMNS;
    fn values(&self) -> Vec<Value> {
        vec![
            json!(self.id),
            time(self.created_at),
            json!(self.risk_severity),
            json!(self.state),
            json!(self.name),
            json!(self.actor),
            json!(self.note),
        ]
    }
}

/// One session's values for [`SESSION_COLUMNS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SessionRecord {
    pub session_id: String,
    pub end_time: Option<DateTime<Utc>>,
    /// `CRITICAL` … `NO_RISK`, from the latest score's 0–4.
    pub severity_name: Option<String>,
    pub score: Option<i64>,
    /// The latest state, in the wire's spelling (`CLOSED_TP`).
    pub current_state: Option<String>,
    pub actor_name: Option<String>,
    pub alert_count: usize,
    /// The named risk indicators, in the session's order.
    pub risk_indicator_names: Vec<String>,
    /// The text of the latest note (by its time, then its place in the list).
    pub note: Option<String>,
}

impl SessionRecord {
    pub fn of(session: &Session) -> SessionRecord {
        SessionRecord {
            session_id: session.session_id.clone(),
            end_time: session.end_time,
            severity_name: session.severity().map(|n| severity_name(n).to_string()),
            score: session.score(),
            current_state: session.state().map(|s| s.as_wire().to_string()),
            actor_name: session.actor_name.clone(),
            alert_count: session.triggered_alerts.len(),
            risk_indicator_names: session
                .risk_indicators
                .iter()
                .filter_map(|r| r.name.clone())
                .collect(),
            note: session
                .notes
                .iter()
                .enumerate()
                .filter_map(|(index, n)| n.content.as_ref().map(|c| (n.source_timestamp, index, c)))
                .max_by_key(|(at, index, _)| (*at, *index))
                .map(|(_, _, content)| content.clone()),
        }
    }
}

impl Record for SessionRecord {
    const COLUMNS: &'static [&'static str] = &SESSION_COLUMNS;
    fn values(&self) -> Vec<Value> {
        vec![
            json!(self.session_id),
            time(self.end_time),
            json!(self.severity_name),
            json!(self.score),
            json!(self.current_state),
            json!(self.actor_name),
            json!(self.alert_count),
            json!(self.risk_indicator_names),
            json!(self.note),
        ]
    }
}

/// One case's values for [`CASE_COLUMNS`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseRecord {
    pub number: u64,
    pub name: String,
    /// In the wire's spelling (`OPEN`).
    pub status: Option<String>,
    pub assignee_username: Option<String>,
    pub subject_username: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl CaseRecord {
    pub fn of(case: &crate::api::Case) -> CaseRecord {
        CaseRecord {
            number: case.number,
            name: case.name.clone(),
            status: case.status.as_ref().map(|s| s.as_wire().to_string()),
            assignee_username: case.assignee_username.clone(),
            subject_username: case.subject_username.clone(),
            created_at: case.created_at,
            updated_at: case.updated_at,
        }
    }
}

impl Record for CaseRecord {
    const COLUMNS: &'static [&'static str] = &CASE_COLUMNS;
    fn values(&self) -> Vec<Value> {
        vec![
            json!(self.number),
            json!(self.name),
            json!(self.status),
            json!(self.assignee_username),
            json!(self.subject_username),
            time(self.created_at),
            time(self.updated_at),
        ]
    }
}

/// A time as the commands' JSON writes it (chrono's RFC 3339, as serde has it).
fn time(at: Option<DateTime<Utc>>) -> Value {
    serde_json::to_value(at).unwrap_or(Value::Null)
}

/// An alert as the commands write it: every field of the summary, and the export
/// columns' values (the note among them) under their names.
pub fn alert_row(summary: &AlertSummary, note: Option<&AlertNote>) -> Value {
    let mut row = fields_of(summary);
    insert_record(&mut row, &AlertRecord::of(summary, note));
    Value::Object(row)
}

/// A session as the commands write it: every field of the session, then what a reader
/// wants first (the current state, severity and score, counts and names, the latest
/// note), worked out from them.
pub fn session_row(session: &Session) -> Value {
    let mut row = fields_of(session);
    insert_record(&mut row, &SessionRecord::of(session));
    row.insert(
        "alertIds".into(),
        json!(
            session
                .triggered_alerts
                .iter()
                .filter_map(|a| a.alert_id.clone())
                .collect::<Vec<_>>()
        ),
    );
    row.insert(
        "noteTexts".into(),
        json!(
            session
                .notes
                .iter()
                .filter_map(|n| n.content.clone())
                .collect::<Vec<_>>()
        ),
    );
    row.insert(
        "inspectionStatus".into(),
        json!(session.inspection_status()),
    );
    Value::Object(row)
}

fn fields_of(item: &impl Serialize) -> Map<String, Value> {
    match serde_json::to_value(item) {
        Ok(Value::Object(fields)) => fields,
        _ => Map::new(),
    }
}

fn insert_record<R: Record>(row: &mut Map<String, Value>, record: &R) {
    for (column, value) in R::COLUMNS.iter().zip(record.values()) {
        row.insert((*column).to_string(), value);
    }
}

/// A value as a CSV cell or a table cell shows it: nothing for `null`, text as it is,
/// the items of a list joined with `;`, numbers and the rest as JSON writes them.
pub fn cell_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell_text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// A record as one JSON object, its keys in column order.
pub struct Object {
    columns: &'static [&'static str],
    values: Vec<Value>,
}

impl Object {
    pub fn of<R: Record>(record: &R) -> Object {
        Object {
            columns: R::COLUMNS,
            values: record.values(),
        }
    }
}

impl Serialize for Object {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.columns.iter().zip(&self.values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> AlertSummary {
        serde_json::from_str(text).unwrap()
    }

    fn session(text: &str) -> Session {
        serde_json::from_str(text).unwrap()
    }

    /// The values of `columns` in a row of the commands.
    fn picked(row: &Value, columns: &[&str]) -> Vec<Value> {
        columns
            .iter()
            .map(|c| row.get(*c).cloned().unwrap_or(Value::Null))
            .collect()
    }

    #[test]
    fn an_alert_record_is_the_commands_row_in_column_order() {
        let alert = summary(
            r#"{"id":"a-1","createdAt":"2026-03-04T05:06:07.250Z","riskSeverity":"high",
                "state":"IN_PROGRESS","name":"Departing, \"urgent\"","actor":null,
                "severity":"HIGH","ruleId":"r-9"}"#,
        );
        let note = AlertNote {
            message: Some("asked HR".into()),
            ..Default::default()
        };
        let record = AlertRecord::of(&alert, Some(&note));
        let row = alert_row(&alert, Some(&note));
        assert_eq!(record.values(), picked(&row, &ALERT_COLUMNS));
        // The search's own fields stay beside them; the values are the wire's.
        assert_eq!(row["ruleId"], "r-9");
        assert_eq!(row["createdAt"], "2026-03-04T05:06:07.250Z");
        assert_eq!(row["riskSeverity"], "HIGH");
        assert_eq!(row["note"], "asked HR");
        assert_eq!(row["actor"], Value::Null);
        // Unchanged from what serde writes of the summary itself.
        let plain = serde_json::to_value(&alert).unwrap();
        for column in &ALERT_COLUMNS[..6] {
            assert_eq!(plain[*column], row[*column], "{column}");
        }
        let text = serde_json::to_string(&Object::of(&record)).unwrap();
        assert!(text.starts_with(r#"{"id":"a-1","createdAt":"#), "{text}");
        assert!(
            text.ends_with(r#""actor":null,"note":"asked HR"}"#),
            "{text}"
        );
    }

    #[test]
    fn a_session_record_is_the_commands_row_with_the_latest_note() {
        let s = session(
            r#"{"sessionId":"s-1","actorName":"ana@example.com","endTime":"2026-03-04T06:00:00Z",
                "scores":[{"score":7,"severity":3,"sourceTimestamp":"2026-03-04T06:00:00Z"}],
                "states":[{"state":"OPEN","sourceTimestamp":"2026-03-04T05:00:00Z"},
                          {"state":"CLOSED_TP","sourceTimestamp":"2026-03-04T07:00:00Z"}],
                "notes":[{"content":"newest","sourceTimestamp":"2026-03-05T00:00:00Z"},
                         {"content":"older","sourceTimestamp":"2026-03-04T00:00:00Z"},
                         {"sourceTimestamp":"2026-03-06T00:00:00Z"}],
                "riskIndicators":[{"name":"USB"},{"id":"no-name"},{"name":"Gmail"}],
                "triggeredAlerts":[{"alertId":"a-1"},{"alertId":"a-2"}]}"#,
        );
        let record = SessionRecord::of(&s);
        assert_eq!(record.note.as_deref(), Some("newest"));
        assert_eq!(record.current_state.as_deref(), Some("CLOSED_TP"));
        assert_eq!(record.severity_name.as_deref(), Some("HIGH"));
        let row = session_row(&s);
        assert_eq!(record.values(), picked(&row, &SESSION_COLUMNS));
        assert_eq!(row["noteTexts"], json!(["newest", "older"]));
        assert_eq!(row["alertIds"], json!(["a-1", "a-2"]));
        assert_eq!(cell_text(&row["riskIndicatorNames"]), "USB;Gmail");
        assert_eq!(cell_text(&row["alertCount"]), "2");
        assert_eq!(cell_text(&row["score"]), "7");
        assert_eq!(cell_text(&Value::Null), "");
    }
}
