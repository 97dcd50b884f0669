//! The watchlist picker: which watchlist to add the card's actor to or remove them
//! from (each asked first), or, from `:watchlists` / `:watchlist NAME`, the tenant's
//! watchlists and who is on one, whose card `Enter` opens.

use crossterm::event::KeyEvent;

use super::{actor_card, info};
use crate::action::{Action, Layer};
use crate::effect::{Call, Effect};
use crate::state::{
    ActorChange, ActorRef, CallError, Overlay, Part, Prompt, PromptKind, Slot, State,
    WatchlistMemberView, WatchlistMembers, WatchlistPicker, WatchlistPurpose, WatchlistView,
};

/// Puts the watchlists the picker offers into it, or asks for the tenant's when they
/// are not read yet (the picker then says so).
pub(super) fn fill(state: &mut State, picker: &mut WatchlistPicker) -> Vec<Effect> {
    match &state.watchlists {
        Some(all) => {
            picker.rows = Some(offered(all, picker));
            Vec::new()
        }
        None => {
            picker.rows = None;
            load(state)
        }
    }
}

/// Reads the tenant's watchlists (for the picker, and for completion).
pub(super) fn load(state: &mut State) -> Vec<Effect> {
    if state.is_pending(Slot::Watchlists) {
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Watchlists, request_id);
    vec![Effect::Call(Call::ListWatchlists { request_id })]
}

fn offered(all: &[WatchlistView], picker: &WatchlistPicker) -> Vec<WatchlistView> {
    all.iter()
        .filter(|w| !picker.exclude.contains(&w.id))
        .cloned()
        .collect()
}

/// `:watchlists`, or `:watchlist NAME` (its members, once the watchlists are read).
pub(super) fn browse(state: &mut State, wanted: Option<String>) -> Vec<Effect> {
    let mut picker = WatchlistPicker {
        purpose: WatchlistPurpose::Browse,
        rows: None,
        selected: 0,
        error: None,
        members: None,
        wanted,
        exclude: Vec::new(),
    };
    let mut effects = fill(state, &mut picker);
    if picker.rows.is_some() {
        effects.extend(open_wanted(state, &mut picker));
    }
    state.overlay = Some(Overlay::Watchlists(picker));
    effects
}

/// The watchlist `:watchlist NAME` named, by id, title or type (any case).
fn open_wanted(state: &mut State, picker: &mut WatchlistPicker) -> Vec<Effect> {
    let Some(wanted) = picker.wanted.take() else {
        return Vec::new();
    };
    let lower = wanted.to_lowercase();
    let found = picker.rows.as_ref().and_then(|rows| {
        rows.iter().position(|w| {
            w.id == wanted
                || w.title.to_lowercase() == lower
                || w.kind.to_lowercase() == lower
                || w.kind.replace('_', " ").to_lowercase() == lower
        })
    });
    match found {
        Some(at) => {
            picker.selected = at;
            open_members(state, picker)
        }
        None => {
            picker.error = Some(CallError::new(format!(
                "no watchlist is called {:?}",
                crate::sanitize::cell(&wanted, 40)
            )));
            Vec::new()
        }
    }
}

fn open_members(state: &mut State, picker: &mut WatchlistPicker) -> Vec<Effect> {
    let Some(watchlist) = picker
        .rows
        .as_ref()
        .and_then(|rows| rows.get(picker.selected))
        .cloned()
    else {
        return Vec::new();
    };
    let request_id = state.take_request_id();
    state
        .status
        .pending
        .insert(Slot::WatchlistMembers, request_id);
    let watchlist_id = watchlist.id.clone();
    picker.members = Some(WatchlistMembers {
        watchlist,
        request_id,
        rows: Part::Loading,
        selected: 0,
    });
    vec![Effect::Call(Call::LoadWatchlistMembers {
        request_id,
        watchlist_id,
    })]
}

pub(super) fn on_loaded(
    state: &mut State,
    request_id: u64,
    result: Result<Vec<WatchlistView>, CallError>,
) -> Vec<Effect> {
    if !super::finish(state, Slot::Watchlists, request_id) {
        return Vec::new();
    }
    let Some(Overlay::Watchlists(mut picker)) = state.overlay.take() else {
        if let Ok(all) = result {
            state.watchlists = Some(all);
        }
        return Vec::new();
    };
    let mut effects = Vec::new();
    match result {
        Ok(all) => {
            if picker.rows.is_none() {
                picker.rows = Some(offered(&all, &picker));
            }
            state.watchlists = Some(all);
            effects = open_wanted(state, &mut picker);
        }
        Err(error) => picker.error = Some(error),
    }
    state.overlay = Some(Overlay::Watchlists(picker));
    effects
}

