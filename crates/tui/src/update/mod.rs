//! The reducer: `update(&mut State, Msg) -> Vec<Effect>`. Pure: no I/O, no clock.
//!
//! This file routes each message and key to its flow; each flow keeps its start, its
//! keys and its results together. The lists of both views go through the same flows,
//! generic over the kind of item: `list` (pages, selection, marks, sort, details),
//! `change` (state changes and notes) and `bulk` (chunks, progress, reports); the rest
//! are `navigation` (the panes beside the list), `filter` (the `/` line and the filter
//! history), `cases`, `export`, `journal`, `overlays`, `stopping` (quit), `drafts`,
//! `undo`, `sessions` (switching views, a session's events), `view_picker` (the `v`
//! picker, saved views) and `watch` (watch mode).

/// Runs a flow generic over the kind of list for the list of `$view`.
macro_rules! for_view {
    ($view:expr, $($flow:ident)::+ ($($arg:expr),* $(,)?)) => {
        match $view {
            $crate::state::View::Alerts => $($flow)::+::<$crate::state::AlertKind>($($arg),*),
            $crate::state::View::Sessions => {
                $($flow)::+::<$crate::state::SessionKind>($($arg),*)
            }
            $crate::state::View::Cases => $($flow)::+::<$crate::state::CaseKind>($($arg),*),
        }
    };
}

mod actor_card;
mod bulk;
mod case_view;
mod cases;
mod change;
mod command_line;
mod custom_commands;
mod drafts;
mod export;
mod filter;
mod journal;
mod kinds;
mod list;
mod navigation;
mod overlays;
mod sessions;
mod stopping;
mod trail;
mod undo;
mod view_picker;
mod watch;
mod watchlists;

pub use crate::state::{MIN_WATCH_INTERVAL, watch_backoff, watch_interval_label as interval_label};
pub use export::{copy_target, rows_to_export};
pub use journal::JOURNAL_SHOWN;
pub use sessions::show_view;
pub use stopping::exit_report;
pub use view_picker::start_with as start_with_view;

use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use crate::action::{Action, Layer};
use crate::api::note_length;
use crate::effect::{Effect, LocalEffect};
use crate::msg::{ListMsg, Msg};
use crate::state::{
    AlertKind, CallError, CaseKind, ConfirmKind, ListKind, NoteEditor, NotePurpose, Overlay, Pane,
    PromptKind, SessionKind, Slot, State, StatusKind, StatusMessage, View,
};

pub const DETAIL_DEBOUNCE: Duration = Duration::from_millis(150);

/// Effects to run at start-up: the first page of the view shown (alerts load either
/// way, so switching to them is immediate), and watch mode's timer.
pub fn init(state: &mut State) -> Vec<Effect> {
    let mut effects = list::reload::<AlertKind>(state);
    match state.view {
        View::Sessions => effects.extend(list::reload::<SessionKind>(state)),
        View::Cases => effects.extend(list::reload::<CaseKind>(state)),
        View::Alerts => {}
    }
    effects.extend(watch::start(state));
    drafts::offer(state, 0);
    effects
}

pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let effects = route(state, msg);
    // Whatever moved the selection, the alert it rests on has been seen.
    watch::mark_seen(state);
    view_picker::forget_if_changed(state);
    effects
}

