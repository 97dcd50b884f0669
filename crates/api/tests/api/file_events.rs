//! File events (v2 search) against the demo tenant over real HTTP on loopback: every
//! operator checked against the data, number and token paging, look-up by ids.

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use triage42_api::{
    AlertQuery, ApiError, Client, ClientConfig, FileEvent, FileEventQuery, ObservationPayload,
};

use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::{read, read_all};

async fn tenant(alerts: usize) -> (DemoServer, Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 5,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    (server, Client::new(config).unwrap())
}

async fn all_events(client: &Client) -> Vec<FileEvent> {
    let all: Vec<_> = client
        .search_all_file_events(
            FileEventQuery::default()
                .page_size(1000)
                .sort("event.id", false),
        )
        .collect()
        .await;
    all.into_iter().map(|e| read(e.unwrap())).collect()
}

async fn ids_of(client: &Client, q: FileEventQuery) -> HashSet<String> {
    let got: Vec<_> = client
        .search_all_file_events(q.page_size(1000))
        .collect()
        .await;
    got.into_iter()
        .map(|e| read(e.unwrap()).event.id.unwrap())
        .collect()
}

fn ids_where(all: &[FileEvent], pred: impl Fn(&FileEvent) -> bool) -> HashSet<String> {
    all.iter()
        .filter(|e| pred(e))
        .map(|e| e.event.id.clone().unwrap())
        .collect()
}

fn email(e: &FileEvent) -> Option<&str> {
    e.user.as_ref()?.email.as_deref()
}
fn category(e: &FileEvent) -> Option<&str> {
    e.file.as_ref()?.category.as_deref()
}
fn destination(e: &FileEvent) -> Option<&str> {
    e.destination.as_ref()?.name.as_deref()
}
fn score(e: &FileEvent) -> i64 {
    e.risk.as_ref().and_then(|r| r.score).unwrap()
}
fn at(e: &FileEvent) -> DateTime<Utc> {
    e.timestamp.unwrap()
}

#[tokio::test]
async fn every_operator_returns_exactly_the_matching_events() {
    let (_server, client) = tenant(60).await;
    let all = all_events(&client).await;
    assert!(all.len() > 100, "{} events", all.len());
    let sample = &all[all.len() / 2];
    let who = email(sample).unwrap().to_string();
    let mut categories: Vec<&str> = all.iter().filter_map(category).collect();
    categories.sort();
    categories.dedup();
    let two: Vec<String> = categories[..2].iter().map(|c| c.to_string()).collect();
    let mut scores: Vec<i64> = all.iter().map(score).collect();
    scores.sort();
    let median = scores[scores.len() / 2];
    let mid = at(sample);

    let checks: Vec<(&str, FileEventQuery, HashSet<String>)> = vec![
        (
            "IS",
            FileEventQuery::default().user(&who),
            ids_where(&all, |e| email(e) == Some(who.as_str())),
        ),
        (
            "IS_NOT",
            FileEventQuery::default().not_equals("user.email", who.clone()),
            ids_where(&all, |e| email(e) != Some(who.as_str())),
        ),
        (
            "IS_ANY",
            FileEventQuery::default().is_any("file.category", &two),
            ids_where(&all, |e| {
                category(e).is_some_and(|c| two.iter().any(|t| t == c))
            }),
        ),
        (
            "IS_NONE",
            FileEventQuery::default().is_none("file.category", &two),
            ids_where(&all, |e| {
                !category(e).is_some_and(|c| two.iter().any(|t| t == c))
            }),
        ),
        (
            "OR group of IS",
            FileEventQuery::default().any_of("file.category", &two),
            ids_where(&all, |e| {
                category(e).is_some_and(|c| two.iter().any(|t| t == c))
            }),
        ),
        (
            "EXISTS",
            FileEventQuery::default().exists("destination.name"),
            ids_where(&all, |e| destination(e).is_some()),
        ),
        (
            "DOES_NOT_EXIST",
            FileEventQuery::default().does_not_exist("destination.name"),
            ids_where(&all, |e| destination(e).is_none()),
        ),
        (
            "GREATER_THAN",
            FileEventQuery::default().greater_than("risk.score", median),
            ids_where(&all, |e| score(e) > median),
        ),
        (
            "LESS_THAN",
            FileEventQuery::default().less_than("risk.score", median),
            ids_where(&all, |e| score(e) < median),
        ),
        (
            "ON_OR_AFTER",
            FileEventQuery::default().since(mid),
            ids_where(&all, |e| at(e) >= mid),
        ),
        (
            "ON_OR_BEFORE",
            FileEventQuery::default().until(mid),
            ids_where(&all, |e| at(e) <= mid),
        ),
        (
            "IS and ON_OR_AFTER, AND-ed",
            FileEventQuery::default().user(&who).since(mid),
            ids_where(&all, |e| email(e) == Some(who.as_str()) && at(e) >= mid),
        ),
        (
            "IS or GREATER_THAN, OR-ed",
            FileEventQuery::default()
                .user(&who)
                .greater_than("risk.score", median)
                .matches_any(),
            ids_where(&all, |e| {
                email(e) == Some(who.as_str()) || score(e) > median
            }),
        ),
    ];
    for (op, q, want) in checks {
        assert!(
            !want.is_empty() && want.len() < all.len(),
            "{op}: trivial data"
        );
        assert_eq!(ids_of(&client, q).await, want, "{op}");
    }

    // WITHIN_THE_LAST: put the edge in the middle of a wide gap between two events, so
    // the moments between computing it and the server evaluating it cannot matter.
    let mut times: Vec<DateTime<Utc>> = all.iter().map(at).collect();
    times.sort();
    let gaps: Vec<(DateTime<Utc>, DateTime<Utc>)> = times
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(a, b)| *b - *a > chrono::Duration::minutes(10))
        .collect();
    assert!(!gaps.is_empty(), "the data has gaps between events");
    let (before, after) = gaps[gaps.len() / 2];
    let edge = before + (after - before) / 2;
    let seconds = (Utc::now() - edge).num_seconds();
    let recent = ids_of(
        &client,
        FileEventQuery::default().within_the_last(&format!("PT{seconds}S")),
    )
    .await;
    assert_eq!(
        recent,
        ids_where(&all, |e| at(e) >= edge),
        "WITHIN_THE_LAST"
    );
    assert!(!recent.is_empty() && recent.len() < all.len());
}

