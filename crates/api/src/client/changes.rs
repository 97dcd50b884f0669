//! Changes to the tenant: alert states and notes, cases and their file events.
//!
//! A change is never blindly repeated. When its answer is lost (the connection dropped
//! after the request went out, the answer was cut short, a gateway failed), what was
//! applied is read back, and only what is not yet done is sent again. Every change is
//! told to the audit log (`ClientConfig::change_log`) before it is sent, and again with
//! its outcome.

use super::{Client, MAX_IDS_PER_CALL, check_note};
use crate::audit::{Change, ChangeKind, ItemState, Outcome};
use crate::cases::{Case, CaseListQuery, NewCase};
use crate::error::ApiError;
use crate::lenient::Item;
use crate::models::{AlertDetails, AlertState};
use crate::requests::{AddCaseEventsRequest, AddNoteRequest, UpdateStateRequest, to_json};
use crate::retry::Idempotency;

/// Rounds of read-back-and-resend after a lost answer, before the outcome is called unknown.
pub(super) const SETTLE_ROUNDS: usize = 3;

/// What to send again to the alerts a lost change has not reached.
#[derive(Clone, Copy)]
enum Resend<'a> {
    State {
        state: &'a AlertState,
        note: Option<&'a str>,
    },
    Note {
        note: &'a str,
    },
}

impl Resend<'_> {
    /// Whether the alert already shows the change.
    fn is_done(&self, d: &AlertDetails) -> bool {
        let note_is = |n: &str| d.note.as_ref().and_then(|x| x.message.as_deref()) == Some(n);
        match self {
            Resend::State { state, note } => {
                d.summary.state.as_ref() == Some(*state) && note.is_none_or(note_is)
            }
            Resend::Note { note } => note_is(note),
        }
    }
}

/// How a change ended, when it was applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Applied {
    /// The server said so.
    Answered,
    /// The answer was lost; reading back showed it applied (possibly after resending).
    Checked,
}

impl Client {
    /// Records the intent; a change that cannot be recorded is not sent.
    pub(super) fn log_intent(&self, change: &Change) -> Result<(), ApiError> {
        let Some(log) = &self.transport.config.change_log else {
            return Ok(());
        };
        log.intent(change).map_err(|e| {
            ApiError::InvalidInput(format!(
                "could not write the audit journal ({e}); nothing was sent"
            ))
        })
    }

    /// The alerts' state and note now, for the journal to put back on undo: read only
    /// when there is a journal. A failed read does not stop the change; the alerts it
    /// misses are the ones undo will say it cannot put back.
    async fn alerts_before(&self, ids: &[String]) -> Vec<ItemState> {
        if self.transport.config.change_log.is_none() {
            return Vec::new();
        }
        match self.alert_details(ids).await {
            Ok(items) => items
                .iter()
                .filter_map(|item| match item {
                    Item::Read(d) if ids.contains(&d.summary.id) => Some(ItemState {
                        id: d.summary.id.clone(),
                        state: d.summary.state.as_ref().map(|s| s.as_wire().to_string()),
                        note: d.note.as_ref().and_then(|n| n.message.clone()),
                    }),
                    _ => None,
                })
                .collect(),
            Err(e) => {
                tracing::warn!("could not read the alerts before changing them: {e}");
                Vec::new()
            }
        }
    }

    pub(super) fn log_outcome(&self, change: &Change, outcome: Outcome) {
        if let Some(log) = &self.transport.config.change_log
            && let Err(e) = log.outcome(change, &outcome)
        {
            tracing::error!(change = %change.id, "could not write the outcome to the journal: {e}");
        }
    }

    /// Journals that the answer to `change` was lost and a check follows.
    pub(super) fn log_lost(&self, change: &Change, lost: &ApiError) {
        self.log_outcome(
            change,
            Outcome::Unknown(format!("{lost}; checking what was applied")),
        );
    }

    /// Journals the final outcome of `change`.
    pub(super) fn log_result<T>(&self, change: &Change, result: &Result<(T, Applied), ApiError>) {
        let outcome = match result {
            Ok((_, applied)) => Outcome::Ok {
                checked: *applied == Applied::Checked,
                detail: None,
            },
            Err(ApiError::Unknown(reason)) => Outcome::Unknown(reason.clone()),
            Err(error) => Outcome::Failed(error.to_string()),
        };
        self.log_outcome(change, outcome);
    }

    // ------------------------------------------------------------ alert state

