//! Shared by the CLI tests: a demo tenant on loopback and the real binary run against
//! it with a clean environment (nothing of the caller's INCYDR_*, HOME or XDG dirs).

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use triage42::demo::{DemoConfig, DemoServer};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_triage42");

/// The demo tenant's API client secret.
pub const SECRET: &str = "demo-secret";

pub struct Tenant {
    _runtime: tokio::runtime::Runtime,
    pub server: DemoServer,
    /// HOME, XDG state and config, the journal and the working directory of the
    /// commands run against this tenant.
    pub home: tempfile::TempDir,
}

impl Tenant {
    pub fn start(config: DemoConfig) -> Tenant {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime
            .block_on(DemoServer::start("127.0.0.1:0".parse().unwrap(), config))
            .unwrap();
        Tenant {
            _runtime: runtime,
            server,
            home: tempfile::tempdir().unwrap(),
        }
    }
}

/// The binary with a clean environment: no INCYDR_* of the caller, HOME and the XDG
/// directories in the tenant's temporary home.
pub fn command(t: &Tenant, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("INCYDR_URL")
        .env_remove("INCYDR_API_CLIENT_ID")
        .env_remove("INCYDR_API_CLIENT_SECRET")
        .env_remove("TRIAGE42_PROFILE")
        .env_remove("TRIAGE42_CONFIG")
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env("HOME", t.home.path())
        .env("XDG_STATE_HOME", t.home.path().join("state"))
        .env("XDG_CONFIG_HOME", t.home.path().join("config"))
        .env("TRIAGE42_JOURNAL", t.home.path().join("journal.jsonl"))
        .current_dir(t.home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs `cmd` with `stdin` written to it (then closed) and waits for it.
pub fn finish(mut cmd: Command, stdin: Option<&str>) -> Output {
    let mut child = cmd.spawn().unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

/// The binary against the tenant, logging in with `secret`.
pub fn run_with_secret(t: &Tenant, args: &[&str], stdin: Option<&str>, secret: &str) -> Output {
    let mut cmd = command(t, args);
    cmd.env("INCYDR_URL", t.server.base_url())
        .env("INCYDR_API_CLIENT_ID", "demo-client")
        .env("INCYDR_API_CLIENT_SECRET", secret);
    finish(cmd, stdin)
}

pub fn run(t: &Tenant, args: &[&str], stdin: Option<&str>) -> Output {
    run_with_secret(t, args, stdin, SECRET)
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn ok(out: &Output) {
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(out));
}

/// Each line of stdout as JSON (whatever the exit code).
pub fn jsonl(out: &Output) -> Vec<Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
