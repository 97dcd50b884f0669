//! Quitting with changes queued or in flight: ask (quit keys) or not (signals), drop
//! what is queued, let the change being sent finish, and say what was done and what not.

use super::bulk::{exit_line, finish_if_done, see_journal};
use crate::effect::{Call, Effect, ListMutation, LocalEffect, Mutation};
use crate::state::{NotePurpose, Overlay, Prompt, PromptKind, STOP_WAIT, State, Stopping};

/// `q` or Ctrl-C: asks first when changes are still being saved.
pub(super) fn request_quit(state: &mut State) -> Vec<Effect> {
    if state.mutations_in_flight == 0 {
        return quit_now(state);
    }
    state.prompt = Some(Prompt {
        kind: PromptKind::Quit,
        question: quit_question(state),
    });
    Vec::new()
}

fn quit_question(state: &State) -> String {
    if state.mutations_in_flight == 0 {
        return "Everything is saved now. Quit?".into();
    }
    format!(
        "{} Quit? The change being sent finishes (up to {} s); the queued ones are not \
         sent and are recorded in the journal.",
        in_flight_summary(state),
        STOP_WAIT.as_secs()
    )
}

/// After a mutation's answer: the quit question follows the progress, and a stop in
/// progress ends once nothing is left in flight.
pub(super) fn after_mutation(state: &mut State) -> Vec<Effect> {
    if state
        .prompt
        .as_ref()
        .is_some_and(|p| p.kind == PromptKind::Quit)
    {
        let question = quit_question(state);
        if let Some(prompt) = &mut state.prompt {
            prompt.question = question;
        }
    }
    finish_stop_if_done(state)
}

/// What is being saved, in the words of the status bar ("Resolve 300/500 · Reopen queued 0/40").
fn in_flight_summary(state: &State) -> String {
    let bulk: Vec<String> = state
        .status
        .bulk
        .iter()
        .map(|b| format!("{} {}/{}", b.verb, b.answered(), b.total))
        .collect();
    if bulk.is_empty() {
        let n = state.mutations_in_flight;
        if n == 1 {
            "1 change is still being saved.".into()
        } else {
            format!("{n} changes are still being saved.")
        }
    } else {
        format!("Still being saved: {}.", bulk.join(" · "))
    }
}

pub(super) fn quit_now(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Local(LocalEffect::Quit)]
}

/// Stops without asking: nothing more is sent, and the loop ends once the change in flight
/// is answered (or `STOP_WAIT` has passed).
pub(super) fn begin_stop(state: &mut State, cause: &str) -> Vec<Effect> {
    if state.stopping.is_some() {
        // Already stopping (a second signal, the terminal gone meanwhile): the wait is
        // bounded anyway, and only a person at the keyboard (Ctrl-C) cuts it short.
        return Vec::new();
    }
    state.prompt = None;
    // Typed text goes only when the person at the keyboard said so.
    let mut effects = if cause == "quit" {
        Vec::new()
    } else {
        super::drafts::keep_on_stop(state, cause)
    };
    if state.mutations_in_flight == 0 {
        effects.extend(quit_now(state));
        return effects;
    }
    state.stopping = Some(Stopping {
        cause: cause.to_string(),
        dropped_known: false,
        report: Vec::new(),
    });
    effects.push(Effect::Call(Call::DropQueuedMutations {
        reason: format!("triage42 stopped ({cause}) before it was sent"),
    }));
    effects
}

/// Ends the loop once the worker has dropped its queue and every change sent is answered.
pub(super) fn finish_stop_if_done(state: &mut State) -> Vec<Effect> {
    match &state.stopping {
        Some(stopping) if stopping.dropped_known && state.mutations_in_flight == 0 => {
            quit_now(state)
        }
        _ => Vec::new(),
    }
}

