//! `triage42 undo [CHANGE]`: puts back the state and note a journaled change replaced,
//! after saying what will and will not be put back and asking.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args;

use super::{CommandError, ConnectionArgs};
use crate::journal::{read_records, without_credentials};
use crate::undo::{UndoError, apply, find, plan};

#[derive(Debug, Args)]
pub struct UndoArgs {
    /// The change to undo (its id from `triage42 journal`; every call sent with it is
    /// undone too). Default: the last change from this machine on this tenant.
    pub change: Option<String>,
    /// Put back items someone changed since the change as well.
    #[arg(long)]
    pub force: bool,
    /// Do not ask (needed when there is no terminal to ask on).
    #[arg(long, short = 'y')]
    pub yes: bool,
}

pub fn run(conn: &ConnectionArgs, args: UndoArgs) -> i32 {
    super::finish(super::runtime().and_then(|rt| rt.block_on(undo(conn, args))))
}

async fn undo(conn: &ConnectionArgs, args: UndoArgs) -> Result<(), CommandError> {
    conn.refuse_if_read_only("undo")?;
    let Some(path) = &conn.journal else {
        return Err(CommandError::Usage(
            "no home directory to find the journal in; set TRIAGE42_JOURNAL".into(),
        ));
    };
    let config = conn
        .settings
        .client_config()
        .map_err(|e| CommandError::Usage(e.to_string()))?;
    let tenant = without_credentials(&config.base_url);
    let records = read_records(path)?;
    let found = find(&records, args.change.as_deref(), &tenant).map_err(|e| match e {
        UndoError::NotFound(m) => CommandError::Usage(format!("{m} ({})", path.display())),
        UndoError::NotUndoable(m) => CommandError::Usage(m),
    })?;
    let client = conn.client()?;
    let plan = plan(&client, &found, args.force).await?;
    for line in plan.summary(usize::MAX) {
        eprintln!("{line}");
    }
    if plan.restore.is_empty() {
        return Ok(());
    }
    let (one, many) = plan.target.nouns();
    let noun = |n: usize| if n == 1 { one } else { many };
    let count = plan.restore.len();
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            return Err(CommandError::Usage(
                "undo asks before changing anything: run it on a terminal, or add --yes".into(),
            ));
        }
        eprint!("Put back {count} {}? [y/N] ", noun(count));
        std::io::stderr().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("Nothing changed.");
            return Ok(());
        }
    }
    let done = apply(&client, &plan).await;
    for (ids, reason) in &done.failed {
        eprintln!(
            "triage42: {} {} not put back ({}): {}",
            ids.len(),
            noun(ids.len()),
            crate::sanitize::one_line(reason),
            crate::sanitize::one_line(&ids.join(" "))
        );
    }
    eprintln!(
        "{} {} put back (undo of change {}); `triage42 undo` again undoes the undo",
        done.done,
        noun(done.done),
        crate::sanitize::one_line(&plan.change)
    );
    if done.failed.is_empty() {
        Ok(())
    } else {
        Err(CommandError::Api(crate::api::ApiError::BadRequest(
            format!(
                "{} {} not put back",
                done.failed.iter().map(|(ids, _)| ids.len()).sum::<usize>(),
                many
            ),
        )))
    }
}
