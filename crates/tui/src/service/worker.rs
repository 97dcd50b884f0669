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

use crate::api::MAX_IDS_PER_CALL;
use crate::api::pager::{HeldKeys, PageAsk, Pager, Step};
use crate::effect::{
    Call, ExportFetch, ExportRead, FileEventSearch, ListCall, ListMutation, ListQuery, Mutation,
    ReadOn,
};
use crate::msg::{ListMessages, ListMsg, Msg};
use crate::state::{
    AlertKind, CallError, CaseEventRow, CaseForm, CaseKind, CaseRow, ExportStage, FileEventRow,
    ListKind, ListRow, SessionEventRow, SessionKind, Slot,
};

/// The calls of one list, in view-model terms.
pub trait ListService<K: ListKind>: Clone + Send + Sync + 'static {
    /// One call of a read of the list: its rows, and how many the server counts for
    /// what was asked (within the ask's time bound, if it has one).
    fn page(
        &self,
        query: ListQuery<K::Sort>,
        ask: PageAsk,
    ) -> impl Future<Output = Result<(Vec<K::Row>, u64), CallError>> + Send;
    fn detail(&self, id: String) -> impl Future<Output = Result<K::Detail, CallError>> + Send;
    /// The details of up to 100 items; those that cannot be read are left out.
    fn details(
        &self,
        ids: Vec<String>,
    ) -> impl Future<Output = Result<Vec<K::Detail>, CallError>> + Send {
        async move {
            let mut details = Vec::with_capacity(ids.len());
            for id in ids {
                details.push(self.detail(id).await?);
            }
            Ok(details)
        }
    }
    /// At most 100 ids; with the result, the items wholly changed (state, and the note
    /// when there is one), which on failure need not be none of them.
    fn update_states(
        &self,
        ids: Vec<String>,
        state: K::StateView,
        note: Option<String>,
    ) -> impl Future<Output = (Vec<String>, Result<(), CallError>)> + Send;
    /// The note of one item (`n`): replaces its note or joins its notes, as the kind has it.
    fn save_note(
        &self,
        id: String,
        note: String,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    /// What an export writes of up to 100 rows, in their order, as the commands write
    /// the same items: read from the server where the kind's export reads
    /// ([`ListKind::EXPORT_READS`]), else the rows' own. The items that cannot be read,
    /// or no longer exist, are left out.
    fn export_records(
        &self,
        rows: Vec<K::Row>,
    ) -> impl Future<Output = Result<Vec<K::Record>, CallError>> + Send {
        std::future::ready(Ok(rows.iter().filter_map(K::held_record).collect()))
    }
}

