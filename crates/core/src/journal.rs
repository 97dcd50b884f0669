//! The audit journal: every change to a tenant, appended as a JSON Lines record before
//! it is sent (the intent) and again with its outcome, flushed to disk each time. It is
//! how an analyst answers "what did I change last night before the link dropped".
//!
//! It never holds a secret or a token: who (the API client id), which tenant (its URL,
//! without any credentials), what (action, ids, state, note, case) and how it ended.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::audit::{Change, ChangeKind, ChangeLog, ItemState, Outcome};

/// The environment variable that moves the journal (tests, or a shared audit location).
pub const ENV_JOURNAL: &str = "TRIAGE42_JOURNAL";

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub at: DateTime<Utc>,
    /// The change this line belongs to (an intent and its outcomes share it).
    pub change: String,
    /// `intent`, `outcome`, or `not-sent` (a change asked for and never sent: the
    /// program stopped first; one line stands for the whole change).
    pub phase: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<u64>,
    /// The watchlist actors were put on or taken off (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watchlist: Option<String>,
    /// What people call that watchlist (its type, or a custom list's title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub watchlist_name: Option<String>,
    /// The fields an edit of an actor or a case set, each with its new value (`null`:
    /// cleared).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// `ok`, `failed` or `unknown` (outcome lines), `not-sent` (not-sent lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// For `ok`: the answer was lost and a re-read showed the change applied.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub checked: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The changes sent for one request of the analyst share a batch (intent lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
    /// The change this one undoes (intent lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// Each item's state and note just before the change (intent lines): what undo puts
    /// back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub before: Vec<ItemState>,
}

/// An append-only journal file, shared by every change of one process.
pub struct Journal {
    path: PathBuf,
    who: String,
    tenant: String,
    /// Opened on the first change, so reading never creates the file.
    file: Mutex<Option<File>>,
}