fn route(state: &mut State, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind != KeyEventKind::Release => on_key(state, key),
        Msg::Key(_) => Vec::new(),
        Msg::Paste(text) => {
            if let Some(input) = active_input(state) {
                // Pasted text is one line; controls, bidi and invisible characters are dropped.
                for c in text.chars().filter(|c| !crate::sanitize::is_unsafe(*c)) {
                    input.handle(tui_input::InputRequest::InsertChar(c));
                }
            }
            if let Some(Overlay::Help(view)) = &mut state.overlay {
                // As after typing: the filter is being typed and the list starts at its top.
                view.typing = true;
                view.scroll = 0;
            }
            if state.filter.editing {
                // As after a key: the error (and its span) must describe the new text.
                state.filter.error = filter::check(state);
            }
            Vec::new()
        }
        Msg::Resize(width, height) => {
            state.screen = Some((width, height));
            fit_viewport(state);
            Vec::new()
        }
        Msg::Tick => {
            state.status.spinner = state.status.spinner.wrapping_add(1);
            Vec::new()
        }
        Msg::Retrying { slot, text } => {
            state.status.retrying.insert(slot, text);
            Vec::new()
        }
        Msg::Terminate(cause) => stopping::begin_stop(state, &cause),
        Msg::StopDeadline => {
            if state.stopping.is_some() {
                stopping::quit_now(state)
            } else {
                Vec::new()
            }
        }
        Msg::MutationsDropped { dropped, journaled } => {
            stopping::on_dropped(state, dropped, journaled)
        }
        Msg::Alerts(msg) => on_list_msg::<AlertKind>(state, msg),
        Msg::Sessions(msg) => on_list_msg::<SessionKind>(state, msg),
        Msg::Cases(msg) => on_list_msg::<CaseKind>(state, msg),
        Msg::CaseEventsLoaded {
            request_id,
            case_id,
            result,
        } => {
            case_view::on_events_loaded(state, request_id, case_id, result);
            Vec::new()
        }
        Msg::CaseAssigned {
            id,
            assignee,
            result,
        } => case_view::on_assigned(state, id, assignee, result),
        Msg::WatchDue(generation) => watch::on_due(state, generation),
        Msg::WatchLoaded { request_id, result } => {
            if finish(state, Slot::Watch, request_id) {
                watch::on_loaded(state, request_id, result)
            } else {
                Vec::new()
            }
        }
        Msg::FileEventsLoaded { request_id, result } => {
            if !finish(state, Slot::FileEvents, request_id) {
                return Vec::new();
            }
            match result {
                Ok((rows, total)) => {
                    state.files.events = rows;
                    state.files.events_selected = 0;
                    state.files.events_total = total;
                    state.files.events_error = None;
                }
                Err(error) => {
                    show_error(state, &error);
                    state.files.events_error = Some(error);
                }
            }
            Vec::new()
        }
        Msg::SessionEventsLoaded {
            request_id,
            session_id,
            result,
        } => {
            sessions::on_events_loaded(state, request_id, session_id, result);
            Vec::new()
        }
        Msg::CaseProgress {
            case_number,
            events_added,
            events_total,
        } => {
            call_ended(state, Slot::Mutation);
            cases::on_case_progress(state, case_number, events_added, events_total);
            Vec::new()
        }
        Msg::CaseDone { created, result } => {
            call_ended(state, Slot::Mutation);
            state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
            cases::on_case_done(state, created, result);
            stopping::after_mutation(state)
        }
        Msg::CasesLoaded { request_id, result } => {
            if !finish(state, Slot::Cases, request_id) {
                return Vec::new();
            }
            if let Some(Overlay::CasePicker(picker)) = &mut state.overlay {
                picker.loading = false;
                match result {
                    Ok(cases) => picker.cases = cases,
                    Err(error) => picker.error = Some(error),
                }
            }
            Vec::new()
        }
        Msg::UndoPlanned { request_id, result } => {
            undo::on_planned(state, request_id, result);
            Vec::new()
        }
        Msg::UndoDone { plan, done } => undo::on_done(state, &plan, done),
        Msg::JournalLoaded { result } => {
            journal::on_loaded(state, result);
            Vec::new()
        }
        Msg::ActorCardLoaded { request_id, data } => {
            actor_card::on_loaded(state, request_id, *data);
            Vec::new()
        }
        Msg::WatchlistsLoaded { request_id, result } => {
            watchlists::on_loaded(state, request_id, result)
        }
        Msg::WatchlistMembersLoaded { request_id, result } => {
            watchlists::on_members_loaded(state, request_id, result);
            Vec::new()
        }
        Msg::ActorChanged { change, result } => actor_card::on_changed(state, change, result),
        Msg::CommandOutput { run_id, lines } => {
            custom_commands::on_output(state, run_id, lines);
            Vec::new()
        }
        Msg::CommandDone { run_id, result } => {
            custom_commands::on_done(state, run_id, result);
            Vec::new()
        }
        Msg::Exported { count, result } => {
            export::on_exported(state, count, result);
            Vec::new()
        }
        Msg::ViewWritten {
            name,
            saved,
            result,
        } => {
            view_picker::on_written(state, name, saved, result);
            Vec::new()
        }
    }
}

