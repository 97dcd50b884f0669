//! The sessions view: switching to it and back, its list (pages, selection, sort,
//! marks, filter), the details and file events loaded for the selection, and their
//! results. Changes to sessions are in `session_change`.

use super::{DETAIL_DEBOUNCE, finish, info, show_error};
use crate::tui::action::Action;
use crate::tui::effect::{Call, Effect, LocalEffect, SessionsRequest};
use crate::tui::state::{
    CallError, Pane, SessionDetailView, SessionEventRow, SessionRow, SessionStateView, Slot, State,
    View,
};

/// Sessions a page holds: the most the service documents.
pub const SESSION_PAGE_SIZE: u32 = crate::api::sessions::MAX_SESSION_PAGE;

/// Shows `view` (at start-up, or from the view picker). The sessions load the first time
/// they are shown.
pub fn show_view(state: &mut State, view: View) -> Vec<Effect> {
    state.view = view;
    state.focus = Pane::Alerts;
    state.status.message = None;
    state.filter.error = None;
    match view {
        View::Sessions if !state.sessions.list.loaded_once && !state.is_pending(Slot::Sessions) => {
            reload(state)
        }
        View::Sessions => schedule_detail(state),
        View::Alerts => super::navigation::schedule_detail(state),
    }
}

fn request(state: &State, page: u32) -> SessionsRequest {
    SessionsRequest {
        filter_text: state.sessions.filter_text.clone(),
        filter_at: state.sessions.filter_at.unwrap_or(state.now),
        sort: state.sessions.list.sort,
        page,
        page_size: SESSION_PAGE_SIZE,
    }
}

/// The first page of the current filter and sort; a newer request supersedes an older one.
pub(super) fn reload(state: &mut State) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Sessions, request_id);
    state.sessions.list.pages_loaded = 0;
    state.sessions.list.range_anchor = None;
    vec![Effect::Call(Call::LoadSessions {
        request_id,
        request: request(state, 0),
    })]
}

/// The next page once the selection is within half a page of the loaded end.
fn maybe_load_more(state: &mut State) -> Vec<Effect> {
    let list = &state.sessions.list;
    let half_page = usize::try_from(SESSION_PAGE_SIZE / 2).unwrap_or(usize::MAX);
    let near_end = list.selected.saturating_add(half_page) >= list.rows.len();
    if list.all_loaded() || !near_end || state.is_pending(Slot::Sessions) || list.pages_loaded == 0
    {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Sessions, request_id);
    let page = state.sessions.list.pages_loaded;
    vec![Effect::Call(Call::LoadSessions {
        request_id,
        request: request(state, page),
    })]
}

fn schedule_detail(state: &State) -> Vec<Effect> {
    match state.sessions.list.selected_row() {
        Some(row) if row.has_id() && !loaded(state, &row.id) => {
            vec![Effect::Local(LocalEffect::ScheduleSessionDetail {
                session_id: row.id.clone(),
                delay: DETAIL_DEBOUNCE,
            })]
        }
        _ => Vec::new(),
    }
}

/// Whether the session's details and events are both in.
fn loaded(state: &State, id: &str) -> bool {
    state.sessions.details.contains_key(id)
        && state.sessions.events.session_id.as_deref() == Some(id)
}

/// The details and the file events of one session.
pub(super) fn load_detail(state: &mut State, session_id: String) -> Vec<Effect> {
    if session_id.is_empty() {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if !state.sessions.details.contains_key(&session_id) {
        let request_id = state.take_request_id();
        state.status.pending.insert(Slot::SessionDetail, request_id);
        effects.push(Effect::Call(Call::LoadSession {
            request_id,
            session_id: session_id.clone(),
        }));
    }
    if state.sessions.events.session_id.as_deref() != Some(&session_id) {
        let request_id = state.take_request_id();
        state.status.pending.insert(Slot::SessionEvents, request_id);
        state.sessions.events = crate::tui::state::SessionEventsPane {
            session_id: Some(session_id.clone()),
            ..Default::default()
        };
        effects.push(Effect::Call(Call::LoadSessionEvents {
            request_id,
            session_id,
        }));
    }
    effects
}

pub(super) fn on_detail_due(state: &mut State, session_id: String) -> Vec<Effect> {
    let still_selected = state.view == View::Sessions
        && state
            .sessions
            .list
            .selected_row()
            .is_some_and(|r| r.id == session_id);
    if still_selected {
        load_detail(state, session_id)
    } else {
        Vec::new()
    }
}

pub(super) fn move_by(state: &mut State, delta: isize) -> Vec<Effect> {
    let sessions = &mut state.sessions;
    match state.focus {
        Pane::Alerts => {
            let len = sessions.list.rows.len();
            if len == 0 {
                return Vec::new();
            }
            let target = super::navigation::moved(sessions.list.selected, delta, len);
            if target == sessions.list.selected {
                return maybe_load_more(state);
            }
            sessions.list.selected = target;
            sessions.events.selected = 0;
            sessions.detail_scroll = 0;
            let mut effects = schedule_detail(state);
            effects.extend(maybe_load_more(state));
            effects
        }
        Pane::Detail => {
            let scroll = super::navigation::moved(
                usize::from(sessions.detail_scroll),
                delta.clamp(-1000, 1000),
                10_001,
            );
            sessions.detail_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            Vec::new()
        }
        Pane::Files => {
            let len = sessions.selected_events().map_or(0, <[_]>::len);
            if len > 0 {
                sessions.events.selected =
                    super::navigation::moved(sessions.events.selected, delta, len);
            }
            Vec::new()
        }
    }
}

/// Enter: from the list to the details (loaded now), from the details to the events.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    match state.focus {
        Pane::Alerts => {
            state.focus = Pane::Detail;
            match state.sessions.list.selected_row() {
                Some(row) => {
                    let id = row.id.clone();
                    load_detail(state, id)
                }
                None => Vec::new(),
            }
        }
        Pane::Detail => {
            state.focus = Pane::Files;
            Vec::new()
        }
        Pane::Files => Vec::new(),
    }
}

