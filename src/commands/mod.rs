//! Scriptable commands: the same client and filter language as the TUI, with output
//! for people (tables) or for pipes (JSON, JSON Lines, CSV).
//!
//! Exit codes: 0 success, 1 an API or network error, 2 bad usage or a bad query.

mod alerts;
mod cases;
pub mod events;
pub mod output;

use clap::{Args, Subcommand};

use crate::api::{ApiError, Client, ClientConfig};
pub use output::Format;

/// Where to connect, settled from flags, environment and profile before any command runs.
#[derive(Debug, Clone)]
pub struct ConnectionArgs {
    /// The client settings, or why there are none (a message naming what to set).
    pub client_config: Result<ClientConfig, String>,
    /// Refuse every command that changes something.
    pub read_only: bool,
    /// The profile's query for `alerts search` without one.
    pub default_query: Option<String>,
}

impl ConnectionArgs {
    pub fn client(&self) -> Result<Client, CommandError> {
        match &self.client_config {
            Ok(config) => Client::new(config.clone()).map_err(CommandError::Api),
            Err(message) => Err(CommandError::Usage(message.clone())),
        }
    }

    fn refuse_if_read_only(&self, what: &str) -> Result<(), CommandError> {
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
    /// Output format (default: table on a terminal, jsonl when piped).
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Columns to show, comma-separated (dotted names reach into nested fields).
    #[arg(long, value_delimiter = ',')]
    pub columns: Option<Vec<String>>,
}

#[derive(Debug, Subcommand)]
pub enum AlertsCommand {
    /// Search alerts with the filter language of the TUI's `/` line.
    Search(alerts::SearchArgs),
    /// Show alerts with their observations.
    Show {
        #[arg(required = true)]
        ids: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change the state of alerts (ids as arguments, or `-` to read them from stdin).
    Update(alerts::UpdateArgs),
    /// Replace an alert's note.
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
    /// Show one case.
    Show {
        number: u64,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Create a case.
    Create(cases::CreateArgs),
    /// Add file events to a case.
    AddEvents {
        number: u64,
        #[arg(required = true)]
        event_ids: Vec<String>,
    },
    /// List the file events of a case.
    Events {
        number: u64,
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
}

impl CommandError {
    /// 2 for bad usage or a bad query, 1 for API and network errors.
    pub fn exit_code(&self) -> i32 {
        match self {
            CommandError::Usage(_) => 2,
            CommandError::Api(ApiError::InvalidInput(_)) => 2,
            CommandError::Io(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            _ => 1,
        }
    }
}

fn terminal_width() -> usize {
    crossterm::terminal::size()
        .map(|(w, _)| w as usize)
        .ok()
        .filter(|w| *w > 0)
        .unwrap_or(120)
}

fn runtime() -> Result<tokio::runtime::Runtime, CommandError> {
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
                eprintln!("triage42: {e}");
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

pub fn run_cases(conn: &ConnectionArgs, cmd: CasesCommand) -> i32 {
    finish(runtime().and_then(|rt| rt.block_on(cases::run(conn, cmd))))
}

/// Writes `rows` in the chosen format to stdout.
pub(crate) fn print_rows(
    output: &OutputArgs,
    default_columns: &[&str],
    rows: impl IntoIterator<Item = serde_json::Value>,
) -> Result<usize, CommandError> {
    let format = Format::resolve(output.format);
    let columns = output
        .columns
        .clone()
        .unwrap_or_else(|| default_columns.iter().map(|c| c.to_string()).collect());
    let stdout = std::io::stdout().lock();
    let mut writer = output::RowWriter::new(stdout, format, columns, terminal_width())?;
    for row in rows {
        writer.row(&row)?;
    }
    Ok(writer.finish()?)
}
