//! Alerts against the demo tenant over real HTTP on loopback: every filter field and
//! operator checked against the data, sorting, paging, details, state and notes, rules.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Duration as Span;
use futures::StreamExt;
use triage42_api::{
    AlertFilter, AlertQuery, AlertState, AlertSummary, ApiError, Client, ClientConfig, FilterField,
    Item, MAX_NOTE_LEN, ObservationPayload, SortDirection, SortKey, note_length,
};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::{read, read_all};

async fn tenant(alerts: usize) -> (DemoServer, Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 7,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    (server, Client::new(config).unwrap())
}

async fn everything(client: &Client) -> Vec<AlertSummary> {
    let all: Vec<_> = client
        .search_all_alerts(AlertQuery::default().page_size(500))
        .collect()
        .await;
    all.into_iter().map(|a| read(a.unwrap())).collect()
}

async fn search(client: &Client, query: AlertQuery) -> HashSet<String> {
    let got: Vec<_> = client
        .search_all_alerts(query.page_size(500))
        .collect()
        .await;
    got.into_iter().map(|a| read(a.unwrap()).id).collect()
}

fn ids_where(all: &[AlertSummary], pred: impl Fn(&AlertSummary) -> bool) -> HashSet<String> {
    all.iter()
        .filter(|a| pred(a))
        .map(|a| a.id.clone())
        .collect()
}

/// How the service compares values: case-insensitively, and rule types with or
/// without underscores (`FedEndpointExfiltration` = `FED_ENDPOINT_EXFILTRATION`).
fn comparable(s: &str) -> String {
    s.to_lowercase().replace('_', "")
}

