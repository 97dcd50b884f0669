//! The records of the demo tenant: alerts, rules, actors, file events and cases, and the
//! compact ids and texts they are held with. `store` holds them.

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

/// An observation of an alert. What follows from how its files left is looked up in
/// [`CHANNELS`]; `Debug` prints it as the fields it had when each was held apart.
#[derive(Clone)]
pub struct Observation {
    pub id: Uuid,
    /// `FedEndpointExfiltration`, `FedCloudSharePermissions` or `FedFileTypeMismatch`.
    pub obs_type: &'static str,
    pub observed_at: DateTime<Utc>,
    pub first_activity_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    /// Index into [`CHANNELS`]: its exposure, source and sync service.
    pub channel: u8,
    /// Where its file events lie in `Store::file_events` (one after the other).
    pub events: EventRange,
    /// The address its files were sent from (endpoint observations).
    pub sending_ip: Option<Sym>,
    pub outside_emails: Vec<Sym>,
}

impl Observation {
    fn channel(&self) -> &'static Channel {
        CHANNELS
            .get(usize::from(self.channel))
            .unwrap_or(&NO_CHANNEL)
    }
    pub fn exposure_types(&self) -> &'static [&'static str] {
        std::slice::from_ref(&self.channel().exposure)
    }
    pub fn sources(&self) -> &'static [&'static str] {
        if self.channel().cloud {
            &["GoogleDrive"]
        } else {
            &["Endpoint"]
        }
    }
    pub fn sync_to_services(&self) -> &'static [&'static str] {
        self.channel().sync.as_slice()
    }
    pub fn sending_ips(&self) -> &[Sym] {
        self.sending_ip.as_slice()
    }
}

impl std::fmt::Debug for Observation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Observation")
            .field("id", &self.id)
            .field("obs_type", &self.obs_type)
            .field("observed_at", &self.observed_at)
            .field("first_activity_at", &self.first_activity_at)
            .field("last_activity_at", &self.last_activity_at)
            .field("exposure_types", &self.exposure_types())
            .field("sources", &self.sources())
            .field("events", &self.events)
            .field("sync_to_services", &self.sync_to_services())
            .field("sending_ips", &self.sending_ips())
            .field("outside_emails", &self.outside_emails)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct Alert {
    pub id: String,
    pub rule: u16,
    pub actor: u16,
    pub created_at: DateTime<Utc>,
    pub risk_severity: &'static str,
    /// One of a few states, shared.
    pub state: Sym,
    pub state_last_modified_by: Option<Sym>,
    pub state_last_modified_at: Option<DateTime<Utc>>,
    pub note: Option<Box<Note>>,
    pub observations: Vec<Observation>,
    /// How `--messy` writes this alert's JSON (`None`: as the reference does).
    pub disorder: Option<Disorder>,
}

/// How `--messy` writes one alert's JSON: the awkward but legal forms of an old tenant
/// (`messy` writes them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disorder {
    /// Name, description, actor, severities, rule source and watchlists are null.
    Nulls,
    /// Ids and times as numbers, counts as text, a lone watchlist instead of a list.
    NumbersAndText,
    /// Lower-case `t`/`z`, nine fraction digits, an offset, no zone at all.
    OddTimestamps,
    /// A rule type, rule source and severity that no client knows.
    UnknownNames,
    /// `"id": null`: the one thing an alert cannot be read without.
    NoId,
    /// The first observation's data is cut short; a second one is an embedded object.
    BrokenObservation,
    /// The note is a plain string, or a list of notes.
    NoteShapes,
    /// Observation data empty or null, observation times in odd forms.
    EmptyObservation,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub email: String,
    pub id: String,
    pub device_uid: String,
    pub hostname: String,
    pub department: &'static str,
}

