//! Login, token renewal, retries and errors, against the demo tenant's fault injection
//! over real HTTP on loopback.

use std::time::Duration;

use futures::StreamExt;
use triage42_api::{
    AlertQuery, AlertState, ApiError, CaseListQuery, Client, ClientConfig, NewCase,
};

use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::{read, read_all};

async fn server(alerts: usize) -> DemoServer {
    DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 11,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

fn config(server: &DemoServer) -> ClientConfig {
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    config
}

async fn first_alert_id(client: &Client) -> String {
    client
        .search_alerts(&AlertQuery::default().page_size(1))
        .await
        .unwrap()
        .alerts
        .into_iter()
        .map(read)
        .next()
        .unwrap()
        .id
}

#[tokio::test]
async fn one_login_serves_many_calls_and_the_tenant_comes_from_the_token() {
    let server = server(30).await;
    let client = Client::new(config(&server)).unwrap();
    let tenant = client.tenant_id().await.unwrap();
    assert!(!tenant.is_empty());
    let clones: Vec<Client> = (0..8).map(|_| client.clone()).collect();
    let query = AlertQuery::default();
    let calls = clones.iter().map(|c| c.search_alerts(&query));
    for page in futures::future::join_all(calls).await {
        assert_eq!(page.unwrap().total_count, 30);
    }
    assert_eq!(server.faults().requests_seen("/v1/oauth"), 1);
    assert_eq!(
        server.faults().requests_seen("/v1/customer"),
        0,
        "the JWT's tenantUid is used"
    );
}

#[tokio::test]
async fn a_401_mid_session_renews_the_token_and_succeeds() {
    let server = server(30).await;
    let client = Client::new(config(&server)).unwrap();
    let id = first_alert_id(&client).await;
    let logins = server.faults().requests_seen("/v1/oauth");
    server.faults().expire_all_tokens();
    let page = client.search_alerts(&AlertQuery::default()).await.unwrap();
    assert_eq!(page.total_count, 30);
    assert_eq!(server.faults().requests_seen("/v1/oauth"), logins + 1);

    // A mutation refused with 401 was not applied, so it is sent again after logging in.
    server.faults().expire_all_tokens();
    let notes = server.faults().requests_seen("add-note");
    client.add_alert_note(&id, "after renewal").await.unwrap();
    assert_eq!(server.faults().requests_seen("add-note"), notes + 2);
    assert_eq!(server.faults().requests_seen("/v1/oauth"), logins + 2);
    let d = read_all(
        client
            .alert_details(std::slice::from_ref(&id))
            .await
            .unwrap(),
    );
    assert_eq!(
        d[0].note.as_ref().unwrap().message.as_deref(),
        Some("after renewal")
    );
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_succeeds() {
    let server = server(30).await;
    let client = Client::new(config(&server)).unwrap();
    client.search_alerts(&AlertQuery::default()).await.unwrap();
    let before = server.faults().requests_seen("query-alerts");
    server.faults().rate_limit_next(1, 1);
    let page = client.search_alerts(&AlertQuery::default()).await.unwrap();
    assert_eq!(page.total_count, 30);
    assert_eq!(
        server.faults().requests_seen("query-alerts") - before,
        2,
        "one refused, one served"
    );

    // Without retries the caller sees the server's Retry-After.
    let mut once = config(&server);
    once.max_retries = 0;
    let impatient = Client::new(once).unwrap();
    server.faults().rate_limit_next(1, 1);
    let err = impatient
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(1))
        }
    );
    assert!(err.to_string().contains("retry in 1s"), "{err}");
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_is_reported_at_once() {
    let server = server(10).await;
    let client = Client::new(config(&server)).unwrap();
    client.search_alerts(&AlertQuery::default()).await.unwrap();
    let before = server.faults().requests_seen("query-alerts");
    server.faults().rate_limit_next(1, 3600);
    let err = client
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ApiError::RateLimited {
            retry_after: Some(Duration::from_secs(3600))
        }
    );
    assert_eq!(server.faults().requests_seen("query-alerts") - before, 1);
}