/// The server operations the TUI needs, in view-model terms: the lists', and the rest.
pub trait TriageService:
    ListService<AlertKind> + ListService<SessionKind> + ListService<CaseKind>
{
    fn search_file_events(
        &self,
        search: FileEventSearch,
    ) -> impl Future<Output = Result<(Vec<FileEventRow>, u64), CallError>> + Send;
    /// Returns the new case's number.
    fn create_case(&self, form: CaseForm) -> impl Future<Output = Result<u64, CallError>> + Send;
    fn list_cases(&self) -> impl Future<Output = Result<Vec<CaseRow>, CallError>> + Send;
    /// At most 100 event ids.
    fn add_events_to_case(
        &self,
        case_number: u64,
        event_ids: Vec<String>,
    ) -> impl Future<Output = Result<(), CallError>> + Send;
    fn session_events(
        &self,
        session_id: String,
    ) -> impl Future<Output = Result<(Vec<SessionEventRow>, u64), CallError>> + Send;
    /// The file events case `case_id` holds.
    fn case_events(
        &self,
        case_id: String,
    ) -> impl Future<Output = Result<Vec<CaseEventRow>, CallError>> + Send {
        let _ = case_id;
        std::future::ready(Err(CallError::new("no case events in this service")))
    }
    /// Assigns case `case_id` to `assignee`; the assignee as the service names them now.
    fn assign_case(
        &self,
        case_id: String,
        assignee: String,
    ) -> impl Future<Output = Result<Option<String>, CallError>> + Send {
        let _ = (case_id, assignee);
        std::future::ready(Err(CallError::new("no cases in this service")))
    }
    /// What undoing the journal's `change` would put back, from the items as they are now.
    fn plan_undo(
        &self,
        change: String,
    ) -> impl Future<Output = Result<crate::undo::UndoPlan, CallError>> + Send {
        let _ = change;
        std::future::ready(Err(CallError::new(
            "undo needs the journal, and none is kept",
        )))
    }
    /// Puts back what `plan` says.
    fn undo(
        &self,
        plan: crate::undo::UndoPlan,
    ) -> impl Future<Output = crate::undo::UndoDone> + Send {
        let failed = vec![(
            plan.restore.iter().map(|i| i.id.clone()).collect(),
            "undo needs the journal, and none is kept".to_string(),
        )];
        std::future::ready(crate::undo::UndoDone { done: 0, failed })
    }
    /// Everything the actor card shows of `who`, each part read on its own.
    fn actor_card(
        &self,
        who: crate::state::ActorRef,
    ) -> impl Future<Output = crate::state::ActorCardData> + Send {
        let _ = who;
        fn missing<T>() -> crate::state::Part<T> {
            crate::state::Part::Failed(CallError::new("no actors in this service"))
        }
        std::future::ready(crate::state::ActorCardData {
            profile: missing(),
            watchlists: missing(),
            alerts: missing(),
            sessions: missing(),
            file_events: missing(),
        })
    }
    /// The tenant's watchlists.
    fn watchlists(
        &self,
    ) -> impl Future<Output = Result<Vec<crate::state::WatchlistView>, CallError>> + Send {
        std::future::ready(Err(CallError::new("no watchlists in this service")))
    }
    /// The actors on one watchlist.
    fn watchlist_members(
        &self,
        watchlist_id: String,
    ) -> impl Future<Output = Result<Vec<crate::state::WatchlistMemberView>, CallError>> + Send
    {
        let _ = watchlist_id;
        std::future::ready(Err(CallError::new("no watchlists in this service")))
    }
    /// A change to an actor (journaled by the client).
    fn change_actor(
        &self,
        change: crate::state::ActorChange,
    ) -> impl Future<Output = Result<(), CallError>> + Send {
        let _ = change;
        std::future::ready(Err(CallError::new("no actors in this service")))
    }
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
            Call::Alerts(call) => self.run_list::<AlertKind>(call),
            Call::Sessions(call) => self.run_list::<SessionKind>(call),
            Call::Cases(call) => self.run_list::<CaseKind>(call),
            Call::WatchAlerts {
                request_id,
                query,
                page_size,
            } => {
                self.spawn_in(Slot::Watch, async move {
                    let ask = Pager::new(
                        AlertKind::paging_order(&query.filter, &query.sort),
                        page_size,
                        AlertKind::MAX_PAGE,
                    )
                    .first();
                    let result = ListService::<AlertKind>::page(&service, query, ask).await;
                    match &result {
                        Ok((rows, total)) => {
                            tracing::debug!("watch read: {} rows of {total}", rows.len())
                        }
                        Err(error) => tracing::debug!("watch read failed: {}", error.message),
                    }
                    let _ = sender.send(Msg::WatchLoaded { request_id, result });
                });
            }
            Call::SearchFileEvents { request_id, search } => {
                self.spawn_in(Slot::FileEvents, async move {
                    let result = service.search_file_events(search).await;
                    let _ = sender.send(Msg::FileEventsLoaded { request_id, result });
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
            Call::LoadCaseEvents {
                request_id,
                case_id,
            } => {
                self.spawn_in(Slot::CaseEvents, async move {
                    let result = service.case_events(case_id.clone()).await;
                    let _ = sender.send(Msg::CaseEventsLoaded {
                        request_id,
                        case_id,
                        result,
                    });
                });
            }
            Call::ListCases { request_id } => {
                self.spawn_in(Slot::Cases, async move {
                    let result = service.list_cases().await;
                    let _ = sender.send(Msg::CasesLoaded { request_id, result });
                });
            }
            Call::Cancel(slot) => {
                if let Some(handle) = self.slots.remove(&slot) {
                    handle.abort();
                }
            }
            Call::PlanUndo { request_id, change } => {
                self.spawn_in(Slot::Undo, async move {
                    let result = service.plan_undo(change).await;
                    let _ = sender.send(Msg::UndoPlanned { request_id, result });
                });
            }
            Call::LoadActorCard { request_id, who } => {
                self.spawn_in(Slot::ActorCard, async move {
                    let data = Box::new(service.actor_card(who).await);
                    let _ = sender.send(Msg::ActorCardLoaded { request_id, data });
                });
            }
            Call::ListWatchlists { request_id } => {
                self.spawn_in(Slot::Watchlists, async move {
                    let result = service.watchlists().await;
                    let _ = sender.send(Msg::WatchlistsLoaded { request_id, result });
                });
            }
            Call::LoadWatchlistMembers {
                request_id,
                watchlist_id,
            } => {
                self.spawn_in(Slot::WatchlistMembers, async move {
                    let result = service.watchlist_members(watchlist_id).await;
                    let _ = sender.send(Msg::WatchlistMembersLoaded { request_id, result });
                });
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

    /// The calls of one list, whatever its kind.
    fn run_list<K: ListMessages>(&mut self, call: ListCall<K>)
    where
        S: ListService<K>,
    {
        let service = self.service.clone();
        let sender = self.sender.clone();
        match call {
            ListCall::LoadPage {
                request_id,
                query,
                ask,
            } => {
                self.spawn_in(Slot::List(K::VIEW), async move {
                    let result = ListService::<K>::page(&service, query, ask).await;
                    let _ = sender.send(K::msg(ListMsg::PageLoaded { request_id, result }));
                });
            }
            ListCall::LoadDetail { request_id, id } => {
                self.spawn_in(Slot::Detail(K::VIEW), async move {
                    let result = ListService::<K>::detail(&service, id.clone())
                        .await
                        .map(Box::new);
                    let _ = sender.send(K::msg(ListMsg::DetailLoaded {
                        request_id,
                        id,
                        result,
                    }));
                });
            }
            ListCall::ReadDetails {
                request_id,
                slot,
                ids,
            } => {
                self.spawn_in(slot, async move {
                    let result: Result<Vec<K::Detail>, CallError> = async {
                        let mut all = Vec::with_capacity(ids.len());
                        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
                            all.extend(ListService::<K>::details(&service, chunk.to_vec()).await?);
                        }
                        Ok(all)
                    }
                    .await;
                    let _ = sender.send(K::msg(ListMsg::DetailsRead {
                        request_id,
                        slot,
                        result,
                    }));
                });
            }
            ListCall::RunCommand {
                run_id,
                command,
                ids,
                rows,
            } => {
                self.spawn_in(Slot::Command, async move {
                    let result = match command_input::<K, S>(&service, &command, &ids, rows).await {
                        Ok(input) => {
                            super::command_runner::run(
                                &sender,
                                run_id,
                                &command,
                                ids.len(),
                                K::VIEW.nouns().1,
                                input,
                            )
                            .await
                        }
                        Err(why) => Err(why),
                    };
                    let _ = sender.send(Msg::CommandDone { run_id, result });
                });
            }
            ListCall::FetchAndExport(fetch) => {
                let ExportFetch {
                    request_id,
                    path,
                    format,
                    rows,
                    formula_guard,
                    overwrite,
                    query,
                    rest,
                } = *fetch;
                self.spawn_in(Slot::Export, async move {
                    let progress = |stage: ExportStage, done: usize, total: u64| {
                        let _ = sender.send(K::msg(ListMsg::ExportProgress {
                            request_id,
                            stage,
                            done,
                            total,
                        }));
                    };
                    let result = async {
                        let rows = match rest {
                            Some(ReadOn { pager, held }) => read_rest::<K, S>(
                                &service,
                                query,
                                pager,
                                held,
                                rows,
                                |done, total| progress(ExportStage::Pages, done, total),
                            )
                            .await
                            .map_err(|reason| {
                                format!(
                                    "could not fetch the {} to export: {reason}",
                                    K::VIEW.nouns().1
                                )
                            })?,
                            None => rows,
                        };
                        export_records::<K, S>(&service, rows, |done, total| {
                            progress(ExportStage::Notes, done, total)
                        })
                        .await
                    }
                    .await;
                    let _ = sender.send(K::msg(ListMsg::ExportFetched {
                        request_id,
                        path,
                        format,
                        formula_guard,
                        overwrite,
                        result,
                    }));
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

/// The rows of a list after those it holds (`held`, read with `pager`), added to `rows`
/// until the list ends; `progress` hears how many rows there are after each call.
async fn read_rest<K: ListKind, S: ListService<K>>(
    service: &S,
    query: ListQuery<K::Sort>,
    mut pager: Pager,
    mut held: HeldKeys,
    mut rows: Vec<K::Row>,
    progress: impl Fn(usize, u64),
) -> Result<Vec<K::Row>, String> {
    let mut ask = pager.next(&held);
    loop {
        let (page, total) = service
            .page(query.clone(), ask)
            .await
            .map_err(|e| e.message)?;
        let step = pager
            .read(
                &ask,
                &page.iter().map(ListRow::key).collect::<Vec<_>>(),
                &held,
            )
            .map_err(|e| e.to_string())?;
        match step {
            Step::Again(next) => ask = next,
            Step::Rows { fresh, end } => {
                let read = ask.offset().saturating_add(page.len() as u64);
                let mut page: Vec<Option<K::Row>> = page.into_iter().map(Some).collect();
                for index in fresh {
                    if let Some(row) = page.get_mut(index).and_then(Option::take) {
                        held.add(row.key(), K::sort_time(&row));
                        rows.push(row);
                    }
                }
                if rows.len() > MAX_EXPORT_ROWS {
                    return Err(format!(
                        "more than {MAX_EXPORT_ROWS} rows; the server keeps sending new ones"
                    ));
                }
                let after = total.saturating_sub(read);
                progress(rows.len(), (rows.len() as u64).saturating_add(after));
                if end {
                    return Ok(rows);
                }
                ask = pager.next(&held);
            }
        }
    }
}

/// The records of an export of `rows`: read from the server, 100 rows a call with a few
/// calls under way at once, where the kind's export reads them (`progress` hears how
/// many rows are done after each call); else the rows' own.
async fn export_records<K: ListKind, S: ListService<K>>(
    service: &S,
    rows: Vec<K::Row>,
    progress: impl Fn(usize, u64),
) -> Result<ExportRead<K::Record>, String> {
    use futures::StreamExt;
    let count = rows.len();
    let records: Vec<K::Record> = if K::EXPORT_READS {
        let chunks: Vec<Vec<K::Row>> = rows
            .chunks(MAX_IDS_PER_CALL)
            .map(<[K::Row]>::to_vec)
            .collect();
        let mut answers = futures::stream::iter(chunks)
            .map(|chunk| {
                let size = chunk.len();
                async move { (size, service.export_records(chunk).await) }
            })
            .buffered(crate::api::DEFAULT_IN_FLIGHT);
        let mut records = Vec::with_capacity(count);
        let mut done = 0usize;
        progress(done, count as u64);
        while let Some((size, answer)) = answers.next().await {
            let read = answer.map_err(|e| {
                format!(
                    "could not read the {} to export: {}",
                    K::VIEW.nouns().1,
                    e.message
                )
            })?;
            records.extend(read);
            done = done.saturating_add(size);
            progress(done, count as u64);
        }
        records
    } else {
        rows.iter().filter_map(K::held_record).collect()
    };
    Ok(ExportRead {
        left_out: count.saturating_sub(records.len()),
        records,
    })
}

/// What one of the analyst's commands reads: the ids, one a line, or the items'
/// JSON Lines as an export to a `.jsonl` file writes them (read from the tenant where
/// the kind's export reads them).
async fn command_input<K: ListKind, S: ListService<K>>(
    service: &S,
    command: &crate::state::CustomCommand,
    ids: &[String],
    rows: Vec<K::Row>,
) -> Result<Vec<u8>, String> {
    match command.input {
        crate::state::CommandInput::Ids => {
            let mut text = ids.join("\n");
            text.push('\n');
            Ok(text.into_bytes())
        }
        crate::state::CommandInput::JsonLines => {
            let mut records = Vec::with_capacity(rows.len());
            for chunk in rows.chunks(MAX_IDS_PER_CALL) {
                records.extend(
                    service
                        .export_records(chunk.to_vec())
                        .await
                        .map_err(|e| format!("could not read the items: {}", e.message))?,
                );
            }
            let mut out = Vec::new();
            crate::export::write_rows(
                &mut out,
                &records,
                crate::export::ExportFormat::JsonLines,
                false,
            )
            .map_err(|e| format!("could not write the items: {e}"))?;
            Ok(out)
        }
    }
}

/// More rows than an export of one view gathers into memory.
const MAX_EXPORT_ROWS: usize = 1_000_000;

async fn run_mutation<S: TriageService>(
    service: &S,
    sender: &UnboundedSender<Msg>,
    mutation: Mutation,
) {
    match mutation {
        Mutation::Alerts(change) => {
            run_list_mutation::<AlertKind, S>(service, sender, change).await
        }
        Mutation::Sessions(change) => {
            run_list_mutation::<SessionKind, S>(service, sender, change).await
        }
        Mutation::Cases(change) => run_list_mutation::<CaseKind, S>(service, sender, change).await,
        Mutation::AssignCase { id, assignee } => {
            let result = service.assign_case(id.clone(), assignee.clone()).await;
            let _ = sender.send(Msg::CaseAssigned {
                id,
                assignee,
                result,
            });
        }
        Mutation::Undo(plan) => {
            let done = service.undo((*plan).clone()).await;
            let _ = sender.send(Msg::UndoDone { plan, done });
        }
        Mutation::Actor(change) => {
            let result = service.change_actor(change.clone()).await;
            let _ = sender.send(Msg::ActorChanged { change, result });
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

/// A change to the items of one list, whatever its kind.
async fn run_list_mutation<K: ListMessages, S: ListService<K>>(
    service: &S,
    sender: &UnboundedSender<Msg>,
    mutation: ListMutation<K>,
) {
    match mutation {
        ListMutation::UpdateStates {
            operation,
            ids,
            state,
            note,
        } => {
            // The chunks of one bulk change are one change to undo.
            let (completed, result) = crate::api::audit::in_batch(
                crate::api::audit::Batch::of_operation(operation),
                service.update_states(ids.clone(), state.clone(), note),
            )
            .await;
            if let Err(error) = &result {
                tracing::warn!(
                    operation,
                    count = ids.len(),
                    "{} state change failed: {}",
                    K::VIEW.nouns().0,
                    error.message
                );
            }
            let _ = sender.send(K::msg(ListMsg::StatesUpdated {
                operation,
                ids,
                completed,
                state,
                result,
            }));
        }
        ListMutation::SaveNote { id, note } => {
            let result = service.save_note(id.clone(), note.clone()).await;
            let _ = sender.send(K::msg(ListMsg::NoteSaved { id, note, result }));
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