impl Journal {
    /// Where the journal lives: `$TRIAGE42_JOURNAL`, or `journal.jsonl` in the XDG state
    /// directory (`demo-journal.jsonl` for the demo tenant, so practice runs stay apart).
    pub fn default_path(demo: bool) -> Option<PathBuf> {
        if let Some(path) = std::env::var_os(ENV_JOURNAL).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(path));
        }
        let dirs = directories::ProjectDirs::from("", "", "triage42")?;
        let dir = dirs
            .state_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.data_local_dir().to_path_buf());
        Some(dir.join(if demo {
            "demo-journal.jsonl"
        } else {
            "journal.jsonl"
        }))
    }

    /// The journal at `path` for changes made as `who` on `tenant`; the file is created
    /// when the first change is recorded.
    pub fn new(path: &Path, who: &str, tenant: &str) -> Journal {
        Journal {
            path: path.to_path_buf(),
            who: who.to_string(),
            tenant: without_credentials(tenant),
            file: Mutex::new(None),
        }
    }

    fn open_file(path: &Path) -> io::Result<File> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut options = OpenOptions::new();
        options.create(true).append(true).read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // What an analyst changed is nobody else's business on a shared jump host.
            options.mode(0o600);
        }
        let mut file = options.open(path)?;
        // A line torn by a crash mid-write is ended, so the next record starts a line of
        // its own instead of being lost with it.
        if !ends_a_line(&mut file)? {
            file.write_all(b"\n")?;
        }
        Ok(file)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The tenant its changes are made on (its URL without credentials).
    pub fn tenant(&self) -> &str {
        &self.tenant
    }

    fn append(&self, record: &Record) -> io::Result<()> {
        let mut line = serde_json::to_vec(record)?;
        line.push(b'\n');
        let mut slot = self.file.lock().unwrap_or_else(|e| e.into_inner());
        if slot.is_none() {
            *slot = Some(Self::open_file(&self.path)?);
        }
        let Some(file) = slot.as_mut() else {
            return Err(io::Error::other("the journal is not open"));
        };
        // One write per line, so lines of concurrent processes do not interleave.
        file.write_all(&line)?;
        file.sync_data()
    }

    fn base(&self, change: &Change, phase: &str) -> Record {
        Record {
            at: Utc::now(),
            change: change.id.clone(),
            phase: phase.to_string(),
            who: None,
            tenant: None,
            action: None,
            ids: Vec::new(),
            state: None,
            note: None,
            case_name: None,
            case_number: None,
            watchlist: None,
            watchlist_name: None,
            fields: None,
            outcome: None,
            checked: false,
            reason: None,
            batch: None,
            undoes: None,
            before: Vec::new(),
        }
    }

    /// Records a change that was asked for but never sent (quit, or a dropped session,
    /// while it waited its turn), so the journal accounts for every change.
    pub fn not_sent(&self, what: ChangeKind, ids: Vec<String>, reason: &str) -> io::Result<()> {
        let change = Change::new(what, ids);
        let mut record = self.described(&change, PHASE_NOT_SENT);
        record.outcome = Some(PHASE_NOT_SENT.into());
        record.reason = Some(reason.to_string());
        self.append(&record)
    }

    /// A record naming who changes what, and how.
    fn described(&self, change: &Change, phase: &str) -> Record {
        let mut record = self.base(change, phase);
        record.who = Some(self.who.clone());
        record.tenant = Some(self.tenant.clone());
        record.action = Some(change.what.action().to_string());
        record.ids = change.ids.clone();
        record.batch = change.batch.clone();
        record.undoes = change.undoes.clone();
        record.before = change.before.clone();
        match &change.what {
            ChangeKind::AlertState { state, note } => {
                record.state = Some(state.clone());
                record.note = note.clone();
            }
            ChangeKind::AlertNote { note } => record.note = Some(note.clone()),
            ChangeKind::CreateCase { name } => record.case_name = Some(name.clone()),
            ChangeKind::AddCaseEvents { case_number } => record.case_number = Some(*case_number),
            ChangeKind::SessionState { state, note } => {
                record.state = Some(state.clone());
                record.note = note.clone();
            }
            ChangeKind::SessionNote { note } => record.note = Some(note.clone()),
            ChangeKind::SessionStateByQuery { state, query } => {
                record.state = Some(state.clone());
                record.reason = Some(format!("sessions matching {query}"));
            }
            ChangeKind::WatchlistActors {
                watchlist_id,
                watchlist,
                ..
            } => {
                record.watchlist = Some(watchlist_id.clone());
                record.watchlist_name = watchlist.clone();
            }
            ChangeKind::UpdateActor { fields } => record.fields = Some(fields_of(fields)),
            ChangeKind::UpdateCase {
                case_number,
                fields,
            } => {
                record.case_number = Some(*case_number);
                record.state = fields
                    .iter()
                    .find(|(key, _)| key == "status")
                    .and_then(|(_, value)| value.clone());
                record.fields = Some(fields_of(fields));
            }
            ChangeKind::Undo { of } => record.undoes = Some(of.clone()),
        }
        record
    }
}

/// The fields of an edit as a JSON object: each new value, `null` for one cleared.
fn fields_of(fields: &[(String, Option<String>)]) -> serde_json::Map<String, serde_json::Value> {
    fields
        .iter()
        .map(|(key, value)| (key.clone(), serde_json::json!(value)))
        .collect()
}

/// The phase (and outcome) of a change that was never sent.
const PHASE_NOT_SENT: &str = "not-sent";

impl ChangeLog for Journal {
    fn intent(&self, change: &Change) -> io::Result<()> {
        self.append(&self.described(change, "intent"))
    }