#[tokio::test]
async fn a_429_on_a_mutation_is_retried_because_it_was_not_applied() {
    let server = server(10).await;
    let client = Client::new(config(&server)).unwrap();
    let id = first_alert_id(&client).await;
    let before = server.faults().requests_seen("update-state");
    server.faults().rate_limit_next(1, 1);
    client
        .update_alert_state(std::slice::from_ref(&id), AlertState::Pending, None)
        .await
        .unwrap();
    assert_eq!(server.faults().requests_seen("update-state") - before, 2);
    let d = read_all(
        client
            .alert_details(std::slice::from_ref(&id))
            .await
            .unwrap(),
    );
    assert_eq!(d[0].summary.state, Some(AlertState::Pending));
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_and_checked_for_mutations() {
    let server = server(30).await;
    let client = Client::new(config(&server)).unwrap();
    let id = first_alert_id(&client).await;

    let before = server.faults().requests_seen("query-alerts");
    server.faults().fail_next(2, 503);
    assert!(client.search_alerts(&AlertQuery::default()).await.is_ok());
    assert_eq!(server.faults().requests_seen("query-alerts") - before, 3);

    let before = server.faults().requests_seen("/v1/cases");
    server.faults().fail_next(1, 502);
    assert!(
        client.list_cases(&CaseListQuery::default()).await.is_ok(),
        "GETs too"
    );
    assert_eq!(server.faults().requests_seen("/v1/cases") - before, 2);

    // A mutation whose answer is a 5xx may or may not have been applied: the client reads
    // the alert back and sends again only what is not there yet.
    let notes = server.faults().requests_seen("add-note");
    let reads = server.faults().requests_seen("query-details");
    server.faults().fail_next(1, 500);
    client.add_alert_note(&id, "once").await.unwrap();
    assert_eq!(
        server.faults().requests_seen("add-note"),
        notes + 2,
        "sent again after the check"
    );
    assert_eq!(
        server.faults().requests_seen("query-details"),
        reads + 1,
        "checked first"
    );
    let d = read_all(
        client
            .alert_details(std::slice::from_ref(&id))
            .await
            .unwrap(),
    );
    assert_eq!(d[0].note.as_ref().unwrap().message.as_deref(), Some("once"));

    server.faults().fail_next(1, 503);
    let made = client
        .create_case(&NewCase {
            name: "not twice".into(),
            ..NewCase::default()
        })
        .await
        .unwrap();
    let named: Vec<_> = client
        .all_cases(CaseListQuery {
            name: Some("not twice".into()),
            ..CaseListQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(named.len(), 1, "created once");
    assert_eq!(read_all(named)[0].number, made.number);

    let mut few = config(&server);
    few.max_retries = 2;
    let limited = Client::new(few).unwrap();
    let before = server.faults().requests_seen("query-alerts");
    server.faults().fail_next(10, 500);
    assert!(matches!(
        limited.search_alerts(&AlertQuery::default()).await,
        Err(ApiError::Server { status: 500, .. })
    ));
    assert_eq!(server.faults().requests_seen("query-alerts") - before, 3);
    server.faults().fail_next(0, 500);
}

#[tokio::test]
async fn a_failure_mid_stream_ends_the_stream_with_the_error() {
    let server = server(120).await;
    let mut once = config(&server);
    once.max_retries = 0;
    let client = Client::new(once).unwrap();
    client.tenant_id().await.unwrap();
    let mut stream = Box::pin(client.search_all_alerts(AlertQuery::default().page_size(50)));
    for _ in 0..50 {
        stream.next().await.unwrap().unwrap();
    }
    server.faults().fail_next(1, 500);
    let mut rest = Vec::new();
    while let Some(item) = stream.next().await {
        rest.push(item);
    }
    assert_eq!(rest.len(), 1);
    assert!(matches!(rest[0], Err(ApiError::Server { status: 500, .. })));
}

#[tokio::test]
async fn bad_credentials_dead_servers_and_bad_config_are_told_apart() {
    let server = server(10).await;
    let bad = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        "wrong",
    ))
    .unwrap();
    let err = bad.search_alerts(&AlertQuery::default()).await.unwrap_err();
    assert_eq!(err, ApiError::Unauthorized);
    assert_eq!(server.faults().requests_seen("query-alerts"), 0);

    let dead = ClientConfig::new("http://127.0.0.1:9", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    assert!(matches!(
        Client::new(dead)
            .unwrap()
            .search_alerts(&AlertQuery::default())
            .await,
        Err(ApiError::Unreachable(_))
    ));
    assert!(matches!(
        Client::new(ClientConfig::new("ftp://x", "a", "b")),
        Err(ApiError::Config(_))
    ));
    let mut missing_ca = config(&server);
    missing_ca.extra_ca_pem = Some("/nonexistent/corp-ca.pem".into());
    assert!(matches!(
        Client::new(missing_ca),
        Err(ApiError::Config(m)) if m.contains("corp-ca.pem")
    ));
}

#[tokio::test]
async fn an_explicit_proxy_carries_every_request() {
    let server = server(5).await;
    // Only the proxy (the demo tenant itself) can reach an unresolvable host.
    let mut via = ClientConfig::new("http://tenant.invalid", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    // Plain http:// to a host that is not loopback is refused unless allowed.
    via.allow_insecure_http = true;
    via.proxy = Some(server.base_url());
    let page = Client::new(via)
        .unwrap()
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total_count, 5);
    assert_eq!(server.faults().requests_seen("/v1/oauth"), 1);

    let mut bad = config(&server);
    bad.proxy = Some("not a proxy url".into());
    assert!(matches!(Client::new(bad), Err(ApiError::Config(_))));
}

/// A client whose retries are counted.
fn counted(mut config: ClientConfig) -> (Client, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let retries = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = retries.clone();
    config.on_retry = Some(triage42_api::RetryObserver::new(move |_| {
        seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }));
    (Client::new(config).unwrap(), retries)
}

#[tokio::test]
async fn a_tenant_never_reached_fails_at_once_with_a_hint_and_one_reached_is_retried() {
    // Nothing listens on this port: a setup mistake, said at once, not retried.
    let (client, retries) = counted(ClientConfig::new(
        "http://127.0.0.1:9",
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ));
    let err = client
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    let ApiError::Unreachable(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("http://127.0.0.1:9"), "{message}");
    assert!(message.contains("triage42 doctor"), "{message}");
    assert_eq!(retries.load(std::sync::atomic::Ordering::SeqCst), 0);

    // A tenant that has answered and then stops: a passing fault, retried.
    let server = server(5).await;
    let mut config = config(&server);
    config.retry_deadline = Duration::from_millis(500);
    let (client, retries) = counted(config);
    client.search_alerts(&AlertQuery::default()).await.unwrap();
    server.shutdown().await;
    let err = client
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Network(_)), "{err:?}");
    assert!(retries.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

#[tokio::test]
async fn the_tui_keeps_trying_a_tenant_never_reached_and_says_why() {
    let mut config = ClientConfig::new("http://127.0.0.1:9", DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.retry_unreached = true;
    config.retry_deadline = Duration::from_millis(300);
    config.backoff_base = Duration::from_millis(20);
    let said = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let keep = said.clone();
    config.on_retry = Some(triage42_api::RetryObserver::new(move |notice| {
        keep.lock().unwrap().push(notice.to_string());
    }));
    let err = Client::new(config)
        .unwrap()
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Unreachable(_)), "{err:?}");
    let said = said.lock().unwrap().clone();
    assert!(!said.is_empty());
    assert!(
        said[0].contains("could not reach http://127.0.0.1:9"),
        "{said:?}"
    );
}

#[tokio::test]
async fn retry_after_zero_is_not_a_hot_loop() {
    let server = server(5).await;
    let mut config = config(&server);
    config.backoff_base = Duration::from_millis(200);
    config.retry_deadline = Duration::from_secs(2);
    let client = Client::new(config).unwrap();
    client.tenant_id().await.unwrap();
    server.faults().rate_limit_next(10_000, 0);
    let err = client
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
    // 0.2 s, 0.4 s, 0.8 s …: a handful within 2 s, not thousands.
    let calls = server.faults().requests_seen("query-alerts");
    assert!((2..=6).contains(&calls), "{calls} calls");
}

#[tokio::test]
async fn tokens_refused_twice_in_a_row_are_renewed_with_back_off() {
    let server = server(5).await;
    let client = Client::new(config(&server)).unwrap();
    client.tenant_id().await.unwrap();
    let logins = server.faults().requests_seen("/v1/oauth");
    // The next three calls are refused as if their tokens had been revoked.
    server.faults().fail_next(3, 401);
    let page = client.search_alerts(&AlertQuery::default()).await.unwrap();
    assert_eq!(page.total_count, 5);
    assert_eq!(server.faults().requests_seen("/v1/oauth") - logins, 3);
}

#[tokio::test]
async fn loopback_is_never_reached_through_a_proxy() {
    let server = server(5).await;
    let mut config = config(&server);
    // A proxy nobody listens on: used, it would fail.
    config.proxy = Some("http://user:pw@127.0.0.1:9".into());
    let page = Client::new(config)
        .unwrap()
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap();
    assert_eq!(page.total_count, 5);
}

/// A server that answers every request with `status` and `Location: location`, and
/// counts the requests it gets.
async fn redirecting(
    status: u16,
    location: impl Fn(u16) -> String + Send + 'static,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = vec![0u8; 65536];
            let _ = socket.read(&mut buf).await;
            let response = format!(
                "HTTP/1.1 {status} Redirect\r\nLocation: {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                location(port)
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    (format!("http://127.0.0.1:{port}"), hits)
}

#[tokio::test]
async fn a_redirect_away_from_the_tenant_is_an_error_that_names_it_and_is_not_followed() {
    // The other host: it must never be asked anything.
    let (elsewhere, elsewhere_hits) = redirecting(200, |_| String::new()).await;
    let target = format!("{elsewhere}/steal");
    let (tenant, _) = redirecting(307, move |_| target.clone()).await;
    let err = Client::new(ClientConfig::new(
        tenant,
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap()
    .search_alerts(&AlertQuery::default())
    .await
    .unwrap_err();
    let text = err.to_string();
    assert!(text.contains(&format!("{elsewhere}/steal")), "{text}");
    assert!(text.contains("not followed"), "{text}");
    assert_eq!(elsewhere_hits.load(std::sync::atomic::Ordering::SeqCst), 0);
}
