//! Watch mode (`w`, `--watch SECS`): the first page of the list is read again in the
//! background every interval and merged into what is loaded. New alerts stay
//! highlighted until selected; the selection, the marks and the loaded pages stay put.
//! A failed read waits twice as long before the next (up to `state::WATCH_MAX_BACKOFF`), so a tenant
//! that rate-limits or is down is not hammered.

use std::collections::HashSet;
use std::time::Duration;

use super::info;
use crate::effect::{Call, Effect, LocalEffect};
use crate::state::{AlertKind, AlertRow, CallError, ListRow, Slot, State, View};
use crate::state::{watch_backoff as backoff, watch_interval_label as interval_label};

/// Switches watch mode on (reading the list now) or off.
pub(super) fn toggle(state: &mut State) -> Vec<Effect> {
    state.watch.generation = state.watch.generation.wrapping_add(1);
    if state.watch.on {
        state.watch.on = false;
        state.watch.failures = 0;
        state.watch.last_error = None;
        info(state, "Watch off".into());
        return vec![Effect::Call(Call::Cancel(Slot::Watch))];
    }
    state.watch.on = true;
    // Watch mode follows the alert list; in the sessions view it says so, and how to
    // read the sessions again.
    let every = interval_label(state.watch.interval);
    let text = match state.view {
        crate::state::View::Alerts => format!("Watch on: the list is read every {every}"),
        view @ (crate::state::View::Sessions | crate::state::View::Cases) => format!(
            "Watch on: the alert list is read every {every} ({}: {} reloads)",
            view.name(),
            state.keymap.keys_label(crate::action::Action::Refresh)
        ),
    };
    info(state, text);
    vec![schedule(state, Duration::ZERO)]
}

/// The first timer when the TUI starts in watch mode (the first page is loading anyway).
pub(super) fn start(state: &mut State) -> Vec<Effect> {
    if state.watch.on {
        vec![schedule(state, state.watch.interval)]
    } else {
        Vec::new()
    }
}

/// The timer ran out: read the first page unless the list is loading or a read is
/// still running (then try again after another interval).
pub(super) fn on_due(state: &mut State, generation: u64) -> Vec<Effect> {
    if !state.watch.on || generation != state.watch.generation {
        return Vec::new();
    }
    if state.is_pending(Slot::List(View::Alerts)) || state.is_pending(Slot::Watch) {
        return vec![schedule(state, state.watch.interval)];
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Watch, request_id);
    vec![Effect::Call(Call::WatchAlerts {
        request_id,
        query: super::list::query::<AlertKind>(state),
        page_size: state.page_size,
    })]
}

pub(super) fn on_loaded(
    state: &mut State,
    request_id: u64,
    result: Result<(Vec<AlertRow>, u64), CallError>,
) -> Vec<Effect> {
    if !state.watch.on {
        return Vec::new();
    }
    match result {
        Ok((rows, total)) => {
            state.watch.failures = 0;
            state.watch.last_error = None;
            state.watch.last_checked = Some(state.now);
            // A load of the list started meanwhile brings a newer answer than this one.
            let mut effects = if state.is_pending(Slot::List(View::Alerts)) {
                Vec::new()
            } else {
                merge(state, request_id, rows, total)
            };
            effects.push(schedule(state, state.watch.interval));
            effects
        }
        Err(error) => {
            state.watch.failures = state.watch.failures.saturating_add(1);
            state.watch.last_error = Some(error.message);
            let delay = backoff(state.watch.interval, state.watch.failures);
            vec![schedule(state, delay)]
        }
    }
}

/// The selected alert is seen: it is no longer new.
pub(super) fn mark_seen(state: &mut State) {
    if state.watch.new_ids.is_empty() {
        return;
    }
    let seen = state
        .alerts
        .list
        .selected_row()
        .is_some_and(|row| state.watch.new_ids.remove(&row.id));
    // The count in the title now says how many are left; the message would not.
    if seen
        && let Some(text) = state.watch.announcement.take()
        && state
            .status
            .message
            .as_ref()
            .is_some_and(|m| m.text == text)
    {
        state.status.message = None;
    }
}

fn schedule(state: &State, delay: Duration) -> Effect {
    Effect::Local(LocalEffect::ScheduleWatch {
        generation: state.watch.generation,
        delay,
    })
}

/// Puts the fresh first page in front of the rows loaded after it: rows that changed
/// are replaced (and their cached details dropped), alerts not seen before are new. A
/// row changed here since the read was made keeps what the change made of it.
fn merge(state: &mut State, request_id: u64, page: Vec<AlertRow>, total: u64) -> Vec<Effect> {
    let page_size = state.page_size as usize;
    let list = &state.alerts.list;
    let was_loaded = list.loaded_once;
    let page: Vec<AlertRow> = page
        .into_iter()
        .map(|fresh| {
            let newer_here = list
                .changed_at
                .get(fresh.key())
                .is_some_and(|at| *at > request_id);
            match list.row(fresh.key()) {
                Some(held) if newer_here => held.clone(),
                _ => fresh,
            }
        })
        .collect();
    let arrived: Vec<String> = page
        .iter()
        .filter(|r| r.has_id() && list.position(r.key()).is_none())
        .map(|r| r.id.clone())
        .collect();
    let page_keys: HashSet<&str> = page.iter().map(ListRow::key).collect();
    // A list of one page (or a short fresh page) is the fresh page: rows that fell off
    // it are read again as the selection nears the end.
    let page_is_all = page.len() < page_size || list.rows.len() <= page_size;
    let mut merged = page.clone();
    if !page_is_all {
        merged.extend(
            list.rows
                .iter()
                .filter(|r| !page_keys.contains(r.key()))
                .cloned(),
        );
    }
    let new_total = total.max(merged.len() as u64);
    if merged == list.rows && new_total == list.total {
        return Vec::new();
    }
    state.watch.last_change = Some(state.now);
    let changed: Vec<String> = page
        .iter()
        .filter(|fresh| list.row(fresh.key()).is_some_and(|old| old != *fresh))
        .map(|r| r.key().to_string())
        .collect();
    let selected = list.selected_row().map(|r| r.key().to_string());
    let selected_at = list.selected;
    let short = page.len() < page_size;
    let list = &mut state.alerts.list;
    for key in &page_keys {
        if list.changed_at.get(*key).is_none_or(|at| *at <= request_id) {
            list.departed.remove(*key);
        }
    }
    list.set_rows(merged);
    list.total = new_total;
    list.loaded_once = true;
    if page_is_all {
        list.complete = short;
    }
    list.selected = selected
        .and_then(|key| list.position(&key))
        .unwrap_or(selected_at)
        .min(list.rows.len().saturating_sub(1));
    // A range started before the rows moved would mark other alerts than the ones meant.
    list.range_anchor = None;
    for key in &changed {
        state.alerts.details.remove(key);
        state.alerts.detail_errors.remove(key);
    }
    let count = arrived.len();
    if was_loaded && count > 0 {
        state.watch.new_ids.extend(arrived);
    }
    mark_seen(state);
    let mut effects = super::list::schedule_detail::<AlertKind>(state);
    if count > 0 {
        let alerts = if count == 1 { "alert" } else { "alerts" };
        let text = format!("{count} new {alerts}");
        info(state, text.clone());
        state.watch.announcement = Some(text);
    }
    effects.extend(super::list::maybe_load_more::<AlertKind>(state));
    effects
}
