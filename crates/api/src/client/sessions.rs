//! Sessions: search and paging, one session, its file events, state changes (by id in
//! chunks of at most 100, and by query with continuation tokens) and notes.
//!
//! Every change is journaled before it is sent and again with its outcome. When the
//! answer to a change is lost, the sessions are read back and only what is not yet done
//! is sent again: a state already current is not set twice, and a note already on the
//! session is not added twice.

use futures::{Stream, StreamExt};
use reqwest::Method;

use super::listing::{CALLS_AHEAD, read_list};
use super::{Client, MAX_IDS_PER_CALL, check_note, encode_path};
use crate::audit::{Change, ChangeKind, ItemState, Outcome};
use crate::error::ApiError;
use crate::file_events::FileEventPage;
use crate::lenient::Item;
use crate::pager::{Order, PageAsk};
use crate::paging::PageGuard;
use crate::sessions::{
    MAX_SESSION_PAGE, Session, SessionEvents, SessionPage, SessionQuery, SessionState,
};
use crate::transport::{Body, Idempotency};

/// Rounds of read-back-and-resend after a lost answer.
const SETTLE_ROUNDS: usize = 3;

/// Continuation tokens followed by one `update_sessions_by_query` at most.
const MAX_CONTINUATIONS: usize = 100_000;

/// Sessions read at once before a change (there is no call that reads many by id).
const SESSIONS_READ_IN_FLIGHT: usize = 8;

