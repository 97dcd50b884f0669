//! The `TriageService` of a real tenant: view-model requests become `api` queries and
//! calls, and the client's models become view models (`from_api`).

use std::sync::Arc;

use super::from_api;
use super::worker::ListService;
use super::worker::TriageService;
use crate::api::pager::PageAsk;
use crate::effect::{FileEventSearch, ListMutation, ListQuery, Mutation};
use crate::export_columns::AlertRecord;
use crate::filter::SortSpec;
use crate::state::{
    ActorCardData, ActorChange, ActorRef, Counted, ListKind, ListRow, Part, WatchlistMemberView,
    WatchlistView,
};
use crate::state::{
    AlertDetailView, AlertKind, AlertRow, AlertStateView, AppliedFilter, CallError, CaseDetailView,
    CaseEventRow, CaseForm, CaseKind, CaseListRow, CaseRow, CaseSort, CaseStatusView, FileEventRow,
    SessionDetailView, SessionEventRow, SessionKind, SessionRow, SessionSort, SessionStateView,
};

/// Events shown for one file; the pane shows the newest first.
const FILE_EVENTS_PAGE: u32 = 200;

/// Rows of each list the actor card shows (the counts are the server's).
const CARD_ROWS: usize = 10;

/// A read of the card, as the card's part.
fn part<T>(result: Result<(Vec<T>, u64), CallError>) -> Part<Counted<T>> {
    match result {
        Ok((rows, total)) => Part::Ready(Counted { rows, total }),
        Err(error) => Part::Failed(error),
    }
}

/// The `TriageService` of a real tenant, through the Code42 client.
#[derive(Clone)]
pub struct ApiService {
    client: crate::api::Client,
    /// The journal the client records its changes in; changes never sent go there too.
    journal: Option<Arc<crate::journal::Journal>>,
}

impl ApiService {
    pub fn new(client: crate::api::Client) -> ApiService {
        ApiService {
            client,
            journal: None,
        }
    }

    pub fn with_journal(mut self, journal: Arc<crate::journal::Journal>) -> ApiService {
        self.journal = Some(journal);
        self
    }

    /// The actor by id, or by name; a name no actor has is tried as an id (`:actor`
    /// takes either).
    async fn actor_profile(&self, who: &ActorRef) -> Result<crate::api::Actor, CallError> {
        match who {
            ActorRef::Id(id) => self.client.actor(id, false).await.map_err(call_error),
            ActorRef::Name(name) => match self.client.actor_by_name(name, false).await {
                Err(crate::api::ApiError::NotFound(_)) if !name.contains('@') => {
                    self.client.actor(name, false).await.map_err(call_error)
                }
                result => result.map_err(call_error),
            },
        }
    }

    /// The first rows of a list under `filter`, as the list itself reads them, so the
    /// card's counts are what a pivot to the list shows.
    async fn first_page<K: ListKind>(&self, filter: String) -> Result<(Vec<K::Row>, u64), CallError>
    where
        Self: ListService<K>,
    {
        let query = ListQuery {
            filter: AppliedFilter::new(filter, chrono::Utc::now()),
            sort: K::Sort::default(),
        };
        let size = u32::try_from(CARD_ROWS).unwrap_or(10);
        let ask = crate::api::pager::Pager::new(
            K::paging_order(&query.filter, &query.sort),
            size,
            K::MAX_PAGE,
        )
        .first();
        ListService::<K>::page(self, query, ask).await
    }
}

