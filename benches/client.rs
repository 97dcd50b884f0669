//! The client against the demo tenant over loopback: every alert with its details, the
//! way `alerts search --all --details` fetches them (pipelined, several details calls in
//! flight) and the plain sequential way, alternating, median of the rounds.
//!
//!   cargo bench --bench client                     # 10,000 alerts, 5 rounds
//!   TRIAGE42_BENCH_ALERTS=2000 TRIAGE42_BENCH_ROUNDS=9 cargo bench --bench client
//!
//! The tenant runs in this process, so both sides share its cores.

// Benches may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::time::{Duration, Instant};

use futures::StreamExt;
use triage42::api::{AlertQuery, Client, ClientConfig, Item};
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn sequential(client: &Client) -> usize {
    let mut n = 0;
    let mut stream = std::pin::pin!(client.all_alert_details(AlertQuery::default()));
    while let Some(item) = stream.next().await {
        assert!(matches!(item.unwrap(), Item::Read(_)));
        n += 1;
    }
    n
}

async fn pipelined(client: &Client, in_flight: usize) -> usize {
    let mut n = 0;
    let mut stream = std::pin::pin!(client.alert_details_pipelined(
        AlertQuery::default(),
        500,
        usize::MAX,
        in_flight,
        |items| items.len()
    ));
    while let Some(chunk) = stream.next().await {
        n += chunk.unwrap();
    }
    n
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let alerts = env("TRIAGE42_BENCH_ALERTS", 10_000);
    let rounds = env("TRIAGE42_BENCH_ROUNDS", 5);
    // The tenant on its own runtime, as `triage42 serve` runs it; the client on a
    // single thread, as the CLI runs it.
    let server_rt = tokio::runtime::Runtime::new().unwrap();
    let server = server_rt
        .block_on(DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoConfig {
                alerts,
                seed: 3,
                ..DemoConfig::default()
            },
        ))
        .unwrap();
    let client_rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    let kinds: [(&str, Option<usize>); 4] = [
        ("sequential (all_alert_details)", None),
        ("pipelined, 1 in flight", Some(1)),
        ("pipelined, 4 in flight", Some(4)),
        ("pipelined, 8 in flight", Some(8)),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); kinds.len()];
    for _ in 0..rounds {
        for (i, (_, in_flight)) in kinds.iter().enumerate() {
            let t = Instant::now();
            let n = client_rt.block_on(async {
                match in_flight {
                    None => sequential(&client).await,
                    Some(k) => pipelined(&client, *k).await,
                }
            });
            times[i].push(t.elapsed());
            assert_eq!(n, alerts);
        }
    }
    let base = median(times[0].clone());
    println!("{alerts} alerts with details, median of {rounds} alternating rounds:");
    for ((label, _), t) in kinds.iter().zip(times) {
        let m = median(t);
        println!(
            "  {label:<34} {m:>9.2?}  {:.2}x the sequential time",
            m.as_secs_f64() / base.as_secs_f64()
        );
    }
    server_rt.block_on(server.shutdown());
}