    /// Sets the state of up to 100 alerts, with an optional note that replaces theirs.
    pub async fn update_alert_state(
        &self,
        ids: &[String],
        state: AlertState,
        note: Option<&str>,
    ) -> Result<(), ApiError> {
        if ids.is_empty() {
            return Err(ApiError::InvalidInput("no alerts given".into()));
        }
        if ids.len() > MAX_IDS_PER_CALL {
            return Err(ApiError::InvalidInput(format!(
                "{} alerts in one call; the limit is {MAX_IDS_PER_CALL}",
                ids.len()
            )));
        }
        if let Some(n) = note {
            check_note(n)?;
        }
        let mut change = Change::new(
            ChangeKind::AlertState {
                state: state.as_wire().to_string(),
                note: note.map(str::to_string),
            },
            ids.to_vec(),
        );
        change.before = self.alerts_before(ids).await;
        self.log_intent(&change)?;
        let result = match self.send_state(ids, &state, note).await {
            Ok(()) => Ok(((), Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                let resend = Resend::State {
                    state: &state,
                    note,
                };
                self.settle_alerts(ids, lost, resend).await.map(|a| ((), a))
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|_| ())
    }

    async fn send_state(
        &self,
        ids: &[String],
        state: &AlertState,
        note: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = to_json(&UpdateStateRequest {
            tenant_id: self.tenant_id().await?,
            alert_ids: ids.to_vec(),
            state: state.clone(),
            note: note.map(str::to_string),
        });
        self.post_no_content("/v1/alerts/update-state", body).await
    }

    pub async fn resolve_alerts(
        &self,
        ids: &[String],
        reason: Option<&str>,
    ) -> Result<(), ApiError> {
        self.update_alert_state(ids, AlertState::Resolved, reason)
            .await
    }

    pub async fn reopen_alerts(
        &self,
        ids: &[String],
        reason: Option<&str>,
    ) -> Result<(), ApiError> {
        self.update_alert_state(ids, AlertState::Open, reason).await
    }

    // ------------------------------------------------------------ alert note

    /// Replaces the alert's note. Refused before sending when over the limit.
    pub async fn add_alert_note(&self, id: &str, note: &str) -> Result<(), ApiError> {
        check_note(note)?;
        if id.trim().is_empty() {
            return Err(ApiError::InvalidInput("no alert given".into()));
        }
        let ids = [id.to_string()];
        let mut change = Change::new(
            ChangeKind::AlertNote {
                note: note.to_string(),
            },
            ids.to_vec(),
        );
        change.before = self.alerts_before(&ids).await;
        self.log_intent(&change)?;
        let result = match self.send_note(id, note).await {
            Ok(()) => Ok(((), Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_alerts(&ids, lost, Resend::Note { note })
                    .await
                    .map(|a| ((), a))
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|_| ())
    }

    async fn send_note(&self, id: &str, note: &str) -> Result<(), ApiError> {
        let body = to_json(&AddNoteRequest {
            tenant_id: self.tenant_id().await?,
            alert_id: id.to_string(),
            note: note.to_string(),
        });
        self.post_no_content("/v1/alerts/add-note", body).await
    }

    /// After a lost answer: reads the alerts back, resends to those not yet `done`, and
    /// repeats a few times while answers keep getting lost.
    async fn settle_alerts(
        &self,
        ids: &[String],
        lost: ApiError,
        resend: Resend<'_>,
    ) -> Result<Applied, ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let details = self.alert_details(ids).await.map_err(|read| {
                ApiError::Unknown(format!(
                    "the answer was lost ({last}) and reading the alerts back failed ({read}); \
                     whether the change was applied is not known"
                ))
            })?;
            let pending: Vec<String> = ids
                .iter()
                .filter(|id| {
                    !details.iter().any(|item| match item {
                        Item::Read(d) => d.summary.id == **id && resend.is_done(d),
                        Item::Unreadable(_) => false,
                    })
                })
                .cloned()
                .collect();
            if pending.is_empty() {
                tracing::info!(count = ids.len(), "answer lost, change found applied");
                return Ok(Applied::Checked);
            }
            tracing::info!(
                pending = pending.len(),
                of = ids.len(),
                "answer lost; sending again to the alerts not yet changed"
            );
            let sent = match resend {
                Resend::State { state, note } => self.send_state(&pending, state, note).await,
                Resend::Note { note } => match pending.first() {
                    Some(id) => self.send_note(id, note).await,
                    None => Ok(()),
                },
            };
            match sent {
                Ok(()) => return Ok(Applied::Checked),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the change was applied is not known"
        )))
    }

    // ------------------------------------------------------------------- cases

    /// Creates a case. After a lost answer the case is looked up by its name (names are
    /// unique in a tenant) before it is sent again.
    pub async fn create_case(&self, case: &NewCase) -> Result<Case, ApiError> {
        case.validate().map_err(ApiError::InvalidInput)?;
        let body = serde_json::to_value(case).map_err(|e| ApiError::InvalidInput(e.to_string()))?;
        let change = Change::new(
            ChangeKind::CreateCase {
                name: case.name.clone(),
            },
            Vec::new(),
        );
        self.log_intent(&change)?;
        let result = match self.send_case(&body).await {
            Ok(made) => Ok((made, Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_case(&case.name, &body, lost).await
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|(case, _)| case)
    }

    async fn send_case(&self, body: &serde_json::Value) -> Result<Case, ApiError> {
        self.post("/v1/cases", body.clone(), Idempotency::Mutation)
            .await
    }

    async fn settle_case(
        &self,
        name: &str,
        body: &serde_json::Value,
        lost: ApiError,
    ) -> Result<(Case, Applied), ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let found = self.case_named(name).await.map_err(|read| {
                ApiError::Unknown(format!(
                    "the answer was lost ({last}) and looking the case up failed ({read}); \
                     whether it was created is not known"
                ))
            })?;
            if let Some(found) = found {
                return Ok((found, Applied::Checked));
            }
            match self.send_case(body).await {
                Ok(made) => return Ok((made, Applied::Checked)),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the case was created is not known"
        )))
    }