/// A mutation as the journal names it: what would have changed, and which ids; a
/// change of cases is one change a case, as the client journals them when it sends them.
fn changes_of(mutation: &Mutation) -> Vec<(crate::api::audit::ChangeKind, Vec<String>)> {
    use crate::api::audit::ChangeKind;
    let case = |id: &String, fields: Vec<(String, Option<String>)>| {
        (
            ChangeKind::UpdateCase {
                case_number: id.parse().unwrap_or_default(),
                fields,
            },
            Vec::new(),
        )
    };
    match mutation {
        Mutation::Cases(ListMutation::UpdateStates {
            ids, state, note, ..
        }) => ids
            .iter()
            .map(|id| case(id, case_update(Some(state), note.as_deref(), None).fields()))
            .collect(),
        Mutation::Cases(ListMutation::SaveNote { id, note }) => {
            vec![case(id, case_update(None, Some(note), None).fields())]
        }
        Mutation::AssignCase { id, assignee } => {
            vec![case(id, case_update(None, None, Some(assignee)).fields())]
        }
        other => vec![change_of(other)],
    }
}

/// The change of a case's status, findings or assignee.
fn case_update(
    status: Option<&crate::state::CaseStatusView>,
    findings: Option<&str>,
    assignee: Option<&str>,
) -> crate::api::CaseUpdate {
    crate::api::CaseUpdate {
        status: status.map(from_api::case_status_of_view),
        findings: findings.map(str::to_string),
        assignee: assignee.map(str::to_string),
        ..Default::default()
    }
}

/// A mutation of one change as the journal names it.
fn change_of(mutation: &Mutation) -> (crate::api::audit::ChangeKind, Vec<String>) {
    use crate::api::audit::ChangeKind;
    match mutation {
        Mutation::Cases(_) | Mutation::AssignCase { .. } => {
            let mut changes = changes_of(mutation).into_iter();
            changes.next().unwrap_or((
                ChangeKind::UpdateCase {
                    case_number: 0,
                    fields: Vec::new(),
                },
                Vec::new(),
            ))
        }
        Mutation::Alerts(ListMutation::UpdateStates {
            ids, state, note, ..
        }) => (
            ChangeKind::AlertState {
                state: state.wire(),
                note: note.clone(),
            },
            ids.clone(),
        ),
        Mutation::Alerts(ListMutation::SaveNote { id, note }) => (
            ChangeKind::AlertNote { note: note.clone() },
            vec![id.clone()],
        ),
        Mutation::Sessions(ListMutation::UpdateStates {
            ids, state, note, ..
        }) => (
            ChangeKind::SessionState {
                state: state.wire(),
                note: note.clone(),
            },
            ids.clone(),
        ),
        Mutation::Sessions(ListMutation::SaveNote { id, note }) => (
            ChangeKind::SessionNote { note: note.clone() },
            vec![id.clone()],
        ),
        Mutation::CreateCase { form, event_ids } => (
            ChangeKind::CreateCase {
                name: form.name.clone(),
            },
            event_ids.clone(),
        ),
        Mutation::AddEventsToCase {
            case_number,
            event_ids,
        } => (
            ChangeKind::AddCaseEvents {
                case_number: *case_number,
            },
            event_ids.clone(),
        ),
        Mutation::Undo(plan) => (
            ChangeKind::Undo {
                of: plan.change.clone(),
            },
            plan.restore.iter().map(|i| i.id.clone()).collect(),
        ),
        Mutation::Actor(change) => (
            actor_change_kind(change),
            vec![change.actor_id().to_string()],
        ),
    }
}

/// A change to an actor as the journal names it.
fn actor_change_kind(change: &ActorChange) -> crate::api::audit::ChangeKind {
    use crate::api::audit::ChangeKind;
    match change {
        ActorChange::Notes { notes, .. } => ChangeKind::UpdateActor {
            fields: vec![("notes".to_string(), notes.clone())],
        },
        ActorChange::AddToWatchlist { watchlist, .. }
        | ActorChange::RemoveFromWatchlist { watchlist, .. } => ChangeKind::WatchlistActors {
            watchlist_id: watchlist.id.clone(),
            watchlist: Some(watchlist.title.clone()),
            added: matches!(change, ActorChange::AddToWatchlist { .. }),
        },
    }
}