/// An actor's directory details, as the actors service shows them (the actor at the
/// same position in [`Store::actors`](super::store::Store) is the person).
#[derive(Debug, Clone, Default)]
pub struct ActorProfile {
    pub actor_id: String,
    pub first_name: String,
    pub last_name: String,
    pub title: String,
    pub division: String,
    pub employee_type: String,
    pub country: String,
    pub region: String,
    pub locality: String,
    /// The position of the manager among the actors.
    pub manager: Option<usize>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub notes: Option<String>,
    pub active: bool,
    pub alternate_names: Vec<String>,
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

/// A file event. Held compactly: what follows from how the file left (its channel) is
/// looked up in [`Channel`]'s table, repeated text is shared, and a seeded id is written
/// out when asked for. `Debug` prints the event field by field as the fields it had when
/// they were all owned text, so the seed's fingerprints still cover every value.
#[derive(Clone)]
pub struct FileEvent {
    pub id: EventId,
    pub timestamp: DateTime<Utc>,
    pub inserted: DateTime<Utc>,
    pub actor: u16,
    pub document: u32,
    /// Index into [`CHANNELS`].
    pub channel: u8,
    /// Index into [`OBSERVERS`].
    pub observer: u8,
    pub risk_score: u8,
    /// Whether the file-type mismatch indicator follows the channel's.
    pub mismatch: bool,
    pub directory: Sym,
    pub source_name: Sym,
    pub source_ip: Sym,
    pub tab_url: Option<Sym>,
}

/// How a file left: event action, destination, process, sync service, exposure, risk
/// indicator and vector.
#[derive(Debug)]
pub struct Channel {
    pub cloud: bool,
    pub exposure: &'static str,
    pub action: &'static str,
    pub destination_category: Option<&'static str>,
    pub destination_name: Option<&'static str>,
    pub process: Option<&'static str>,
    pub sync: Option<&'static str>,
    pub indicator: &'static str,
    pub vector: Option<&'static str>,
}

/// Every channel: six of endpoints, then three of cloud shares.
pub static CHANNELS: [Channel; 9] = [
    Channel {
        cloud: false,
        exposure: "RemovableMedia",
        action: "removable-media-created",
        destination_category: Some("Removable Media"),
        destination_name: Some("SanDisk Ultra"),
        process: None,
        sync: None,
        indicator: "Removable media",
        vector: Some("REMOVABLE_MEDIA_OUT"),
    },
    Channel {
        cloud: false,
        exposure: "CloudStorage",
        action: "sync-app-created",
        destination_category: Some("Cloud Storage"),
        destination_name: Some("Dropbox"),
        process: Some("Dropbox.exe"),
        sync: Some("Dropbox"),
        indicator: "Dropbox upload",
        vector: Some("SYNC_APP"),
    },
    Channel {
        cloud: false,
        exposure: "CloudStorage",
        action: "sync-app-modified",
        destination_category: Some("Cloud Storage"),
        destination_name: Some("Google Drive"),
        process: Some("GoogleDriveFS.exe"),
        sync: Some("GoogleDrive"),
        indicator: "Google Drive upload",
        vector: Some("SYNC_APP"),
    },
    Channel {
        cloud: false,
        exposure: "ApplicationRead",
        action: "application-read",
        destination_category: Some("Personal Email"),
        destination_name: Some("Gmail"),
        process: Some("chrome.exe"),
        sync: None,
        indicator: "Gmail upload",
        vector: Some("BROWSER_UPLOAD"),
    },
    Channel {
        cloud: false,
        exposure: "ApplicationRead",
        action: "application-read",
        destination_category: Some("Messaging"),
        destination_name: Some("Slack"),
        process: Some("slack.exe"),
        sync: None,
        indicator: "Slack upload",
        vector: Some("APP_UPLOAD"),
    },
    Channel {
        cloud: false,
        exposure: "ApplicationRead",
        action: "application-read",
        destination_category: Some("Source Code Repository"),
        destination_name: Some("GitHub"),
        process: Some("git"),
        sync: None,
        indicator: "Git push to untrusted repository",
        vector: Some("GIT_PUSH"),
    },
    Channel {
        cloud: true,
        exposure: "SharedViaLink",
        action: "file-shared",
        destination_category: None,
        destination_name: None,
        process: None,
        sync: None,
        indicator: "Public link share",
        vector: Some("CLOUD_SHARE"),
    },
    Channel {
        cloud: true,
        exposure: "OutsideTrustedDomains",
        action: "file-shared",
        destination_category: None,
        destination_name: None,
        process: None,
        sync: None,
        indicator: "Shared outside trusted domains",
        vector: Some("CLOUD_SHARE"),
    },
    Channel {
        cloud: true,
        exposure: "IsPublic",
        action: "file-shared",
        destination_category: None,
        destination_name: None,
        process: None,
        sync: None,
        indicator: "Public searchable share",
        vector: Some("CLOUD_SHARE"),
    },
];

/// The observers of file events: the endpoint agent and the cloud services.
pub const OBSERVERS: [&str; 4] = ["Endpoint", "GoogleDrive", "OneDrive", "Box"];

/// What a dangling channel index resolves to (the seed never makes one).
static NO_CHANNEL: Channel = Channel {
    cloud: false,
    exposure: "",
    action: "",
    destination_category: None,
    destination_name: None,
    process: None,
    sync: None,
    indicator: "",
    vector: None,
};

/// The severity of a risk score.
pub fn severity_for(score: u32) -> &'static str {
    match score {
        0 => "NO_RISK_INDICATED",
        1..=3 => "LOW",
        4..=6 => "MODERATE",
        7..=8 => "HIGH",
        _ => "CRITICAL",
    }
}

