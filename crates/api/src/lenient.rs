//! Lenient readers for what servers send. Years of data from many product versions put
//! `null` where a string belongs, counts written as strings, ids as numbers and objects
//! where a list was expected. Each reader here takes every shape it can make sense of
//! and never fails on a field, so one odd value cannot fail an item, and [`Item`] makes
//! sure one odd item cannot fail its page.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

use super::timestamp;

/// One JSON value as a reader sees it, read without failing.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Signed(i64),
    Unsigned(u64),
    Float(f64),
    Text(String),
    /// An array or object, kept as compact JSON text.
    Structured(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Signed(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Unsigned(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Text(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
        let value = Value::deserialize(SeqAccessDeserializer::new(seq))?;
        Ok(Scalar::Structured(value.to_string()))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(Scalar::Structured(value.to_string()))
    }
}

pub(crate) fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

impl Scalar {
    /// The value as text: numbers and booleans in their JSON form, arrays and objects as
    /// compact JSON; `None` for null.
    pub(crate) fn into_text(self) -> Option<String> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Float(n) => Some(float_text(n)),
            Scalar::Text(s) | Scalar::Structured(s) => Some(s),
        }
    }

    pub(crate) fn into_id(self) -> Option<String> {
        match self {
            Scalar::Text(s) if !s.trim().is_empty() => Some(s),
            Scalar::Signed(n) => Some(n.to_string()),
            Scalar::Unsigned(n) => Some(n.to_string()),
            Scalar::Float(n) if n.is_finite() => Some(float_text(n)),
            _ => None,
        }
    }

    fn into_u64(self) -> Option<u64> {
        match self {
            Scalar::Unsigned(n) => Some(n),
            Scalar::Signed(n) => u64::try_from(n).ok(),
            Scalar::Float(n) => float_to_u64(n),
            Scalar::Text(s) => {
                let t = s.trim();
                t.parse::<u64>()
                    .ok()
                    .or_else(|| t.parse::<f64>().ok().and_then(float_to_u64))
            }
            _ => None,
        }
    }

    fn into_i64(self) -> Option<i64> {
        match self {
            Scalar::Signed(n) => Some(n),
            Scalar::Unsigned(n) => i64::try_from(n).ok(),
            Scalar::Float(n) => float_to_i64(n),
            Scalar::Text(s) => {
                let t = s.trim();
                t.parse::<i64>()
                    .ok()
                    .or_else(|| t.parse::<f64>().ok().and_then(float_to_i64))
            }
            _ => None,
        }
    }

    fn into_bool(self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(b),
            Scalar::Signed(n) => Some(n != 0),
            Scalar::Unsigned(n) => Some(n != 0),
            Scalar::Text(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    pub(crate) fn into_time(self) -> Option<DateTime<Utc>> {
        match self {
            Scalar::Text(s) => timestamp::parse(&s),
            Scalar::Signed(n) => DateTime::from_timestamp_millis(n),
            Scalar::Unsigned(n) => i64::try_from(n)
                .ok()
                .and_then(DateTime::from_timestamp_millis),
            Scalar::Float(n) => float_to_i64(n).and_then(DateTime::from_timestamp_millis),
            _ => None,
        }
    }
}

/// Whole floats without a trailing `.0`, so `1.7e18` reads as the id it was meant to be.
fn float_text(n: f64) -> String {
    match float_to_i64(n) {
        Some(i) if n.fract() == 0.0 => i.to_string(),
        _ => n.to_string(),
    }
}

// u64::MAX as f64 rounds up to 2^64, so the bound is exclusive.
const TWO_POW_64: f64 = 18_446_744_073_709_551_616.0;
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

fn float_to_u64(n: f64) -> Option<u64> {
    // `as` truncates toward zero; the range check keeps it exact.
    (n.is_finite() && (0.0..TWO_POW_64).contains(&n)).then_some(n as u64)
}

fn float_to_i64(n: f64) -> Option<i64> {
    (n.is_finite() && (-TWO_POW_63..TWO_POW_63).contains(&n)).then_some(n as i64)
}

/// Text in any shape; `None` for null.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar(d)?.into_text())
}

/// Text in any shape; empty for null.
pub fn string<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(scalar(d)?.into_text().unwrap_or_default())
}

/// An id written as a string or a number (old data writes large numbers); `None` for
/// anything else, including an empty string.
pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(scalar(d)?.into_id())
}