/// FED_ENDPOINT_EXFILTRATION -> FedEndpointExfiltration (py42's spelling).
fn camel(wire: &str) -> String {
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

struct FieldCase {
    field: FilterField,
    value_of: fn(&AlertSummary) -> Option<String>,
    /// Text fields also take contains / not_contains.
    text: bool,
}

const FIELDS: &[FieldCase] = &[
    FieldCase {
        field: FilterField::Actor,
        value_of: |a| a.actor.clone(),
        text: true,
    },
    FieldCase {
        field: FilterField::Description,
        value_of: |a| a.description.clone(),
        text: true,
    },
    FieldCase {
        field: FilterField::RuleName,
        value_of: |a| a.name.clone(),
        text: true,
    },
    FieldCase {
        field: FilterField::AlertState,
        value_of: |a| a.state.as_ref().map(|s| s.as_wire().to_string()),
        text: false,
    },
    FieldCase {
        field: FilterField::RuleId,
        value_of: |a| a.rule_id.clone(),
        text: false,
    },
    FieldCase {
        field: FilterField::RuleSource,
        value_of: |a| a.rule_source.clone(),
        text: false,
    },
    FieldCase {
        field: FilterField::RuleType,
        value_of: |a| a.rule_type.clone(),
        text: false,
    },
    FieldCase {
        field: FilterField::Severity,
        value_of: |a| a.risk_severity.as_ref().map(|s| s.as_wire().to_string()),
        text: false,
    },
];

#[tokio::test]
async fn every_field_and_operator_returns_exactly_the_matching_alerts() {
    let (_server, client) = tenant(300).await;
    let all = everything(&client).await;
    assert_eq!(all.len(), 300);
    let mut checked = 0;
    for case in FIELDS {
        let values: Vec<String> = {
            let mut seen = Vec::new();
            for v in all.iter().filter_map(case.value_of) {
                if !seen.contains(&v) {
                    seen.push(v);
                }
            }
            seen
        };
        assert!(
            values.len() >= 2,
            "{:?}: the data needs variety",
            case.field
        );
        let (first, second) = (values[0].clone(), values[1].clone());
        let get = case.value_of;
        let is =
            |a: &AlertSummary, v: &str| get(a).is_some_and(|x| comparable(&x) == comparable(v));
        // The py42 spelling for rule types, MEDIUM for MODERATE: what users type.
        let typed = match case.field {
            FilterField::RuleType => camel(&first),
            FilterField::Severity if first == "MODERATE" => "MEDIUM".into(),
            _ => first.clone(),
        };
        let mut checks: Vec<(&str, AlertFilter, HashSet<String>)> = vec![
            (
                "eq",
                AlertFilter::eq(case.field, typed.clone()),
                ids_where(&all, |a| is(a, &first)),
            ),
            (
                "not_eq",
                AlertFilter::not_eq(case.field, typed.clone()),
                ids_where(&all, |a| !is(a, &first)),
            ),
            (
                "is_in",
                AlertFilter::is_in(case.field, vec![typed.clone(), second.clone()]),
                ids_where(&all, |a| is(a, &first) || is(a, &second)),
            ),
            (
                "not_in",
                AlertFilter::not_in(case.field, vec![typed.clone(), second.clone()]),
                ids_where(&all, |a| !is(a, &first) && !is(a, &second)),
            ),
        ];
        if case.text {
            let part: String = first
                .chars()
                .skip(1)
                .take(5)
                .collect::<String>()
                .to_lowercase();
            let has = |a: &AlertSummary| get(a).is_some_and(|x| x.to_lowercase().contains(&part));
            checks.push((
                "contains",
                AlertFilter::contains(case.field, part.clone()),
                ids_where(&all, has),
            ));
            checks.push((
                "not_contains",
                AlertFilter::not_contains(case.field, part.clone()),
                ids_where(&all, |a| !has(a)),
            ));
        }
        for (op, filter, want) in checks {
            let got = search(&client, AlertQuery::all(vec![filter])).await;
            assert!(
                !want.is_empty(),
                "{:?} {op}: should match something",
                case.field
            );
            assert_eq!(got, want, "{:?} {op} {first:?}", case.field);
            checked += 1;
        }
    }
    assert_eq!(checked, 3 * 6 + 5 * 4);
}

#[tokio::test]
async fn date_operators_and_all_any_return_exactly_the_matching_alerts() {
    let (_server, client) = tenant(300).await;
    let all = everything(&client).await;
    let mid = all[150].created_at.unwrap();
    let created = |a: &AlertSummary| a.created_at.unwrap();
    // The filter is sent with microseconds; the data may carry finer fractions.
    let tick = Span::microseconds(1);
    let after = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_or_after(mid)]),
    )
    .await;
    assert_eq!(after, ids_where(&all, |a| created(a) >= mid - tick));
    let before = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_or_before(mid)]),
    )
    .await;
    assert_eq!(before, ids_where(&all, |a| created(a) <= mid + tick));
    assert!(after.contains(&all[150].id) && before.contains(&all[150].id));

    let start = mid - Span::days(10);
    let range = search(
        &client,
        AlertQuery::all(vec![AlertFilter::in_range(start, mid)]),
    )
    .await;
    assert_eq!(
        range,
        ids_where(&all, |a| created(a) >= start - tick
            && created(a) <= mid + tick)
    );
    assert!(!range.is_empty() && range.len() < all.len());

    let day = mid.date_naive();
    let same_day = search(
        &client,
        AlertQuery::all(vec![AlertFilter::on_same_day(day)]),
    )
    .await;
    assert_eq!(
        same_day,
        ids_where(&all, |a| created(a).date_naive() == day)
    );

    let sample = &all[17];
    let actor = sample.actor.clone().unwrap();
    let both = search(
        &client,
        AlertQuery::all(vec![
            AlertFilter::eq(FilterField::AlertState, "OPEN"),
            AlertFilter::eq(FilterField::Actor, actor.clone()),
        ]),
    )
    .await;
    assert_eq!(
        both,
        ids_where(&all, |a| a.state == Some(AlertState::Open)
            && a.actor.as_deref() == Some(actor.as_str()))
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
        ids_where(&all, |a| a.state == Some(AlertState::Pending)
            || a.actor.as_deref() == Some(actor.as_str()))
    );
    assert!(either.len() > both.len());
}

#[tokio::test]
async fn sorting_is_done_by_the_server() {
    let (_server, client) = tenant(120).await;
    let by = |key, dir| {
        let client = client.clone();
        async move {
            client
                .search_alerts(&AlertQuery::default().sort(key, dir).page_size(120))
                .await
                .unwrap()
                .alerts
                .into_iter()
                .map(read)
                .collect::<Vec<_>>()
        }
    };
    let ranks: Vec<u8> = by(SortKey::RiskSeverity, SortDirection::Desc)
        .await
        .iter()
        .map(|a| a.risk_severity.as_ref().map(|r| r.rank()).unwrap_or(0))
        .collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert!(ranks.first() > ranks.last());
    let asc = by(SortKey::CreatedAt, SortDirection::Asc).await;
    assert!(asc.windows(2).all(|w| w[0].created_at <= w[1].created_at));
    let desc = by(SortKey::CreatedAt, SortDirection::Desc).await;
    assert!(desc.windows(2).all(|w| w[0].created_at >= w[1].created_at));
    let names = by(SortKey::Name, SortDirection::Asc).await;
    assert!(
        names
            .windows(2)
            .all(|w| w[0].name.clone().unwrap().to_lowercase()
                <= w[1].name.clone().unwrap().to_lowercase())
    );
}

