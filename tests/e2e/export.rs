//! Drives the real binary in tmux (its own server socket): `e` writes the listed
//! alerts to a file that reads back (`~/` in the home directory, the columns and values
//! of the commands' output), and `y` puts the alert id on tmux's clipboard via OSC 52.

use std::process::Command;
use std::time::{Duration, Instant};

use triage42::export_columns::ALERT_COLUMNS;

use crate::support::{BIN, SCREEN_WAIT};
use crate::tmux::{Tmux, serve, tui_command};

struct TmuxServer {
    socket: String,
}

impl TmuxServer {
    fn tmux(&self, args: &[&str]) -> std::process::Output {
        let mut all = vec!["-L", &self.socket, "-f", "/dev/null"];
        all.extend_from_slice(args);
        Command::new("tmux").args(&all).output().expect("run tmux")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "x"]).stdout).into_owned()
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(needle) {
                return screen;
            }
            if start.elapsed() > SCREEN_WAIT {
                panic!("{needle:?} never appeared; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for TmuxServer {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

/// The text after `prefix` on the screen's status line, up to `suffix`.
fn between<'a>(screen: &'a str, prefix: &str, suffix: &str) -> &'a str {
    let start = screen.find(prefix).unwrap_or_else(|| panic!("{screen}")) + prefix.len();
    let end = start
        + screen[start..]
            .find(suffix)
            .unwrap_or_else(|| panic!("{screen}"));
    &screen[start..end]
}

#[test]
fn export_writes_the_listed_alerts_and_copy_reaches_the_clipboard() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("triage42.log");
    // TMUX is set for the TUI, as in any tmux session: the sequence must reach tmux.
    // HOME is the test's directory, for `~/`.
    let command = format!(
        "cd {} && env NO_COLOR=1 HOME={} {BIN} demo --log-file {}",
        dir.path().display(),
        dir.path().display(),
        log.display()
    );
    let server = TmuxServer {
        socket: format!("triage42-export-{}", std::process::id()),
    };
    let started = server.tmux(&[
        "new-session",
        "-d",
        "-s",
        "x",
        "-x",
        "120",
        "-y",
        "40",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    assert!(
        server
            .tmux(&["set", "-g", "set-clipboard", "on"])
            .status
            .success()
    );
    server.wait_for("Alerts 1/");

    server.tmux(&["send-keys", "-t", "x", "y"]);
    // Inside tmux (TMUX is set for the TUI): the plain OSC 52 sequence sets tmux's
    // buffer, where one wrapped for passthrough would be dropped.
    let screen = server.wait_for("clipboard (OSC 52");
    let id = between(&screen, "Sent alert id ", " to the terminal").to_string();
    assert!(screen.contains(&format!("Detail {id}")), "{screen}");
    let buffer = server.tmux(&["show-buffer"]);
    assert_eq!(String::from_utf8_lossy(&buffer.stdout), id);

    server.tmux(&["send-keys", "-t", "x", "e"]);
    server.wait_for("Enter write");
    server.tmux(&["send-keys", "-t", "x", "Enter"]);
    let screen = server.wait_for("Exported ");
    let count: usize = between(&screen, "Exported ", " alerts").parse().unwrap();
    let path = between(&screen, " alerts to ", ".csv").to_string() + ".csv";
    assert!(
        path.starts_with(&dir.path().display().to_string()),
        "{path}"
    );

    // `~/` is the home directory; `.json` is one JSON array.
    server.tmux(&["send-keys", "-t", "x", "e"]);
    server.wait_for("Enter write");
    for _ in 0..60 {
        server.tmux(&["send-keys", "-t", "x", "BSpace"]);
    }
    server.tmux(&["send-keys", "-t", "x", "-l", "~/listed.json"]);
    server.tmux(&["send-keys", "-t", "x", "Enter"]);
    let json_path = dir.path().join("listed.json");
    server.wait_for(&format!("alerts to {}", json_path.display()));
    server.tmux(&["send-keys", "-t", "x", "q"]);

    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    // The columns of `alerts search -f csv`.
    assert_eq!(lines[0], "id,createdAt,riskSeverity,state,name,actor,note");
    assert_eq!(lines[0], ALERT_COLUMNS.join(","));
    assert_eq!(lines.len(), count + 1);
    assert!(lines[1].starts_with(&format!("{id},")), "{}", lines[1]);
    let array: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert_eq!(array.len(), count);
    assert_eq!(array[0]["id"], id.as_str());
    assert!(
        array
            .iter()
            .all(|o| o.as_object().unwrap().len() == ALERT_COLUMNS.len())
    );
}

/// The TUI's export of a whole view, read back, is what the commands write for the
/// same tenant: CSV line for line (the note included), and the JSON objects' fields.
#[test]
fn the_tuis_export_is_what_the_commands_write() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    // The commands' journal and state in the test's directory too.
    let cli = |args: &[&str]| {
        let out = Command::new(BIN)
            .args(args)
            .env("INCYDR_URL", &served.base_url)
            .env("INCYDR_API_CLIENT_ID", triage42::demo::DEMO_CLIENT_ID)
            .env(
                "INCYDR_API_CLIENT_SECRET",
                triage42::demo::DEMO_CLIENT_SECRET,
            )
            .env("TRIAGE42_CONFIG", &config)
            .env("TRIAGE42_JOURNAL", dir.path().join("journal.jsonl"))
            .env("HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path().join("state"))
            .env_remove("TRIAGE42_PROFILE")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let first = cli(&["alerts", "search", "--limit", "1", "-f", "jsonl"]);
    let first: serde_json::Value = serde_json::from_str(first.trim()).unwrap();
    let noted = first["id"].as_str().unwrap().to_string();
    cli(&[
        "alerts",
        "note",
        &noted,
        "=1+1, then \"quoted\"\nand a line",
    ]);

    let command = format!(
        "cd {} && {}",
        dir.path().display(),
        tui_command(
            &served.base_url,
            &dir.path().join("journal.jsonl"),
            &dir.path().join("triage42.log"),
            &format!(
                "HOME={} TRIAGE42_CONFIG={}",
                dir.path().display(),
                config.display()
            ),
            "",
        )
    );
    let tmux = Tmux::start(
        &format!("triage42-e2e-export-cli-{}", std::process::id()),
        120,
        40,
        &command,
    );
    tmux.wait_for("Alerts 1/300");
    for name in ["alerts.csv", "alerts.json"] {
        tmux.keys(&["e"]);
        tmux.wait_for("Enter write");
        for _ in 0..60 {
            tmux.keys(&["BSpace"]);
        }
        tmux.text(&format!("~/{name}"));
        tmux.keys(&["Enter"]);
        tmux.wait_for(&format!(
            "Exported 300 alerts to {}",
            dir.path().join(name).display()
        ));
    }
    tmux.keys(&["q"]);

    // CSV: the same bytes but for the line ends (RFC 4180's CRLF in the file).
    let exported = std::fs::read_to_string(dir.path().join("alerts.csv")).unwrap();
    let written = cli(&["alerts", "search", "--all", "-f", "csv"]);
    assert_eq!(exported.replace("\r\n", "\n"), written);
    let line = written.lines().find(|l| l.starts_with(&noted)).unwrap();
    assert!(
        line.ends_with(",\"'=1+1, then \"\"quoted\"\"↵and a line\""),
        "{line}"
    );
    // JSON: an array of the same alerts, each field as the commands' JSON has it (the
    // note comes with --details there).
    let exported: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("alerts.json")).unwrap())
            .unwrap();
    let written: Vec<serde_json::Value> = serde_json::from_str(&cli(&[
        "alerts",
        "search",
        "--all",
        "--details",
        "-f",
        "json",
    ]))
    .unwrap();
    assert_eq!(exported.len(), written.len());
    for (tui, commands) in exported.iter().zip(&written) {
        for column in ALERT_COLUMNS {
            assert_eq!(tui[column], commands[column], "{column} of {tui}");
        }
    }
}

