//! Moving through the panes: the alert list (selection, pages loaded as the selection
//! nears their end), the detail shown for the selection after a short pause, the files
//! of an alert and their events.

use super::DETAIL_DEBOUNCE;
use crate::tui::effect::{AlertsRequest, Call, Effect, LocalEffect, search_for_file};
use crate::tui::state::{Pane, Slot, State};

/// Starts the first page of the current filter and sort; a newer request supersedes an older one.
pub(super) fn reload(state: &mut State) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Alerts, request_id);
    state.alerts.pages_loaded = 0;
    state.alerts.range_anchor = None;
    vec![Effect::Call(Call::LoadAlerts {
        request_id,
        request: AlertsRequest {
            filter: state.filter.applied.clone(),
            sort: state.alerts.sort,
            page: 0,
            page_size: state.page_size,
        },
    })]
}

/// Loads the next page once the selection is within half a page of the loaded end.
pub(super) fn maybe_load_more(state: &mut State) -> Vec<Effect> {
    let list = &state.alerts;
    let half_page = usize::try_from(state.page_size / 2).unwrap_or(usize::MAX);
    let near_end = list.selected.saturating_add(half_page) >= list.rows.len();
    if list.all_loaded() || !near_end || state.is_pending(Slot::Alerts) || list.pages_loaded == 0 {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Alerts, request_id);
    vec![Effect::Call(Call::LoadAlerts {
        request_id,
        request: AlertsRequest {
            filter: state.filter.applied.clone(),
            sort: state.alerts.sort,
            page: state.alerts.pages_loaded,
            page_size: state.page_size,
        },
    })]
}

pub(super) fn schedule_detail(state: &State) -> Vec<Effect> {
    match state.alerts.selected_row() {
        // A row without an id (an unreadable alert) has no details to fetch.
        Some(row) if row.has_id() && !state.details.contains_key(&row.id) => {
            vec![Effect::Local(LocalEffect::ScheduleDetail {
                alert_id: row.id.clone(),
                delay: DETAIL_DEBOUNCE,
            })]
        }
        _ => Vec::new(),
    }
}

/// Rows below the selection whose details are read ahead; one above, for moving back.
const PREFETCH_BELOW: usize = 3;
const PREFETCH_ABOVE: usize = 1;

/// Reads ahead the details of the rows around the selection that are not held yet, so
/// that on a slow link the next move shows its details at once. The selected row is
/// not among them: its own load (after the pause) is what the user waits for.
pub(super) fn prefetch(state: &mut State) -> Vec<Effect> {
    let list = &state.alerts;
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
                && !state.details.contains_key(&row.id)
                && !state.detail_errors.contains_key(&row.id)
        })
        .map(|(_, row)| row.id.clone())
        .collect();
    if ids.is_empty() || (ids == state.prefetching && state.is_pending(Slot::Prefetch)) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Prefetch, request_id);
    state.prefetching = ids.clone();
    vec![Effect::Call(Call::PrefetchDetails { request_id, ids })]
}

pub(super) fn load_detail(state: &mut State, alert_id: String) -> Vec<Effect> {
    if alert_id.is_empty() || state.details.contains_key(&alert_id) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Detail, request_id);
    vec![Effect::Call(Call::LoadDetail {
        request_id,
        alert_id,
    })]
}

/// Rows a page key moves: what the list shows.
pub(super) fn page_rows(state: &State) -> isize {
    isize::try_from(state.viewport_rows.max(1)).unwrap_or(isize::MAX)
}

pub(super) fn move_by(state: &mut State, delta: isize) -> Vec<Effect> {
    match state.focus {
        Pane::Alerts => {
            let len = state.alerts.rows.len();
            if len == 0 {
                return Vec::new();
            }
            let target = moved(state.alerts.selected, delta, len);
            if target == state.alerts.selected {
                return maybe_load_more(state);
            }
            state.alerts.selected = target;
            state.files = Default::default();
            state.detail_scroll = 0;
            let mut effects = schedule_detail(state);
            // Details already held: the next ones are read ahead while these are read.
            if state.selected_detail().is_some() {
                effects.extend(prefetch(state));
            }
            effects.extend(maybe_load_more(state));
            effects
        }
        Pane::Detail => {
            let scroll = moved(
                usize::from(state.detail_scroll),
                delta.clamp(-1000, 1000),
                10_001,
            );
            state.detail_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
            Vec::new()
        }
        Pane::Files => {
            let len = state.selected_files().len();
            if len > 0 {
                state.files.selected = moved(state.files.selected, delta, len);
            }
            Vec::new()
        }
    }
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

pub(super) fn open(state: &mut State) -> Vec<Effect> {
    match state.focus {
        Pane::Alerts => {
            state.focus = Pane::Detail;
            match state.alerts.selected_row() {
                Some(row) if !state.is_pending(Slot::Detail) => {
                    let id = row.id.clone();
                    load_detail(state, id)
                }
                _ => Vec::new(),
            }
        }
        Pane::Detail => {
            state.focus = Pane::Files;
            Vec::new()
        }
        Pane::Files => {
            let Some(file) = state
                .selected_files()
                .get(state.files.selected)
                .map(|f| (*f).clone())
            else {
                return Vec::new();
            };
            let request_id = state.take_request_id();
            state.status.pending.insert(Slot::FileEvents, request_id);
            let search = search_for_file(&file);
            state.files.events_for = Some(file);
            state.files.events.clear();
            state.files.events_error = None;
            vec![Effect::Call(Call::SearchFileEvents { request_id, search })]
        }
    }
}
