//! `triage42 watchlists …`: the tenant's watchlists (all, or those an actor is on), one
//! with its members, and actors put on a list or taken off it, as the incydr CLI names
//! them. A list is named by its id, its type (`DEPARTING_EMPLOYEE`) or a custom list's
//! title; an actor by its id or its name.

use clap::{Args, Subcommand};
use serde_json::Value as Json;

use super::output::Format;
use super::sheet::{Sheet, Value, or_dash};
use super::{CommandError, ConnectionArgs, OutputArgs, UnreadableReport, print_items};
use crate::api::audit::{Batch, in_batch};
use crate::api::watchlists::{MAX_ACTORS_PER_CHANGE, Watchlist};
use crate::api::{ApiError, Client, Item, WatchlistActors, WatchlistMember};
use crate::sanitize;

const WATCHLIST_COLUMNS: &[&str] = &[
    "listType",
    "title",
    "stats.includedActorsCount",
    "stats.excludedActorsCount",
    "stats.includedDepartmentsCount",
    "watchlistId",
];
/// What a table of watchlists leaves out first when it does not fit.
const WATCHLIST_LEAVE_OUT: &[&str] = &[
    "stats.includedDepartmentsCount",
    "stats.excludedActorsCount",
    "watchlistId",
    "title",
];
const MEMBER_COLUMNS: &[&str] = &["actorname", "addedTime", "actorId"];
const MEMBER_LEAVE_OUT: &[&str] = &["actorId", "addedTime"];

