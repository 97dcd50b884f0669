//! Cases against the demo tenant over real HTTP on loopback: create, list and page,
//! get, update by merging, add file events and read them back.

use std::collections::HashSet;
use std::time::Duration;

use triage42_api::{
    AlertQuery, ApiError, CaseListQuery, CaseStatus, CaseUpdate, Client, ClientConfig, NewCase,
};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::{read, read_all};

async fn tenant(alerts: usize) -> (DemoServer, Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 3,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    (server, Client::new(config).unwrap())
}

fn named(name: &str) -> NewCase {
    NewCase {
        name: name.into(),
        ..NewCase::default()
    }
}

/// The file-event ids an alert's observations point at.
async fn observed_event_ids(client: &Client, index: usize) -> Vec<String> {
    let alert = client
        .search_alerts(&AlertQuery::default().page_size(20))
        .await
        .unwrap()
        .alerts
        .remove(index);
    let alert = read(alert);
    let details = read_all(
        client
            .alert_details(std::slice::from_ref(&alert.id))
            .await
            .unwrap(),
    );
    details[0]
        .observations
        .iter()
        .filter_map(|o| o.data.data())
        .flat_map(|d| d.files.iter().filter_map(|f| f.event_id.clone()))
        .collect()
}

#[tokio::test]
async fn a_case_is_created_read_updated_by_merging_and_closed() {
    let (_server, client) = tenant(20).await;
    let alerts = client
        .search_alerts(&AlertQuery::default().page_size(20))
        .await
        .unwrap()
        .alerts;
    let alerts = read_all(alerts);
    let subject = alerts[0].actor_id.clone().unwrap();
    let investigator = alerts
        .iter()
        .find_map(|a| a.actor_id.clone().filter(|id| *id != subject))
        .unwrap();
    let made = client
        .create_case(&NewCase {
            name: "Exfil by test".into(),
            description: Some("from alert".into()),
            subject: Some(subject.clone()),
            ..NewCase::default()
        })
        .await
        .unwrap();
    assert_eq!(made.status, Some(CaseStatus::Open));
    assert_eq!(made.name, "Exfil by test");
    let read = client.get_case(made.number).await.unwrap();
    assert_eq!(read.description.as_deref(), Some("from alert"));
    assert_eq!(read.subject.as_deref(), Some(subject.as_str()));
    assert_eq!(read.subject_username, alerts[0].actor);

    let dup = client
        .create_case(&named("Exfil by test"))
        .await
        .unwrap_err();
    assert!(
        matches!(&dup, ApiError::BadRequest(m) if m.contains("NAME_EXISTS")),
        "{dup}"
    );

    let updated = client
        .update_case(
            made.number,
            &CaseUpdate {
                findings: Some("# Findings\nconfirmed".into()),
                assignee: Some(investigator.clone()),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.findings.as_deref(), Some("# Findings\nconfirmed"));
    assert_eq!(updated.assignee.as_deref(), Some(investigator.as_str()));
    assert!(updated.assignee_username.is_some());
    assert_eq!(updated.description.as_deref(), Some("from alert"), "kept");
    assert_eq!(updated.subject.as_deref(), Some(subject.as_str()), "kept");
    assert_eq!(client.get_case(made.number).await.unwrap(), updated);

    let closed = client
        .update_case(
            made.number,
            &CaseUpdate {
                status: Some(CaseStatus::Closed),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(closed.status, Some(CaseStatus::Closed));
    assert_eq!(closed.findings, updated.findings);
    let err = client
        .update_case(
            made.number,
            &CaseUpdate {
                findings: Some("more".into()),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::BadRequest(m) if m.contains("NO_EDITS_ONCE_CLOSED")),
        "{err}"
    );
    assert!(matches!(
        client.get_case(99_999).await,
        Err(ApiError::NotFound(_))
    ));
}

#[tokio::test]
async fn limits_are_checked_before_sending() {
    let (server, client) = tenant(5).await;
    let before = server.faults().requests_seen("/v1/cases");
    for bad in [
        named(""),
        named(&"n".repeat(51)),
        NewCase {
            name: "ok".into(),
            description: Some("d".repeat(251)),
            ..NewCase::default()
        },
        NewCase {
            name: "ok".into(),
            findings: Some("f".repeat(30_001)),
            ..NewCase::default()
        },
    ] {
        let err = client.create_case(&bad).await.unwrap_err();
        assert!(matches!(err, ApiError::InvalidInput(_)), "{err:?}");
    }
    assert!(matches!(
        client.add_events_to_case(1, &[]).await,
        Err(ApiError::InvalidInput(_))
    ));
    assert_eq!(
        server.faults().requests_seen("/v1/cases"),
        before,
        "nothing sent"
    );
    // The limits themselves are allowed.
    client.create_case(&named(&"n".repeat(50))).await.unwrap();
}

#[tokio::test]
async fn the_list_pages_from_one_and_filters_by_status_and_name() {
    let (server, client) = tenant(5).await;
    let existing = client
        .all_cases(CaseListQuery::default())
        .await
        .unwrap()
        .len();
    let mut made = Vec::new();
    for i in 0..(8 - existing % 4) % 4 + 4 {
        made.push(
            client
                .create_case(&named(&format!("paging case {i}")))
                .await
                .unwrap(),
        );
    }
    let total = existing + made.len();
    assert_eq!(total % 4, 0, "an exact multiple of the page size");

    let first = client
        .list_cases(&CaseListQuery {
            page_number: 1,
            page_size: 4,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.total_count as usize, total);
    let first = read_all(first.cases);
    assert_eq!(first.len(), 4);
    assert!(first.windows(2).all(|w| w[0].number < w[1].number));

    let before = server.faults().requests_seen("/v1/cases");
    let all = client
        .all_cases(CaseListQuery {
            page_size: 4,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    let all = read_all(all);
    assert_eq!(all.len(), total);
    assert_eq!(
        all.iter().map(|c| c.number).collect::<HashSet<_>>().len(),
        total
    );
    // Full pages, then the empty one that proves the end.
    assert_eq!(
        server.faults().requests_seen("/v1/cases") - before,
        total / 4 + 1
    );

    client
        .update_case(
            made[0].number,
            &CaseUpdate {
                status: Some(CaseStatus::Closed),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    let closed = client
        .list_cases(&CaseListQuery {
            status: Some(CaseStatus::Closed),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    let closed = read_all(closed.cases);
    assert!(closed.iter().all(|c| c.status == Some(CaseStatus::Closed)));
    assert!(closed.iter().any(|c| c.number == made[0].number));
    let by_name = client
        .list_cases(&CaseListQuery {
            name: Some("PAGING CASE 1".into()),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(
        read_all(by_name.cases)
            .iter()
            .map(|c| c.number)
            .collect::<Vec<_>>(),
        vec![made[1].number]
    );
    let newest_first = client
        .list_cases(&CaseListQuery {
            sort_descending: true,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert!(
        read_all(newest_first.cases)
            .windows(2)
            .all(|w| w[0].number > w[1].number)
    );
}

#[tokio::test]
async fn file_events_are_added_in_bulk_and_read_back() {
    let (server, client) = tenant(20).await;
    let case = client.create_case(&named("holds events")).await.unwrap();
    let event_ids = observed_event_ids(&client, 2).await;
    assert!(event_ids.len() >= 2);
    let before = server.faults().requests_seen("/fileevent");
    client
        .add_events_to_case(case.number, &event_ids)
        .await
        .unwrap();
    assert_eq!(
        server.faults().requests_seen("/fileevent") - before,
        2,
        "one read of what the case holds, then one bulk call"
    );
    let held = read_all(client.case_file_events(case.number).await.unwrap());
    assert_eq!(
        held.iter()
            .map(|e| e.event_id.clone())
            .collect::<HashSet<_>>(),
        event_ids.iter().cloned().collect::<HashSet<_>>()
    );
    assert!(
        held.iter()
            .all(|e| e.file_name.is_some() && e.event_timestamp.is_some())
    );

    // Events the case already holds are skipped, not sent (the service would refuse them).
    let before = server.faults().requests_seen("/fileevent");
    client
        .add_events_to_case(case.number, &event_ids[..1])
        .await
        .unwrap();
    assert_eq!(
        server.faults().requests_seen("/fileevent") - before,
        1,
        "only the read"
    );
    client
        .update_case(
            case.number,
            &CaseUpdate {
                status: Some(CaseStatus::Closed),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    let more = observed_event_ids(&client, 3).await;
    let closed = client
        .add_events_to_case(case.number, &more)
        .await
        .unwrap_err();
    assert!(
        matches!(&closed, ApiError::BadRequest(m) if m.contains("CASE_IS_CLOSED")),
        "{closed}"
    );
    assert!(matches!(
        client.case_file_events(99_999).await,
        Err(ApiError::NotFound(_))
    ));
}
