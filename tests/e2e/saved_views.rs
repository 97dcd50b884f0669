//! Saved views with the real binary in tmux: save the filter in force from the TUI into
//! the profile, open it next time with `--view NAME`, delete it; and the names `--view`
//! accepts, checked before the terminal is touched.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::support::run_with_config;
use crate::tmux::{Tmux, serve, tui_command};

const CONFIG: &str = "# the team's tenant\n[profiles.t]\npage_size = 100 # rows a page\n";

fn command(served_url: &str, dir: &std::path::Path, extra: &str) -> String {
    tui_command(
        served_url,
        &dir.join("journal.jsonl"),
        &dir.join("triage42.log"),
        &format!("TRIAGE42_CONFIG={}", dir.join("config.toml").display()),
        &format!("--profile t {extra}"),
    )
}

/// The rows of the alert list on screen (the lines starting "│>" or "│ " with a severity).
fn alert_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| {
            ["critical", "high", "moderate", "low", "none"]
                .iter()
                .any(|s| {
                    l.get(4..)
                        .is_some_and(|rest| rest.trim_start().starts_with(s))
                })
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn a_view_saved_in_the_tui_opens_by_name_next_time_and_can_be_deleted() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is required for this test");
    }
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, CONFIG).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();

    let session = format!("triage42-e2e-views-{}", std::process::id());
    let tmux = Tmux::start(
        &session,
        120,
        40,
        &command(&served.base_url, dir.path(), ""),
    );
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["/"]);
    tmux.text("state:open severity:high");
    tmux.keys(&["Enter"]);
    tmux.wait_for("filter: state:open severity:high");
    // Sort by severity, then save the filter and sort as "high open".
    tmux.keys(&["s"]);
    tmux.wait_for("sort severity ↓");
    tmux.keys(&["v"]);
    tmux.wait_for("Saved views · [profiles.t.views]");
    tmux.keys(&["s"]);
    tmux.wait_for("Save the filter in force as a view");
    tmux.text("high open");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Saved view \"high open\" in [profiles.t.views]");
    tmux.wait_for("view high open · filter: state:open severity:high");
    tmux.keys(&["q"]);
    tmux.wait_until("the program to end", |screen| !screen.contains("Alerts 1/"));
    drop(tmux);

    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.starts_with(CONFIG),
        "the rest of the file is kept:\n{text}"
    );
    assert!(
        text.ends_with(
            "\n[profiles.t.views]\n\"high open\" = { query = \"state:open severity:high\", sort = \"severity desc\" }\n"
        ),
        "{text}"
    );
    let mode = std::fs::metadata(&config).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    // Next time, by name: the filter and sort are in force from the first page on.
    let session = format!("triage42-e2e-views-again-{}", std::process::id());
    let tmux = Tmux::start(
        &session,
        120,
        40,
        &command(&served.base_url, dir.path(), "--view 'high open'"),
    );
    let screen = tmux.wait_until("the view's first page", |screen| {
        screen.contains("view high open · filter: state:open severity:high")
            && screen.contains("sort severity ↓")
            && alert_rows(screen).len() > 5
    });
    for row in alert_rows(&screen) {
        assert!(
            row.contains(" high ") && row.contains(" open "),
            "a row outside the view's filter: {row}\n{screen}"
        );
    }
    // Delete it from the picker: the alerts, the sessions, then the saved view.
    tmux.keys(&["v"]);
    tmux.wait_for("Saved views");
    tmux.keys(&["j", "j", "d"]);
    tmux.wait_for("Delete the saved view \"high open\"?");
    tmux.keys(&["y"]);
    tmux.wait_for("Deleted view \"high open\"");
    tmux.wait_for("none yet");
    tmux.keys(&["Escape", "q"]);
    drop(tmux);
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(!text.contains("high open"), "{text}");
    assert!(text.starts_with(CONFIG), "{text}");
}

#[test]
fn view_accepts_saved_names_and_refuses_a_view_that_cannot_open() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[views]\nshared = \"state:open\"\nbad = { query = \"colour:red\" }\n\
         [profiles.t.views]\nmine = { view = \"sessions\", query = \"severity:high\", sort = \"score desc\" }\n",
    )
    .unwrap();
    let run = |args: &[&str]| run_with_config(&served.base_url, &config, args);
    let stderr =
        |output: &std::process::Output| String::from_utf8_lossy(&output.stderr).trim().to_string();
    let output = run(&["--profile", "t", "--view", "queue"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "triage42: --view: unknown view \"queue\"; the views are alerts, sessions, cases, bad, mine, shared"
    );
    let output = run(&["--profile", "t", "--view", "bad"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "triage42: --view: the saved view \"bad\" cannot be opened: query: unknown field `colour`"
        ),
        "{output:?}"
    );
    // The demo tenant has no profile: it offers the shared views only.
    let output = run(&["demo", "--view", "mine"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "triage42: --view: unknown view \"mine\"; the views are alerts, sessions, cases, bad, shared"
    );
    // `info` lists them, and where a new one goes.
    let output = run(&["--profile", "t", "info"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("bad, mine, shared (saved to [profiles.t.views])"),
        "{stdout}"
    );
    // A mistake in a view is a config error naming its place.
    std::fs::write(&config, "[views]\nalerts = \"state:open\"\n").unwrap();
    let output = run(&["info"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).ends_with(
            "line 2, column 1: view `alerts`: \"alerts\" names a built-in view; choose another name"
        ),
        "{output:?}"
    );
}