/// What happened to the list of kind `K`, to the flow it belongs to.
fn on_list_msg<K: list::Kind>(state: &mut State, msg: ListMsg<K>) -> Vec<Effect> {
    match msg {
        ListMsg::DetailDue(id) => list::on_detail_due::<K>(state, id),
        ListMsg::PageLoaded { request_id, result } => {
            list::on_page_loaded::<K>(state, request_id, result)
        }
        ListMsg::DetailLoaded {
            request_id,
            id,
            result,
        } => list::on_detail_loaded::<K>(state, request_id, id, result),
        ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result,
        } => change::on_notes_read::<K>(state, request_id, result),
        ListMsg::DetailsRead {
            request_id,
            slot,
            result,
        } => {
            list::on_read_ahead::<K>(state, request_id, slot, result);
            Vec::new()
        }
        ListMsg::StatesUpdated {
            operation,
            ids,
            completed,
            state: new_state,
            result,
        } => change::on_states_updated::<K>(state, operation, ids, completed, new_state, result),
        ListMsg::NoteSaved { id, note, result } => {
            change::on_note_saved::<K>(state, id, note, result)
        }
        ListMsg::ExportProgress {
            request_id,
            stage,
            done,
            total,
        } => {
            export::on_progress(state, request_id, stage, done, total);
            Vec::new()
        }
        ListMsg::ExportFetched {
            request_id,
            path,
            format,
            formula_guard,
            overwrite,
            result,
        } => {
            let write = result.map(|read| {
                (
                    LocalEffect::WriteExport {
                        path,
                        format,
                        rows: K::export_rows(read.records),
                        formula_guard,
                        overwrite,
                    },
                    read.left_out,
                )
            });
            export::on_fetched(state, request_id, write)
        }
    }
}

/// A call of `slot` has ended: a retry notice about it is over.
fn call_ended(state: &mut State, slot: Slot) {
    state.status.retrying.remove(&Some(slot));
    // A notice that named no call cannot outlive every call.
    state.status.retrying.remove(&None);
}

/// Clears the slot if `request_id` is its newest request; false means a stale result.
fn finish(state: &mut State, slot: Slot, request_id: u64) -> bool {
    call_ended(state, slot);
    if state.status.pending.get(&slot) == Some(&request_id) {
        state.status.pending.remove(&slot);
        true
    } else {
        false
    }
}

/// Keys inside a pop-up, handed to the flow it belongs to.
fn on_overlay_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = state.overlay.take() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help(view) => overlays::on_help_key(state, view, key),
        Overlay::Confirm(confirm) => {
            let ConfirmKind::StateChange { view, .. } = confirm.kind;
            for_view!(view, change::on_confirm_key(state, confirm, key))
        }
        Overlay::Note(editor) => match on_note_editor_key(state, editor, key) {
            NoteKey::Edited => Vec::new(),
            NoteKey::Entered(editor, text) => match editor.purpose.clone() {
                NotePurpose::StateChange { view, ids, action } => {
                    for_view!(view, change::on_note_entered(state, ids, action, text))
                }
                NotePurpose::Note { view, id } => {
                    for_view!(view, change::save_note(state, *editor, id, text))
                }
                NotePurpose::ActorNotes { actor_id, name } => {
                    actor_card::on_notes_entered(state, *editor, actor_id, name, text)
                }
                NotePurpose::Assignee { id } => case_view::assign(state, *editor, id, text),
            },
        },
        Overlay::CaseForm(form) => cases::on_case_form_key(state, form, key),
        Overlay::Export(prompt) => export::on_prompt_key(state, prompt, key),
        Overlay::Journal(view) => journal::on_key(state, view, key),
        Overlay::FileEvent(event) => overlays::on_file_event_key(state, event, key),
        Overlay::CasePicker(picker) => cases::on_case_picker_key(state, picker, key),
        Overlay::ViewPicker(picker) => view_picker::on_picker_key(state, picker, key),
        Overlay::ViewName(prompt) => view_picker::on_name_key(state, prompt, key),
        Overlay::Watchlists(picker) => watchlists::on_key(state, picker, key),
        Overlay::CommandOutput(run) => custom_commands::on_output_key(state, run, key),
    }
}

