//! The sessions view of the real binary in tmux against `triage42 serve`: switch to
//! it, filter, close a session with a note, and read the session back over the API.

use std::process::Command;

use triage42::api::sessions::SessionState;

use crate::support::run_with_config;
use crate::tmux::{Tmux, serve, tui_command};

/// The session id in the detail pane's title (" Session <id> ").
fn session_id(screen: &str) -> Option<String> {
    let at = screen.find("┌ Session ")?;
    let id = screen[at + "┌ Session ".len()..]
        .split_whitespace()
        .next()?
        .trim_end_matches('─');
    (!id.is_empty()).then(|| id.to_string())
}

#[test]
fn close_a_session_with_a_note_end_to_end() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is required for this test");
    }
    let served = serve();
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = tui_command(
        &served.base_url,
        &log.path().with_extension("journal.jsonl"),
        log.path(),
        "",
        "",
    );
    let session = format!("triage42-e2e-sessions-{}", std::process::id());
    let tmux = Tmux::start(&session, 80, 24, &command);
    tmux.wait_for("Alerts 1/");
    tmux.wait_for("v views");

    tmux.keys(&["v"]);
    tmux.wait_for("Saved views");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Sessions 1/");
    tmux.keys(&["/"]);
    tmux.text("state:open severity:high,critical");
    tmux.keys(&["Enter"]);
    // The filtered page, and the details of its first session, must be in.
    let screen = tmux.wait_until("the filtered sessions with details", |screen| {
        screen.contains("filter: state:open severity:high,critical")
            && screen.contains("Sessions 1/")
            && screen.contains("│Actor ")
            && session_id(screen).is_some()
            && !screen.contains("⠋")
    });
    let listed = screen
        .lines()
        .find(|l| l.starts_with("│>"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(listed.contains(" open "), "{listed}");
    assert!(
        listed.contains("high") || listed.contains("crit"),
        "{listed}"
    );
    let id = session_id(&screen).unwrap();

    tmux.keys(&["r"]);
    tmux.wait_for("note (optional)");
    tmux.text("closed in e2e");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Close 1 session and add the note \"closed in e2e\"?");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("Close: done for 1 session");
    assert!(!screen.contains("1 sessions"), "{screen}");
    let listed = screen
        .lines()
        .find(|l| l.starts_with("│>"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(listed.contains(" closed "), "{listed}");
    tmux.keys(&["q"]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let read = client.session(&id).await.unwrap();
        assert_eq!(read.state(), Some(&SessionState::Closed));
        let notes: Vec<&str> = read
            .notes
            .iter()
            .filter_map(|n| n.content.as_deref())
            .collect();
        assert_eq!(notes.last(), Some(&"closed in e2e"), "{notes:?}");
    });
}

#[test]
fn view_names_are_checked_before_the_terminal_is_touched() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[profiles.t]\nview = \"queue\"\n").unwrap();
    let run = |args: &[&str]| run_with_config(&served.base_url, &config, args);
    let output = run(&["--view", "queue"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "triage42: --view: unknown view \"queue\"; the views are alerts, sessions, cases"
    );
    // The profile's view, named as the profile names it.
    let output = run(&["--profile", "t"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim(),
        "triage42: profile t (view): unknown view \"queue\"; the views are alerts, sessions, cases"
    );
    let output = run(&["demo", "--view", "Queue"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("the views are alerts, sessions"),
        "{output:?}"
    );
}

#[test]
fn a_profile_can_open_on_the_sessions() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is required for this test");
    }
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[profiles.s]\nview = \"sessions\"\n").unwrap();
    let log = dir.path().join("triage42.log");
    let command = tui_command(
        &served.base_url,
        &dir.path().join("journal.jsonl"),
        &log,
        &format!("TRIAGE42_CONFIG={}", config.display()),
        "--profile s",
    );
    let session = format!("triage42-e2e-profile-view-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    // The hint shows once nothing is loading any more.
    tmux.wait_until("the sessions, then the hint", |screen| {
        screen.contains("Sessions 1/") && screen.contains("v views")
    });
    // The alerts are loaded beside them: switching shows them at once.
    tmux.keys(&["v"]);
    tmux.wait_for("Saved views");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["q"]);
}