#[tokio::test]
async fn pages_are_zero_based_and_an_exact_multiple_ends_on_an_empty_page() {
    let (server, client) = tenant(200).await;
    let q = AlertQuery::default()
        .sort(SortKey::CreatedAt, SortDirection::Asc)
        .page_size(50);
    let first = client.search_alerts(&q.clone().page(0)).await.unwrap();
    let second = client.search_alerts(&q.clone().page(1)).await.unwrap();
    assert_eq!(first.total_count, 200);
    let (first, second) = (read_all(first.alerts), read_all(second.alerts));
    assert_eq!((first.len(), second.len()), (50, 50));
    assert!(first.last().unwrap().created_at <= second[0].created_at);
    let first_ids: HashSet<_> = first.iter().map(|a| &a.id).collect();
    assert!(second.iter().all(|a| !first_ids.contains(&a.id)));

    let before = server.faults().requests_seen("query-alerts");
    let got: Vec<_> = client.search_all_alerts(q).collect().await;
    let ids: HashSet<String> = got.into_iter().map(|a| read(a.unwrap()).id).collect();
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
    let details = read_all(client.alert_details(&ids).await.unwrap());
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
            assert!(!data.exposure_types.is_empty());
        }
    }
    assert!(client.alert_details(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn all_details_stream_keeps_the_search_order() {
    let (server, client) = tenant(230).await;
    let q = AlertQuery::all(vec![AlertFilter::not_eq(
        FilterField::AlertState,
        "RESOLVED",
    )]);
    let summaries: Vec<String> = client
        .search_all_alerts(q.clone().page_size(100))
        .map(|a| read(a.unwrap()).id)
        .collect()
        .await;
    assert!(summaries.len() > 100, "spans pages");
    let before = server.faults().requests_seen("query-details");
    let details: Vec<_> = client.all_alert_details(q).collect().await;
    let ids: Vec<String> = details
        .into_iter()
        .map(|d| read(d.unwrap()).summary.id)
        .collect();
    assert_eq!(ids, summaries);
    let pages = summaries.len().div_ceil(100);
    assert_eq!(
        server.faults().requests_seen("query-details") - before,
        pages
    );
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
    for d in read_all(client.alert_details(&ids).await.unwrap()) {
        assert_eq!(d.summary.state, Some(AlertState::InProgress));
        assert_eq!(d.note.unwrap().message.as_deref(), Some("looking into it"));
        assert_eq!(
            d.summary.state_last_modified_by.as_deref(),
            Some(DEMO_CLIENT_ID)
        );
        assert!(d.summary.state_last_modified_at.is_some());
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
    client
        .update_alert_state(&ids[2..], AlertState::Pending, None)
        .await
        .unwrap();
    let d = read_all(client.alert_details(&ids).await.unwrap());
    let by_id = |id: &str| d.iter().find(|x| x.summary.id == id).unwrap().clone();
    assert_eq!(by_id(&ids[0]).summary.state, Some(AlertState::Resolved));
    assert_eq!(
        by_id(&ids[0]).note.unwrap().message.as_deref(),
        Some("false positive")
    );
    assert_eq!(by_id(&ids[1]).summary.state, Some(AlertState::Open));
    assert_eq!(
        by_id(&ids[1]).note.unwrap().message.as_deref(),
        Some("looking into it"),
        "a null note keeps the old one"
    );
    assert_eq!(by_id(&ids[2]).summary.state, Some(AlertState::Pending));
    assert_eq!(
        by_id(&ids[2]).note.unwrap().message.as_deref(),
        Some("escalated to legal")
    );
    // The search sees the new states too.
    let resolved = search(
        &client,
        AlertQuery::all(vec![AlertFilter::eq(FilterField::AlertState, "RESOLVED")]),
    )
    .await;
    assert!(resolved.contains(&ids[0]) && !resolved.contains(&ids[1]));

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
    let long = "é".repeat(MAX_NOTE_LEN + 1);
    let err = client.add_alert_note(&id, &long).await.unwrap_err();
    assert!(matches!(err, ApiError::InvalidInput(_)), "{err:?}");
    assert!(
        err.to_string().contains("2001") && err.to_string().contains("2000"),
        "{err}"
    );
    let err = client
        .update_alert_state(std::slice::from_ref(&id), AlertState::Pending, Some(&long))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::InvalidInput(_)));
    // An emoji is two UTF-16 units: 1001 of them are over the limit.
    let emoji = "😀".repeat(1001);
    assert_eq!(note_length(&emoji), 2002);
    assert!(client.add_alert_note(&id, &emoji).await.is_err());
    let too_many: Vec<String> = (0..101).map(|i| format!("id-{i}")).collect();
    assert!(matches!(
        client
            .update_alert_state(&too_many, AlertState::Open, None)
            .await,
        Err(ApiError::InvalidInput(_))
    ));
    assert!(matches!(
        client.update_alert_state(&[], AlertState::Open, None).await,
        Err(ApiError::InvalidInput(_))
    ));
    assert_eq!(
        server.faults().requests_seen("add-note"),
        before_note,
        "nothing sent"
    );
    assert_eq!(
        server.faults().requests_seen("update-state"),
        before_state,
        "nothing sent"
    );

    // Exactly 2000 is allowed and stored whole.
    let full = "x".repeat(MAX_NOTE_LEN);
    client.add_alert_note(&id, &full).await.unwrap();
    let d = read_all(
        client
            .alert_details(std::slice::from_ref(&id))
            .await
            .unwrap(),
    );
    assert_eq!(
        d[0].note.as_ref().unwrap().message.as_deref(),
        Some(full.as_str())
    );
    assert_eq!(server.faults().requests_seen("add-note"), before_note + 1);
}

#[tokio::test]
async fn aggregate_and_rules() {
    let (_server, client) = tenant(40).await;
    let a = &everything(&client).await[3];
    let agg = client.alert_aggregate(&a.id).await.unwrap();
    assert_eq!(agg.summary.id, a.id);
    assert!(agg.file_count.unwrap() > 0);
    assert!(matches!(
        client.alert_aggregate("no-such-alert").await,
        Err(ApiError::NotFound(_))
    ));

    let rules = read_all(client.alert_rules().await.unwrap());
    assert!(rules.len() >= 10);
    let rule_id = a.rule_id.clone().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.observer_rule_id.as_deref() == Some(rule_id.as_str()))
    );
    let details = client.alert_rule(&rule_id).await.unwrap();
    assert_eq!(details.id, rule_id);
    assert_eq!(details.name, a.name);
    assert!(matches!(
        client.alert_rule("nope").await,
        Err(ApiError::NotFound(_))
    ));
    // A rule watches users or it does not; the latter is the service's 400.
    let mut watched = 0;
    for r in &rules {
        let id = r.observer_rule_id.clone().unwrap();
        match client.alert_rule_users(&id).await {
            Ok(users) => {
                assert_eq!(users.id.as_deref(), Some(id.as_str()));
                watched += users.users.len();
            }
            Err(ApiError::BadRequest(_)) => {}
            Err(e) => panic!("{id}: {e}"),
        }
    }
    assert!(watched > 0);
}