fn call_error(error: crate::api::ApiError) -> CallError {
    let rate_limited = matches!(error, crate::api::ApiError::RateLimited { .. });
    CallError {
        message: error.to_string(),
        rate_limited,
    }
}

/// The filter of a list as the query it was checked to be when applied.
fn parsed<T, E: std::fmt::Display>(
    parse: impl FnOnce(&str, chrono::DateTime<chrono::Utc>) -> Result<T, E>,
    filter: &AppliedFilter,
) -> Result<T, CallError> {
    parse(&filter.text, filter.at.unwrap_or_else(chrono::Utc::now))
        .map_err(|e| CallError::new(format!("the filter cannot be read: {e}")))
}

impl ListService<AlertKind> for ApiService {
    async fn page(
        &self,
        query: ListQuery<SortSpec>,
        ask: PageAsk,
    ) -> Result<(Vec<AlertRow>, u64), CallError> {
        let filter = parsed(crate::filter::parse, &query.filter)?;
        let query = crate::filter::to_alert_query(&filter, query.sort, 0, ask.size).at(&ask);
        let page = self
            .client
            .search_alerts(&query)
            .await
            .map_err(call_error)?;
        Ok((
            page.alerts
                .iter()
                .map(from_api::alert_row_of_item)
                .collect(),
            page.total_count,
        ))
    }

    async fn detail(&self, id: String) -> Result<AlertDetailView, CallError> {
        let details = self
            .client
            .alert_details(std::slice::from_ref(&id))
            .await
            .map_err(call_error)?;
        details
            .first()
            .ok_or_else(|| {
                CallError::new(format!(
                    "alert {id} no longer exists (deleted since it was listed)"
                ))
            })
            .and_then(|item| from_api::alert_detail_of_item(item).map_err(CallError::new))
    }

    async fn details(&self, ids: Vec<String>) -> Result<Vec<AlertDetailView>, CallError> {
        let details = self.client.alert_details(&ids).await.map_err(call_error)?;
        Ok(details
            .iter()
            .filter_map(|item| from_api::alert_detail_of_item(item).ok())
            .collect())
    }

    async fn update_states(
        &self,
        ids: Vec<String>,
        state: AlertStateView,
        note: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        let result = self
            .client
            .update_alert_state(&ids, from_api::state_of_view(&state), note.as_deref())
            .await
            .map_err(call_error);
        match result {
            Ok(()) => (ids, Ok(())),
            Err(error) => (Vec::new(), Err(error)),
        }
    }

    async fn save_note(&self, id: String, note: String) -> Result<(), CallError> {
        self.client
            .add_alert_note(&id, &note)
            .await
            .map_err(call_error)
    }

    /// The alerts' details, read again for their notes: each record is the alert as
    /// its details have it now, as `alerts search -f csv` of the commands writes it.
    async fn export_records(&self, rows: Vec<AlertRow>) -> Result<Vec<AlertRecord>, CallError> {
        let ids: Vec<String> = rows
            .iter()
            .filter(|r| r.has_id())
            .map(|r| r.id.clone())
            .collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let details = self.client.alert_details(&ids).await.map_err(call_error)?;
        let mut read: std::collections::HashMap<&str, AlertRecord> = details
            .iter()
            .filter_map(|item| match item {
                crate::api::Item::Read(d) => Some((
                    d.summary.id.as_str(),
                    AlertRecord::of(&d.summary, d.note.as_ref()),
                )),
                crate::api::Item::Unreadable(_) => None,
            })
            .collect();
        Ok(ids
            .iter()
            .filter_map(|id| read.remove(id.as_str()))
            .collect())
    }
}