    fn outcome(&self, change: &Change, outcome: &Outcome) -> io::Result<()> {
        let mut record = self.base(change, "outcome");
        match outcome {
            Outcome::Ok { checked, detail } => {
                record.outcome = Some("ok".into());
                record.checked = *checked;
                record.reason = detail.clone();
            }
            Outcome::Failed(reason) => {
                record.outcome = Some("failed".into());
                record.reason = Some(reason.clone());
            }
            Outcome::Unknown(reason) => {
                record.outcome = Some("unknown".into());
                record.reason = Some(reason.clone());
            }
        }
        self.append(&record)
    }
}

/// Whether the file is empty or its last byte ends a line.
fn ends_a_line(file: &mut File) -> io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last == *b"\n")
}

/// A URL without a `user:password@` part.
pub fn without_credentials(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let host_start = rest
                .find('/')
                .map_or(rest, |i| rest.get(..i).unwrap_or(rest));
            match host_start.rfind('@') {
                Some(at) => format!(
                    "{scheme}://{}",
                    rest.get(at.saturating_add(1)..).unwrap_or("")
                ),
                None => url.to_string(),
            }
        }
        None => url.to_string(),
    }
}

/// One change as the journal tells it: its intent and its last outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChangeSummary {
    pub at: DateTime<Utc>,
    pub change: String,
    pub who: String,
    pub tenant: String,
    pub action: String,
    pub count: usize,
    pub ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// The watchlist actors were put on or taken off: its name, else its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub watchlist: Option<String>,
    /// The fields an edit of an actor or a case set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<serde_json::Map<String, serde_json::Value>>,
    /// `ok`, `ok (checked)`, `failed`, `unknown`, `not sent`, or `no outcome recorded`.
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The change this one undoes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
}

/// Every record of a journal. A line that is not a record (torn by a crash mid-write)
/// is skipped; bytes that are not UTF-8 (a note cut inside a character) become U+FFFD,
/// so the rest of the line, and every other line, still reads.
pub fn read_records(path: &Path) -> io::Result<Vec<Record>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut out = Vec::new();
    for line in BufReader::new(file).split(b'\n') {
        let line = line?;
        if let Ok(record) = serde_json::from_str::<Record>(&String::from_utf8_lossy(&line)) {
            out.push(record);
        }
    }
    Ok(out)
}