/// What a key did in a note editor.
enum NoteKey {
    /// Typed, refused or asked about; the editor is back in the state.
    Edited,
    /// Enter with a note within the limit: the editor and the note, trimmed.
    Entered(Box<NoteEditor>, String),
}

/// The keys of the note editor (its layer), whatever the note is for: typing, cancel
/// (asks before dropping what was typed) and submit (refused over the limit).
fn on_note_editor_key(state: &mut State, mut editor: NoteEditor, key: KeyEvent) -> NoteKey {
    if editor.saving {
        state.overlay = Some(Overlay::Note(editor));
        return NoteKey::Edited;
    }
    match state.keymap.action_in(Layer::Editor, &key) {
        Some(Action::CancelEdit) => {
            if editor.is_changed() {
                state.overlay = Some(Overlay::Note(editor));
                overlays::ask_discard(state, false);
            }
            NoteKey::Edited
        }
        Some(Action::SaveNote) => {
            let text = editor.input.value().trim().to_string();
            let used = note_length(&text);
            let limit = editor.purpose.limit();
            if used > limit {
                let what = editor.purpose.text_is();
                editor.error = Some(CallError::new(format!(
                    "{what} {used} characters; the limit is {limit}"
                )));
                state.overlay = Some(Overlay::Note(editor));
                return NoteKey::Edited;
            }
            NoteKey::Entered(Box::new(editor), text)
        }
        _ => {
            editor.input.handle_event(&Event::Key(key));
            editor.error = None;
            state.overlay = Some(Overlay::Note(editor));
            NoteKey::Edited
        }
    }
}

/// "1 alert", "37 alerts" from the plural noun ("alerts", "sessions").
fn counted(count: usize, plural: &str) -> String {
    match plural.strip_suffix('s') {
        Some(one) if count == 1 => format!("1 {one}"),
        _ => format!("{count} {plural}"),
    }
}

/// Enter in a note editor (a note, findings, an assignee): with no text, the editor says
/// `empty` and stays; else `call` is sent and the editor stays open, saving, until the
/// answer ([`refused_in_editor`] when it is refused).
fn send_from_editor(
    state: &mut State,
    mut editor: NoteEditor,
    text_is_empty: bool,
    empty: &str,
    call: impl FnOnce() -> Effect,
) -> Vec<Effect> {
    if text_is_empty {
        editor.error = Some(CallError::new(empty));
        state.overlay = Some(Overlay::Note(editor));
        return Vec::new();
    }
    editor.saving = true;
    editor.error = None;
    state.overlay = Some(Overlay::Note(editor));
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
    vec![call()]
}

/// A save from the note editor was refused: the editor, if still open on it, says why
/// and takes keys again, with what was typed; otherwise the status line says it.
fn refused_in_editor(state: &mut State, editor_open: bool, error: CallError) {
    if editor_open && let Some(Overlay::Note(editor)) = &mut state.overlay {
        editor.saving = false;
        editor.error = Some(error);
    } else {
        show_error(state, &error);
    }
}

fn info(state: &mut State, text: String) {
    state.status.message = Some(StatusMessage {
        kind: StatusKind::Info,
        text,
    });
}

fn show_error(state: &mut State, error: &CallError) {
    show_text_error(state, error.message.clone());
}

fn show_text_error(state: &mut State, text: String) {
    state.status.message = Some(StatusMessage {
        kind: StatusKind::Error,
        text,
    });
}