impl ListService<SessionKind> for ApiService {
    async fn page(
        &self,
        query: ListQuery<SessionSort>,
        ask: PageAsk,
    ) -> Result<(Vec<SessionRow>, u64), CallError> {
        let mut search = parsed(crate::filter::sessions::parse, &query.filter)?;
        search.order_by = if query.sort.by_score {
            crate::api::sessions::SessionOrder::Score
        } else {
            crate::api::sessions::SessionOrder::EndTime
        };
        search.descending = query.sort.descending;
        search.page_number = ask.number;
        search.page_size = ask.size;
        let page = self
            .client
            .search_sessions(&search)
            .await
            .map_err(call_error)?;
        Ok((
            page.items
                .iter()
                .map(from_api::session_row_of_item)
                .collect(),
            page.total_count,
        ))
    }

    async fn detail(&self, id: String) -> Result<SessionDetailView, CallError> {
        let session = self.client.session(&id).await.map_err(call_error)?;
        Ok(from_api::session_detail_view(&session))
    }

    async fn update_states(
        &self,
        ids: Vec<String>,
        state: SessionStateView,
        note: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        let mut completed = Vec::new();
        let result = self
            .client
            .update_session_state_tracked(
                &ids,
                from_api::session_state_of_view(&state),
                note.as_deref(),
                &mut completed,
            )
            .await
            .map_err(call_error);
        (completed, result)
    }

    async fn save_note(&self, id: String, note: String) -> Result<(), CallError> {
        self.client
            .add_session_note(&id, &note)
            .await
            .map_err(call_error)
    }
}

impl ApiService {
    /// The list of `number:N`: that case, when it is there and matches the rest of the
    /// filter.
    async fn one_case(
        &self,
        number: u64,
        filter: &crate::filter::cases::CaseFilter,
        ask: PageAsk,
    ) -> Result<(Vec<CaseListRow>, u64), CallError> {
        if ask.number > 0 {
            return Ok((Vec::new(), 1));
        }
        let case = match self.client.get_case(number).await {
            Ok(case) => case,
            Err(crate::api::ApiError::NotFound(_)) => return Ok((Vec::new(), 0)),
            Err(error) => return Err(call_error(error)),
        };
        let row = from_api::case_list_row(&case);
        let name_matches = filter
            .name
            .as_ref()
            .is_none_or(|name| row.name.to_lowercase().contains(&name.to_lowercase()));
        if name_matches && filter.admits_status(&row.status.wire()) {
            Ok((vec![row], 1))
        } else {
            Ok((Vec::new(), 0))
        }
    }
}

/// A case's number from its row's id.
fn case_number(id: &str) -> Result<u64, CallError> {
    id.parse().map_err(|_| {
        CallError::new(format!(
            "{:?} is not a case number",
            crate::sanitize::one_line(id)
        ))
    })
}

impl ListService<CaseKind> for ApiService {
    async fn page(
        &self,
        query: ListQuery<CaseSort>,
        ask: PageAsk,
    ) -> Result<(Vec<CaseListRow>, u64), CallError> {
        let filter = crate::filter::cases::parse(&query.filter.text)
            .map_err(|e| CallError::new(format!("the filter cannot be read: {}", e.message)))?;
        if let Some(number) = filter.number {
            return self.one_case(number, &filter, ask).await;
        }
        // The service counts its pages from 1.
        let list = filter.query(
            query.sort.key.wire(),
            query.sort.descending,
            ask.number.saturating_add(1),
            ask.size,
        );
        let page = self.client.list_cases(&list).await.map_err(call_error)?;
        Ok((
            page.cases
                .iter()
                .map(from_api::case_list_row_of_item)
                .collect(),
            page.total_count,
        ))
    }

    async fn detail(&self, id: String) -> Result<CaseDetailView, CallError> {
        let case = self
            .client
            .get_case(case_number(&id)?)
            .await
            .map_err(call_error)?;
        Ok(from_api::case_detail_view(&case))
    }

    async fn update_states(
        &self,
        ids: Vec<String>,
        state: CaseStatusView,
        note: Option<String>,
    ) -> (Vec<String>, Result<(), CallError>) {
        let mut completed = Vec::new();
        for id in ids {
            let update = case_update(Some(&state), note.as_deref(), None);
            let result = match case_number(&id) {
                Ok(number) => self
                    .client
                    .update_case(number, &update)
                    .await
                    .map_err(call_error),
                Err(error) => Err(error),
            };
            if let Err(error) = result {
                return (completed, Err(error));
            }
            completed.push(id);
        }
        (completed, Ok(()))
    }

