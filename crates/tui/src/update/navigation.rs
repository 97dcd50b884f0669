//! Moving through the panes beside the list: the files of an alert and the events of
//! one of them, a session's file events, the details of the rows near the selection
//! read ahead, and the arithmetic of a move.

use crate::effect::{Call, Effect, FileEventSearch, ListCall, ListCalls, search_for_file};
use crate::state::{AlertKind, FileRow, ListRow, Overlay, Pane, Slot, State, View};

/// Rows below the selection whose details are read ahead; one above, for moving back.
const PREFETCH_BELOW: usize = 3;
const PREFETCH_ABOVE: usize = 1;

/// Reads ahead the details of the rows around the selection that are not held yet, so
/// that on a slow link the next move shows its details at once. The selected row is
/// not among them: its own load (after the pause) is what the user waits for.
pub(super) fn prefetch(state: &mut State) -> Vec<Effect> {
    let pane = &state.alerts;
    let list = &pane.list;
    let from = list.selected.saturating_sub(PREFETCH_ABOVE);
    let count = list
        .selected
        .saturating_sub(from)
        .saturating_add(PREFETCH_BELOW)
        .saturating_add(1);
    let ids: Vec<String> = list
        .rows
        .iter()
        .enumerate()
        .skip(from)
        .take(count)
        .filter(|(index, row)| {
            *index != list.selected
                && row.has_id()
                && !pane.details.contains_key(row.id())
                && !pane.detail_errors.contains_key(row.id())
        })
        .map(|(_, row)| row.id().to_string())
        .collect();
    if ids.is_empty() || (ids == state.prefetching && state.is_pending(Slot::Prefetch)) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Prefetch, request_id);
    state.prefetching = ids.clone();
    vec![AlertKind::effect(ListCall::ReadDetails {
        request_id,
        slot: Slot::Prefetch,
        ids,
    })]
}

/// Rows a page key moves: what the list shows.
pub(super) fn page_rows(state: &State) -> isize {
    isize::try_from(state.viewport_rows.max(1)).unwrap_or(isize::MAX)
}

/// `index` moved by `delta`, kept within `0..len` (`len` > 0).
pub(super) fn moved(index: usize, delta: isize, len: usize) -> usize {
    let target = if delta >= 0 {
        index.saturating_add(delta.unsigned_abs())
    } else {
        index.saturating_sub(delta.unsigned_abs())
    };
    target.min(len.saturating_sub(1))
}

/// A move in the files pane: the alert's files, or the session's or case's file events.
pub(super) fn move_in_files(state: &mut State, delta: isize) {
    match state.view {
        View::Alerts => {
            let len = state.selected_files().len();
            if len > 0 {
                state.files.selected = moved(state.files.selected, delta, len);
            }
        }
        View::Sessions => {
            let len = state.selected_session_events().map_or(0, <[_]>::len);
            if len > 0 {
                state.session_events.selected = moved(state.session_events.selected, delta, len);
            }
        }
        View::Cases => {
            let len = state.selected_case_events().map_or(0, <[_]>::len);
            if len > 0 {
                state.case_events.selected = moved(state.case_events.selected, delta, len);
            }
        }
    }
}

/// Enter on a file of the alert, or on a file event of the session: every event of
/// that file in the tenant, in the pane below, which takes the focus.
pub(super) fn open_file_events(state: &mut State) -> Vec<Effect> {
    let file = match state.view {
        View::Alerts => state
            .selected_files()
            .get(state.files.selected)
            .map(|f| (*f).clone()),
        View::Sessions => state
            .selected_session_events()
            .and_then(|events| events.get(state.session_events.selected))
            .filter(|event| event.unreadable.is_none())
            .map(|event| FileRow {
                name: event.file_name.clone(),
                path: event.directory.clone(),
                category: None,
                size: event.size,
                event_id: (!event.event_id.is_empty()).then(|| event.event_id.clone()),
                sha256: event.sha256.clone(),
                md5: event.md5.clone(),
            }),
        // A case's event names no hash: its event id finds it.
        View::Cases => state
            .selected_case_events()
            .and_then(|events| events.get(state.case_events.selected))
            .filter(|event| event.unreadable.is_none() && !event.event_id.is_empty())
            .map(|event| FileRow {
                name: event.file_name.clone(),
                path: event.path.clone(),
                category: None,
                size: None,
                event_id: Some(event.event_id.clone()),
                sha256: None,
                md5: None,
            }),
    };
    let Some(file) = file else {
        return Vec::new();
    };
    let search = search_for_file(&file);
    search_events(state, file, search)
}

/// A file-events search into the events pane, which takes the focus; `label` is what
/// its title names (the file, a hash, an actor).
pub(super) fn search_events(
    state: &mut State,
    label: FileRow,
    search: FileEventSearch,
) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::FileEvents, request_id);
    state.files.events_for = Some(label);
    state.files.events.clear();
    state.files.events_selected = 0;
    state.files.events_error = None;
    state.focus = Pane::FileEvents;
    vec![Effect::Call(Call::SearchFileEvents { request_id, search })]
}

/// The events of a file go (switching views); an answer still coming is let go.
pub(super) fn close_file_events(state: &mut State) {
    state.status.pending.remove(&Slot::FileEvents);
    state.files.events_for = None;
    state.files.events.clear();
    state.files.events_selected = 0;
    state.files.events_error = None;
    if state.focus == Pane::FileEvents {
        state.focus = Pane::Files;
    }
}

/// A move in the events of a file.
pub(super) fn move_in_file_events(state: &mut State, delta: isize) {
    let len = state.files.events.len();
    if len > 0 {
        state.files.events_selected = moved(state.files.events_selected, delta, len);
    }
}

/// Enter on an event of the file: the whole event in a card.
pub(super) fn open_event(state: &mut State) {
    if let Some(event) = state.files.events.get(state.files.events_selected) {
        state.overlay = Some(Overlay::FileEvent(Box::new(event.clone())));
    }
}