/// A required id: the one field without which an item cannot be used.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    scalar(d)?
        .into_id()
        .ok_or_else(|| de::Error::custom("it has no usable id"))
}

/// A count or size: a number, a float or a numeric string; `None` when negative or not a number.
pub fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(scalar(d)?.into_u64())
}

/// A count that may be missing, `null` or written as text; zero when unreadable.
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    Ok(scalar(d)?.into_u64().unwrap_or(0))
}

/// A signed number (scores, weights) in any numeric form.
pub fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(scalar(d)?.into_i64())
}

/// A flag as a boolean, `0`/`1` or `"true"`/`"false"`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(scalar(d)?.into_bool())
}

/// A timestamp in any form [`timestamp::parse`] reads, or epoch milliseconds.
pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(scalar(d)?.into_time())
}

/// A list of strings: `null` is empty, a lone string is a list of one, and other
/// elements are written as text.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of strings")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<LenientText>()? {
                out.extend(item.0);
            }
            Ok(out)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Vec<String>, E> {
            Ok(vec![v])
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<String>, A::Error> {
            let value = Value::deserialize(MapAccessDeserializer::new(map))?;
            Ok(vec![value.to_string()])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Vec<String>, E> {
            Ok(vec![float_text(v)])
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
            d.deserialize_any(ListVisitor)
        }
    }
    d.deserialize_any(ListVisitor)
}

/// One list element read as text (`None` for null).
struct LenientText(Option<String>);

impl<'de> Deserialize<'de> for LenientText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(LenientText(scalar(d)?.into_text()))
    }
}

/// A nested object, or `None` when the value has another shape (v1 events write
/// `"source": "Endpoint"` where v2 has an object).
pub fn opt_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    Ok(d.deserialize_any(ObjectVisitor(PhantomData))?.0)
}

/// A nested object that has defaults for every field; any other shape gives the defaults.
pub fn object_or_default<'de, D: Deserializer<'de>, T: DeserializeOwned + Default>(
    d: D,
) -> Result<T, D::Error> {
    Ok(opt_object(d)?.unwrap_or_default())
}

/// A required whole number (a case number) in any numeric form.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    scalar(d)?
        .into_u64()
        .ok_or_else(|| de::Error::custom("it has no usable number"))
}

/// A list of nested objects: `null` is empty, a lone object is a list of one, and
/// elements that are not objects are left out.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<ObjectOrNothing<T>>()? {
                out.extend(item.0);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Vec<T>, A::Error> {
            Ok(vec![T::deserialize(MapAccessDeserializer::new(map))?])
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
            d.deserialize_any(ListVisitor(PhantomData))
        }
        fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(ListVisitor(PhantomData))
}

/// An object read as `T`, or nothing for any other shape.
struct ObjectOrNothing<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOrNothing<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = ObjectOrNothing<T>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Ok(ObjectOrNothing(Some(T::deserialize(
            MapAccessDeserializer::new(map),
        )?)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(ObjectOrNothing(None))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(ObjectOrNothing(None))
    }
}

/// A list of JSON values (problem reports): `null` is empty, a lone value a list of one.
pub fn values<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Value>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => vec![other],
    })
}

/// A list of items that may be `null` or missing; each item is read on its own.
pub fn items<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> Result<Vec<Item<T>>, D::Error> {
    Ok(Option::<Vec<Item<T>>>::deserialize(d)?.unwrap_or_default())
}

/// One element of a server list (an alert of a page, an event, a case): read, or kept
/// as a placeholder that says why it could not be read. An unreadable item never fails
/// its page, its neighbours or the run.
#[derive(Debug, Clone, PartialEq)]
pub enum Item<T> {
    Read(T),
    Unreadable(UnreadableItem),
}

/// An item that could not be read, with what could be learnt of it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnreadableItem {
    /// Its id, when one could be found in it.
    pub id: Option<String>,
    /// Why it could not be read, in plain words.
    pub reason: String,
    /// The item as the server sent it.
    pub raw: String,
}

/// Keys that name an item in the services' shapes, most specific first (not `actorId`:
/// in an alert or a session it names the actor, not the item).
const ID_KEYS: [&str; 6] = [
    "id",
    "alertId",
    "eventId",
    "sessionId",
    "number",
    "watchlistId",
];

