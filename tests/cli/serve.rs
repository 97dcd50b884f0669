//! `triage42 serve`: the faults it was started with are printed after the URL, and
//! rates that cannot hold together are refused before anything is served.

use std::process::{Command, Stdio};

#[test]
fn serve_prints_the_faults_after_the_url_and_refuses_impossible_rates() {
    let exe = env!("CARGO_BIN_EXE_triage42");
    let mut child = Command::new(exe)
        .args([
            "serve",
            "--alerts",
            "10",
            "--latency",
            "5",
            "--error-rate",
            "2.5",
            "--drop-after-rate",
            "1",
            "--revoke-tokens-every",
            "50req",
            "--fault-seed",
            "7",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    for _ in 0..5 {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut out, &mut line).unwrap();
        lines.push(line.trim_end().to_string());
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(lines[0].starts_with("http://127.0.0.1:"), "{lines:?}");
    let faults = &lines[4];
    assert!(faults.starts_with("Faults: latency 5 ms"), "{faults}");
    for part in [
        "2.5% answered 500/502/503",
        "1% applied then dropped",
        "every 50 API requests",
        "seed 7",
    ] {
        assert!(faults.contains(part), "{part:?} in {faults}");
    }

    let refused = Command::new(exe)
        .args(["serve", "--error-rate", "60", "--truncate-rate", "50"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("100%"));
    let refused = Command::new(exe)
        .args(["serve", "--error-rate", "120"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "clap refuses it");
}
