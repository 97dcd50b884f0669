//! Alert details read in place from a `query-details` answer, for output that only
//! passes them on as JSON: text is borrowed from the answer instead of copied into each
//! field, and an observation's `data` is read only when it is written out.
//!
//! Every type here reads what its owned twin in [`super::models`] reads, field by field
//! with the same lenient readers (borrowing where the twin allocates), and writes the
//! same JSON; tests compare the two on seeded tenants, clean and messy, and on
//! generated alerts of odd shapes.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::value::MapAccessDeserializer;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lenient;
use super::models::{
    AlertNote, AlertState, ObservationPayload, PayloadVisitor, RiskSeverity, Watchlist, note_any,
};

/// One alert of a details answer, as [`super::models::AlertDetails`] reads it.
#[derive(Debug)]
pub struct AlertDetailsRef<'a> {
    pub id: Cow<'a, str>,
    pub tenant_id: Option<Cow<'a, str>>,
    pub rule_type: Option<Cow<'a, str>>,
    pub name: Option<Cow<'a, str>>,
    pub description: Option<Cow<'a, str>>,
    pub actor: Option<Cow<'a, str>>,
    pub actor_id: Option<Cow<'a, str>>,
    pub target: Option<Cow<'a, str>>,
    pub severity: Option<Cow<'a, str>>,
    pub risk_severity: Option<RiskSeverity>,
    pub rule_id: Option<Cow<'a, str>>,
    pub rule_source: Option<Cow<'a, str>>,
    pub created_at: Option<DateTime<Utc>>,
    pub state: Option<AlertState>,
    pub state_last_modified_by: Option<Cow<'a, str>>,
    pub state_last_modified_at: Option<DateTime<Utc>>,
    pub watchlists: Vec<Watchlist>,
    pub observations: Vec<ObservationRef<'a>>,
    pub note: Option<AlertNote>,
}

/// The wire fields of [`AlertDetailsRef`], as `DetailsWire` in the models names them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailsRefWire<'a> {
    #[serde(borrow, deserialize_with = "lenient::id_text")]
    id: Cow<'a, str>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    tenant_id: Option<Cow<'a, str>>,
    #[serde(
        default,
        borrow,
        rename = "type",
        deserialize_with = "lenient::opt_text"
    )]
    rule_type: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    name: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    description: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    actor: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_id_text")]
    actor_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    target: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    severity: Option<Cow<'a, str>>,
    #[serde(default)]
    risk_severity: Option<RiskSeverity>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_id_text")]
    rule_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    rule_source: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_time_text")]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    state: Option<AlertState>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    state_last_modified_by: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_time_text")]
    state_last_modified_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::objects")]
    watchlists: Vec<Watchlist>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    observations: Vec<ObservationRef<'a>>,
    #[serde(default, deserialize_with = "note_any")]
    note: Option<AlertNote>,
}

/// Read from an object only, as [`super::models::AlertDetails`] is.
impl<'de: 'a, 'a> Deserialize<'de> for AlertDetailsRef<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DetailsVisitor;
        impl<'de> serde::de::Visitor<'de> for DetailsVisitor {
            type Value = AlertDetailsRef<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an alert object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                DetailsRefWire::deserialize(MapAccessDeserializer::new(map))
                    .map(AlertDetailsRef::from)
            }
        }
        d.deserialize_map(DetailsVisitor)
    }
}

impl<'a> From<DetailsRefWire<'a>> for AlertDetailsRef<'a> {
    fn from(w: DetailsRefWire<'a>) -> Self {
        AlertDetailsRef {
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
            observations: w.observations,
            note: w.note,
        }
    }
}

/// An observation, as [`super::models::Observation`] reads it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_id_text")]
    pub id: Option<Cow<'a, str>>,
    #[serde(
        default,
        borrow,
        rename = "type",
        deserialize_with = "lenient::opt_text"
    )]
    pub observation_type: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_time_text")]
    pub observed_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_time_text")]
    pub last_observed_at: Option<DateTime<Utc>>,
    #[serde(default, borrow)]
    pub data: PayloadRef<'a>,
}

/// The observation `data` as it came: the usual JSON text inside a string, kept unread
/// until it is written ([`PayloadRef::read`]); any other shape read at once as
/// [`ObservationPayload`] reads it.
#[derive(Debug)]
pub enum PayloadRef<'a> {
    Text(Cow<'a, str>),
    Read(ObservationPayload),
}

impl Default for PayloadRef<'_> {
    fn default() -> Self {
        PayloadRef::Read(ObservationPayload::Empty)
    }
}

