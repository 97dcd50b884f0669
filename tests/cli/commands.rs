//! The scriptable commands, run as the real binary against the demo tenant.

use std::process::Command;

use triage42::demo::DemoConfig;

use crate::support::*;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 150,
        seed: 11,
        ..DemoConfig::default()
    })
}

#[test]
fn search_filters_and_streams_every_page_as_jsonl() {
    let t = tenant();
    let out = run(
        &t,
        &[
            "alerts",
            "search",
            "state:open",
            "severity:high,critical",
            "--all",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["state"] == "OPEN"
        && (r["riskSeverity"] == "HIGH" || r["riskSeverity"] == "CRITICAL")));
    let all = jsonl(&run(&t, &["alerts", "search", "--all"], None));
    assert_eq!(all.len(), 150);
    let expected = all
        .iter()
        .filter(|r| {
            r["state"] == "OPEN" && (r["riskSeverity"] == "HIGH" || r["riskSeverity"] == "CRITICAL")
        })
        .count();
    assert_eq!(rows.len(), expected);
}

#[test]
fn bad_queries_exit_2_and_point_at_the_token() {
    let t = tenant();
    let out = run(&t, &["alerts", "search", "state:open sevrity:high"], None);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sevrity"), "{err}");
    assert!(err.contains('^'), "{err}");
    assert!(out.stdout.is_empty());
    let out = run(&t, &["alerts", "update", "--state", "SNOOZED", "x"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn nasty_queries_exit_2_naming_the_problem_and_never_panic() {
    let t = tenant();
    let cases: &[(&str, &str, &str)] = &[
        (
            "alerts",
            "since:100000000d",
            "since:100000000d is too far back",
        ),
        (
            "alerts",
            "since:99999999w",
            "since:99999999w is too far back",
        ),
        (
            "alerts",
            "since:99999999999999999999999m",
            "is too far back",
        ),
        ("alerts", "before:-9223372036854775808m", "is too far ahead"),
        ("alerts", "state:open since:7é", "unknown unit `é`"),
        ("alerts", "on:2026-13-45", "`2026-13-45` is not a date"),
        ("alerts", "actor:é rule~\"unclosed", "unclosed quote"),
        ("alerts", "any(state:open | actor:ü", "missing its closing"),
        ("alerts", "日付:x", "unknown field `日付`"),
        ("alerts", "state:open |", "needs a term on each side"),
        ("events", "since:7é", "since:7é"),
        ("events", "before:é", "before:é"),
        ("events", "since:100000000d", "since:100000000d"),
        ("events", "since:-9223372036854775808m", "too far ahead"),
        (
            "events",
            "user:a since:99999999999999999999w",
            "too far back",
        ),
        ("events", "risk>é", "risk> needs a number"),
        ("events", "ü", "expected key:value"),
    ];
    for (command, query, expected) in cases {
        let out = run(&t, &[command, "search", query], None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command} {query:?}: {err}");
        assert!(err.contains(expected), "{command} {query:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{command} {query:?}: {err}"
        );
        assert!(out.stdout.is_empty(), "{command} {query:?}");
    }
}

#[test]
fn api_errors_exit_1_and_never_show_the_secret() {
    let t = tenant();
    let secret = "s3cr3t-that-must-not-leak";
    let out = run_with_secret(&t, &["alerts", "search", "state:open"], None, secret);
    assert_eq!(out.status.code(), Some(1));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("not authorised"), "{all}");
    assert!(!all.contains(secret), "the secret leaked: {all}");
}

#[test]
fn ids_from_stdin_update_state_and_note() {
    let t = tenant();
    let picked = run(
        &t,
        &[
            "alerts",
            "search",
            "state:open",
            "--limit",
            "4",
            "--format",
            "jsonl",
        ],
        None,
    );
    let ids: Vec<String> = jsonl(&picked)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 4);
    let out = run(
        &t,
        &[
            "alerts",
            "update",
            "--state",
            "RESOLVED",
            "--note",
            "closed from a pipe",
            "-",
        ],
        Some(&String::from_utf8_lossy(&picked.stdout)),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut args = vec!["alerts", "show", "--format", "jsonl"];
    args.extend(ids.iter().map(String::as_str));
    let shown = jsonl(&run(&t, &args, None));
    assert_eq!(shown.len(), 4);
    assert!(
        shown
            .iter()
            .all(|r| r["state"] == "RESOLVED" && r["note"] == "closed from a pipe")
    );

    let out = run(&t, &["alerts", "note", &ids[0], "second thoughts"], None);
    assert_eq!(out.status.code(), Some(0));
    let shown = jsonl(&run(&t, &["alerts", "show", "-f", "jsonl", &ids[0]], None));
    assert_eq!(shown[0]["note"], "second thoughts");
    let out = run(
        &t,
        &["--read-only", "alerts", "note", &ids[0], "nope"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cases_and_events_round_trip_with_csv_output() {
    let t = tenant();
    let alert = jsonl(&run(
        &t,
        &[
            "alerts",
            "search",
            "--limit",
            "1",
            "--details",
            "-f",
            "jsonl",
        ],
        None,
    ))
    .remove(0);
    let event_ids: Vec<String> = alert["fileDetails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["eventId"].as_str().unwrap().to_string())
        .collect();
    let md5_events = run(
        &t,
        &[
            "events",
            "search",
            &format!("id:{}", event_ids[0]),
            "-f",
            "jsonl",
        ],
        None,
    );
    let events = jsonl(&md5_events);
    assert_eq!(events.len(), 1);
    let md5 = events[0]["file"]["hash"]["md5"]
        .as_str()
        .unwrap()
        .to_string();
    let same = jsonl(&run(
        &t,
        &[
            "events",
            "search",
            &format!("md5:{md5}"),
            "--all",
            "-f",
            "jsonl",
        ],
        None,
    ));
    assert!(
        same.iter()
            .all(|e| e["file"]["hash"]["md5"] == md5.as_str())
    );

    let created = jsonl(&run(
        &t,
        &[
            "cases",
            "create",
            "--name",
            "Pipeline, \"quoted\" case",
            "--description",
            "from the CLI",
            "-f",
            "jsonl",
        ],
        None,
    ));
    let number = created[0]["number"].as_u64().unwrap().to_string();
    let mut args = vec!["cases", "add-events", number.as_str()];
    args.extend(event_ids.iter().map(String::as_str));
    assert_eq!(run(&t, &args, None).status.code(), Some(0));
    let held = jsonl(&run(&t, &["cases", "events", &number, "-f", "jsonl"], None));
    let held_ids: Vec<&str> = held
        .iter()
        .map(|e| e["eventId"].as_str().unwrap())
        .collect();
    assert_eq!(held_ids.len(), event_ids.len());
    let csv = run(
        &t,
        &["cases", "list", "-f", "csv", "--columns", "number,name"],
        None,
    );
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(
        text.contains(&format!("{number},\"Pipeline, \"\"quoted\"\" case\"")),
        "{text}"
    );
    let shown = jsonl(&run(&t, &["cases", "show", &number, "-f", "jsonl"], None));
    assert_eq!(shown[0]["description"], "from the CLI");
    let missing = run(&t, &["cases", "show", "99999"], None);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn rules_are_listed_and_match_the_alerts_rules() {
    let t = tenant();
    let rules = jsonl(&run(&t, &["alerts", "rules", "-f", "jsonl"], None));
    assert!(rules.len() >= 10);
    let alerts = jsonl(&run(
        &t,
        &["alerts", "search", "--all", "-f", "jsonl"],
        None,
    ));
    for a in &alerts {
        assert!(
            rules
                .iter()
                .any(|r| r["observerRuleId"] == a["ruleId"] && r["name"] == a["name"]),
            "{a}"
        );
    }
    let table = run(&t, &["alerts", "rules", "-f", "table"], None);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("OBSERVERRULEID"), "{text}");
}

#[test]
fn completions_are_printed() {
    let out = Command::new(BIN)
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("triage42"));
}

// ----------------------------------------------------------- a messy tenant

fn messy_tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 120,
        seed: 5,
        messy: true,
    })
}

/// Characters that act on a terminal when printed raw.
fn acts_on_a_terminal(c: char) -> bool {
    c != '\n' && (c.is_control() || triage42::sanitize::is_unsafe(c))
}

#[test]
fn a_messy_tenant_writes_every_readable_alert_and_names_the_others() {
    let t = messy_tenant();
    for details in [false, true] {
        let mut args = vec!["alerts", "search", "--all", "--format", "jsonl"];
        if details {
            args.push("--details");
        }
        let out = run(&t, &args, None);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(3),
            "some alerts are unreadable: {err}"
        );
        let rows = jsonl(&out);
        let unreadable: Vec<&str> = err
            .lines()
            .filter(|l| l.starts_with("triage42: could not read alert"))
            .collect();
        assert!(!unreadable.is_empty(), "{err}");
        assert_eq!(rows.len() + unreadable.len(), 120, "{err}");
        assert!(
            err.contains(&format!("{} alerts could not be read", unreadable.len()))
                || err.contains("1 alert could not be read"),
            "{err}"
        );
        if details {
            // A broken observation keeps its raw text; the alert is still written.
            assert!(
                rows.iter()
                    .any(|r| r["observations"].as_array().is_some_and(|o| o
                        .iter()
                        .any(|o| o["data"].as_str().is_some_and(|d| !d.ends_with('}')))))
            );
        }
    }
}

#[test]
fn tables_of_hostile_names_are_inert_and_json_lines_stay_exact() {
    let t = messy_tenant();
    let columns = "event.id,file.name,file.directory,user.email";
    // One column, so the names have the table's width to themselves.
    let table = run(
        &t,
        &[
            "events",
            "search",
            "--limit",
            "5000",
            "--format",
            "table",
            "--columns",
            "file.name",
        ],
        None,
    );
    assert_eq!(
        table.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&table.stderr)
    );
    let text = String::from_utf8(table.stdout).unwrap();
    let raw: Vec<char> = text.chars().filter(|c| acts_on_a_terminal(*c)).collect();
    assert!(raw.is_empty(), "raw controls in the table: {raw:?}");
    for marker in [
        "⟨U+202E⟩",
        "␛[2J",
        "␛]0;",
        "␛]52;",
        "⟨U+200B⟩",
        "⟨U+009B⟩",
        "two↵lines⇥and",
    ] {
        assert!(text.contains(marker), "{marker} missing from the table");
    }

    let lines = run(
        &t,
        &[
            "events",
            "search",
            "--limit",
            "5000",
            "--format",
            "jsonl",
            "--columns",
            columns,
        ],
        None,
    );
    let events = jsonl(&lines);
    let names: Vec<&str> = events
        .iter()
        .filter_map(|e| e["file"]["name"].as_str())
        .collect();
    // The exact bytes the server sent, escaped by JSON, nothing replaced.
    for name in triage42::demo::messy::HOSTILE_NAMES {
        assert!(names.contains(&name), "{name:?} not written exactly");
    }
    assert!(
        !String::from_utf8(lines.stdout).unwrap().contains('\u{1b}'),
        "JSON escapes ESC"
    );

    let csv = run(
        &t,
        &[
            "events",
            "search",
            "--limit",
            "5000",
            "--format",
            "csv",
            "--columns",
            columns,
            "--csv-formula-guard",
        ],
        None,
    );
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(
        !text
            .chars()
            .any(|c| c != '\n' && c != '\r' && acts_on_a_terminal(c))
    );
    assert!(text.contains("invoice⟨U+202E⟩gpj.exe"));
}

