//! Alert, observation and rule models. Unknown fields are ignored, optional fields are
//! optional, and unknown enum values are kept rather than fatal.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient::{self, Item};
use triage42_text::json_scan::{Plain, Scan};

macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* Other(String) }

        impl $name {
            pub fn as_wire(&self) -> &str {
                match self { $($name::$variant => $wire,)* $name::Other(s) => s }
            }
            pub fn from_wire(s: &str) -> Self {
                let upper = s.trim().to_ascii_uppercase().replace([' ', '-'], "_");
                match upper.as_str() { $($wire => $name::$variant,)* _ => $name::Other(s.to_string()) }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_wire()) }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_wire()) }
        }
        impl<'de> Deserialize<'de> for $name {
            /// Any value: unknown names and odd shapes are kept verbatim as `Other`.
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                Ok($name::from_wire(&lenient::string(d)?))
            }
        }
    };
}

wire_enum!(
    /// The triage state of an alert.
    AlertState { Open => "OPEN", Resolved => "RESOLVED", Pending => "PENDING", InProgress => "IN_PROGRESS" }
);

wire_enum!(
    /// Risk severity of an alert or event.
    RiskSeverity { NoRiskIndicated => "NO_RISK_INDICATED", Low => "LOW", Moderate => "MODERATE", High => "HIGH", Critical => "CRITICAL" }
);

impl RiskSeverity {
    /// Ordering weight: higher is more severe.
    pub fn rank(&self) -> u8 {
        match self {
            RiskSeverity::Critical => 4,
            RiskSeverity::High => 3,
            RiskSeverity::Moderate => 2,
            RiskSeverity::Low => 1,
            _ => 0,
        }
    }
}

wire_enum!(
    /// Case status.
    CaseStatus { Open => "OPEN", Closed => "CLOSED", Archived => "ARCHIVED" }
);

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Watchlist {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub watchlist_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertSummary {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tenant_id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub rule_type: Option<String>,
    /// The rule's name.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub actor: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub target: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default)]
    pub risk_severity: Option<RiskSeverity>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub rule_source: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub state: Option<AlertState>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub state_last_modified_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub state_last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub watchlists: Vec<Watchlist>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub alerts: Vec<Item<AlertSummary>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
    #[serde(default, deserialize_with = "lenient::values")]
    pub problems: Vec<serde_json::Value>,
}

/// A search result as a listing of alerts' details needs it: the alert's id (to ask
/// for its details) and creation time (to page on). Reading only these is most of the
/// cost of a page of 500 saved, and an alert with another field the typed summary
/// cannot read still has its details asked for and listed.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SearchedAlert {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
}

/// A page of search results read as [`SearchedAlert`]s.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchedAlertPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub alerts: Vec<Item<SearchedAlert>>,
    #[serde(default, deserialize_with = "lenient::values")]
    pub problems: Vec<serde_json::Value>,
}

impl SearchedAlertPage {
    /// A page as its `Deserialize` reads it. A plain page (the rule) is read in place
    /// ([`Self::read_in_place`]); another is read by serde in one pass when every result
    /// reads, each result where it lies, not first copied apart and read again; a page
    /// with a result that does not read is read again the lenient way, that result a
    /// placeholder.
    pub fn from_json(text: &str) -> serde_json::Result<SearchedAlertPage> {
        if let Some(page) = Self::read_in_place(text) {
            return Ok(page);
        }
        #[derive(Deserialize)]
        struct EveryResultReads {
            #[serde(default)]
            alerts: Option<Vec<SearchedAlert>>,
            #[serde(default, deserialize_with = "lenient::values")]
            problems: Vec<serde_json::Value>,
        }
        match serde_json::from_str::<EveryResultReads>(text) {
            Ok(page) => Ok(SearchedAlertPage {
                alerts: page
                    .alerts
                    .unwrap_or_default()
                    .into_iter()
                    .map(Item::Read)
                    .collect(),
                problems: page.problems,
            }),
            Err(_) => serde_json::from_str(text),
        }
    }