/// `s`: end time ↔ score.
pub(super) fn cycle_sort(state: &mut State) -> Vec<Effect> {
    let sort = &mut state.sessions.list.sort;
    sort.by_score = !sort.by_score;
    state.sessions.list.selected = 0;
    reload(state)
}

pub(super) fn flip_sort(state: &mut State) -> Vec<Effect> {
    let sort = &mut state.sessions.list.sort;
    sort.descending = !sort.descending;
    state.sessions.list.selected = 0;
    reload(state)
}

pub(super) fn toggle_mark(state: &mut State) -> Vec<Effect> {
    let list = &mut state.sessions.list;
    let Some(row) = list.selected_row() else {
        return Vec::new();
    };
    if !row.has_id() {
        info(
            state,
            "This session has no id, so it cannot be marked".into(),
        );
        return move_by(state, 1);
    }
    let id = row.id.clone();
    if !list.marked.remove(&id) {
        list.marked.insert(id);
    }
    move_by(state, 1)
}

pub(super) fn mark_range(state: &mut State) {
    let list = &mut state.sessions.list;
    match list.range_anchor.take() {
        None if !list.rows.is_empty() => {
            list.range_anchor = Some(list.selected);
            info(
                state,
                "Range start set; move and press V again to mark".into(),
            );
        }
        None => {}
        Some(anchor) => {
            let (from, to) = (anchor.min(list.selected), anchor.max(list.selected));
            let ids: Vec<String> = list
                .rows
                .iter()
                .skip(from)
                .take(to.saturating_sub(from).saturating_add(1))
                .filter(|r| r.has_id())
                .map(|r| r.id.clone())
                .collect();
            let count = ids.len();
            list.marked.extend(ids);
            info(state, format!("Marked {count} sessions"));
        }
    }
}

pub(super) fn mark_all(state: &mut State) {
    let list = &mut state.sessions.list;
    let ids: Vec<String> = list
        .rows
        .iter()
        .filter(|r| r.has_id())
        .map(|r| r.id.clone())
        .collect();
    list.marked.extend(ids);
    let count = list.marked.len();
    info(state, format!("Marked {count} sessions"));
}

pub(super) fn clear_marks(state: &mut State) {
    state.sessions.list.marked.clear();
    state.sessions.list.range_anchor = None;
}

pub(super) fn refresh(state: &mut State) -> Vec<Effect> {
    state.sessions.details.clear();
    state.sessions.detail_errors.clear();
    state.sessions.events = Default::default();
    reload(state)
}

/// A filter applied to the sessions (checked already): the list starts again.
pub(super) fn apply_filter(state: &mut State, text: String) -> Vec<Effect> {
    state.sessions.filter_text = text;
    state.sessions.filter_at = Some(state.now);
    state.sessions.list.selected = 0;
    state.sessions.list.marked.clear();
    reload(state)
}

pub(super) fn on_sessions_loaded(
    state: &mut State,
    request_id: u64,
    page: u32,
    result: Result<(Vec<SessionRow>, u64), CallError>,
) -> Vec<Effect> {
    if !finish(state, Slot::Sessions, request_id) {
        return Vec::new();
    }
    match result {
        // Only the next page is appended: a page never lands twice.
        Ok(_) if page != 0 && page != state.sessions.list.pages_loaded => Vec::new(),
        Ok((rows, total)) => {
            let short = (rows.len() as u64) < u64::from(SESSION_PAGE_SIZE);
            let list = &mut state.sessions.list;
            if page == 0 {
                list.rows = rows;
                list.selected = list.selected.min(list.rows.len().saturating_sub(1));
            } else {
                list.rows.extend(rows);
            }
            let loaded = list.rows.len() as u64;
            list.pages_loaded = page.saturating_add(1);
            list.loaded_once = true;
            list.error = None;
            // A short page is the last, whatever the count claims.
            list.total = if short { loaded } else { total.max(loaded) };
            if state.view != View::Sessions {
                return Vec::new();
            }
            let mut effects = schedule_detail(state);
            effects.extend(maybe_load_more(state));
            effects
        }
        Err(error) => {
            show_error(state, &error);
            state.sessions.list.error = Some(error);
            Vec::new()
        }
    }
}

