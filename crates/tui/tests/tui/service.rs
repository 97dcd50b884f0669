//! The TUI's service over real HTTP against the demo tenant: compiled filters,
//! mapped view models, and errors in plain words.

use std::net::SocketAddr;

use chrono::Utc;
use triage42_api::pager::PageAsk;
use triage42_api::{Client, ClientConfig};
use triage42_core::filter::SortSpec;
use triage42_core::filter::parse;
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};
use triage42_tui::effect::{Call, FileEventSearch, ListCall, ListQuery, search_for_file};
use triage42_tui::service::{ApiService, ListService, TriageService};
use triage42_tui::state::{
    AlertKind, AlertRow, AlertStateView, AppliedFilter, CallError, ListRow, SessionKind,
    SessionRow, SessionSort, SeverityView, View,
};

async fn service() -> (DemoServer, ApiService) {
    let server = DemoServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), DemoConfig::default())
        .await
        .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.max_retries = 0;
    let service = ApiService::new(Client::new(config).unwrap());
    (server, service)
}

fn request(filter: &str) -> ListQuery<SortSpec> {
    assert!(parse(filter, Utc::now()).is_ok(), "{filter}");
    ListQuery {
        filter: AppliedFilter::new(filter, Utc::now()),
        sort: SortSpec::default(),
    }
}

/// The first page of a list, of `size` rows.
fn first(size: u32) -> PageAsk {
    PageAsk {
        bound: None,
        number: 0,
        size,
    }
}

async fn alert_page(service: &ApiService, filter: &str) -> Result<(Vec<AlertRow>, u64), CallError> {
    ListService::<AlertKind>::page(service, request(filter), first(200)).await
}

async fn session_page(
    service: &ApiService,
    filter: &str,
    by_score: bool,
) -> Result<(Vec<SessionRow>, u64), CallError> {
    let query = ListQuery {
        filter: AppliedFilter::new(filter, Utc::now()),
        sort: SessionSort {
            by_score,
            descending: true,
        },
    };
    ListService::<SessionKind>::page(service, query, first(50)).await
}

