//! What the commands over alerts and sessions share: the arguments of a state change,
//! the check of its note, sending it in calls of at most 100 ids with what was done and
//! what failed said on stderr; the sort argument's direction and a query's error.

use std::future::Future;

use clap::Args;

use super::CommandError;
use crate::api::{ApiError, MAX_IDS_PER_CALL};

#[derive(Debug, Args)]
pub struct ChangeArgs {
    /// The new state. Alerts: OPEN, RESOLVED, PENDING or IN_PROGRESS. Sessions: OPEN,
    /// IN_PROGRESS, CLOSED, CLOSED_TP, CLOSED_TP_BENIGN or CLOSED_FP.
    #[arg(long)]
    pub state: String,
    /// A note sent with the change: it replaces an alert's note, and joins a session's
    /// notes.
    #[arg(long)]
    pub note: Option<String>,
    /// Ids, or `-` to read them from stdin (one per line, or JSON Lines with an "id", or
    /// for sessions a "sessionId").
    #[arg(required = true)]
    pub ids: Vec<String>,
}

/// A change of `kind`, as the arguments ask for it: checked, ids read.
pub(crate) struct Change<'a, S> {
    pub state: S,
    pub note: Option<&'a str>,
    pub ids: Vec<String>,
}

/// The items a change command changes: their names, the states they take, where their
/// id is in JSON Lines.
pub(crate) struct ChangeOf {
    pub command: &'static str,
    pub nouns: (&'static str, &'static str),
    pub states: &'static str,
    pub id_fields: &'static [&'static [&'static str]],
}

impl ChangeArgs {
    /// The change asked for, refused when the command may not change the tenant, the
    /// state is not one of `of`'s (`state` reads it), or the note is not a note.
    pub(crate) fn checked<S>(
        &self,
        conn: &super::ConnectionArgs,
        of: &ChangeOf,
        state: impl Fn(&str) -> Option<S>,
    ) -> Result<Change<'_, S>, CommandError> {
        conn.refuse_if_read_only(of.command)?;
        let Some(new_state) = state(&self.state) else {
            return Err(CommandError::Usage(format!(
                "--state: {:?} is not {}",
                crate::sanitize::one_line(&self.state),
                of.states
            )));
        };
        Ok(Change {
            state: new_state,
            note: self.checked_note()?,
            ids: super::ids::read_ids(&self.ids, of.id_fields, of.nouns.0)?,
        })
    }

    /// The note, checked: within the service's limit, and not empty (a change without a
    /// note leaves out `--note`).
    fn checked_note(&self) -> Result<Option<&str>, CommandError> {
        let Some(note) = &self.note else {
            return Ok(None);
        };
        crate::api::check_note(note)?;
        if note.trim().is_empty() {
            return Err(CommandError::Usage(
                "--note: the note is empty (leave out --note for a change without one)".into(),
            ));
        }
        Ok(Some(note))
    }
}

/// Sends a state change of `ids` in calls of at most 100; `send` makes one call and says
/// which of its ids were wholly changed (state, and note), which on failure need not be
/// none. Each failed call names on stderr the ids it did not change, so running the
/// command again with them changes nothing twice; the last line counts what was done.
pub(crate) async fn send_in_chunks<F, Fut>(
    ids: &[String],
    (one, many): (&str, &str),
    state: &str,
    mut send: F,
) -> Result<(), CommandError>
where
    F: FnMut(Vec<String>) -> Fut,
    Fut: Future<Output = (Vec<String>, Result<(), ApiError>)>,
{
    let mut done = 0usize;
    let mut failed = 0usize;
    // The calls of one command are one change to undo.
    let batch = crate::api::audit::Batch::new(None);
    for chunk in ids.chunks(MAX_IDS_PER_CALL) {
        let (completed, result) =
            crate::api::audit::in_batch(batch.clone(), send(chunk.to_vec())).await;
        done = done.saturating_add(completed.len());
        if let Err(e) = result {
            let not_done: Vec<&str> = chunk
                .iter()
                .filter(|id| !completed.contains(id))
                .map(String::as_str)
                .collect();
            let noun = if not_done.len() == 1 { one } else { many };
            eprintln!(
                "triage42: {} {noun} not updated ({}): {}",
                not_done.len(),
                crate::sanitize::one_line(&e.to_string()),
                crate::sanitize::one_line(&not_done.join(" "))
            );
            failed = failed.saturating_add(not_done.len());
        }
    }
    let noun = if done == 1 { one } else { many };
    let failures = if failed == 0 {
        String::new()
    } else {
        format!(", {failed} failed")
    };
    eprintln!("{done} {noun} set to {state}{failures}");
    if failed == 0 {
        Ok(())
    } else {
        let noun = if failed == 1 { one } else { many };
        Err(CommandError::Api(ApiError::BadRequest(format!(
            "{failed} {noun} not updated"
        ))))
    }
}

/// `--sort FIELD[:asc|:desc]`: the field, and whether it is descending (the default).
pub(crate) fn split_sort(text: &str) -> Result<(String, bool), CommandError> {
    let (field, direction) = text.split_once(':').unwrap_or((text, "desc"));
    let descending = match direction.to_ascii_lowercase().as_str() {
        "asc" => false,
        "desc" => true,
        other => {
            return Err(CommandError::Usage(format!(
                "--sort: direction must be asc or desc, not {other:?}"
            )));
        }
    };
    Ok((field.to_ascii_lowercase(), descending))
}

/// A query that does not read, with a caret under the part at `span`.
pub(crate) fn bad_query(text: &str, message: &str, span: std::ops::Range<usize>) -> CommandError {
    let before = text.get(..span.start).unwrap_or(text).chars().count();
    let marked = text.get(span).unwrap_or("").chars().count();
    let caret = format!("{}{}", " ".repeat(before), "^".repeat(marked.max(1)));
    CommandError::Usage(format!("bad query: {message}\n  {text}\n  {caret}"))
}
