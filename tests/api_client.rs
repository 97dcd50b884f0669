//! The client against the demo tenant over real HTTP on loopback.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{Duration as Days, Utc};
use futures::StreamExt;
use triage42::api::{
    AlertFilter, AlertQuery, AlertState, AlertSummary, ApiError, CaseListQuery, CaseStatus,
    CaseUpdate, Client, ClientConfig, FileEventQuery, FilterField, NewCase, ObservationPayload,
    RiskSeverity, SortDirection, SortKey,
};
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

/// An expected-result rule for one filter, checked against the full alert list.
type AlertPredicate<'a> = Box<dyn Fn(&AlertSummary) -> bool + 'a>;

async fn tenant(alerts: usize) -> (DemoServer, Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig { alerts, seed: 7 },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    let client = Client::new(config).unwrap();
    (server, client)
}

async fn everything(client: &Client) -> Vec<AlertSummary> {
    let all: Vec<_> = client
        .search_all_alerts(AlertQuery::default().page_size(500))
        .collect()
        .await;
    all.into_iter().map(Result::unwrap).collect()
}

async fn search(client: &Client, query: AlertQuery) -> HashSet<String> {
    let got: Vec<_> = client
        .search_all_alerts(query.page_size(500))
        .collect()
        .await;
    got.into_iter().map(|a| a.unwrap().id).collect()
}

fn ids_where(all: &[AlertSummary], pred: impl Fn(&AlertSummary) -> bool) -> HashSet<String> {
    all.iter()
        .filter(|a| pred(a))
        .map(|a| a.id.clone())
        .collect()
}