pub(super) fn on_members_loaded(
    state: &mut State,
    request_id: u64,
    result: Result<Vec<WatchlistMemberView>, CallError>,
) {
    if !super::finish(state, Slot::WatchlistMembers, request_id) {
        return;
    }
    if let Some(Overlay::Watchlists(picker)) = &mut state.overlay
        && let Some(members) = &mut picker.members
        && members.request_id == request_id
    {
        members.rows = match result {
            Ok(rows) => Part::Ready(rows),
            Err(error) => Part::Failed(error),
        };
    }
}

pub(super) fn on_key(state: &mut State, mut picker: WatchlistPicker, key: KeyEvent) -> Vec<Effect> {
    let action = state.keymap.action_in(Layer::Watchlists, &key);
    if let Some(members) = &mut picker.members {
        let len = members.rows.ready().map_or(0, Vec::len);
        match action {
            Some(Action::Close) => {
                state.status.pending.remove(&Slot::WatchlistMembers);
                picker.members = None;
            }
            Some(Action::MoveDown) if len > 0 => {
                members.selected = super::navigation::moved(members.selected, 1, len);
            }
            Some(Action::MoveUp) if len > 0 => {
                members.selected = super::navigation::moved(members.selected, -1, len);
            }
            Some(Action::Open) => {
                let member = members
                    .rows
                    .ready()
                    .and_then(|rows| rows.get(members.selected))
                    .cloned();
                if let Some(member) = member {
                    // The picker goes; the card's Esc comes back to the panes.
                    return actor_card::open(state, ActorRef::Id(member.actor_id));
                }
            }
            _ => {}
        }
        state.overlay = Some(Overlay::Watchlists(picker));
        return Vec::new();
    }
    let len = picker.rows.as_ref().map_or(0, Vec::len);
    match action {
        Some(Action::Close) => {
            state.status.pending.remove(&Slot::Watchlists);
            return Vec::new();
        }
        Some(Action::MoveDown) if len > 0 => {
            picker.selected = super::navigation::moved(picker.selected, 1, len);
        }
        Some(Action::MoveUp) if len > 0 => {
            picker.selected = super::navigation::moved(picker.selected, -1, len);
        }
        Some(Action::Open) => {
            let chosen = picker
                .rows
                .as_ref()
                .and_then(|rows| rows.get(picker.selected))
                .cloned();
            let Some(watchlist) = chosen else {
                state.overlay = Some(Overlay::Watchlists(picker));
                return Vec::new();
            };
            let change = match &picker.purpose {
                WatchlistPurpose::Browse => {
                    let effects = open_members(state, &mut picker);
                    state.overlay = Some(Overlay::Watchlists(picker));
                    return effects;
                }
                WatchlistPurpose::Add { actor_id, name } => ActorChange::AddToWatchlist {
                    actor_id: actor_id.clone(),
                    name: name.clone(),
                    watchlist,
                },
                WatchlistPurpose::Remove { actor_id, name } => ActorChange::RemoveFromWatchlist {
                    actor_id: actor_id.clone(),
                    name: name.clone(),
                    watchlist,
                },
            };
            if state.read_only {
                info(state, "read-only: watchlists cannot be changed".into());
                return Vec::new();
            }
            // The picker goes; the question is asked over the card.
            state.prompt = Some(Prompt {
                question: change.question(),
                kind: PromptKind::ActorChange(change),
            });
            return Vec::new();
        }
        _ => {}
    }
    state.overlay = Some(Overlay::Watchlists(picker));
    Vec::new()
}

/// `w` (add) or `x` (remove): the watchlists to choose from.
pub(super) fn open_for_card(state: &mut State, add: bool) -> Vec<Effect> {
    if state.read_only {
        info(state, "read-only: watchlists cannot be changed".into());
        return Vec::new();
    }
    let Some(card) = &state.card else {
        return Vec::new();
    };
    let (Some(profile), Some(on)) = (card.data.profile.ready(), card.data.watchlists.ready())
    else {
        info(
            state,
            "The actor's watchlists can be changed once the card is read".into(),
        );
        return Vec::new();
    };
    let actor_id = profile.id.clone();
    let name = profile.name.clone();
    if add {
        let on: Vec<String> = on.iter().map(|w| w.id.clone()).collect();
        let mut picker = WatchlistPicker {
            purpose: WatchlistPurpose::Add { actor_id, name },
            rows: None,
            selected: 0,
            error: None,
            members: None,
            wanted: None,
            exclude: on,
        };
        let effects = fill(state, &mut picker);
        state.overlay = Some(Overlay::Watchlists(picker));
        effects
    } else {
        if on.is_empty() {
            info(
                state,
                format!("{} is on no watchlist", crate::sanitize::cell(&name, 40)),
            );
            return Vec::new();
        }
        state.overlay = Some(Overlay::Watchlists(WatchlistPicker {
            purpose: WatchlistPurpose::Remove { actor_id, name },
            rows: Some(on.clone()),
            selected: 0,
            error: None,
            members: None,
            wanted: None,
            exclude: Vec::new(),
        }));
        Vec::new()
    }
}
