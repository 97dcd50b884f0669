//! Undo of a journaled change: the journal holds each item's state and note from just
//! before the change; undo reads the items as they are now and puts back those that
//! still show the change. An item someone has changed since is left alone (and named)
//! unless the analyst forces it. The undo is sent as changes of its own, journaled with
//! what they replace, so it can be undone in turn.
//!
//! Undone: alert states and notes, session states. Not undone: a case created or edited,
//! file events added to it, actors put on or taken off a watchlist, an actor's notes and
//! dates, and session notes (they accumulate; the service cannot remove one): undo says
//! which notes stay.

use std::collections::HashMap;

use futures::StreamExt;

use crate::api::audit::{Batch, ItemState, in_batch};
use crate::api::lenient::Item;
use crate::api::models::AlertState;
use crate::api::sessions::SessionState;
use crate::api::{ApiError, Client, MAX_IDS_PER_CALL};
use crate::journal::Record;

/// What undo changes: alerts or sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Alerts,
    Sessions,
}

impl Target {
    pub fn nouns(self) -> (&'static str, &'static str) {
        match self {
            Target::Alerts => ("alert", "alerts"),
            Target::Sessions => ("session", "sessions"),
        }
    }

    fn noun(self, count: usize) -> &'static str {
        let (one, many) = self.nouns();
        if count == 1 { one } else { many }
    }
}

/// Why there is nothing to undo.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UndoError {
    /// No such change, or none to undo on this tenant.
    #[error("{0}")]
    NotFound(String),
    /// The change is of a kind undo does not put back.
    #[error("{0}")]
    NotUndoable(String),
}

/// The journal's intent lines of one change to undo (every change sent with it, when it
/// went in several calls).
#[derive(Debug, Clone)]
pub struct Found {
    /// The change named (or the last one).
    pub change: String,
    pub target: Target,
    pub intents: Vec<Record>,
    /// Session notes added with the change: they stay.
    pub session_notes: Vec<String>,
}

/// What one undo is about to do, from the journal and the items as they are now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoPlan {
    pub change: String,
    pub target: Target,
    /// One line on what the change was.
    pub described: String,
    /// What is put back: the state, and the note when it is to be put back.
    pub restore: Vec<ItemState>,
    /// Of `restore`, those changed since (only with force).
    pub forced: Vec<String>,
    /// Items already as they were before the change.
    pub already: Vec<String>,
    /// Items changed since the change (someone else touched them): left alone.
    pub changed_since: Vec<String>,
    /// Items whose earlier state was not recorded, or that cannot be read now.
    pub unknown: Vec<String>,
    /// Items whose note the change added and undo cannot take away.
    pub notes_kept: Vec<String>,
}

impl UndoPlan {
    /// The lines a confirmation shows: what is put back, and what is left alone, naming
    /// at most `ids_named` ids of each group.
    pub fn summary(&self, ids_named: usize) -> Vec<String> {
        let noun = |n: usize| self.target.noun(n);
        let mut lines = vec![format!("Undo {}.", self.described)];
        let n = self.restore.len();
        if n == 0 {
            lines.push("Nothing to put back.".to_string());
        } else {
            let (go, their) = if n == 1 {
                ("goes", "its")
            } else {
                ("go", "their")
            };
            lines.push(format!(
                "{n} {} {go} back to {their} earlier state{}.",
                noun(n),
                if self.target == Target::Alerts {
                    " and note"
                } else {
                    ""
                }
            ));
        }
        if !self.forced.is_empty() {
            lines.push(format!(
                "{} of them changed since and {} put back anyway (--force).",
                self.forced.len(),
                if self.forced.len() == 1 { "is" } else { "are" }
            ));
        }
        let mut list = |count: usize, what: &str, ids: &[String]| {
            if count > 0 {
                let named: Vec<&str> = ids.iter().take(ids_named).map(String::as_str).collect();
                let more = if count > named.len() { " …" } else { "" };
                lines.push(format!(
                    "{count} {} {what}: {}{more}",
                    noun(count),
                    crate::sanitize::one_line(&named.join(" "))
                ));
            }
        };
        list(
            self.changed_since.len(),
            "changed since, left alone",
            &self.changed_since,
        );
        list(self.already.len(), "already as before", &self.already);
        list(
            self.unknown.len(),
            "unknown before the change or unreadable now, left alone",
            &self.unknown,
        );
        list(
            self.notes_kept.len(),
            "with a note the change added, which stays (a note cannot be removed)",
            &self.notes_kept,
        );
        lines
    }
}

/// What an undo did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UndoDone {
    pub done: usize,
    /// The ids of each failed call, with the reason.
    pub failed: Vec<(Vec<String>, String)>,
}