#[tokio::test]
async fn compiled_filters_select_the_right_alerts() {
    let (server, service) = service().await;
    let (rows, total) = alert_page(&service, "state:open severity:high")
        .await
        .unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows.len() as u64, total.min(200));
    for row in &rows {
        assert_eq!(row.state, AlertStateView::Open, "{row:?}");
        assert_eq!(row.severity, SeverityView::High, "{row:?}");
    }
    let (rows, _) = alert_page(&service, "any: severity:critical state:pending")
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.severity != SeverityView::Critical));
    for row in &rows {
        assert!(
            row.severity == SeverityView::Critical || row.state == AlertStateView::Pending,
            "{row:?}"
        );
    }
    let (rows, _) = alert_page(&service, "rule~Departing state!=open")
        .await
        .unwrap();
    for row in &rows {
        assert!(row.rule_name.contains("Departing"), "{row:?}");
        assert_ne!(row.state, AlertStateView::Open);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn details_map_observations_and_files_to_events() {
    let (server, service) = service().await;
    let (rows, _) = alert_page(&service, "").await.unwrap();
    let detail = ListService::<AlertKind>::detail(&service, rows[0].id.clone())
        .await
        .unwrap();
    assert_eq!(detail.row.id, rows[0].id);
    let files: Vec<_> = detail
        .observations
        .iter()
        .flat_map(|o| o.files.iter())
        .collect();
    assert!(!files.is_empty());
    let search: FileEventSearch = search_for_file(files[0]);
    let (events, total) = service.search_file_events(search).await.unwrap();
    assert!(total >= 1);
    assert!(
        events
            .iter()
            .any(|e| Some(&e.event_id) == files[0].event_id.as_ref())
    );
    // The search goes by the observed event's hash: every event of that file in the
    // tenant, whoever has it and whatever it is called now.
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    let observed = client
        .file_events_by_ids(&[files[0].event_id.clone().unwrap()])
        .await
        .unwrap();
    let sha256 = observed[0]
        .file
        .as_ref()
        .unwrap()
        .hash
        .as_ref()
        .unwrap()
        .sha256
        .clone()
        .unwrap();
    let same_file = client
        .search_file_events(
            &triage42_api::FileEventQuery::default()
                .sha256(&sha256)
                .page_size(1),
        )
        .await
        .unwrap();
    assert_eq!(total, same_file.total_count);
    assert!(total > 1, "the demo tenant shares files between alerts");
    server.shutdown().await;
}

#[tokio::test]
async fn details_of_many_alerts_come_in_one_call_with_their_notes() {
    let (server, service) = service().await;
    let (rows, _) = alert_page(&service, "").await.unwrap();
    let ids: Vec<String> = rows.iter().take(30).map(|r| r.id.clone()).collect();
    ListService::<AlertKind>::save_note(&service, ids[3].clone(), "seen by ana".into())
        .await
        .unwrap();
    let before = server.faults().requests_seen("query-details");
    let details = ListService::<AlertKind>::details(&service, ids.clone())
        .await
        .unwrap();
    assert_eq!(server.faults().requests_seen("query-details") - before, 1);
    let read: Vec<&String> = details.iter().map(|d| &d.row.id).collect();
    assert_eq!(read, ids.iter().collect::<Vec<_>>());
    assert_eq!(details[3].note.as_ref().unwrap().message, "seen by ana");
    server.shutdown().await;
}

#[tokio::test]
async fn a_retry_notice_names_the_call_it_is_about() {
    use triage42_tui::msg::{ListMsg, Msg};
    use triage42_tui::state::Slot;
    let server = DemoServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), DemoConfig::default())
        .await
        .unwrap();
    let (sender, mut messages) = tokio::sync::mpsc::unbounded_channel();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    let retries = sender.clone();
    config.on_retry = Some(triage42_api::RetryObserver::new(move |notice| {
        let _ = retries.send(Msg::Retrying {
            slot: triage42_tui::service::current_call(),
            text: notice.to_string(),
        });
    }));
    let mut worker =
        triage42_tui::service::Worker::new(ApiService::new(Client::new(config).unwrap()), sender);
    server.faults().rate_limit_next(1, 1);
    worker.run(Call::Alerts(ListCall::LoadPage {
        request_id: 1,
        query: request(""),
        ask: first(200),
    }));
    let Some(Msg::Retrying { slot, text }) = messages.recv().await else {
        panic!("expected a retry notice")
    };
    assert_eq!(slot, Some(Slot::List(View::Alerts)));
    assert!(text.starts_with("rate limited"), "{text}");
    assert!(matches!(
        messages.recv().await,
        Some(Msg::Alerts(ListMsg::PageLoaded { result: Ok(_), .. }))
    ));
    server.shutdown().await;
}

#[tokio::test]
async fn errors_read_in_plain_words() {
    let (server, service) = service().await;
    server.faults().rate_limit_next(1, 12);
    let error = alert_page(&service, "").await.unwrap_err();
    assert!(error.rate_limited);
    assert_eq!(error.message, "rate limited by the server; retry in 12s");
    server.faults().fail_next(1, 503);
    let error = alert_page(&service, "").await.unwrap_err();
    assert!(error.message.contains("503"), "{}", error.message);
    server.shutdown().await;
}