pub(super) fn on_session_loaded(
    state: &mut State,
    request_id: u64,
    session_id: String,
    result: Result<Box<SessionDetailView>, CallError>,
) {
    if !finish(state, Slot::SessionDetail, request_id) {
        return;
    }
    match result {
        Ok(detail) => {
            state.sessions.detail_errors.remove(&session_id);
            // The list row follows what the server says now (state, score, indicators).
            if let Some(row) = state
                .sessions
                .list
                .rows
                .iter_mut()
                .find(|r| r.id == session_id)
            {
                *row = detail.row.clone();
            }
            state.sessions.details.insert(session_id, *detail);
        }
        Err(error) => {
            show_error(state, &error);
            state.sessions.detail_errors.insert(session_id, error);
        }
    }
}

pub(super) fn on_events_loaded(
    state: &mut State,
    request_id: u64,
    session_id: String,
    result: Result<(Vec<SessionEventRow>, u64), CallError>,
) {
    if !finish(state, Slot::SessionEvents, request_id)
        || state.sessions.events.session_id.as_deref() != Some(&session_id)
    {
        return;
    }
    let events = &mut state.sessions.events;
    match result {
        Ok((rows, total)) => {
            events.total = total.max(rows.len() as u64);
            events.rows = rows;
            events.selected = 0;
            events.error = None;
        }
        Err(error) => {
            events.error = Some(error.clone());
            show_error(state, &error);
        }
    }
}

/// The keys of the sessions view: the same as for alerts where they make sense.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let change = |state: &mut State, to: SessionStateView| {
        super::session_change::start_state_change(state, to)
    };
    match action {
        Action::MoveDown => move_by(state, 1),
        Action::MoveUp => move_by(state, -1),
        Action::PageDown => move_by(state, super::navigation::page_rows(state)),
        Action::PageUp => move_by(state, super::navigation::page_rows(state).saturating_neg()),
        Action::Home => move_by(state, isize::MIN / 2),
        Action::End => move_by(state, isize::MAX / 2),
        Action::Open => open(state),
        Action::CycleSort => cycle_sort(state),
        Action::FlipSort => flip_sort(state),
        Action::ToggleMark => toggle_mark(state),
        Action::MarkRange => {
            mark_range(state);
            Vec::new()
        }
        Action::MarkAll => {
            mark_all(state);
            Vec::new()
        }
        Action::ClearMarks => {
            clear_marks(state);
            Vec::new()
        }
        Action::Resolve => change(state, SessionStateView::Closed),
        Action::CloseTruePositive => change(state, SessionStateView::ClosedTruePositive),
        Action::CloseFalsePositive => change(state, SessionStateView::ClosedFalsePositive),
        Action::CloseBenign => change(state, SessionStateView::ClosedBenign),
        Action::Reopen => change(state, SessionStateView::Open),
        Action::MarkInProgress => change(state, SessionStateView::InProgress),
        Action::MarkPending => {
            info(
                state,
                "Sessions have no pending state: open, in progress or closed".into(),
            );
            Vec::new()
        }
        Action::EditNote => super::session_change::open_note_editor(state),
        Action::Refresh => refresh(state),
        Action::CopyLink => {
            info(
                state,
                "The console link is an alert's: switch to alerts (v) to copy one".into(),
            );
            Vec::new()
        }
        // The rest work the same in both views (the flows look at the view themselves).
        Action::Quit
        | Action::NextPane
        | Action::PrevPane
        | Action::Filter
        | Action::CreateCase
        | Action::AddToCase
        | Action::Export
        | Action::Copy
        | Action::Journal
        | Action::Help
        | Action::Redraw
        | Action::Zoom
        | Action::Clear
        // Watch mode follows the alert list whichever view is shown.
        | Action::Watch
        | Action::SwitchView
        // Bound in the layers of pop-ups and lines only; their flows handle them.
        | Action::ApplyFilter
        | Action::LeaveFilter
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
        | Action::TypeHelpFilter
        | Action::KeepHelpFilter
        | Action::OpenView
        | Action::SaveView
        | Action::DeleteView
        | Action::SaveViewNamed
        | Action::ClearHelpFilterOrClose => super::apply(state, action),
    }
}
