//! The analyst's own commands: started from `:!NAME` or their key on the marked (or
//! selected) items of the list shown, asked about first when they say so, refused in
//! `--read-only` when they change things; their output fills a pane that scrolls, and
//! closing it while the command runs stops the command.

use crossterm::event::KeyEvent;

use super::list::Kind;
use super::{counted, info};
use crate::action::{Action, Layer};
use crate::effect::{Call, Effect, ListCall};
use crate::state::{
    CommandRun, ListRow, OUTPUT_MAX_LINES, Overlay, Prompt, PromptKind, Slot, State, View,
};

/// A key of the panes that no action has: the command bound to it, if any.
pub(super) fn on_pane_key(state: &mut State, key: &KeyEvent) -> Option<Vec<Effect>> {
    let index = state
        .custom_commands
        .iter()
        .position(|c| c.key.as_ref().is_some_and(|k| k.matches(key)))?;
    Some(start(state, index))
}

/// `:!NAME`.
pub(super) fn start_by_name(state: &mut State, name: &str) -> Result<Vec<Effect>, String> {
    let index = state
        .custom_commands
        .iter()
        .position(|c| c.name == name)
        .ok_or_else(|| {
            if state.custom_commands.is_empty() {
                "no commands of your own are set up: add [[commands]] to config.toml".to_string()
            } else {
                format!(
                    "no command {:?}; yours are {}",
                    crate::sanitize::cell(name, 30),
                    state
                        .custom_commands
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        })?;
    Ok(start(state, index))
}

fn start(state: &mut State, index: usize) -> Vec<Effect> {
    let Some(command) = state.custom_commands.get(index).cloned() else {
        return Vec::new();
    };
    if command.mutating && state.read_only {
        info(
            state,
            format!("read-only: {} changes things and is disabled", command.name),
        );
        return Vec::new();
    }
    let ids = match state.view {
        View::Alerts => state.alerts.list.target_ids(),
        View::Sessions => state.sessions.list.target_ids(),
        View::Cases => state.cases.list.target_ids(),
    };
    if ids.is_empty() {
        let noun = state.view.nouns().0;
        info(
            state,
            format!("No {noun} is marked or selected to run {} on", command.name),
        );
        return Vec::new();
    }
    if command.confirm {
        let (_, plural) = state.view.nouns();
        state.prompt = Some(Prompt {
            question: format!(
                "Run {} on {}?",
                crate::sanitize::cell(&command.name, 30),
                counted(ids.len(), plural)
            ),
            kind: PromptKind::RunCommand { index },
        });
        return Vec::new();
    }
    run(state, index)
}

/// Runs the command (after its question, if it asks one).
pub(super) fn run(state: &mut State, index: usize) -> Vec<Effect> {
    for_view!(state.view, run_on(state, index))
}

fn run_on<K: Kind>(state: &mut State, index: usize) -> Vec<Effect> {
    let Some(command) = state.custom_commands.get(index).cloned() else {
        return Vec::new();
    };
    let list = &K::pane(state).list;
    let ids = list.target_ids();
    // Marked items not loaded have their id only; JSON Lines are written of the rows held.
    let rows: Vec<K::Row> = ids
        .iter()
        .filter_map(|id| list.row(id))
        .filter(|row| row.has_id())
        .cloned()
        .collect();
    let run_id = state.take_request_id();
    state.status.pending.insert(Slot::Command, run_id);
    state.overlay = Some(Overlay::CommandOutput(CommandRun {
        run_id,
        name: command.name.clone(),
        items: ids.len(),
        lines: Vec::new(),
        dropped: 0,
        ended: None,
        scroll: 0,
    }));
    vec![K::effect(ListCall::RunCommand {
        run_id,
        command: Box::new(command),
        ids,
        rows,
    })]
}

pub(super) fn on_output(state: &mut State, run_id: u64, lines: Vec<String>) {
    if let Some(Overlay::CommandOutput(run)) = &mut state.overlay
        && run.run_id == run_id
    {
        let room = OUTPUT_MAX_LINES.saturating_sub(run.lines.len());
        let extra = lines.len().saturating_sub(room);
        run.lines.extend(lines.into_iter().take(room));
        run.dropped = run.dropped.saturating_add(extra);
    }
}

pub(super) fn on_done(state: &mut State, run_id: u64, result: Result<String, String>) {
    super::finish(state, Slot::Command, run_id);
    if let Some(Overlay::CommandOutput(run)) = &mut state.overlay
        && run.run_id == run_id
    {
        run.ended = Some(result);
    }
}

pub(super) fn on_output_key(state: &mut State, mut run: CommandRun, key: KeyEvent) -> Vec<Effect> {
    let page = isize::try_from(state.viewport_rows.max(1)).unwrap_or(isize::MAX);
    let delta = match state.keymap.action_in(Layer::CommandOutput, &key) {
        Some(Action::Close) => {
            if run.running() {
                state.status.pending.remove(&Slot::Command);
                info(state, format!("{} stopped", run.name));
                return vec![Effect::Call(Call::Cancel(Slot::Command))];
            }
            return Vec::new();
        }
        Some(Action::MoveDown) => 1,
        Some(Action::MoveUp) => -1,
        Some(Action::PageDown) => page,
        Some(Action::PageUp) => page.saturating_neg(),
        Some(Action::Home) => isize::MIN / 2,
        Some(Action::End) => isize::MAX / 2,
        _ => 0,
    };
    if delta != 0 {
        let len = run.lines.len().max(1);
        run.scroll = super::navigation::moved(run.scroll, delta, len);
    }
    state.overlay = Some(Overlay::CommandOutput(run));
    Vec::new()
}
