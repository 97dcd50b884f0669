//! The analyst's own commands in the real binary: a `[[commands]]` entry of config.toml
//! run on two marked alerts from `:!NAME`, after its question; the command receives
//! their ids on its standard input and its output is shown.

use std::process::Command;

use crate::tmux::{Tmux, serve, tui_command};

#[test]
fn a_command_of_yours_gets_the_marked_ids_and_its_output_is_shown() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is required for this test");
    }
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let received = dir.path().join("received.txt");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[[commands]]\nname = \"keep\"\nkey = \"K\"\ncommand = \"tee {} | wc -l | sed 's/^/kept /'; echo \\\"$TRIAGE42_COUNT $TRIAGE42_KIND\\\"\"\nconfirm = true\n",
            received.display()
        ),
    )
    .unwrap();
    let command = tui_command(
        &served.base_url,
        &dir.path().join("journal.jsonl"),
        &dir.path().join("triage42.log"),
        &format!("TRIAGE42_CONFIG={}", config.display()),
        "",
    );
    let session = format!("triage42-e2e-commands-{}", std::process::id());
    let tmux = Tmux::start(&session, 80, 24, &command);
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["Space", "Space"]);
    tmux.wait_for("2 marked");
    tmux.keys(&[":"]);
    tmux.text("!ke");
    tmux.keys(&["Tab", "Enter"]);
    tmux.wait_for("Run keep on 2 alerts?");
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("done (exit status 0)");
    assert!(screen.contains("kept 2"), "{screen}");
    assert!(screen.contains("2 alerts"), "{screen}");
    tmux.keys(&["Escape"]);
    // Back on the list, the marks kept.
    tmux.wait_for("Alerts 3/");
    tmux.keys(&["q"]);
    let ids = std::fs::read_to_string(&received).unwrap();
    let ids: Vec<&str> = ids.lines().collect();
    assert_eq!(ids.len(), 2, "{ids:?}");
    assert!(ids.iter().all(|id| id.len() == 36), "{ids:?}");
}

#[test]
fn a_command_whose_key_is_taken_is_refused_at_start() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[commands]]\nname = \"oops\"\nkey = \"r\"\ncommand = \"true\"\n",
    )
    .unwrap();
    let output = crate::support::run_with_config(&served.base_url, &config, &["--read-only"]);
    assert_ne!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("[[commands]] at line 1") && stderr.contains("already resolve"),
        "{stderr}"
    );
}