    /// The page read where it lies, in one pass ([`triage42_text::json_scan`]): only the
    /// results' `id` and `createdAt` are read, the rest is passed over, checked but not
    /// decoded. `None` for anything read otherwise than plainly (a result that is not
    /// an object, an id that is not a plain non-blank string, a time that is not a plain
    /// string or null, a field twice, problems reported): [`Self::from_json`] then reads
    /// it with serde, as before.
    fn read_in_place(text: &str) -> Option<SearchedAlertPage> {
        let mut s = Scan::<Plain>::at(text, 0);
        let mut alerts = None;
        let mut problems_seen = false;
        s.object(|s, key| match key {
            "alerts" if alerts.is_none() => {
                let mut read = Vec::new();
                if !s.null() {
                    s.array(|s| {
                        read.push(Item::Read(Self::result_in_place(s)?));
                        Some(())
                    })?;
                }
                alerts = Some(read);
                Some(())
            }
            // No problems: null or an empty list.
            "problems" if !problems_seen => {
                problems_seen = true;
                if s.null() {
                    return Some(());
                }
                s.array(|_| None)
            }
            "alerts" | "problems" => None,
            _ => s.skip(),
        })?;
        s.at_end().then(|| SearchedAlertPage {
            alerts: alerts.unwrap_or_default(),
            problems: Vec::new(),
        })
    }

    /// One result of a page, as [`SearchedAlert`]'s `Deserialize` reads it when its id
    /// and time are plain strings (the time may be null or left out).
    fn result_in_place(s: &mut Scan<'_, Plain>) -> Option<SearchedAlert> {
        let mut id = None;
        let mut created_at = None;
        s.object(|s, key| match key {
            "id" if id.is_none() => {
                let raw = s.string()?;
                if raw.escaped || raw.raw.trim().is_empty() {
                    return None;
                }
                id = Some(raw.raw);
                Some(())
            }
            "createdAt" if created_at.is_none() => {
                created_at = Some(if s.null() {
                    None
                } else {
                    let raw = s.string()?;
                    if raw.escaped {
                        return None;
                    }
                    crate::timestamp::parse(raw.raw)
                });
                Some(())
            }
            "id" | "createdAt" => None,
            _ => s.skip(),
        })?;
        Some(SearchedAlert {
            id: id?.to_string(),
            created_at: created_at.flatten(),
        })
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AlertNote {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub message: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub last_modified_by: Option<String>,
}

/// Notes come as an object (current data), a plain string (old data), a list of notes
/// (the messages are kept in order, the newest note's author and time shown), or a bare
/// value; an object may name its text `note`, `text` or `content` instead of `message`.
pub(crate) fn note_any<'de, D: Deserializer<'de>>(d: D) -> Result<Option<AlertNote>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(d)?.and_then(|v| note_of(&v)))
}

fn note_of(value: &serde_json::Value) -> Option<AlertNote> {
    use serde_json::Value;
    match value {
        Value::Null => None,
        Value::String(s) => Some(AlertNote {
            message: Some(s.clone()),
            ..AlertNote::default()
        }),
        Value::Bool(_) | Value::Number(_) => Some(AlertNote {
            message: Some(value.to_string()),
            ..AlertNote::default()
        }),
        Value::Object(fields) => {
            let mut note: AlertNote = serde_json::from_value(value.clone()).unwrap_or_default();
            if note.message.is_none() {
                note.message = ["note", "text", "content", "body"]
                    .iter()
                    .find_map(|key| fields.get(*key))
                    .and_then(|v| note_of(v)?.message);
            }
            Some(note)
        }
        Value::Array(items) => {
            let notes: Vec<AlertNote> = items.iter().filter_map(note_of).collect();
            let newest = notes
                .iter()
                .max_by_key(|n| n.last_modified_at)
                .cloned()
                .unwrap_or_default();
            let messages: Vec<&str> = notes.iter().filter_map(|n| n.message.as_deref()).collect();
            (!messages.is_empty()).then(|| AlertNote {
                message: Some(messages.join("\n\n")),
                ..newest
            })
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetails {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "note_any")]
    pub note: Option<AlertNote>,
}

/// An alert's details as read from the wire: the summary's fields side by side with
/// the observations and the note, so the object is read in one pass (a flattened
/// summary would buffer every field of the alert first). Each field is read as
/// [`AlertSummary`] reads it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailsWire {
    #[serde(deserialize_with = "lenient::id")]
    id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    tenant_id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    rule_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    actor: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    actor_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    target: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    severity: Option<String>,
    #[serde(default)]
    risk_severity: Option<RiskSeverity>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    rule_source: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    state: Option<AlertState>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    state_last_modified_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    state_last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::objects")]
    watchlists: Vec<Watchlist>,
    #[serde(default, deserialize_with = "lenient::objects")]
    observations: Vec<Observation>,
    #[serde(default, deserialize_with = "note_any")]
    note: Option<AlertNote>,
}

