//! Export of alerts to a file and copying the selection to the clipboard.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::list::Kind;
use super::{info, show_text_error};
use crate::action::{Action, Layer};
use crate::api::pager::HeldKeys;
use crate::clipboard::{MAX_OSC52_BASE64, base64_len};
use crate::effect::{Call, Effect, ExportFetch, ListCall, LocalEffect, ReadOn};
use crate::export::{ExportError, ExportFormat, default_export_name, default_sessions_export_name};
use crate::state::{
    ExportFetching, ExportPrompt, ExportStage, FileRow, ListKind, ListRow, Overlay, Pane, Slot,
    State, View,
};

/// The marked rows of a list in list order, or every loaded row when none are marked.
pub fn rows_to_export<K: ListKind>(state: &State) -> Vec<K::Row> {
    let list = &K::pane(state).list;
    if list.marked.is_empty() {
        list.rows.clone()
    } else {
        list.rows
            .iter()
            .filter(|r| list.marked.contains(r.id()))
            .cloned()
            .collect()
    }
}

pub(super) fn open_prompt(state: &mut State) -> Vec<Effect> {
    let (count, matching, marked_only) = for_view!(state.view, export_counts(state));
    let noun = state.view.nouns().0;
    if count == 0 {
        info(state, format!("No {noun}s to export"));
        return Vec::new();
    }
    let name = match state.view {
        View::Alerts => default_export_name(state.now),
        View::Sessions => default_sessions_export_name(state.now),
        View::Cases => crate::export::default_cases_export_name(state.now),
    };
    state.overlay = Some(Overlay::Export(ExportPrompt {
        input: Input::new(name),
        noun,
        count,
        matching,
        marked_only,
        writing: false,
        fetching: None,
        error: None,
        exists: None,
        left_out: 0,
    }));
    Vec::new()
}

/// What an export of the list would write: how many rows, of how many matching, and
/// whether only the marked ones.
fn export_counts<K: ListKind>(state: &State) -> (usize, u64, bool) {
    let list = &K::pane(state).list;
    (
        rows_to_export::<K>(state).len(),
        list.total,
        !list.marked.is_empty(),
    )
}

pub(super) fn on_prompt_key(
    state: &mut State,
    mut prompt: ExportPrompt,
    key: KeyEvent,
) -> Vec<Effect> {
    if prompt.writing {
        // Reading the server can be stopped; writing the file, once begun, runs to its end.
        if prompt.fetching.is_some()
            && state.keymap.action_in(Layer::Export, &key) == Some(Action::Close)
        {
            state.status.pending.remove(&Slot::Export);
            info(
                state,
                "Export stopped before writing: no file was written".into(),
            );
            return vec![Effect::Call(Call::Cancel(Slot::Export))];
        }
        state.overlay = Some(Overlay::Export(prompt));
        return Vec::new();
    }
    match state.keymap.action_in(Layer::Export, &key) {
        Some(Action::Close) => Vec::new(),
        Some(Action::WriteExport) => {
            let typed = prompt.input.value().trim().to_string();
            let checked = if typed.is_empty() {
                Err("type a file name ending in .csv, .json or .jsonl".to_string())
            } else {
                ExportFormat::from_path(&typed).and_then(|format| {
                    crate::export::expand_home(&typed, state.home.as_deref())
                        .map(|path| (path, format))
                })
            };
            let (path, format) = match checked {
                Ok(checked) => checked,
                Err(reason) => {
                    prompt.error = Some(reason);
                    state.overlay = Some(Overlay::Export(prompt));
                    return Vec::new();
                }
            };
            // A second Enter on the path that was found to exist replaces the file.
            let overwrite = prompt.exists.as_deref() == Some(typed.as_str());
            let target = ExportTarget {
                path,
                format,
                formula_guard: state.csv_formula_guard,
                overwrite,
            };
            let view = state.view;
            for_view!(view, start_export(state, prompt, target))
        }
        _ => {
            prompt.input.handle_event(&Event::Key(key));
            prompt.error = None;
            state.overlay = Some(Overlay::Export(prompt));
            Vec::new()
        }
    }
}

/// Where and how an export is written.
struct ExportTarget {
    path: String,
    format: ExportFormat,
    formula_guard: bool,
    overwrite: bool,
}