impl Client {
    /// One page of sessions.
    pub async fn search_sessions(&self, query: &SessionQuery) -> Result<SessionPage, ApiError> {
        self.transport
            .request(
                Method::GET,
                "/v1/sessions",
                &query.params(),
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Every session of the query. Sessions that leave the query or join it meanwhile
    /// never make one that stays be skipped.
    pub async fn all_sessions(&self, query: SessionQuery) -> Result<Vec<Item<Session>>, ApiError> {
        let mut out = Vec::new();
        let mut batches = std::pin::pin!(self.list_sessions(query, usize::MAX));
        while let Some(batch) = batches.next().await {
            out.extend(batch?);
        }
        Ok(out)
    }

    /// The sessions of a query (at most `limit`), a call's new ones at a time, read in
    /// windows (no time bounds their order) of the query's page size.
    pub fn list_sessions(
        &self,
        query: SessionQuery,
        limit: usize,
    ) -> impl Stream<Item = Result<Vec<Item<Session>>, ApiError>> + Send + 'static {
        let client = self.clone();
        let page_size = query.page_size.max(1);
        read_list(
            Order::Windowed,
            page_size,
            MAX_SESSION_PAGE,
            limit,
            CALLS_AHEAD,
            move |ask: PageAsk| {
                let client = client.clone();
                let mut query = query.clone();
                query.page_number = ask.number;
                query.page_size = ask.size;
                async move { Ok(client.search_sessions(&query).await?.items) }
            },
        )
    }

    pub async fn session(&self, id: &str) -> Result<Session, ApiError> {
        self.transport
            .request(
                Method::GET,
                &format!("/v1/sessions/{}", encode_path(id)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// The file events of a session with alerts (a v2 file-event page).
    pub async fn session_events(&self, id: &str) -> Result<FileEventPage, ApiError> {
        let events: SessionEvents = self
            .transport
            .request(
                Method::GET,
                &format!("/v1/sessions/{}/events", encode_path(id)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await?;
        Ok(events.query_result)
    }

    /// Sets the state of sessions, at most 100 per call, each call journaled; with a
    /// note, the note is added to every session once its state is set. Stops at the
    /// first chunk that fails; what was done before it stays done.
    pub async fn update_session_state(
        &self,
        ids: &[String],
        state: SessionState,
        note: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut completed = Vec::new();
        self.update_session_state_tracked(ids, state, note, &mut completed)
            .await
    }

    /// As [`Client::update_session_state`], and `completed` gets each session whose change
    /// (its state, and the note when there is one) is wholly done, as soon as it is. On
    /// failure the sessions not in it are the ones to send again: a session whose note
    /// went in before a later one failed is not among them, so a retry does not add its
    /// note twice.
    pub async fn update_session_state_tracked(
        &self,
        ids: &[String],
        state: SessionState,
        note: Option<&str>,
        completed: &mut Vec<String>,
    ) -> Result<(), ApiError> {
        if ids.is_empty() {
            return Err(ApiError::InvalidInput("no sessions given".into()));
        }
        if let SessionState::Other(s) = &state {
            return Err(ApiError::InvalidInput(format!(
                "{s:?} is not a session state"
            )));
        }
        if let Some(n) = note {
            check_note(n)?;
        }
        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
            self.update_session_chunk(chunk, &state, note).await?;
            match note {
                Some(n) => {
                    for id in chunk {
                        self.add_session_note(id, n).await?;
                        completed.push(id.clone());
                    }
                }
                None => completed.extend(chunk.iter().cloned()),
            }
        }
        Ok(())
    }

    async fn update_session_chunk(
        &self,
        ids: &[String],
        state: &SessionState,
        note: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut change = Change::new(
            ChangeKind::SessionState {
                state: state.as_wire().to_string(),
                note: note.map(str::to_string),
            },
            ids.to_vec(),
        );
        change.before = self.sessions_before(ids).await;
        self.log_intent(&change)?;
        let result = match self.send_session_state(ids, state).await {
            Ok(()) => Ok(false),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_session_state(ids, state, lost)
                    .await
                    .map(|()| true)
            }
            Err(e) => Err(e),
        };
        self.log_session_result(&change, &result);
        result.map(|_| ())
    }

    /// The sessions' states now, for the journal to put back on undo (read only when
    /// there is a journal; a session that cannot be read is left out, and undo says so).
    async fn sessions_before(&self, ids: &[String]) -> Vec<ItemState> {
        if self.transport.config.change_log.is_none() {
            return Vec::new();
        }
        futures::stream::iter(ids.iter().cloned())
            .map(|id| async move {
                match self.session(&id).await {
                    Ok(s) => Some(ItemState {
                        state: s.state().map(|s| s.as_wire().to_string()),
                        id,
                        note: None,
                    }),
                    Err(e) => {
                        tracing::warn!("could not read session {id} before changing it: {e}");
                        None
                    }
                }
            })
            .buffered(SESSIONS_READ_IN_FLIGHT)
            .filter_map(std::future::ready)
            .collect()
            .await
    }

    async fn send_session_state(
        &self,
        ids: &[String],
        state: &SessionState,
    ) -> Result<(), ApiError> {
        let body = serde_json::json!({"ids": ids, "newState": state.as_wire()});
        self.post_no_content("/v1/sessions/change-state", body)
            .await
    }

    async fn settle_session_state(
        &self,
        ids: &[String],
        state: &SessionState,
        lost: ApiError,
    ) -> Result<(), ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let mut pending = Vec::new();
            for id in ids {
                let s = self.session(id).await.map_err(|read| {
                    ApiError::Unknown(format!(
                        "the answer was lost ({last}) and reading session {id} back failed \
                         ({read}); whether the change was applied is not known"
                    ))
                })?;
                if s.state() != Some(state) {
                    pending.push(id.clone());
                }
            }
            if pending.is_empty() {
                return Ok(());
            }
            match self.send_session_state(&pending, state).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the change was applied is not known"
        )))
    }

