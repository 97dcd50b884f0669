//! The actor card: opened on the selected alert's or session's actor (`a`) or by name
//! (`:actor NAME`), read in one call whose parts come back together; its keys move
//! through its sections, pivot to the actor's alerts, sessions and file events (each a
//! step on the trail), and change the actor's notes and watchlists after a question.

use crossterm::event::KeyEvent;

use super::{info, show_error, show_text_error, trail};
use crate::action::{Action, Layer};
use crate::effect::{Call, Effect, FileEventSearch, Mutation};
use crate::state::{
    ActorCard, ActorCardData, ActorChange, ActorRef, CallError, CardSection, FileRow, ListRow,
    NoteEditor, NotePurpose, Overlay, Part, Prompt, PromptKind, Slot, State, View, filter_value,
};

/// `a`: the card of the selected alert's or session's actor.
pub(super) fn open_for_selection(state: &mut State) -> Vec<Effect> {
    let who = match state.view {
        View::Alerts => state
            .alerts
            .list
            .selected_row()
            .map(|row| row.actor.trim().to_string())
            .filter(|actor| !actor.is_empty())
            .map(ActorRef::Name),
        View::Sessions => state.sessions.list.selected_row().and_then(|row| {
            row.actor_id
                .clone()
                .map(ActorRef::Id)
                .or_else(|| (!row.actor.is_empty()).then(|| ActorRef::Name(row.actor.clone())))
        }),
        // A case is about its subject.
        View::Cases => state
            .cases
            .list
            .selected_row()
            .and_then(|row| row.subject.clone())
            .filter(|subject| !subject.trim().is_empty())
            .map(ActorRef::Name),
    };
    match who {
        Some(who) => open(state, who),
        None => {
            let noun = state.view.nouns().0;
            info(state, format!("This {noun} names no actor"));
            Vec::new()
        }
    }
}

/// The card of `who`; where the analyst was goes on the trail.
pub(super) fn open(state: &mut State, who: ActorRef) -> Vec<Effect> {
    trail::leave_here(state);
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::ActorCard, request_id);
    state.card = Some(Box::new(ActorCard::new(who.clone(), request_id)));
    vec![Effect::Call(Call::LoadActorCard { request_id, who })]
}

/// Reads the card again (after `R`, or a change to the actor).
fn reload(state: &mut State) -> Vec<Effect> {
    let request_id = state.take_request_id();
    let Some(card) = state.card.as_mut() else {
        return Vec::new();
    };
    // Asked again by id once it is known: a name could now be another actor's.
    let who = card
        .actor_id()
        .map(|id| ActorRef::Id(id.to_string()))
        .unwrap_or_else(|| card.who.clone());
    card.request_id = request_id;
    state.status.pending.insert(Slot::ActorCard, request_id);
    vec![Effect::Call(Call::LoadActorCard { request_id, who })]
}

pub(super) fn on_loaded(state: &mut State, request_id: u64, data: ActorCardData) {
    if !super::finish(state, Slot::ActorCard, request_id) {
        return;
    }
    let now = state.now;
    let Some(card) = state.card.as_mut().filter(|c| c.request_id == request_id) else {
        return;
    };
    card.data = data;
    card.read_at = Some(now);
    // The selections stay within what each section now holds.
    for section in CardSection::ALL {
        let rows = card.rows_in(section);
        let at = card.selected_in(section).min(rows.saturating_sub(1));
        card.set_selected(section, at);
    }
    if let Part::Failed(error) = &card.data.profile {
        let error = error.clone();
        show_error(state, &error);
    }
}

pub(super) fn on_key(state: &mut State, mut card: Box<ActorCard>, key: KeyEvent) -> Vec<Effect> {
    let action = state.keymap.action_in(Layer::ActorCard, &key);
    if let Some(action) = action
        && action.is_mutating()
        && state.read_only
    {
        state.card = Some(card);
        info(state, format!("read-only: {} is disabled", action.name()));
        return Vec::new();
    }
    match action {
        Some(Action::Close) => {
            state.card = Some(card);
            return close(state);
        }
        Some(Action::MoveDown) => move_by(&mut card, 1),
        Some(Action::MoveUp) => move_by(&mut card, -1),
        Some(Action::NextPane) => card.section = card.section.next(),
        Some(Action::PrevPane) => card.section = card.section.prev(),
        Some(Action::Refresh) => {
            state.card = Some(card);
            return reload(state);
        }
        Some(Action::Copy) => {
            let name = card.label().to_string();
            state.card = Some(card);
            return super::export::copy_text(state, "actor name", name);
        }
        Some(Action::Open) => {
            state.card = Some(card);
            return open_selected(state);
        }
        Some(Action::PivotAlerts) => {
            state.card = Some(card);
            return pivot_alerts(state, None);
        }
        Some(Action::PivotSessions) => {
            state.card = Some(card);
            return pivot_sessions(state, None);
        }
        Some(Action::PivotFileEvents) => {
            state.card = Some(card);
            return pivot_file_events(state);
        }
        Some(Action::EditNote) => {
            state.card = Some(card);
            open_notes_editor(state);
            return Vec::new();
        }
        _ => {}
    }
    state.card = Some(card);
    Vec::new()
}

