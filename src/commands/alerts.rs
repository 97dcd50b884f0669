//! `triage42 alerts …`

use std::io::IsTerminal;

use clap::Args;
use futures::StreamExt;
use serde_json::{Value, json};

use super::changes::{ChangeArgs, ChangeOf, send_in_chunks};
use super::checkpoint::{Checkpoint, Kind};
use super::output::Format;
use super::progress::{Progress, Sink, alerts_total, partial_notice};
use super::{
    AlertsCommand, CommandError, ConnectionArgs, OutputArgs, UnreadableReport, print_items,
    print_rows_as, terminal_width,
};
use crate::api::{
    AlertDetails, AlertQuery, AlertState, AlertSummary, ApiError, DetailsAnswer, Item, Placed,
    SortDirection, SortKey, UnreadableItem, in_search_order,
};
use crate::export_columns::{ALERT_COLUMNS, alert_row};

/// The columns of a table of alerts: those of an export but the note, which is in the
/// alerts' details (a table reads none).
const SUMMARY_COLUMNS: &[&str] = &["id", "createdAt", "riskSeverity", "state", "name", "actor"];
/// What a table of alerts leaves out first when it does not fit: the id, the severity,
/// the rule and the actor stay.
const SUMMARY_LEAVE_OUT: &[&str] = &["createdAt", "state"];
const DETAIL_LEAVE_OUT: &[&str] = &["note", "files", "fileCount", "createdAt", "state"];
const DETAIL_COLUMNS: &[&str] = &[
    "id",
    "createdAt",
    "riskSeverity",
    "state",
    "name",
    "actor",
    "fileCount",
    "files",
    "note",
];

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Filter, e.g. `state:open severity:high,critical rule~"Departing" since:7d`.
    pub query: Vec<String>,
    /// Every page, streamed as it arrives (otherwise the first --limit alerts).
    #[arg(long)]
    pub all: bool,
    /// How many alerts without --all.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    /// Add observations and files.
    #[arg(long)]
    pub details: bool,
    /// With --details, or when the output shows the note: how many details calls to keep
    /// in flight while paging goes on (1 to 32; fewer are used while the server answers 429).
    #[arg(long, default_value_t = crate::api::DEFAULT_IN_FLIGHT, value_name = "N")]
    pub in_flight: usize,
    /// Sort: created, severity, state, name, actor or id, with `:asc` or `:desc`.
    #[arg(long, default_value = "created:desc")]
    pub sort: String,
    /// Only alerts created since the last run of this name (implies --all); see `triage42 checkpoint`.
    #[arg(long, value_name = "NAME")]
    pub checkpoint: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

fn parse_sort(text: &str) -> Result<(SortKey, SortDirection), CommandError> {
    let (field, descending) = super::changes::split_sort(text)?;
    let key = match field.as_str() {
        "created" | "createdat" | "date" => SortKey::CreatedAt,
        "severity" | "riskseverity" => SortKey::RiskSeverity,
        "state" => SortKey::State,
        "name" | "rule" => SortKey::Name,
        "actor" => SortKey::Actor,
        "id" | "alertid" => SortKey::AlertId,
        other => {
            return Err(CommandError::Usage(format!(
                "--sort: unknown field {other:?} (created, severity, state, name, actor, id)"
            )));
        }
    };
    let direction = if descending {
        SortDirection::Desc
    } else {
        SortDirection::Asc
    };
    Ok((key, direction))
}

/// Compiles the filter text with the TUI's language; errors point at the offending token.
pub(crate) fn compile_query(text: &str) -> Result<AlertQuery, CommandError> {
    let parsed = crate::filter::parse(text, chrono::Utc::now())
        .map_err(|e| super::changes::bad_query(text, &e.message, e.span))?;
    let sort = crate::filter::SortSpec::default();
    Ok(crate::filter::to_alert_query(&parsed, sort, 0, 100))
}

fn summary_row(a: &AlertSummary) -> Value {
    serde_json::to_value(a).unwrap_or(Value::Null)
}

pub(crate) fn details_row(d: &AlertDetails) -> Value {
    let mut row = match serde_json::to_value(&d.summary) {
        Ok(Value::Object(fields)) => fields,
        _ => serde_json::Map::new(),
    };
    let files: Vec<Value> = d
        .observations
        .iter()
        .filter_map(|o| o.data.data())
        .flat_map(|data| data.files.iter())
        .map(|f| json!({"name": f.name, "path": f.path, "category": f.category, "size": f.size, "eventId": f.event_id}))
        .collect();
    let names = files
        .iter()
        .map(|f| f.get("name").cloned().unwrap_or(Value::Null))
        .collect();
    row.insert("fileCount".into(), json!(files.len()));
    row.insert("files".into(), Value::Array(names));
    row.insert("fileDetails".into(), Value::Array(files));
    row.insert(
        "observations".into(),
        serde_json::to_value(&d.observations).unwrap_or(Value::Null),
    );
    row.insert(
        "note".into(),
        json!(d.note.as_ref().and_then(|n| n.message.clone())),
    );
    row.insert(
        "noteLastModifiedBy".into(),
        json!(d.note.as_ref().and_then(|n| n.last_modified_by.clone())),
    );
    Value::Object(row)
}

