//! `triage42 sessions …`: search, show, a session's file events, state changes and notes.

use clap::{Args, Subcommand};
use futures::StreamExt;

use super::changes::{ChangeArgs, ChangeOf, send_in_chunks};
use super::output::Format;
use super::{
    CommandError, ConnectionArgs, OutputArgs, UnreadableReport, print_items, terminal_width,
};
use crate::api::{Item, SessionOrder, SessionQuery, SessionState};
use crate::export_columns::{SESSION_COLUMNS, session_row};

/// The columns of a table of sessions: those of an export but the note, which would
/// take the width of the others.
const SESSION_TABLE_COLUMNS: &[&str] = &[
    "sessionId",
    "endTime",
    "severityName",
    "score",
    "currentState",
    "actorName",
    "alertCount",
    "riskIndicatorNames",
];

/// What a table of sessions leaves out first when it does not fit: the id, the severity,
/// the state and the actor stay.
const SESSION_LEAVE_OUT: &[&str] = &[
    "riskIndicatorNames",
    "alertCount",
    "score",
    "endTime",
    "currentState",
];

const DETAIL_COLUMNS: &[&str] = &[
    "sessionId",
    "beginTime",
    "endTime",
    "severityName",
    "score",
    "currentState",
    "actorName",
    "alertCount",
    "riskIndicatorNames",
    "contextSummary",
    "exfiltrationSummary",
    "noteTexts",
];

const DETAIL_LEAVE_OUT: &[&str] = &[
    "noteTexts",
    "exfiltrationSummary",
    "contextSummary",
    "riskIndicatorNames",
    "alertCount",
    "beginTime",
    "score",
    "endTime",
    "currentState",
];