#[tokio::test]
async fn sessions_through_the_service_filter_show_close_and_take_notes() {
    use triage42_tui::state::SessionStateView;
    let (server, service) = service().await;
    let (rows, total) = session_page(&service, "state:open", false).await.unwrap();
    assert!(!rows.is_empty());
    assert!(total >= rows.len() as u64);
    // "open" includes "open, new data", over real HTTP.
    assert!(
        rows.iter()
            .any(|r| r.state == SessionStateView::OpenNewData)
    );
    for row in &rows {
        assert!(
            matches!(
                row.state,
                SessionStateView::Open | SessionStateView::OpenNewData
            ),
            "{row:?}"
        );
        assert!(row.alert_count >= 1, "the queue is sessions with alerts");
        assert!(!row.actor.is_empty());
        assert!(!row.risk_indicators.is_empty());
    }
    let ends: Vec<_> = rows.iter().map(|r| r.end).collect();
    assert!(ends.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let (by_score, _) = session_page(&service, "", true).await.unwrap();
    let scores: Vec<_> = by_score.iter().map(|r| r.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let (high, _) = session_page(&service, "severity:high,critical", false)
        .await
        .unwrap();
    assert!(!high.is_empty());
    for row in &high {
        assert!(
            matches!(row.severity, SeverityView::High | SeverityView::Critical),
            "{row:?}"
        );
    }

    // The details: its alerts are alerts of the tenant, its events real file events.
    let id = rows[0].id.clone();
    let detail = ListService::<SessionKind>::detail(&service, id.clone())
        .await
        .unwrap();
    assert_eq!(detail.row.id, id);
    assert_eq!(detail.triggered_alerts.len(), rows[0].alert_count);
    let alert =
        ListService::<AlertKind>::detail(&service, detail.triggered_alerts[0].alert_id.clone())
            .await
            .unwrap();
    assert_eq!(alert.row.id, detail.triggered_alerts[0].alert_id);
    assert!(!detail.states.is_empty());
    let (events, events_total) = service.session_events(id.clone()).await.unwrap();
    assert!(!events.is_empty());
    assert_eq!(events_total, events.len() as u64);
    assert!(
        events
            .iter()
            .all(|e| !e.event_id.is_empty() && e.unreadable.is_none())
    );

    // Closed with a note: the state is the latest, the note is added to the others.
    let notes_before = detail.notes.len();
    let (completed, result) = ListService::<SessionKind>::update_states(
        &service,
        vec![id.clone()],
        SessionStateView::ClosedTruePositive,
        Some("confirmed with HR".into()),
    )
    .await;
    result.unwrap();
    assert_eq!(completed, std::slice::from_ref(&id));
    ListService::<SessionKind>::save_note(&service, id.clone(), "case to follow".into())
        .await
        .unwrap();
    let after = ListService::<SessionKind>::detail(&service, id.clone())
        .await
        .unwrap();
    assert_eq!(after.row.state, SessionStateView::ClosedTruePositive);
    assert_eq!(
        after.states.last().unwrap().state,
        SessionStateView::ClosedTruePositive
    );
    let notes: Vec<&str> = after.notes.iter().map(|n| n.content.as_str()).collect();
    assert_eq!(notes.len(), notes_before + 2, "{notes:?}");
    assert_eq!(
        notes[notes_before..],
        ["confirmed with HR", "case to follow"]
    );
    // An invalid filter is the service's error in plain words, not a panic.
    let error = session_page(&service, "colour:red", false)
        .await
        .unwrap_err();
    assert!(error.message.contains("unknown field"), "{}", error.message);
    server.shutdown().await;
}

#[tokio::test]
async fn the_worker_loads_and_changes_sessions_over_http() {
    use triage42_tui::effect::{ListMutation, Mutation};
    use triage42_tui::msg::{ListMsg, Msg};
    use triage42_tui::state::SessionStateView;
    let (server, service) = service().await;
    let (sender, mut messages) = tokio::sync::mpsc::unbounded_channel();
    let mut worker = triage42_tui::service::Worker::new(service.clone(), sender);
    worker.run(Call::Sessions(ListCall::LoadPage {
        request_id: 7,
        query: ListQuery {
            filter: AppliedFilter::new("state:open", Utc::now()),
            sort: SessionSort::default(),
        },
        ask: first(50),
    }));
    let Some(Msg::Sessions(ListMsg::PageLoaded {
        request_id: 7,
        result: Ok((rows, _)),
    })) = messages.recv().await
    else {
        panic!("expected sessions")
    };
    let ids: Vec<String> = rows.iter().take(3).map(|r| r.id.clone()).collect();
    worker.run(Call::Mutation(Mutation::Sessions(
        ListMutation::UpdateStates {
            operation: 9,
            ids: ids.clone(),
            state: SessionStateView::Closed,
            note: Some("bulk close".into()),
        },
    )));
    let Some(Msg::Sessions(ListMsg::StatesUpdated {
        operation: 9,
        ids: changed,
        result,
        ..
    })) = messages.recv().await
    else {
        panic!("expected the change's answer")
    };
    result.unwrap();
    assert_eq!(changed, ids);
    for id in &ids {
        let detail = ListService::<SessionKind>::detail(&service, id.clone())
            .await
            .unwrap();
        assert_eq!(detail.row.state, SessionStateView::Closed);
        assert_eq!(detail.notes.last().unwrap().content, "bulk close");
    }
    server.shutdown().await;
}

#[test]
fn one_unreadable_session_never_fails_its_page() {
    let page: triage42_api::SessionPage = serde_json::from_str(
        r#"{"items":[{"sessionId":"s-1","actorName":"bob@example.com","states":[{"state":"OPEN","sourceTimestamp":1}],
            "scores":[{"score":7,"severity":3}],"triggeredAlerts":[{"alertId":"a-1"}]},
           {"sessionId":{"nested":true},"actorName":"\u001b[2Jmallory"},
           {"sessionId":"s-3","states":[{"stateV2":"SOMETHING_NEW"}]}],"totalCount":3}"#,
    )
    .unwrap();
    let rows: Vec<_> = page
        .items
        .iter()
        .map(triage42_tui::service::from_api::session_row_of_item)
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].severity, SeverityView::High);
    assert_eq!(rows[0].score, Some(7));
    assert_eq!(rows[0].alert_count, 1);
    assert!(rows[1].unreadable.is_some());
    assert!(!rows[1].has_id());
    assert_eq!(
        rows[2].state,
        triage42_tui::state::SessionStateView::Other("something_new".into())
    );
}

