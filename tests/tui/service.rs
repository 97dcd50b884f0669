//! The TUI's service over real HTTP against the demo tenant: compiled filters,
//! mapped view models, and errors in plain words.

use std::net::SocketAddr;

use chrono::Utc;
use triage42::api::{Client, ClientConfig};
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};
use triage42::filter::SortSpec;
use triage42::filter::parse;
use triage42::tui::effect::{AlertsRequest, Call, FileEventSearch, search_for_file};
use triage42::tui::service::{ApiService, TriageService};
use triage42::tui::state::{AlertStateView, SeverityView};

async fn service() -> (DemoServer, ApiService) {
    let server = DemoServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), DemoConfig::default())
        .await
        .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.max_retries = 0;
    let service = ApiService::new(Client::new(config).unwrap());
    (server, service)
}

fn request(filter: &str) -> AlertsRequest {
    AlertsRequest {
        filter: parse(filter, Utc::now()).unwrap(),
        sort: SortSpec::default(),
        page: 0,
        page_size: 200,
    }
}

#[tokio::test]
async fn compiled_filters_select_the_right_alerts() {
    let (server, service) = service().await;
    let (rows, total) = service
        .search_alerts(request("state:open severity:high"))
        .await
        .unwrap();
    assert!(!rows.is_empty());
    assert_eq!(rows.len() as u64, total.min(200));
    for row in &rows {
        assert_eq!(row.state, AlertStateView::Open, "{row:?}");
        assert_eq!(row.severity, SeverityView::High, "{row:?}");
    }
    let (rows, _) = service
        .search_alerts(request("any: severity:critical state:pending"))
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.severity != SeverityView::Critical));
    for row in &rows {
        assert!(
            row.severity == SeverityView::Critical || row.state == AlertStateView::Pending,
            "{row:?}"
        );
    }
    let (rows, _) = service
        .search_alerts(request("rule~Departing state!=open"))
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
    let (rows, _) = service.search_alerts(request("")).await.unwrap();
    let detail = service.alert_detail(rows[0].id.clone()).await.unwrap();
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
            &triage42::api::FileEventQuery::default()
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
    let (rows, _) = service.search_alerts(request("")).await.unwrap();
    let ids: Vec<String> = rows.iter().take(30).map(|r| r.id.clone()).collect();
    service
        .save_note(ids[3].clone(), "seen by ana".into())
        .await
        .unwrap();
    let before = server.faults().requests_seen("query-details");
    let details = service.alert_details(ids.clone()).await.unwrap();
    assert_eq!(server.faults().requests_seen("query-details") - before, 1);
    let read: Vec<&String> = details.iter().map(|d| &d.row.id).collect();
    assert_eq!(read, ids.iter().collect::<Vec<_>>());
    assert_eq!(details[3].note.as_ref().unwrap().message, "seen by ana");
    server.shutdown().await;
}

#[tokio::test]
async fn a_retry_notice_names_the_call_it_is_about() {
    use triage42::tui::msg::Msg;
    use triage42::tui::state::Slot;
    let server = DemoServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), DemoConfig::default())
        .await
        .unwrap();
    let (sender, mut messages) = tokio::sync::mpsc::unbounded_channel();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    let retries = sender.clone();
    config.on_retry = Some(triage42::api::RetryObserver::new(move |notice| {
        let _ = retries.send(Msg::Retrying {
            slot: triage42::tui::service::current_call(),
            text: notice.to_string(),
        });
    }));
    let mut worker =
        triage42::tui::service::Worker::new(ApiService::new(Client::new(config).unwrap()), sender);
    server.faults().rate_limit_next(1, 1);
    worker.run(Call::LoadAlerts {
        request_id: 1,
        request: request(""),
    });
    let Some(Msg::Retrying { slot, text }) = messages.recv().await else {
        panic!("expected a retry notice")
    };
    assert_eq!(slot, Some(Slot::Alerts));
    assert!(text.starts_with("rate limited"), "{text}");
    assert!(matches!(
        messages.recv().await,
        Some(Msg::AlertsLoaded { result: Ok(_), .. })
    ));
    server.shutdown().await;
}

#[tokio::test]
async fn errors_read_in_plain_words() {
    let (server, service) = service().await;
    server.faults().rate_limit_next(1, 12);
    let error = service.search_alerts(request("")).await.unwrap_err();
    assert!(error.rate_limited);
    assert_eq!(error.message, "rate limited by the server; retry in 12s");
    server.faults().fail_next(1, 503);
    let error = service.search_alerts(request("")).await.unwrap_err();
    assert!(error.message.contains("503"), "{}", error.message);
    server.shutdown().await;
}