impl FileEvent {
    pub fn channel(&self) -> &'static Channel {
        CHANNELS
            .get(usize::from(self.channel))
            .unwrap_or(&NO_CHANNEL)
    }
    pub fn action(&self) -> &'static str {
        self.channel().action
    }
    pub fn observer(&self) -> &'static str {
        OBSERVERS
            .get(usize::from(self.observer))
            .copied()
            .unwrap_or("")
    }
    pub fn source_category(&self) -> &'static str {
        if self.channel().cloud {
            "Cloud Storage"
        } else {
            "Device"
        }
    }
    pub fn destination_category(&self) -> Option<&'static str> {
        self.channel().destination_category
    }
    pub fn destination_name(&self) -> Option<&'static str> {
        self.channel().destination_name
    }
    pub fn process(&self) -> Option<&'static str> {
        self.channel().process
    }
    pub fn vector(&self) -> Option<&'static str> {
        self.channel().vector
    }
    pub fn risk_score(&self) -> u32 {
        u32::from(self.risk_score)
    }
    pub fn risk_severity(&self) -> &'static str {
        severity_for(self.risk_score())
    }
    /// The risk indicators: the channel's, weighted by the score, and for a file-type
    /// mismatch rule that one too.
    pub fn indicators(&self) -> Indicators {
        let first = (self.channel().indicator, self.risk_score().min(9));
        Indicators {
            list: [first, ("File mismatch", 1)],
            len: if self.mismatch { 2 } else { 1 },
        }
    }
}

/// A file event's risk indicators, (name, weight), one or two.
#[derive(Clone, Copy)]
pub struct Indicators {
    list: [(&'static str, u32); 2],
    len: usize,
}

impl Indicators {
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, u32)> {
        self.list.iter().take(self.len)
    }
}

impl<'a> IntoIterator for &'a Indicators {
    type Item = &'a (&'static str, u32);
    type IntoIter = std::iter::Take<std::slice::Iter<'a, (&'static str, u32)>>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter().take(self.len)
    }
}

impl std::fmt::Debug for Indicators {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl std::fmt::Debug for FileEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileEvent")
            .field("id", &self.id.to_string())
            .field("timestamp", &self.timestamp)
            .field("inserted", &self.inserted)
            .field("action", &self.action())
            .field("observer", &self.observer())
            .field("actor", &self.actor)
            .field("document", &self.document)
            .field("directory", &self.directory.to_string())
            .field("source_category", &self.source_category())
            .field("source_name", &self.source_name.to_string())
            .field("source_ip", &self.source_ip.to_string())
            .field("destination_category", &self.destination_category())
            .field("destination_name", &self.destination_name())
            .field("tab_url", &self.tab_url.as_ref().map(Sym::to_string))
            .field("process", &self.process())
            .field("risk_score", &self.risk_score())
            .field("risk_severity", &self.risk_severity())
            .field("indicators", &self.indicators().iter().collect::<Vec<_>>())
            .field("vector", &self.vector())
            .finish()
    }
}

/// Text that many records share, interned once per process: 8 bytes a record, no
/// allocation of its own. Only for the seed's small sets of repeated values (host
/// names, folders, addresses, links), so what is interned stays bounded.
#[derive(Clone, Copy)]
pub struct Sym(&'static String);

impl Sym {
    pub fn new(text: &str) -> Sym {
        static TABLE: std::sync::Mutex<Option<HashMap<&'static str, &'static String>>> =
            std::sync::Mutex::new(None);
        let mut table = TABLE.lock().unwrap_or_else(|e| e.into_inner());
        let table = table.get_or_insert_with(HashMap::new);
        if let Some(&s) = table.get(text) {
            return Sym(s);
        }
        let s: &'static String = Box::leak(Box::new(text.to_string()));
        table.insert(s.as_str(), s);
        Sym(s)
    }
    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }
}

impl From<&str> for Sym {
    fn from(text: &str) -> Sym {
        Sym::new(text)
    }
}

impl std::ops::Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl std::fmt::Display for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Debug for Sym {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.as_str(), f)
    }
}

impl PartialEq for Sym {
    fn eq(&self, other: &Sym) -> bool {
        self.0 == other.0
    }
}

impl serde::Serialize for Sym {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// File events that lie one after the other in `Store::file_events`: eight bytes for
/// what a list of their positions would hold.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct EventRange {
    pub start: u32,
    pub len: u32,
}