/// Read from an object only (a derived struct would also take a list of its fields in
/// order, which no server sends for an alert).
impl<'de> Deserialize<'de> for AlertDetails {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DetailsVisitor;
        impl<'de> serde::de::Visitor<'de> for DetailsVisitor {
            type Value = AlertDetails;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an alert object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<AlertDetails, A::Error> {
                DetailsWire::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(AlertDetails::from)
            }
        }
        d.deserialize_map(DetailsVisitor)
    }
}

impl From<DetailsWire> for AlertDetails {
    fn from(w: DetailsWire) -> Self {
        AlertDetails {
            summary: AlertSummary {
                id: w.id,
                tenant_id: w.tenant_id,
                rule_type: w.rule_type,
                name: w.name,
                description: w.description,
                actor: w.actor,
                actor_id: w.actor_id,
                target: w.target,
                severity: w.severity,
                risk_severity: w.risk_severity,
                rule_id: w.rule_id,
                rule_source: w.rule_source,
                created_at: w.created_at,
                state: w.state,
                state_last_modified_by: w.state_last_modified_by,
                state_last_modified_at: w.state_last_modified_at,
                watchlists: w.watchlists,
            },
            observations: w.observations,
            note: w.note,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Observation {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub observation_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub observed_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_observed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub data: ObservationPayload,
}

/// The observation `data`: a JSON document carried inside a string.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ObservationPayload {
    Parsed(Box<ObservationData>),
    /// The string was not the JSON we expected; kept so nothing is lost.
    Malformed {
        raw: String,
        error: String,
    },
    #[default]
    Empty,
}

impl ObservationPayload {
    pub fn parse(raw: &str) -> Self {
        if raw.trim().is_empty() {
            return ObservationPayload::Empty;
        }
        match serde_json::from_str::<ObservationData>(raw) {
            Ok(d) => ObservationPayload::Parsed(Box::new(d)),
            Err(e) => ObservationPayload::Malformed {
                raw: raw.to_string(),
                error: match serde_json::from_str::<serde_json::Value>(raw) {
                    Ok(_) => format!("observation data is not an object: {e}"),
                    Err(e) => format!("observation data is not valid JSON: {e}"),
                },
            },
        }
    }

    pub fn data(&self) -> Option<&ObservationData> {
        match self {
            ObservationPayload::Parsed(d) => Some(d),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for ObservationPayload {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PayloadVisitor)
    }
}

/// Reads `data`: the usual string is parsed where it lies (no tree of it is built);
/// data that arrives already parsed is tolerated; anything else is empty.
pub(crate) struct PayloadVisitor;

impl<'de> serde::de::Visitor<'de> for PayloadVisitor {
    type Value = ObservationPayload;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("observation data")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(ObservationPayload::parse(v))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let v = serde_json::Value::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        Ok(match serde_json::from_value::<ObservationData>(v.clone()) {
            Ok(d) => ObservationPayload::Parsed(Box::new(d)),
            Err(e) => ObservationPayload::Malformed {
                raw: v.to_string(),
                error: e.to_string(),
            },
        })
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(ObservationPayload::Empty)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(PayloadVisitor)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(ObservationPayload::Empty)
    }
}

impl Serialize for ObservationPayload {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ObservationPayload::Parsed(d) => {
                s.serialize_str(&serde_json::to_string(d).map_err(serde::ser::Error::custom)?)
            }
            ObservationPayload::Malformed { raw, .. } => s.serialize_str(raw),
            ObservationPayload::Empty => s.serialize_none(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObservationData {
    /// `OBSERVED_ENDPOINT_ACTIVITY` or `OBSERVED_CLOUD_SHARE_ACTIVITY`.
    #[serde(default, rename = "type$", deserialize_with = "lenient::opt_string")]
    pub activity_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sources: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub exposure_types: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub first_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub file_categories: Vec<FileCategorySummary>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub files: Vec<ObservedFile>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sync_to_services: Vec<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub sending_ip_addresses: Vec<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_remote_activity: Option<bool>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub outside_trusted_domains_emails: Vec<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub app_read_details: Vec<AppReadDetails>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub outside_trusted_domains_emails_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub outside_trusted_domains_counts: Vec<DomainCount>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub risk_severity_summary: Vec<RiskSeveritySummary>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct DomainCount {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub count: Option<u64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeveritySummary {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub summarized_risk_indicators: Vec<SummarizedRiskIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct SummarizedRiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
}

impl ObservationData {
    /// Where the data went: sync services, app destinations and outside recipients.
    pub fn destinations(&self) -> Vec<String> {
        let mut out: Vec<String> = self.sync_to_services.clone();
        for a in &self.app_read_details {
            if let Some(d) = a
                .destination_name
                .as_ref()
                .or(a.destination_category.as_ref())
                && !out.contains(d)
            {
                out.push(d.clone());
            }
        }
        out.extend(self.outside_trusted_domains_emails.iter().cloned());
        out
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct AppReadDetails {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub destination_category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub destination_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub process_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub tab_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FileCategorySummary {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ObservedFile {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub event_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub path: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub category: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub risk_severity_info: Option<RiskSeverityInfo>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub observed_at: Option<DateTime<Utc>>,
}

impl ObservedFile {
    /// The file's risk severity, when the observation carries one.
    pub fn risk_severity(&self) -> Option<&str> {
        self.risk_severity_info.as_ref()?.severity.as_deref()
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeverityInfo {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub score: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub matched_risk_indicators: Vec<MatchedRiskIndicator>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Default)]
#[serde(rename_all = "camelCase")]
pub struct MatchedRiskIndicator {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub weight: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertDetailsResponse {
    #[serde(default, deserialize_with = "lenient::items")]
    pub alerts: Vec<Item<AlertDetails>>,
}

/// The alerts of a `query-details` answer. Read in one pass when every alert in it
/// reads cleanly (the usual case); otherwise item by item, as [`AlertDetailsResponse`]
/// reads them, so one unreadable alert stays a placeholder and the others are kept.
pub fn details_items(text: &str) -> Result<Vec<Item<AlertDetails>>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Clean {
        #[serde(default)]
        alerts: Option<Vec<AlertDetails>>,
    }
    if let Ok(clean) = serde_json::from_str::<Clean>(text) {
        return Ok(clean
            .alerts
            .unwrap_or_default()
            .into_iter()
            .map(Item::Read)
            .collect());
    }
    Ok(serde_json::from_str::<AlertDetailsResponse>(text)?.alerts)
}

/// `query-details-aggregate`: the alert with its observations summed up.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct AlertAggregate {
    #[serde(flatten)]
    pub summary: AlertSummary,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub observations: Vec<Observation>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub first_observation_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub last_observation_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub ffs_url_endpoint: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub alert_url: Option<String>,
    #[serde(default, deserialize_with = "note_any")]
    pub note: Option<AlertNote>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct AggregateResponse {
    pub alert: AlertAggregate,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadata {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub observer_rule_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub severity: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_system: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub rule_source: Option<String>,
    #[serde(default, rename = "type", deserialize_with = "lenient::opt_string")]
    pub rule_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub modified_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleMetadataPage {
    #[serde(default, deserialize_with = "lenient::items")]
    pub rule_metadata: Vec<Item<RuleMetadata>>,
    #[serde(default, deserialize_with = "lenient::count")]
    pub total_count: u64,
}

/// A v2 alert rule (`GET /v2/alert-rules/{id}`). Criteria are kept as JSON.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleDetails {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_enabled: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_system_rule: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub created_by: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_time")]
    pub modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub modified_by: Option<String>,
    #[serde(default)]
    pub vectors: Option<serde_json::Value>,
    #[serde(default)]
    pub filters: Option<serde_json::Value>,
    #[serde(default)]
    pub notifications: Option<serde_json::Value>,
}

/// `GET /v2/alert-rules/{id}/users`; `mode` is a string, or an integer in some docs.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleUsers {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::objects")]
    pub users: Vec<RuleUser>,
    #[serde(default)]
    pub mode: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RuleUser {
    #[serde(default, deserialize_with = "lenient::opt_id")]
    pub user_id_from_authority: Option<String>,
    #[serde(default, deserialize_with = "lenient::string_list")]
    pub aliases: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    /// The flattened reading the details had before they were read in one pass.
    #[derive(Deserialize)]
    struct Flattened {
        #[serde(flatten)]
        summary: AlertSummary,
        #[serde(default, deserialize_with = "lenient::objects")]
        observations: Vec<Observation>,
        #[serde(default, deserialize_with = "note_any")]
        note: Option<AlertNote>,
    }

    fn flattened(text: &str) -> Option<AlertDetails> {
        let f: Flattened = serde_json::from_str(text).ok()?;
        Some(AlertDetails {
            summary: f.summary,
            observations: f.observations,
            note: f.note,
        })
    }

    fn odd_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| json!(n)),
            any::<u64>().prop_map(|n| json!(n)),
            (-1e6f64..1e6).prop_map(|n| json!(n)),
            "[a-zA-Z0-9 \"\\\\{}:,-]{0,10}".prop_map(Value::String),
            Just(json!("2026-03-14T15:09:26.5358970Z")),
            Just(json!({"message": "m", "lastModifiedBy": "x"})),
            Just(json!([1, "two", {"name": "n"}])),
            Just(json!("{\"files\":[{\"name\":\"a\"}]}")),
        ]
    }

    fn odd_alert() -> impl Strategy<Value = Value> {
        let keys = prop_oneof![
            Just("id"),
            Just("actor"),
            Just("actorId"),
            Just("createdAt"),
            Just("riskSeverity"),
            Just("state"),
            Just("type"),
            Just("watchlists"),
            Just("note"),
            Just("observations"),
            Just("other"),
        ];
        let observation = prop::collection::btree_map(
            prop_oneof![Just("data"), Just("id"), Just("observedAt"), Just("type")],
            odd_value(),
            0..4,
        )
        .prop_map(|m| json!(m));
        prop_oneof![
            4 => (prop::collection::btree_map(keys, odd_value(), 0..8), prop::collection::vec(observation, 0..3))
                .prop_map(|(m, obs)| {
                    let mut m = json!(m);
                    if let Some(o) = m.as_object_mut() {
                        o.entry("observations").or_insert(json!(obs));
                    }
                    m
                }),
            1 => odd_value(),
        ]
    }

    proptest! {
        /// One pass reads an alert exactly as the flattened summary did.
        #[test]
        fn details_read_in_one_pass_as_when_flattened(alert in odd_alert()) {
            let text = alert.to_string();
            let now = serde_json::from_str::<AlertDetails>(&text).ok();
            prop_assert_eq!(now, flattened(&text));
        }

        /// A details answer reads the same whether it takes the one-pass road or not.
        #[test]
        fn details_items_are_those_of_the_lenient_reading(alerts in prop::collection::vec(odd_alert(), 0..5)) {
            let text = json!({"alerts": alerts, "type$": "ALERT_DETAILS_RESPONSE"}).to_string();
            let lenient: AlertDetailsResponse = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(details_items(&text).unwrap(), lenient.alerts);
        }
    }

    #[test]
    fn a_details_answer_of_odd_shapes() {
        for text in [
            r#"{}"#,
            r#"{"alerts": null}"#,
            r#"{"alerts": [null, {"id": 1}]}"#,
        ] {
            let lenient: AlertDetailsResponse = serde_json::from_str(text).unwrap();
            assert_eq!(details_items(text).unwrap(), lenient.alerts, "{text}");
        }
        // A list where an alert belongs is a placeholder, never an alert read field by field.
        let items =
            details_items(r#"{"alerts": [[1, "two", {"name": "n"}], {"id": "a"}]}"#).unwrap();
        assert!(items.first().is_some_and(|i| i.unreadable().is_some()));
        assert!(items.get(1).is_some_and(|i| i.read().is_some()));
        assert!(details_items(r#"{"alerts": 5}"#).is_err());
        assert!(details_items("not json").is_err());
    }

    /// A search result of any odd shape: ids as text, numbers, blanks or missing;
    /// times in several forms or wrong; other fields; a key twice; not an object.
    fn any_search_result() -> impl Strategy<Value = String> {
        let id = prop_oneof![
            Just(r#""id":"a-1""#.to_string()),
            Just(r#""id":42"#.to_string()),
            Just(r#""id":"  ""#.to_string()),
            Just(r#""id":null"#.to_string()),
            Just(r#""id":{"x":1}"#.to_string()),
            Just(r#""id":"a\u0041""#.to_string()),
            Just(String::new()),
        ];
        let created = prop_oneof![
            Just(r#""createdAt":"2026-12-07T15:29:00.3130000Z""#.to_string()),
            Just(r#""createdAt":"2026-12-07T15:29:00Z""#.to_string()),
            Just(r#""createdAt":1796657966000"#.to_string()),
            Just(r#""createdAt":"yesterday""#.to_string()),
            Just(r#""createdAt":[1]"#.to_string()),
            Just(r#""createdAt":null"#.to_string()),
            Just(String::new()),
        ];
        let other = prop_oneof![
            Just(String::new()),
            Just(r#""name":"Rule \"x\"","watchlists":[{"id":"w"}]"#.to_string()),
            Just(r#""state":42,"riskSeverity":{}"#.to_string()),
            Just(r#""id":"again""#.to_string()),
        ];
        prop_oneof![
            4 => (id, created, other).prop_map(|(id, created, other)| {
                let fields: Vec<String> =
                    [id, created, other].into_iter().filter(|f| !f.is_empty()).collect();
                format!("{{{}}}", fields.join(","))
            }),
            1 => Just("7".to_string()),
            1 => Just("null".to_string()),
        ]
    }

    /// A page as the alerts service writes it is read in place, to what serde reads;
    /// one with an id it writes otherwise is left to serde.
    #[test]
    fn a_plain_search_page_is_read_in_place() {
        let text = r#"{"type$":"ALERT_QUERY_RESPONSE","alerts":[
            {"actor":"a@example.com","createdAt":"2026-12-07T19:38:01.6400000Z","id":"f46c3f05","name":"Rule \"x\"","type$":"ALERT_SUMMARY","watchlists":[{"id":"w","isSignificant":true,"type$":"WATCHLIST"}]},
            {"createdAt":null,"id":"b-2","riskSeverity":"LOW"},
            {"id":"c-3","state":"OPEN"}
        ],"totalCount":3,"problems":[]}"#;
        let page = SearchedAlertPage::read_in_place(text).expect("read in place");
        let ids: Vec<&str> = page
            .alerts
            .iter()
            .map(|a| match a {
                Item::Read(a) => a.id.as_str(),
                Item::Unreadable(_) => "?",
            })
            .collect();
        assert_eq!(ids, ["f46c3f05", "b-2", "c-3"]);
        let typed = serde_json::from_str::<SearchedAlertPage>(text).unwrap();
        assert_eq!(page.alerts, typed.alerts);
        assert!(page.problems.is_empty());
        assert!(matches!(&page.alerts[0], Item::Read(a) if a.created_at.is_some()));

        for odd in [
            r#"{"alerts":[{"id":42}]}"#,
            r#"{"alerts":[{"id":"a\u0041"}]}"#,
            r#"{"alerts":[{"id":"a","createdAt":1796657966000}]}"#,
            r#"{"alerts":[{"id":"a","id":"b"}]}"#,
            r#"{"alerts":[],"problems":[{"type":"BAD"}]}"#,
            r#"{"alerts":[null]}"#,
            r#"{"alerts":[{"id":"a"}]} x"#,
        ] {
            assert!(SearchedAlertPage::read_in_place(odd).is_none(), "{odd}");
        }
    }

    proptest! {
        /// The one-pass reading of a search page gives what the lenient reading gives.
        #[test]
        fn a_search_page_reads_as_its_lenient_reading(
            results in prop::collection::vec(any_search_result(), 0..6),
            problems in prop_oneof![Just(""), Just(r#","problems":[{"type":"BAD"}]"#), Just(r#","problems":null"#)],
            null_list in any::<bool>(),
            clean in any::<bool>(),
        ) {
            // Half the pages hold only results that read (the rule, and the one-pass case).
            let results: Vec<String> = if clean {
                (0..results.len())
                    .map(|i| format!(r#"{{"id":"a-{i}","createdAt":"2026-12-07T15:29:0{i}.313Z","name":"n"}}"#))
                    .collect()
            } else {
                results
            };
            let alerts = if null_list && results.is_empty() {
                "null".to_string()
            } else {
                format!("[{}]", results.join(","))
            };
            let text = format!(r#"{{"type$":"ALERT_QUERY_RESPONSE","alerts":{alerts},"totalCount":9{problems}}}"#);
            let one_pass = SearchedAlertPage::from_json(&text).map(|p| (p.alerts, p.problems));
            let lenient = serde_json::from_str::<SearchedAlertPage>(&text).map(|p| (p.alerts, p.problems));
            prop_assert_eq!(one_pass.ok(), lenient.ok());
        }
    }
}
