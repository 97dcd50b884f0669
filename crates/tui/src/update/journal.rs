//! The journal overlay: the last changes made from this machine and how each ended, read
//! from the journal file by an effect.

use crossterm::event::KeyEvent;

use crate::action::{Action, Layer};
use crate::effect::{Effect, LocalEffect};
use crate::journal::ChangeSummary;
use crate::state::{JournalView, Overlay, State};

/// Changes shown: the newest of a journal that may have grown for years.
pub const JOURNAL_SHOWN: usize = 1000;

const PAGE: usize = 10;

pub(super) fn open(state: &mut State) -> Vec<Effect> {
    let mut view = JournalView {
        entries: Vec::new(),
        total: 0,
        loading: true,
        error: None,
        scroll: 0,
        opened: None,
    };
    let effects = match &state.journal_path {
        Some(path) => vec![Effect::Local(LocalEffect::ReadJournal {
            path: path.clone(),
        })],
        None => {
            view.loading = false;
            view.error =
                Some("No journal is kept: there is no home directory; set TRIAGE42_JOURNAL".into());
            Vec::new()
        }
    };
    state.overlay = Some(Overlay::Journal(view));
    effects
}

pub(super) fn on_loaded(state: &mut State, result: Result<Vec<ChangeSummary>, String>) {
    let Some(Overlay::Journal(view)) = &mut state.overlay else {
        return;
    };
    view.loading = false;
    match result {
        Ok(changes) => {
            view.total = changes.len();
            view.entries = changes.into_iter().rev().take(JOURNAL_SHOWN).collect();
            view.error = None;
        }
        Err(error) => view.error = Some(error),
    }
}

pub(super) fn on_key(state: &mut State, mut view: JournalView, key: KeyEvent) -> Vec<Effect> {
    let last = view.entries.len().saturating_sub(1);
    let action = state.keymap.action_in(Layer::Journal, &key);
    // A change shown whole: its lines scroll; Esc (or Enter) goes back to the list.
    if let Some(scroll) = view.opened {
        view.opened = match action {
            Some(Action::Close | Action::Open) => None,
            Some(Action::MoveDown) => Some(scroll.saturating_add(1)),
            Some(Action::MoveUp) => Some(scroll.saturating_sub(1)),
            Some(Action::PageDown) => Some(scroll.saturating_add(PAGE)),
            Some(Action::PageUp) => Some(scroll.saturating_sub(PAGE)),
            Some(Action::Home) => Some(0),
            // About as many lines as the change has (the drawing stops at its last).
            Some(Action::End) => Some(
                view.entries
                    .get(view.scroll)
                    .map_or(0, |change| change.ids.len().saturating_add(12)),
            ),
            _ => Some(scroll),
        };
        state.overlay = Some(Overlay::Journal(view));
        return Vec::new();
    }
    view.scroll = match action {
        Some(Action::Close) => return Vec::new(),
        Some(Action::Open) if !view.entries.is_empty() => {
            view.opened = Some(0);
            view.scroll
        }
        // The change at the top is the one chosen.
        Some(Action::Undo) => {
            let chosen = view.entries.get(view.scroll).cloned();
            state.overlay = Some(Overlay::Journal(view));
            return match chosen {
                Some(change) => super::undo::ask(state, &change),
                None => Vec::new(),
            };
        }
        Some(Action::MoveDown) => view.scroll.saturating_add(1),
        Some(Action::MoveUp) => view.scroll.saturating_sub(1),
        Some(Action::PageDown) => view.scroll.saturating_add(PAGE),
        Some(Action::PageUp) => view.scroll.saturating_sub(PAGE),
        Some(Action::Home) => 0,
        Some(Action::End) => last,
        _ => view.scroll,
    }
    .min(last);
    state.overlay = Some(Overlay::Journal(view));
    Vec::new()
}