impl EventRange {
    /// Their positions, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + use<> {
        (self.start..self.start.saturating_add(self.len)).take(self.len as usize)
    }
    pub fn len(&self) -> usize {
        self.len as usize
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Printed as the list of positions it stands for.
impl std::fmt::Debug for EventRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A seeded uuid, kept as the two random words it is written from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Uuid {
    pub a: u64,
    pub b: u64,
}

impl std::fmt::Display for Uuid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_uuid(self.a, self.b, f)
    }
}

impl std::fmt::Debug for Uuid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl serde::Serialize for Uuid {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = uuid_bytes(self.a, self.b);
        match std::str::from_utf8(&text) {
            Ok(text) => s.serialize_str(text),
            Err(_) => s.collect_str(self),
        }
    }
}

const HEX_DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `v`'s lowest hex digits, as many as `dst` holds.
fn put_hex(dst: &mut [u8], mut v: u64) {
    for d in dst.iter_mut().rev() {
        *d = HEX_DIGITS
            .get(usize::try_from(v & 0xf).unwrap_or(0))
            .copied()
            .unwrap_or(b'0');
        v >>= 4;
    }
}

/// `v`'s lowest decimal digits, as many as `dst` holds (zero-padded).
fn put_decimal(dst: &mut [u8], mut v: u64) {
    for d in dst.iter_mut().rev() {
        // A digit (below 10) in the low bits of `'0'` (0x30).
        *d = b'0' | u8::try_from(v % 10).unwrap_or(0);
        v /= 10;
    }
}

/// How many decimal digits `v` is written with.
fn decimal_len(v: u64) -> usize {
    v.checked_ilog10()
        .map_or(1, |l| usize::try_from(l).unwrap_or(0).saturating_add(1))
}

/// `write_uuid(a, b)` as bytes, without the formatting machinery.
pub fn uuid_bytes(a: u64, b: u64) -> [u8; 36] {
    let mut out = [b'-'; 36];
    if let Some(version) = out.get_mut(14) {
        *version = b'4';
    }
    let fields = [
        (0usize, 8usize, a >> 32),
        (9, 4, (a >> 16) & 0xffff),
        (15, 3, a & 0xfff),
        (19, 4, ((b >> 48) & 0x3fff) | 0x8000),
        (24, 12, b & 0xffff_ffff_ffff),
    ];
    for (start, width, v) in fields {
        if let Some(dst) = out.get_mut(start..start.saturating_add(width)) {
            put_hex(dst, v);
        }
    }
    out
}

/// A file event's id. A seeded one, `0_<uuid>_<n>_<position>`, is kept as its numbers
/// and written out when asked for; any other (an added event's) as text.
#[derive(Clone)]
pub enum EventId {
    Seeded {
        a: u64,
        b: u64,
        n: u64,
        position: u32,
    },
    Text(Box<str>),
}

/// The uuid of two random words, as `Prng::uuid` writes it.
pub fn write_uuid(a: u64, b: u64, f: &mut impl std::fmt::Write) -> std::fmt::Result {
    write!(
        f,
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        ((b >> 48) & 0x3fff) | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

impl EventId {
    /// The position a seeded id names (`None` for others).
    pub fn position(&self) -> Option<u32> {
        match self {
            EventId::Seeded { position, .. } => Some(*position),
            EventId::Text(_) => None,
        }
    }

    /// The uuid's fields in the order they are written (fixed-width hex, so comparing
    /// them compares the text).
    fn uuid_key(a: u64, b: u64) -> (u64, u64, u64, u64, u64) {
        (
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff,
        )
    }
}

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventId::Seeded { a, b, n, position } => {
                f.write_str("0_")?;
                write_uuid(*a, *b, f)?;
                write!(f, "_{n}_{position}")
            }
            EventId::Text(t) => f.write_str(t),
        }
    }
}

impl std::fmt::Debug for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl serde::Serialize for EventId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            EventId::Text(t) => s.serialize_str(t),
            EventId::Seeded { a, b, n, position } => {
                // `0_<uuid>_<n>_<position>`: 2 + 36 + 1 + up to 20 + 1 + up to 10 bytes.
                let mut buf = [b'_'; 70];
                let n_len = decimal_len(*n);
                let position = u64::from(*position);
                let p_len = decimal_len(position);
                let n_start = 39usize;
                let p_start = n_start.saturating_add(n_len).saturating_add(1);
                let end = p_start.saturating_add(p_len);
                if let Some(zero) = buf.get_mut(0) {
                    *zero = b'0';
                }
                if let Some(dst) = buf.get_mut(2..38) {
                    dst.copy_from_slice(&uuid_bytes(*a, *b));
                }
                if let Some(dst) = buf.get_mut(n_start..n_start.saturating_add(n_len)) {
                    put_decimal(dst, *n);
                }
                if let Some(dst) = buf.get_mut(p_start..end) {
                    put_decimal(dst, position);
                }
                match buf.get(..end).map(std::str::from_utf8) {
                    Some(Ok(text)) => s.serialize_str(text),
                    _ => s.collect_str(self),
                }
            }
        }
    }
}