fn active_input(state: &mut State) -> Option<&mut Input> {
    if state.filter.editing {
        return Some(&mut state.filter.input);
    }
    if let Some(line) = &mut state.command {
        return Some(&mut line.input);
    }
    match &mut state.overlay {
        Some(Overlay::Note(editor)) => Some(&mut editor.input),
        Some(Overlay::CaseForm(form)) => form.fields.get_mut(form.focused),
        Some(Overlay::Export(prompt)) if !prompt.writing => Some(&mut prompt.input),
        Some(Overlay::Help(view)) => Some(&mut view.filter),
        Some(Overlay::ViewName(prompt)) if !prompt.saving => Some(&mut prompt.input),
        _ => None,
    }
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c')
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if state.stopping.is_some() {
        // Waiting for the change in flight: Ctrl-C stops now, nothing else is taken.
        return if is_ctrl_c(&key) {
            stopping::quit_now(state)
        } else {
            Vec::new()
        };
    }
    if is_ctrl_c(&key) {
        return on_ctrl_c(state);
    }
    if state.prompt.is_some() {
        return on_prompt_key(state, key);
    }
    // Bidi, invisible and control characters typed (or sent by a terminal) are never
    // text anyone meant: they are dropped, as in a paste.
    if let KeyCode::Char(c) = key.code
        && crate::sanitize::is_unsafe(c)
    {
        return Vec::new();
    }
    if state.filter.editing {
        return filter::on_filter_key(state, key);
    }
    if state.command.is_some() {
        return command_line::on_key(state, key);
    }
    if state.overlay.is_some() {
        return on_overlay_key(state, key);
    }
    if let Some(card) = state.card.take() {
        // Keys the card does not take that work anywhere: the command line, help,
        // the journal, redraw.
        let global = state.keymap.action_for(&key).filter(|action| {
            matches!(
                action,
                Action::CommandLine | Action::Help | Action::Journal | Action::Redraw
            )
        });
        return match (state.keymap.action_in(Layer::ActorCard, &key), global) {
            (None, Some(action)) => {
                state.card = Some(card);
                apply(state, action)
            }
            (Some(action @ (Action::AddToWatchlist | Action::RemoveFromWatchlist)), _) => {
                state.card = Some(card);
                watchlists::open_for_card(state, action == Action::AddToWatchlist)
            }
            _ => actor_card::on_key(state, card, key),
        };
    }
    match state.keymap.action_for(&key) {
        Some(action) if action.is_mutating() && state.read_only => {
            info(state, format!("read-only: {} is disabled", action.name()));
            Vec::new()
        }
        Some(action) => apply(state, action),
        None => custom_commands::on_pane_key(state, &key).unwrap_or_default(),
    }
}

/// Rows a page of the alert list holds, from the screen's size and the zoom.
fn fit_viewport(state: &mut State) {
    if let Some((width, height)) = state.screen {
        // The session list is laid out like the alert list.
        state.viewport_rows = crate::layout::alert_rows_visible(width, height, state.zoomed).max(1);
    }
}

fn on_ctrl_c(state: &mut State) -> Vec<Effect> {
    match state.prompt.as_ref().map(|p| p.kind.clone()) {
        // Ctrl-C again answers the question it raised.
        Some(PromptKind::Quit) => {
            state.prompt = None;
            stopping::begin_stop(state, "quit")
        }
        Some(PromptKind::Discard { then_quit: true }) => {
            state.prompt = None;
            state.overlay = None;
            stopping::request_quit(state)
        }
        Some(PromptKind::Discard { then_quit: false }) => {
            overlays::ask_discard(state, true);
            Vec::new()
        }
        Some(
            PromptKind::DeleteView { .. }
            | PromptKind::Draft { .. }
            | PromptKind::Undo(_)
            | PromptKind::ClearFilter
            | PromptKind::ActorChange(_)
            | PromptKind::RunCommand { .. },
        ) => {
            state.prompt = None;
            stopping::request_quit(state)
        }
        None if overlays::unsaved_editor(state).is_some() => {
            overlays::ask_discard(state, true);
            Vec::new()
        }
        None => stopping::request_quit(state),
    }
}

