//! The secret never reaches the screen: the real binary is run against broken config
//! files, failing and hanging secret commands, proxies with passwords and plain-http
//! URLs, and neither stdout nor stderr may hold the secret. Also: a secret_command runs
//! only when a secret is needed, and a config file others can change is refused.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use triage42::api::{ApiError, Client, ClientConfig};
use triage42::demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::BIN;

/// Every secret in this file contains this, so one check covers them all.
const MARK: &str = "S3CRET";

struct Run {
    code: Option<i32>,
    out: String,
}

impl Run {
    fn assert_no_secret(&self) {
        assert!(!self.out.contains(MARK), "the secret leaked:\n{}", self.out);
    }
}

/// A temporary directory with a config file in it (mode 0600 unless changed).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(config: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let setup = Setup { dir };
        std::fs::write(setup.config(), config).unwrap();
        setup.chmod(0o600);
        setup
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn marker(&self) -> PathBuf {
        self.dir.path().join("secret_command-ran")
    }

    fn chmod(&self, mode: u32) {
        std::fs::set_permissions(self.config(), std::fs::Permissions::from_mode(mode)).unwrap();
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("TRIAGE42_CONFIG", self.config())
            .env("XDG_STATE_HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env_remove("TRIAGE42_PROFILE")
            .env_remove("INCYDR_URL")
            .env_remove("INCYDR_API_CLIENT_ID")
            .env_remove("INCYDR_API_CLIENT_SECRET");
        for name in [
            "HTTP_PROXY",
            "http_proxy",
            "HTTPS_PROXY",
            "https_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            cmd.env_remove(name);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.stdin(std::process::Stdio::null()).output().unwrap();
        Run {
            code: output.status.code(),
            out: String::from_utf8_lossy(&output.stdout).to_string()
                + &String::from_utf8_lossy(&output.stderr),
        }
    }
}

fn profile(lines: &str) -> String {
    format!("default_profile = \"us\"\n\n[profiles.us]\nclient_id = \"key-1\"\n{lines}\n")
}

struct Tenant {
    _runtime: tokio::runtime::Runtime,
    server: DemoServer,
}

fn tenant() -> Tenant {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime
        .block_on(DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoConfig {
                alerts: 10,
                seed: 3,
                ..DemoConfig::default()
            },
        ))
        .unwrap();
    Tenant {
        _runtime: runtime,
        server,
    }
}

fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_broken_config_file_never_quotes_the_line_with_the_secret() {
    let cases: &[(&str, &str)] = &[
        // A misspelt key: named, with its line; the value is not shown.
        (
            "secert = \"S3CRET-misspelt\"",
            "line 5, column 1: unknown key `secert` in profile `us`",
        ),
        // Wrong types: the key and what it must be.
        (
            "secret = 5331234567",
            "line 5, column 10: `secret` in profile `us` must be a string in quotes",
        ),
        (
            "page_size = \"S3CRET-as-page-size\"",
            "line 5, column 13: `page_size` in profile `us` must be a number",
        ),
        // Bad TOML on the secret's own line.
        (
            "secret = \"S3CRET-unclosed",
            "line 5, column 26: not valid TOML",
        ),
        (
            "secret = S3CRET-unquoted",
            "line 5, column 10: not valid TOML",
        ),
        (
            "secret = \"S3CRET-a\" \"S3CRET-b\"",
            "line 5, column 21: not valid TOML",
        ),
        (
            "secret S3CRET-no-equals",
            "line 5, column 8: not valid TOML",
        ),
        (
            "secret = \"S3CRET\\q-bad-escape\"",
            "line 5, column 18: not valid TOML",
        ),
    ];
    for (line, expected) in cases {
        let setup = Setup::new(&profile(line));
        for args in [&["info"][..], &["alerts", "search"], &[]] {
            let run = setup.run(args);
            assert_eq!(run.code, Some(2), "{args:?} {line}: {}", run.out);
            assert!(
                run.out
                    .contains(&format!("{} {expected}", setup.config().display())),
                "{args:?} {line}: {}",
                run.out
            );
            run.assert_no_secret();
            // Digits of a numeric secret are not shown either.
            assert!(!run.out.contains("5331234567"), "{}", run.out);
        }
    }
}