    /// Sets the state of every session the query's filters match (its order and page are
    /// not used), following continuation tokens. Returns how many calls it took.
    pub async fn update_sessions_by_query(
        &self,
        query: &SessionQuery,
        state: SessionState,
    ) -> Result<usize, ApiError> {
        if let SessionState::Other(s) = &state {
            return Err(ApiError::InvalidInput(format!(
                "{s:?} is not a session state"
            )));
        }
        let params = query.filter_params();
        let described: Vec<String> = params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let change = Change::new(
            ChangeKind::SessionStateByQuery {
                state: state.as_wire().to_string(),
                query: described.join("&"),
            },
            Vec::new(),
        );
        self.log_intent(&change)?;
        let mut guard = PageGuard::default();
        let mut token: Option<String> = None;
        let mut calls = 0usize;
        let result = loop {
            let body = serde_json::json!({"continuationToken": token, "newState": state.as_wire()});
            // Setting a state twice changes nothing, so a lost answer may be asked again.
            let answer: Result<serde_json::Value, ApiError> = self
                .transport
                .request(
                    Method::POST,
                    "/v1/sessions/change-states",
                    &params,
                    Body::Json(&body),
                    Idempotency::Safe,
                )
                .await;
            calls = calls.saturating_add(1);
            let next = match answer {
                Ok(v) => v
                    .get("continuationToken")
                    .and_then(|t| t.as_str())
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
                Err(e) => break Err(e),
            };
            match next {
                None => break Ok(calls),
                Some(t) => {
                    if let Err(e) = guard.token("session state changes", &t) {
                        break Err(e);
                    }
                    if calls >= MAX_CONTINUATIONS {
                        break Err(ApiError::Paging(
                            "too many continuation tokens for one change".into(),
                        ));
                    }
                    token = Some(t);
                }
            }
        };
        let outcome = match &result {
            Ok(n) => Outcome::Ok {
                checked: false,
                detail: Some(format!("{n} calls")),
            },
            Err(ApiError::Unknown(r)) => Outcome::Unknown(r.clone()),
            Err(e) => Outcome::Failed(e.to_string()),
        };
        self.log_outcome(&change, outcome);
        result
    }

    /// Adds a note to a session (notes accumulate). After a lost answer the note is only
    /// sent again when the session does not show it.
    pub async fn add_session_note(&self, id: &str, note: &str) -> Result<(), ApiError> {
        check_note(note)?;
        if note.trim().is_empty() {
            return Err(ApiError::InvalidInput("the note is empty".into()));
        }
        if id.trim().is_empty() {
            return Err(ApiError::InvalidInput("no session given".into()));
        }
        let change = Change::new(
            ChangeKind::SessionNote {
                note: note.to_string(),
            },
            vec![id.to_string()],
        );
        self.log_intent(&change)?;
        let result = match self.send_session_note(id, note).await {
            Ok(()) => Ok(false),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_session_note(id, note, lost)
                    .await
                    .map(|()| true)
            }
            Err(e) => Err(e),
        };
        self.log_session_result(&change, &result);
        result.map(|_| ())
    }

    async fn send_session_note(&self, id: &str, note: &str) -> Result<(), ApiError> {
        let body = serde_json::json!({"noteContent": note});
        self.post_no_content(&format!("/v1/sessions/{}/add-note", encode_path(id)), body)
            .await
    }

    async fn settle_session_note(
        &self,
        id: &str,
        note: &str,
        lost: ApiError,
    ) -> Result<(), ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let s = self.session(id).await.map_err(|read| {
                ApiError::Unknown(format!(
                    "the answer was lost ({last}) and reading session {id} back failed ({read}); \
                     whether the note was added is not known"
                ))
            })?;
            if s.notes.iter().any(|n| n.content.as_deref() == Some(note)) {
                return Ok(());
            }
            match self.send_session_note(id, note).await {
                Ok(()) => return Ok(()),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the note was added is not known"
        )))
    }

    /// Journals how a session change ended; `Ok(true)` when a read-back settled it.
    fn log_session_result(&self, change: &Change, result: &Result<bool, ApiError>) {
        let outcome = match result {
            Ok(checked) => Outcome::Ok {
                checked: *checked,
                detail: None,
            },
            Err(ApiError::Unknown(reason)) => Outcome::Unknown(reason.clone()),
            Err(error) => Outcome::Failed(error.to_string()),
        };
        self.log_outcome(change, outcome);
    }
}