/// Writes the rows to export. The server is read first when the export needs it: the
/// rest of the view when that is the whole view and the server holds more than the list
/// has loaded (read on from where the list ends), and the records where the kind's
/// export reads them (an alert's note is in its details).
fn start_export<K: Kind>(
    state: &mut State,
    mut prompt: ExportPrompt,
    target: ExportTarget,
) -> Vec<Effect> {
    let rows = rows_to_export::<K>(state);
    let list = &K::pane(state).list;
    let rest = (list.marked.is_empty() && !list.all_loaded()).then(|| ReadOn {
        pager: list.pager.clone(),
        held: HeldKeys::of(list, list.rows.iter().map(ListRow::key)),
    });
    prompt.count = rows.len();
    prompt.writing = true;
    prompt.fetching = if rest.is_some() {
        Some(ExportFetching {
            stage: ExportStage::Pages,
            done: rows.len(),
            total: list.total,
        })
    } else if K::EXPORT_READS {
        Some(ExportFetching {
            stage: ExportStage::Notes,
            done: 0,
            total: rows.len() as u64,
        })
    } else {
        None
    };
    prompt.error = None;
    prompt.left_out = 0;
    let ExportTarget {
        path,
        format,
        formula_guard,
        overwrite,
    } = target;
    if rest.is_none() && !K::EXPORT_READS {
        let records: Vec<K::Record> = rows.iter().filter_map(K::held_record).collect();
        prompt.left_out = rows.len().saturating_sub(records.len());
        state.overlay = Some(Overlay::Export(prompt));
        return vec![Effect::Local(LocalEffect::WriteExport {
            path,
            format,
            rows: K::export_rows(records),
            formula_guard,
            overwrite,
        })];
    }
    state.overlay = Some(Overlay::Export(prompt));
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Export, request_id);
    vec![K::effect(ListCall::FetchAndExport(Box::new(ExportFetch {
        request_id,
        path,
        format,
        rows,
        formula_guard,
        overwrite,
        query: super::list::query::<K>(state),
        rest,
    })))]
}

pub(super) fn on_progress(
    state: &mut State,
    request_id: u64,
    stage: ExportStage,
    done: usize,
    total: u64,
) {
    if state.status.pending.get(&Slot::Export) != Some(&request_id) {
        return;
    }
    if let Some(Overlay::Export(prompt)) = &mut state.overlay {
        prompt.fetching = Some(ExportFetching {
            stage,
            done,
            total: total.max(done as u64),
        });
    }
}

/// The server has been read: the loop writes the file (`Msg::Exported` comes back).
/// `write` holds the write and how many rows it leaves out.
pub(super) fn on_fetched(
    state: &mut State,
    request_id: u64,
    write: Result<(LocalEffect, usize), String>,
) -> Vec<Effect> {
    if !super::finish(state, Slot::Export, request_id) {
        return Vec::new();
    }
    match write {
        Ok((write, left_out)) => {
            if let Some(Overlay::Export(prompt)) = &mut state.overlay {
                prompt.fetching = None;
                prompt.left_out = left_out;
            }
            vec![Effect::Local(write)]
        }
        Err(reason) => {
            if let Some(Overlay::Export(prompt)) = &mut state.overlay {
                prompt.fetching = None;
            }
            on_exported(state, 0, Err(ExportError::Failed(reason)));
            Vec::new()
        }
    }
}

pub(super) fn on_exported(state: &mut State, count: usize, result: Result<String, ExportError>) {
    let (prompt_noun, left_out) = match &state.overlay {
        Some(Overlay::Export(prompt)) => (Some(prompt.noun), prompt.left_out),
        _ => (None, 0),
    };
    match result {
        Ok(path) => {
            if prompt_noun.is_some() {
                state.overlay = None;
            }
            let singular = prompt_noun.unwrap_or(state.view.nouns().0);
            let noun = if count == 1 {
                singular.to_string()
            } else {
                format!("{singular}s")
            };
            let left_out = match left_out {
                0 => String::new(),
                1 => " (1 could not be read and is left out)".to_string(),
                n => format!(" ({n} could not be read and are left out)"),
            };
            info(
                state,
                format!("Exported {count} {noun} to {path}{left_out}"),
            );
        }
        Err(ExportError::Exists(shown)) => {
            let write = state.keymap.key_hint(Layer::Export, Action::WriteExport);
            if let Some(Overlay::Export(prompt)) = &mut state.overlay {
                prompt.writing = false;
                prompt.exists = Some(prompt.input.value().trim().to_string());
                prompt.error = Some(format!("file exists — {write} again to overwrite"));
            } else {
                show_text_error(state, format!("{shown} exists; it was not overwritten"));
            }
        }
        Err(ExportError::Failed(reason)) => {
            if let Some(Overlay::Export(prompt)) = &mut state.overlay {
                prompt.writing = false;
                prompt.error = Some(reason.clone());
            }
            show_text_error(state, reason);
        }
    }
}