impl UnreadableItem {
    pub fn new(raw: &str, reason: impl Into<String>) -> UnreadableItem {
        let id = serde_json::from_str::<Value>(raw)
            .ok()
            .as_ref()
            .and_then(id_in);
        UnreadableItem {
            id,
            reason: reason.into(),
            raw: raw.to_string(),
        }
    }
}

/// The id of an item in any of the services' shapes, including a v2 event's `event.id`.
fn id_in(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    let direct = ID_KEYS.iter().find_map(|key| {
        object
            .get(*key)
            .and_then(|v| Scalar::from_value(v).into_id())
    });
    direct.or_else(|| {
        object
            .get("event")
            .and_then(|e| e.get("id"))
            .and_then(|v| Scalar::from_value(v).into_id())
    })
}

impl Scalar {
    fn from_value(v: &Value) -> Scalar {
        match v {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => n
                .as_u64()
                .map(Scalar::Unsigned)
                .or_else(|| n.as_i64().map(Scalar::Signed))
                .or_else(|| n.as_f64().map(Scalar::Float))
                .unwrap_or(Scalar::Null),
            Value::String(s) => Scalar::Text(s.clone()),
            other => Scalar::Structured(other.to_string()),
        }
    }
}

/// Why serde could not read an item, in the reader's words (serde's own messages name
/// Rust types and positions that mean nothing to an analyst).
fn reason_of(raw: &str, error: &serde_json::Error) -> String {
    match serde_json::from_str::<Value>(raw) {
        Ok(Value::Object(_)) => {
            let text = error.to_string();
            // "missing field `id` at line 1 column 40" → "missing field `id`"
            let text = text.split(" at line ").next().unwrap_or(&text);
            let no_id = ["`id`", "`watchlistId`", "`actorId`"]
                .iter()
                .any(|key| text.contains(&format!("missing field {key}")));
            if text.contains("no usable id") || no_id {
                "it has no usable id".to_string()
            } else {
                text.to_string()
            }
        }
        Ok(Value::Null) => "the server sent null in its place".to_string(),
        Ok(Value::Array(_)) => "the server sent a list in its place".to_string(),
        Ok(Value::String(_)) => "the server sent a string in its place".to_string(),
        Ok(_) => "the server sent a bare value in its place".to_string(),
        Err(_) => "it is not valid JSON".to_string(),
    }
}

impl<T> Item<T> {
    pub fn read(&self) -> Option<&T> {
        match self {
            Item::Read(t) => Some(t),
            Item::Unreadable(_) => None,
        }
    }

    pub fn into_read(self) -> Option<T> {
        match self {
            Item::Read(t) => Some(t),
            Item::Unreadable(_) => None,
        }
    }

    pub fn unreadable(&self) -> Option<&UnreadableItem> {
        match self {
            Item::Read(_) => None,
            Item::Unreadable(u) => Some(u),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Item<U> {
        match self {
            Item::Read(t) => Item::Read(f(t)),
            Item::Unreadable(u) => Item::Unreadable(u),
        }
    }

    pub fn as_ref(&self) -> Item<&T> {
        match self {
            Item::Read(t) => Item::Read(t),
            Item::Unreadable(u) => Item::Unreadable(u.clone()),
        }
    }
}

impl<T: DeserializeOwned> Item<T> {
    /// Reads one item from its JSON text.
    pub fn from_json(raw: &str) -> Item<T> {
        match serde_json::from_str::<T>(raw) {
            Ok(t) => Item::Read(t),
            Err(e) => Item::Unreadable(UnreadableItem::new(raw, reason_of(raw, &e))),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The item's text is kept apart so a failure inside it leaves the page readable.
        let raw = Box::<RawValue>::deserialize(d)?;
        Ok(Item::from_json(raw.get()))
    }
}

impl<T: Serialize> Serialize for Item<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Item::Read(t) => t.serialize(s),
            Item::Unreadable(u) => match RawValue::from_string(u.raw.clone()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_none(),
            },
        }
    }
}

/// One JSON value as a borrowing reader sees it: text is borrowed from the input when it
/// has no escapes, every other shape is read as [`Scalar`] reads it.
enum ScalarText<'de> {
    Text(Cow<'de, str>),
    Other(Scalar),
}

struct ScalarTextVisitor;

