//! The analyst's own commands (`[[commands]]` in config.toml): a shell command run on
//! the marked items (their ids, or their JSON Lines, on its standard input), from
//! `:!NAME` or its key, its output shown in a pane of its own.

use crate::keymap::KeySpec;

/// What a command reads on its standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommandInput {
    /// The ids of the marked (or selected) items, one a line.
    #[default]
    Ids,
    /// The items as JSON Lines, as an export to a `.jsonl` file writes them.
    JsonLines,
}

impl CommandInput {
    /// As config.toml spells it: "ids" or "jsonl".
    pub fn from_name(name: &str) -> Result<CommandInput, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "ids" => Ok(CommandInput::Ids),
            "jsonl" | "json-lines" | "jsonlines" => Ok(CommandInput::JsonLines),
            other => Err(format!(
                "input {:?} is not one of ids, jsonl",
                crate::sanitize::cell(other, 20)
            )),
        }
    }
}

/// One `[[commands]]` entry, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomCommand {
    pub name: String,
    /// The key that runs it from the panes, if it has one.
    pub key: Option<KeySpec>,
    /// Run with `sh -c`.
    pub command: String,
    pub input: CommandInput,
    /// Ask before running it.
    pub confirm: bool,
    /// It changes things (a ticket, the tenant): hidden in `--read-only`.
    pub mutating: bool,
    pub description: Option<String>,
}

impl CustomCommand {
    /// Checks the name (it follows `:!`) and that its key is not one the panes use.
    pub fn check(&self, keymap: &crate::keymap::Keymap) -> Result<(), String> {
        let name = &self.name;
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(format!(
                "command name {:?}: one word, without spaces",
                crate::sanitize::cell(name, 30)
            ));
        }
        if self.command.trim().is_empty() {
            return Err(format!("command {name:?} has an empty command line"));
        }
        if let Some(key) = &self.key {
            let event = crossterm::event::KeyEvent::new(
                key.code,
                if key.ctrl {
                    crossterm::event::KeyModifiers::CONTROL
                } else {
                    crossterm::event::KeyModifiers::NONE
                },
            );
            if let Some(action) = keymap.action_for(&event) {
                return Err(format!(
                    "command {name:?}: the key {} is already {} (choose another, or rebind that in keymap.toml)",
                    key.label(),
                    action.name()
                ));
            }
        }
        Ok(())
    }
}

/// The most lines of output the pane keeps; the first ones are kept.
pub const OUTPUT_MAX_LINES: usize = 10_000;

/// A run of a command and what it has printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRun {
    pub run_id: u64,
    pub name: String,
    /// How many items it was given.
    pub items: usize,
    pub lines: Vec<String>,
    /// Lines it printed past [`OUTPUT_MAX_LINES`], not kept.
    pub dropped: usize,
    /// How it ended ("exit status 0"), once it has.
    pub ended: Option<Result<String, String>>,
    /// The first line shown.
    pub scroll: usize,
}

impl CommandRun {
    pub fn running(&self) -> bool {
        self.ended.is_none()
    }
}