/// A file as one copyable string: its path and name, or its event id when neither is known.
fn file_text(file: &FileRow) -> Option<(&'static str, String)> {
    match (&file.path, &file.name) {
        (Some(path), Some(name)) if path.ends_with(['/', '\\']) => {
            Some(("file path", format!("{path}{name}")))
        }
        (Some(path), Some(name)) => Some(("file path", format!("{path}/{name}"))),
        (Some(path), None) => Some(("file path", path.clone())),
        (None, Some(name)) => Some(("file name", name.clone())),
        (None, None) => file.event_id.clone().map(|id| ("event id", id)),
    }
}

/// What `y` copies in the focused pane, with a label for the status bar.
pub fn copy_target(state: &State) -> Option<(&'static str, String)> {
    if state.focus == Pane::FileEvents {
        return state
            .files
            .events
            .get(state.files.events_selected)
            .filter(|e| !e.event_id.is_empty())
            .map(|e| ("event id", e.event_id.clone()));
    }
    if state.view == View::Sessions {
        return match state.focus {
            Pane::Alerts | Pane::Detail => state
                .sessions
                .list
                .selected_row()
                .filter(|r| r.has_id())
                .map(|r| ("session id", r.id.clone())),
            Pane::Files => state
                .selected_session_events()
                .and_then(|events| events.get(state.session_events.selected))
                .and_then(|e| {
                    let file = FileRow {
                        name: e.file_name.clone(),
                        path: e.directory.clone(),
                        event_id: (!e.event_id.is_empty()).then(|| e.event_id.clone()),
                        ..Default::default()
                    };
                    file_text(&file)
                }),
            Pane::FileEvents => None,
        };
    }
    if state.view == View::Cases {
        return match state.focus {
            Pane::Alerts | Pane::Detail => state
                .cases
                .list
                .selected_row()
                .filter(|r| r.has_id())
                .map(|r| ("case number", r.id.clone())),
            Pane::Files => state
                .selected_case_events()
                .and_then(|events| events.get(state.case_events.selected))
                .and_then(|e| {
                    file_text(&FileRow {
                        name: e.file_name.clone(),
                        path: e.path.clone(),
                        event_id: (!e.event_id.is_empty()).then(|| e.event_id.clone()),
                        ..Default::default()
                    })
                }),
            Pane::FileEvents => None,
        };
    }
    match state.focus {
        Pane::Alerts | Pane::Detail => state
            .alerts
            .list
            .selected_row()
            .filter(|r| r.has_id())
            .map(|r| ("alert id", r.id.clone())),
        Pane::Files => state
            .selected_files()
            .get(state.files.selected)
            .and_then(|f| file_text(f)),
        Pane::FileEvents => None,
    }
}

fn shortened(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() > SHOWN {
        let head: String = text.chars().take(SHOWN - 1).collect();
        format!("{head}…")
    } else {
        text.to_string()
    }
}

pub(super) fn copy(state: &mut State) -> Vec<Effect> {
    let Some((label, text)) = copy_target(state) else {
        info(state, "Nothing selected to copy".into());
        return Vec::new();
    };
    copy_text(state, label, text)
}

/// The console page of the selected alert, as the web console links it.
pub(super) fn copy_link(state: &mut State) -> Vec<Effect> {
    let Some(origin) = state.console_origin.clone() else {
        info(state, "The console of this tenant is not known".into());
        return Vec::new();
    };
    let Some(row) = state.alerts.list.selected_row().filter(|r| r.has_id()) else {
        info(state, "No alert with an id is selected".into());
        return Vec::new();
    };
    let link = crate::api::console::alert_link(&origin, &row.id);
    copy_text(state, "console link", link)
}

pub(super) fn copy_text(state: &mut State, label: &str, text: String) -> Vec<Effect> {
    // The clipboard is pasted into terminals too: no escapes, no line breaks, no bidi.
    let text = crate::sanitize::one_line(&text).into_owned();
    if base64_len(text.len()) > MAX_OSC52_BASE64 {
        show_text_error(
            state,
            format!(
                "The {label} is too long for the terminal clipboard ({} bytes)",
                text.len()
            ),
        );
        return Vec::new();
    }
    info(
        state,
        // No terminal answers an OSC 52 write: sent is all that can be said.
        format!(
            "Sent {label} {} to the terminal's clipboard (OSC 52; not confirmed)",
            shortened(&text)
        ),
    );
    vec![Effect::Local(LocalEffect::CopyToClipboard { text })]
}