#[test]
fn every_change_is_journaled_with_its_outcome() {
    let t = tenant();
    let ids: Vec<String> = jsonl(&run(&t, &["alerts", "search", "--limit", "150"], None))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let input = ids.join("\n");
    let out = run(
        &t,
        &[
            "alerts",
            "update",
            "--state",
            "RESOLVED",
            "--note",
            "journal test",
            "-",
        ],
        Some(&input),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let refused = run(&t, &["alerts", "note", "no-such-alert", "x"], None);
    assert_eq!(refused.status.code(), Some(1));

    let journal = run(&t, &["journal", "--format", "jsonl"], None);
    let changes = jsonl(&journal);
    // 150 alerts in chunks of 100: two changes, then the refused note.
    assert_eq!(changes.len(), 3, "{changes:?}");
    assert_eq!(changes[0]["count"], 100);
    assert_eq!(changes[1]["count"], 50);
    for change in &changes[..2] {
        assert_eq!(change["outcome"], "ok");
        assert_eq!(change["state"], "RESOLVED");
        assert_eq!(change["note"], "journal test");
        assert_eq!(change["who"], "demo-client");
    }
    assert_eq!(changes[2]["outcome"], "failed");
    assert!(changes[2]["reason"].as_str().unwrap().contains("not found"));
    let text = std::fs::read_to_string(t.home.path().join("journal.jsonl")).unwrap();
    assert!(!text.contains(SECRET), "no secret in the journal");
    let recent = run(&t, &["journal", "--since", "1h", "--format", "jsonl"], None);
    assert_eq!(jsonl(&recent).len(), 3);
    let none = run(
        &t,
        &["journal", "--since", "2099-01-01", "--format", "jsonl"],
        None,
    );
    assert!(jsonl(&none).is_empty());
}

#[test]
fn a_flaky_tenant_still_gives_every_alert_and_stderr_says_why_it_waited() {
    let t = tenant();
    t.server
        .faults()
        .configure(triage42::demo::FaultConfig {
            error_rate: 15.0,
            rate_limit_rate: 15.0,
            retry_after_secs: 1,
            seed: 4,
            ..triage42::demo::FaultConfig::default()
        })
        .unwrap();
    let out = run(&t, &["alerts", "search", "--all", "--details"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(jsonl(&out).len(), 150);
    assert!(err.contains("retrying in"), "{err}");
    assert!(err.contains("(attempt 2)"), "{err}");
}

#[test]
fn serving_beyond_this_machine_warns_loudly() {
    let mut child = std::process::Command::new(crate::support::BIN)
        .args(["serve", "--addr", "0.0.0.0:0", "--alerts", "10"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains("WARNING"), "{line}");
    assert!(line.contains("beyond this machine"), "{line}");
    assert!(line.contains("demo-client / demo-secret"), "{line}");
}