#[tokio::test]
async fn every_filter_operator_returns_exactly_the_matching_alerts() {
    let (_server, client) = tenant(300).await;
    let all = everything(&client).await;
    assert_eq!(all.len(), 300);
    let sample = &all[17];
    let actor = sample.actor.clone().unwrap();
    let other_actor = all
        .iter()
        .find_map(|a| a.actor.clone().filter(|x| *x != actor))
        .unwrap();
    let rule_id = sample.rule_id.clone().unwrap();
    let source = sample.rule_source.clone().unwrap();
    let rule_type = sample.rule_type.clone().unwrap();
    let name = sample.name.clone();
    let word = name.split_whitespace().next().unwrap().to_string();
    let desc_word = sample
        .description
        .clone()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();

    let cases: Vec<(&str, AlertFilter, AlertPredicate<'_>)> = vec![
        (
            "actor eq",
            AlertFilter::eq(FilterField::Actor, actor.clone()),
            Box::new(|a: &AlertSummary| a.actor.as_deref() == Some(actor.as_str())),
        ),
        (
            "actor not_eq",
            AlertFilter::not_eq(FilterField::Actor, actor.clone()),
            Box::new(|a: &AlertSummary| a.actor.as_deref() != Some(actor.as_str())),
        ),
        (
            "actor is_in",
            AlertFilter::is_in(FilterField::Actor, vec![actor.clone(), other_actor.clone()]),
            Box::new(|a: &AlertSummary| {
                a.actor.as_deref() == Some(actor.as_str())
                    || a.actor.as_deref() == Some(other_actor.as_str())
            }),
        ),
        (
            "actor not_in",
            AlertFilter::not_in(FilterField::Actor, vec![actor.clone(), other_actor.clone()]),
            Box::new(|a: &AlertSummary| {
                a.actor.as_deref() != Some(actor.as_str())
                    && a.actor.as_deref() != Some(other_actor.as_str())
            }),
        ),
        (
            "actor contains",
            AlertFilter::contains(FilterField::Actor, "@example.com"),
            Box::new(|a: &AlertSummary| a.actor.as_deref().unwrap_or("").contains("@example.com")),
        ),
        (
            "state eq",
            AlertFilter::eq(FilterField::AlertState, "OPEN"),
            Box::new(|a: &AlertSummary| a.state == AlertState::Open),
        ),
        (
            "state not_eq",
            AlertFilter::not_eq(FilterField::AlertState, "OPEN"),
            Box::new(|a: &AlertSummary| a.state != AlertState::Open),
        ),
        (
            "state is_in",
            AlertFilter::is_in(
                FilterField::AlertState,
                vec!["PENDING".into(), "IN_PROGRESS".into()],
            ),
            Box::new(|a: &AlertSummary| {
                matches!(a.state, AlertState::Pending | AlertState::InProgress)
            }),
        ),
        (
            "severity eq (MEDIUM means MODERATE)",
            AlertFilter::eq(FilterField::Severity, "medium"),
            Box::new(|a: &AlertSummary| a.risk_severity == Some(RiskSeverity::Moderate)),
        ),
        (
            "severity not_in",
            AlertFilter::not_in(FilterField::Severity, vec!["LOW".into(), "HIGH".into()]),
            Box::new(|a: &AlertSummary| {
                !matches!(
                    a.risk_severity,
                    Some(RiskSeverity::Low) | Some(RiskSeverity::High)
                )
            }),
        ),
        (
            "rule id eq",
            AlertFilter::eq(FilterField::RuleId, rule_id.clone()),
            Box::new(|a: &AlertSummary| a.rule_id.as_deref() == Some(rule_id.as_str())),
        ),
        (
            "rule name contains",
            AlertFilter::contains(FilterField::RuleName, word.clone()),
            Box::new(|a: &AlertSummary| a.name.to_lowercase().contains(&word.to_lowercase())),
        ),
        (
            "rule name not_contains",
            AlertFilter::not_contains(FilterField::RuleName, word.clone()),
            Box::new(|a: &AlertSummary| !a.name.to_lowercase().contains(&word.to_lowercase())),
        ),
        (
            "rule name eq",
            AlertFilter::eq(FilterField::RuleName, name.clone()),
            Box::new(|a: &AlertSummary| a.name == name),
        ),
        (
            "description contains",
            AlertFilter::contains(FilterField::Description, desc_word.clone()),
            Box::new(|a: &AlertSummary| {
                a.description
                    .as_deref()
                    .unwrap_or("")
                    .to_lowercase()
                    .contains(&desc_word.to_lowercase())
            }),
        ),
        (
            "rule source eq",
            AlertFilter::eq(FilterField::RuleSource, source.clone()),
            Box::new(|a: &AlertSummary| a.rule_source.as_deref() == Some(source.as_str())),
        ),
        (
            "rule type eq (py42 spelling)",
            AlertFilter::eq(FilterField::RuleType, camel(&rule_type)),
            Box::new(|a: &AlertSummary| a.rule_type.as_deref() == Some(rule_type.as_str())),
        ),
        (
            "rule type not_eq",
            AlertFilter::not_eq(FilterField::RuleType, rule_type.clone()),
            Box::new(|a: &AlertSummary| a.rule_type.as_deref() != Some(rule_type.as_str())),
        ),
    ];
    for (what, filter, pred) in cases {
        let got = search(&client, AlertQuery::all(vec![filter])).await;
        let want = ids_where(&all, pred);
        assert!(
            !want.is_empty(),
            "{what}: the test data should match something"
        );
        assert_eq!(got, want, "{what}");
    }

    let mid = all[150].created_at;
    let after = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_or_after(mid)]),
    )
    .await;
    assert_eq!(
        after,
        ids_where(&all, |a| a.created_at >= mid - Days::microseconds(1)),
        "on_or_after includes its edge"
    );
    let before = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_or_before(mid)]),
    )
    .await;
    assert_eq!(
        before,
        ids_where(&all, |a| a.created_at <= mid + Days::microseconds(1)),
        "on_or_before"
    );
    let start = mid - Days::days(10);
    let range = search(
        &client,
        AlertQuery::all(vec![AlertFilter::in_range(start, mid)]),
    )
    .await;
    assert_eq!(
        range,
        ids_where(&all, |a| a.created_at >= start - Days::microseconds(1)
            && a.created_at <= mid + Days::microseconds(1))
    );
    let day = mid.date_naive();
    let same_day = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_same_day(day)]),
    )
    .await;
    assert_eq!(
        same_day,
        ids_where(&all, |a| a.created_at.date_naive() == day)
    );

    let both = search(
        &client,
        AlertQuery::all(vec![
            AlertFilter::eq(FilterField::AlertState, "OPEN"),
            AlertFilter::eq(FilterField::Severity, "HIGH"),
        ]),
    )
    .await;
    assert_eq!(
        both,
        ids_where(&all, |a| a.state == AlertState::Open
            && a.risk_severity == Some(RiskSeverity::High))
    );
    let either = search(
        &client,
        AlertQuery::any(vec![
            AlertFilter::eq(FilterField::AlertState, "PENDING"),
            AlertFilter::eq(FilterField::Actor, actor.clone()),
        ]),
    )
    .await;
    assert_eq!(
        either,
        ids_where(&all, |a| a.state == AlertState::Pending
            || a.actor.as_deref() == Some(actor.as_str()))
    );
}

