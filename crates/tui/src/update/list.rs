//! One list, whatever its kind: reading its pages with the pager (never by a page
//! number on a list that has moved since), the selection (kept by id across reloads),
//! marks and sort, the details of the selected row, and answers older than a change
//! made here, which are dropped.

use super::{DETAIL_DEBOUNCE, counted, finish, info, show_error};
use crate::api::pager::{Pager, Step};
use crate::effect::{Effect, ListCall, ListCalls, ListQuery, LocalEffect};
use crate::msg::ListMessages;
use crate::state::{
    AppliedFilter, CallError, FILTER_HISTORY_MAX, ListKind, ListRow, Pane, Reading, Slot, State,
};

/// What the reducer needs of a kind of list beyond its data.
pub(super) trait Kind: ListMessages + ListCalls {
    /// `s`: the next sort the server can do.
    fn cycle_sort(sort: &mut Self::Sort);
    /// `S`: the other direction.
    fn flip_sort(sort: &mut Self::Sort);
    /// Loads what the panes beside the list show of a row besides its details.
    fn load_companions(_state: &mut State, _id: &str) -> Vec<Effect> {
        Vec::new()
    }
    /// Whether that is loaded for the row.
    fn companions_loaded(_state: &State, _id: &str) -> bool {
        true
    }
    /// The selection moved to another row: the panes beside the list start afresh.
    fn selection_moved(_state: &mut State) {}
    /// `R`: what the panes beside the list hold is read again too.
    fn forget_companions(_state: &mut State) {}
    /// The selected row's details are in: read ahead what comes next.
    fn read_ahead(_state: &mut State) -> Vec<Effect> {
        Vec::new()
    }
}

/// The filter and sort in force, as a call asks for them.
pub(super) fn query<K: ListKind>(state: &State) -> ListQuery<K::Sort> {
    let pane = K::pane(state);
    ListQuery {
        filter: pane.filter.clone(),
        sort: pane.list.sort,
    }
}

/// Whether an answer to request `request_id` is older than a change made here to the
/// row of `key`.
pub(super) fn is_stale<K: ListKind>(state: &State, key: &str, request_id: u64) -> bool {
    K::pane(state)
        .list
        .changed_at
        .get(key)
        .is_some_and(|at| *at > request_id)
}

/// Records a change made here to the row of `key`: answers to calls made before it
/// are older than it.
pub(super) fn changed_here<K: ListKind>(state: &mut State, key: &str) {
    let now = state.next_request_id;
    K::pane_mut(state)
        .list
        .changed_at
        .insert(key.to_string(), now);
}

/// The rows of `keys` are in `new_state` now: whether they have left the filter.
pub(super) fn note_state<K: ListKind>(
    state: &mut State,
    keys: &[String],
    new_state: &K::StateView,
) {
    let pane = K::pane_mut(state);
    let departed = &mut pane.list.departed;
    match K::admits(&pane.filter, new_state) {
        Some(false) => departed.extend(keys.iter().cloned()),
        Some(true) => {
            for key in keys {
                departed.remove(key);
            }
        }
        None => {}
    }
}

/// Reads the list again from its first page; the selection stays on its row if that
/// is still there, else goes to row `fallback`.
pub(super) fn reload_keeping<K: Kind>(state: &mut State, fallback: usize) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::List(K::VIEW), request_id);
    let page_size = K::page_size(state);
    let pane = K::pane_mut(state);
    let order = K::paging_order(&pane.filter, &pane.list.sort);
    let list = &mut pane.list;
    list.pager = Pager::new(order, page_size, K::MAX_PAGE);
    let ask = list.pager.first();
    list.reading = Some(Reading {
        request_id,
        ask,
        replace: true,
    });
    list.range_anchor = None;
    list.reselect = list.selected_row().map(|r| (r.key().to_string(), fallback));
    list.selected = list.selected.min(fallback);
    vec![K::effect(ListCall::LoadPage {
        request_id,
        query: query::<K>(state),
        ask,
    })]
}

