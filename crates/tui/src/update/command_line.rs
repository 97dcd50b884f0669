//! The command line (`:`): typed with completion (`Tab`) and history (`↑`/`↓`), run on
//! `Enter`. A line that cannot run stays, with what is wrong, to be fixed.

use crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::{actor_card, info, trail, watchlists};
use crate::action::{Action, Layer};
use crate::effect::{Effect, LocalEffect};
use crate::state::{
    ActorRef, COMMAND_HISTORY_MAX, Command, CommandLine, State, View, complete, parse_command,
};

/// `:`: an empty line; the watchlists are read for completion if they are not yet.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    state.command = Some(CommandLine::default());
    if state.watchlists.is_none() {
        watchlists::load(state)
    } else {
        Vec::new()
    }
}

pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(mut line) = state.command.take() else {
        return Vec::new();
    };
    match state.keymap.action_in(Layer::Command, &key) {
        Some(Action::LeaveFilter) => return remember(state, line.input.value()),
        Some(Action::RunCommandLine) => {
            let text = line.input.value().trim().to_string();
            if text.is_empty() {
                return Vec::new();
            }
            return match parse_command(&text).and_then(|command| run(state, command)) {
                Ok(mut effects) => {
                    effects.extend(remember(state, &text));
                    effects
                }
                Err(error) => {
                    line.error = Some(error);
                    line.choices.clear();
                    state.command = Some(line);
                    Vec::new()
                }
            };
        }
        Some(Action::Complete) => {
            let (text, choices) = complete(line.input.value(), |command| names(state, command));
            line.input = Input::new(text);
            line.choices = choices;
            line.error = None;
        }
        Some(Action::OlderFilter) => recall(state, &mut line, true),
        Some(Action::NewerFilter) => recall(state, &mut line, false),
        _ => {
            line.recalled = None;
            line.input.handle_event(&Event::Key(key));
            line.error = None;
            line.choices.clear();
        }
    }
    state.command = Some(line);
    Vec::new()
}

/// The line joins the history (once, as its most recent entry), which is kept for the
/// next run when there is a place for it.
fn remember(state: &mut State, text: &str) -> Vec<Effect> {
    let text = text.trim();
    if text.is_empty() || state.command_history.last().map(String::as_str) == Some(text) {
        return Vec::new();
    }
    state.command_history.retain(|old| old != text);
    state.command_history.push(text.to_string());
    let extra = state
        .command_history
        .len()
        .saturating_sub(COMMAND_HISTORY_MAX);
    state.command_history.drain(..extra);
    match &state.command_history_path {
        Some(path) => vec![Effect::Local(LocalEffect::StoreCommandHistory {
            path: path.clone(),
            lines: state.command_history.clone(),
        })],
        None => Vec::new(),
    }
}

/// `↑` (older) or `↓` (newer): the earlier lines in turn, most recent first; past the
/// newest, what was being typed.
fn recall(state: &State, line: &mut CommandLine, older: bool) {
    let history = &state.command_history;
    let typed = line.input.value().to_string();
    let next = match (&line.recalled, older) {
        (None, true) if !history.is_empty() => Some((0, typed)),
        (None, _) => None,
        (Some((at, typed)), true) => Some((
            at.saturating_add(1).min(history.len().saturating_sub(1)),
            typed.clone(),
        )),
        (Some((0, typed)), false) => {
            line.input = Input::new(typed.clone());
            line.recalled = None;
            return;
        }
        (Some((at, typed)), false) => Some((at.saturating_sub(1), typed.clone())),
    };
    let Some((at, typed)) = next else {
        return;
    };
    if let Some(text) = history.iter().rev().nth(at) {
        line.input = Input::new(text.clone());
        line.recalled = Some((at, typed));
        line.error = None;
        line.choices.clear();
    }
}

/// What `Tab` can complete the argument of `command` to.
fn names(state: &State, command: &str) -> Vec<String> {
    match command {
        "actor" => {
            let mut names: Vec<String> = state
                .alerts
                .list
                .rows
                .iter()
                .map(|r| r.actor.clone())
                .chain(state.sessions.list.rows.iter().map(|r| r.actor.clone()))
                .chain(state.trail.iter().filter_map(|p| match p {
                    crate::state::Place::Actor(card) => Some(card.label().to_string()),
                    crate::state::Place::List { .. } => None,
                }))
                .filter(|name| !name.is_empty())
                .collect();
            names.sort();
            names.dedup();
            names
        }
        "watchlist" => state
            .watchlists
            .iter()
            .flatten()
            .map(|w| w.title.clone())
            .collect(),
        "alerts" | "sessions" => {
            let fields: Vec<&str> = if command == "alerts" {
                crate::filter::FIELD_NAMES.to_vec()
            } else {
                crate::filter::sessions::FIELDS.split(", ").collect()
            };
            fields.iter().map(|f| format!("{f}:")).collect()
        }
        "cases" => ["status:open", "status:closed", "name:", "number:"]
            .map(String::from)
            .to_vec(),
        // The numbers of the cases the list holds.
        "case" => state
            .cases
            .list
            .rows
            .iter()
            .filter(|r| !r.id.is_empty())
            .map(|r| r.id.clone())
            .collect(),
        "!" => state
            .custom_commands
            .iter()
            .map(|c| c.name.clone())
            .collect(),
        _ => Vec::new(),
    }
}

fn run(state: &mut State, command: Command) -> Result<Vec<Effect>, String> {
    match command {
        Command::Actor(text) => {
            // A name is an email in most tenants; anything else may be an id, which the
            // card's read tries when no actor has that name.
            Ok(actor_card::open(state, ActorRef::Name(text)))
        }
        Command::Alerts(filter) => {
            crate::filter::parse(&filter, state.now).map_err(|e| e.message)?;
            Ok(trail::pivot_to_list(state, View::Alerts, filter, None))
        }
        Command::Sessions(filter) => {
            crate::filter::sessions::parse(&filter, state.now).map_err(|e| e.message)?;
            Ok(trail::pivot_to_list(state, View::Sessions, filter, None))
        }
        Command::Cases(filter) => {
            crate::filter::cases::parse(&filter).map_err(|e| e.message)?;
            Ok(trail::pivot_to_list(state, View::Cases, filter, None))
        }
        Command::Case(number) => Ok(trail::pivot_to_list(
            state,
            View::Cases,
            format!("number:{number}"),
            Some(number.to_string()),
        )),
        Command::Watchlist(name) => Ok(watchlists::browse(state, name)),
        Command::Hash(hash) => Ok(actor_card::search_hash(state, hash)),
        Command::Run(name) => super::custom_commands::start_by_name(state, &name),
        Command::Back => match trail::back(state) {
            Some(effects) => Ok(effects),
            None => {
                info(state, "Nothing to go back to".into());
                Ok(Vec::new())
            }
        },
        Command::Help => {
            super::overlays::open_help(state);
            Ok(Vec::new())
        }
        Command::Quit => Ok(super::stopping::request_quit(state)),
    }
}