/// One alert of `search --details`, ready to write.
enum Row {
    /// The row's JSON, written out in the output's format (compact or indented).
    Json(Vec<u8>),
    /// The compact rows of a whole details answer, in the search's order, each followed
    /// by a newline; `ends` has where each line ends.
    Lines {
        bytes: Vec<u8>,
        ends: Vec<usize>,
    },
    Value(Value),
    /// Listed by the search, absent from the details answer: asked for again at the end.
    Absent(String),
}

/// The row of an alert whose details were read for its note alone: the search's
/// fields and the note.
fn note_row(details: &AlertDetails) -> Row {
    Row::Value(alert_row(&details.summary, details.note.as_ref()))
}

/// The row of one alert's details, as `Row::Json` for JSON output or else `Row::Value`.
fn typed_row(details: &AlertDetails, json: bool, pretty: bool) -> Row {
    if json && let Ok(bytes) = details_json(details, pretty) {
        return Row::Json(bytes);
    }
    Row::Value(details_row(details))
}

/// The JSON of one row of `search --details`, in the output's format (compact or
/// indented), written straight from the typed details.
fn details_json(details: &AlertDetails, pretty: bool) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(8192);
    let row = super::details_json::DetailsJson(details);
    if pretty {
        serde_json::to_writer_pretty(&mut out, &row)?;
    } else {
        serde_json::to_writer(&mut out, &row)?;
    }
    Ok(out)
}