const EVENT_COLUMNS: &[&str] = super::events::EVENT_COLUMNS;

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Search sessions: `actor:ID state:open,in_progress severity:high,critical since:7d
    /// before:2026-11-01 has-alerts:no rule:ID watchlist:ID risk:ID type:standard content:found`.
    Search(SearchArgs),
    /// Show one session: summaries, risk indicators, alerts, files, state history and
    /// notes (on a terminal as `Label: value` lines, `--format detail`; JSON Lines when piped).
    Show {
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// The file events of a session with alerts.
    Events {
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change the state of sessions (ids as arguments, or `-` to read them from stdin).
    Update(ChangeArgs),
    /// Add a note to a session (notes accumulate).
    Note { id: String, text: String },
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Filter in the sessions vocabulary; empty is every session with alerts.
    pub query: Vec<String>,
    /// Every page (otherwise the first --limit sessions).
    #[arg(long)]
    pub all: bool,
    /// How many sessions without --all.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    /// Sort: end or score, with `:asc` or `:desc`.
    #[arg(long, default_value = "end:desc")]
    pub sort: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_sort(text: &str) -> Result<(SessionOrder, bool), CommandError> {
    let (field, descending) = super::changes::split_sort(text)?;
    let order = match field.as_str() {
        "end" | "end_time" | "endtime" | "time" => SessionOrder::EndTime,
        "score" => SessionOrder::Score,
        other => {
            return Err(CommandError::Usage(format!(
                "--sort: unknown field {other:?} (end, score)"
            )));
        }
    };
    Ok((order, descending))
}

/// Compiles the sessions vocabulary; errors point at the offending term.
pub(crate) fn compile_query(text: &str) -> Result<SessionQuery, CommandError> {
    crate::filter::sessions::parse(text, chrono::Utc::now())
        .map_err(|e| super::changes::bad_query(text, &e.message, e.span))
}

async fn search(conn: &ConnectionArgs, args: SearchArgs) -> Result<(), CommandError> {
    let (order, descending) = parse_sort(&args.sort)?;
    let mut query = compile_query(&args.query.join(" "))?;
    query.order_by = order;
    query.descending = descending;
    let limit = if args.all {
        usize::MAX
    } else {
        args.limit as usize
    };
    query.page_size = if args.all {
        crate::api::sessions::MAX_SESSION_PAGE
    } else {
        args.limit.clamp(1, crate::api::sessions::MAX_SESSION_PAGE)
    };
    let client = conn.client()?;
    let format = Format::resolve(args.output.format);
    let stdout = std::io::stdout().lock();
    // CSV and the other formats of columns have the export's columns (the TUI's `e`
    // writes the same); a table leaves out the note.
    let columns = if format == Format::Table {
        SESSION_TABLE_COLUMNS
    } else {
        SESSION_COLUMNS.as_slice()
    };
    let mut writer = super::writer_for(stdout, format, &args.output, (columns, SESSION_LEAVE_OUT))?;
    let mut unreadable = UnreadableReport::new("session", "sessions");
    let mut batches = std::pin::pin!(client.list_sessions(query, limit));
    while let Some(batch) = batches.next().await {
        for item in batch? {
            match item {
                Item::Read(s) => writer.row(&session_row(&s))?,
                Item::Unreadable(u) => unreadable.note(&u),
            }
        }
    }
    writer.finish()?;
    unreadable.finish()
}

const SESSION_CHANGE: ChangeOf = ChangeOf {
    command: "sessions update",
    nouns: ("session", "sessions"),
    states: "OPEN, IN_PROGRESS, CLOSED, CLOSED_TP, CLOSED_TP_BENIGN or CLOSED_FP",
    id_fields: super::ids::SESSION_ID_FIELDS,
};

async fn update(conn: &ConnectionArgs, args: ChangeArgs) -> Result<(), CommandError> {
    let change = args.checked(conn, &SESSION_CHANGE, |s| {
        match SessionState::from_wire(s) {
            SessionState::Other(_) => None,
            known => Some(known),
        }
    })?;
    let (client, state, note) = (conn.client()?, change.state, change.note);
    // A note goes in after each session's state: the sessions wholly changed in a call
    // that failed later are not sent again.
    send_in_chunks(
        &change.ids,
        SESSION_CHANGE.nouns,
        state.as_wire(),
        |chunk| {
            let (client, state) = (&client, state.clone());
            async move {
                let mut completed = Vec::new();
                let result = client
                    .update_session_state_tracked(&chunk, state, note, &mut completed)
                    .await;
                (completed, result)
            }
        },
    )
    .await
}

pub async fn run(conn: &ConnectionArgs, cmd: SessionsCommand) -> Result<(), CommandError> {
    match cmd {
        SessionsCommand::Search(args) => search(conn, args).await,
        SessionsCommand::Show { id, output } => {
            let format = Format::resolve_show(output.format);
            let client = conn.client()?;
            let session = client.session(&id).await?;
            if format == Format::Detail && output.columns.is_none() {
                // The files come from the session's file events, listed for sessions
                // with alerts; the session is shown whatever becomes of them.
                let events = if session.triggered_alerts.is_empty() {
                    None
                } else {
                    Some(client.session_events(&id).await)
                };
                super::detail_view::print_session(&session, events.as_ref(), terminal_width())?;
            } else {
                super::print_rows_as(
                    format,
                    &output,
                    (DETAIL_COLUMNS, DETAIL_LEAVE_OUT),
                    [session_row(&session)],
                )?;
            }
            Ok(())
        }
        SessionsCommand::Events { id, output } => {
            let page = conn.client()?.session_events(&id).await?;
            print_items(
                &output,
                (EVENT_COLUMNS, super::events::EVENT_LEAVE_OUT),
                &page.file_events,
                UnreadableReport::new("file event", "file events"),
            )
        }
        SessionsCommand::Update(args) => update(conn, args).await,
        SessionsCommand::Note { id, text } => {
            conn.refuse_if_read_only("sessions note")?;
            crate::api::check_note(&text)?;
            conn.client()?.add_session_note(&id, &text).await?;
            eprintln!("note added to session {}", crate::sanitize::one_line(&id));
            Ok(())
        }
    }
}