#[derive(Debug, Subcommand)]
pub enum WatchlistsCommand {
    /// List the watchlists, or those an actor is on.
    List {
        /// Only the watchlists this actor (an id, or a name with an `@`) is a member of.
        #[arg(long)]
        actor: Option<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show a watchlist and its members (on a terminal as `Label: value` lines; JSON
    /// Lines when piped, the members under "members").
    Show {
        /// The watchlist: its id, its type (DEPARTING_EMPLOYEE, …) or a custom list's title.
        watchlist: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Put actors on a watchlist one by one.
    Add(ChangeArgs),
    /// Take actors off the actors included on a watchlist.
    Remove(ChangeArgs),
    /// List everyone on a watchlist (included, or of an included department or group).
    ListMembers {
        watchlist: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// List the actors included on a watchlist one by one.
    ListIncludedActors {
        watchlist: String,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// The watchlist: its id, its type (DEPARTING_EMPLOYEE, …) or a custom list's title.
    pub watchlist: String,
    /// Actors, by id or by name (a name has an `@`); `-` reads them from stdin, one a
    /// line or JSON Lines with an "actorId" or "name".
    pub actors: Vec<String>,
    /// Actors as the incydr CLI takes them: comma-separated ids or names.
    #[arg(long = "actors", value_delimiter = ',', value_name = "ACTORS")]
    pub actor_list: Vec<String>,
}

/// Where an actor is in the JSON Lines of `actors search` and of `watchlists list-members`.
const ACTOR_FIELDS: &[&[&str]] = &[&["actorId"], &["name"], &["actorname"]];

/// The actors-service id of `actor`: a name (with an `@`) is looked up, anything else
/// is taken as an id, as the incydr CLI does.
async fn actor_id_of(client: &Client, actor: &str) -> Result<String, CommandError> {
    if !actor.contains('@') {
        return Ok(actor.to_string());
    }
    match client.actor_by_name(actor, false).await {
        Ok(a) => a.actor_id.ok_or_else(|| {
            CommandError::from(ApiError::Decode(format!(
                "the actor named {actor:?} has no id"
            )))
        }),
        Err(ApiError::NotFound(_)) => Err(CommandError::from(ApiError::NotFound(format!(
            "no actor named {actor:?}"
        )))),
        Err(e) => Err(e.into()),
    }
}

async fn list(
    conn: &ConnectionArgs,
    actor: Option<String>,
    output: &OutputArgs,
) -> Result<(), CommandError> {
    let client = conn.client()?;
    let actor_id = match actor.as_deref() {
        Some(a) => Some(actor_id_of(&client, a).await?),
        None => None,
    };
    let lists = client.all_watchlists(actor_id.as_deref()).await?;
    print_items(
        output,
        (WATCHLIST_COLUMNS, WATCHLIST_LEAVE_OUT),
        &lists,
        UnreadableReport::new("watchlist", "watchlists"),
    )
}

/// The detail view of a watchlist with its members.
fn watchlist_sheet(w: &Watchlist, members: &[WatchlistMember], width: usize) -> String {
    let mut sheet = Sheet::new(width);
    let stats = &w.stats;
    let fields = vec![
        ("Watchlist", Value::One(w.name().to_string())),
        ("Type", Value::One(or_dash(w.list_type.as_deref()))),
        ("Title", Value::One(or_dash(w.title.as_deref()))),
        (
            "Description",
            Value::Lines(or_dash(w.description.as_deref())),
        ),
        (
            "Included actors",
            Value::One(stats.included_actors_count.to_string()),
        ),
        (
            "Excluded actors",
            Value::One(stats.excluded_actors_count.to_string()),
        ),
        (
            "Departments",
            Value::One(stats.included_departments_count.to_string()),
        ),
        (
            "Directory groups",
            Value::One(stats.included_directory_groups_count.to_string()),
        ),
        ("Id", Value::One(w.watchlist_id.clone())),
    ];
    sheet.fields(0, &fields);
    sheet.blank();
    sheet.heading(0, &format!("Members ({}), added on", members.len()));
    for m in members {
        let added = m
            .added_time
            .map(|t| t.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| "—".into());
        sheet.item(
            2,
            &format!(
                "{}  {added}  {}",
                m.actor_name.as_deref().unwrap_or("—"),
                m.actor_id
            ),
        );
    }
    sheet.into_string()
}

async fn show(
    conn: &ConnectionArgs,
    watchlist: &str,
    output: &OutputArgs,
) -> Result<(), CommandError> {
    let client = conn.client()?;
    let w = client.watchlist_named(watchlist).await?;
    let members = client.watchlist_members(&w.watchlist_id).await?;
    let mut report = UnreadableReport::new("member", "members");
    let read: Vec<WatchlistMember> = members
        .into_iter()
        .filter_map(|m| match m {
            Item::Read(m) => Some(m),
            Item::Unreadable(u) => {
                report.note(&u);
                None
            }
        })
        .collect();
    let format = Format::resolve_show(output.format);
    if format == Format::Detail && output.columns.is_none() {
        let text = watchlist_sheet(&w, &read, super::terminal_width());
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes())?;
        out.flush()?;
    } else {
        let mut row = serde_json::to_value(&w).unwrap_or(Json::Null);
        if let Some(object) = row.as_object_mut() {
            object.insert(
                "members".into(),
                serde_json::to_value(&read).unwrap_or(Json::Null),
            );
        }
        let mut columns = WATCHLIST_COLUMNS.to_vec();
        columns.push("description");
        super::print_rows_as(format, output, (&columns, WATCHLIST_LEAVE_OUT), [row])?;
    }
    report.finish()
}

async fn list_actors(
    conn: &ConnectionArgs,
    watchlist: &str,
    which: WatchlistActors,
    output: &OutputArgs,
) -> Result<(), CommandError> {
    let client = conn.client()?;
    let w = client.watchlist_named(watchlist).await?;
    let actors = client.all_watchlist_actors(&w.watchlist_id, which).await?;
    print_items(
        output,
        (MEMBER_COLUMNS, MEMBER_LEAVE_OUT),
        &actors,
        UnreadableReport::new("actor", "actors"),
    )
}

/// Puts actors on a list or takes them off, in calls of at most 100, one change to the
/// journal each (one batch); each failed call names the actors it did not change.
async fn change(conn: &ConnectionArgs, args: ChangeArgs, add: bool) -> Result<(), CommandError> {
    let command = if add {
        "watchlists add"
    } else {
        "watchlists remove"
    };
    conn.refuse_if_read_only(command)?;
    let mut given = super::ids::read_ids(&args.actors, ACTOR_FIELDS, "actor")?;
    given.extend(
        args.actor_list
            .iter()
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty()),
    );
    if given.is_empty() {
        return Err(CommandError::Usage(
            "name the actors: as arguments, with --actors, or - to read them from stdin".into(),
        ));
    }
    let client = conn.client()?;
    let w = client.watchlist_named(&args.watchlist).await?;
    let mut ids: Vec<String> = Vec::new();
    for actor in &given {
        let id = actor_id_of(&client, actor).await?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let name = sanitize::one_line(w.name()).into_owned();
    let batch = Batch::new(None);
    let mut done = 0usize;
    let mut failed: Vec<String> = Vec::new();
    for chunk in ids.chunks(MAX_ACTORS_PER_CHANGE) {
        let call = async {
            if add {
                client.add_watchlist_actors(&w.watchlist_id, chunk).await
            } else {
                client.remove_watchlist_actors(&w.watchlist_id, chunk).await
            }
        };
        match in_batch(batch.clone(), call).await {
            Ok(()) => done = done.saturating_add(chunk.len()),
            Err(e) => {
                eprintln!(
                    "triage42: {} not {} ({}): {}",
                    super::sheet::count(chunk.len(), "actor", "actors"),
                    if add { "added" } else { "removed" },
                    sanitize::one_line(&e.to_string()),
                    sanitize::one_line(&chunk.join(" "))
                );
                failed.extend(chunk.iter().cloned());
            }
        }
    }
    let (verb, preposition) = if add {
        ("added", "to")
    } else {
        ("removed", "from")
    };
    eprintln!(
        "{} {verb} {preposition} watchlist {name} ({}){}",
        super::sheet::count(done, "actor", "actors"),
        sanitize::one_line(&w.watchlist_id),
        if failed.is_empty() {
            String::new()
        } else {
            format!(", {} failed", failed.len())
        }
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CommandError::Api(ApiError::BadRequest(format!(
            "{} not {verb}",
            super::sheet::count(failed.len(), "actor", "actors")
        ))))
    }
}

pub async fn run(conn: &ConnectionArgs, cmd: WatchlistsCommand) -> Result<(), CommandError> {
    match cmd {
        WatchlistsCommand::List { actor, output } => list(conn, actor, &output).await,
        WatchlistsCommand::Show { watchlist, output } => show(conn, &watchlist, &output).await,
        WatchlistsCommand::Add(args) => change(conn, args, true).await,
        WatchlistsCommand::Remove(args) => change(conn, args, false).await,
        WatchlistsCommand::ListMembers { watchlist, output } => {
            list_actors(conn, &watchlist, WatchlistActors::Members, &output).await
        }
        WatchlistsCommand::ListIncludedActors { watchlist, output } => {
            list_actors(conn, &watchlist, WatchlistActors::Included, &output).await
        }
    }
}
