//! Scriptable commands: the same client and filter language as the TUI, with output
//! for people (tables) or for pipes (JSON, JSON Lines, CSV).
//!
//! Exit codes: 0 success, 1 an API or network error, 2 bad usage or a bad query,
//! 3 every item that could be read was written but some could not be read (each is
//! named on stderr).

mod actors;
mod alerts;
mod cases;
mod changes;
pub mod checkpoint;
mod detail_view;
mod details_json;
mod details_line;
pub mod doctor;
pub mod events;
mod ids;
pub mod journal;
pub mod logging;
pub mod output;
mod progress;
pub mod sessions;
mod sheet;
pub mod undo;
mod watchlists;
mod writer_thread;

use clap::{Args, Subcommand};

use crate::api::{ApiError, Client, UnreadableItem};
use crate::sanitize;
pub use actors::ActorsCommand;
pub use output::Format;
pub use sessions::SessionsCommand;
pub use watchlists::WatchlistsCommand;

/// Where to connect, settled from flags, environment and profile before any command runs.
#[derive(Debug, Clone)]
pub struct ConnectionArgs {
    /// The settings the client is built from. The client settings are only made (and a
    /// `secret_command` only run) when a command gets as far as talking to the tenant.
    pub settings: crate::config::Resolved,
    /// `--retry-deadline`, in seconds.
    pub retry_deadline: Option<u64>,
    /// Refuse every command that changes something.
    pub read_only: bool,
    /// The profile's query for `alerts search` without one.
    pub default_query: Option<String>,
    /// Where changes are journaled (`None`: nowhere, for lack of a home directory).
    pub journal: Option<std::path::PathBuf>,
}

impl ConnectionArgs {
    pub fn client(&self) -> Result<Client, CommandError> {
        let mut config = self
            .settings
            .client_config()
            .map_err(|e| CommandError::Usage(e.to_string()))?;
        if let Some(secs) = self.retry_deadline {
            config.retry_deadline = std::time::Duration::from_secs(secs);
        }
        // Retries can take a while within their deadline: say why the command waits.
        config.on_retry = Some(crate::api::RetryObserver::new(|notice| {
            eprintln!("triage42: {}", sanitize::one_line(&notice.to_string()));
        }));
        if let Some(path) = &self.journal {
            let journal = crate::journal::Journal::new(path, &config.client_id, &config.base_url);
            config.change_log = Some(std::sync::Arc::new(journal));
        }
        Client::new(config).map_err(CommandError::Api)
    }

