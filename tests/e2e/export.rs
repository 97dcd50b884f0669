//! Drives the real binary in tmux (its own server socket): `e` writes the listed
//! alerts to a file that reads back, and `y` puts the alert id on tmux's clipboard via OSC 52.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::support::{BIN, SCREEN_WAIT};

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
    let command = format!(
        "cd {} && env NO_COLOR=1 {BIN} demo --log-file {}",
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
    server.tmux(&["send-keys", "-t", "x", "q"]);

    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "id,created,severity,state,rule_name,actor");
    assert_eq!(lines.len(), count + 1);
    assert!(lines[1].starts_with(&format!("{id},")), "{}", lines[1]);
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