#[tokio::test]
async fn the_builder_finds_a_file_by_hash_name_user_and_time() {
    let (_server, client) = tenant(40).await;
    let all = all_events(&client).await;
    let sample = &all[7];
    let file = sample.file.as_ref().unwrap();
    let hash = file.hash.as_ref().unwrap();
    let (md5, sha256) = (hash.md5.clone().unwrap(), hash.sha256.clone().unwrap());
    let name = file.name.clone().unwrap();
    let dir = file.directory.clone().unwrap();
    let who = email(sample).unwrap().to_string();
    let when = at(sample);

    let same_md5 = ids_where(&all, |e| {
        e.file.as_ref().and_then(|f| f.hash.as_ref()?.md5.clone()) == Some(md5.clone())
    });
    assert_eq!(
        ids_of(&client, FileEventQuery::default().md5(&md5)).await,
        same_md5
    );
    let same_sha = ids_where(&all, |e| {
        e.file
            .as_ref()
            .and_then(|f| f.hash.as_ref()?.sha256.clone())
            == Some(sha256.clone())
    });
    assert_eq!(
        ids_of(&client, FileEventQuery::default().sha256(&sha256)).await,
        same_sha
    );
    let same_place = ids_where(&all, |e| {
        e.file.as_ref().is_some_and(|f| {
            f.name.as_deref() == Some(name.as_str()) && f.directory.as_deref() == Some(dir.as_str())
        })
    });
    assert_eq!(
        ids_of(
            &client,
            FileEventQuery::default().name_and_directory(&name, Some(&dir))
        )
        .await,
        same_place
    );
    assert!(same_place.contains(sample.event.id.as_ref().unwrap()));

    let hour = chrono::Duration::hours(1);
    let window = ids_of(
        &client,
        FileEventQuery::default()
            .user(&who)
            .between(when - hour, when + hour),
    )
    .await;
    assert_eq!(
        window,
        ids_where(&all, |e| email(e) == Some(who.as_str())
            && at(e) >= when - hour
            && at(e) <= when + hour)
    );
    assert!(window.contains(sample.event.id.as_ref().unwrap()));

    let none = client
        .search_file_events(&FileEventQuery::default().user("nobody@nowhere.invalid"))
        .await
        .unwrap();
    assert_eq!(none.total_count, 0);
    assert!(none.file_events.is_empty() && none.next_pg_token.is_none());
}

