//! The client against a demo tenant that injects faults at random (seeded): every read
//! finishes with every alert exactly once, and a bulk change under dropped answers ends
//! with every alert changed exactly once and a journal without an `unknown` left.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use triage42_api::{AlertQuery, AlertState, Client, ClientConfig, Item};
use triage42_core::journal::{Journal, read_records, summarise};
use triage42_demo::faults::{FaultConfig, RevokeEvery};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

const ALERTS: usize = 250;

async fn tenant() -> DemoServer {
    DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: ALERTS,
            seed: 13,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

fn client(server: &DemoServer) -> Client {
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(5);
    config.max_backoff = Duration::from_millis(50);
    // Cut-off connections are noticed at once rather than after a long timeout.
    config.timeout = Duration::from_secs(10);
    Client::new(config).unwrap()
}

/// `alerts search --all --details`, as the command runs it: every alert id, in order.
async fn fetch_all(client: &Client) -> Vec<String> {
    let items: Vec<_> = client
        .all_alert_details(AlertQuery::default())
        .collect()
        .await;
    items
        .into_iter()
        .map(|item| match item {
            Ok(Item::Read(d)) => d.summary.id,
            Ok(Item::Unreadable(u)) => panic!("unreadable: {u:?}"),
            Err(e) => panic!("the run failed: {e}"),
        })
        .collect()
}

fn faults(which: &str, rate: f64, seed: u64) -> FaultConfig {
    let mut config = FaultConfig {
        seed,
        retry_after_secs: 0,
        ..FaultConfig::default()
    };
    match which {
        "error" => config.error_rate = rate,
        "rate-limit" => config.rate_limit_rate = rate,
        "drop-before" => config.drop_before_rate = rate,
        "drop-after" => config.drop_after_rate = rate,
        "truncate" => config.truncate_rate = rate,
        other => panic!("no fault {other}"),
    }
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_runs_under_each_fault_read_every_alert_exactly_once() {
    let server = tenant().await;
    let clean = fetch_all(&client(&server)).await;
    assert_eq!(clean.len(), ALERTS);
    for which in [
        "error",
        "rate-limit",
        "drop-before",
        "drop-after",
        "truncate",
    ] {
        for rate in [5.0, 10.0] {
            server
                .faults()
                .configure(faults(which, rate, (rate as u64) * 7 + which.len() as u64))
                .unwrap();
            let before = server.faults().requests_seen("/v1/alerts");
            for run in 0..20 {
                let got = fetch_all(&client(&server)).await;
                assert_eq!(
                    got, clean,
                    "{which} at {rate}%, run {run}: every alert once, in order"
                );
                assert_eq!(got.iter().collect::<HashSet<_>>().len(), ALERTS);
            }
            let requests = server.faults().requests_seen("/v1/alerts") - before;
            // 20 runs of 3 pages and 3 detail calls: more requests means faults were met.
            assert!(
                requests > 20 * 6,
                "{which} at {rate}%: {requests} requests, no faults met?"
            );
        }
    }
    server.faults().configure(FaultConfig::default()).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_on_the_token_call_are_retried_too() {
    let server = tenant().await;
    let mut config = faults("drop-before", 30.0, 5);
    config.error_rate = 20.0;
    config.fault_token_calls = true;
    server.faults().configure(config).unwrap();
    for _ in 0..10 {
        // A new client each time logs in again.
        assert_eq!(fetch_all(&client(&server)).await.len(), ALERTS);
    }
    assert!(
        server.faults().requests_seen("/v1/oauth") > 10,
        "some logins were retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_survives_tokens_revoked_mid_run() {
    let server = tenant().await;
    server
        .faults()
        .configure(FaultConfig {
            revoke_tokens_every: Some(RevokeEvery::Requests(4)),
            ..FaultConfig::default()
        })
        .unwrap();
    let client = client(&server);
    for _ in 0..3 {
        assert_eq!(fetch_all(&client).await.len(), ALERTS);
    }
    assert!(
        server.faults().requests_seen("/v1/oauth") > 3,
        "the client logged in again after revocations"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_resolve_under_dropped_answers_changes_each_alert_exactly_once() {
    let server = tenant().await;
    let dir = tempfile::tempdir().unwrap();
    let journal_path = dir.path().join("journal.jsonl");
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(5);
    config.change_log = Some(Arc::new(Journal::new(
        &journal_path,
        DEMO_CLIENT_ID,
        &server.base_url(),
    )));
    let client = Client::new(config).unwrap();
    let ids: Vec<String> = fetch_all(&client).await.into_iter().take(500).collect();
    assert_eq!(ids.len(), ALERTS.min(500));

    // One request in four is applied and its answer lost; reads meet it too.
    server
        .faults()
        .configure(FaultConfig {
            drop_after_rate: 25.0,
            seed: 99,
            ..FaultConfig::default()
        })
        .unwrap();
    for chunk in ids.chunks(100) {
        client
            .update_alert_state(chunk, AlertState::Resolved, Some("bulk under faults"))
            .await
            .unwrap();
    }
    server.faults().configure(FaultConfig::default()).unwrap();

    let applied = server.state_changes_applied();
    for id in &ids {
        assert_eq!(applied.get(id), Some(&1), "{id} changed exactly once");
    }
    let details = client.alert_details(&ids).await.unwrap();
    for item in details {
        let Item::Read(d) = item else {
            panic!("unreadable")
        };
        assert_eq!(d.summary.state, Some(AlertState::Resolved));
        assert_eq!(
            d.note.unwrap().message.as_deref(),
            Some("bulk under faults")
        );
    }
    let changes = summarise(&read_records(&journal_path).unwrap());
    assert_eq!(
        changes.len(),
        ids.len().div_ceil(100),
        "one change per chunk"
    );
    for change in &changes {
        assert!(change.outcome.starts_with("ok"), "{change:?}");
    }
    assert!(
        changes.iter().any(|c| c.outcome == "ok (checked)"),
        "some answers were lost and the re-read found them applied"
    );
    let text = std::fs::read_to_string(&journal_path).unwrap();
    assert!(
        text.contains("\"outcome\":\"unknown\""),
        "lost answers were journaled"
    );
}
