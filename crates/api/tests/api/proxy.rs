//! The client goes through the proxy the environment names (HTTP_PROXY / HTTPS_PROXY)
//! unless NO_PROXY exempts the host, or the host is this machine. The demo tenant doubles as the proxy: a request for
//! an unresolvable host can only reach it through the proxy.
//!
//! The test changes the process environment, so it runs in a child process of its own.

use std::time::Duration;

use triage42_api::{AlertQuery, ApiError, Client, ClientConfig};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

const TENANT_HOST: &str = "tenant.invalid";

fn client() -> Client {
    let mut config = ClientConfig::new(
        format!("http://{TENANT_HOST}"),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    );
    config.max_retries = 0;
    config.timeout = Duration::from_secs(20);
    // Plain http:// to a host that is not loopback is refused unless allowed.
    config.allow_insecure_http = true;
    Client::new(config).unwrap()
}

fn set_env(proxy: &str, no_proxy: &str) {
    // SAFETY: called before the runtime starts, in a process that runs only this test.
    unsafe {
        for name in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"] {
            std::env::set_var(name, proxy);
        }
        std::env::remove_var("ALL_PROXY");
        std::env::remove_var("all_proxy");
        std::env::remove_var("REQUEST_METHOD");
        std::env::set_var("NO_PROXY", no_proxy);
        std::env::set_var("no_proxy", no_proxy);
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// The test below, in a process of its own: the proxy variables it sets would reach
/// every other test of this binary.
#[test]
fn the_proxy_from_the_environment_is_used_unless_no_proxy_names_the_host() {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "proxy::proxy_from_the_environment_in_a_process_of_its_own",
            "--ignored",
            "--test-threads=1",
        ])
        .status()
        .unwrap();
    assert!(status.success(), "the proxy test failed in its own process");
}

#[test]
#[ignore = "changes the process environment: run alone by the test above"]
fn proxy_from_the_environment_in_a_process_of_its_own() {
    let port = free_port();
    let proxy = format!("http://127.0.0.1:{port}");

    set_env(&proxy, "example.org");
    runtime().block_on(async {
        let server = DemoServer::start(
            format!("127.0.0.1:{port}").parse().unwrap(),
            DemoConfig {
                alerts: 5,
                seed: 1,
                ..DemoConfig::default()
            },
        )
        .await
        .unwrap();
        let page = client()
            .search_alerts(&AlertQuery::default())
            .await
            .unwrap();
        assert_eq!(page.total_count, 5);
        assert_eq!(server.faults().requests_seen("query-alerts"), 1);
        server.shutdown().await;
    });

    set_env(&proxy, TENANT_HOST);
    runtime().block_on(async {
        let server = DemoServer::start(
            format!("127.0.0.1:{port}").parse().unwrap(),
            DemoConfig {
                alerts: 5,
                seed: 1,
                ..DemoConfig::default()
            },
        )
        .await
        .unwrap();
        let err = client()
            .search_alerts(&AlertQuery::default())
            .await
            .unwrap_err();
        // Direct, the name does not resolve: a tenant never reached, said at once.
        assert!(matches!(err, ApiError::Unreachable(_)), "{err:?}");
        assert_eq!(server.faults().requests_seen("oauth"), 0, "went direct");
        server.shutdown().await;
    });

    // A proxy nobody listens on, with credentials, and NO_PROXY naming nothing: a tenant
    // on this machine is reached directly all the same.
    set_env(&format!("http://user:pw@127.0.0.1:{}", free_port()), "");
    runtime().block_on(async {
        let server = DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoConfig {
                alerts: 5,
                seed: 1,
                ..DemoConfig::default()
            },
        )
        .await
        .unwrap();
        let page = Client::new(ClientConfig::new(
            server.base_url(),
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
        ))
        .unwrap()
        .search_alerts(&AlertQuery::default())
        .await
        .unwrap();
        assert_eq!(page.total_count, 5);
        server.shutdown().await;
    });
}
