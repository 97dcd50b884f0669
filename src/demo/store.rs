//! The demo tenant's data: alerts, rules, file events and cases, held in memory.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

pub const TENANT_ID: &str = "3f6a9c1e-42d7-4b8e-a5c0-7d2e9b41c042";

#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Wire form, e.g. `FED_ENDPOINT_EXFILTRATION`.
    pub rule_type: &'static str,
    pub source: &'static str,
    pub severity: &'static str,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub is_enabled: bool,
    pub watched_users: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Note {
    pub id: String,
    pub message: String,
    pub last_modified_at: DateTime<Utc>,
    pub last_modified_by: String,
}

#[derive(Debug, Clone)]
pub struct Observation {
    pub id: String,
    /// `FedEndpointExfiltration`, `FedCloudSharePermissions` or `FedFileTypeMismatch`.
    pub obs_type: &'static str,
    pub observed_at: DateTime<Utc>,
    pub first_activity_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub exposure_types: Vec<&'static str>,
    pub sources: Vec<&'static str>,
    /// Indices into `Store::file_events`.
    pub events: Vec<u32>,
    pub sync_to_services: Vec<&'static str>,
    pub sending_ips: Vec<String>,
    pub outside_emails: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Alert {
    pub id: String,
    pub rule: u16,
    pub actor: u16,
    pub created_at: DateTime<Utc>,
    pub risk_severity: &'static str,
    pub state: String,
    pub state_last_modified_by: Option<String>,
    pub state_last_modified_at: Option<DateTime<Utc>>,
    pub note: Option<Note>,
    pub observations: Vec<Observation>,
    /// How `--messy` writes this alert's JSON (`None`: as the reference does).
    pub disorder: Option<super::messy::Disorder>,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub email: String,
    pub id: String,
    pub device_uid: String,
    pub hostname: String,
    pub department: &'static str,
}

/// A file the tenant knows about; several events (and actors) may share one.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub category: &'static str,
    pub mime_type: &'static str,
    pub size: u64,
    pub md5: String,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct FileEvent {
    pub id: String,
    pub timestamp: DateTime<Utc>,
    pub inserted: DateTime<Utc>,
    pub action: &'static str,
    pub observer: &'static str,
    pub actor: u16,
    pub document: u32,
    pub directory: String,
    pub source_category: &'static str,
    pub source_name: String,
    pub source_ip: String,
    pub destination_category: Option<&'static str>,
    pub destination_name: Option<&'static str>,
    pub tab_url: Option<String>,
    pub process: Option<&'static str>,
    pub risk_score: u32,
    pub risk_severity: &'static str,
    pub indicators: Vec<(&'static str, u32)>,
    pub vector: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub number: u64,
    pub name: String,
    pub description: Option<String>,
    pub findings: Option<String>,
    pub subject: Option<String>,
    pub assignee: Option<String>,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: String,
    pub last_modified_by: String,
    pub events: Vec<String>,
}

#[derive(Debug, Default)]
pub struct Store {
    pub rules: Vec<Rule>,
    pub actors: Vec<Actor>,
    pub documents: Vec<Document>,
    pub alerts: Vec<Alert>,
    pub alert_index: HashMap<String, usize>,
    pub file_events: Vec<FileEvent>,
    pub event_index: HashMap<String, u32>,
    pub cases: Vec<Case>,
    pub next_case_number: u64,
    pub next_note_id: u64,
    /// `--messy`: JSON is written in the odd forms of an old tenant.
    pub messy: bool,
    /// How many state changes were applied to each alert: tests use it to check that a
    /// change whose answer was lost was not applied twice.
    pub state_changes_applied: HashMap<String, u32>,
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
        self.alert_index.get(id).and_then(|&i| self.alerts.get(i))
    }

    pub fn event(&self, id: &str) -> Option<&FileEvent> {
        self.event_index.get(id).and_then(|&i| self.event_at(i))
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

/// Timestamps the way the alerts service writes them (7 fractional digits).
pub fn alert_ts(t: &DateTime<Utc>) -> String {
    let mut out = String::with_capacity(28);
    write_alert_ts(t, &mut out);
    out
}

/// Appends `alert_ts(t)` to `out` without going through a format string.
pub fn write_alert_ts(t: &DateTime<Utc>, out: &mut String) {
    use chrono::{Datelike, Timelike};
    let year = t.year();
    let nanos = t.nanosecond();
    // Years of four digits and no leap second: every seeded and stored time.
    let (Ok(year), true) = (u32::try_from(year), nanos < 1_000_000_000) else {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%S%.6f0Z").to_string());
        return;
    };
    if year > 9999 {
        out.push_str(&t.format("%Y-%m-%dT%H:%M:%S%.6f0Z").to_string());
        return;
    }
    push_digits(out, year, 4);
    out.push('-');
    push_digits(out, t.month(), 2);
    out.push('-');
    push_digits(out, t.day(), 2);
    out.push('T');
    push_digits(out, t.hour(), 2);
    out.push(':');
    push_digits(out, t.minute(), 2);
    out.push(':');
    push_digits(out, t.second(), 2);
    out.push('.');
    push_digits(out, nanos / 1000, 6);
    out.push_str("0Z");
}

/// `n` in `width` decimal digits, zero-padded (higher digits dropped).
fn push_digits(out: &mut String, n: u32, width: u32) {
    let mut div = 10u32.saturating_pow(width.saturating_sub(1));
    while div > 0 {
        let digit = n.checked_div(div).unwrap_or(0) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
        div /= 10;
    }
}

/// Timestamps the way the cases service writes them (6 fractional digits).
pub fn case_ts(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Timestamps the way forensic search writes `@timestamp` (milliseconds).
pub fn event_ts(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
