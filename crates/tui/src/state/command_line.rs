//! The command line (`:`): what is typed, its history, and what a line means.

use std::path::{Path, PathBuf};

use tui_input::Input;

/// The most lines the command history keeps.
pub const COMMAND_HISTORY_MAX: usize = 50;

/// Where the command history of the journal at `journal` is kept: beside it
/// (`demo-journal.jsonl` → `demo-commands.txt`).
pub fn history_path_for(journal: &Path) -> PathBuf {
    let name = journal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let history = match name.strip_suffix("journal.jsonl") {
        Some(prefix) => format!("{prefix}commands.txt"),
        None => format!("{name}.commands.txt"),
    };
    journal.with_file_name(history)
}

/// The history kept at `path`, oldest first: one line each, the last
/// [`COMMAND_HISTORY_MAX`]. A line nobody could have typed (controls, bidi, invisible
/// characters: the file was edited, or is not ours) is left out; no file, or one that
/// cannot be read, is no history.
pub fn load_history(path: &Path) -> Vec<String> {
    let Ok(bytes) = std::fs::read(path) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.chars().any(crate::sanitize::is_unsafe) {
            continue;
        }
        lines.retain(|old| old != line);
        lines.push(line.to_string());
    }
    let extra = lines.len().saturating_sub(COMMAND_HISTORY_MAX);
    lines.drain(..extra);
    lines
}

/// Writes the history to `path` (0600, whole or not at all).
pub fn store_history(path: &Path, lines: &[String]) -> std::io::Result<()> {
    let mut text = lines.join("\n");
    text.push('\n');
    crate::private_file::write_atomically(path, text.as_bytes())
}

/// The line being typed after `:`.
#[derive(Debug, Clone, Default)]
pub struct CommandLine {
    pub input: Input,
    /// Why the line was refused (it stays, to be fixed).
    pub error: Option<String>,
    /// While `↑`/`↓` walk the history: the entry shown (counted from the most recent)
    /// and the text typed before the walk began.
    pub recalled: Option<(usize, String)>,
    /// The names `Tab` could complete the word to, when more than one.
    pub choices: Vec<String>,
}

/// What a command line asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The actor card of a name (an email) or an id.
    Actor(String),
    /// The alert list with this filter.
    Alerts(String),
    /// The session list with this filter.
    Sessions(String),
    /// The cases list with this filter.
    Cases(String),
    /// One case, by its number.
    Case(u64),
    /// The watchlists, or one watchlist's members.
    Watchlist(Option<String>),
    /// The file events of a file, by its SHA-256 (or MD5).
    Hash(String),
    /// One of the analyst's own commands (`[[commands]]`), on the marked items.
    Run(String),
    /// Back along the breadcrumbs.
    Back,
    Help,
    Quit,
}

/// The command words, in the order completion offers them, with what they take.
pub const COMMANDS: &[(&str, &str)] = &[
    ("actor", "NAME|ID"),
    ("alerts", "[FILTER]"),
    ("sessions", "[FILTER]"),
    ("case", "NUMBER"),
    ("cases", "[FILTER]"),
    ("watchlist", "[NAME]"),
    ("watchlists", ""),
    ("hash", "SHA256|MD5"),
    ("back", ""),
    ("help", ""),
    ("quit", ""),
];

/// The command word `word` stands for: itself, or the one command it begins
/// (`al` → `alerts`).
fn command_word(word: &str) -> Result<&'static str, String> {
    let lower = word.to_ascii_lowercase();
    if let Some((name, _)) = COMMANDS.iter().find(|(name, _)| *name == lower) {
        return Ok(name);
    }
    let begun: Vec<&'static str> = COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(&lower))
        .collect();
    match begun.as_slice() {
        [one] => Ok(one),
        [] => Err(format!(
            "no command {:?}; the commands are {} and !NAME for your own",
            crate::sanitize::cell(word, 20),
            COMMANDS
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>()
                .join(", ")
        )),
        many => Err(format!(
            "{:?} could be {}",
            crate::sanitize::cell(word, 20),
            many.join(" or ")
        )),
    }
}