async fn search(conn: &ConnectionArgs, args: SearchArgs) -> Result<(), CommandError> {
    let (key, direction) = parse_sort(&args.sort)?;
    let text = args.query.join(" ");
    let text = if text.trim().is_empty() {
        conn.default_query.clone().unwrap_or_default()
    } else {
        text
    };
    let mut query = compile_query(&text)?.sort(key, direction);
    let checkpoint = checkpoint_for(args.checkpoint.as_deref(), &text, &mut query)?;
    let all = args.all || checkpoint.is_some();
    let client = conn.client()?;
    let format = Format::resolve(args.output.format);
    // CSV and the other formats of columns have the export's columns (the TUI's `e`
    // writes the same); a table leaves out the note.
    let columns = if args.details {
        (DETAIL_COLUMNS, DETAIL_LEAVE_OUT)
    } else if format == Format::Table {
        (SUMMARY_COLUMNS, SUMMARY_LEAVE_OUT)
    } else {
        (ALERT_COLUMNS.as_slice(), SUMMARY_LEAVE_OUT)
    };
    // The note is in the alerts' details: they are read (100 alerts a call) when the
    // columns shown have it. JSON is the search's own record, without it (--details
    // has it).
    let notes = !args.details
        && !format.is_json()
        && match &args.output.columns {
            Some(shown) => shown.iter().any(|c| c == "note"),
            None => columns.0.contains(&"note"),
        };
    // A terminal sees each row as it comes; a pipe or file gets the rows in large
    // writes (one per row costs a system call each, for 10,000 rows and more), made on
    // a thread of their own so that the answers under way are read meanwhile.
    let stdout = std::io::stdout();
    let stdout: Box<dyn super::output::LinesOut> = if stdout.is_terminal() {
        Box::new(stdout.lock())
    } else {
        Box::new(super::writer_thread::WriterThread::new(stdout)?)
    };
    let progress = match Progress::on_terminal("alerts").filter(|_| all) {
        Some(p) => Some(p.with_total(alerts_total(&client, &query).await)),
        None => None,
    };
    let writer = super::writer_for(stdout, format, &args.output, columns)?;
    let mut writer = Sink::new(writer, checkpoint, progress);
    let limit = if all { usize::MAX } else { args.limit as usize };
    let page_size = if all { 500 } else { args.limit.clamp(1, 500) };
    let mut unreadable = UnreadableReport::new("alert", "alerts");
    if args.details || notes {
        // Rows are built (and for JSON written out) off the async thread, chunk by chunk,
        // while the next details calls are under way.
        let json = format.is_json() && writer.passes_lines();
        let pretty = format.is_pretty();
        let rows =
            move |answer: DetailsAnswer| -> Result<Vec<Result<Row, UnreadableItem>>, ApiError> {
                let DetailsAnswer { searched, text } = answer;
                // Compact JSON rows are written while the answer is read, in one pass; what
                // that reading leaves, and indented rows, are written from the answer read
                // in place; the typed reading is for the other formats, and for an answer
                // with an alert that does not read.
                if json
                    && !pretty
                    && let Some(lines) = text.as_deref().and_then(super::details_line::lines)
                {
                    let in_order = lines.rows.len() == searched.len()
                        && lines.rows.iter().zip(&searched).all(
                            |((id, _), s)| matches!(s, Item::Read(summary) if summary.id == *id),
                        );
                    if in_order {
                        let ends = lines.rows.iter().map(|(_, end)| *end).collect();
                        let bytes = lines.bytes;
                        // The answer is written: its buffer is read into again.
                        drop(lines.rows);
                        if let Some(text) = text {
                            crate::api::buffers::give(text.into_bytes());
                        }
                        return Ok(vec![Ok(Row::Lines { bytes, ends })]);
                    }
                    let mut start = 0;
                    let mut rows = Vec::with_capacity(lines.rows.len());
                    for (id, end) in lines.rows {
                        let line = lines.bytes.get(start..end).unwrap_or_default();
                        rows.push(Item::Read((
                            id,
                            line.strip_suffix(b"\n").unwrap_or(line).to_vec(),
                        )));
                        start = end;
                    }
                    return Ok(in_search_order(searched, rows, |r| &*r.0)
                        .into_iter()
                        .map(|row| match row {
                            Placed::Item(Item::Read((_, bytes))) => Ok(Row::Json(bytes)),
                            Placed::Item(Item::Unreadable(u)) => Err(u),
                            Placed::Absent(id) => Ok(Row::Absent(id)),
                        })
                        .collect());
                }
                if json
                    && let Some(rows) = super::details_json::rows_in_place(text.as_deref(), pretty)
                {
                    let rows = in_search_order(
                        searched,
                        rows.into_iter().map(Item::Read).collect(),
                        |r| &*r.0,
                    );
                    return Ok(rows
                        .into_iter()
                        .map(|row| match row {
                            Placed::Item(Item::Read((_, bytes))) => Ok(Row::Json(bytes)),
                            Placed::Item(Item::Unreadable(u)) => Err(u),
                            Placed::Absent(id) => Ok(Row::Absent(id)),
                        })
                        .collect());
                }
                Ok(DetailsAnswer { searched, text }
                    .into_items()?
                    .into_iter()
                    .map(|placed| match placed {
                        Placed::Item(Item::Read(details)) if notes => Ok(note_row(&details)),
                        Placed::Item(Item::Read(details)) => Ok(typed_row(&details, json, pretty)),
                        Placed::Item(Item::Unreadable(u)) => Err(u),
                        Placed::Absent(id) => Ok(Row::Absent(id)),
                    })
                    .collect())
            };
        let mut stream = std::pin::pin!(client.alert_details_answers_pipelined(
            query.clone(),
            page_size,
            limit,
            args.in_flight,
            rows
        ));
        let mut left = limit;
        let mut absent = Vec::new();
        'chunks: while let Some(chunk) = stream.next().await {
            for row in chunk? {
                if left == 0 {
                    break 'chunks;
                }
                if let Ok(Row::Lines { bytes, ends }) = row {
                    let count = ends.len().min(left);
                    if count == ends.len() {
                        // Every line: the buffer is handed over as it is.
                        writer.serialized_lines_owned(bytes, count)?;
                    } else {
                        let end = count
                            .checked_sub(1)
                            .and_then(|last| ends.get(last))
                            .copied()
                            .unwrap_or(0);
                        writer.serialized_lines(bytes.get(..end).unwrap_or_default(), count)?;
                    }
                    left = left.saturating_sub(count);
                    continue;
                }
                left = left.saturating_sub(1);
                match row {
                    Ok(Row::Json(bytes)) => writer.serialized(&bytes)?,
                    Ok(Row::Lines { .. }) => {}
                    Ok(Row::Value(row)) => writer.row(&row)?,
                    Ok(Row::Absent(id)) => absent.push(Placed::Absent(id)),
                    Err(u) => unreadable.note(&u),
                }
            }
        }
        // Alerts the details call did not return are asked for once more: those it
        // returns now are written last, the rest were deleted since the search.
        let (late, gone) = client.place_absent(absent).await?;
        for item in late {
            match item {
                Item::Read(details) => {
                    let row = if notes {
                        note_row(&details)
                    } else {
                        typed_row(&details, json, pretty)
                    };
                    match row {
                        Row::Json(bytes) => writer.serialized(&bytes)?,
                        Row::Value(row) => writer.row(&row)?,
                        Row::Lines { .. } | Row::Absent(_) => {}
                    }
                }
                Item::Unreadable(u) => unreadable.note(&u),
            }
        }
        super::report_gone(&gone, "alert", "alerts");
    } else {
        let mut stream = std::pin::pin!(
            client
                .search_all_alerts(query.clone().page_size(page_size))
                .take(limit)
        );
        while let Some(item) = stream.next().await {
            match item? {
                Item::Read(summary) => writer.row(&summary_row(&summary))?,
                Item::Unreadable(u) => unreadable.note(&u),
            }
        }
    }
    let written = writer.finish()?;
    written.save_checkpoint()?;
    let taken = written.seen.saturating_add(unreadable.count());
    if !all && taken >= limit {
        let total = alerts_total(&client, &query).await.unwrap_or_default();
        if let Some(notice) = partial_notice(taken, total, "alerts") {
            eprintln!("{notice}");
        }
    }
    unreadable.finish()
}

