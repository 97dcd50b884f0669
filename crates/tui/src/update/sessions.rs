//! What the sessions view has of its own: switching between the views (the sessions
//! load the first time they are shown), and the file events of the selected session.
//! Its list and changes go through the flows every list shares (`list`, `change`).

use super::list::{reload, schedule_detail};
use super::show_error;
use crate::effect::{Call, Effect};
use crate::state::{
    AlertKind, CallError, CaseKind, ListKind, Pane, SessionEventRow, SessionEventsPane,
    SessionKind, Slot, State, View,
};

/// Shows `view` (at start-up, or from the view picker). The sessions and the cases load
/// the first time they are shown.
pub fn show_view(state: &mut State, view: View) -> Vec<Effect> {
    state.view = view;
    state.focus = Pane::Alerts;
    // The events of a file belong to the view they were asked from.
    super::navigation::close_file_events(state);
    state.status.message = None;
    state.filter.error = None;
    match view {
        View::Sessions
            if !state.sessions.list.loaded_once
                && !state.is_pending(Slot::List(SessionKind::VIEW)) =>
        {
            reload::<SessionKind>(state)
        }
        View::Sessions => schedule_detail::<SessionKind>(state),
        View::Cases
            if !state.cases.list.loaded_once && !state.is_pending(Slot::List(CaseKind::VIEW)) =>
        {
            reload::<CaseKind>(state)
        }
        View::Cases => schedule_detail::<CaseKind>(state),
        View::Alerts => schedule_detail::<AlertKind>(state),
    }
}

/// The file events of one session, unless they are loaded or loading.
pub(super) fn load_events(state: &mut State, session_id: &str) -> Vec<Effect> {
    if state.session_events.session_id.as_deref() == Some(session_id) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::SessionEvents, request_id);
    state.session_events = SessionEventsPane {
        session_id: Some(session_id.to_string()),
        ..Default::default()
    };
    vec![Effect::Call(Call::LoadSessionEvents {
        request_id,
        session_id: session_id.to_string(),
    })]
}

pub(super) fn on_events_loaded(
    state: &mut State,
    request_id: u64,
    session_id: String,
    result: Result<(Vec<SessionEventRow>, u64), CallError>,
) {
    if !super::finish(state, Slot::SessionEvents, request_id)
        || state.session_events.session_id.as_deref() != Some(&session_id)
    {
        return;
    }
    let events = &mut state.session_events;
    match result {
        Ok((mut rows, total)) => {
            events.total = total.max(rows.len() as u64);
            // In the order they happened, as a session is read; events without a time last.
            rows.sort_by_key(|row| (row.time.is_none(), row.time));
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