fn on_prompt_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(prompt) = state.prompt.take() else {
        return Vec::new();
    };
    match state.keymap.action_in(Layer::Confirm, &key) {
        Some(Action::Yes) => match prompt.kind {
            PromptKind::Quit => stopping::begin_stop(state, "quit"),
            PromptKind::Discard { then_quit } => {
                state.overlay = None;
                if then_quit {
                    stopping::request_quit(state)
                } else {
                    Vec::new()
                }
            }
            PromptKind::DeleteView { name } => view_picker::delete_confirmed(state, name),
            PromptKind::Draft { index } => drafts::answered(state, index, true),
            PromptKind::Undo(plan) => undo::confirmed(state, plan),
            PromptKind::ClearFilter => {
                let mut effects = filter::clear_now(state);
                effects.extend(change::cancel_notes(state));
                effects
            }
            PromptKind::ActorChange(change) => actor_card::confirmed(state, change),
            PromptKind::RunCommand { index } => custom_commands::run(state, index),
        },
        Some(Action::No) => match prompt.kind {
            PromptKind::Draft { index } => drafts::answered(state, index, false),
            PromptKind::Undo(plan) => {
                info(
                    state,
                    format!(
                        "Change {} is not undone",
                        crate::sanitize::one_line(&plan.change)
                    ),
                );
                Vec::new()
            }
            _ => Vec::new(),
        },
        _ => {
            state.prompt = Some(prompt);
            Vec::new()
        }
    }
}