/// The queued mutations the worker dropped: each is accounted for, then the loop may end.
pub(super) fn on_dropped(
    state: &mut State,
    dropped: Vec<Mutation>,
    journaled: Result<(), String>,
) -> Vec<Effect> {
    let see = see_journal(state);
    let mut lines = Vec::new();
    for mutation in dropped {
        state.mutations_in_flight = state.mutations_in_flight.saturating_sub(1);
        if let Some((operation, ids)) = mutation.bulk_chunk() {
            let Some(index) = state
                .status
                .bulk
                .iter()
                .position(|b| b.operation == operation)
            else {
                continue;
            };
            if let Some(bulk) = state.status.bulk.get_mut(index) {
                bulk.chunks_left = bulk.chunks_left.saturating_sub(1);
                bulk.not_sent.extend(ids.iter().cloned());
            }
            finish_if_done(state, index);
            continue;
        }
        match mutation {
            Mutation::Alerts(ListMutation::SaveNote { id, .. }) => {
                lines.push(format!("Note on alert {id}: not sent ({see})"));
            }
            Mutation::Sessions(ListMutation::SaveNote { id, .. }) => {
                lines.push(format!("Note on session {id}: not sent ({see})"));
            }
            Mutation::Cases(ListMutation::SaveNote { id, .. }) => {
                lines.push(format!("Findings of case {id}: not sent ({see})"));
            }
            Mutation::AssignCase { id, assignee } => {
                lines.push(format!(
                    "Case {id} assigned to {assignee}: not sent ({see})"
                ));
            }
            Mutation::Alerts(ListMutation::UpdateStates { .. })
            | Mutation::Sessions(ListMutation::UpdateStates { .. })
            | Mutation::Cases(ListMutation::UpdateStates { .. }) => {}
            Mutation::CreateCase { form, .. } => {
                state.status.case = None;
                lines.push(format!(
                    "Case \"{}\": not created, not sent ({see})",
                    form.name
                ));
            }
            Mutation::Undo(plan) => {
                lines.push(format!("Undo of change {}: not sent ({see})", plan.change));
            }
            Mutation::Actor(change) => {
                lines.push(format!(
                    "{}: not sent ({see})",
                    change.question().trim_end_matches('?')
                ));
            }
            Mutation::AddEventsToCase {
                case_number,
                event_ids,
            } => {
                state.status.case = None;
                lines.push(format!(
                    "Case #{case_number}: {} file events not added, not sent ({see})",
                    event_ids.len()
                ));
            }
        }
    }
    if let Err(error) = journaled {
        lines.push(format!(
            "The journal could not record the changes not sent: {error}"
        ));
    }
    if let Some(stopping) = &mut state.stopping {
        stopping.dropped_known = true;
        stopping.report.extend(lines);
    }
    finish_stop_if_done(state)
}

/// What to print on stderr after the terminal is restored: what the changes that were
/// running when the TUI stopped did, and what they did not. Empty after a plain quit.
pub fn exit_report(state: &State) -> Vec<String> {
    let kept = state.kept_draft.iter().cloned();
    let Some(stopping) = &state.stopping else {
        return kept.collect();
    };
    let mut lines = stopping.report.clone();
    lines.extend(kept);
    for bulk in &state.status.bulk {
        let unknown = bulk
            .total
            .saturating_sub(bulk.answered())
            .saturating_sub(bulk.not_sent.len());
        lines.push(exit_line(state, bulk, unknown));
    }
    let see = see_journal(state);
    if let Some(case) = &state.status.case {
        let target = case
            .case_number
            .map(|n| format!("Case #{n}"))
            .unwrap_or_else(|| "The new case".into());
        lines.push(format!(
            "{target}: {} of {} file events added; no answer before triage42 stopped ({see})",
            case.events_added, case.events_total
        ));
    }
    if let Some(Overlay::Note(editor)) = &state.overlay
        && editor.saving
        && let NotePurpose::Note { view, id } = &editor.purpose
    {
        lines.push(format!(
            "Note on {} {id}: no answer before triage42 stopped ({see})",
            view.nouns().0
        ));
    }
    lines
}
