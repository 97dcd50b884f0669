//! `triage42 cases …`: list, show, create and change cases; their file events.

use clap::Args;
use serde_json::Value;

use super::{
    CaseFileEventsCommand, CasesCommand, CommandError, ConnectionArgs, UnreadableReport,
    print_items, print_rows, print_rows_as,
};
use crate::api::{CaseListQuery, CaseStatus, CaseUpdate, NewCase};

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

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The case's number.
    pub number: u64,
    /// OPEN or CLOSED (a closed case cannot be changed again).
    #[arg(long)]
    pub status: Option<String>,
    /// Markdown; `-` reads it from stdin.
    #[arg(long)]
    pub findings: Option<String>,
    /// User id or username of the investigator.
    #[arg(long)]
    pub assignee: Option<String>,
    /// At most 50 characters, unique in the tenant.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// User id or username of the person investigated.
    #[arg(long)]
    pub subject: Option<String>,
    #[command(flatten)]
    pub output: super::OutputArgs,
}

/// The change `args` asks for, checked: a status the service knows, findings read from
/// stdin for `-`, and at least one field.
fn case_update(args: &UpdateArgs) -> Result<CaseUpdate, CommandError> {
    let status = match args.status.as_deref() {
        None => None,
        Some(s) => match CaseStatus::from_wire(s) {
            status @ (CaseStatus::Open | CaseStatus::Closed) => Some(status),
            _ => {
                return Err(CommandError::Usage(format!(
                    "--status: {:?} is not OPEN or CLOSED",
                    crate::sanitize::one_line(s)
                )));
            }
        },
    };
    let findings = match args.findings.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)?;
            // As the shell's `$(…)` does: the line end a file or `echo` adds goes.
            Some(text.trim_end_matches(['\n', '\r']).to_string())
        }
        other => other.map(str::to_string),
    };
    let update = CaseUpdate {
        name: args.name.clone(),
        description: args.description.clone(),
        findings,
        subject: args.subject.clone(),
        assignee: args.assignee.clone(),
        status,
    };
    if update.is_empty() {
        return Err(CommandError::Usage(
            "give at least one of --status, --findings, --assignee, --name, --description, \
             --subject"
                .into(),
        ));
    }
    Ok(update)
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
        CasesCommand::Update(args) => {
            conn.refuse_if_read_only("cases update")?;
            let update = case_update(&args)?;
            let case = conn.client()?.update_case(args.number, &update).await?;
            eprintln!("case {} updated", case.number);
            let mut cols = CASE_COLUMNS.to_vec();
            cols.extend(["description", "findings"]);
            print_rows(&args.output, (&cols, CASE_LEAVE_OUT), [to_value(&case)])?;
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