#[test]
fn esc_stops_an_export_while_it_fetches_and_no_file_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("triage42.log");
    // 1,400 alerts in pages of 200, each page 300 ms late: the 6 pages not loaded take
    // about 1.8 s to fetch.
    let command = format!(
        "cd {} && env NO_COLOR=1 {BIN} demo --alerts 1400 --latency 300 --log-file {}",
        dir.path().display(),
        log.display()
    );
    let server = TmuxServer {
        socket: format!("triage42-export-stop-{}", std::process::id()),
    };
    let started = server.tmux(&[
        "new-session",
        "-d",
        "-s",
        "x",
        "-x",
        "80",
        "-y",
        "24",
        &command,
    ]);
    assert!(started.status.success(), "{started:?}");
    server.wait_for("Alerts 1/1400");
    server.tmux(&["send-keys", "-t", "x", "e"]);
    let screen = server.wait_for("Enter write");
    assert!(
        screen.contains("Export all 1400 matching alerts"),
        "{screen}"
    );
    server.tmux(&["send-keys", "-t", "x", "Enter"]);
    let screen = server.wait_for("Fetching alerts: ");
    assert!(screen.contains("Esc stop"), "{screen}");
    let fetched: usize = between(&screen, "Fetching alerts: ", " of 1400")
        .parse()
        .unwrap();
    assert!(fetched < 1400, "{screen}");
    server.tmux(&["send-keys", "-t", "x", "Escape"]);
    server.wait_for("Export stopped before writing: no file was written");
    // Long enough for the pages still due to have arrived, and the file to have been
    // written, had it not stopped.
    std::thread::sleep(Duration::from_secs(3));
    let screen = server.screen();
    assert!(!screen.contains("Exported "), "{screen}");
    server.tmux(&["send-keys", "-t", "x", "q"]);
    let written: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".csv"))
        .collect();
    assert!(written.is_empty(), "{written:?}");
}
