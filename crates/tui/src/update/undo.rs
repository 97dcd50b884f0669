//! Undo from the journal overlay: `U` asks the worker what undoing the change at the top
//! would put back (it reads the items as they are now), a question gives the counts and
//! what is left alone, and yes queues the undo behind any change still being sent. When
//! it is done, the list it touched is read again.

use super::{finish, info, show_error, show_text_error};
use crate::effect::{Call, Effect, LocalEffect, Mutation};
use crate::journal::ChangeSummary;
use crate::state::{AlertKind, SessionKind};
use crate::state::{Overlay, Prompt, PromptKind, Slot, State};
use crate::undo::{Target, UndoDone, UndoPlan};

/// Ids named in the question (the CLI names them all).
const IDS_NAMED: usize = 3;

/// `U` on a change of the journal.
pub(super) fn ask(state: &mut State, change: &ChangeSummary) -> Vec<Effect> {
    if state.read_only {
        info(state, "read-only: undo is disabled".into());
        return Vec::new();
    }
    if crate::undo::target_of(&change.action).is_none() {
        show_text_error(state, crate::undo::not_undone(&change.action));
        return Vec::new();
    }
    let request_id = state.take_request_id();
    state.status.pending.insert(Slot::Undo, request_id);
    info(
        state,
        format!(
            "Reading what undoing change {} would put back…",
            crate::sanitize::one_line(&change.change)
        ),
    );
    vec![Effect::Call(Call::PlanUndo {
        request_id,
        change: change.change.clone(),
    })]
}

pub(super) fn on_planned(
    state: &mut State,
    request_id: u64,
    result: Result<UndoPlan, crate::state::CallError>,
) {
    if !finish(state, Slot::Undo, request_id) {
        return;
    }
    let plan = match result {
        Ok(plan) => plan,
        Err(error) => {
            show_error(state, &error);
            return;
        }
    };
    let summary = plan.summary(IDS_NAMED).join(" ");
    if plan.restore.is_empty() {
        info(state, summary);
        return;
    }
    let (one, many) = plan.target.nouns();
    let count = plan.restore.len();
    let noun = if count == 1 { one } else { many };
    state.status.message = None;
    state.prompt = Some(Prompt {
        question: format!("{summary} Put back {count} {noun}?"),
        kind: PromptKind::Undo(Box::new(plan)),
    });
}

/// Yes to the question: the undo goes in the queue of changes.
pub(super) fn confirmed(state: &mut State, plan: Box<UndoPlan>) -> Vec<Effect> {
    state.mutations_in_flight = state.mutations_in_flight.saturating_add(1);
    info(
        state,
        format!(
            "Undoing change {}…",
            crate::sanitize::one_line(&plan.change)
        ),
    );
    vec![Effect::Call(Call::Mutation(Mutation::Undo(plan)))]
}

pub(super) fn on_done(state: &mut State, plan: &UndoPlan, done: UndoDone) -> Vec<Effect> {
    state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
    let (one, many) = plan.target.nouns();
    let noun = |n: usize| if n == 1 { one } else { many };
    let change = crate::sanitize::one_line(&plan.change);
    let put_back = format!("{} {} put back by undo", done.done, noun(done.done));
    if done.failed.is_empty() {
        tracing::info!(change = %change, count = done.done, "undone");
        info(
            state,
            format!("{put_back}; U on its line in the journal undoes it in turn"),
        );
    } else {
        let failed: usize = done.failed.iter().map(|(ids, _)| ids.len()).sum();
        let reason = done
            .failed
            .first()
            .map(|(_, reason)| crate::sanitize::one_line(reason).into_owned())
            .unwrap_or_default();
        show_text_error(
            state,
            format!(
                "{put_back}; {failed} {} not put back: {reason}",
                noun(failed)
            ),
        );
    }
    let mut effects = match plan.target {
        Target::Alerts => super::list::refresh::<AlertKind>(state),
        Target::Sessions => super::list::refresh::<SessionKind>(state),
    };
    // The journal on screen shows the undo as soon as it is done.
    if let (Some(Overlay::Journal(view)), Some(path)) = (&mut state.overlay, &state.journal_path) {
        view.loading = true;
        effects.push(Effect::Local(LocalEffect::ReadJournal {
            path: path.clone(),
        }));
    }
    effects
}