/// Reads the list again, the selection staying where it is.
pub(super) fn reload<K: Kind>(state: &mut State) -> Vec<Effect> {
    let at = K::pane(state).list.selected;
    reload_keeping::<K>(state, at)
}

/// The next rows once the selection is within half a page of the loaded end.
pub(super) fn maybe_load_more<K: Kind>(state: &mut State) -> Vec<Effect> {
    let half_page = usize::try_from(K::page_size(state) / 2).unwrap_or(usize::MAX);
    let list = &K::pane(state).list;
    let near_end = list.selected.saturating_add(half_page) >= list.rows.len();
    if list.all_loaded()
        || !near_end
        || !list.loaded_once
        || list.reading.is_some()
        || state.is_pending(Slot::List(K::VIEW))
    {
        return Vec::new();
    }
    let list = &mut K::pane_mut(state).list;
    let mut pager = list.pager.clone();
    let ask = pager.next(list);
    list.pager = pager;
    ask_more::<K>(state, ask)
}

fn ask_more<K: Kind>(state: &mut State, ask: crate::api::pager::PageAsk) -> Vec<Effect> {
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::List(K::VIEW), request_id);
    K::pane_mut(state).list.reading = Some(Reading {
        request_id,
        ask,
        replace: false,
    });
    vec![K::effect(ListCall::LoadPage {
        request_id,
        query: query::<K>(state),
        ask,
    })]
}

pub(super) fn on_page_loaded<K: Kind>(
    state: &mut State,
    request_id: u64,
    result: Result<(Vec<K::Row>, u64), CallError>,
) -> Vec<Effect> {
    if !finish(state, Slot::List(K::VIEW), request_id) {
        return Vec::new();
    }
    let list = &mut K::pane_mut(state).list;
    let Some(reading) = list.reading.filter(|r| r.request_id == request_id) else {
        return Vec::new();
    };
    list.reading = None;
    let (rows, total) = match result {
        Ok(page) => page,
        Err(error) => {
            show_error(state, &error);
            K::pane_mut(state).list.error = Some(error);
            return Vec::new();
        }
    };
    let effects = if reading.replace {
        replace_rows::<K>(state, reading, rows, total)
    } else {
        match add_rows::<K>(state, reading, rows, total) {
            Ok(Some(effects)) => return effects,
            Ok(None) => Vec::new(),
            Err(message) => {
                let error = CallError::new(message);
                show_error(state, &error);
                K::pane_mut(state).list.error = Some(error);
                return Vec::new();
            }
        }
    };
    let mut effects = effects;
    effects.extend(schedule_detail::<K>(state));
    effects.extend(maybe_load_more::<K>(state));
    effects
}

/// The first page of a reload: the rows the list holds now. A row changed here since
/// the call was made keeps what the change made of it.
fn replace_rows<K: Kind>(
    state: &mut State,
    reading: Reading,
    rows: Vec<K::Row>,
    total: u64,
) -> Vec<Effect> {
    let list = &mut K::pane_mut(state).list;
    let end = rows.len() < reading.ask.size as usize;
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<K::Row> = rows
        .into_iter()
        .filter(|row| seen.insert(row.key().to_string()))
        .map(|row| {
            let newer_here = list
                .changed_at
                .get(row.key())
                .is_some_and(|at| *at > reading.request_id);
            match list.row(row.key()) {
                Some(held) if newer_here => held.clone(),
                _ => row,
            }
        })
        .collect();
    list.changed_at.retain(|_, at| *at > reading.request_id);
    let changed = &list.changed_at;
    list.departed.retain(|key| changed.contains_key(key));
    list.set_rows(rows);
    let loaded = list.rows.len();
    list.selected = match list.reselect.take() {
        Some((key, fallback)) => list.position(&key).unwrap_or(fallback),
        None => list.selected,
    }
    .min(loaded.saturating_sub(1));
    list.loaded_once = true;
    list.error = None;
    settle_total::<K>(state, end, total, loaded as u64);
    Vec::new()
}