    /// The case with exactly this name, if there is one.
    async fn case_named(&self, name: &str) -> Result<Option<Case>, ApiError> {
        let cases = self
            .all_cases(CaseListQuery {
                name: Some(name.to_string()),
                ..CaseListQuery::default()
            })
            .await?;
        Ok(cases
            .into_iter()
            .filter_map(Item::into_read)
            .find(|c| c.name == name))
    }

    /// Adds file events to a case in one call. Events the case already holds are left
    /// out (read first); after a lost answer the case is read again and only the missing
    /// events are sent.
    pub async fn add_events_to_case(
        &self,
        number: u64,
        event_ids: &[String],
    ) -> Result<(), ApiError> {
        if event_ids.is_empty() {
            return Err(ApiError::InvalidInput("no file events given".into()));
        }
        let missing = self.events_not_in_case(number, event_ids).await?;
        if missing.is_empty() {
            return Ok(());
        }
        let change = Change::new(
            ChangeKind::AddCaseEvents {
                case_number: number,
            },
            missing.clone(),
        );
        self.log_intent(&change)?;
        let result = match self.send_case_events(number, &missing).await {
            Ok(()) => Ok(((), Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_case_events(number, &missing, lost)
                    .await
                    .map(|a| ((), a))
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|_| ())
    }

    async fn settle_case_events(
        &self,
        number: u64,
        event_ids: &[String],
        lost: ApiError,
    ) -> Result<Applied, ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let pending = self
                .events_not_in_case(number, event_ids)
                .await
                .map_err(|read| {
                    ApiError::Unknown(format!(
                        "the answer was lost ({last}) and reading case {number} back failed \
                         ({read}); whether the events were added is not known"
                    ))
                })?;
            if pending.is_empty() {
                return Ok(Applied::Checked);
            }
            match self.send_case_events(number, &pending).await {
                Ok(()) => return Ok(Applied::Checked),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the events were added is not known"
        )))
    }

    async fn send_case_events(&self, number: u64, event_ids: &[String]) -> Result<(), ApiError> {
        let body = to_json(&AddCaseEventsRequest {
            events: event_ids.to_vec(),
        });
        self.post_no_content(&format!("/v1/cases/{number}/fileevent"), body)
            .await
    }

    /// `event_ids` that case `number` does not hold yet, in their order.
    async fn events_not_in_case(
        &self,
        number: u64,
        event_ids: &[String],
    ) -> Result<Vec<String>, ApiError> {
        let held: std::collections::HashSet<String> = self
            .case_file_events(number)
            .await?
            .into_iter()
            .filter_map(|item| match item {
                Item::Read(e) => Some(e.event_id),
                Item::Unreadable(u) => u.id,
            })
            .collect();
        let mut seen = std::collections::HashSet::new();
        Ok(event_ids
            .iter()
            .filter(|id| !held.contains(*id) && seen.insert((*id).clone()))
            .cloned()
            .collect())
    }
}
