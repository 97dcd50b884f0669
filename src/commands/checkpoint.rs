//! `--checkpoint NAME` of `alerts search` and `events search`, and `triage42 checkpoint
//! list|clear NAME`: each run returns only what is new since the last successful run of
//! that name, for cron jobs and SIEM feeds.
//!
//! What "new" means:
//! - alerts: created (`createdAt`) after the newest creation time the checkpoint has seen,
//!   or at that very instant with an id it has not seen (the ids at the newest instant
//!   are remembered, so alerts sharing a timestamp are neither lost nor repeated);
//! - file events: inserted (`event.inserted`, when the service stored the event) after
//!   the newest insertion time seen, or at that instant with an unseen `event.id`. The
//!   insertion time rather than the event's own time, because events reach the service
//!   late: an event that happened yesterday but arrived an hour ago is new.
//!
//! The query is applied as given, and the tenant is asked only for items from a second
//! before the newest instant on (the rest is filtered here, exactly). A run with a
//! checkpoint fetches every page (as `--all`). The first run of a name returns everything
//! the query matches. An item without a readable id or time is always returned (it cannot
//! be placed) and does not move the checkpoint.
//!
//! The state is one JSON file a name in `checkpoints/` under the XDG state directory
//! (`$XDG_STATE_HOME/triage42`, usually `~/.local/state/triage42`), written atomically
//! (a temporary file renamed over the old one) once a run has written all its output. A
//! run that fails (an API error, a closed pipe) leaves it as it was, so the next run
//! returns the same items again. A run that ends with unreadable items (exit code 3)
//! does move it: those items are named on stderr and would not read any better next time.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CommandError;

/// The longest name.
const MAX_NAME_LEN: usize = 64;

#[derive(Debug, Subcommand)]
pub enum CheckpointCommand {
    /// The checkpoints, with what each has seen last.
    List,
    /// Forget a checkpoint: its next run returns everything its query matches.
    Clear {
        /// The name given to --checkpoint.
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Alerts,
    Events,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Alerts => "alerts",
            Kind::Events => "events",
        }
    }
    /// Where the id and the time that orders the items are in a row.
    fn fields(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Alerts => (&["id"], &["createdAt"]),
            Kind::Events => (&["event", "id"], &["event", "inserted"]),
        }
    }
}

/// What a checkpoint file holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct State {
    pub kind: Kind,
    /// The newest creation (alerts) or insertion (events) time seen.
    pub newest: DateTime<Utc>,
    /// The ids of the items at exactly `newest`.
    pub ids_at_newest: BTreeSet<String>,
    /// The query of the last run, for `checkpoint list`.
    #[serde(default)]
    pub query: String,
    pub updated_at: DateTime<Utc>,
}

/// A name is a file name of its own: letters, digits, `.`, `_` and `-`, starting with a
/// letter or digit, at most 64 characters. So it cannot reach out of the directory.
pub fn check_name(name: &str) -> Result<(), CommandError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(CommandError::Usage(format!(
            "checkpoint name {:?}: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most {MAX_NAME_LEN} characters",
            crate::sanitize::one_line(name)
        )))
    }
}

/// The directory of the checkpoint files.
pub fn directory() -> Result<PathBuf, CommandError> {
    crate::config::Paths::discover()
        .state_dir
        .map(|d| d.join("checkpoints"))
        .ok_or_else(|| {
            CommandError::Usage("no home directory for the checkpoints; set XDG_STATE_HOME".into())
        })
}

fn file_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.json"))
}

fn read_state(path: &Path) -> Result<Option<State>, CommandError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(CommandError::Usage(format!(
                "cannot read the checkpoint {}: {e}",
                path.display()
            )));
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        CommandError::Usage(format!(
            "the checkpoint {} is damaged ({e}); `triage42 checkpoint clear` starts it afresh",
            path.display()
        ))
    })
}

fn text_at<'a>(row: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = row;
    for part in path {
        v = v.get(part)?;
    }
    v.as_str()
}