    pub(crate) fn refuse_if_read_only(&self, what: &str) -> Result<(), CommandError> {
        if self.read_only {
            return Err(CommandError::Usage(format!(
                "{what} changes the tenant and --read-only is set"
            )));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format, in any case (default: table on a terminal, jsonl when piped; for
    /// `show`, detail on a terminal): table, detail (`Label: value` lines), csv, json
    /// (an array), json-lines (jsonl, ndjson), json-pretty, raw-json.
    #[arg(long, short = 'f', value_enum, ignore_case = true)]
    pub format: Option<Format>,
    /// Columns to show, comma-separated: the field names of the JSON output (dotted
    /// names reach into nested fields).
    #[arg(long, value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
    /// CSV for a spreadsheet (the default): cells that would run as formulas (=, +, -,
    /// @) get a leading `'`, and control characters become visible markers.
    #[arg(long, conflicts_with = "exact_csv")]
    pub csv_formula_guard: bool,
    /// CSV exactly as the server sent it, for programs: no formula guard and no markers
    /// (on a terminal the markers stay: raw control characters would act on it).
    #[arg(long)]
    pub exact_csv: bool,
}

impl OutputArgs {
    /// Whether CSV cells that would run as formulas are defused.
    pub fn formula_guard(&self) -> bool {
        !self.exact_csv
    }
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Search alerts with the filter language of the TUI's `/` line.
    Search(alerts::SearchArgs),
    /// Show alerts with their observations and files (on a terminal as `Label: value`
    /// lines, `--format detail`; JSON Lines when piped).
    Show {
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change the state of alerts (ids as arguments, or `-` to read them from stdin).
    Update(changes::ChangeArgs),
    /// Replace an alert's note (also `add-note`, as incydr names it).
    #[command(alias = "add-note")]
    Note { id: String, text: String },
    /// List the alert rules.
    Rules {
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Search file events: `md5:… sha256:… user:… name:… dir:… action:… since:7d before:2026-11-01 risk>5`.
    Search(events::SearchArgs),
}

#[derive(Debug, Subcommand)]
pub enum CasesCommand {
    /// List cases.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show one case (on a terminal as `Label: value` lines, `--format detail`).
    Show {
        number: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a case.
    Create(cases::CreateArgs),
    /// Change a case's name, description, findings, subject, assignee or status (the
    /// fields not given keep their values; a closed case cannot be changed).
    Update(cases::UpdateArgs),
    /// Add file events to a case (event ids as arguments, or `-` to read them from stdin).
    AddEvents {
        number: u64,
        /// Event ids, or `-`: one a line, or JSON Lines as `events search --format jsonl` prints.
        #[arg(required = true)]
        event_ids: Vec<String>,
    },
    /// The file events of a case, as incydr spells it: `file-events add N ID…|-`, `file-events list N`.
    #[command(subcommand)]
    FileEvents(CaseFileEventsCommand),
    /// List the file events of a case.
    Events {
        number: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum CaseFileEventsCommand {
    /// Add file events to a case (as `cases add-events`).
    Add {
        number: u64,
        /// Event ids, or `-`: one a line, or JSON Lines as `events search --format jsonl` prints.
        #[arg(required = true)]
        event_ids: Vec<String>,
    },
    /// List the file events of a case (as `cases events`).
    List {
        number: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
}

/// `triage42 alert-rules [list]`: `alerts rules` under incydr's name.
#[derive(Debug, Args)]
pub struct AlertRulesArgs {
    #[command(subcommand)]
    pub list: Option<AlertRulesCommand>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Subcommand)]
pub enum AlertRulesCommand {
    /// List the alert rules.
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Everything readable was written; this many items could not be read.
    #[error("{count} {noun} could not be read (named above); every other one was written")]
    Unreadable { count: usize, noun: &'static str },
}

impl CommandError {
    /// 2 for bad usage or a bad query, 1 for API and network errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            CommandError::Usage(_) => 2,
            CommandError::Api(ApiError::InvalidInput(_)) => 2,
            CommandError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            CommandError::Unreadable { .. } => 3,
            _ => 1,
        }
    }
}

/// The width tables and detail views fit: `COLUMNS` when it is set to a number, else the
/// terminal's when stdout is one, else 80.
fn terminal_width() -> usize {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c > 0);
    if let Some(columns) = columns {
        return columns;
    }
    if std::io::stdout().is_terminal()
        && let Ok((width, _)) = crossterm::terminal::size()
        && width > 0
    {
        return usize::from(width);
    }
    80
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(CommandError::Io)
}

/// Runs a command and turns its outcome into an exit code, with the message on stderr.
pub fn finish(result: Result<(), CommandError>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            if !matches!(&e, CommandError::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe) {
                // Errors quote server bodies: sanitised, with the caret lines of a bad query kept.
                eprintln!("triage42: {}", sanitize::multi_line(&e.to_string()));
            }
            e.exit_code()
        }
    }
}

pub fn run_alerts(conn: &ConnectionArgs, cmd: AlertsCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(alerts::run(conn, cmd))))
}

pub fn run_events(conn: &ConnectionArgs, cmd: EventsCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(events::run(conn, cmd))))
}

pub fn run_actors(conn: &ConnectionArgs, cmd: ActorsCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(actors::run(conn, cmd))))
}

pub fn run_watchlists(conn: &ConnectionArgs, cmd: WatchlistsCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(watchlists::run(conn, cmd))))
}

pub fn run_sessions(conn: &ConnectionArgs, cmd: SessionsCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(sessions::run(conn, cmd))))
}

pub fn run_alert_rules(conn: &ConnectionArgs, args: AlertRulesArgs) -> i32 {
    // Flags before or after `list` both count; after wins.
    let output = match args.list {
        Some(AlertRulesCommand::List { output }) => OutputArgs {
            format: output.format.or(args.output.format),
            columns: output.columns.or(args.output.columns),
            csv_formula_guard: output.csv_formula_guard || args.output.csv_formula_guard,
            exact_csv: output.exact_csv || args.output.exact_csv,
        },
        None => args.output,
    };
    run_alerts(conn, AlertsCommand::Rules { output })
}

pub fn run_cases(conn: &ConnectionArgs, cmd: CasesCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(cases::run(conn, cmd))))
}

/// Items a command could not read: each is named on stderr as it comes, and the
/// command ends with exit code 3 when there were any.
pub(crate) struct UnreadableReport {
    /// Singular and plural names of the items, e.g. ("alert", "alerts").
    nouns: (&'static str, &'static str),
    count: usize,
}