/// What `text` (the line without its `:`) asks for, or why it cannot be run.
pub fn parse_command(text: &str) -> Result<Command, String> {
    let text = text.trim();
    if let Some(name) = text.strip_prefix('!') {
        let name = name.trim();
        if name.is_empty() {
            return Err("name the command to run: !NAME".into());
        }
        return Ok(Command::Run(name.to_string()));
    }
    let (word, rest) = match text.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (text, ""),
    };
    if word.is_empty() {
        return Err(
            "type a command: actor, alerts, sessions, cases, case, watchlist, hash…".into(),
        );
    }
    let needs = |what: &str| -> Result<String, String> {
        if rest.is_empty() {
            Err(format!("{word} needs {what}"))
        } else {
            Ok(rest.to_string())
        }
    };
    let takes_nothing = |command: Command| -> Result<Command, String> {
        if rest.is_empty() {
            Ok(command)
        } else {
            Err(format!("{word} takes nothing after it"))
        }
    };
    match command_word(word)? {
        "actor" => needs("a name or an id").map(Command::Actor),
        "alerts" => Ok(Command::Alerts(rest.to_string())),
        "sessions" => Ok(Command::Sessions(rest.to_string())),
        "cases" => Ok(Command::Cases(rest.to_string())),
        "case" => {
            let number = needs("a case number")?;
            number
                .trim_start_matches('#')
                .parse()
                .map(Command::Case)
                .map_err(|_| {
                    format!(
                        "{:?} is not a case number",
                        crate::sanitize::cell(&number, 20)
                    )
                })
        }
        "watchlist" => Ok(Command::Watchlist(
            (!rest.is_empty()).then(|| rest.to_string()),
        )),
        "watchlists" => takes_nothing(Command::Watchlist(None)),
        "hash" => {
            let hash = needs("a SHA-256 or MD5")?;
            let hex = hash.chars().all(|c| c.is_ascii_hexdigit());
            if hex && (hash.len() == 64 || hash.len() == 32) {
                Ok(Command::Hash(hash.to_ascii_lowercase()))
            } else {
                Err(format!(
                    "{:?} is not a SHA-256 (64 hex digits) or an MD5 (32)",
                    crate::sanitize::cell(&hash, 20)
                ))
            }
        }
        "back" => takes_nothing(Command::Back),
        "help" => takes_nothing(Command::Help),
        _ => takes_nothing(Command::Quit),
    }
}

/// `Tab` on `text`: the completed text and, when the word could still be several
/// names, those names. `names` gives the names an argument of a command can take
/// (actors, watchlists, the analyst's commands) by the command word.
pub fn complete(text: &str, names: impl Fn(&str) -> Vec<String>) -> (String, Vec<String>) {
    let (head, word, candidates): (String, &str, Vec<String>) =
        if let Some(name) = text.strip_prefix('!') {
            ("!".into(), name, names("!"))
        } else {
            match text.split_once(char::is_whitespace) {
                None => (
                    String::new(),
                    text,
                    COMMANDS.iter().map(|(name, _)| name.to_string()).collect(),
                ),
                Some((command, argument)) => {
                    let Ok(command) = command_word(command) else {
                        return (text.to_string(), Vec::new());
                    };
                    (format!("{command} "), argument.trim_start(), names(command))
                }
            }
        };
    let lower = word.to_lowercase();
    let mut matching: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.to_lowercase().starts_with(&lower))
        .collect();
    matching.sort();
    matching.dedup();
    match matching.as_slice() {
        [] => (text.to_string(), Vec::new()),
        [one] => {
            // A whole command word is followed by the space its argument needs.
            let space = head.is_empty() && !text.starts_with('!');
            (
                format!("{head}{one}{}", if space { " " } else { "" }),
                Vec::new(),
            )
        }
        many => {
            let common = common_prefix(many);
            let completed = if common.chars().count() > word.chars().count() {
                format!("{head}{common}")
            } else {
                text.to_string()
            };
            (completed, many.to_vec())
        }
    }
}

/// The longest start the names share (compared without case, kept as the first has it).
fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut length = first.chars().count();
    for name in names.iter().skip(1) {
        let shared = first
            .chars()
            .zip(name.chars())
            .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
            .count();
        length = length.min(shared);
    }
    first.chars().take(length).collect()
}