    async fn save_note(&self, id: String, note: String) -> Result<(), CallError> {
        self.client
            .update_case(case_number(&id)?, &case_update(None, Some(&note), None))
            .await
            .map(|_| ())
            .map_err(call_error)
    }
}

impl TriageService for ApiService {
    async fn case_events(&self, case_id: String) -> Result<Vec<CaseEventRow>, CallError> {
        let events = self
            .client
            .case_file_events(case_number(&case_id)?)
            .await
            .map_err(call_error)?;
        Ok(events
            .iter()
            .map(from_api::case_event_row_of_item)
            .collect())
    }

    async fn assign_case(
        &self,
        case_id: String,
        assignee: String,
    ) -> Result<Option<String>, CallError> {
        let case = self
            .client
            .update_case(
                case_number(&case_id)?,
                &case_update(None, None, Some(&assignee)),
            )
            .await
            .map_err(call_error)?;
        Ok(case.assignee_username.or(case.assignee))
    }

    async fn plan_undo(&self, change: String) -> Result<crate::undo::UndoPlan, CallError> {
        let Some(journal) = self.journal.clone() else {
            return Err(CallError::new(
                "undo needs the journal, and none is kept (no home directory; set TRIAGE42_JOURNAL)",
            ));
        };
        let path = journal.path().to_path_buf();
        let records = tokio::task::spawn_blocking(move || crate::journal::read_records(&path))
            .await
            .map_err(|e| CallError::new(format!("reading the journal stopped: {e}")))?
            .map_err(|e| CallError::new(format!("could not read the journal: {e}")))?;
        let found = crate::undo::find(&records, Some(&change), journal.tenant())
            .map_err(|e| CallError::new(e.to_string()))?;
        crate::undo::plan(&self.client, &found, false)
            .await
            .map_err(call_error)
    }

    async fn undo(&self, plan: crate::undo::UndoPlan) -> crate::undo::UndoDone {
        crate::undo::apply(&self.client, &plan).await
    }

    async fn actor_card(&self, who: ActorRef) -> ActorCardData {
        let profile = self.actor_profile(&who).await;
        let name = match (&profile, &who) {
            (Ok(actor), _) => actor.name.clone().filter(|n| !n.is_empty()),
            (Err(_), ActorRef::Name(name)) => Some(name.clone()),
            (Err(_), ActorRef::Id(_)) => None,
        };
        let id = match (&profile, &who) {
            (Ok(actor), _) => actor.actor_id.clone().filter(|id| !id.is_empty()),
            (Err(_), ActorRef::Id(id)) => Some(id.clone()),
            (Err(_), ActorRef::Name(_)) => None,
        };
        fn unknown<T>(what: &str) -> Part<T> {
            Part::Failed(CallError::new(format!("the actor's {what} is not known")))
        }
        let alerts = async {
            match name.as_deref().and_then(crate::state::filter_value) {
                Some(value) => part(
                    self.first_page::<AlertKind>(format!("actor:{value} state:open"))
                        .await,
                ),
                None => unknown("name"),
            }
        };
        let sessions = async {
            match id.as_deref().and_then(crate::state::filter_value) {
                Some(value) => part(
                    self.first_page::<SessionKind>(format!("actor:{value} state:open"))
                        .await,
                ),
                None => unknown("id"),
            }
        };
        let file_events = async {
            match &name {
                Some(name) => part(
                    self.search_file_events(FileEventSearch {
                        user: Some(name.clone()),
                        ..FileEventSearch::default()
                    })
                    .await
                    .map(|(mut rows, total)| {
                        rows.truncate(CARD_ROWS);
                        (rows, total)
                    }),
                ),
                None => unknown("name"),
            }
        };
        let watchlists = async {
            match &id {
                Some(id) => match self.actor_watchlists(id).await {
                    Ok(rows) => Part::Ready(rows),
                    Err(error) => Part::Failed(error),
                },
                None => unknown("id"),
            }
        };
        let manager = async {
            match profile
                .as_ref()
                .ok()
                .and_then(|a| a.manager_actor_id.clone())
            {
                Some(manager_id) => Some(
                    self.client
                        .actor(&manager_id, false)
                        .await
                        .ok()
                        .and_then(|m| m.name)
                        .unwrap_or(manager_id),
                ),
                None => None,
            }
        };
        let (alerts, sessions, file_events, watchlists, manager) =
            tokio::join!(alerts, sessions, file_events, watchlists, manager);
        ActorCardData {
            profile: match profile {
                Ok(actor) => Part::Ready(from_api::actor_profile(&actor, manager)),
                Err(error) => Part::Failed(error),
            },
            watchlists,
            alerts,
            sessions,
            file_events,
        }
    }