/// The actor card over HTTP: the actor of an open alert, read by name, holds that alert
/// among their open alerts (as the alert list counts them), their sessions by id,
/// their file events and their watchlists; a watchlist added and removed, and notes
/// saved, are read back by the card.
#[tokio::test]
async fn the_actor_card_reads_the_actor_everywhere_and_changes_read_back() {
    use triage42_tui::state::{ActorChange, ActorRef, Part};
    let (_server, service) = service().await;
    let (alerts, _) = alert_page(&service, "state:open").await.unwrap();
    let alert = alerts.first().unwrap();
    let card = service
        .actor_card(ActorRef::Name(alert.actor.clone()))
        .await;
    let Part::Ready(profile) = &card.profile else {
        panic!("{:?}", card.profile)
    };
    assert_eq!(profile.name, alert.actor);
    assert!(!profile.id.is_empty());
    let Part::Ready(open) = &card.alerts else {
        panic!("{:?}", card.alerts)
    };
    let filter = format!("actor:{} state:open", alert.actor);
    let (_, listed) = alert_page(&service, &filter).await.unwrap();
    assert_eq!(open.total, listed);
    assert!(open.rows.iter().all(|r| r.actor == alert.actor));
    assert!(
        matches!(card.sessions, Part::Ready(_)),
        "{:?}",
        card.sessions
    );
    let Part::Ready(events) = &card.file_events else {
        panic!("{:?}", card.file_events)
    };
    assert!(
        events
            .rows
            .iter()
            .all(|e| e.user.as_deref() == Some(alert.actor.as_str()))
    );
    let Part::Ready(on) = &card.watchlists else {
        panic!("{:?}", card.watchlists)
    };

    // A watchlist they are not on: added, read back, removed.
    let all = service.watchlists().await.unwrap();
    let other = all
        .iter()
        .find(|w| !on.iter().any(|o| o.id == w.id))
        .cloned()
        .unwrap();
    let name = profile.name.clone();
    let actor_id = profile.id.clone();
    service
        .change_actor(ActorChange::AddToWatchlist {
            actor_id: actor_id.clone(),
            name: name.clone(),
            watchlist: other.clone(),
        })
        .await
        .unwrap();
    let card = service.actor_card(ActorRef::Id(actor_id.clone())).await;
    let on_now = card.watchlists.ready().unwrap();
    assert!(on_now.iter().any(|w| w.id == other.id), "{on_now:?}");
    let members = service.watchlist_members(other.id.clone()).await.unwrap();
    assert!(
        members
            .iter()
            .any(|m| m.actor_id == actor_id && m.name == name)
    );
    service
        .change_actor(ActorChange::RemoveFromWatchlist {
            actor_id: actor_id.clone(),
            name: name.clone(),
            watchlist: other.clone(),
        })
        .await
        .unwrap();
    service
        .change_actor(ActorChange::Notes {
            actor_id: actor_id.clone(),
            name,
            notes: Some("Badge revoked".into()),
        })
        .await
        .unwrap();
    let card = service.actor_card(ActorRef::Id(actor_id)).await;
    assert!(
        !card
            .watchlists
            .ready()
            .unwrap()
            .iter()
            .any(|w| w.id == other.id)
    );
    assert_eq!(
        card.profile.ready().unwrap().notes.as_deref(),
        Some("Badge revoked")
    );
    // An unknown actor says so, and the parts that need them say why they are empty.
    let card = service
        .actor_card(ActorRef::Name("nobody-here".into()))
        .await;
    assert!(
        matches!(card.profile, Part::Failed(_)),
        "{:?}",
        card.profile
    );
    assert!(
        matches!(card.sessions, Part::Failed(_)),
        "{:?}",
        card.sessions
    );
}

