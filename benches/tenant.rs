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

use futures::StreamExt;
use triage42::api::{
    AlertFilter, AlertQuery, Client, ClientConfig, FilterField, SortDirection, SortKey,
};
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
    println!("{label:<48} n={n:<4} p50={:>8.2?} p95={:>8.2?}", p50, p95);
}

#[tokio::main]
async fn main() {
    let alerts: usize = std::env::var("TRIAGE42_BENCH_ALERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
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
    let page = AlertQuery::default().page_size(100);
    time_requests(
        "query-alerts, first page of 100, unfiltered",
        50,
        || async {
            client.search_alerts(&page).await.unwrap();
        },
    )
    .await;
    let filtered = AlertQuery::all(vec![
        AlertFilter::eq(FilterField::AlertState, "OPEN"),
        AlertFilter::is_in(
            FilterField::Severity,
            vec!["HIGH".into(), "CRITICAL".into()],
        ),
    ])
    .sort(SortKey::RiskSeverity, SortDirection::Desc)
    .page_size(100);
    time_requests(
        "query-alerts, open high+critical by severity",
        50,
        || async {
            client.search_alerts(&filtered).await.unwrap();
        },
    )
    .await;
    let ids: Vec<String> = client
        .search_alerts(&page)
        .await
        .unwrap()
        .alerts
        .into_iter()
        .filter_map(|a| a.into_read().map(|a| a.id))
        .collect();
    time_requests("query-details, 100 ids", 50, || async {
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