impl<'de> Visitor<'de> for ScalarTextVisitor {
    type Value = ScalarText<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(ScalarText::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(ScalarText::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(ScalarText::Text(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        ScalarVisitor.visit_bool(v).map(ScalarText::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        ScalarVisitor.visit_i64(v).map(ScalarText::Other)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        ScalarVisitor.visit_u64(v).map(ScalarText::Other)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        ScalarVisitor.visit_f64(v).map(ScalarText::Other)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ScalarText::Other(Scalar::Null))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(ScalarText::Other(Scalar::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(ScalarTextVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        ScalarVisitor.visit_seq(seq).map(ScalarText::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        ScalarVisitor.visit_map(map).map(ScalarText::Other)
    }
}

fn scalar_text<'de, D: Deserializer<'de>>(d: D) -> Result<ScalarText<'de>, D::Error> {
    d.deserialize_any(ScalarTextVisitor)
}

/// [`opt_string`], borrowing the text from the input where it can.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    Ok(match scalar_text(d)? {
        ScalarText::Text(t) => Some(t),
        ScalarText::Other(s) => s.into_text().map(Cow::Owned),
    })
}

/// [`opt_id`], borrowing the text from the input where it can.
pub fn opt_id_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Cow<'de, str>>, D::Error> {
    Ok(match scalar_text(d)? {
        ScalarText::Text(t) => (!t.trim().is_empty()).then_some(t),
        ScalarText::Other(s) => s.into_id().map(Cow::Owned),
    })
}

/// [`id`], borrowing the text from the input where it can.
pub fn id_text<'de, D: Deserializer<'de>>(d: D) -> Result<Cow<'de, str>, D::Error> {
    let id = match scalar_text(d)? {
        ScalarText::Text(t) => (!t.trim().is_empty()).then_some(t),
        ScalarText::Other(s) => s.into_id().map(Cow::Owned),
    };
    id.ok_or_else(|| de::Error::custom("it has no usable id"))
}

/// [`opt_time`], reading text where it lies instead of copying it first.
pub fn opt_time_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(match scalar_text(d)? {
        ScalarText::Text(t) => timestamp::parse(&t),
        ScalarText::Other(s) => s.into_time(),
    })
}

/// [`string_list`], borrowing each text from the input where it can.
pub fn text_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Cow<'de, str>>, D::Error> {
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = Vec<Cow<'de, str>>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list of strings")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<LenientCowText<'de>>()? {
                out.extend(item.0);
            }
            Ok(out)
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(vec![Cow::Borrowed(v)])
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(v.to_string())])
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(v)])
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let value = Value::deserialize(MapAccessDeserializer::new(map))?;
            Ok(vec![Cow::Owned(value.to_string())])
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(v.to_string())])
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(v.to_string())])
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(v.to_string())])
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(vec![Cow::Owned(float_text(v))])
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(ListVisitor)
        }
    }
    d.deserialize_any(ListVisitor)
}

/// One list element read as text (`None` for null), borrowed where it can be.
struct LenientCowText<'de>(Option<Cow<'de, str>>);