/// A pane key, in the view shown: the lists of both views take the same keys.
fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let view = state.view;
    match action {
        Action::Quit => stopping::request_quit(state),
        Action::MoveDown => move_by(state, 1),
        Action::MoveUp => move_by(state, -1),
        Action::PageDown => move_by(state, navigation::page_rows(state)),
        Action::PageUp => move_by(state, navigation::page_rows(state).saturating_neg()),
        Action::Home => move_by(state, isize::MIN / 2),
        Action::End => move_by(state, isize::MAX / 2),
        Action::NextPane => {
            state.focus = state.focus.next(state.file_events_shown());
            Vec::new()
        }
        Action::PrevPane => {
            state.focus = state.focus.prev(state.file_events_shown());
            Vec::new()
        }
        Action::Open => match state.focus {
            Pane::Alerts => for_view!(view, list::open(state)),
            Pane::Detail => {
                state.focus = Pane::Files;
                Vec::new()
            }
            Pane::Files => navigation::open_file_events(state),
            Pane::FileEvents => {
                navigation::open_event(state);
                Vec::new()
            }
        },
        Action::Filter => {
            let applied = match view {
                View::Alerts => state.alerts.filter.text.clone(),
                View::Sessions => state.sessions.filter.text.clone(),
                View::Cases => state.cases.filter.text.clone(),
            };
            state.filter.editing = true;
            state.filter.input = Input::new(applied);
            Vec::new()
        }
        Action::CycleSort => for_view!(view, list::cycle_sort(state)),
        Action::FlipSort => for_view!(view, list::flip_sort(state)),
        Action::ToggleMark => for_view!(view, list::toggle_mark(state)),
        Action::MarkRange => {
            for_view!(view, list::mark_range(state));
            Vec::new()
        }
        Action::MarkAll => {
            for_view!(view, list::mark_all(state));
            Vec::new()
        }
        Action::ClearMarks => {
            for_view!(view, list::clear_marks(state));
            Vec::new()
        }
        Action::Resolve
        | Action::Reopen
        | Action::MarkPending
        | Action::MarkInProgress
        | Action::CloseTruePositive
        | Action::CloseFalsePositive
        | Action::CloseBenign => {
            let applies = match view {
                View::Alerts => AlertKind::state_of(action).is_some(),
                View::Sessions => SessionKind::state_of(action).is_some(),
                View::Cases => CaseKind::state_of(action).is_some(),
            };
            if applies {
                for_view!(view, change::start(state, action))
            } else {
                let text = not_in_view(state, action);
                info(state, text);
                Vec::new()
            }
        }
        Action::EditNote => for_view!(view, change::open_note_editor(state)),
        Action::CreateCase | Action::AddToCase if view == View::Cases => {
            info(
                state,
                "A case is made from an alert or a session: press v to show them".into(),
            );
            Vec::new()
        }
        Action::CreateCase => cases::open_case_form(state),
        Action::AddToCase => cases::open_case_picker(state),
        Action::Assign => case_view::open_assignee(state),
        Action::Refresh => for_view!(view, list::refresh(state)),
        Action::Export => export::open_prompt(state),
        Action::Copy => export::copy(state),
        Action::CopyLink if view != View::Alerts => {
            info(
                state,
                "The console link is an alert's: switch to alerts (v) to copy one".into(),
            );
            Vec::new()
        }
        Action::CopyLink => export::copy_link(state),
        Action::Journal => journal::open(state),
        Action::Help => {
            overlays::open_help(state);
            Vec::new()
        }
        Action::PreviousFilter => filter::back_to_previous(state),
        Action::Clear => {
            // An Esc that puts a message away stops there: the filter stays.
            if state.status.message.take().is_some() {
                return change::cancel_notes(state);
            }
            // After a pivot, Esc goes back to where it came from.
            if let Some(mut effects) = trail::back(state) {
                effects.extend(change::cancel_notes(state));
                return effects;
            }
            // Otherwise a filter in force in the list goes (asked first if marks would).
            if let Some(mut effects) = filter::clear_applied(state) {
                effects.extend(change::cancel_notes(state));
                return effects;
            }
            // Also gives up a note editor still waiting for its alert's note.
            change::cancel_notes(state)
        }
        // Bound in the layers of pop-ups and lines only; their flows handle them.
        Action::ApplyFilter
        | Action::LeaveFilter
        | Action::OlderFilter
        | Action::NewerFilter
        | Action::Yes
        | Action::No
        | Action::SaveNote
        | Action::CancelEdit
        | Action::NextField
        | Action::PrevField
        | Action::NextFieldOrCreate
        | Action::SubmitCase
        | Action::AddToPickedCase
        | Action::WriteExport
        | Action::Close
        | Action::Undo
        | Action::TypeHelpFilter
        | Action::KeepHelpFilter
        | Action::OpenView
        | Action::SaveView
        | Action::DeleteView
        | Action::SaveViewNamed
        | Action::RunCommandLine
        | Action::Complete
        | Action::PivotAlerts
        | Action::PivotSessions
        | Action::PivotFileEvents
        | Action::AddToWatchlist
        | Action::RemoveFromWatchlist
        | Action::ClearHelpFilterOrClose => Vec::new(),
        Action::CommandLine => command_line::open(state),
        Action::ActorCard => actor_card::open_for_selection(state),
        Action::Redraw => vec![Effect::Local(LocalEffect::ClearScreen)],
        // Watch mode follows the alert list whichever view is shown.
        Action::Watch => watch::toggle(state),
        Action::Zoom => {
            state.zoomed = !state.zoomed;
            fit_viewport(state);
            Vec::new()
        }
        Action::SwitchView => view_picker::open_picker(state),
    }
}

/// A move in the focused pane: the list, the detail (scrolls) or the files beside it.
fn move_by(state: &mut State, delta: isize) -> Vec<Effect> {
    let view = state.view;
    match state.focus {
        Pane::Alerts => for_view!(view, list::move_by(state, delta)),
        Pane::Detail => {
            for_view!(view, list::scroll_detail(state, delta));
            Vec::new()
        }
        Pane::Files => {
            navigation::move_in_files(state, delta);
            Vec::new()
        }
        Pane::FileEvents => {
            navigation::move_in_file_events(state, delta);
            Vec::new()
        }
    }
}

/// Why a change key does nothing in this view.
fn not_in_view(state: &State, action: Action) -> String {
    match state.view {
        View::Sessions => "Sessions have no pending state: open, in progress or closed".into(),
        View::Cases => format!(
            "Cases are open or closed: {} closes, {} reopens",
            state.keymap.keys_label(Action::Resolve),
            state.keymap.keys_label(Action::Reopen)
        ),
        View::Alerts => format!(
            "{} is for sessions; press {} to show them",
            action.name(),
            state.keymap.keys_label(Action::SwitchView)
        ),
    }
}