#[cfg(test)]
mod history_tests {
    use super::*;

    #[test]
    fn the_history_comes_back_as_it_was_kept_and_odd_lines_stay_out() {
        let dir = tempfile::tempdir().unwrap();
        let journal = dir.path().join("demo-journal.jsonl");
        let path = history_path_for(&journal);
        assert_eq!(path, dir.path().join("demo-commands.txt"));
        assert!(load_history(&path).is_empty());
        let lines: Vec<String> = ["actor bob@example.com", "case 3", "cases status:open"]
            .map(String::from)
            .to_vec();
        store_history(&path, &lines).unwrap();
        assert_eq!(load_history(&path), lines);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let odd = "actor a\n\u{1b}]52;c;ZXZpbA==\u{7}\nhash \u{202e}x\n\n  case 3  \nactor a\n";
        std::fs::write(&path, [odd.as_bytes(), &[0xff, b'\n']].concat()).unwrap();
        assert_eq!(load_history(&path), ["case 3", "actor a", "\u{fffd}"]);
        let many: String = (0..80).map(|n| format!("case {n}\n")).collect();
        std::fs::write(&path, many).unwrap();
        let kept = load_history(&path);
        assert_eq!(kept.len(), COMMAND_HISTORY_MAX);
        assert_eq!(kept.last().map(String::as_str), Some("case 79"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_parse_with_their_arguments() {
        assert_eq!(
            parse_command("actor ava@example.com"),
            Ok(Command::Actor("ava@example.com".into()))
        );
        assert_eq!(
            parse_command("  al state:open severity:high "),
            Ok(Command::Alerts("state:open severity:high".into()))
        );
        assert_eq!(parse_command("alerts"), Ok(Command::Alerts(String::new())));
        assert_eq!(parse_command("watchlists"), Ok(Command::Watchlist(None)));
        assert_eq!(
            parse_command("watchlist Flight risk"),
            Ok(Command::Watchlist(Some("Flight risk".into())))
        );
        assert_eq!(parse_command("!ticket"), Ok(Command::Run("ticket".into())));
        assert_eq!(parse_command("q"), Ok(Command::Quit));
        let sha = "A".repeat(64);
        assert_eq!(
            parse_command(&format!("hash {sha}")),
            Ok(Command::Hash("a".repeat(64)))
        );
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        assert!(parse_command("actor").unwrap_err().contains("needs a name"));
        assert!(parse_command("hash 123").unwrap_err().contains("SHA-256"));
        assert!(
            parse_command("frobnicate")
                .unwrap_err()
                .contains("no command")
        );
        // `w` begins watchlist and watchlists.
        assert!(parse_command("w").unwrap_err().contains("could be"));
        assert!(
            parse_command("quit now")
                .unwrap_err()
                .contains("takes nothing")
        );
        assert!(parse_command("!").unwrap_err().contains("!NAME"));
        assert!(parse_command("").is_err());
    }

    #[test]
    fn tab_completes_command_words_and_names() {
        let names = |command: &str| -> Vec<String> {
            match command {
                "actor" => vec!["ava@example.com".into(), "avery@example.com".into()],
                "!" => vec!["ticket".into()],
                _ => Vec::new(),
            }
        };
        assert_eq!(complete("ses", names), ("sessions ".into(), vec![]));
        assert_eq!(
            complete("actor a", names),
            (
                "actor av".into(),
                vec!["ava@example.com".into(), "avery@example.com".into()]
            )
        );
        assert_eq!(
            complete("actor ave", names),
            ("actor avery@example.com".into(), vec![])
        );
        assert_eq!(complete("!t", names), ("!ticket".into(), vec![]));
        // Nothing to offer: the text stays.
        assert_eq!(complete("actor z", names), ("actor z".into(), vec![]));
        // `wa` could be watchlist or watchlists: the shared part is completed.
        let (text, choices) = complete("wa", names);
        assert_eq!(text, "watchlist");
        assert_eq!(
            choices,
            vec!["watchlist".to_string(), "watchlists".to_string()]
        );
    }
}