impl<'de> Deserialize<'de> for LenientCowText<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        opt_text(d).map(LenientCowText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq, Default)]
    struct Sample {
        #[serde(deserialize_with = "id")]
        id: String,
        #[serde(default, deserialize_with = "opt_string")]
        name: Option<String>,
        #[serde(default, deserialize_with = "opt_u64")]
        size: Option<u64>,
        #[serde(default, deserialize_with = "count")]
        total: u64,
        #[serde(default, deserialize_with = "opt_bool")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "string_list")]
        tags: Vec<String>,
        #[serde(default, deserialize_with = "opt_time")]
        at: Option<DateTime<Utc>>,
    }

    fn read(v: Value) -> Item<Sample> {
        Item::from_json(&v.to_string())
    }

    #[test]
    fn scalars_in_every_shape() {
        let Item::Read(s) = read(json!({
            "id": 42, "name": 7, "size": "1024", "total": 3.0, "flag": "true",
            "tags": "solo", "at": 1_700_000_000_000u64
        })) else {
            panic!("unreadable")
        };
        assert_eq!(s.id, "42");
        assert_eq!(s.name.as_deref(), Some("7"));
        assert_eq!(s.size, Some(1024));
        assert_eq!(s.total, 3);
        assert_eq!(s.flag, Some(true));
        assert_eq!(s.tags, vec!["solo"]);
        assert!(s.at.is_some());
        let Item::Read(s) = read(json!({
            "id": "a", "name": null, "size": -5, "total": "lots", "flag": {},
            "tags": [1, null, "x", {"k": 1}], "at": "not a date"
        })) else {
            panic!("unreadable")
        };
        assert_eq!(s.name, None);
        assert_eq!(s.size, None);
        assert_eq!(s.total, 0);
        assert_eq!(s.flag, None);
        assert_eq!(s.tags, vec!["1", "x", "{\"k\":1}"]);
        assert_eq!(s.at, None);
        let Item::Read(s) = read(json!({"id": "a", "name": {"en": "x"}, "size": 1.7e3})) else {
            panic!("unreadable")
        };
        assert_eq!(s.name.as_deref(), Some("{\"en\":\"x\"}"));
        assert_eq!(s.size, Some(1700));
    }

    #[test]
    fn items_without_an_id_are_placeholders_that_keep_the_raw_text() {
        let Item::Unreadable(u) = read(json!({"id": null, "name": "x"})) else {
            panic!("read")
        };
        assert_eq!(u.id, None);
        assert_eq!(u.reason, "it has no usable id");
        assert!(u.raw.contains("\"name\""));
        let Item::Unreadable(u) = read(json!({"name": "x"})) else {
            panic!("read")
        };
        assert_eq!(u.reason, "it has no usable id");
        let Item::Unreadable(u) = read(json!("just text")) else {
            panic!("read")
        };
        assert!(u.reason.contains("string"), "{}", u.reason);
    }

    #[test]
    fn a_page_with_a_bad_item_keeps_the_others() {
        #[derive(Deserialize)]
        struct Page {
            #[serde(default, deserialize_with = "items")]
            things: Vec<Item<Sample>>,
        }
        let page: Page = serde_json::from_str(
            r#"{"things": [{"id": "1"}, null, 5, {"id": {"nested": true}}, {"id": "2", "id2": []}]}"#,
        )
        .unwrap();
        assert_eq!(page.things.len(), 5);
        let read: Vec<&str> = page
            .things
            .iter()
            .filter_map(Item::read)
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(read, ["1", "2"]);
        let page: Page = serde_json::from_str(r#"{"things": null}"#).unwrap();
        assert!(page.things.is_empty());
    }

    #[test]
    fn placeholder_ids_come_from_any_known_key() {
        for (raw, id) in [
            (r#"{"alertId": "a-1", "x": "#, "a-1"),
            (r#"{"event": {"id": "e-1"}, "#, "e-1"),
        ] {
            // Broken JSON: the id cannot be found, the reason says so.
            let u = UnreadableItem::new(raw, "r");
            assert_eq!(u.id, None, "{raw} {id}");
        }
        let u = UnreadableItem::new(r#"{"event": {"id": 12}}"#, "r");
        assert_eq!(u.id.as_deref(), Some("12"));
        let u = UnreadableItem::new(r#"{"number": 7}"#, "r");
        assert_eq!(u.id.as_deref(), Some("7"));
    }

    #[test]
    fn objects_skip_what_is_not_an_object() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Inner {
            #[serde(default, deserialize_with = "opt_string")]
            name: Option<String>,
        }
        #[derive(Deserialize)]
        struct Outer {
            #[serde(default, deserialize_with = "objects")]
            list: Vec<Inner>,
            #[serde(default, deserialize_with = "opt_object")]
            one: Option<Inner>,
        }
        let o: Outer = serde_json::from_str(
            r#"{"list": [{"name": "a"}, 1, "s", [2], null], "one": "Endpoint"}"#,
        )
        .unwrap();
        assert_eq!(o.list.len(), 1);
        assert!(o.one.is_none());
        let o: Outer =
            serde_json::from_str(r#"{"list": {"name": "b"}, "one": {"name": 3}}"#).unwrap();
        assert_eq!(o.list.len(), 1);
        assert_eq!(o.one.unwrap().name.as_deref(), Some("3"));
    }

    #[test]
    fn floats_and_huge_numbers_never_overflow() {
        assert_eq!(float_to_u64(1e30), None);
        assert_eq!(float_to_u64(f64::NAN), None);
        assert_eq!(float_to_i64(-1e30), None);
        assert_eq!(
            float_to_u64(18_446_744_073_709_549_568.0),
            Some(18_446_744_073_709_549_568)
        );
        assert_eq!(float_text(1.5), "1.5");
        assert_eq!(float_text(3.0), "3");
    }
}