fn camel(wire: &str) -> String {
    // FED_ENDPOINT_EXFILTRATION -> FedEndpointExfiltration
    wire.split('_')
        .map(|w| {
            let l = w.to_lowercase();
            let mut c = l.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn sorting_is_done_by_the_server() {
    let (_server, client) = tenant(120).await;
    let page = client
        .search_alerts(
            &AlertQuery::default()
                .sort(SortKey::RiskSeverity, SortDirection::Desc)
                .page_size(120),
        )
        .await
        .unwrap();
    let ranks: Vec<u8> = page
        .alerts
        .iter()
        .map(|a| a.risk_severity.as_ref().map(|r| r.rank()).unwrap_or(0))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    let page = client
        .search_alerts(
            &AlertQuery::default()
                .sort(SortKey::CreatedAt, SortDirection::Asc)
                .page_size(120),
        )
        .await
        .unwrap();
    assert!(
        page.alerts
            .windows(2)
            .all(|w| w[0].created_at <= w[1].created_at)
    );
}

#[tokio::test]
async fn paging_across_an_exact_multiple_ends_on_an_empty_page() {
    let (server, client) = tenant(200).await;
    let before = server.faults().requests_seen("query-alerts");
    let got: Vec<_> = client
        .search_all_alerts(AlertQuery::default().page_size(50))
        .collect()
        .await;
    let ids: HashSet<String> = got.into_iter().map(|a| a.unwrap().id).collect();
    assert_eq!(ids.len(), 200);
    // 4 full pages, then the empty one that proves the end.
    assert_eq!(server.faults().requests_seen("query-alerts") - before, 5);
}

#[tokio::test]
async fn details_of_250_ids_go_in_3_calls() {
    let (server, client) = tenant(260).await;
    let all = everything(&client).await;
    let ids: Vec<String> = all.iter().take(250).map(|a| a.id.clone()).collect();
    let before = server.faults().requests_seen("query-details");
    let details = client.alert_details(&ids).await.unwrap();
    assert_eq!(server.faults().requests_seen("query-details") - before, 3);
    let got: HashSet<String> = details.iter().map(|d| d.summary.id.clone()).collect();
    assert_eq!(got, ids.iter().cloned().collect());
    for d in &details {
        assert!(!d.observations.is_empty());
        for o in &d.observations {
            let ObservationPayload::Parsed(data) = &o.data else {
                panic!("observation data should parse: {:?}", o.data)
            };
            assert!(!data.files.is_empty());
            assert!(data.files.iter().all(|f| f.event_id.is_some()));
        }
    }
}

#[tokio::test]
async fn all_details_stream_keeps_the_search_order() {
    let (_server, client) = tenant(130).await;
    let q = AlertQuery::all(vec![AlertFilter::eq(FilterField::AlertState, "OPEN")]);
    let summaries: Vec<String> = search_ordered(&client, q.clone()).await;
    let details: Vec<_> = client.all_alert_details(q).collect().await;
    let ids: Vec<String> = details.into_iter().map(|d| d.unwrap().summary.id).collect();
    assert_eq!(ids, summaries);
}

async fn search_ordered(client: &Client, q: AlertQuery) -> Vec<String> {
    let got: Vec<_> = client.search_all_alerts(q.page_size(100)).collect().await;
    got.into_iter().map(|a| a.unwrap().id).collect()
}

#[tokio::test]
async fn state_and_notes_read_back_as_written() {
    let (_server, client) = tenant(60).await;
    let all = everything(&client).await;
    let ids: Vec<String> = all.iter().take(3).map(|a| a.id.clone()).collect();
    client
        .update_alert_state(&ids, AlertState::InProgress, Some("looking into it"))
        .await
        .unwrap();
    for d in client.alert_details(&ids).await.unwrap() {
        assert_eq!(d.summary.state, AlertState::InProgress);
        assert_eq!(d.note.unwrap().message.as_deref(), Some("looking into it"));
        assert_eq!(
            d.summary.state_last_modified_by.as_deref(),
            Some(DEMO_CLIENT_ID)
        );
    }
    client
        .resolve_alerts(&ids[..1], Some("false positive"))
        .await
        .unwrap();
    client.reopen_alerts(&ids[1..2], None).await.unwrap();
    client
        .add_alert_note(&ids[2], "escalated to legal")
        .await
        .unwrap();
    let d = client.alert_details(&ids).await.unwrap();
    let by_id = |id: &str| d.iter().find(|x| x.summary.id == id).unwrap().clone();
    assert_eq!(by_id(&ids[0]).summary.state, AlertState::Resolved);
    assert_eq!(
        by_id(&ids[0]).note.unwrap().message.as_deref(),
        Some("false positive")
    );
    assert_eq!(by_id(&ids[1]).summary.state, AlertState::Open);
    assert_eq!(
        by_id(&ids[1]).note.unwrap().message.as_deref(),
        Some("looking into it"),
        "a null note keeps the old one"
    );
    assert_eq!(
        by_id(&ids[2]).note.unwrap().message.as_deref(),
        Some("escalated to legal")
    );

    let unknown = client
        .update_alert_state(&["no-such-alert".to_string()], AlertState::Open, None)
        .await;
    assert!(matches!(unknown, Err(ApiError::NotFound(_))), "{unknown:?}");
}

#[tokio::test]
async fn a_note_over_the_limit_is_refused_before_sending() {
    let (server, client) = tenant(30).await;
    let id = everything(&client).await[0].id.clone();
    let before_note = server.faults().requests_seen("add-note");
    let before_state = server.faults().requests_seen("update-state");
    let long = "é".repeat(2001);
    let err = client.add_alert_note(&id, &long).await.unwrap_err();
    assert!(
        err.to_string().contains("2001") && err.to_string().contains("2000"),
        "{err}"
    );
    let err = client
        .update_alert_state(std::slice::from_ref(&id), AlertState::Pending, Some(&long))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::InvalidInput(_)));
    assert_eq!(server.faults().requests_seen("add-note"), before_note);
    assert_eq!(server.faults().requests_seen("update-state"), before_state);
    // Exactly 2000 is allowed; an emoji counts as two UTF-16 units.
    client.add_alert_note(&id, &"x".repeat(2000)).await.unwrap();
    assert!(
        client
            .add_alert_note(&id, &"😀".repeat(1001))
            .await
            .is_err()
    );
    let too_many: Vec<String> = (0..101).map(|i| format!("id-{i}")).collect();
    assert!(matches!(
        client
            .update_alert_state(&too_many, AlertState::Open, None)
            .await,
        Err(ApiError::InvalidInput(_))
    ));
}

#[tokio::test]
async fn a_401_mid_session_renews_the_token_and_succeeds() {
    let (server, client) = tenant(30).await;
    client.search_alerts(&AlertQuery::default()).await.unwrap();
    let logins = server.faults().requests_seen("/v1/oauth");
    server.faults().expire_all_tokens();
    let page = client.search_alerts(&AlertQuery::default()).await.unwrap();
    assert_eq!(page.total_count, 30);
    assert_eq!(server.faults().requests_seen("/v1/oauth"), logins + 1);
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out() {
    let (server, client) = tenant(30).await;
    client.search_alerts(&AlertQuery::default()).await.unwrap();
    server.faults().rate_limit_next(1, 1);
    let started = std::time::Instant::now();
    let page = client.search_alerts(&AlertQuery::default()).await.unwrap();
    assert_eq!(page.total_count, 30);
    // The client honoured Retry-After: 1 rather than hammering the server.
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_but_not_for_mutations() {
    let (server, client) = tenant(30).await;
    let id = everything(&client).await[0].id.clone();
    server.faults().fail_next(2, 503);
    assert!(client.search_alerts(&AlertQuery::default()).await.is_ok());
    server.faults().fail_next(1, 500);
    let err = client.add_alert_note(&id, "once").await.unwrap_err();
    assert!(
        matches!(err, ApiError::Server { status: 500, .. }),
        "{err:?}"
    );
    server.faults().fail_next(10, 500);
    assert!(matches!(
        client.search_alerts(&AlertQuery::default()).await,
        Err(ApiError::Server { .. })
    ));
    server.faults().fail_next(0, 500);
}

#[tokio::test]
async fn bad_credentials_are_unauthorised_and_a_dead_server_is_a_network_error() {
    let (server, _client) = tenant(10).await;
    let bad = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        "wrong",
    ))
    .unwrap();
    assert_eq!(
        bad.search_alerts(&AlertQuery::default()).await.unwrap_err(),
        ApiError::Unauthorized
    );
    let mut config = ClientConfig::new("http://127.0.0.1:9", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.max_retries = 0;
    let dead = Client::new(config).unwrap();
    assert!(matches!(
        dead.search_alerts(&AlertQuery::default()).await,
        Err(ApiError::Network(_))
    ));
    assert!(matches!(
        Client::new(ClientConfig::new("ftp://x", "a", "b")),
        Err(ApiError::Config(_))
    ));
}

#[tokio::test]
async fn aggregate_and_rules() {
    let (_server, client) = tenant(40).await;
    let a = &everything(&client).await[3];
    let agg = client.alert_aggregate(&a.id).await.unwrap();
    assert_eq!(agg.summary.id, a.id);
    assert!(agg.file_count.unwrap() > 0);
    let rules = client.alert_rules().await.unwrap();
    assert!(rules.len() >= 10);
    let rule_id = a.rule_id.clone().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.observer_rule_id.as_deref() == Some(rule_id.as_str()))
    );
    let details = client.alert_rule(&rule_id).await.unwrap();
    assert_eq!(details.name.as_deref(), Some(a.name.as_str()));
    assert!(matches!(
        client.alert_rule("nope").await,
        Err(ApiError::NotFound(_))
    ));
}

