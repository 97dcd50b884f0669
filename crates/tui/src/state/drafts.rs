//! Drafts: the text of a note editor or case form still open when triage42 is stopped by
//! something other than the person at the keyboard (SIGHUP from a dropped SSH session,
//! SIGTERM, the terminal gone). They are written next to the journal, readable by their
//! owner only, and offered back at the next start.
//!
//! The file's shape is its own (not the state's types), so a draft written by one version
//! still reads in the next.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CaseFormEditor, CaseSource, NoteEditor, NotePurpose, View};
use crate::action::Action;

/// Drafts kept at most: a file that grew past this (stops in a loop) keeps the newest.
pub const MAX_DRAFTS: usize = 20;

/// The longest text a draft field keeps, in characters (a case's findings, the longest
/// text typed here, are limited to this).
const MAX_FIELD_CHARS: usize = 30_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// When it was saved (RFC 3339), and why: "SIGHUP", "the terminal closed", ….
    pub saved_at: String,
    pub cause: String,
    #[serde(flatten)]
    pub content: DraftContent,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftContent {
    /// The note of one alert or session (`n`).
    Note {
        view: String,
        id: String,
        text: String,
    },
    /// The note typed for a state change of these items (the change itself was not sent).
    StateChangeNote {
        view: String,
        ids: Vec<String>,
        action: String,
        text: String,
    },
    /// An actor's notes, typed on the actor card and not yet sent.
    ActorNotes {
        actor_id: String,
        name: String,
        text: String,
    },
    /// A case form not yet sent, with the file events its case was to get.
    Case {
        /// "alert" or "session".
        source: String,
        id: String,
        event_ids: Vec<String>,
        fields: Vec<String>,
    },
}

impl DraftContent {
    /// The draft of a note editor, when it holds typed text not yet sent.
    pub fn of_note_editor(editor: &NoteEditor) -> Option<DraftContent> {
        if editor.saving || !editor.is_changed() || editor.input.value().trim().is_empty() {
            return None;
        }
        let text = editor.input.value().to_string();
        Some(match &editor.purpose {
            NotePurpose::Note { view, id } => DraftContent::Note {
                view: view.name().into(),
                id: id.clone(),
                text,
            },
            NotePurpose::StateChange { view, ids, action } => DraftContent::StateChangeNote {
                view: view.name().into(),
                ids: ids.clone(),
                action: action.name().into(),
                text,
            },
            NotePurpose::ActorNotes { actor_id, name } => DraftContent::ActorNotes {
                actor_id: actor_id.clone(),
                name: name.clone(),
                text,
            },
            // A user's name: typed again in a moment, not worth a draft.
            NotePurpose::Assignee { .. } => return None,
        })
    }

    /// The draft of a case form, when it holds typed text and the case was not sent.
    pub fn of_case_form(form: &CaseFormEditor, event_ids: Vec<String>) -> Option<DraftContent> {
        if form.creating || form.created.is_some() || !form.is_changed() {
            return None;
        }
        let (source, id) = match &form.source {
            CaseSource::Alert(id) => ("alert", id.clone()),
            CaseSource::Session { id, .. } => ("session", id.clone()),
            CaseSource::Kept { noun, id, .. } => (*noun, id.clone()),
        };
        Some(DraftContent::Case {
            source: source.into(),
            id,
            event_ids,
            fields: form.fields.iter().map(|f| f.value().to_string()).collect(),
        })
    }

