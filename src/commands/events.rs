//! `triage42 events search …`: forensic search for file events.

use chrono::Utc;
use clap::Args;
use futures::StreamExt;

use super::checkpoint::{Checkpoint, Kind};
use super::output::Format;
use super::progress::{Progress, Sink, events_total, partial_notice};
use super::{CommandError, ConnectionArgs, EventsCommand, OutputArgs, UnreadableReport};
use crate::api::{FileEventQuery, Item};

pub(crate) const EVENT_COLUMNS: &[&str] = &[
    "@timestamp",
    "event.id",
    "event.action",
    "user.email",
    "file.name",
    "file.directory",
    "destination.name",
    "risk.severity",
];
/// What a table of file events leaves out first when it does not fit: the event id,
/// the time and the file name stay.
pub(crate) const EVENT_LEAVE_OUT: &[&str] = &[
    "file.directory",
    "destination.name",
    "user.email",
    "event.action",
    "risk.severity",
    "@timestamp",
];

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Terms: md5:, sha256:, user:, name:, dir:, action:, id:, since:7d|DATE, before:DATE, risk>N.
    pub query: Vec<String>,
    /// Every page (otherwise the first --limit events).
    #[arg(long)]
    pub all: bool,
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// Only events inserted since the last run of this name (implies --all); see `triage42 checkpoint`.
    #[arg(long, value_name = "NAME")]
    pub checkpoint: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Parses the small file-event query syntax into a v2 query; ages count back from now.
/// A bad query is a usage error naming the token (see [`crate::filter::file_events`]).
pub fn compile(text: &str) -> Result<FileEventQuery, CommandError> {
    crate::filter::file_events::compile_at(text, Utc::now()).map_err(CommandError::Usage)
}

pub async fn run(conn: &ConnectionArgs, cmd: EventsCommand) -> Result<(), CommandError> {
    let EventsCommand::Search(args) = cmd;
    let text = args.query.join(" ");
    let mut query = compile(&text)?;
    let checkpoint = match &args.checkpoint {
        Some(name) => {
            let checkpoint = Checkpoint::open(name, Kind::Events, &text)?;
            if let Some(since) = checkpoint.since() {
                query = query.on_or_after("event.inserted", since);
            }
            Some(checkpoint)
        }
        None => None,
    };
    let all = args.all || checkpoint.is_some();
    let client = conn.client()?;
    let format = Format::resolve(args.output.format);
    let progress = match Progress::on_terminal("events").filter(|_| all) {
        Some(p) => Some(p.with_total(events_total(&client, &query).await)),
        None => None,
    };
    let writer = super::writer_for(
        std::io::stdout().lock(),
        format,
        &args.output,
        (EVENT_COLUMNS, EVENT_LEAVE_OUT),
    )?;
    let mut writer = Sink::new(writer, checkpoint, progress);
    let limit = if all { usize::MAX } else { args.limit as usize };
    let page_size = if all {
        1000
    } else {
        args.limit.clamp(1, 10_000)
    };
    let mut stream = std::pin::pin!(
        client
            .search_all_file_events(query.clone().page_size(page_size))
            .take(limit)
    );
    let mut unreadable = UnreadableReport::new("event", "events");
    while let Some(event) = stream.next().await {
        match event? {
            Item::Read(event) => writer.row(&serde_json::to_value(event).unwrap_or_default())?,
            Item::Unreadable(u) => unreadable.note(&u),
        }
    }
    let written = writer.finish()?;
    written.save_checkpoint()?;
    let taken = written.seen.saturating_add(unreadable.count());
    if !all && taken >= limit {
        let total = events_total(&client, &query).await.unwrap_or_default();
        if let Some(notice) = partial_notice(taken, total, "events") {
            eprintln!("{notice}");
        }
    }
    unreadable.finish()
}
