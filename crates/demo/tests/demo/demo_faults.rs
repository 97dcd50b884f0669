//! The demo tenant's fault injection, seen from the wire: raw TCP where the bytes matter,
//! reqwest where a client's view does.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use triage42_demo::{DemoConfig, DemoServer, FaultConfig, RevokeEvery};

async fn start() -> DemoServer {
    DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 40,
            seed: 3,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

/// A client that starts no timers of its own: on paused time, tokio jumps the clock to
/// the next timer whenever the test waits on the socket, and a pooled connection's
/// idle timer would carry it 90 seconds on.
fn paused_time_client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_idle_timeout(None)
        .build()
        .unwrap()
}

fn faults(server: &DemoServer, config: FaultConfig) {
    server.faults().configure(config).unwrap();
}

async fn token(server: &DemoServer, http: &reqwest::Client) -> String {
    let r = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth("demo-client", Some("demo-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["access_token"].as_str().unwrap().to_string()
}

fn query_body(size: usize) -> Value {
    json!({"tenantId": "x", "groupClause": "AND", "groups": [], "pgNum": 0, "pgSize": size,
        "srtKey": "CreatedAt", "srtDirection": "asc"})
}

fn resolve_body(id: &str) -> Value {
    json!({"tenantId": "x", "alertIds": [id], "state": "RESOLVED", "note": "cut"})
}

/// The ids of the first `n` open alerts.
async fn open_alerts(
    server: &DemoServer,
    http: &reqwest::Client,
    t: &str,
    n: usize,
) -> Vec<String> {
    let page: Value = http
        .post(format!("{}/v1/alerts/query-alerts", server.base_url()))
        .bearer_auth(t)
        .json(&query_body(40))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ids: Vec<String> = page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["state"] == "OPEN")
        .map(|a| a["id"].as_str().unwrap().to_string())
        .take(n)
        .collect();
    assert_eq!(ids.len(), n, "the seed has {n} open alerts");
    ids
}

async fn state_of(server: &DemoServer, http: &reqwest::Client, t: &str, id: &str) -> String {
    let r = http
        .post(format!("{}/v1/alerts/query-details", server.base_url()))
        .bearer_auth(t)
        .json(&json!({"alertIds": [id]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["alerts"][0]["state"].as_str().unwrap().to_string()
}

/// One request on a fresh TCP connection, every byte the server sends until it closes,
/// and whether it ended with a FIN (`true`) rather than a reset. The request asks for the
/// connection to be kept alive: only a fault closes it.
async fn raw(server: &DemoServer, path: &str, t: &str, body: &Value) -> (Vec<u8>, bool) {
    raw_request(server, path, t, body, "keep-alive").await
}

/// As `raw`, but the request asks for the connection to close after the answer.
async fn raw_closing(server: &DemoServer, path: &str, t: &str, body: &Value) -> (Vec<u8>, bool) {
    raw_request(server, path, t, body, "close").await
}

async fn raw_request(
    server: &DemoServer,
    path: &str,
    t: &str,
    body: &Value,
    connection: &str,
) -> (Vec<u8>, bool) {
    let body = body.to_string();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {t}\r\n\
         Connection: {connection}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        server.addr(),
        body.len()
    );
    let mut tcp = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    tcp.write_all(request.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    let clean = loop {
        match tokio::time::timeout(Duration::from_secs(10), tcp.read(&mut buf))
            .await
            .expect("the server closes the connection")
        {
            Ok(0) => break true,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break false,
            Err(e) => panic!("read: {e}"),
        }
    };
    (got, clean)
}

/// Status line, headers (lower-cased names) and body of raw response bytes.
fn parse(bytes: &[u8]) -> (String, Vec<(String, String)>, Vec<u8>) {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete head");
    let head = std::str::from_utf8(&bytes[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap().to_string();
    let headers = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    (status, headers, bytes[end + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// A reqwest failure that is a transport error: no status, no answer.
fn assert_no_answer(result: reqwest::Result<reqwest::Response>, what: &str) {
    match result {
        Ok(r) => panic!("{what}: expected no answer, got {}", r.status()),
        Err(e) => {
            assert!(e.status().is_none(), "{what}: {e}");
            assert!(e.is_request() || e.is_connect(), "{what}: {e:?}");
        }
    }
}

#[tokio::test]
async fn drop_before_closes_without_a_byte_and_applies_nothing() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let ids = open_alerts(&server, &http, &t, 2).await;
    faults(
        &server,
        FaultConfig {
            drop_before_rate: 100.0,
            ..FaultConfig::default()
        },
    );

    let (bytes, clean) = raw(
        &server,
        "/v1/alerts/update-state",
        &t,
        &resolve_body(&ids[0]),
    )
    .await;
    assert!(bytes.is_empty(), "no status line, no byte: {bytes:?}");
    assert!(
        clean,
        "the request was read to its end, so the close is a FIN"
    );

    // A client that waits for `100 Continue` before sending the body gets no byte either.
    let mut tcp = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    let head = format!(
        "POST /v1/alerts/update-state HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut got)).await;
    assert!(read.is_ok(), "the server closes the connection");
    assert!(got.is_empty(), "not even a 100 Continue: {got:?}");

    // On a kept-alive connection too, as a client's pool would use it.
    let url = format!("{}/v1/alerts/update-state", server.base_url());
    let before = server.faults().requests_seen("update-state");
    let sent = http
        .post(&url)
        .bearer_auth(&t)
        .json(&resolve_body(&ids[1]))
        .send()
        .await;
    assert_no_answer(sent, "drop-before");
    assert_eq!(
        server.faults().requests_seen("update-state"),
        before + 1,
        "reqwest did not send it again by itself"
    );

    faults(&server, FaultConfig::default());
    for id in &ids {
        assert_eq!(
            state_of(&server, &http, &t, id).await,
            "OPEN",
            "not applied"
        );
    }
}

#[tokio::test]
async fn drop_after_applies_the_request_then_closes_without_a_byte() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let ids = open_alerts(&server, &http, &t, 2).await;
    faults(
        &server,
        FaultConfig {
            drop_after_rate: 100.0,
            ..FaultConfig::default()
        },
    );

    let (bytes, clean) = raw(
        &server,
        "/v1/alerts/update-state",
        &t,
        &resolve_body(&ids[0]),
    )
    .await;
    assert!(bytes.is_empty(), "no status line, no byte: {bytes:?}");
    assert!(
        clean,
        "the handler read the whole request, so the close is a FIN"
    );

    let url = format!("{}/v1/alerts/update-state", server.base_url());
    let sent = http
        .post(&url)
        .bearer_auth(&t)
        .json(&resolve_body(&ids[1]))
        .send()
        .await;
    assert_no_answer(sent, "drop-after");

    faults(&server, FaultConfig::default());
    for id in &ids {
        assert_eq!(
            state_of(&server, &http, &t, id).await,
            "RESOLVED",
            "applied"
        );
    }
}

#[tokio::test]
async fn truncate_sends_the_head_and_half_the_body_then_closes() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let path = "/v1/alerts/query-alerts";
    let (whole, _) = raw_closing(&server, path, &t, &query_body(20)).await;
    let (status, headers, full) = parse(&whole);
    assert_eq!(status, "HTTP/1.1 200 OK");
    let n: usize = header(&headers, "content-length").unwrap().parse().unwrap();
    assert_eq!(full.len(), n, "unfaulted, the whole body");
    assert!(n > 1000);

    faults(
        &server,
        FaultConfig {
            truncate_rate: 100.0,
            ..FaultConfig::default()
        },
    );
    let (cut, clean) = raw(&server, path, &t, &query_body(20)).await;
    assert!(clean, "the data, then a FIN");
    let (status, headers, half) = parse(&cut);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(
        header(&headers, "content-length"),
        Some(n.to_string().as_str()),
        "the full length is announced"
    );
    assert!(header(&headers, "transfer-encoding").is_none());
    assert!(half.len() < n, "{} of {n} bytes", half.len());
    assert_eq!(half.len(), n / 2, "about half the body");
    assert_eq!(half[..], full[..n / 2], "the first half of the real answer");

    // A client gets the status and the length, then an error reading the body.
    let r = http
        .post(format!("{}{path}", server.base_url()))
        .bearer_auth(&t)
        .json(&query_body(20))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.content_length(), Some(n as u64));
    let body = r.bytes().await;
    assert!(body.is_err(), "the body is cut short: {body:?}");
}

#[tokio::test]
async fn a_truncated_answer_to_a_mutation_was_applied() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let ids = open_alerts(&server, &http, &t, 1).await;
    let id = &ids[0];
    faults(
        &server,
        FaultConfig {
            truncate_rate: 100.0,
            ..FaultConfig::default()
        },
    );
    let note = "a note long enough to have a body worth cutting";
    let (bytes, _) = raw_closing(
        &server,
        "/v1/alerts/add-note",
        &t,
        &json!({"tenantId": "x", "alertId": id, "note": note}),
    )
    .await;
    // add-note answers 200 with an empty body: nothing to cut, so it comes whole.
    let (status, headers, body) = parse(&bytes);
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(header(&headers, "content-length"), Some("0"));
    assert!(body.is_empty());
    // query-details answers with a body: it is cut, and the note is there all the same.
    let (bytes, _) = raw(
        &server,
        "/v1/alerts/query-details",
        &t,
        &json!({"alertIds": [id]}),
    )
    .await;
    let (_, headers, body) = parse(&bytes);
    let n: usize = header(&headers, "content-length").unwrap().parse().unwrap();
    assert_eq!(body.len(), n / 2);
    faults(&server, FaultConfig::default());
    let v: Value = http
        .post(format!("{}/v1/alerts/query-details", server.base_url()))
        .bearer_auth(&t)
        .json(&json!({"alertIds": [id]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v["alerts"][0]["note"]["message"], note);
}

#[tokio::test]
async fn one_shot_drops_and_cuts_hit_exactly_the_next_calls() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let ids = open_alerts(&server, &http, &t, 2).await;
    let url = format!("{}/v1/alerts/update-state", server.base_url());

    server.faults().drop_before_next(1);
    assert_no_answer(
        http.post(&url)
            .bearer_auth(&t)
            .json(&resolve_body(&ids[0]))
            .send()
            .await,
        "drop_before_next",
    );
    assert_eq!(state_of(&server, &http, &t, &ids[0]).await, "OPEN");

    server.faults().drop_after_next(1);
    assert_no_answer(
        http.post(&url)
            .bearer_auth(&t)
            .json(&resolve_body(&ids[1]))
            .send()
            .await,
        "drop_after_next",
    );
    assert_eq!(state_of(&server, &http, &t, &ids[1]).await, "RESOLVED");

    server.faults().truncate_next(1);
    let r = http
        .post(format!("{}/v1/alerts/query-alerts", server.base_url()))
        .bearer_auth(&t)
        .json(&query_body(10))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.is_err());
    // And the next call is served whole.
    assert_eq!(state_of(&server, &http, &t, &ids[0]).await, "OPEN");
}

/// What a client saw of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Seen {
    Answered(u16),
    NoAnswer,
    CutBody,
}

async fn outcomes(config: FaultConfig, calls: usize) -> Vec<Seen> {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    faults(&server, config);
    let url = format!("{}/v1/alerts/query-alerts", server.base_url());
    let mut seen = Vec::with_capacity(calls);
    for _ in 0..calls {
        let outcome = match http
            .post(&url)
            .bearer_auth(&t)
            .json(&query_body(5))
            .send()
            .await
        {
            Err(e) => {
                assert!(e.status().is_none());
                Seen::NoAnswer
            }
            Ok(r) => {
                let status = r.status().as_u16();
                if status == 429 {
                    assert!(r.headers().get("retry-after").is_some());
                }
                match r.bytes().await {
                    Ok(_) => Seen::Answered(status),
                    Err(_) => Seen::CutBody,
                }
            }
        };
        seen.push(outcome);
    }
    assert_eq!(server.faults().requests_seen("query-alerts"), calls);
    seen
}

#[tokio::test]
async fn rates_give_a_plausible_share_and_a_seed_gives_the_same_run() {
    // 30% over 200 calls: 60 expected, standard deviation about 6.5.
    let config = FaultConfig {
        error_rate: 30.0,
        seed: 5,
        ..FaultConfig::default()
    };
    let a = outcomes(config, 200).await;
    let errors = a
        .iter()
        .filter(|s| matches!(s, Seen::Answered(500 | 502 | 503)))
        .count();
    let ok = a.iter().filter(|s| **s == Seen::Answered(200)).count();
    assert_eq!(errors + ok, 200, "{a:?}");
    assert!((35..=85).contains(&errors), "{errors} errors of 200 at 30%");
    for code in [500, 502, 503] {
        assert!(a.contains(&Seen::Answered(code)), "{code} among the errors");
    }
    assert_eq!(
        a,
        outcomes(config, 200).await,
        "the same seed, the same run"
    );
    let other = outcomes(FaultConfig { seed: 6, ..config }, 200).await;
    assert_ne!(a, other, "another seed, another run");
}

#[tokio::test]
async fn every_kind_of_fault_at_once_keeps_its_share() {
    let config = FaultConfig {
        error_rate: 10.0,
        rate_limit_rate: 10.0,
        drop_before_rate: 10.0,
        drop_after_rate: 10.0,
        truncate_rate: 10.0,
        seed: 9,
        ..FaultConfig::default()
    };
    let a = outcomes(config, 200).await;
    let count = |want: fn(&Seen) -> bool| a.iter().filter(|s| want(s)).count();
    let errors = count(|s| matches!(s, Seen::Answered(500..=599)));
    let limited = count(|s| *s == Seen::Answered(429));
    let dropped = count(|s| *s == Seen::NoAnswer);
    let cut = count(|s| *s == Seen::CutBody);
    let ok = count(|s| *s == Seen::Answered(200));
    assert_eq!(errors + limited + dropped + cut + ok, 200, "{a:?}");
    // 20 expected for each single fault (sd 4.2), 40 for the two drops, 100 served.
    for (what, n) in [("5xx", errors), ("429", limited), ("cut", cut)] {
        assert!((6..=40).contains(&n), "{n} {what} of 200 at 10%");
    }
    assert!(
        (20..=65).contains(&dropped),
        "{dropped} dropped of 200 at 20%"
    );
    assert!((70..=130).contains(&ok), "{ok} served of 200 at 50%");
    assert_eq!(
        a,
        outcomes(config, 200).await,
        "the same seed, the same run"
    );
}

#[tokio::test]
async fn latency_delays_every_api_answer() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    faults(
        &server,
        FaultConfig {
            latency: Duration::from_millis(200),
            latency_jitter: Duration::from_millis(100),
            ..FaultConfig::default()
        },
    );
    let url = format!("{}/v1/alerts/query-alerts", server.base_url());
    for _ in 0..4 {
        let began = Instant::now();
        let r = http
            .post(&url)
            .bearer_auth(&t)
            .json(&query_body(5))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        r.bytes().await.unwrap();
        assert!(
            began.elapsed() >= Duration::from_millis(200),
            "{:?}",
            began.elapsed()
        );
    }
    // Logins are spared unless asked; asked, they wait too.
    faults(
        &server,
        FaultConfig {
            latency: Duration::from_millis(200),
            fault_token_calls: true,
            ..FaultConfig::default()
        },
    );
    let began = Instant::now();
    token(&server, &http).await;
    assert!(began.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn login_calls_are_spared_unless_asked() {
    let server = start().await;
    let http = reqwest::Client::new();
    faults(
        &server,
        FaultConfig {
            error_rate: 100.0,
            ..FaultConfig::default()
        },
    );
    let t = token(&server, &http).await;
    let r = http
        .post(format!("{}/v1/alerts/query-alerts", server.base_url()))
        .bearer_auth(&t)
        .json(&query_body(5))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_server_error());
    faults(
        &server,
        FaultConfig {
            drop_before_rate: 100.0,
            fault_token_calls: true,
            ..FaultConfig::default()
        },
    );
    let login = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth("demo-client", Some("demo-secret"))
        .send()
        .await;
    assert_no_answer(login, "a login with --fault-token-calls");
}

async fn query_status(server: &DemoServer, http: &reqwest::Client, t: &str) -> u16 {
    http.post(format!("{}/v1/alerts/query-alerts", server.base_url()))
        .bearer_auth(t)
        .json(&query_body(5))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn tokens_revoked_every_n_requests_get_401_and_a_fresh_one_works() {
    let server = start().await;
    let http = reqwest::Client::new();
    faults(
        &server,
        FaultConfig {
            revoke_tokens_every: Some(RevokeEvery::Requests(3)),
            ..FaultConfig::default()
        },
    );
    let t = token(&server, &http).await;
    assert_eq!(query_status(&server, &http, &t).await, 200);
    assert_eq!(query_status(&server, &http, &t).await, 200);
    assert_eq!(
        query_status(&server, &http, &t).await,
        401,
        "the third call"
    );
    let fresh = token(&server, &http).await;
    assert_eq!(query_status(&server, &http, &fresh).await, 200);
    assert_eq!(
        query_status(&server, &http, &t).await,
        401,
        "the old one stays dead"
    );
    assert_eq!(
        query_status(&server, &http, &fresh).await,
        401,
        "the sixth call"
    );
}

/// On paused time: the two seconds pass when the test says so, however slow the machine.
#[tokio::test(start_paused = true)]
async fn tokens_revoked_every_few_seconds_get_401_and_a_fresh_one_works() {
    let server = start().await;
    let http = paused_time_client();
    let old = token(&server, &http).await;
    faults(
        &server,
        FaultConfig {
            revoke_tokens_every: Some(RevokeEvery::Seconds(2)),
            ..FaultConfig::default()
        },
    );
    assert_eq!(
        query_status(&server, &http, &old).await,
        200,
        "configuring revokes nothing"
    );
    let t = token(&server, &http).await;
    assert_eq!(query_status(&server, &http, &t).await, 200);
    // Just short of the period, nothing is revoked; just past it, every token is.
    tokio::time::advance(Duration::from_millis(1990)).await;
    assert_eq!(query_status(&server, &http, &t).await, 200);
    tokio::time::advance(Duration::from_millis(20)).await;
    assert_eq!(query_status(&server, &http, &t).await, 401);
    assert_eq!(query_status(&server, &http, &old).await, 401);
    let fresh = token(&server, &http).await;
    assert_eq!(query_status(&server, &http, &fresh).await, 200);
}

/// On paused time, as above.
#[tokio::test(start_paused = true)]
async fn the_token_lifetime_is_reported_and_enforced() {
    let server = start().await;
    let http = paused_time_client();
    let login = || async {
        let v: Value = http
            .post(format!("{}/v1/oauth", server.base_url()))
            .basic_auth("demo-client", Some("demo-secret"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v
    };
    assert_eq!(login().await["expires_in"], 900, "the default");
    faults(
        &server,
        FaultConfig {
            token_lifetime_secs: 1,
            ..FaultConfig::default()
        },
    );
    let v = login().await;
    assert_eq!(v["expires_in"], 1);
    let t = v["access_token"].as_str().unwrap().to_string();
    assert_eq!(query_status(&server, &http, &t).await, 200);
    tokio::time::advance(Duration::from_millis(990)).await;
    assert_eq!(
        query_status(&server, &http, &t).await,
        200,
        "not yet expired"
    );
    tokio::time::advance(Duration::from_millis(20)).await;
    assert_eq!(query_status(&server, &http, &t).await, 401, "expired");
    let fresh = login().await["access_token"].as_str().unwrap().to_string();
    assert_eq!(query_status(&server, &http, &fresh).await, 200);
}

#[tokio::test]
async fn with_every_fault_off_the_tenant_answers_everything_on_one_connection() {
    let server = start().await;
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    assert_eq!(server.faults().config(), FaultConfig::default());
    assert!(FaultConfig::default().describe().is_none());
    for _ in 0..50 {
        assert_eq!(query_status(&server, &http, &t).await, 200);
    }
    // Answers come whole and the connection is kept alive: one raw connection, two answers.
    let body = query_body(5).to_string();
    let one = format!(
        "POST /v1/alerts/query-alerts HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {t}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut tcp = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    tcp.write_all(one.as_bytes()).await.unwrap();
    tcp.write_all(
        one.replace("HTTP/1.1\r\n", "HTTP/1.1\r\nConnection: close\r\n")
            .as_bytes(),
    )
    .await
    .unwrap();
    let mut all = Vec::new();
    tcp.read_to_end(&mut all).await.unwrap();
    let text = String::from_utf8_lossy(&all);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}