impl UnreadableReport {
    pub(crate) fn new(singular: &'static str, plural: &'static str) -> UnreadableReport {
        UnreadableReport {
            nouns: (singular, plural),
            count: 0,
        }
    }

    /// How many items could not be read so far.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    pub(crate) fn note(&mut self, item: &UnreadableItem) {
        self.count = self.count.saturating_add(1);
        let id = item.id.as_deref().unwrap_or("(no id)");
        eprintln!(
            "triage42: could not read {} {}: {}",
            self.nouns.0,
            sanitize::one_line(id),
            sanitize::one_line(&item.reason)
        );
    }

    /// `Ok` when every item was read.
    pub(crate) fn finish(self) -> Result<(), CommandError> {
        match self.count {
            0 => Ok(()),
            1 => Err(CommandError::Unreadable {
                count: 1,
                noun: self.nouns.0,
            }),
            count => Err(CommandError::Unreadable {
                count,
                noun: self.nouns.1,
            }),
        }
    }
}

/// Says on stderr which items listed by a search no longer exist (deleted since): they
/// are not unreadable, so they do not make the exit code 3.
pub(crate) fn report_gone(ids: &[String], singular: &str, plural: &str) {
    const SHOWN: usize = 5;
    let noun = if ids.len() == 1 { singular } else { plural };
    let verb = if ids.len() == 1 { "exists" } else { "exist" };
    if ids.is_empty() {
        return;
    }
    let shown: Vec<String> = ids
        .iter()
        .take(SHOWN)
        .map(|id| sanitize::one_line(id).into_owned())
        .collect();
    let more = ids.len().saturating_sub(SHOWN);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    eprintln!(
        "triage42: {} {noun} no longer {verb} (deleted since the search): {}{more}",
        ids.len(),
        shown.join(", ")
    );
}

/// Writes the readable items in the chosen format and names the others on stderr;
/// exit code 3 when some could not be read.
pub(crate) fn print_items<'a, T: serde::Serialize + 'a>(
    output: &OutputArgs,
    (default_columns, may_leave_out): (&[&str], &[&str]),
    items: impl IntoIterator<Item = &'a crate::api::Item<T>>,
    mut report: UnreadableReport,
) -> Result<(), CommandError> {
    let rows = items.into_iter().filter_map(|item| match item {
        crate::api::Item::Read(t) => {
            Some(serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
        }
        crate::api::Item::Unreadable(u) => {
            report.note(u);
            None
        }
    });
    print_rows(output, (default_columns, may_leave_out), rows)?;
    report.finish()
}

/// Writes `rows` in the chosen format to stdout: the default columns unless `--columns`
/// names others, of which a table may leave out `may_leave_out` (first to go first) to
/// fit the width.
pub(crate) fn print_rows(
    output: &OutputArgs,
    (default_columns, may_leave_out): (&[&str], &[&str]),
    rows: impl IntoIterator<Item = serde_json::Value>,
) -> Result<usize, CommandError> {
    print_rows_as(
        Format::resolve(output.format),
        output,
        (default_columns, may_leave_out),
        rows,
    )
}

/// [`print_rows`] in `format`, already settled.
pub(crate) fn print_rows_as(
    format: Format,
    output: &OutputArgs,
    (default_columns, may_leave_out): (&[&str], &[&str]),
    rows: impl IntoIterator<Item = serde_json::Value>,
) -> Result<usize, CommandError> {
    let stdout = std::io::stdout().lock();
    let mut writer = writer_for(stdout, format, output, (default_columns, may_leave_out))?;
    for row in rows {
        writer.row(&row)?;
    }
    Ok(writer.finish()?)
}

/// A writer of `format` for the columns `--columns` names, else the default ones (of
/// which a table may leave out `may_leave_out` to fit the width).
pub(crate) fn writer_for<W: std::io::Write>(
    out: W,
    format: Format,
    output: &OutputArgs,
    (default_columns, may_leave_out): (&[&str], &[&str]),
) -> std::io::Result<output::RowWriter<W>> {
    let (columns, may_leave_out) = match &output.columns {
        Some(columns) => (columns.clone(), &[][..]),
        None => (
            default_columns.iter().map(|c| c.to_string()).collect(),
            may_leave_out,
        ),
    };
    Ok(
        output::RowWriter::new(out, format, columns, terminal_width())?
            .spreadsheet_safe(output.formula_guard())
            .may_leave_out(may_leave_out),
    )
}