    /// The editor or form that takes the draft up again, or why it cannot be.
    pub fn reopen(&self) -> Result<Reopened, String> {
        match self {
            DraftContent::Note { view, id, text } => {
                let view = View::from_name(view)?;
                let purpose = NotePurpose::Note {
                    view,
                    id: id.clone(),
                };
                Ok(Reopened::Note(reopened_editor(purpose, text)))
            }
            DraftContent::StateChangeNote {
                view,
                ids,
                action,
                text,
            } => {
                let view = View::from_name(view)?;
                let action = Action::from_name(action)
                    .filter(|a| a.is_mutating())
                    .ok_or_else(|| format!("unknown change {:?}", action))?;
                let purpose = NotePurpose::StateChange {
                    view,
                    ids: ids.clone(),
                    action,
                };
                Ok(Reopened::Note(reopened_editor(purpose, text)))
            }
            DraftContent::ActorNotes {
                actor_id,
                name,
                text,
            } => {
                let purpose = NotePurpose::ActorNotes {
                    actor_id: actor_id.clone(),
                    name: name.clone(),
                };
                Ok(Reopened::Note(reopened_editor(purpose, text)))
            }
            DraftContent::Case {
                source,
                id,
                event_ids,
                fields,
            } => {
                let noun = match source.as_str() {
                    "alert" => "alert",
                    "session" => "session",
                    other => return Err(format!("unknown case source {other:?}")),
                };
                let source = CaseSource::Kept {
                    noun,
                    id: id.clone(),
                    event_ids: event_ids.clone(),
                };
                let mut values: [String; 5] = Default::default();
                for (value, field) in values.iter_mut().zip(fields) {
                    *value = capped(field);
                }
                // The form opens on what it would have opened with (empty), so the
                // kept text counts as typed: closing it asks before dropping it.
                let mut form = CaseFormEditor::new(source, Default::default());
                for (input, value) in form.fields.iter_mut().zip(values) {
                    *input = tui_input::Input::new(value);
                }
                Ok(Reopened::Case(Box::new(form)))
            }
        }
    }

    /// The item it belongs to, for the question: "a note on alert 123".
    pub fn describe(&self) -> String {
        let one = |view: &str| match view {
            "sessions" => "session",
            "cases" => "case",
            _ => "alert",
        };
        let line = match self {
            DraftContent::Note { view, id, .. } => format!("a note on {} {id}", one(view)),
            DraftContent::StateChangeNote {
                view, ids, action, ..
            } => {
                let verb = action.replace('_', " ");
                match ids.as_slice() {
                    [id] => format!("the note for \"{verb}\" of {} {id}", one(view)),
                    _ => format!("the note for \"{verb}\" of {} {}s", ids.len(), one(view)),
                }
            }
            DraftContent::ActorNotes { name, .. } => format!("the notes of actor {name}"),
            DraftContent::Case { source, id, .. } => format!("a case form from {source} {id}"),
        };
        crate::sanitize::one_line(&line).into_owned()
    }
}

fn reopened_editor(purpose: NotePurpose, text: &str) -> NoteEditor {
    // Opened empty and holding the kept text: Esc asks before dropping it.
    let mut editor = NoteEditor::new(purpose, String::new());
    editor.input = tui_input::Input::new(capped(text));
    editor
}

/// Text from the file, as typed text may be: one line, no controls, bounded.
fn capped(text: &str) -> String {
    text.chars()
        .filter(|c| !crate::sanitize::is_unsafe(*c))
        .take(MAX_FIELD_CHARS)
        .collect()
}

/// What a draft reopens as.
#[derive(Debug)]
pub enum Reopened {
    Note(NoteEditor),
    Case(Box<CaseFormEditor>),
}

/// Where the drafts of the journal at `journal` are kept: `journal.jsonl` →
/// `drafts.json`, `demo-journal.jsonl` → `demo-drafts.json`, anything else →
/// `<name>.drafts.json`, in the same directory.
pub fn path_for(journal: &Path) -> PathBuf {
    let name = journal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let drafts = match name.strip_suffix("journal.jsonl") {
        Some(prefix) => format!("{prefix}drafts.json"),
        None => format!("{name}.drafts.json"),
    };
    journal.with_file_name(drafts)
}