const ALERT_STATE: &str = "alert-state";
const ALERT_NOTE: &str = "alert-note";
const SESSION_STATE: &str = "session-state";
const SESSION_NOTE: &str = "session-note";

/// What a change of `action` changed, when undo can put it back.
pub fn target_of(action: &str) -> Option<Target> {
    match action {
        ALERT_STATE | ALERT_NOTE => Some(Target::Alerts),
        SESSION_STATE => Some(Target::Sessions),
        _ => None,
    }
}

/// Why a change of `action` is not undone.
pub fn not_undone(action: &str) -> String {
    match action {
        "create-case" => "a case created is not undone: close it instead (cases update)".into(),
        "add-case-events" => "file events added to a case are not taken out by undo".into(),
        SESSION_NOTE => {
            "a session note is not undone: notes accumulate and the service cannot remove one"
                .into()
        }
        "session-state-by-query" => {
            "a change of every session a query matched is not undone: the journal does not \
             know which sessions it changed"
                .into()
        }
        "add-watchlist-actors" | "remove-watchlist-actors" => {
            "a watchlist change is not undone: take the actors off or put them back with \
             watchlists remove or add"
                .into()
        }
        "update-actor" => {
            "an actor's notes and dates are not undone: set them again with actors update".into()
        }
        "update-case" => "a case's edit is not undone: set the fields again with cases update \
                          (a closed case cannot be edited)"
            .into(),
        other => format!("a change of kind {other:?} is not undone"),
    }
}

/// The same tenant, whatever the trailing slash.
fn same_tenant(a: &str, b: &str) -> bool {
    a.trim_end_matches('/') == b.trim_end_matches('/')
}

/// The change to undo: `change` (a change or batch id from the journal), or the last
/// change of this tenant that can be undone and did not fail.
pub fn find(records: &[Record], change: Option<&str>, tenant: &str) -> Result<Found, UndoError> {
    let intent = |r: &&Record| r.phase == "intent";
    let named = match change {
        Some(id) => records
            .iter()
            .filter(intent)
            .find(|r| r.change == id || r.batch.as_deref() == Some(id))
            .ok_or_else(|| UndoError::NotFound(format!("no change {id:?} in the journal")))?,
        None => {
            let mut last_outcome: HashMap<&str, &str> = HashMap::new();
            for r in records.iter().filter(|r| r.phase == "outcome") {
                last_outcome.insert(&r.change, r.outcome.as_deref().unwrap_or(""));
            }
            records
                .iter()
                .rev()
                .filter(intent)
                .filter(|r| same_tenant(r.tenant.as_deref().unwrap_or(""), tenant))
                .filter(|r| target_of(r.action.as_deref().unwrap_or("")).is_some())
                .find(|r| last_outcome.get(r.change.as_str()) != Some(&"failed"))
                .ok_or_else(|| {
                    UndoError::NotFound(format!("no change to undo on {tenant} in the journal"))
                })?
        }
    };
    let action = named.action.as_deref().unwrap_or("");
    let Some(target) = target_of(action) else {
        return Err(UndoError::NotUndoable(not_undone(action)));
    };
    let named_tenant = named.tenant.as_deref().unwrap_or("");
    if !same_tenant(named_tenant, tenant) {
        return Err(UndoError::NotUndoable(format!(
            "change {} was made on {}, not on {tenant}",
            named.change,
            crate::sanitize::one_line(named_tenant)
        )));
    }
    let together: Vec<&Record> = match &named.batch {
        Some(batch) => records
            .iter()
            .filter(intent)
            .filter(|r| r.batch.as_ref() == Some(batch))
            .collect(),
        None => vec![named],
    };
    // The batch goes by its first change's name, whichever of its calls was named.
    let change = together
        .first()
        .map_or_else(|| named.change.clone(), |r| r.change.clone());
    let intents = together
        .iter()
        .filter(|r| target_of(r.action.as_deref().unwrap_or("")) == Some(target))
        .map(|r| (*r).clone())
        .collect();
    let session_notes = together
        .iter()
        .filter(|r| r.action.as_deref() == Some(SESSION_NOTE))
        .flat_map(|r| r.ids.iter().cloned())
        .collect();
    Ok(Found {
        change,
        target,
        intents,
        session_notes,
    })
}

/// An empty note is no note.
fn note_of(note: &Option<String>) -> Option<String> {
    note.clone().filter(|n| !n.trim().is_empty())
}