#[tokio::test]
async fn a_messy_tenant_is_read_alert_by_alert() {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 200,
            seed: 9,
            messy: true,
        },
    )
    .await
    .unwrap();
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    let page = client
        .search_alerts(&AlertQuery::default().page_size(500))
        .await
        .unwrap();
    assert_eq!(page.total_count, 200, "a count written as text is read");
    assert_eq!(page.alerts.len(), 200, "one item per alert, read or not");
    let placeholders: Vec<_> = page.alerts.iter().filter_map(Item::unreadable).collect();
    // One alert in forty has no usable id (see demo::messy); nothing else is unreadable.
    assert_eq!(placeholders.len(), 5, "{placeholders:?}");
    assert!(
        placeholders
            .iter()
            .all(|p| p.id.is_none() && p.reason.contains("no usable id"))
    );
    let read: Vec<&AlertSummary> = page.alerts.iter().filter_map(Item::read).collect();
    assert!(read.iter().any(|a| a.name.is_none() && a.actor.is_none()));
    assert!(
        read.iter()
            .any(|a| matches!(&a.state, Some(AlertState::Other(s)) if s == "DISMISSED"))
    );
    assert!(
        read.iter().all(|a| a.created_at.is_some()),
        "every time form is read"
    );

    let ids: Vec<String> = read.iter().map(|a| a.id.clone()).collect();
    let details = client.alert_details(&ids).await.unwrap();
    assert_eq!(details.len(), ids.len());
    let details = read_all(details);
    let broken = details
        .iter()
        .flat_map(|d| &d.observations)
        .filter(|o| matches!(o.data, ObservationPayload::Malformed { .. }))
        .count();
    assert!(broken > 0, "broken observation data is kept as such");
    assert!(
        details
            .iter()
            .filter_map(|d| d.note.as_ref()?.message.as_deref())
            .any(|m| m.contains('\n')),
        "a list of notes is read as one"
    );
}

