//! `triage42 journal`: the changes this machine made, with how each ended.

use clap::Args;
use serde_json::Value;

use super::{CommandError, OutputArgs, print_rows};
use crate::journal::{Journal, read_records, summarise};

const JOURNAL_COLUMNS: &[&str] = &[
    "at", "change", "action", "count", "state", "case", "outcome", "undoes", "reason", "ids",
];

/// What a table of changes leaves out first when it does not fit.
const JOURNAL_LEAVE_OUT: &[&str] = &["ids", "reason", "undoes", "case", "action"];

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
        eprintln!("No changes recorded in {}", path.display());
    }
    Ok(())
}