/// After a page: how many the list has in all, and whether it has them all. A short
/// page is the last, whatever the count claims (asking on would page past the end).
fn settle_total<K: ListKind>(state: &mut State, end: bool, after_held: u64, held: u64) {
    let list = &mut K::pane_mut(state).list;
    let counted_more = end && after_held > held;
    list.complete = end || after_held <= held;
    list.total = if end { held } else { after_held.max(held) };
    if counted_more {
        let noun = K::VIEW.nouns().1;
        info(
            state,
            format!(
                "The server counted {after_held} {noun} but sent {held}; the list holds the \
                 {held} it sent"
            ),
        );
    }
}

/// A page after the rows held: the pager finds where it starts. `Ok(Some)`: another
/// call is needed first.
fn add_rows<K: Kind>(
    state: &mut State,
    reading: Reading,
    rows: Vec<K::Row>,
    total: u64,
) -> Result<Option<Vec<Effect>>, String> {
    let list = &mut K::pane_mut(state).list;
    let mut pager = list.pager.clone();
    let keys: Vec<&str> = rows.iter().map(ListRow::key).collect();
    let step = pager
        .read(&reading.ask, &keys, list)
        .map_err(|e| e.to_string())?;
    list.pager = pager;
    let (fresh, end) = match step {
        Step::Again(ask) => return Ok(Some(ask_more::<K>(state, ask))),
        Step::Rows { fresh, end } => (fresh, end),
    };
    let read = reading.ask.offset().saturating_add(rows.len() as u64);
    let mut rows: Vec<Option<K::Row>> = rows.into_iter().map(Some).collect();
    list.push_rows(
        fresh
            .into_iter()
            .filter_map(|index| rows.get_mut(index).and_then(Option::take)),
    );
    list.error = None;
    let held = list.rows.len() as u64;
    // The server counts what the ask reaches: what comes after this page, after the rows held.
    let after = total.saturating_sub(read);
    settle_total::<K>(state, end, held.saturating_add(after), held);
    Ok(None)
}

/// The details of the selected row (and what the panes beside the list need), once the
/// selection has rested on it a moment.
pub(super) fn schedule_detail<K: Kind>(state: &State) -> Vec<Effect> {
    let pane = K::pane(state);
    match pane.list.selected_row() {
        // A row without an id (an unreadable item) has no details to fetch.
        Some(row)
            if row.has_id()
                && !(pane.details.contains_key(row.id())
                    && K::companions_loaded(state, row.id())) =>
        {
            vec![Effect::Local(LocalEffect::ScheduleDetail {
                view: K::VIEW,
                id: row.id().to_string(),
                delay: DETAIL_DEBOUNCE,
            })]
        }
        _ => Vec::new(),
    }
}

pub(super) fn on_detail_due<K: Kind>(state: &mut State, id: String) -> Vec<Effect> {
    let still_selected = K::pane(state)
        .list
        .selected_row()
        .is_some_and(|r| r.id() == id);
    if still_selected {
        load_detail::<K>(state, &id)
    } else {
        Vec::new()
    }
}

/// The details of one row, unless held, and what the panes beside the list need of it.
pub(super) fn load_detail<K: Kind>(state: &mut State, id: &str) -> Vec<Effect> {
    if id.is_empty() {
        return Vec::new();
    }
    let mut effects = Vec::new();
    if !K::pane(state).details.contains_key(id) {
        let request_id = state.take_request_id();
        state
            .status
            .pending
            .insert(Slot::Detail(K::VIEW), request_id);
        effects.push(K::effect(ListCall::LoadDetail {
            request_id,
            id: id.to_string(),
        }));
    }
    effects.extend(K::load_companions(state, id));
    effects
}