#[tokio::test]
async fn cases_through_the_service_list_close_with_findings_assign_and_show_their_events() {
    use triage42_tui::state::{CaseKind, CaseSort, CaseSortKey, CaseStatusView};
    let (server, service) = service().await;
    let query = |filter: &str, key: CaseSortKey| ListQuery {
        filter: AppliedFilter::new(filter, Utc::now()),
        sort: CaseSort {
            key,
            descending: true,
        },
    };
    let (rows, total) =
        ListService::<CaseKind>::page(&service, query("", CaseSortKey::Number), first(200))
            .await
            .unwrap();
    assert!(total >= 2, "{total}");
    assert_eq!(rows.len() as u64, total);
    let numbers: Vec<u64> = rows.iter().map(|r| r.number().unwrap()).collect();
    let mut sorted = numbers.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(numbers, sorted, "newest first");
    // Paged by number: the second page of one starts after the first.
    let (second, _) = ListService::<CaseKind>::page(
        &service,
        query("", CaseSortKey::Number),
        PageAsk {
            bound: None,
            number: 1,
            size: 1,
        },
    )
    .await
    .unwrap();
    assert_eq!(second[0].id, rows[1].id);
    let open = rows
        .iter()
        .find(|r| r.status == CaseStatusView::Open)
        .expect("an open case")
        .clone();

    // Its details and its events.
    let detail = ListService::<CaseKind>::detail(&service, open.id.clone())
        .await
        .unwrap();
    assert_eq!(detail.row.name, open.name);
    let events = service.case_events(open.id.clone()).await.unwrap();
    assert!(events.iter().all(|e| e.unreadable.is_none()));

    // `number:N` is that case alone; the status filter leaves it out once closed.
    let one = format!("number:{}", open.id);
    let (only, total) =
        ListService::<CaseKind>::page(&service, query(&one, CaseSortKey::Updated), first(200))
            .await
            .unwrap();
    assert_eq!((only.len(), total), (1, 1));

    // Closed with findings, read back through the client.
    let (done, result) = ListService::<CaseKind>::update_states(
        &service,
        vec![open.id.clone()],
        CaseStatusView::Closed,
        Some("Confirmed: source code on a USB drive".into()),
    )
    .await;
    result.unwrap();
    assert_eq!(done, vec![open.id.clone()]);
    let number: u64 = open.id.parse().unwrap();
    let client = Client::new({
        let mut c = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
        c.max_retries = 0;
        c
    })
    .unwrap();
    let case = client.get_case(number).await.unwrap();
    assert_eq!(case.status.unwrap().as_wire(), "CLOSED");
    assert_eq!(
        case.findings.as_deref(),
        Some("Confirmed: source code on a USB drive")
    );
    let (open_ones, _) = ListService::<CaseKind>::page(
        &service,
        query(&format!("status:open {one}"), CaseSortKey::Number),
        first(200),
    )
    .await
    .unwrap();
    assert!(open_ones.is_empty());

    // Assigned to someone the tenant knows; someone it does not is refused in words.
    let other = rows
        .iter()
        .find(|r| r.status == CaseStatusView::Open && r.id != open.id);
    if let Some(other) = other {
        let who = detail.row.subject.clone().expect("a subject");
        let now = service
            .assign_case(other.id.clone(), who.clone())
            .await
            .unwrap();
        assert_eq!(now.as_deref(), Some(who.as_str()));
        let error = service
            .assign_case(other.id.clone(), "nobody@nowhere.invalid".into())
            .await
            .unwrap_err();
        assert!(error.message.contains("assignee"), "{}", error.message);
    }
    // A closed case refuses edits: the refusal is said, not hidden.
    let error = ListService::<CaseKind>::save_note(&service, open.id.clone(), "more".into())
        .await
        .unwrap_err();
    assert!(!error.message.is_empty());
    // A number that is no case: no rows, no error.
    let (none, total) = ListService::<CaseKind>::page(
        &service,
        query("number:999999", CaseSortKey::Number),
        first(200),
    )
    .await
    .unwrap();
    assert_eq!((none.len(), total), (0, 0));
}