/// One run's checkpoint: filters the rows and remembers the newest.
#[derive(Debug)]
pub struct Checkpoint {
    path: PathBuf,
    kind: Kind,
    query: String,
    previous: Option<State>,
    newest: Option<DateTime<Utc>>,
    ids_at_newest: BTreeSet<String>,
}

impl Checkpoint {
    /// The checkpoint `name` in the default directory.
    pub fn open(name: &str, kind: Kind, query: &str) -> Result<Checkpoint, CommandError> {
        Checkpoint::open_in(&directory()?, name, kind, query)
    }

    pub fn open_in(
        dir: &Path,
        name: &str,
        kind: Kind,
        query: &str,
    ) -> Result<Checkpoint, CommandError> {
        check_name(name)?;
        let path = file_of(dir, name);
        let previous = read_state(&path)?;
        if let Some(state) = &previous
            && state.kind != kind
        {
            return Err(CommandError::Usage(format!(
                "checkpoint {name} belongs to `{} search`; use another name for {}",
                state.kind.name(),
                kind.name()
            )));
        }
        Ok(Checkpoint {
            path,
            kind,
            query: query.to_string(),
            newest: previous.as_ref().map(|s| s.newest),
            ids_at_newest: previous
                .as_ref()
                .map(|s| s.ids_at_newest.clone())
                .unwrap_or_default(),
            previous,
        })
    }

    /// From when the tenant is asked for items: a second before the newest seen (the
    /// exact cut is made here, whatever precision the tenant compares at).
    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.previous
            .as_ref()
            .and_then(|s| s.newest.checked_sub_signed(chrono::TimeDelta::seconds(1)))
    }

    /// Whether `row` is new; a new row moves the checkpoint.
    pub fn admit(&mut self, row: &Value) -> bool {
        let (id_path, time_path) = self.kind.fields();
        let id = text_at(row, id_path).filter(|s| !s.is_empty());
        let at = text_at(row, time_path).and_then(crate::api::timestamp::parse);
        let (Some(id), Some(at)) = (id, at) else {
            return true;
        };
        if let Some(prev) = &self.previous
            && (at < prev.newest || (at == prev.newest && prev.ids_at_newest.contains(id)))
        {
            return false;
        }
        match self.newest {
            Some(newest) if at < newest => {}
            Some(newest) if at == newest => {
                self.ids_at_newest.insert(id.to_string());
            }
            _ => {
                self.newest = Some(at);
                self.ids_at_newest = BTreeSet::from([id.to_string()]);
            }
        }
        true
    }

    /// The state after this run (`None`: nothing has been seen yet).
    pub fn state(&self) -> Option<State> {
        self.newest.map(|newest| State {
            kind: self.kind,
            newest,
            ids_at_newest: self.ids_at_newest.clone(),
            query: self.query.clone(),
            updated_at: Utc::now(),
        })
    }

    /// Records the run; call only once its output is all written.
    pub fn save(&self) -> Result<(), CommandError> {
        let Some(state) = self.state() else {
            return Ok(());
        };
        let mut bytes = serde_json::to_vec_pretty(&state).unwrap_or_default();
        bytes.push(b'\n');
        crate::private_file::write_atomically(&self.path, &bytes).map_err(|e| {
            CommandError::Usage(format!(
                "cannot write the checkpoint {}: {e}",
                self.path.display()
            ))
        })
    }
}

