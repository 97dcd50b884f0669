//! `triage42 actors …`: search the actors behind the alerts, show one (with its
//! manager's name), and change its notes and dates.

use clap::{Args, Subcommand};

use super::output::Format;
use super::sheet::{Sheet, Value, or_dash};
use super::{CommandError, ConnectionArgs, OutputArgs, UnreadableReport, print_items};
use crate::api::{Actor, ActorQuery, ActorUpdate, ApiError, Client};

const ACTOR_COLUMNS: &[&str] = &[
    "name",
    "department",
    "title",
    "active",
    "endDate",
    "actorId",
];

/// What a table of actors leaves out first when it does not fit: the name stays.
const ACTOR_LEAVE_OUT: &[&str] = &["actorId", "active", "endDate", "title"];

#[derive(Debug, Subcommand)]
pub enum ActorsCommand {
    /// Search actors by the start of their name (an email; case does not matter).
    Search(SearchArgs),
    /// Show one actor by name or id: directory details, manager, dates and notes (on a
    /// terminal as `Label: value` lines; JSON Lines when piped).
    Show {
        /// The actor's name (exact) or id.
        actor: String,
        /// The actor's parent instead (the actor itself when it has none).
        #[arg(long)]
        prefer_parent: bool,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Change an actor's notes, start date or end date (dates as YYYY-MM-DD).
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The start of the names to find; none is every actor.
    pub name_prefix: Option<String>,
    /// Active actors only.
    #[arg(long, conflicts_with = "inactive")]
    pub active: bool,
    /// Inactive actors only.
    #[arg(long)]
    pub inactive: bool,
    /// Every page (otherwise the first --limit actors).
    #[arg(long)]
    pub all: bool,
    /// How many actors without --all.
    #[arg(long, default_value_t = 50)]
    pub limit: u32,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The actor's name (exact) or id.
    pub actor: String,
    #[arg(long, conflicts_with = "clear_notes")]
    pub notes: Option<String>,
    #[arg(long, conflicts_with = "clear_start_date")]
    pub start_date: Option<String>,
    #[arg(long, conflicts_with = "clear_end_date")]
    pub end_date: Option<String>,
    #[arg(long)]
    pub clear_notes: bool,
    #[arg(long)]
    pub clear_start_date: bool,
    #[arg(long)]
    pub clear_end_date: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// An actor by name or by id: a name has an `@` or is found by name; anything else is
/// tried as an id first.
async fn find(client: &Client, actor: &str, prefer_parent: bool) -> Result<Actor, CommandError> {
    if !actor.contains('@') {
        match client.actor(actor, prefer_parent).await {
            Err(ApiError::NotFound(_)) => {}
            other => return Ok(other?),
        }
    }
    match client.actor_by_name(actor, prefer_parent).await {
        Err(ApiError::NotFound(_)) => Err(CommandError::from(ApiError::NotFound(format!(
            "no actor named or with id {actor:?}"
        )))),
        other => Ok(other?),
    }
}

async fn search(conn: &ConnectionArgs, args: SearchArgs) -> Result<(), CommandError> {
    let active = match (args.active, args.inactive) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let query = ActorQuery {
        name_starts_with: args.name_prefix.filter(|p| !p.is_empty()),
        active,
        ..ActorQuery::default()
    };
    let client = conn.client()?;
    let mut actors = if args.all {
        client.all_actors(query).await?
    } else {
        client
            .search_actors(&ActorQuery {
                page_size: usize::try_from(args.limit)
                    .unwrap_or(crate::api::actors::MAX_ACTOR_PAGE)
                    .clamp(1, crate::api::actors::MAX_ACTOR_PAGE),
                ..query
            })
            .await?
            .actors
    };
    if !args.all {
        actors.truncate(usize::try_from(args.limit).unwrap_or(usize::MAX));
    }
    print_items(
        &args.output,
        (ACTOR_COLUMNS, ACTOR_LEAVE_OUT),
        &actors,
        UnreadableReport::new("actor", "actors"),
    )
}

fn yes_no(b: Option<bool>) -> String {
    match b {
        Some(true) => "yes".into(),
        Some(false) => "no".into(),
        None => "—".into(),
    }
}

/// The detail view of an actor; `manager` is the manager's name when it could be read.
pub(crate) fn actor_sheet(a: &Actor, manager: Option<&str>, width: usize) -> String {
    let mut sheet = Sheet::new(width);
    let full_name = [a.first_name.as_deref(), a.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let manager = match (manager, a.manager_actor_id.as_deref()) {
        (Some(name), _) => name.to_string(),
        (None, Some(id)) => id.to_string(),
        (None, None) => "—".to_string(),
    };
    let place = [
        a.locality.as_deref(),
        a.region.as_deref(),
        a.country.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let fields = vec![
        ("Name", Value::One(or_dash(a.name.as_deref()))),
        (
            "Full name",
            Value::One(or_dash(Some(full_name.as_str()).filter(|s| !s.is_empty()))),
        ),
        ("Department", Value::One(or_dash(a.department.as_deref()))),
        ("Division", Value::One(or_dash(a.division.as_deref()))),
        ("Title", Value::One(or_dash(a.title.as_deref()))),
        (
            "Employee type",
            Value::One(or_dash(a.employee_type.as_deref())),
        ),
        ("Manager", Value::One(manager)),
        (
            "Location",
            Value::One(or_dash(Some(place.as_str()).filter(|s| !s.is_empty()))),
        ),
        ("Start date", Value::One(or_dash(a.start_date.as_deref()))),
        ("End date", Value::One(or_dash(a.end_date.as_deref()))),
        ("Active", Value::One(yes_no(a.active))),
        ("In scope", Value::One(yes_no(a.in_scope))),
        ("Alternate names", Value::List(a.alternate_names.clone())),
        ("Parent", Value::One(or_dash(a.parent_actor_id.as_deref()))),
        ("Id", Value::One(or_dash(a.actor_id.as_deref()))),
        ("Notes", Value::Lines(or_dash(a.notes.as_deref()))),
    ];
    sheet.fields(0, &fields);
    sheet.into_string()
}

async fn show_actor(
    client: &Client,
    actor: &Actor,
    output: &OutputArgs,
) -> Result<(), CommandError> {
    let format = Format::resolve_show(output.format);
    if format == Format::Detail && output.columns.is_none() {
        // The manager by name: a second read, and the id when it cannot be read.
        let manager = match actor.manager_actor_id.as_deref() {
            Some(id) => client.actor(id, false).await.ok().and_then(|m| m.name),
            None => None,
        };
        let text = actor_sheet(actor, manager.as_deref(), super::terminal_width());
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        super::print_rows_as(
            format,
            output,
            (ACTOR_COLUMNS, ACTOR_LEAVE_OUT),
            [serde_json::to_value(actor).unwrap_or(serde_json::Value::Null)],
        )?;
    }
    Ok(())
}

fn change_of(args: &UpdateArgs) -> ActorUpdate {
    let field = |value: &Option<String>, clear: bool| {
        if clear {
            Some(None)
        } else {
            value.clone().map(Some)
        }
    };
    ActorUpdate {
        notes: field(&args.notes, args.clear_notes),
        start_date: field(&args.start_date, args.clear_start_date),
        end_date: field(&args.end_date, args.clear_end_date),
    }
}

async fn update(conn: &ConnectionArgs, args: UpdateArgs) -> Result<(), CommandError> {
    conn.refuse_if_read_only("actors update")?;
    let change = change_of(&args);
    change.validate().map_err(CommandError::Usage)?;
    let client = conn.client()?;
    let actor = find(&client, &args.actor, false).await?;
    let id = actor
        .actor_id
        .ok_or_else(|| CommandError::from(ApiError::Decode("the actor has no id".into())))?;
    let updated = client.update_actor(&id, &change).await?;
    eprintln!(
        "actor {} updated",
        crate::sanitize::one_line(updated.name.as_deref().unwrap_or(&id))
    );
    show_actor(&client, &updated, &args.output).await
}

pub async fn run(conn: &ConnectionArgs, cmd: ActorsCommand) -> Result<(), CommandError> {
    match cmd {
        ActorsCommand::Search(args) => search(conn, args).await,
        ActorsCommand::Show {
            actor,
            prefer_parent,
            output,
        } => {
            let client = conn.client()?;
            let found = find(&client, &actor, prefer_parent).await?;
            show_actor(&client, &found, &output).await
        }
        ActorsCommand::Update(args) => update(conn, args).await,
    }
}