/// The changes of a journal, oldest first, each with its last outcome.
pub fn summarise(records: &[Record]) -> Vec<ChangeSummary> {
    let mut out: Vec<ChangeSummary> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for record in records {
        match record.phase.as_str() {
            phase @ ("intent" | PHASE_NOT_SENT) => {
                let not_sent = phase == PHASE_NOT_SENT;
                index.insert(record.change.as_str(), out.len());
                out.push(ChangeSummary {
                    at: record.at,
                    change: record.change.clone(),
                    who: record.who.clone().unwrap_or_default(),
                    tenant: record.tenant.clone().unwrap_or_default(),
                    action: record.action.clone().unwrap_or_default(),
                    count: record.ids.len(),
                    ids: record.ids.clone(),
                    state: record.state.clone(),
                    note: record.note.clone(),
                    case: record
                        .case_name
                        .clone()
                        .or_else(|| record.case_number.map(|n| format!("#{n}"))),
                    watchlist: record
                        .watchlist_name
                        .clone()
                        .or_else(|| record.watchlist.clone()),
                    fields: record.fields.clone(),
                    undoes: record.undoes.clone(),
                    outcome: if not_sent {
                        "not sent".into()
                    } else {
                        "no outcome recorded".into()
                    },
                    reason: if not_sent {
                        record.reason.clone()
                    } else {
                        Some(
                            "the program stopped before the answer came; check these alerts".into(),
                        )
                    },
                });
            }
            _ => {
                if let Some(summary) = index
                    .get(record.change.as_str())
                    .and_then(|i| out.get_mut(*i))
                {
                    let outcome = record.outcome.clone().unwrap_or_default();
                    summary.outcome = if outcome == "ok" && record.checked {
                        "ok (checked)".into()
                    } else {
                        outcome
                    };
                    summary.reason = record.reason.clone();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::audit::ChangeKind;

    #[test]
    fn intents_and_outcomes_pair_up_and_a_torn_line_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j").join("journal.jsonl");
        let journal = Journal::new(&path, "key-1", "https://user:pw@api.example/");
        assert!(!path.exists(), "nothing is created before a change");
        let a = Change::new(
            ChangeKind::AlertState {
                state: "RESOLVED".into(),
                note: Some("fp".into()),
            },
            vec!["a1".into(), "a2".into()],
        );
        let b = Change::new(
            ChangeKind::AlertNote { note: "x".into() },
            vec!["a3".into()],
        );
        journal.intent(&a).unwrap();
        journal.intent(&b).unwrap();
        journal
            .outcome(&a, &Outcome::Unknown("dropped".into()))
            .unwrap();
        journal
            .outcome(
                &a,
                &Outcome::Ok {
                    checked: true,
                    detail: None,
                },
            )
            .unwrap();
        // A torn last line, as a crash mid-write would leave.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"at\":\"2026")
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("pw@"), "credentials of the URL are not kept");
        let changes = summarise(&read_records(&path).unwrap());
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].outcome, "ok (checked)");
        // The next record, by a process opening the journal again, starts its own line.
        let next = Journal::new(&path, "key-1", "https://api.example/");
        let c = Change::new(
            ChangeKind::AlertNote { note: "y".into() },
            vec!["a4".into()],
        );
        next.intent(&c).unwrap();
        // A note cut inside a character: the record reads, with U+FFFD for the bytes.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"{\"at\":\"2026-12-06T10:00:00Z\",\"change\":\"c9\",\"phase\":\"intent\",\"note\":\"caf\xc3\"}\n\xff\xfe\n")
            .unwrap();
        let changes = summarise(&read_records(&path).unwrap());
        assert_eq!(changes.len(), 4);
        assert_eq!(changes[3].note.as_deref(), Some("caf\u{fffd}"));
        assert_eq!(changes[2].ids, ["a4"]);
        assert_eq!(changes[0].count, 2);
        assert_eq!(changes[0].tenant, "https://api.example/");
        assert_eq!(changes[1].outcome, "no outcome recorded");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner reads the journal");
        }
    }

    #[test]
    fn a_change_never_sent_is_one_line_that_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let journal = Journal::new(&path, "key-1", "https://api.example/");
        let sent = Change::new(
            ChangeKind::AlertState {
                state: "RESOLVED".into(),
                note: None,
            },
            vec!["a1".into()],
        );
        journal.intent(&sent).unwrap();
        journal
            .outcome(
                &sent,
                &Outcome::Ok {
                    checked: false,
                    detail: None,
                },
            )
            .unwrap();
        journal
            .not_sent(
                ChangeKind::AlertState {
                    state: "RESOLVED".into(),
                    note: Some("fp".into()),
                },
                vec!["a2".into(), "a3".into()],
                "triage42 stopped (SIGHUP) before sending it",
            )
            .unwrap();
        let records = read_records(&path).unwrap();
        assert_eq!(records[2].phase, "not-sent");
        assert_eq!(records[2].who.as_deref(), Some("key-1"));
        let changes = summarise(&records);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].outcome, "ok");
        assert_eq!(changes[1].outcome, "not sent");
        assert_eq!(changes[1].action, "alert-state");
        assert_eq!(changes[1].ids, ["a2", "a3"]);
        assert_eq!(changes[1].state.as_deref(), Some("RESOLVED"));
        assert_eq!(
            changes[1].reason.as_deref(),
            Some("triage42 stopped (SIGHUP) before sending it")
        );
    }

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            without_credentials("https://u:p@host:1/x@y"),
            "https://host:1/x@y"
        );
        assert_eq!(
            without_credentials("http://127.0.0.1:8"),
            "http://127.0.0.1:8"
        );
        assert_eq!(without_credentials("nonsense"), "nonsense");
    }
}