#[tokio::test]
async fn file_events_by_id_hash_and_token_paging() {
    let (_server, client) = tenant(40).await;
    let a = &everything(&client).await[5];
    let details = client
        .alert_details(std::slice::from_ref(&a.id))
        .await
        .unwrap();
    let event_ids: Vec<String> = details[0]
        .observations
        .iter()
        .filter_map(|o| o.data.data())
        .flat_map(|d| d.files.iter().filter_map(|f| f.event_id.clone()))
        .collect();
    let events = client.file_events_by_ids(&event_ids).await.unwrap();
    let got: HashSet<String> = events.iter().filter_map(|e| e.event.id.clone()).collect();
    assert_eq!(got, event_ids.iter().cloned().collect());

    let md5 = events[0]
        .file
        .as_ref()
        .unwrap()
        .hash
        .as_ref()
        .unwrap()
        .md5
        .clone()
        .unwrap();
    let same = client
        .search_file_events(&FileEventQuery::default().md5(&md5).page_size(500))
        .await
        .unwrap();
    assert!(same.total_count >= 1);
    assert!(same.file_events.iter().all(|e| {
        e.file
            .as_ref()
            .unwrap()
            .hash
            .as_ref()
            .unwrap()
            .md5
            .as_deref()
            == Some(md5.as_str())
    }));

    let total = client
        .search_file_events(&FileEventQuery::default().page_size(1))
        .await
        .unwrap()
        .total_count;
    let all: Vec<_> = client
        .search_all_file_events(
            FileEventQuery::default()
                .page_size(37)
                .sort("event.id", false),
        )
        .collect()
        .await;
    let ids: HashSet<String> = all
        .into_iter()
        .map(|e| e.unwrap().event.id.unwrap())
        .collect();
    assert_eq!(ids.len() as u64, total);

    let since = client
        .search_file_events(
            &FileEventQuery::default()
                .since(Utc::now() - Days::days(3650))
                .page_size(1),
        )
        .await
        .unwrap();
    assert_eq!(since.total_count, total);
    let none = client
        .search_file_events(&FileEventQuery::default().user("nobody@nowhere.invalid"))
        .await
        .unwrap();
    assert_eq!(none.total_count, 0);
    assert!(none.next_pg_token.is_none());
}