#[test]
fn info_masks_the_proxy_password_and_does_not_run_the_secret_command() {
    let setup = Setup::new("");
    let text = profile(&format!(
        "url = \"https://api.us.code42.com\"\nproxy = \"http://bob:S3CRET-proxy@proxy.internal:3128\"\n\
         secret_command = \"touch '{}'; echo S3CRET-from-command\"\nsecret_command_timeout_secs = 3",
        setup.marker().display()
    ));
    std::fs::write(setup.config(), text).unwrap();
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
    run.assert_no_secret();
    assert!(
        run.out
            .contains("proxy          http://bob:****@proxy.internal:3128 (profile us (proxy))"),
        "{}",
        run.out
    );
    assert!(
        run.out
            .contains("secret         from secret_command (not run; profile us, timeout 3 s)"),
        "{}",
        run.out
    );
    assert!(!setup.marker().exists(), "info ran the secret_command");

    // Neither do commands that never need a secret, nor ones that fail before.
    for args in [
        &["completions", "bash"][..],
        &["--help"],
        &["alerts", "search", "--client-id", "x", "--url", "ftp://x"],
        &["alerts", "search", "--url", "http://tenant.example"],
    ] {
        let run = setup.run(args);
        run.assert_no_secret();
        assert!(
            !setup.marker().exists(),
            "{args:?} ran the secret_command: {}",
            run.out
        );
    }
    // A bad default query stops the TUI before the command would run.
    let bad_query = std::fs::read_to_string(setup.config()).unwrap()
        + "default_query = \"severity:nonsense\"\n";
    std::fs::write(setup.config(), bad_query).unwrap();
    let run = setup.run(&[]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(run.out.contains("default_query"), "{}", run.out);
    assert!(
        !setup.marker().exists(),
        "the TUI ran the secret_command early"
    );
}

#[test]
fn the_secret_command_runs_when_the_secret_is_needed() {
    let tenant = tenant();
    let setup = Setup::new("");
    let text = profile(&format!(
        "url = \"{}\"\nsecret_command = \"touch '{}'; printf '%s\\\\n' {DEMO_CLIENT_SECRET}\"",
        tenant.server.base_url(),
        setup.marker().display()
    ))
    .replace("key-1", DEMO_CLIENT_ID);
    std::fs::write(setup.config(), text).unwrap();
    let run = setup.run(&["alerts", "search", "-f", "jsonl"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
    assert!(setup.marker().exists());
    assert!(!run.out.contains(DEMO_CLIENT_SECRET));
}

#[test]
fn a_failing_secret_command_does_not_repeat_what_it_printed() {
    let tenant = tenant();
    let url = tenant.server.base_url();
    for (command, expected) in [
        (
            "echo 'gpg: token S3CRET-in-stderr refused' >&2; echo S3CRET-on-stdout; exit 3",
            "it exited with status 3; its one line of error output is not shown",
        ),
        (
            "echo S3CRET-only-on-stderr >&2; echo second line >&2",
            "it printed nothing; its 2 lines of error output are not shown",
        ),
        ("kill -9 $$", "it was ended by signal 9"),
    ] {
        let setup = Setup::new(&profile(&format!(
            "url = \"{url}\"\nsecret_command = \"{command}\""
        )));
        for args in [&["alerts", "search"][..], &["cases", "list"]] {
            let run = setup.run(args);
            assert_eq!(run.code, Some(2), "{command}: {}", run.out);
            assert!(
                run.out
                    .contains(&format!("secret_command of profile us failed: {expected}")),
                "{command}: {}",
                run.out
            );
            run.assert_no_secret();
        }
    }
}

/// The state of a process, or None once it is gone (a zombie counts as gone).
fn alive(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|stat| {
            let state = stat.rsplit(')').next().unwrap_or("").trim_start();
            !state.starts_with('Z')
        })
        .unwrap_or(false)
}

#[test]
fn a_hanging_secret_command_is_stopped_after_its_timeout() {
    let setup = Setup::new("");
    let pid_file = setup.dir.path().join("sleeper.pid");
    std::fs::write(
        setup.config(),
        profile(&format!(
            "url = \"http://127.0.0.1:{}\"\nsecret_command_timeout_secs = 1\n\
             secret_command = \"echo S3CRET-before-hanging >&2; sleep 120 & echo $! > '{}'; wait\"",
            closed_port(),
            pid_file.display()
        )),
    )
    .unwrap();
    let started = Instant::now();
    let run = setup.run(&["alerts", "search"]);
    let took = started.elapsed();
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(
        run.out.contains(
            "secret_command of profile us failed: it did not finish within 1 s and was stopped"
        ),
        "{}",
        run.out
    );
    run.assert_no_secret();
    // What it started went with it.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let pid = pid.trim();
    let deadline = Instant::now() + Duration::from_secs(5);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!alive(pid), "the command's child {pid} is still running");
}

#[test]
fn proxy_passwords_stay_hidden_in_connection_errors() {
    // A proxy that is not there: the connection error must not show its password.
    // (A tenant on this machine is reached directly: this one is not.)
    let setup = Setup::new(&profile(&format!(
        "url = \"https://tenant.invalid\"\nproxy = \"http://bob:S3CRET-proxy@127.0.0.1:{}\"\nsecret_env = \"MY_SECRET\"",
        closed_port()
    )));
    let run = setup.run_with(&["alerts", "search"], &[("MY_SECRET", "S3CRET-client")]);
    assert_eq!(run.code, Some(1), "{}", run.out);
    assert!(run.out.contains("could not reach"), "{}", run.out);
    run.assert_no_secret();

    // A proxy URL reqwest cannot parse used to be quoted whole in the error.
    let setup = Setup::new(&profile(
        "url = \"https://api.us.code42.com\"\nproxy = \"http://bob:S3CRET-proxy@[::1\"\nsecret_env = \"MY_SECRET\"",
    ));
    for args in [&["alerts", "search"][..], &["info"]] {
        let run = setup.run_with(args, &[("MY_SECRET", "S3CRET-client")]);
        assert!(run.out.contains("http://bob:****@[::1"), "{}", run.out);
        run.assert_no_secret();
    }
}

#[test]
fn the_library_masks_the_proxy_in_debug_and_in_errors() {
    let mut config = ClientConfig::new("https://api.us.code42.com", "id", "S3CRET-client");
    config.proxy = Some("http://bob:S3CRET-proxy@proxy.internal:3128".into());
    let debug = format!("{config:?}");
    assert!(
        debug.contains("http://bob:****@proxy.internal:3128"),
        "{debug}"
    );
    assert!(!debug.contains(MARK), "{debug}");

    config.proxy = Some("http://bob:S3CRET-proxy@[::1".into());
    let Err(err) = Client::new(config) else {
        panic!("a proxy that is not a URL was accepted")
    };
    assert!(matches!(err, ApiError::Config(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(MARK), "{err}");

    let config = ClientConfig::new("https://bob:S3CRET-url@api.us.code42.com", "id", "x");
    assert!(!format!("{config:?}").contains(MARK));
    let Err(err) = Client::new(config) else {
        panic!("credentials in the tenant URL were accepted")
    };
    assert!(err.to_string().contains("user name or password"), "{err}");
    assert!(!err.to_string().contains(MARK), "{err}");
}

#[test]
fn plain_http_is_refused_for_hosts_other_than_loopback() {
    let refused = |url: &str, allow: bool| {
        let mut config = ClientConfig::new(url, "id", "x");
        config.allow_insecure_http = allow;
        match Client::new(config) {
            Ok(_) => false,
            Err(ApiError::Config(m)) => {
                assert!(m.contains("--insecure-http"), "{m}");
                true
            }
            Err(e) => panic!("{e}"),
        }
    };
    for url in [
        "http://127.0.0.1:8080",
        "http://127.1.2.3",
        "http://localhost:9000/",
        "http://LOCALHOST",
        "http://[::1]:8080",
        "http://[::ffff:127.0.0.1]",
        "http://2130706433",
        "https://tenant.example",
    ] {
        assert!(!refused(url, false), "{url}");
    }
    for url in [
        "http://tenant.example",
        "http://10.0.0.1",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "http://[::2]",
        "http://0.0.0.0",
    ] {
        assert!(refused(url, false), "{url}");
        assert!(!refused(url, true), "{url}");
    }
}

#[test]
fn the_binary_refuses_plain_http_unless_told_and_says_how() {
    let tenant = tenant();
    // Only the proxy (the demo tenant itself) can reach this host.
    let setup = Setup::new(&profile(&format!(
        "url = \"http://tenant.invalid\"\nproxy = \"{}\"\nsecret_env = \"MY_SECRET\"",
        tenant.server.base_url()
    )));
    let secret = [("MY_SECRET", DEMO_CLIENT_SECRET)];
    let args = [
        "alerts",
        "search",
        "--client-id",
        DEMO_CLIENT_ID,
        "-f",
        "jsonl",
    ];
    let run = setup.run_with(&args, &secret);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out.contains("refusing http://tenant.invalid")
            && run.out.contains("unencrypted")
            && run.out.contains("--insecure-http"),
        "{}",
        run.out
    );
    assert!(!run.out.contains(DEMO_CLIENT_SECRET));
    assert_eq!(tenant.server.faults().requests_seen("/v1/oauth"), 0);
    let info = setup.run_with(&["info"], &secret);
    assert!(info.out.contains("refused        "), "{}", info.out);

    let mut allowed = args.to_vec();
    allowed.push("--insecure-http");
    let run = setup.run_with(&allowed, &secret);
    assert_eq!(run.code, Some(0), "{}", run.out);
    assert!(!run.out.contains(DEMO_CLIENT_SECRET));

    let text = std::fs::read_to_string(setup.config()).unwrap() + "insecure_http = true\n";
    std::fs::write(setup.config(), text).unwrap();
    let run = setup.run_with(&args, &secret);
    assert_eq!(run.code, Some(0), "{}", run.out);
    let info = setup.run_with(&["info"], &secret);
    assert!(
        info.out
            .contains("insecure http  true (profile us (insecure_http))"),
        "{}",
        info.out
    );
}

#[test]
fn a_config_file_others_can_change_is_refused_when_it_yields_the_secret() {
    let setup = Setup::new("");
    let text = profile(&format!(
        "url = \"https://api.us.code42.com\"\nsecret_command = \"touch '{}'; echo S3CRET\"",
        setup.marker().display()
    ));
    std::fs::write(setup.config(), &text).unwrap();
    for mode in [0o664, 0o646, 0o622] {
        setup.chmod(mode);
        for args in [&["info"][..], &["alerts", "search"]] {
            let run = setup.run(args);
            assert_eq!(run.code, Some(2), "{}", run.out);
            assert!(
                run.out.contains(&format!(
                    "refusing to use {path}: it holds a secret_command and others can change it \
                     (mode {mode:04o}); run `chmod go-w {path}`",
                    path = setup.config().display()
                )),
                "{}",
                run.out
            );
            assert!(!setup.marker().exists());
        }
    }
    // Readable by others is fine for a command (it is not the secret).
    setup.chmod(0o644);
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(0), "{}", run.out);

    // A file that holds the secret itself: told to make it 0600.
    std::fs::write(
        setup.config(),
        profile("url = \"https://api.us.code42.com\"\nsecret = \"S3CRET-in-file\""),
    )
    .unwrap();
    setup.chmod(0o620);
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out
            .contains(&format!("run `chmod 600 {}`", setup.config().display())),
        "{}",
        run.out
    );
    run.assert_no_secret();
    setup.chmod(0o640);
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(run.out.contains("others can read that file"), "{}", run.out);
    setup.chmod(0o600);
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
    assert!(
        run.out
            .contains("secret         **** (profile us (secret))"),
        "{}",
        run.out
    );
    run.assert_no_secret();
}

