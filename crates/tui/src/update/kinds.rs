//! What the reducer does differently for each kind of list: its sorts, what the panes
//! beside the list load for a row, and what is read ahead.

use super::list::Kind;
use crate::effect::Effect;
use crate::state::{AlertKind, CaseKind, SessionKind, State};

impl Kind for AlertKind {
    fn cycle_sort(sort: &mut Self::Sort) {
        sort.column = sort.column.next();
    }
    fn flip_sort(sort: &mut Self::Sort) {
        sort.descending = !sort.descending;
    }
    fn selection_moved(state: &mut State) {
        state.files = Default::default();
    }
    fn read_ahead(state: &mut State) -> Vec<Effect> {
        super::navigation::prefetch(state)
    }
}

impl Kind for SessionKind {
    fn cycle_sort(sort: &mut Self::Sort) {
        sort.by_score = !sort.by_score;
    }
    fn flip_sort(sort: &mut Self::Sort) {
        sort.descending = !sort.descending;
    }
    fn load_companions(state: &mut State, id: &str) -> Vec<Effect> {
        super::sessions::load_events(state, id)
    }
    fn companions_loaded(state: &State, id: &str) -> bool {
        state.session_events.session_id.as_deref() == Some(id)
    }
    fn selection_moved(state: &mut State) {
        state.session_events.selected = 0;
    }
    fn forget_companions(state: &mut State) {
        state.session_events = Default::default();
    }
}

impl Kind for CaseKind {
    fn cycle_sort(sort: &mut Self::Sort) {
        sort.key = sort.key.next();
    }
    fn flip_sort(sort: &mut Self::Sort) {
        sort.descending = !sort.descending;
    }
    fn load_companions(state: &mut State, id: &str) -> Vec<Effect> {
        super::case_view::load_events(state, id)
    }
    fn companions_loaded(state: &State, id: &str) -> bool {
        state.case_events.case_id.as_deref() == Some(id)
    }
    fn selection_moved(state: &mut State) {
        state.case_events.selected = 0;
    }
    fn forget_companions(state: &mut State) {
        state.case_events = Default::default();
    }
}