fn move_by(card: &mut ActorCard, delta: isize) {
    let section = card.section;
    let rows = card.rows_in(section);
    if rows > 0 {
        let at = super::navigation::moved(card.selected_in(section), delta, rows);
        card.set_selected(section, at);
    }
}

/// Esc on the card: back to where it was opened from.
pub(super) fn close(state: &mut State) -> Vec<Effect> {
    state.status.pending.remove(&Slot::ActorCard);
    match trail::back(state) {
        Some(effects) => effects,
        None => {
            state.card = None;
            Vec::new()
        }
    }
}

/// Enter: the selected alert or session in its list (the actor's open ones), or the
/// selected file event whole.
fn open_selected(state: &mut State) -> Vec<Effect> {
    let Some(card) = &state.card else {
        return Vec::new();
    };
    let at = card.selected_in(card.section);
    match card.section {
        CardSection::Alerts => {
            let id = card
                .data
                .alerts
                .ready()
                .and_then(|c| c.rows.get(at))
                .map(|r| r.key().to_string());
            pivot_alerts(state, id)
        }
        CardSection::Sessions => {
            let id = card
                .data
                .sessions
                .ready()
                .and_then(|c| c.rows.get(at))
                .map(|r| r.key().to_string());
            pivot_sessions(state, id)
        }
        CardSection::FileEvents => {
            if let Some(event) = card
                .data
                .file_events
                .ready()
                .and_then(|c| c.rows.get(at))
                .cloned()
            {
                state.overlay = Some(Overlay::FileEvent(Box::new(event)));
            }
            Vec::new()
        }
    }
}

/// The filter that lists the actor's open alerts: their name.
fn alerts_filter(card: &ActorCard) -> Result<String, String> {
    let name = card
        .actor_name()
        .ok_or("the actor's name is not known yet, so their alerts cannot be listed")?;
    let value =
        filter_value(name).ok_or("the actor's name holds a double quote, which a filter cannot")?;
    Ok(format!("actor:{value} state:open"))
}

/// The filter that lists the actor's open sessions: their id.
fn sessions_filter(card: &ActorCard) -> Result<String, String> {
    let id = card
        .actor_id()
        .ok_or("the actor's id is not known yet, so their sessions cannot be listed")?;
    let value =
        filter_value(id).ok_or("the actor's id holds a double quote, which a filter cannot")?;
    Ok(format!("actor:{value} state:open"))
}

fn pivot_alerts(state: &mut State, select: Option<String>) -> Vec<Effect> {
    let Some(card) = &state.card else {
        return Vec::new();
    };
    match alerts_filter(card) {
        Ok(filter) => trail::pivot_to_list(state, View::Alerts, filter, select),
        Err(why) => {
            show_text_error(state, why);
            Vec::new()
        }
    }
}

fn pivot_sessions(state: &mut State, select: Option<String>) -> Vec<Effect> {
    let Some(card) = &state.card else {
        return Vec::new();
    };
    match sessions_filter(card) {
        Ok(filter) => trail::pivot_to_list(state, View::Sessions, filter, select),
        Err(why) => {
            show_text_error(state, why);
            Vec::new()
        }
    }
}

/// The actor's file events in the events pane of the list the card was opened from.
fn pivot_file_events(state: &mut State) -> Vec<Effect> {
    let Some(name) = state
        .card
        .as_ref()
        .and_then(|c| c.actor_name())
        .map(str::to_string)
    else {
        show_text_error(
            state,
            "the actor's name is not known yet, so their file events cannot be searched".into(),
        );
        return Vec::new();
    };
    trail::leave_here(state);
    state.card = None;
    let search = FileEventSearch {
        user: Some(name.clone()),
        ..FileEventSearch::default()
    };
    let label = FileRow {
        name: Some(name),
        ..FileRow::default()
    };
    super::navigation::search_events(state, label, search)
}