/// What [`PayloadRef::read`] finds: what [`ObservationPayload`] would hold.
// Held one per observation for as long as its row is written; a box would cost an
// allocation per observation for no gain.
#[allow(clippy::large_enum_variant)]
pub enum PayloadData<'p> {
    Parsed(ObservationDataRef<'p>),
    /// Not the JSON expected: written back as the text that came.
    Malformed(&'p str),
    /// Read already as the owned payload (data that was not a string).
    Owned(&'p ObservationPayload),
    Empty,
}

impl PayloadRef<'_> {
    /// Reads the data as [`ObservationPayload::parse`] does, borrowing from the text.
    pub fn read(&self) -> PayloadData<'_> {
        match self {
            PayloadRef::Text(raw) if raw.trim().is_empty() => PayloadData::Empty,
            PayloadRef::Text(raw) => match serde_json::from_str::<ObservationDataRef>(raw) {
                Ok(d) => PayloadData::Parsed(d),
                Err(_) => PayloadData::Malformed(raw),
            },
            PayloadRef::Read(payload) => PayloadData::Owned(payload),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for PayloadRef<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PayloadRefVisitor)
    }
}

/// As the models' `PayloadVisitor`, but a string is kept as it came, to be read when
/// written.
struct PayloadRefVisitor;

impl<'de> serde::de::Visitor<'de> for PayloadRefVisitor {
    type Value = PayloadRef<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("observation data")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(PayloadRef::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(PayloadRef::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(PayloadRef::Text(Cow::Owned(v)))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        PayloadVisitor.visit_map(map).map(PayloadRef::Read)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        PayloadVisitor.visit_seq(seq).map(PayloadRef::Read)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(PayloadRefVisitor)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(PayloadRef::default())
    }
}

/// [`super::models::ObservationData`], borrowing its text; same fields in the same
/// order, so it writes the same JSON.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservationDataRef<'a> {
    #[serde(
        default,
        borrow,
        rename = "type$",
        deserialize_with = "lenient::opt_text"
    )]
    pub activity_type: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_id_text")]
    pub id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::text_list")]
    pub sources: Vec<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::text_list")]
    pub exposure_types: Vec<Cow<'a, str>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_time_text",
        serialize_with = "time_json"
    )]
    pub first_activity_at: Option<DateTime<Utc>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_time_text",
        serialize_with = "time_json"
    )]
    pub last_activity_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub file_categories: Vec<FileCategorySummaryRef<'a>>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub files: Vec<ObservedFileRef<'a>>,
    #[serde(default, borrow, deserialize_with = "lenient::text_list")]
    pub sync_to_services: Vec<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::text_list")]
    pub sending_ip_addresses: Vec<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_remote_activity: Option<bool>,
    #[serde(default, borrow, deserialize_with = "lenient::text_list")]
    pub outside_trusted_domains_emails: Vec<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub app_read_details: Vec<AppReadDetailsRef<'a>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub outside_trusted_domains_emails_count: Option<u64>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub outside_trusted_domains_counts: Vec<DomainCountRef<'a>>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub risk_severity_summary: Vec<RiskSeveritySummaryRef<'a>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCountRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub domain: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub count: Option<u64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeveritySummaryRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub severity: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub summarized_risk_indicators: Vec<SummarizedRiskIndicatorRef<'a>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummarizedRiskIndicatorRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub name: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_events: Option<u64>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppReadDetailsRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub destination_category: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub destination_name: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub process_name: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub tab_url: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FileCategorySummaryRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub category: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub file_count: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total_file_size: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_significant: Option<bool>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObservedFileRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_id_text")]
    pub event_id: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub path: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub name: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub category: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub size: Option<u64>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_object")]
    pub risk_severity_info: Option<RiskSeverityInfoRef<'a>>,
    #[serde(
        default,
        deserialize_with = "lenient::opt_time_text",
        serialize_with = "time_json"
    )]
    pub observed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RiskSeverityInfoRef<'a> {
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub score: Option<i64>,
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub severity: Option<Cow<'a, str>>,
    #[serde(default, borrow, deserialize_with = "lenient::objects")]
    pub matched_risk_indicators: Vec<MatchedRiskIndicatorRef<'a>>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedRiskIndicatorRef<'a> {
    #[serde(default, borrow, deserialize_with = "lenient::opt_text")]
    pub name: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "lenient::opt_i64")]
    pub weight: Option<i64>,
}

/// A time as chrono's `Serialize` writes it (RFC 3339 in UTC with `Z`, the fraction in
/// milli-, micro- or nanoseconds as the value needs: `SecondsFormat::AutoSi`), written
/// without the formatting machinery, which costs more than reading the time did.
pub struct TimeJson<'a>(pub &'a Option<DateTime<Utc>>);