#[tokio::test]
async fn cases_create_update_and_hold_events() {
    let (_server, client) = tenant(40).await;
    let a = &everything(&client).await[2];
    let made = client
        .create_case(&NewCase {
            name: "Exfil by test".into(),
            description: Some("from alert".into()),
            ..NewCase::default()
        })
        .await
        .unwrap();
    assert_eq!(made.status, CaseStatus::Open);
    let dup = client
        .create_case(&NewCase {
            name: "Exfil by test".into(),
            ..NewCase::default()
        })
        .await
        .unwrap_err();
    assert!(dup.to_string().contains("NAME_EXISTS"), "{dup}");
    let too_long = client
        .create_case(&NewCase {
            name: "n".repeat(51),
            ..NewCase::default()
        })
        .await
        .unwrap_err();
    assert!(matches!(too_long, ApiError::InvalidInput(_)));

    let listed = client
        .all_cases(CaseListQuery {
            page_size: 2,
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert!(listed.iter().any(|c| c.number == made.number));

    let details = client
        .alert_details(std::slice::from_ref(&a.id))
        .await
        .unwrap();
    let event_ids: Vec<String> = details[0]
        .observations
        .iter()
        .filter_map(|o| o.data.data())
        .flat_map(|d| d.files.iter().filter_map(|f| f.event_id.clone()))
        .collect();
    client
        .add_events_to_case(made.number, &event_ids)
        .await
        .unwrap();
    let held: HashSet<String> = client
        .case_file_events(made.number)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.event_id)
        .collect();
    assert_eq!(held, event_ids.iter().cloned().collect());
    let again = client
        .add_events_to_case(made.number, &event_ids[..1])
        .await
        .unwrap_err();
    assert!(
        again.to_string().contains("CASE_ALREADY_HAS_EVENT"),
        "{again}"
    );

    let updated = client
        .update_case(
            made.number,
            &CaseUpdate {
                findings: Some("# Findings\nconfirmed".into()),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.findings.as_deref(), Some("# Findings\nconfirmed"));
    assert_eq!(
        updated.description.as_deref(),
        Some("from alert"),
        "unchanged fields are kept"
    );
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
    assert_eq!(closed.status, CaseStatus::Closed);
    assert!(
        client
            .update_case(
                made.number,
                &CaseUpdate {
                    findings: Some("more".into()),
                    ..CaseUpdate::default()
                }
            )
            .await
            .is_err()
    );
    assert!(matches!(
        client.get_case(99_999).await,
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        client.case_file_events(99_999).await,
        Err(ApiError::NotFound(_))
    ));
}