/// The drafts kept at `path`: none when there is no file. A file that does not parse is
/// an error and is left where it is.
pub fn load(path: &Path) -> Result<Vec<Draft>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("could not read {}: {e}", path.display())),
    };
    // Each draft on its own: one that does not read (another version's kind) is skipped,
    // the others still come back.
    let values: Vec<serde_json::Value> = serde_json::from_slice(&bytes)
        .map_err(|e| format!("the drafts in {} do not read ({e})", path.display()))?;
    Ok(values
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect())
}

/// Writes `drafts` to `path` (0600, whole or not at all); no drafts removes the file.
pub fn store(path: &Path, drafts: &[Draft]) -> std::io::Result<()> {
    if drafts.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let keep = drafts.len().saturating_sub(MAX_DRAFTS);
    let bytes = serde_json::to_vec_pretty(drafts.get(keep..).unwrap_or(drafts))
        .map_err(std::io::Error::other)?;
    crate::private_file::write_atomically(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(id: &str) -> Draft {
        Draft {
            saved_at: "2026-12-06T10:00:00Z".into(),
            cause: "SIGHUP".into(),
            content: DraftContent::Note {
                view: "alerts".into(),
                id: id.into(),
                text: "looked at it".into(),
            },
        }
    }

    #[test]
    fn drafts_sit_next_to_their_journal() {
        assert_eq!(
            path_for(Path::new("/s/journal.jsonl")),
            PathBuf::from("/s/drafts.json")
        );
        assert_eq!(
            path_for(Path::new("/s/demo-journal.jsonl")),
            PathBuf::from("/s/demo-drafts.json")
        );
        assert_eq!(
            path_for(Path::new("/s/audit.log")),
            PathBuf::from("/s/audit.log.drafts.json")
        );
    }

    #[test]
    fn drafts_round_trip_owner_only_and_an_empty_list_removes_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        assert_eq!(load(&path).unwrap(), Vec::new());
        store(&path, &[note("1"), note("2")]).unwrap();
        assert_eq!(load(&path).unwrap(), vec![note("1"), note("2")]);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        store(&path, &[]).unwrap();
        assert!(!path.exists());
        store(&path, &[]).unwrap();
    }

    #[test]
    fn a_draft_of_another_kind_is_skipped_and_the_rest_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        let mut values = vec![serde_json::json!({"kind": "poem", "saved_at": "x", "cause": "y"})];
        values.push(serde_json::to_value(note("7")).unwrap());
        std::fs::write(&path, serde_json::to_vec(&values).unwrap()).unwrap();
        assert_eq!(load(&path).unwrap(), vec![note("7")]);
        std::fs::write(&path, b"{ not json").unwrap();
        assert!(load(&path).unwrap_err().contains("do not read"));
    }

    #[test]
    fn only_the_newest_drafts_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("drafts.json");
        let drafts: Vec<Draft> = (0..MAX_DRAFTS + 5).map(|i| note(&i.to_string())).collect();
        store(&path, &drafts).unwrap();
        let kept = load(&path).unwrap();
        assert_eq!(kept.len(), MAX_DRAFTS);
        assert_eq!(kept.first(), Some(&note("5")));
    }

    #[test]
    fn a_kept_note_reopens_as_typed_text_without_controls() {
        let mut draft = note("9");
        draft.content = DraftContent::StateChangeNote {
            view: "sessions".into(),
            ids: vec!["a".into(), "b".into()],
            action: Action::Resolve.name().into(),
            text: "bad\u{1b}[2Jtext".into(),
        };
        let Reopened::Note(editor) = draft.content.reopen().unwrap() else {
            panic!("a note draft reopens a note editor");
        };
        assert_eq!(editor.input.value(), "bad[2Jtext");
        assert!(editor.is_changed());
        assert_eq!(
            editor.purpose,
            NotePurpose::StateChange {
                view: View::Sessions,
                ids: vec!["a".into(), "b".into()],
                action: Action::Resolve
            }
        );
        draft.content = DraftContent::StateChangeNote {
            view: "alerts".into(),
            ids: vec![],
            action: "quit".into(),
            text: String::new(),
        };
        assert!(draft.content.reopen().is_err());
    }
}