    async fn watchlists(&self) -> Result<Vec<WatchlistView>, CallError> {
        self.all_watchlists(None).await
    }

    async fn watchlist_members(
        &self,
        watchlist_id: String,
    ) -> Result<Vec<WatchlistMemberView>, CallError> {
        self.members_of(&watchlist_id).await
    }

    async fn change_actor(&self, change: ActorChange) -> Result<(), CallError> {
        match change {
            ActorChange::Notes {
                actor_id, notes, ..
            } => {
                let update = crate::api::ActorUpdate {
                    notes: Some(notes),
                    ..Default::default()
                };
                self.client
                    .update_actor(&actor_id, &update)
                    .await
                    .map(|_| ())
                    .map_err(call_error)
            }
            ActorChange::AddToWatchlist {
                actor_id,
                watchlist,
                ..
            } => self.add_member(&watchlist.id, &actor_id).await,
            ActorChange::RemoveFromWatchlist {
                actor_id,
                watchlist,
                ..
            } => self.remove_member(&watchlist.id, &actor_id).await,
        }
    }

    async fn search_file_events(
        &self,
        mut search: FileEventSearch,
    ) -> Result<(Vec<FileEventRow>, u64), CallError> {
        // Observations list files without hashes: the observed event has them, and a hash
        // finds the same file wherever it went, whatever it was renamed to.
        if search.sha256.is_none()
            && search.md5.is_none()
            && let Some(event_id) = search.event_id.clone()
            && let Ok(events) = self.client.file_events_by_ids(&[event_id]).await
            && let Some(hash) = events
                .first()
                .and_then(|e| e.file.as_ref())
                .and_then(|f| f.hash.as_ref())
        {
            search.sha256 = hash.sha256.clone().filter(|h| !h.is_empty());
            search.md5 = hash.md5.clone().filter(|h| !h.is_empty());
        }
        let mut query = crate::api::FileEventQuery::default().page_size(FILE_EVENTS_PAGE);
        query = match (&search.sha256, &search.md5, &search.name) {
            (Some(sha256), _, _) => query.sha256(sha256),
            (None, Some(md5), _) => query.md5(md5),
            (None, None, Some(name)) => query.name_and_directory(name, search.path.as_deref()),
            (None, None, None) if search.user.is_some() => {
                query.user(search.user.as_deref().unwrap_or_default())
            }
            (None, None, None) => {
                return Err(CallError::new(
                    "this file has neither a hash nor a name to search by",
                ));
            }
        };
        let page = self
            .client
            .search_file_events(&query)
            .await
            .map_err(call_error)?;
        Ok((
            page.file_events
                .iter()
                .map(from_api::file_event_row_of_item)
                .collect(),
            page.total_count,
        ))
    }