impl Serialize for TimeJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        time_json(self.0, s)
    }
}

fn time_json<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        None => s.serialize_none(),
        Some(t) => match TimeText::of(t) {
            Some(text) => s.serialize_str(text.as_str()),
            // Years past 9999 or before 0, and leap seconds: chrono's own writing.
            None => t.serialize(s),
        },
    }
}

/// The text of a time, on the stack: `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ` at most.
struct TimeText {
    bytes: [u8; 30],
    len: usize,
}

impl TimeText {
    fn of(t: &DateTime<Utc>) -> Option<TimeText> {
        use chrono::{Datelike, Timelike};
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
        let nanos = t.nanosecond();
        if nanos >= 1_000_000_000 {
            return None;
        }
        let mut text = TimeText {
            bytes: [0; 30],
            len: 0,
        };
        text.digits(year, 4);
        text.push(b'-');
        text.digits(t.month(), 2);
        text.push(b'-');
        text.digits(t.day(), 2);
        text.push(b'T');
        text.digits(t.hour(), 2);
        text.push(b':');
        text.digits(t.minute(), 2);
        text.push(b':');
        text.digits(t.second(), 2);
        if nanos != 0 {
            text.push(b'.');
            if nanos.is_multiple_of(1_000_000) {
                text.digits(nanos / 1_000_000, 3);
            } else if nanos.is_multiple_of(1_000) {
                text.digits(nanos / 1_000, 6);
            } else {
                text.digits(nanos, 9);
            }
        }
        text.push(b'Z');
        Some(text)
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len = self.len.saturating_add(1);
        }
    }

    /// The last `width` decimal digits of `n`, zero-padded.
    fn digits(&mut self, n: u32, width: u32) {
        for place in (0..width).rev() {
            let digit = 10u32
                .checked_pow(place)
                .and_then(|p| n.checked_div(p))
                .map_or(0, |q| q % 10);
            self.push(b"0123456789".get(digit as usize).copied().unwrap_or(b'0'));
        }
    }

    fn as_str(&self) -> &str {
        self.bytes
            .get(..self.len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

/// The alerts of a `query-details` answer when every one of them reads cleanly (the
/// usual case), borrowing from the answer; `None` when one does not, and the answer is
/// then read item by item ([`super::models::details_items`]) so that alert becomes a
/// placeholder and the others are kept.
pub fn details_refs(text: &str) -> Option<Vec<AlertDetailsRef<'_>>> {
    #[derive(Deserialize)]
    struct Clean<'a> {
        #[serde(default, borrow)]
        alerts: Option<Vec<AlertDetailsRef<'a>>>,
    }
    serde_json::from_str::<Clean>(text)
        .ok()
        .map(|c| c.alerts.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::details_items;

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        for text in [
            "2026-03-14T15:09:26Z",
            "2026-03-14T15:09:26.5Z",
            "2026-03-14T15:09:26.535897Z",
            "2026-03-14T15:09:26.5358970Z",
            "2026-03-14T15:09:26.535897001Z",
            "0001-01-01T00:00:00.000001Z",
            "9999-12-31T23:59:59.999999999Z",
            "1969-12-31T23:59:59.999Z",
        ] {
            let t = crate::timestamp::parse(text);
            assert_eq!(
                serde_json::to_string(&TimeJson(&t)).unwrap(),
                serde_json::to_string(&t).unwrap(),
                "{text}"
            );
        }
        for millis in [
            i64::MIN,
            -62_135_596_800_001,
            253_402_300_800_000,
            i64::MAX,
            0,
        ] {
            let t = DateTime::from_timestamp_millis(millis);
            assert_eq!(
                serde_json::to_string(&TimeJson(&t)).unwrap(),
                serde_json::to_string(&t).unwrap(),
                "{millis}"
            );
        }
    }

    /// Both readings agree on which answers read cleanly.
    #[test]
    fn clean_answers_are_clean_for_both_readings() {
        for text in [
            r#"{}"#,
            r#"{"alerts": null}"#,
            r#"{"alerts": [{"id": 1}]}"#,
            r#"{"alerts": [null, {"id": 1}]}"#,
            r#"{"alerts": [{"id": "a", "id": "b"}]}"#,
            r#"{"alerts": [[1, "two"]]}"#,
        ] {
            let owned = details_items(text).unwrap();
            let clean = owned.iter().all(|i| i.read().is_some());
            assert_eq!(details_refs(text).is_some(), clean, "{text}");
        }
    }
}
