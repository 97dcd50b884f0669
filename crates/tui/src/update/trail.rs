//! Pivots and the way back: a pivot puts the place it leaves on the trail (the
//! breadcrumbs), and `Esc` (or `:back`) goes back to the last place, as it was.

use super::list::{Kind, apply_filter};
use crate::effect::Effect;
use crate::state::{ListRow, Pane, Place, State, TRAIL_MAX, View};

/// Where the analyst is now.
pub(super) fn here(state: &State) -> Place {
    if let Some(card) = &state.card {
        return Place::Actor(card.clone());
    }
    let (filter, selected) = for_view!(state.view, place_of(state));
    Place::List {
        view: state.view,
        filter,
        selected,
        focus: state.focus,
    }
}

fn place_of<K: Kind>(state: &State) -> (String, Option<String>) {
    let pane = K::pane(state);
    (
        pane.filter.text.clone(),
        pane.list.selected_row().map(|r| r.key().to_string()),
    )
}

/// Puts where the analyst is now on the trail, before a pivot leaves it.
pub(super) fn leave_here(state: &mut State) {
    let place = here(state);
    // Pivoting twice from the same place keeps one crumb for it.
    if state.trail.last() != Some(&place) {
        state.trail.push(place);
    }
    let extra = state.trail.len().saturating_sub(TRAIL_MAX);
    state.trail.drain(..extra);
}

/// Back to the last place on the trail; `None` when the trail is empty.
pub(super) fn back(state: &mut State) -> Option<Vec<Effect>> {
    let place = state.trail.pop()?;
    Some(go(state, place))
}

/// Shows `place`.
fn go(state: &mut State, place: Place) -> Vec<Effect> {
    match place {
        Place::Actor(card) => {
            state.card = Some(card);
            Vec::new()
        }
        Place::List {
            view,
            filter,
            selected,
            focus,
        } => {
            state.card = None;
            // The list is given its filter first, so a list shown for the first time
            // is read once, under it.
            let mut effects = for_view!(view, show_list(state, filter, selected));
            if state.view != view {
                effects.extend(super::sessions::show_view(state, view));
            }
            state.focus = focus;
            effects
        }
    }
}

/// The list of kind `K` under `filter`, with the row of key `select` selected once it
/// is read (the first row if it is not there).
fn show_list<K: Kind>(state: &mut State, filter: String, select: Option<String>) -> Vec<Effect> {
    state.filter.input = tui_input::Input::new(filter.clone());
    state.filter.error = None;
    if K::pane(state).filter.text == filter {
        // The list is as it was: the selection goes back to its row if it is held.
        let list = &mut K::pane_mut(state).list;
        if let Some(at) = select.as_deref().and_then(|key| list.position(key)) {
            list.selected = at;
        }
        return super::list::schedule_detail::<K>(state);
    }
    let effects = apply_filter::<K>(state, filter);
    K::pane_mut(state).list.reselect = select.map(|key| (key, 0));
    effects
}

/// Pivots to the list of `view` under `filter`: where the analyst was goes on the
/// trail, and `Esc` comes back to it.
pub(super) fn pivot_to_list(
    state: &mut State,
    view: View,
    filter: String,
    select: Option<String>,
) -> Vec<Effect> {
    leave_here(state);
    go(
        state,
        Place::List {
            view,
            filter,
            selected: select,
            focus: Pane::Alerts,
        },
    )
}
