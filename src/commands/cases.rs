//! `triage42 cases …`

use clap::Args;
use serde_json::Value;

use super::{
    CaseFileEventsCommand, CasesCommand, CommandError, ConnectionArgs, UnreadableReport,
    print_items, print_rows, print_rows_as,
};
use crate::api::{CaseListQuery, NewCase};

const CASE_COLUMNS: &[&str] = &[
    "number",
    "name",
    "status",
    "assigneeUsername",
    "subjectUsername",
    "updatedAt",
];
/// What a table of cases leaves out first when it does not fit.
const CASE_LEAVE_OUT: &[&str] = &["subjectUsername", "assigneeUsername", "updatedAt"];
const EVENT_COLUMNS: &[&str] = &[
    "eventId",
    "eventTimestamp",
    "fileName",
    "filePath",
    "riskSeverity",
];
const EVENT_LEAVE_OUT: &[&str] = &["filePath", "riskSeverity", "eventTimestamp"];

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// At most 50 characters, unique in the tenant.
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub description: Option<String>,
    /// Markdown.
    #[arg(long)]
    pub findings: Option<String>,
    /// User id or username of the person investigated.
    #[arg(long)]
    pub subject: Option<String>,
    /// User id or username of the investigator.
    #[arg(long)]
    pub assignee: Option<String>,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

pub async fn run(conn: &ConnectionArgs, cmd: CasesCommand) -> Result<(), CommandError> {
    match cmd {
        CasesCommand::List { output } => {
            let cases = conn.client()?.all_cases(CaseListQuery::default()).await?;
            print_items(
                &output,
                (CASE_COLUMNS, CASE_LEAVE_OUT),
                &cases,
                UnreadableReport::new("case", "cases"),
            )?;
        }
        CasesCommand::Show { number, output } => {
            let case = conn.client()?.get_case(number).await?;
            let mut cols = CASE_COLUMNS.to_vec();
            cols.extend(["description", "findings"]);
            // One case: `Label: value` lines on a terminal, as the other `show` commands.
            let format = super::Format::resolve_show(output.format);
            print_rows_as(format, &output, (&cols, CASE_LEAVE_OUT), [to_value(&case)])?;
        }
        CasesCommand::Create(args) => {
            conn.refuse_if_read_only("cases create")?;
            let new = NewCase {
                name: args.name,
                description: args.description,
                findings: args.findings,
                subject: args.subject,
                assignee: args.assignee,
            };
            new.validate().map_err(CommandError::Usage)?;
            let case = conn.client()?.create_case(&new).await?;
            print_rows(
                &args.output,
                (CASE_COLUMNS, CASE_LEAVE_OUT),
                [to_value(&case)],
            )?;
        }
        CasesCommand::AddEvents { number, event_ids }
        | CasesCommand::FileEvents(CaseFileEventsCommand::Add { number, event_ids }) => {
            conn.refuse_if_read_only("cases add-events")?;
            let event_ids = super::ids::read_ids(&event_ids, super::ids::EVENT_ID_FIELDS, "event")?;
            conn.client()?
                .add_events_to_case(number, &event_ids)
                .await?;
            eprintln!("{} events added to case {number}", event_ids.len());
        }
        CasesCommand::Events { number, output }
        | CasesCommand::FileEvents(CaseFileEventsCommand::List { number, output }) => {
            let events = conn.client()?.case_file_events(number).await?;
            print_items(
                &output,
                (EVENT_COLUMNS, EVENT_LEAVE_OUT),
                &events,
                UnreadableReport::new("case event", "case events"),
            )?;
        }
    }
    Ok(())
}