/// Each item's state before the first change of `found` and after its last.
fn before_and_after(found: &Found) -> (Vec<String>, HashMap<String, (ItemState, ItemState)>) {
    let mut order = Vec::new();
    let mut items: HashMap<String, (ItemState, ItemState)> = HashMap::new();
    for record in &found.intents {
        let action = record.action.as_deref().unwrap_or("");
        for id in &record.ids {
            if !items.contains_key(id) {
                order.push(id.clone());
                if let Some(before) = record.before.iter().find(|b| &b.id == id) {
                    let before = ItemState {
                        note: note_of(&before.note),
                        ..before.clone()
                    };
                    items.insert(id.clone(), (before.clone(), before));
                }
            }
            if let Some((_, after)) = items.get_mut(id) {
                match action {
                    ALERT_STATE => {
                        after.state = record.state.clone();
                        if let Some(note) = note_of(&record.note) {
                            after.note = Some(note);
                        }
                    }
                    ALERT_NOTE => after.note = note_of(&record.note),
                    SESSION_STATE => after.state = record.state.clone(),
                    _ => {}
                }
            }
        }
    }
    (order, items)
}

fn same_state(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    }
}

/// The items of `ids` as they are now (those that cannot be read are missing).
async fn read_now(
    client: &Client,
    target: Target,
    ids: &[String],
) -> Result<HashMap<String, ItemState>, ApiError> {
    let mut now = HashMap::new();
    match target {
        Target::Alerts => {
            for chunk in ids.chunks(MAX_IDS_PER_CALL) {
                for item in client.alert_details(chunk).await? {
                    if let Item::Read(d) = item {
                        now.insert(
                            d.summary.id.clone(),
                            ItemState {
                                id: d.summary.id.clone(),
                                state: d.summary.state.as_ref().map(|s| s.as_wire().to_string()),
                                note: note_of(&d.note.as_ref().and_then(|n| n.message.clone())),
                            },
                        );
                    }
                }
            }
        }
        Target::Sessions => {
            let read: Vec<Result<ItemState, ApiError>> = futures::stream::iter(ids.to_vec())
                .map(|id| async move {
                    let s = client.session(&id).await?;
                    Ok(ItemState {
                        id,
                        state: s.state().map(|s| s.as_wire().to_string()),
                        note: None,
                    })
                })
                .buffered(8)
                .collect()
                .await;
            for item in read {
                match item {
                    Ok(item) => {
                        now.insert(item.id.clone(), item);
                    }
                    Err(ApiError::NotFound(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(now)
}

/// What undoing `found` would do now; with `force`, items changed since are put back too.
pub async fn plan(client: &Client, found: &Found, force: bool) -> Result<UndoPlan, ApiError> {
    let (order, items) = before_and_after(found);
    let now = read_now(client, found.target, &order).await?;
    let alerts = found.target == Target::Alerts;
    let mut plan = UndoPlan {
        change: found.change.clone(),
        target: found.target,
        described: describe(found, order.len()),
        restore: Vec::new(),
        forced: Vec::new(),
        already: Vec::new(),
        changed_since: Vec::new(),
        unknown: Vec::new(),
        notes_kept: Vec::new(),
    };
    for id in &order {
        let (Some((before, after)), Some(now)) = (items.get(id), now.get(id)) else {
            plan.unknown.push(id.clone());
            continue;
        };
        if before.state.is_none() {
            plan.unknown.push(id.clone());
            continue;
        }
        if alerts && before.note.is_none() && after.note.is_some() {
            plan.notes_kept.push(id.clone());
        }
        let as_before = same_state(&now.state, &before.state)
            && (before.note.is_none() || now.note == before.note);
        let as_after = same_state(&now.state, &after.state) && (!alerts || now.note == after.note);
        if as_before {
            plan.already.push(id.clone());
            continue;
        }
        if !as_after {
            plan.changed_since.push(id.clone());
            if !force {
                continue;
            }
            plan.forced.push(id.clone());
        }
        plan.restore.push(ItemState {
            id: id.clone(),
            state: before.state.clone(),
            note: before.note.clone().filter(|_| now.note != before.note),
        });
    }
    for id in &found.session_notes {
        if !plan.notes_kept.contains(id) {
            plan.notes_kept.push(id.clone());
        }
    }
    Ok(plan)
}

fn describe(found: &Found, count: usize) -> String {
    let first = found.intents.first();
    let at = first
        .map(|r| r.at.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default();
    let what = first
        .map(|r| match r.action.as_deref() {
            Some(ALERT_NOTE) => "note".to_string(),
            _ => r.state.clone().unwrap_or_default(),
        })
        .unwrap_or_default();
    let calls = found.intents.len();
    let calls = if calls > 1 {
        format!(", sent in {calls} calls")
    } else {
        String::new()
    };
    let undo = if first.is_some_and(|r| r.undoes.is_some()) {
        "undo, "
    } else {
        ""
    };
    crate::sanitize::one_line(&format!(
        "{what} of {count} {} ({undo}change {} at {at}{calls})",
        found.target.noun(count),
        found.change
    ))
    .into_owned()
}

/// A state and the note to put back with it (none: the note is left as it is).
type Restored = (String, Option<String>);

/// Puts back what `plan` says, as changes journaled as undoing its change (so they can be
/// undone too), in calls of at most 100 items sharing a state and note.
pub async fn apply(client: &Client, plan: &UndoPlan) -> UndoDone {
    let batch = Batch::new(Some(plan.change.clone()));
    in_batch(batch, async {
        let mut groups: Vec<(Restored, Vec<String>)> = Vec::new();
        for item in &plan.restore {
            let key = (item.state.clone().unwrap_or_default(), item.note.clone());
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, ids)) => ids.push(item.id.clone()),
                None => groups.push((key, vec![item.id.clone()])),
            }
        }
        let mut done = UndoDone::default();
        for ((state, note), ids) in groups {
            for chunk in ids.chunks(MAX_IDS_PER_CALL) {
                let result = match plan.target {
                    Target::Alerts => {
                        client
                            .update_alert_state(
                                chunk,
                                AlertState::from_wire(&state),
                                note.as_deref(),
                            )
                            .await
                    }
                    Target::Sessions => {
                        let mut completed = Vec::new();
                        client
                            .update_session_state_tracked(
                                chunk,
                                SessionState::from_wire(&state),
                                None,
                                &mut completed,
                            )
                            .await
                    }
                };
                match result {
                    Ok(()) => done.done = done.done.saturating_add(chunk.len()),
                    Err(e) => done.failed.push((chunk.to_vec(), e.to_string())),
                }
            }
        }
        done
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn intent(change: &str, batch: Option<&str>, action: &str, ids: &[&str]) -> Record {
        Record {
            at: chrono::Utc::now(),
            change: change.into(),
            phase: "intent".into(),
            who: Some("key".into()),
            tenant: Some("https://t.example/".into()),
            action: Some(action.into()),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            state: Some("RESOLVED".into()),
            note: None,
            case_name: None,
            case_number: None,
            watchlist: None,
            watchlist_name: None,
            fields: None,
            outcome: None,
            checked: false,
            reason: None,
            batch: batch.map(str::to_string),
            undoes: None,
            before: ids
                .iter()
                .map(|id| ItemState {
                    id: id.to_string(),
                    state: Some("OPEN".into()),
                    note: Some(format!("was {id}")),
                })
                .collect(),
        }
    }

    #[test]
    fn the_last_change_that_can_be_undone_on_this_tenant_is_found_with_its_batch() {
        let mut failed = intent("c4", None, ALERT_STATE, &["z"]);
        failed.change = "c4".into();
        let mut failed_outcome = failed.clone();
        failed_outcome.phase = "outcome".into();
        failed_outcome.outcome = Some("failed".into());
        let mut elsewhere = intent("c5", None, ALERT_STATE, &["y"]);
        elsewhere.tenant = Some("https://other.example".into());
        let records = vec![
            intent("c1", Some("b1"), ALERT_STATE, &["a", "b"]),
            intent("c2", Some("b1"), ALERT_STATE, &["c"]),
            intent("c3", None, "create-case", &["e1"]),
            failed,
            failed_outcome,
            elsewhere,
        ];
        let found = find(&records, None, "https://t.example").unwrap();
        assert_eq!(found.change, "c1", "the batch by its first change");
        assert_eq!(found.intents.len(), 2, "the whole batch");
        let (order, items) = before_and_after(&found);
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(items["a"].1.state.as_deref(), Some("RESOLVED"));
        assert_eq!(items["a"].1.note.as_deref(), Some("was a"), "note kept");
        // By batch id as well as by change id.
        assert_eq!(
            find(&records, Some("b1"), "https://t.example/")
                .unwrap()
                .intents
                .len(),
            2
        );
    }

    #[test]
    fn what_is_not_undone_says_why() {
        let records = vec![
            intent("c1", None, "create-case", &["e1"]),
            intent("c2", None, SESSION_NOTE, &["s1"]),
            intent("c3", None, ALERT_STATE, &["a"]),
        ];
        let tenant = "https://t.example/";
        let case = find(&records, Some("c1"), tenant).unwrap_err();
        assert!(
            case.to_string().contains("case created is not undone"),
            "{case}"
        );
        let note = find(&records, Some("c2"), tenant).unwrap_err();
        assert!(note.to_string().contains("cannot remove"), "{note}");
        let other = find(&records, Some("c3"), "https://else.example").unwrap_err();
        assert!(other.to_string().contains("was made on"), "{other}");
        assert!(matches!(
            find(&records, Some("nope"), tenant),
            Err(UndoError::NotFound(_))
        ));
        assert!(matches!(
            find(&[], None, tenant),
            Err(UndoError::NotFound(_))
        ));
    }
}
