//! Benchmarks of the demo tenant and the client over loopback.
//!
//!   cargo bench --bench tenant            # 100,000 alerts
//!   TRIAGE42_BENCH_ALERTS=20000 cargo bench --bench tenant
//!
//! Prints wall-clock figures and resident memory; results are recorded in BENCHMARKS.md.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::time::{Duration, Instant};

use futures::{FutureExt, StreamExt};
use triage42::api::{AlertQuery, Client, ClientConfig};
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

async fn time_requests<F, Fut>(label: &str, n: usize, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        f().await;
        samples.push(t.elapsed());
    }
    let p50 = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    println!("{label:<60} n={n:<4} p50={:>8.2?} p95={:>8.2?}", p50, p95);
}

#[tokio::main]
async fn main() {
    let alerts: usize = std::env::var("TRIAGE42_BENCH_ALERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    // What start-up does, step by step (median of 3 CPU-bound runs each).
    let mut steps: [Vec<Duration>; 3] = Default::default();
    for _ in 0..3 {
        let t = Instant::now();
        let store = triage42::demo::seed::generate(alerts, 42, chrono::Utc::now());
        steps[0].push(t.elapsed());
        let t = Instant::now();
        let sessions = triage42::demo::sessions::derive(&store);
        steps[1].push(t.elapsed());
        let t = Instant::now();
        assert!(store.search_index().is_some());
        steps[2].push(t.elapsed());
        drop((store, sessions));
    }
    for (label, samples) in ["generate", "derive sessions", "build search index"]
        .iter()
        .zip(steps.iter_mut())
    {
        println!(
            "start-up step: {label:<40} p50={:>8.2?}",
            percentile(samples, 0.5)
        );
    }

    let before = rss_mib();
    let t = Instant::now();
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 42,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    println!(
        "seed {alerts} alerts: {:.2?}, resident memory +{:.0} MiB",
        t.elapsed(),
        rss_mib() - before
    );

    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    // The tenant's own time: raw calls whose answers are read but not decoded.
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let raw = |path: &'static str, body: String| {
        let request = http
            .post(format!("{}{path}", server.base_url()))
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            assert!(response.status().is_success());
            response.bytes().await.unwrap()
        }
    };
    let unfiltered =
        r#"{"groups":[],"pgNum":0,"pgSize":100,"srtKey":"CreatedAt","srtDirection":"DESC"}"#;
    time_requests("query-alerts, first page of 100, unfiltered", 50, || {
        raw("/v1/alerts/query-alerts", unfiltered.to_string()).map(drop)
    })
    .await;
    let filtered = r#"{"groupClause":"AND","groups":[
        {"filterClause":"AND","filters":[{"term":"State","operator":"IS","value":"OPEN"}]},
        {"filterClause":"OR","filters":[{"term":"RiskSeverity","operator":"IS","value":"HIGH"},
                                        {"term":"RiskSeverity","operator":"IS","value":"CRITICAL"}]}],
        "pgNum":3,"pgSize":100,"srtKey":"RiskSeverity","srtDirection":"DESC"}"#;
    time_requests(
        "query-alerts, open high+critical by risk severity, page 4",
        50,
        || raw("/v1/alerts/query-alerts", filtered.to_string()).map(drop),
    )
    .await;
    let page = AlertQuery::default().page_size(100);
    let ids: Vec<String> = client
        .search_alerts(&page)
        .await
        .unwrap()
        .alerts
        .into_iter()
        .filter_map(|a| a.into_read().map(|a| a.id))
        .collect();
    let details = serde_json::json!({ "alertIds": ids }).to_string();
    let size = raw("/v1/alerts/query-details", details.clone()).await.len();
    time_requests(
        &format!("query-details, 100 ids ({:.0} KB)", size as f64 / 1e3),
        50,
        || raw("/v1/alerts/query-details", details.clone()).map(drop),
    )
    .await;
    // The same through the client, which decodes the answer into typed models.
    time_requests("client: alert_details, 100 ids (decoded)", 20, || async {
        client.alert_details(&ids).await.unwrap();
    })
    .await;

    let t = Instant::now();
    let mut n = 0usize;
    let mut stream = std::pin::pin!(client.search_all_alerts(AlertQuery::default().page_size(500)));
    while let Some(a) = stream.next().await {
        a.unwrap();
        n += 1;
    }
    let elapsed = t.elapsed();
    println!(
        "search_all_alerts, pages of 500: {n} alerts in {elapsed:.2?} ({:.0} alerts/s)",
        n as f64 / elapsed.as_secs_f64()
    );
    server.shutdown().await;
}