    async fn create_case(&self, form: CaseForm) -> Result<u64, CallError> {
        let optional = |s: String| (!s.is_empty()).then_some(s);
        let case = self
            .client
            .create_case(&crate::api::NewCase {
                name: form.name,
                description: optional(form.description),
                findings: optional(form.findings),
                subject: optional(form.subject),
                assignee: optional(form.assignee),
            })
            .await
            .map_err(call_error)?;
        Ok(case.number)
    }

    async fn list_cases(&self) -> Result<Vec<CaseRow>, CallError> {
        let query = crate::api::CaseListQuery {
            sort_descending: true,
            ..Default::default()
        };
        let page = self.client.list_cases(&query).await.map_err(call_error)?;
        // Closed cases refuse new events, so they are not offered.
        // A case that cannot be read has no number to add events to, so it is not offered.
        Ok(page
            .cases
            .iter()
            .filter_map(crate::api::Item::read)
            .filter(|case| {
                !case
                    .status
                    .as_ref()
                    .is_some_and(|s| s.as_wire().eq_ignore_ascii_case("closed"))
            })
            .map(from_api::case_row)
            .collect())
    }

    async fn add_events_to_case(
        &self,
        case_number: u64,
        event_ids: Vec<String>,
    ) -> Result<(), CallError> {
        self.client
            .add_events_to_case(case_number, &event_ids)
            .await
            .map_err(call_error)
    }

    async fn session_events(
        &self,
        session_id: String,
    ) -> Result<(Vec<SessionEventRow>, u64), CallError> {
        let page = self
            .client
            .session_events(&session_id)
            .await
            .map_err(call_error)?;
        Ok((
            page.file_events
                .iter()
                .map(from_api::session_event_row_of_item)
                .collect(),
            page.total_count,
        ))
    }

    fn record_not_sent(&self, dropped: &[Mutation], reason: &str) -> Result<(), String> {
        let Some(journal) = &self.journal else {
            return Err("no journal is kept (no home directory; set TRIAGE42_JOURNAL)".into());
        };
        for (what, ids) in dropped.iter().flat_map(changes_of) {
            journal
                .not_sent(what, ids, reason)
                .map_err(|e| format!("{}: {e}", journal.path().display()))?;
        }
        Ok(())
    }
}

/// The watchlist calls of the card and the pickers.
impl ApiService {
    async fn all_watchlists(
        &self,
        actor_id: Option<&str>,
    ) -> Result<Vec<WatchlistView>, CallError> {
        let lists = self
            .client
            .all_watchlists(actor_id)
            .await
            .map_err(call_error)?;
        // A list that cannot be read has no id to act on: it is not offered.
        Ok(lists
            .iter()
            .filter_map(crate::api::Item::read)
            .map(from_api::watchlist_view)
            .collect())
    }

    async fn actor_watchlists(&self, actor_id: &str) -> Result<Vec<WatchlistView>, CallError> {
        self.all_watchlists(Some(actor_id)).await
    }

    async fn members_of(&self, watchlist_id: &str) -> Result<Vec<WatchlistMemberView>, CallError> {
        let members = self
            .client
            .watchlist_members(watchlist_id)
            .await
            .map_err(call_error)?;
        Ok(members
            .iter()
            .filter_map(crate::api::Item::read)
            .map(|m| WatchlistMemberView {
                actor_id: m.actor_id.clone(),
                name: m.actor_name.clone().unwrap_or_else(|| m.actor_id.clone()),
                added: m.added_time,
            })
            .collect())
    }

    async fn add_member(&self, watchlist_id: &str, actor_id: &str) -> Result<(), CallError> {
        self.client
            .add_watchlist_actors(watchlist_id, &[actor_id.to_string()])
            .await
            .map_err(call_error)
    }

    async fn remove_member(&self, watchlist_id: &str, actor_id: &str) -> Result<(), CallError> {
        self.client
            .remove_watchlist_actors(watchlist_id, &[actor_id.to_string()])
            .await
            .map_err(call_error)
    }
}