/// `:hash SHA256`: every event of that file, in the events pane of the list shown.
pub(super) fn search_hash(state: &mut State, hash: String) -> Vec<Effect> {
    let sha256 = (hash.len() == 64).then(|| hash.clone());
    let md5 = (hash.len() == 32).then(|| hash.clone());
    let search = FileEventSearch {
        sha256: sha256.clone(),
        md5: md5.clone(),
        ..FileEventSearch::default()
    };
    let label = FileRow {
        name: Some(format!("hash {hash}")),
        sha256,
        md5,
        ..FileRow::default()
    };
    if state.card.is_some() {
        trail::leave_here(state);
        state.card = None;
    }
    super::navigation::search_events(state, label, search)
}

fn open_notes_editor(state: &mut State) {
    let Some(card) = &state.card else {
        return;
    };
    let Some(profile) = card.data.profile.ready() else {
        info(
            state,
            "The actor's notes can be edited once their profile is read".into(),
        );
        return;
    };
    let purpose = NotePurpose::ActorNotes {
        actor_id: profile.id.clone(),
        name: profile.name.clone(),
    };
    state.overlay = Some(Overlay::Note(NoteEditor::new(
        purpose,
        profile.notes.clone().unwrap_or_default(),
    )));
}

/// Enter in the notes editor: the question, then the change.
pub(super) fn on_notes_entered(
    state: &mut State,
    editor: NoteEditor,
    actor_id: String,
    name: String,
    text: String,
) -> Vec<Effect> {
    if text == editor.initial.trim() {
        info(state, "The notes are unchanged".into());
        return Vec::new();
    }
    let change = ActorChange::Notes {
        actor_id,
        name,
        notes: (!text.is_empty()).then_some(text),
    };
    // The editor stays beneath the question: "no" goes back to the text.
    state.overlay = Some(Overlay::Note(editor));
    ask(state, change);
    Vec::new()
}

fn ask(state: &mut State, change: ActorChange) {
    state.prompt = Some(Prompt {
        question: change.question(),
        kind: PromptKind::ActorChange(change),
    });
}

/// Yes to a change of the actor: it is queued, journaled by the client.
pub(super) fn confirmed(state: &mut State, change: ActorChange) -> Vec<Effect> {
    if matches!(state.overlay, Some(Overlay::Note(_))) {
        state.overlay = None;
    }
    if let Some(card) = state.card.as_mut() {
        card.saving = true;
    }
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
    vec![Effect::Call(Call::Mutation(Mutation::Actor(change)))]
}

pub(super) fn on_changed(
    state: &mut State,
    change: ActorChange,
    result: Result<(), CallError>,
) -> Vec<Effect> {
    super::call_ended(state, Slot::Mutation);
    state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
    if let Some(card) = state.card.as_mut() {
        card.saving = false;
    }
    let mut effects = super::stopping::after_mutation(state);
    effects.extend(match result {
        Ok(()) => {
            info(state, change.done());
            // The watchlists' counts changed with it.
            if !matches!(change, ActorChange::Notes { .. }) {
                state.watchlists = None;
            }
            let shown = state
                .card
                .as_ref()
                .and_then(|c| c.actor_id())
                .is_some_and(|id| id == change.actor_id());
            if shown && state.stopping.is_none() {
                reload(state)
            } else {
                Vec::new()
            }
        }
        Err(error) => {
            show_text_error(
                state,
                format!(
                    "{}: {}",
                    change.question().trim_end_matches('?'),
                    error.message
                ),
            );
            // The notes typed are offered again, so nothing typed is lost.
            if let ActorChange::Notes {
                actor_id,
                name,
                notes,
            } = change
            {
                let mut editor = NoteEditor::new(
                    NotePurpose::ActorNotes { actor_id, name },
                    state
                        .card
                        .as_ref()
                        .and_then(|c| c.data.profile.ready())
                        .and_then(|p| p.notes.clone())
                        .unwrap_or_default(),
                );
                editor.input = tui_input::Input::new(notes.unwrap_or_default());
                editor.error = Some(error);
                state.overlay = Some(Overlay::Note(editor));
            }
            Vec::new()
        }
    });
    effects
}
