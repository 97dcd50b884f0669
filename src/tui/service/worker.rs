//! Runs server calls for the loop. Reads go in one slot per pane: a new request
//! aborts the previous one (newest wins). Mutations run one at a time, in order, from a
//! queue that can be dropped (quit, signals) without touching the one being sent.
//! Results return as `Msg`s tagged with their request id; the reducer drops stale ones.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::tui::effect::{AlertsRequest, Call, FileEventSearch, Mutation, SessionsRequest};

use crate::tui::export::ExportError;
use crate::tui::msg::Msg;

use crate::api::MAX_IDS_PER_CALL;
use crate::tui::state::{
    AlertDetailView, AlertRow, AlertStateView, CaseForm, CaseRow, FileEventRow, SessionDetailView,
    SessionEventRow, SessionRow, SessionStateView,
};
use crate::tui::state::{CallError, Slot};

/// The server operations the TUI needs, in view-model terms.
pub trait TriageService: Clone + Send + Sync + 'static {
    fn search_alerts(
        &self,
        request: AlertsRequest,
    ) -> impl Future<Output = Result<(Vec<AlertRow>, u64), CallError>> + Send;
    fn alert_detail(
        &self,
        alert_id: String,
    ) -> impl Future<Output = Result<AlertDetailView, CallError>> + Send;
    /// The details of up to 100 alerts; those that cannot be read are left out.
    fn alert_details(
        &self,
        ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<AlertDetailView>, CallError>> + Send {
        async move {
            let mut details = Vec::with_capacity(ids.len());
            for id in ids {
                details.push(self.alert_detail(id).await?);
            }
            Ok(details)
        }
    }
    fn search_file_events(
        &self,
        search: FileEventSearch,
    ) -> impl Future<Output = Result<(Vec<FileEventRow>, u64), CallError>> + Send;
    /// At most 100 ids.
    fn update_states(
        &self,
        ids: Vec<String>,
        state: AlertStateView,
        note: Option<String>,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    fn save_note(
        &self,
        alert_id: String,
        note: String,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    /// Returns the new case's number.
    fn create_case(&self, form: CaseForm) -> impl Future<Output = Result<u64, CallError>> + Send;
    fn list_cases(&self) -> impl Future<Output = Result<Vec<CaseRow>, CallError>> + Send;
    /// At most 100 event ids.
    fn add_events_to_case(
        &self,
        case_number: u64,
        event_ids: Vec<String>,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    /// One page of sessions and how many the server holds for the filter.
    fn search_sessions(
        &self,
        request: SessionsRequest,
    ) -> impl Future<Output = Result<(Vec<SessionRow>, u64), CallError>> + Send;
    fn session_detail(
        &self,
        session_id: String,
    ) -> impl Future<Output = Result<SessionDetailView, CallError>> + Send;
    fn session_events(
        &self,
        session_id: String,
    ) -> impl Future<Output = Result<(Vec<SessionEventRow>, u64), CallError>> + Send;
    /// At most 100 ids; with a note, the note is added to each session. With the result,
    /// the sessions wholly changed (state and note), which on failure are not all of them.
    fn update_session_states(
        &self,
        ids: Vec<String>,
        state: SessionStateView,
        note: Option<String>,
    ) -> impl Future<Output = (Vec<String>, Result<(), CallError>)> + Send;
    fn add_session_note(
        &self,
        session_id: String,
        note: String,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    /// Records mutations dropped before they were sent (the audit journal's "not sent"),
    /// so every change asked for is accounted for. Blocking: file I/O.
    fn record_not_sent(&self, _dropped: &[Mutation], _reason: &str) -> Result<(), String> {
        Ok(())
    }
}

tokio::task_local! {
    /// The slot of the call a task runs, for notices raised inside it (retries).
    static CALL_SLOT: Slot;
}

/// The slot of the call running in this task (`Slot::Mutation` for changes), if any.
pub fn current_call() -> Option<Slot> {
    CALL_SLOT.try_with(|slot| *slot).ok()
}

/// Mutations waiting their turn; the task that sends them takes one at a time.
#[derive(Default)]
struct MutationQueue {
    waiting: Mutex<VecDeque<Mutation>>,
    added: Notify,
    /// The worker is gone: the task ends once the queue is empty.
    closed: AtomicBool,
}

impl MutationQueue {
    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Mutation>> {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn push(&self, mutation: Mutation) {
        self.lock().push_back(mutation);
        self.added.notify_one();
    }

    fn take_all(&self) -> Vec<Mutation> {
        self.lock().drain(..).collect()
    }

    /// The next mutation, waiting for one; `None` once closed and empty.
    async fn next(&self) -> Option<Mutation> {
        loop {
            if let Some(mutation) = self.lock().pop_front() {
                return Some(mutation);
            }
            if self.closed.load(Ordering::SeqCst) {
                return None;
            }
            self.added.notified().await;
        }
    }

    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        self.added.notify_one();
    }
}

pub struct Worker<S: TriageService> {
    service: S,
    sender: UnboundedSender<Msg>,
    slots: HashMap<Slot, AbortHandle>,
    mutations: Arc<MutationQueue>,
}

impl<S: TriageService> Worker<S> {
    /// Must be called inside a tokio runtime.
    pub fn new(service: S, sender: UnboundedSender<Msg>) -> Worker<S> {
        let mutations = Arc::new(MutationQueue::default());
        let queue = Arc::clone(&mutations);
        let mutation_service = service.clone();
        let mutation_sender = sender.clone();
        tokio::spawn(async move {
            while let Some(mutation) = queue.next().await {
                let call = run_mutation(&mutation_service, &mutation_sender, mutation);
                CALL_SLOT.scope(Slot::Mutation, call).await;
            }
        });
        Worker {
            service,
            sender,
            slots: HashMap::new(),
            mutations,
        }
    }

    pub fn run(&mut self, call: Call) {
        let service = self.service.clone();
        let sender = self.sender.clone();
        match call {
            Call::LoadAlerts {
                request_id,
                request,
            } => {
                let page = request.page;
                self.spawn_in(Slot::Alerts, async move {
                    let result = service.search_alerts(request).await;
                    let _ = sender.send(Msg::AlertsLoaded {
                        request_id,
                        page,
                        result,
                    });
                });
            }
            Call::WatchAlerts {
                request_id,
                request,
            } => {
                self.spawn_in(Slot::Watch, async move {
                    let result = service.search_alerts(request).await;
                    match &result {
                        Ok((rows, total)) => {
                            tracing::debug!("watch read: {} rows of {total}", rows.len())
                        }
                        Err(error) => tracing::debug!("watch read failed: {}", error.message),
                    }
                    let _ = sender.send(Msg::WatchLoaded { request_id, result });
                });
            }
            Call::LoadDetail {
                request_id,
                alert_id,
            } => {
                self.spawn_in(Slot::Detail, async move {
                    let result = service.alert_detail(alert_id.clone()).await.map(Box::new);
                    let _ = sender.send(Msg::DetailLoaded {
                        request_id,
                        alert_id,
                        result,
                    });
                });
            }
            Call::PrefetchDetails { request_id, ids } => {
                self.spawn_in(Slot::Prefetch, async move {
                    let result = service.alert_details(ids).await;
                    let _ = sender.send(Msg::DetailsPrefetched { request_id, result });
                });
            }
            Call::FetchNotes { request_id, ids } => {
                self.spawn_in(Slot::Notes, async move {
                    let result: Result<Vec<AlertDetailView>, CallError> = async {
                        let mut all = Vec::with_capacity(ids.len());
                        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
                            all.extend(service.alert_details(chunk.to_vec()).await?);
                        }
                        Ok(all)
                    }
                    .await;
                    let _ = sender.send(Msg::NotesFetched { request_id, result });
                });
            }
            Call::SearchFileEvents { request_id, search } => {
                self.spawn_in(Slot::FileEvents, async move {
                    let result = service.search_file_events(search).await;
                    let _ = sender.send(Msg::FileEventsLoaded { request_id, result });
                });
            }
            Call::LoadSessions {
                request_id,
                request,
            } => {
                let page = request.page;
                self.spawn_in(Slot::Sessions, async move {
                    let result = service.search_sessions(request).await;
                    let _ = sender.send(Msg::SessionsLoaded {
                        request_id,
                        page,
                        result,
                    });
                });
            }
            Call::LoadSession {
                request_id,
                session_id,
            } => {
                self.spawn_in(Slot::SessionDetail, async move {
                    let result = service
                        .session_detail(session_id.clone())
                        .await
                        .map(Box::new);
                    let _ = sender.send(Msg::SessionLoaded {
                        request_id,
                        session_id,
                        result,
                    });
                });
            }
            Call::LoadSessionEvents {
                request_id,
                session_id,
            } => {
                self.spawn_in(Slot::SessionEvents, async move {
                    let result = service.session_events(session_id.clone()).await;
                    let _ = sender.send(Msg::SessionEventsLoaded {
                        request_id,
                        session_id,
                        result,
                    });
                });
            }
            Call::FetchAndExportSessions {
                path,
                format,
                mut rows,
                formula_guard,
                overwrite,
                rest: mut request,
            } => {
                // The whole view: fetch the pages the list has not loaded, then write.
                tokio::spawn(async move {
                    loop {
                        match service.search_sessions(request.clone()).await {
                            Ok((page, total)) => {
                                let short = page.len() < request.page_size as usize;
                                rows.extend(page);
                                if short || rows.len() as u64 >= total {
                                    break;
                                }
                                request.page = request.page.saturating_add(1);
                            }
                            Err(e) => {
                                let _ = sender.send(Msg::Exported {
                                    count: 0,
                                    result: Err(ExportError::Failed(format!(
                                        "could not fetch the sessions to export: {}",
                                        e.message
                                    ))),
                                });
                                return;
                            }
                        }
                    }
                    let count = rows.len();
                    let result = tokio::task::spawn_blocking(move || {
                        crate::tui::export::export_to_file(
                            &path,
                            &rows,
                            format,
                            formula_guard,
                            overwrite,
                        )
                    })
                    .await
                    .unwrap_or_else(|e| {
                        Err(ExportError::Failed(format!("the export stopped: {e}")))
                    });
                    let _ = sender.send(Msg::Exported { count, result });
                });
            }
            Call::ListCases { request_id } => {
                self.spawn_in(Slot::Cases, async move {
                    let result = service.list_cases().await;
                    let _ = sender.send(Msg::CasesLoaded { request_id, result });
                });
            }
            Call::FetchAndExport {
                request_id,
                path,
                format,
                mut rows,
                formula_guard,
                overwrite,
                rest: mut request,
            } => {
                // The whole view: fetch the pages the list has not loaded; the loop writes.
                self.spawn_in(Slot::Export, async move {
                    let result = loop {
                        match service.search_alerts(request.clone()).await {
                            Ok((page, total)) => {
                                let short = page.len() < request.page_size as usize;
                                rows.extend(page);
                                let _ = sender.send(Msg::ExportProgress {
                                    request_id,
                                    fetched: rows.len(),
                                    total,
                                });
                                if short || rows.len() as u64 >= total {
                                    break Ok(rows);
                                }
                                request.page = request.page.saturating_add(1);
                            }
                            Err(e) => {
                                break Err(format!(
                                    "could not fetch the alerts to export: {}",
                                    e.message
                                ));
                            }
                        }
                    };
                    let _ = sender.send(Msg::ExportFetched {
                        request_id,
                        path,
                        format,
                        formula_guard,
                        overwrite,
                        result,
                    });
                });
            }
            Call::Cancel(slot) => {
                if let Some(handle) = self.slots.remove(&slot) {
                    handle.abort();
                }
            }
            Call::Mutation(mutation) => self.mutations.push(mutation),
            Call::DropQueuedMutations { reason } => {
                let dropped = self.mutations.take_all();
                tokio::spawn(async move {
                    let journaled = if dropped.is_empty() {
                        Ok(())
                    } else {
                        let list = dropped.clone();
                        tokio::task::spawn_blocking(move || service.record_not_sent(&list, &reason))
                            .await
                            .unwrap_or_else(|e| Err(format!("the journal writer stopped: {e}")))
                    };
                    if let Err(error) = &journaled {
                        tracing::error!("could not journal the changes not sent: {error}");
                    }
                    let _ = sender.send(Msg::MutationsDropped { dropped, journaled });
                });
            }
        }
    }

    fn spawn_in(&mut self, slot: Slot, task: impl Future<Output = ()> + Send + 'static) {
        let handle = tokio::spawn(CALL_SLOT.scope(slot, task)).abort_handle();
        if let Some(previous) = self.slots.insert(slot, handle) {
            previous.abort();
        }
    }
}

impl<S: TriageService> Drop for Worker<S> {
    fn drop(&mut self) {
        for handle in self.slots.values() {
            handle.abort();
        }
        self.mutations.close();
    }
}

async fn run_mutation<S: TriageService>(
    service: &S,
    sender: &UnboundedSender<Msg>,
    mutation: Mutation,
) {
    match mutation {
        Mutation::UpdateStates {
            operation,
            ids,
            state,
            note,
        } => {
            let result = service
                .update_states(ids.clone(), state.clone(), note)
                .await;
            if let Err(error) = &result {
                tracing::warn!(
                    operation,
                    count = ids.len(),
                    "state change failed: {}",
                    error.message
                );
            }
            let _ = sender.send(Msg::StatesUpdated {
                operation,
                ids,
                state,
                result,
            });
        }
        Mutation::SaveNote { alert_id, note } => {
            let result = service.save_note(alert_id.clone(), note.clone()).await;
            let _ = sender.send(Msg::NoteSaved {
                alert_id,
                note,
                result,
            });
        }
        Mutation::UpdateSessionStates {
            operation,
            ids,
            state,
            note,
        } => {
            let (completed, result) = service
                .update_session_states(ids.clone(), state.clone(), note)
                .await;
            if let Err(error) = &result {
                tracing::warn!(
                    operation,
                    count = ids.len(),
                    "session state change failed: {}",
                    error.message
                );
            }
            let _ = sender.send(Msg::SessionStatesUpdated {
                operation,
                ids,
                completed,
                state,
                result,
            });
        }
        Mutation::AddSessionNote { session_id, note } => {
            let result = service
                .add_session_note(session_id.clone(), note.clone())
                .await;
            let _ = sender.send(Msg::SessionNoteAdded {
                session_id,
                note,
                result,
            });
        }
        Mutation::CreateCase { form, event_ids } => {
            let result = match service.create_case(form).await {
                Ok(number) => {
                    // The case exists now, whatever becomes of its events.
                    let _ = sender.send(Msg::CaseProgress {
                        case_number: number,
                        events_added: 0,
                        events_total: event_ids.len(),
                    });
                    add_events(service, sender, number, event_ids)
                        .await
                        .map(|added| (number, added))
                        .map_err(|error| {
                            CallError::new(format!(
                                "case #{number} was created, but adding its events failed: {}",
                                error.message
                            ))
                        })
                }
                Err(error) => Err(error),
            };
            let _ = sender.send(Msg::CaseDone {
                created: true,
                result,
            });
        }
        Mutation::AddEventsToCase {
            case_number,
            event_ids,
        } => {
            let result = add_events(service, sender, case_number, event_ids)
                .await
                .map(|added| (case_number, added));
            let _ = sender.send(Msg::CaseDone {
                created: false,
                result,
            });
        }
    }
}

/// Adds events in chunks of at most 100, reporting progress after each.
async fn add_events<S: TriageService>(
    service: &S,
    sender: &UnboundedSender<Msg>,
    case_number: u64,
    event_ids: Vec<String>,
) -> Result<usize, CallError> {
    let total = event_ids.len();
    let mut added: usize = 0;
    for chunk in event_ids.chunks(MAX_IDS_PER_CALL) {
        service
            .add_events_to_case(case_number, chunk.to_vec())
            .await?;
        added = added.saturating_add(chunk.len());
        let _ = sender.send(Msg::CaseProgress {
            case_number,
            events_added: added,
            events_total: total,
        });
    }
    Ok(added)
}