/// A tenant started to seed in the background answers calls made before it is seeded,
/// once it is, with the whole seeded data; alerts added on a timer go to the seeded
/// tenant, not to the empty one before it.
#[tokio::test]
async fn calls_made_while_the_tenant_seeds_are_answered_with_the_seeded_data() {
    let server = DemoServer::start_seeding(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 30_000,
            seed: 7,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    server.add_alert_every(Duration::from_millis(50));
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    let page = client
        .search_alerts(&AlertQuery::default().page_size(10))
        .await
        .unwrap();
    assert!(page.total_count >= 30_000, "{}", page.total_count);
    assert_eq!(page.alerts.len(), 10);
    server.ready().await.unwrap();
    // The timer adds copies of the newest seeded alert.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let page = client
        .search_alerts(&AlertQuery::default().page_size(1))
        .await
        .unwrap();
    assert!(page.total_count > 30_000, "{}", page.total_count);
    let newest = read(page.alerts.into_iter().next().unwrap());
    assert!(newest.id.starts_with("added-alert-"), "{}", newest.id);
}

/// A pipelined details listing asks for 100 alerts a call whatever the search's pages
/// hold: what is left of a page waits for the next one (pages of 150 here, and pages
/// by creation time overlap where alerts share a time), so only the last call asks for
/// fewer; every alert is asked for once, in the search's order.
#[tokio::test]
async fn pipelined_details_calls_ask_for_100_alerts_each_but_the_last() {
    let (_server, client) = tenant(730).await;
    let expected: Vec<String> = everything(&client)
        .await
        .into_iter()
        .map(|a| a.id)
        .collect();
    let answers: Vec<_> = client
        .alert_details_answers_pipelined(AlertQuery::default(), 150, usize::MAX, 3, |answer| {
            Ok(answer
                .searched
                .into_iter()
                .map(|s| read(s).id)
                .collect::<Vec<String>>())
        })
        .collect()
        .await;
    let asked: Vec<Vec<String>> = answers.into_iter().map(|a| a.unwrap()).collect();
    let sizes: Vec<usize> = asked.iter().map(Vec::len).collect();
    assert_eq!(sizes, [100, 100, 100, 100, 100, 100, 100, 30]);
    assert_eq!(asked.concat(), expected);
}

/// While an answer's rows are being built, the next details call is already under way:
/// with one call in flight, the first answer's reading waits until the tenant has been
/// asked for the second (it would wait in vain if the answers held the call's slot).
#[tokio::test]
async fn the_next_details_call_starts_while_an_answers_rows_are_built() {
    let (server, client) = tenant(300).await;
    let server = std::sync::Arc::new(server);
    let seen_by_tenant = server.clone();
    let first = std::sync::atomic::AtomicBool::new(true);
    let answers: Vec<_> = client
        .alert_details_answers_pipelined(AlertQuery::default(), 500, usize::MAX, 1, move |answer| {
            let mut next_asked = None;
            if first.swap(false, std::sync::atomic::Ordering::SeqCst) {
                let deadline = std::time::Instant::now() + Duration::from_secs(5);
                next_asked = Some(false);
                while std::time::Instant::now() < deadline {
                    if seen_by_tenant.faults().requests_seen("query-details") >= 2 {
                        next_asked = Some(true);
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            Ok((answer.searched.len(), next_asked))
        })
        .collect()
        .await;
    let answers: Vec<(usize, Option<bool>)> = answers.into_iter().map(|a| a.unwrap()).collect();
    assert_eq!(answers, [(100, Some(true)), (100, None), (100, None)]);
    assert_eq!(server.faults().requests_seen("query-details"), 3);
}
