//! Drives the real binary in tmux against `triage42 serve` and checks the
//! results through the API: filter, open, resolve with a note, escalate to a case; a
//! session dropped mid-bulk leaves a journal that accounts for every alert.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use triage42::api::AlertState;

use crate::support::{BIN, SCREEN_WAIT, read_all};

pub(crate) struct Served {
    child: Child,
    pub(crate) base_url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn serve() -> Served {
    serve_with(&["--alerts", "300", "--seed", "7"])
}

pub(crate) fn serve_with(options: &[&str]) -> Served {
    let mut child = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(options)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start triage42 serve");
    let stdout = child.stdout.take().unwrap();
    let mut reader = BufReader::new(stdout);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    // Keep reading so the server never writes into a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    let base_url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_string();
    Served { child, base_url }
}

/// A tmux server of the test's own (its own socket), so nothing else on the machine
/// that uses tmux can disturb it, and it cannot disturb them.
pub(crate) struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn tmux(&self) -> Command {
        let mut command = Command::new("tmux");
        command.args(["-L", &self.socket, "-f", "/dev/null"]);
        command
    }

    pub(crate) fn start(session: &str, width: u16, height: u16, command: &str) -> Tmux {
        let tmux = Tmux {
            socket: format!("{session}-socket"),
            session: session.to_string(),
        };
        let status = tmux
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                command,
            ])
            .status()
            .expect("run tmux");
        assert!(status.success());
        tmux
    }

    /// A tmux format (`#{pane_pid}`) expanded for the session's pane.
    fn display(&self, format: &str) -> String {
        let out = self
            .tmux()
            .args(["display-message", "-p", "-t", &self.session, format])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(self.tmux().args(&args).status().unwrap().success());
    }

    pub(crate) fn text(&self, text: &str) {
        assert!(
            self.tmux()
                .args(["send-keys", "-t", &self.session, "-l", text])
                .status()
                .unwrap()
                .success()
        );
    }

    pub(crate) fn screen(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen as the terminal received it: text with its SGR attribute sequences.
    fn screen_with_escapes(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-e", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen contains `needle`; panics with the screen otherwise.
    pub(crate) fn wait_for(&self, needle: &str) -> String {
        self.wait_until(needle, |screen| screen.contains(needle))
    }

    pub(crate) fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            if start.elapsed() > SCREEN_WAIT {
                panic!("{what:?} never appeared; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // The server is gone already when the program quit and its session ended.
        let _ = self
            .tmux()
            .arg("kill-server")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

/// The shell command that runs the TUI against `url` with the demo tenant's credentials,
/// its journal at `journal` and its log at `log`; `env` adds variables (`TRIAGE42_CONFIG=…`)
/// and `args` flags.
pub(crate) fn tui_command(
    url: &str,
    journal: &std::path::Path,
    log: &std::path::Path,
    env: &str,
    args: &str,
) -> String {
    format!(
        "env NO_COLOR=1 TRIAGE42_JOURNAL={} {env} INCYDR_URL={url} INCYDR_API_CLIENT_ID={} INCYDR_API_CLIENT_SECRET={} {BIN} {args} --log-file {}",
        journal.display(),
        triage42::demo::DEMO_CLIENT_ID,
        triage42::demo::DEMO_CLIENT_SECRET,
        log.display()
    )
}

/// The alert id in the detail pane's title (" Detail <id> ").
pub(crate) fn detail_id(screen: &str) -> String {
    let at = screen.find("Detail ").expect("detail title");
    screen[at + "Detail ".len()..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_end_matches('─')
        .to_string()
}

#[test]
fn triage_an_alert_end_to_end() {
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
    let session = format!("triage42-e2e-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for("Alerts 1/");

    tmux.keys(&["/"]);
    tmux.text("state:open severity:high");
    tmux.keys(&["Enter"]);
    // The filtered page must be in before a row is opened.
    tmux.wait_until("the filtered alerts", |screen| {
        let status = screen.trim_end().lines().last().unwrap_or_default();
        screen.contains("filter: state:open severity:high") && !status.contains("alerts")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Observations (");
    assert!(screen.contains("high"), "{screen}");
    let resolved_id = detail_id(&screen);
    // The files pane gives the file name room first: at 120x40 a name of this alert's
    // files, with its extension, is on screen whole.
    let file_names: Vec<String> = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let details = read_all(
            client
                .alert_details(std::slice::from_ref(&resolved_id))
                .await
                .unwrap(),
        );
        details[0]
            .observations
            .iter()
            .filter_map(|o| match &o.data {
                triage42::api::ObservationPayload::Parsed(data) => Some(data.files.clone()),
                _ => None,
            })
            .flatten()
            .filter_map(|f| f.name)
            .collect()
    });
    assert!(file_names.iter().any(|n| n.contains('.')), "{file_names:?}");
    tmux.keys(&["Tab"]);
    let screen = tmux.wait_until("a file name with its extension", |screen| {
        file_names
            .iter()
            .any(|name| name.contains('.') && screen.contains(&format!("│{name} ")))
    });
    assert!(screen.contains("Files "), "{screen}");

    tmux.keys(&["r"]);
    tmux.wait_for("note (optional)");
    tmux.text("checked in e2e");
    tmux.keys(&["Enter"]);
    // `y` is taken once the alert's current note has been checked.
    tmux.wait_until("the question, its note checked", |s| {
        s.contains("Resolve 1 alert with note \"checked in e2e\"?")
            && !s.contains("checking existing notes")
    });
    tmux.keys(&["y"]);
    let screen = tmux.wait_for("Resolve: done for 1 alert");
    assert!(!screen.contains("1 alerts"), "{screen}");

    tmux.keys(&["BTab", "BTab", "j"]);
    let screen = tmux.wait_until("details of the second alert", |screen| {
        screen.contains("Alerts 2/")
            && screen.contains("Observations (")
            && detail_id(screen) != resolved_id
    });
    let escalated_id = detail_id(&screen);
    tmux.keys(&["c"]);
    tmux.wait_for("New case from alert");
    tmux.keys(&["C-s"]);
    // Not " file events": the form's "Case #N created; adding its file events…" comes
    // first, and the count is only in the report at the end.
    let screen = tmux.wait_until("the case report", |s| {
        s.lines()
            .any(|l| l.contains("Case #") && l.contains(" created with "))
    });
    let case_line = screen
        .lines()
        .find(|l| l.contains("Case #") && l.contains(" created with "))
        .unwrap_or_else(|| panic!("{screen}"));
    let after = &case_line[case_line.find("Case #").unwrap() + 6..];
    let number: u64 = after.split_whitespace().next().unwrap().parse().unwrap();
    let added: usize = after.split_whitespace().nth(3).unwrap().parse().unwrap();
    tmux.keys(&["q"]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let details = read_all(
            client
                .alert_details(std::slice::from_ref(&resolved_id))
                .await
                .unwrap(),
        );
        assert_eq!(details[0].summary.state, Some(AlertState::Resolved));
        let note = details[0].note.as_ref().and_then(|n| n.message.clone());
        assert_eq!(note.as_deref(), Some("checked in e2e"));

        let escalated = read_all(
            client
                .alert_details(std::slice::from_ref(&escalated_id))
                .await
                .unwrap(),
        );
        let expected: Vec<String> = escalated[0]
            .observations
            .iter()
            .filter_map(|o| match &o.data {
                triage42::api::ObservationPayload::Parsed(data) => Some(data.files.clone()),
                _ => None,
            })
            .flatten()
            .filter_map(|f| f.event_id)
            .collect();
        let in_case = read_all(client.case_file_events(number).await.unwrap());
        assert!(added > 0);
        assert_eq!(in_case.len(), added);
        for event_id in &expected {
            assert!(
                in_case.iter().any(|e| &e.event_id == event_id),
                "{event_id} missing from case #{number}"
            );
        }
    });
}

/// What is left of a captured screen once its SGR attribute sequences (`ESC [ … m`,
/// which tmux writes for bold and reverse) are taken out: any ESC, BEL, C1 control, bidi
/// or invisible character still in it reached the terminal raw.
fn raw_controls(captured: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = captured;
    while let Some(at) = rest.find('\u{1b}') {
        let after = &rest[at + 1..];
        let sgr_len = after.strip_prefix('[').and_then(|params| {
            let end = params.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
            params[end..].starts_with('m').then_some(end + 2)
        });
        match sgr_len {
            Some(len) => rest = &after[len..],
            None => {
                found.push(format!("ESC{}", after.chars().take(8).collect::<String>()));
                rest = after;
            }
        }
    }
    for c in captured.chars() {
        let bidi = matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        let invisible = matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}');
        let control = c != '\n' && c != '\u{1b}' && c.is_control();
        if bidi || invisible || control {
            found.push(format!("U+{:04X}", u32::from(c)));
        }
    }
    found
}

#[test]
fn a_messy_tenant_lists_every_alert_and_nothing_raw_reaches_the_terminal() {
    const ALERTS: usize = 60;
    let served = serve_with(&["--messy", "--alerts", "60", "--seed", "3"]);
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = format!(
        "env TRIAGE42_JOURNAL={} INCYDR_URL={} INCYDR_API_CLIENT_ID={} INCYDR_API_CLIENT_SECRET={} {BIN} --log-file {}",
        log.path().with_extension("journal.jsonl").display(),
        served.base_url,
        triage42::demo::DEMO_CLIENT_ID,
        triage42::demo::DEMO_CLIENT_SECRET,
        log.path().display()
    );
    let session = format!("triage42-messy-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for(&format!("Alerts 1/{ALERTS} "));

    let mut placeholders = 0;
    let mut markers = 0;
    for row in 1..=ALERTS {
        if row > 1 {
            tmux.keys(&["j"]);
        }
        let position = format!("Alerts {row}/{ALERTS} ");
        // Every fifth alert is the odd one: wait for its details (or its placeholder's
        // raw text) so they are on screen when it is captured.
        let screen = if row % 5 == 3 {
            tmux.wait_until("the odd alert's details", |screen| {
                screen.contains(&position)
                    && (screen.contains("Observations (")
                        || screen.contains("As the server sent it"))
            })
        } else {
            tmux.wait_for(&position)
        };
        if screen.contains("As the server sent it") {
            placeholders += 1;
        }
        let captured = tmux.screen_with_escapes();
        markers += captured.matches("⟨U+").count() + captured.matches('␛').count();
        let raw = raw_controls(&captured);
        assert!(
            raw.is_empty(),
            "row {row}: {raw:?} reached the terminal raw:\n{captured}"
        );
    }
    assert!(
        placeholders > 0,
        "the messy tenant holds alerts without an id"
    );
    assert!(markers > 0, "hostile names and notes were drawn as markers");

    // The files of an alert, whose names are hostile one time in six, at full width.
    tmux.keys(&["Tab", "Tab"]);
    let screen = tmux.wait_for("Files ");
    let raw = raw_controls(&tmux.screen_with_escapes());
    assert!(raw.is_empty(), "{raw:?}:\n{screen}");
    tmux.keys(&["q"]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let held = runtime.block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let all: Vec<_> = futures::StreamExt::collect(
            client.search_all_alerts(triage42::api::AlertQuery::default()),
        )
        .await;
        all.into_iter().map(Result::unwrap).collect::<Vec<_>>()
    });
    assert_eq!(
        held.len(),
        ALERTS,
        "the list showed every alert the tenant holds"
    );
    assert_eq!(
        held.iter().filter(|i| i.unreadable().is_some()).count(),
        placeholders,
        "each unreadable alert was a placeholder row"
    );
}

/// The pid of the triage42 process in the pane: the pane's own process, or the first
/// triage42 among its descendants (a shell may sit in between).
pub(crate) fn triage42_pid(tmux: &Tmux) -> u32 {
    let pane: u32 = tmux.display("#{pane_pid}").trim().parse().unwrap();
    let mut queue = vec![pane];
    while let Some(pid) = queue.pop() {
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if comm.trim() == "triage42" {
            return pid;
        }
        let children =
            std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
        queue.extend(
            children
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
    }
    panic!("no triage42 process under pane pid {pane}");
}

/// Sends `signal` ("HUP", "STOP", "CONT") to `pid`.
pub(crate) fn signal(pid: u32, signal: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success(), "kill -{signal} {pid}");
}

#[test]
fn sighup_mid_bulk_leaves_a_journal_that_accounts_for_every_alert() {
    const ALERTS: usize = 3000;
    let count = ALERTS.to_string();
    let options = ["--alerts", count.as_str(), "--seed", "11"];
    let served = serve_with(&options);
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    // A shell stays in the pane after triage42 ends, so what it wrote to stderr stays.
    let command = format!(
        "{}; echo triage42 exited $?; sleep 120",
        tui_command(
            &served.base_url,
            &journal,
            &dir.path().join("triage42.log"),
            "",
            "",
        )
    );
    let session = format!("triage42-hup-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for("Alerts 1/");

    // Every page, loaded by moving to the end until the list holds them all.
    let everything = format!("Alerts {ALERTS}/{ALERTS} ");
    let start = Instant::now();
    while !tmux.screen().contains(&everything) {
        assert!(start.elapsed() < SCREEN_WAIT, "{}", tmux.screen());
        tmux.keys(&["G"]);
        std::thread::sleep(Duration::from_millis(150));
    }
    tmux.keys(&["*"]);
    tmux.wait_for(&format!("Marked {ALERTS} alerts"));
    tmux.keys(&["r"]);
    tmux.wait_for("note (optional)");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("Resolve {ALERTS} alerts without a note?"));
    let pid = triage42_pid(&tmux);
    let server = served.child.id();
    tmux.keys(&["y"]);
    // The tenant stops answering a moment after the first chunks went out: one chunk
    // hangs in flight, the rest wait in the queue. (Chunks take milliseconds each, so
    // this lands mid-bulk; `serve --latency` would do the same more gently.)
    signal(server, "STOP");
    tmux.wait_until("the bulk to start", |screen| {
        screen
            .trim_end()
            .lines()
            .last()
            .is_some_and(|status| status.contains("Resolve "))
    });
    signal(pid, "HUP");
    // Dropped without a question; then the tenant answers the chunk in flight.
    tmux.wait_for("Stopping");
    signal(server, "CONT");
    let screen = tmux.wait_for("triage42 exited 0");

    // The journal against the server.
    let changes = triage42::journal::summarise(&triage42::journal::read_records(&journal).unwrap());
    let mut ok: Vec<String> = Vec::new();
    let mut not_sent: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for change in changes.iter().filter(|c| c.action == "alert-state") {
        match change.outcome.as_str() {
            "ok" | "ok (checked)" => ok.extend(change.ids.iter().cloned()),
            "not sent" => {
                assert_eq!(
                    change.reason.as_deref(),
                    Some("triage42 stopped (SIGHUP) before it was sent")
                );
                not_sent.extend(change.ids.iter().cloned());
            }
            "unknown" | "no outcome recorded" => unknown.extend(change.ids.iter().cloned()),
            other => panic!("unexpected outcome {other}: {change:?}"),
        }
        assert!(change.count <= 100, "chunks of at most 100");
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let held = runtime.block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let all: Vec<_> = futures::StreamExt::collect(
            client.search_all_alerts(triage42::api::AlertQuery::default()),
        )
        .await;
        read_all(all.into_iter().map(Result::unwrap).collect::<Vec<_>>())
    });
    assert_eq!(held.len(), ALERTS);
    let resolved: std::collections::HashSet<&str> = held
        .iter()
        .filter(|a| a.state == Some(AlertState::Resolved))
        .map(|a| a.id.as_str())
        .collect();
    for id in &ok {
        assert!(
            resolved.contains(id.as_str()),
            "{id} journaled ok but not resolved"
        );
    }
    let accounted: std::collections::HashSet<&str> = ok
        .iter()
        .chain(&not_sent)
        .chain(&unknown)
        .map(String::as_str)
        .collect();
    assert_eq!(
        accounted.len(),
        ok.len() + not_sent.len() + unknown.len(),
        "no alert is journaled twice"
    );
    for alert in &held {
        assert!(
            accounted.contains(alert.id.as_str()),
            "{} was marked and resolved, yet the journal does not mention it",
            alert.id
        );
        if !resolved.contains(alert.id.as_str()) {
            assert!(
                not_sent.contains(&alert.id) || unknown.contains(&alert.id),
                "{} is not resolved and not recorded as not sent",
                alert.id
            );
        }
    }
    assert!(
        !not_sent.is_empty(),
        "the signal came mid-bulk, so some chunks were never sent:\n{screen}"
    );
    // What stderr said once the terminal was restored.
    let report = format!("triage42: Resolve: {} of {ALERTS} alerts changed", ok.len());
    assert!(screen.contains(&report), "{report:?} in\n{screen}");
    assert!(
        screen.contains(&format!(
            "{} not sent (see `triage42 journal`)",
            not_sent.len()
        )),
        "{screen}"
    );
}

/// The 1-based position in the alert list's title (" Alerts 4/52 ").
fn list_position(screen: &str) -> usize {
    let at = screen.find("Alerts ").expect("list title");
    screen[at + "Alerts ".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

#[test]
fn watch_mode_brings_new_alerts_in_above_the_selection() {
    let served = serve_with(&["--alerts", "40", "--seed", "7", "--new-alert-every", "2"]);
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = tui_command(
        &served.base_url,
        &log.path().with_extension("journal.jsonl"),
        log.path(),
        "",
        "--watch 1",
    );
    let session = format!("triage42-watch-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["j", "j", "j"]);
    let screen = tmux.wait_for("Observations (");
    let selected = detail_id(&screen);
    let position = list_position(&screen);
    assert_eq!(position, 4, "{screen}");

    // The server raises alerts every 2 s; the list, read every second, shows them.
    let screen = tmux.wait_until("new alerts in the title", |screen| {
        screen.contains(" new ─") || screen.contains(" new ┐")
    });
    assert!(
        screen.contains("watch every 1 s · last change "),
        "{screen}"
    );
    assert_eq!(
        detail_id(&screen),
        selected,
        "the selection stays: {screen}"
    );
    assert!(list_position(&screen) > position, "{screen}");
    // Each new alert is marked at the start of its row, above the selection.
    let first_row = screen
        .lines()
        .find(|l| l.contains("│ + "))
        .unwrap_or_else(|| panic!("a new row marked +: {screen}"));
    assert!(first_row.contains("open"), "{first_row}");

    // What the list shows is what the server holds.
    let (total, newest) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let query = triage42::api::AlertQuery::default();
        let page = client.search_alerts(&query).await.unwrap();
        let newest = read_all(page.alerts).into_iter().map(|a| a.id).next();
        (page.total_count, newest)
    });
    assert!(total > 40, "the server raised alerts: {total}");
    let newest = newest.unwrap();
    assert!(newest.starts_with("added-alert-"), "{newest}");

    tmux.keys(&["w"]);
    tmux.wait_for("Watch off");
    // Seen once selected: Home goes to the newest, which is then no longer marked new.
    tmux.keys(&["g"]);
    let screen = tmux.wait_for("Alerts 1/");
    let selected_row = screen.lines().find(|l| l.starts_with("│>")).unwrap();
    assert!(selected_row.starts_with("│>  "), "{screen}");
    tmux.keys(&["q"]);
}

#[test]
fn a_watch_refresh_that_finds_nothing_new_writes_nothing_to_the_terminal() {
    let served = serve_with(&["--alerts", "40", "--seed", "9"]);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("triage42.log");
    let bytes = dir.path().join("pane-output");
    let command = tui_command(
        &served.base_url,
        &dir.path().join("journal.jsonl"),
        &log,
        "",
        "--watch 1 --log-level debug",
    );
    let session = format!("triage42-idle-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    // The selected alert's details are shown (its rule is the third line of them).
    tmux.wait_for("│Rule ");
    let watch_reads = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("watch read: ")
            .count()
    };
    // Settled: the first watch read is done, so nothing is left to draw.
    let start = Instant::now();
    while watch_reads() < 1 {
        assert!(start.elapsed() < SCREEN_WAIT, "no watch read");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(300));
    let piped = tmux
        .tmux()
        .args([
            "pipe-pane",
            "-o",
            "-t",
            &tmux.session,
            &format!("cat >> {}", bytes.display()),
        ])
        .status()
        .unwrap();
    assert!(piped.success());
    let before = watch_reads();
    let start = Instant::now();
    while watch_reads() < before + 3 {
        assert!(start.elapsed() < SCREEN_WAIT, "watch reads stopped");
        std::thread::sleep(Duration::from_millis(100));
    }
    let written = std::fs::metadata(&bytes).map(|m| m.len()).unwrap_or(0);
    assert_eq!(
        written, 0,
        "three reads that found nothing new wrote {written} bytes"
    );
    // The pipe does see what the program writes: a move redraws.
    tmux.keys(&["j"]);
    let start = Instant::now();
    while std::fs::metadata(&bytes).map(|m| m.len()).unwrap_or(0) == 0 {
        assert!(start.elapsed() < SCREEN_WAIT, "a move wrote nothing");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(tmux.screen().contains("Alerts 2/40"));
    tmux.keys(&["q"]);
}