#[test]
fn a_path_with_spaces_is_quoted_in_the_chmod_advice() {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("my config.toml");
    std::fs::write(path, profile("secret = \"S3CRET\"")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o604)).unwrap();
    let output = Command::new(BIN)
        .args(["info", "--config"])
        .arg(path)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(&format!("run `chmod 600 '{}'`", path.display())),
        "{err}"
    );
}

#[test]
fn a_secret_flag_is_never_echoed() {
    let setup = Setup::new(&profile(&format!(
        "url = \"http://127.0.0.1:{}\"",
        closed_port()
    )));
    let run = setup.run(&["alerts", "search", "--secret", "S3CRET-flag"]);
    assert_eq!(run.code, Some(1), "{}", run.out);
    run.assert_no_secret();
    let run = setup.run(&["info", "--secret", "S3CRET-flag"]);
    assert!(
        run.out.contains("secret         **** (flag --secret)"),
        "{}",
        run.out
    );
    run.assert_no_secret();
}

#[test]
fn wrong_keys_elsewhere_are_caught_and_a_config_others_can_write_is_refused_without_secrets() {
    let setup = Setup::new("[profiles.a]\nurl = \"https://x\"\n[profiles.b]\nclient_id = 3\n");
    setup.chmod(0o666);
    let run = setup.run(&["info", "--profile", "a"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out
            .contains("line 4, column 13: `client_id` in profile `b` must be a string in quotes"),
        "{}",
        run.out
    );
    std::fs::write(setup.config(), "[profiles.a]\nurl = \"https://x\"\n").unwrap();
    let run = setup.run(&["info", "--profile", "a"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(run.out.contains("others can change it"), "{}", run.out);
    setup.chmod(0o644);
    let run = setup.run(&["info", "--profile", "a"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
}

#[test]
fn a_config_file_others_can_change_is_refused_even_with_only_a_url() {
    let setup = Setup::new("");
    std::fs::write(
        setup.config(),
        profile("url = \"https://attacker.example\"\nsecret_env = \"MY_SECRET\""),
    )
    .unwrap();
    setup.chmod(0o664);
    let run = setup.run(&["alerts", "search"]);
    assert_eq!(run.code, Some(2), "{}", run.out);
    assert!(
        run.out.contains(&format!(
            "refusing to use {path}: it holds settings that decide where the secret goes and \
             others can change it (mode 0664); run `chmod go-w {path}`",
            path = setup.config().display()
        )),
        "{}",
        run.out
    );
    setup.chmod(0o644);
    let run = setup.run(&["info"]);
    assert_eq!(run.code, Some(0), "{}", run.out);
}