#[tokio::test]
async fn number_paging_and_token_paging_see_the_same_events() {
    let (server, client) = tenant(40).await;
    let total = client
        .search_file_events(&FileEventQuery::default().page_size(1))
        .await
        .unwrap()
        .total_count as usize;
    assert!(total > 40);
    // A size that does not divide the total, so the last page is short.
    let size = if total.is_multiple_of(20) { 21u32 } else { 20 };
    let q = FileEventQuery::default()
        .sort("event.id", false)
        .page_size(size);
    let mut by_number = Vec::new();
    for page in 1.. {
        let got = client
            .search_file_events(&q.clone().page(page))
            .await
            .unwrap();
        assert!(got.next_pg_token.is_none(), "no token unless asked");
        let n = got.file_events.len();
        by_number.extend(
            got.file_events
                .into_iter()
                .map(|e| read(e).event.id.unwrap()),
        );
        if n < size as usize {
            break;
        }
    }
    assert_eq!(by_number.len(), total);
    assert_eq!(
        by_number.iter().collect::<HashSet<_>>().len(),
        total,
        "pages do not overlap"
    );

    let before = server.faults().requests_seen("/v2/file-events");
    let by_token: Vec<String> = client
        .search_all_file_events(q)
        .map(|e| read(e.unwrap()).event.id.unwrap())
        .collect()
        .await;
    assert_eq!(by_token, by_number, "same order, same events");
    let calls = server.faults().requests_seen("/v2/file-events") - before;
    assert_eq!(calls, total.div_ceil(size as usize), "one call per page");
}

#[tokio::test]
async fn events_by_id_come_in_chunks_in_the_order_asked() {
    let (server, client) = tenant(120).await;
    let all = all_events(&client).await;
    assert!(all.len() >= 250);
    let mut ids: Vec<String> = all
        .iter()
        .take(250)
        .map(|e| e.event.id.clone().unwrap())
        .collect();
    ids.reverse();
    let mut asked = ids.clone();
    asked.insert(3, "no-such-event".into());
    asked.push(ids[0].clone());
    let before = server.faults().requests_seen("/v2/file-events");
    let got = client.file_events_by_ids(&asked).await.unwrap();
    assert_eq!(server.faults().requests_seen("/v2/file-events") - before, 3);
    let got_ids: Vec<String> = got.into_iter().map(|e| e.event.id.unwrap()).collect();
    assert_eq!(
        got_ids, ids,
        "unknown ids left out, duplicates once, order kept"
    );
    assert!(client.file_events_by_ids(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_alerts_observed_files_resolve_to_their_events() {
    let (_server, client) = tenant(40).await;
    let alert = client
        .search_alerts(&AlertQuery::default().page_size(10))
        .await
        .unwrap()
        .alerts
        .remove(5);
    let alert = read(alert);
    let details = read_all(
        client
            .alert_details(std::slice::from_ref(&alert.id))
            .await
            .unwrap(),
    );
    let observed: Vec<(String, Option<String>)> = details[0]
        .observations
        .iter()
        .filter_map(|o| match &o.data {
            ObservationPayload::Parsed(d) => Some(d),
            _ => None,
        })
        .flat_map(|d| {
            d.files
                .iter()
                .map(|f| (f.event_id.clone().unwrap(), f.name.clone()))
        })
        .collect();
    assert!(!observed.is_empty());
    let ids: Vec<String> = observed.iter().map(|(id, _)| id.clone()).collect();
    let events = client.file_events_by_ids(&ids).await.unwrap();
    assert_eq!(events.len(), ids.len());
    for (event, (id, name)) in events.iter().zip(&observed) {
        assert_eq!(event.event.id.as_ref(), Some(id));
        assert_eq!(event.file.as_ref().unwrap().name, *name);
        assert_eq!(email(event), alert.actor.as_deref());
    }
}

#[tokio::test]
async fn a_bad_query_is_a_bad_request_with_the_services_problem() {
    let (_server, client) = tenant(10).await;
    let err = client
        .search_file_events(&FileEventQuery::default().within_the_last("a fortnight"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::BadRequest(m) if m.contains("ILLEGAL_VALUE")),
        "{err:?}"
    );
    let err = client
        .search_file_events(&FileEventQuery::default().page_size(10_000).page(2))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::BadRequest(m) if m.contains("INVALID_PAGE")),
        "{err:?}"
    );
}