/// The checkpoint of `--checkpoint NAME`, with the query narrowed to what can be new.
fn checkpoint_for(
    name: Option<&str>,
    text: &str,
    query: &mut AlertQuery,
) -> Result<Option<Checkpoint>, CommandError> {
    let Some(name) = name else { return Ok(None) };
    let checkpoint = Checkpoint::open(name, Kind::Alerts, text)?;
    // Groups joined by OR cannot take one more condition: the exact cut is made locally.
    if let Some(since) = checkpoint.since()
        && query.group_clause == crate::api::Clause::And
    {
        query
            .filters
            .push(crate::api::AlertFilter::on_or_after(since));
    }
    Ok(Some(checkpoint))
}

const ALERT_CHANGE: ChangeOf = ChangeOf {
    command: "alerts update",
    nouns: ("alert", "alerts"),
    states: "OPEN, RESOLVED, PENDING or IN_PROGRESS",
    id_fields: super::ids::ALERT_ID_FIELDS,
};

async fn update(conn: &ConnectionArgs, args: ChangeArgs) -> Result<(), CommandError> {
    let change = args.checked(conn, &ALERT_CHANGE, |s| match AlertState::from_wire(s) {
        AlertState::Other(_) => None,
        known => Some(known),
    })?;
    let (client, state, note) = (conn.client()?, change.state, change.note);
    send_in_chunks(&change.ids, ALERT_CHANGE.nouns, state.as_wire(), |chunk| {
        let (client, state) = (&client, state.clone());
        async move {
            match client.update_alert_state(&chunk, state, note).await {
                Ok(()) => (chunk, Ok(())),
                Err(e) => (Vec::new(), Err(e)),
            }
        }
    })
    .await
}

pub async fn run(conn: &ConnectionArgs, cmd: AlertsCommand) -> Result<(), CommandError> {
    match cmd {
        AlertsCommand::Search(args) => search(conn, args).await,
        AlertsCommand::Show { ids, output } => {
            let format = Format::resolve_show(output.format);
            let client = conn.client()?;
            let details = client.alert_details(&ids).await?;
            let known = |id: &String| {
                details.iter().any(|d| match d {
                    Item::Read(d) => d.summary.id == *id,
                    Item::Unreadable(u) => u.id.as_ref() == Some(id),
                })
            };
            let missing: Vec<&String> = ids.iter().filter(|i| !known(i)).collect();
            let mut unreadable = UnreadableReport::new("alert", "alerts");
            let read: Vec<&AlertDetails> = details
                .iter()
                .filter_map(|d| match d {
                    Item::Read(d) => Some(d),
                    Item::Unreadable(u) => {
                        unreadable.note(u);
                        None
                    }
                })
                .collect();
            if format == Format::Detail && output.columns.is_none() {
                super::detail_view::print_alerts(&read, terminal_width())?;
            } else {
                let rows = read.iter().map(|d| details_row(d));
                print_rows_as(format, &output, (DETAIL_COLUMNS, DETAIL_LEAVE_OUT), rows)?;
            }
            if missing.is_empty() {
                unreadable.finish()
            } else {
                Err(CommandError::Api(crate::api::ApiError::NotFound(format!(
                    "no alert {}",
                    missing
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))))
            }
        }
        AlertsCommand::Update(args) => update(conn, args).await,
        AlertsCommand::Note { id, text } => {
            conn.refuse_if_read_only("alerts note")?;
            crate::api::check_note(&text)?;
            conn.client()?.add_alert_note(&id, &text).await?;
            Ok(())
        }
        AlertsCommand::Rules { output } => {
            let rules = conn.client()?.alert_rules().await?;
            print_items(
                &output,
                (
                    &[
                        "observerRuleId",
                        "name",
                        "ruleSource",
                        "type",
                        "severity",
                        "isEnabled",
                    ],
                    &["type", "ruleSource", "isEnabled"],
                ),
                &rules,
                UnreadableReport::new("rule", "rules"),
            )
        }
    }
}