impl PartialEq for EventId {
    fn eq(&self, other: &EventId) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for EventId {}

impl PartialOrd for EventId {
    fn partial_cmp(&self, other: &EventId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The order of the ids' text.
impl Ord for EventId {
    fn cmp(&self, other: &EventId) -> std::cmp::Ordering {
        match (self, other) {
            (EventId::Seeded { a, b, .. }, EventId::Seeded { a: a2, b: b2, .. })
                if EventId::uuid_key(*a, *b) != EventId::uuid_key(*a2, *b2) =>
            {
                EventId::uuid_key(*a, *b).cmp(&EventId::uuid_key(*a2, *b2))
            }
            (EventId::Text(x), EventId::Text(y)) => x.cmp(y),
            _ => self.to_string().cmp(&other.to_string()),
        }
    }
}

impl PartialEq<str> for EventId {
    fn eq(&self, other: &str) -> bool {
        match self {
            EventId::Text(t) => &**t == other,
            seeded => {
                // Written into a buffer on the stack: ids are short.
                let mut buf = IdBuf::default();
                std::fmt::Write::write_fmt(&mut buf, format_args!("{seeded}")).is_ok()
                    && buf.as_bytes() == Some(other.as_bytes())
            }
        }
    }
}

impl PartialEq<String> for EventId {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

/// A small buffer an id is written into; one that does not fit is marked as such.
struct IdBuf {
    bytes: [u8; 96],
    len: usize,
    overflow: bool,
}

impl Default for IdBuf {
    fn default() -> Self {
        IdBuf {
            bytes: [0; 96],
            len: 0,
            overflow: false,
        }
    }
}

impl IdBuf {
    fn as_bytes(&self) -> Option<&[u8]> {
        (!self.overflow)
            .then(|| self.bytes.get(..self.len))
            .flatten()
    }
}

impl std::fmt::Write for IdBuf {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len.saturating_add(s.len());
        match self.bytes.get_mut(self.len..end) {
            Some(dst) => {
                dst.copy_from_slice(s.as_bytes());
                self.len = end;
                Ok(())
            }
            None => {
                self.overflow = true;
                Err(std::fmt::Error)
            }
        }
    }
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

/// Timestamps the way the alerts service writes them (7 fractional digits).
pub fn alert_ts(t: &DateTime<Utc>) -> String {
    let mut out = String::with_capacity(28);
    write_alert_ts(t, &mut out);
    out
}

/// Appends `alert_ts(t)` to `out` without going through a format string.
pub fn write_alert_ts(t: &DateTime<Utc>, out: &mut String) {
    match alert_ts_bytes(t).as_ref().map(|b| std::str::from_utf8(b)) {
        Some(Ok(text)) => out.push_str(text),
        _ => out.push_str(&t.format("%Y-%m-%dT%H:%M:%S%.6f0Z").to_string()),
    }
}

/// `alert_ts(t)` as bytes, for a year of four digits and no leap second (every seeded
/// and stored time); `None` for others.
pub fn alert_ts_bytes(t: &DateTime<Utc>) -> Option<[u8; 28]> {
    use chrono::{Datelike, Timelike};
    let t = t.naive_utc();
    let (date, time) = (t.date(), t.time());
    let year = u64::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = time.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let secs = time.num_seconds_from_midnight();
    let mut out = *b"0000-00-00T00:00:00.0000000Z";
    let fields = [
        (0usize, 4usize, year),
        (5, 2, u64::from(date.month())),
        (8, 2, u64::from(date.day())),
        (11, 2, u64::from(secs / 3600)),
        (14, 2, u64::from(secs / 60 % 60)),
        (17, 2, u64::from(secs % 60)),
        (20, 6, u64::from(nanos / 1000)),
    ];
    for (start, width, v) in fields {
        if let Some(dst) = out.get_mut(start..start.saturating_add(width)) {
            put_decimal(dst, v);
        }
    }
    Some(out)
}

/// Timestamps the way the cases service writes them (6 fractional digits).
pub fn case_ts(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

/// Timestamps the way forensic search writes `@timestamp` (milliseconds).
pub fn event_ts(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