pub(super) fn on_detail_loaded<K: Kind>(
    state: &mut State,
    request_id: u64,
    id: String,
    result: Result<Box<K::Detail>, CallError>,
) -> Vec<Effect> {
    if !finish(state, Slot::Detail(K::VIEW), request_id) {
        return Vec::new();
    }
    match result {
        // Read before a change made here: what the change made stays, and the row is
        // read again if nothing of it is held.
        Ok(_) if is_stale::<K>(state, &id, request_id) => {
            let selected = K::pane(state)
                .list
                .selected_row()
                .is_some_and(|r| r.id() == id);
            if selected {
                load_detail::<K>(state, &id)
            } else {
                Vec::new()
            }
        }
        Ok(detail) => {
            take_detail::<K>(state, *detail);
            K::read_ahead(state)
        }
        Err(error) => {
            show_error(state, &error);
            K::pane_mut(state).detail_errors.insert(id, error);
            Vec::new()
        }
    }
}

/// A fresh detail: held, and the list's row follows what it says now.
fn take_detail<K: ListKind>(state: &mut State, detail: K::Detail) {
    let row = K::detail_row(&detail).clone();
    let key = row.key().to_string();
    let pane = K::pane_mut(state);
    pane.detail_errors.remove(&key);
    if let Some(held) = pane.list.row_mut(&key) {
        *held = row.clone();
    }
    pane.details.insert(key.clone(), detail);
    note_state::<K>(state, &[key], K::row_state(&row));
}

/// Details read ahead, unasked: a failure says nothing (the row's own load will), and
/// one read before a change made here is left out.
pub(super) fn on_read_ahead<K: Kind>(
    state: &mut State,
    request_id: u64,
    slot: Slot,
    result: Result<Vec<K::Detail>, CallError>,
) {
    if !finish(state, slot, request_id) {
        return;
    }
    state.prefetching.clear();
    for detail in result.unwrap_or_default() {
        let row = K::detail_row(&detail);
        if row.has_id()
            && !K::pane(state).details.contains_key(row.id())
            && !is_stale::<K>(state, row.key(), request_id)
        {
            take_detail::<K>(state, detail);
        }
    }
}

/// Moves the selection of the list by `delta` rows.
pub(super) fn move_by<K: Kind>(state: &mut State, delta: isize) -> Vec<Effect> {
    let list = &K::pane(state).list;
    let len = list.rows.len();
    if len == 0 {
        return Vec::new();
    }
    let target = super::navigation::moved(list.selected, delta, len);
    if target == list.selected {
        return maybe_load_more::<K>(state);
    }
    let pane = K::pane_mut(state);
    pane.list.selected = target;
    pane.detail_scroll = 0;
    K::selection_moved(state);
    let mut effects = schedule_detail::<K>(state);
    // Details already held: the next ones are read ahead while these are read.
    if K::pane(state).selected_detail().is_some() {
        effects.extend(K::read_ahead(state));
    }
    effects.extend(maybe_load_more::<K>(state));
    effects
}

/// Scrolls the detail pane of the list.
pub(super) fn scroll_detail<K: ListKind>(state: &mut State, delta: isize) {
    let pane = K::pane_mut(state);
    let scroll = super::navigation::moved(
        usize::from(pane.detail_scroll),
        delta.clamp(-1000, 1000),
        10_001,
    );
    pane.detail_scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
}

/// Enter on the list: to the details, loaded now.
pub(super) fn open<K: Kind>(state: &mut State) -> Vec<Effect> {
    state.focus = Pane::Detail;
    match K::pane(state).list.selected_row() {
        Some(row) if !state.is_pending(Slot::Detail(K::VIEW)) => {
            let id = row.id().to_string();
            load_detail::<K>(state, &id)
        }
        _ => Vec::new(),
    }
}

pub(super) fn cycle_sort<K: Kind>(state: &mut State) -> Vec<Effect> {
    K::cycle_sort(&mut K::pane_mut(state).list.sort);
    reload_keeping::<K>(state, 0)
}

