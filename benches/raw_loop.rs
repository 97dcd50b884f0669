//! The bare sequential loop of raw HTTP calls the client is measured against: log in,
//! page through every alert (pages of 500), ask for details 100 ids at a time, one call
//! after another, and write each details body out as it came (bodies are not decoded;
//! only the ids of a search page are read).
//!
//!   raw_loop URL [CLIENT_ID SECRET] > out.json     # against a running tenant
//!   cargo bench --bench raw_loop                    # starts a tenant of 10,000 alerts
//!
//! `bench/fetch.sh` runs it against `triage42 serve`, alternating with triage42 and the
//! official SDK.

// Benches may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use std::io::Write;
use std::time::Instant;

use serde::Deserialize;
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Deserialize)]
struct Id {
    id: String,
}

#[derive(Deserialize)]
struct Page {
    alerts: Vec<Id>,
}

/// Fetches everything; returns the number of alerts and of body bytes written.
async fn fetch_all(url: &str, id: &str, secret: &str, out: &mut impl Write) -> (usize, usize) {
    let http = reqwest::Client::builder()
        .tcp_nodelay(true)
        .build()
        .unwrap();
    let token: Token = http
        .post(format!("{url}/v1/oauth"))
        .basic_auth(id, Some(secret))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token.access_token);
    let mut ids = Vec::new();
    for page in 0.. {
        let body = http
            .post(format!("{url}/v1/alerts/query-alerts"))
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(format!(
                r#"{{"groups":[],"groupClause":"AND","pgNum":{page},"pgSize":500,"srtKey":"CreatedAt","srtDirection":"DESC"}}"#
            ))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        let page: Page = serde_json::from_slice(&body).unwrap();
        let n = page.alerts.len();
        ids.extend(page.alerts.into_iter().map(|a| a.id));
        if n < 500 {
            break;
        }
    }
    let mut bytes = 0;
    for chunk in ids.chunks(100) {
        let body = http
            .post(format!("{url}/v1/alerts/query-details"))
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(serde_json::json!({ "alertIds": chunk }).to_string())
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        bytes += body.len();
        out.write_all(&body).unwrap();
        out.write_all(b"\n").unwrap();
    }
    out.flush().unwrap();
    (ids.len(), bytes)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; anything else starting with `-` is not a URL either.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if let Some(url) = args.first() {
        let id = args.get(1).map_or(DEMO_CLIENT_ID, String::as_str);
        let secret = args.get(2).map_or(DEMO_CLIENT_SECRET, String::as_str);
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
        fetch_all(url.trim_end_matches('/'), id, secret, &mut out).await;
        return;
    }
    let alerts: usize = std::env::var("TRIAGE42_BENCH_ALERTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
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
    for round in 1..=3 {
        let t = Instant::now();
        let (n, bytes) = fetch_all(
            &server.base_url(),
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            &mut std::io::sink(),
        )
        .await;
        println!(
            "raw loop, round {round}: {n} alerts, {:.1} MB of details in {:.2?}",
            bytes as f64 / 1e6,
            t.elapsed()
        );
    }
    server.shutdown().await;
}