/// `triage42 checkpoint list|clear`.
pub fn run(cmd: CheckpointCommand) -> Result<(), CommandError> {
    let dir = directory()?;
    match cmd {
        CheckpointCommand::List => {
            let mut rows = Vec::new();
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries.filter_map(Result::ok).collect::<Vec<_>>(),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(e) => return Err(CommandError::Io(e)),
            };
            let mut names: Vec<String> = entries
                .iter()
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let stem = name.strip_suffix(".json")?.to_string();
                    check_name(&stem).is_ok().then_some(stem)
                })
                .collect();
            names.sort();
            for name in names {
                let row = match read_state(&file_of(&dir, &name)) {
                    Ok(Some(s)) => vec![
                        name,
                        s.kind.name().to_string(),
                        s.newest
                            .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                        s.ids_at_newest.len().to_string(),
                        s.updated_at.format("%Y-%m-%d %H:%M").to_string(),
                        s.query,
                    ],
                    Ok(None) => continue,
                    Err(_) => vec![
                        name,
                        "?".into(),
                        "(damaged: clear it)".into(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ],
                };
                rows.push(row);
            }
            if rows.is_empty() {
                eprintln!("no checkpoints in {}", dir.display());
                return Ok(());
            }
            let columns: Vec<String> = ["name", "kind", "newest", "at newest", "updated", "query"]
                .iter()
                .map(|c| c.to_string())
                .collect();
            let text = super::output::render_table(&columns, &rows, super::terminal_width());
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
            Ok(())
        }
        CheckpointCommand::Clear { name } => {
            check_name(&name)?;
            match std::fs::remove_file(file_of(&dir, &name)) {
                Ok(()) => {
                    eprintln!("checkpoint {name} cleared");
                    Ok(())
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CommandError::Usage(
                    format!("no checkpoint named {name} (see `triage42 checkpoint list`)"),
                )),
                Err(e) => Err(CommandError::Io(e)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_cannot_leave_the_directory() {
        for bad in [
            "",
            "..",
            ".hidden",
            "a/b",
            "../x",
            "a\\b",
            "a b",
            "é",
            &"x".repeat(65),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?}");
        }
        for good in ["siem", "daily-feed_2", "a.b", "9"] {
            assert!(check_name(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn only_newer_items_or_unseen_ids_at_the_newest_instant_pass() {
        let dir = tempfile::tempdir().unwrap();
        let alert = |id: &str, at: &str| json!({"id": id, "createdAt": at});
        let mut first = Checkpoint::open_in(dir.path(), "t", Kind::Alerts, "q").unwrap();
        assert!(first.admit(&alert("a", "2026-11-01T10:00:00Z")));
        assert!(first.admit(&alert("b", "2026-11-01T12:00:00Z")));
        assert!(first.admit(&alert("c", "2026-11-01T12:00:00Z")));
        first.save().unwrap();
        let mut second = Checkpoint::open_in(dir.path(), "t", Kind::Alerts, "q").unwrap();
        assert!(!second.admit(&alert("a", "2026-11-01T10:00:00Z")));
        assert!(!second.admit(&alert("b", "2026-11-01T12:00:00Z")));
        assert!(second.admit(&alert("d", "2026-11-01T12:00:00Z")));
        assert!(second.admit(&alert("e", "2026-11-01T13:00:00Z")));
        assert!(second.admit(&json!({"id": "no time"})));
        let state = second.state().unwrap();
        assert_eq!(state.ids_at_newest, BTreeSet::from(["e".to_string()]));
        // Not saved: the next run sees the same as the second did.
        let mut third = Checkpoint::open_in(dir.path(), "t", Kind::Alerts, "q").unwrap();
        assert!(third.admit(&alert("d", "2026-11-01T12:00:00Z")));
        assert!(Checkpoint::open_in(dir.path(), "t", Kind::Events, "q").is_err());
    }

    #[test]
    fn events_go_by_insertion_time() {
        let dir = tempfile::tempdir().unwrap();
        let event = |id: &str, at: &str| json!({"event": {"id": id, "inserted": at}});
        let mut first = Checkpoint::open_in(dir.path(), "e", Kind::Events, "").unwrap();
        assert!(first.admit(&event("1", "2026-11-01T10:00:00.123456789Z")));
        first.save().unwrap();
        let mut second = Checkpoint::open_in(dir.path(), "e", Kind::Events, "").unwrap();
        assert!(!second.admit(&event("1", "2026-11-01T10:00:00.123456789Z")));
        assert!(second.admit(&event("2", "2026-11-01T10:00:00.123456790Z")));
    }
}
