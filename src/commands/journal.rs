//! `triage42 journal`: the changes this machine made, with how each ended.

use clap::Args;
use serde_json::Value;

use super::{CommandError, OutputArgs, print_rows};
use crate::journal::{Journal, read_records, summarise};
use crate::sanitize;

const JOURNAL_COLUMNS: &[&str] = &[
    "at",
    "change",
    "action",
    "count",
    "state",
    "case",
    "watchlist",
    "outcome",
    "undoes",
    "reason",
    "ids",
];

/// What a table of changes leaves out first when it does not fit.
const JOURNAL_LEAVE_OUT: &[&str] = &["ids", "reason", "undoes", "watchlist", "case", "action"];

#[derive(Debug, Args)]
pub struct JournalArgs {
    /// Only changes since: an age (`12h`, `7d`) or a date (`2026-11-30`).
    #[arg(long)]
    pub since: Option<String>,
    /// The journal of the demo tenant instead of real tenants'.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// The earliest instant `--since` lets through.
fn since(text: &str) -> Result<chrono::DateTime<chrono::Utc>, CommandError> {
    let now = chrono::Utc::now();
    match crate::filter::relative_instant(text, now) {
        Some(Ok(at)) => Ok(at),
        Some(Err(_)) => Err(CommandError::Usage(format!(
            "--since {text:?}: an age like 12h or 7d, within range"
        ))),
        None => crate::api::timestamp::parse(text).ok_or_else(|| {
            CommandError::Usage(format!(
                "--since {text:?}: not an age like 12h or 7d nor a date like 2026-11-30"
            ))
        }),
    }
}

pub fn run(args: JournalArgs) -> Result<(), CommandError> {
    let Some(path) = Journal::default_path(args.demo) else {
        return Err(CommandError::Usage(
            "no home directory to find the journal in; set TRIAGE42_JOURNAL".into(),
        ));
    };
    let from = args.since.as_deref().map(since).transpose()?;
    let changes = summarise(&read_records(&path)?);
    let rows = changes
        .iter()
        .filter(|c| from.is_none_or(|from| c.at >= from))
        .map(|c| serde_json::to_value(c).unwrap_or(Value::Null));
    let written = print_rows(&args.output, (JOURNAL_COLUMNS, JOURNAL_LEAVE_OUT), rows)?;
    if written == 0 {
        let shown = sanitize::one_line(&path.display().to_string()).into_owned();
        let mut notice = match (&args.since, changes.len()) {
            (Some(text), 1..) => {
                format!("No changes since {} in {shown}", sanitize::one_line(text))
            }
            _ => format!("No changes recorded in {shown}"),
        };
        if let Some(hint) = other_journal_hint(args.demo, from, args.since.as_deref()) {
            notice.push('\n');
            notice.push_str(&hint);
        }
        eprintln!("{notice}");
    }
    Ok(())
}

/// When the journal asked for has nothing to show and the other one (the demo tenant's,
/// or real tenants') has: how many changes it has, and the command that lists them.
fn other_journal_hint(
    demo: bool,
    from: Option<chrono::DateTime<chrono::Utc>>,
    since: Option<&str>,
) -> Option<String> {
    let other = Journal::default_path(!demo)?;
    // TRIAGE42_JOURNAL puts both in one file: there is no other journal.
    if Some(&other) == Journal::default_path(demo).as_ref() {
        return None;
    }
    let count = summarise(&read_records(&other).ok()?)
        .iter()
        .filter(|c| from.is_none_or(|from| c.at >= from))
        .count();
    if count == 0 {
        return None;
    }
    let changes = if count == 1 { "change" } else { "changes" };
    let since = since
        .map(|s| format!(" --since {}", sanitize::one_line(s)))
        .unwrap_or_default();
    Some(if demo {
        format!("The journal of real tenants has {count} {changes}: triage42 journal{since}")
    } else {
        format!("The demo tenant's journal has {count} {changes}: triage42 journal --demo{since}")
    })
}

/// Where the journals are, as `triage42 info` shows them: the real tenants' and the
/// demo tenant's, each with how many changes it holds.
pub fn describe_paths() -> String {
    let describe = |path: Option<std::path::PathBuf>| match path {
        None => "none (no home directory; set TRIAGE42_JOURNAL)".to_string(),
        Some(path) => {
            let state = match read_records(&path) {
                Ok(records) if records.is_empty() && !path.exists() => "not written yet".into(),
                Ok(records) => {
                    let n = summarise(&records).len();
                    format!("{n} {}", if n == 1 { "change" } else { "changes" })
                }
                Err(e) => format!("unreadable: {e}"),
            };
            format!(
                "{} ({state})",
                sanitize::one_line(&path.display().to_string())
            )
        }
    };
    let real = Journal::default_path(false);
    let demo = Journal::default_path(true);
    let mut out = format!("{:<14} {}\n", "journal", describe(real.clone()));
    if demo == real {
        out.push_str(&format!(
            "{:<14} the same file (TRIAGE42_JOURNAL is set)\n",
            "demo journal"
        ));
    } else {
        out.push_str(&format!("{:<14} {}\n", "demo journal", describe(demo)));
    }
    out
}