pub(super) fn flip_sort<K: Kind>(state: &mut State) -> Vec<Effect> {
    K::flip_sort(&mut K::pane_mut(state).list.sort);
    reload_keeping::<K>(state, 0)
}

/// `R`: the list and everything read for it, read again.
pub(super) fn refresh<K: Kind>(state: &mut State) -> Vec<Effect> {
    let pane = K::pane_mut(state);
    pane.details.clear();
    pane.detail_errors.clear();
    K::forget_companions(state);
    reload::<K>(state)
}

/// A filter applied (checked already): the list starts again with it; marks go.
/// A new filter in force: the list reads again from the top, the marks go (they were
/// made in the other list; the status line says how many), and the filter it replaces
/// is remembered for `Backspace` and the `/` line's `↑`.
pub(super) fn apply_filter<K: Kind>(state: &mut State, text: String) -> Vec<Effect> {
    let now = state.now;
    let pane = K::pane_mut(state);
    let replaced = std::mem::replace(&mut pane.filter, AppliedFilter::new(text, now));
    remember_filter(&mut pane.filter_history, replaced.text, &pane.filter.text);
    let dropped = pane.list.marked.len();
    pane.list.marked.clear();
    if dropped > 0 {
        info(
            state,
            format!("{} cleared with the filter", counted(dropped, "marks")),
        );
    }
    reload_keeping::<K>(state, 0)
}

/// `replaced` joins the history (once, as its most recent entry) unless it is empty or
/// the filter now in force, which never stands in its own history.
pub(super) fn remember_filter(history: &mut Vec<String>, replaced: String, in_force: &str) {
    history.retain(|text| text != in_force && *text != replaced);
    if !replaced.trim().is_empty() && replaced != in_force {
        history.push(replaced);
    }
    let extra = history.len().saturating_sub(FILTER_HISTORY_MAX);
    history.drain(..extra);
}

pub(super) fn toggle_mark<K: Kind>(state: &mut State) -> Vec<Effect> {
    let list = &mut K::pane_mut(state).list;
    let Some(row) = list.selected_row() else {
        return Vec::new();
    };
    if !row.has_id() {
        let noun = K::VIEW.nouns().0;
        info(
            state,
            format!("This {noun} has no id, so it cannot be marked"),
        );
        return move_by::<K>(state, 1);
    }
    let id = row.id().to_string();
    if !list.marked.remove(&id) {
        list.marked.insert(id);
    }
    move_by::<K>(state, 1)
}

/// `V`: the first press sets where a range starts, the second marks it.
pub(super) fn mark_range<K: Kind>(state: &mut State) {
    let list = &mut K::pane_mut(state).list;
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
                .map(|r| r.id().to_string())
                .collect();
            let count = ids.len();
            list.marked.extend(ids);
            info(
                state,
                format!("Marked {}", counted(count, K::VIEW.nouns().1)),
            );
        }
    }
}

pub(super) fn mark_all<K: Kind>(state: &mut State) {
    let list = &mut K::pane_mut(state).list;
    let ids: Vec<String> = list
        .rows
        .iter()
        .filter(|r| r.has_id())
        .map(|r| r.id().to_string())
        .collect();
    list.marked.extend(ids);
    let count = list.marked.len();
    let loaded = list.rows.len();
    let total = list.total;
    let noun = K::VIEW.nouns().1;
    // The pages not read yet are not marked: said when there are any.
    let text = if (loaded as u64) < total {
        format!(
            "Marked {} — the {loaded} loaded of {total}; the rest are not read yet",
            counted(count, noun)
        )
    } else {
        format!("Marked {}", counted(count, noun))
    };
    info(state, text);
}

pub(super) fn clear_marks<K: ListKind>(state: &mut State) {
    let list = &mut K::pane_mut(state).list;
    let had = list.marked.len();
    list.marked.clear();
    list.range_anchor = None;
    // A "Marked …" line would now say what is no longer so.
    if had > 0 {
        info(state, format!("Cleared {}", counted(had, "marks")));
    }
}
