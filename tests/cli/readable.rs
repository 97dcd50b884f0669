//! What a person reads: the detail views of `alerts show` and `sessions show`, tables
//! fitted to 80 columns, and where the journals are.

use std::process::Output;

use serde_json::Value;
use triage42::demo::DemoConfig;
use triage42::sanitize::width;

use crate::support::*;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 120,
        seed: 21,
        ..DemoConfig::default()
    })
}

/// The binary against the tenant, as `run`, with `COLUMNS` set.
fn run_at(t: &Tenant, columns: usize, args: &[&str]) -> Output {
    let mut cmd = command(t, args);
    cmd.env("INCYDR_URL", t.server.base_url())
        .env("INCYDR_API_CLIENT_ID", "demo-client")
        .env("INCYDR_API_CLIENT_SECRET", SECRET)
        .env("COLUMNS", columns.to_string());
    finish(cmd, None)
}

fn succeeded(out: &Output) -> String {
    ok(out);
    stdout(out)
}

/// Lines wider than `columns`.
fn too_wide(text: &str, columns: usize) -> Vec<&str> {
    text.lines().filter(|l| width(l) > columns).collect()
}

/// The lines of a detail view's first block (up to its first blank line): each is a
/// `Label: value` line or continues the value above under it.
fn assert_labelled(block: &str, value_column: usize) {
    for line in block.lines().take_while(|l| !l.is_empty()) {
        let (head, rest) = line.split_at(value_column);
        if head.trim().is_empty() {
            assert!(!rest.starts_with(' '), "not under the value: {line:?}");
        } else {
            let label = head.trim_end();
            assert!(
                label.ends_with(':') && head.ends_with(' ') && !rest.starts_with(' '),
                "not a `Label: value` line: {line:?}\n{block}"
            );
        }
    }
}

#[test]
fn alerts_show_prints_the_alert_its_observations_and_files() {
    let t = tenant();
    let alerts = jsonl(&run(
        &t,
        &["alerts", "search", "--all", "--details", "-f", "jsonl"],
        None,
    ));
    // An alert with files and a note, to see them all.
    let alert = alerts
        .iter()
        .find(|a| a["fileCount"].as_u64().unwrap() >= 2)
        .unwrap();
    let id = alert["id"].as_str().unwrap();
    ok(&run(
        &t,
        &[
            "alerts",
            "note",
            id,
            "Spoke with the manager: the files went to a personal drive, which the \
             policy does not allow. Waiting on HR before closing.\nSecond line.",
        ],
        None,
    ));

    let text = succeeded(&run_at(&t, 80, &["alerts", "show", id, "-f", "detail"]));
    for label in [
        "Rule:",
        "Severity:",
        "State:",
        "Actor:",
        "Created:",
        "Id:",
        "Description:",
        "Note:",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(label)),
            "{label} missing:\n{text}"
        );
    }
    assert!(text.contains(&format!("Id:          {id}\n")), "{text}");
    assert!(
        text.contains(alert["name"].as_str().unwrap()),
        "the rule:\n{text}"
    );
    assert!(
        text.contains(alert["actor"].as_str().unwrap()),
        "the actor:\n{text}"
    );
    let observations = alert["observations"].as_array().unwrap();
    assert!(
        text.contains(&format!("Observations ({})", observations.len())),
        "{text}"
    );
    for o in observations {
        assert!(text.contains(o["type"].as_str().unwrap()), "{text}");
    }
    for file in alert["fileDetails"].as_array().unwrap() {
        assert!(text.contains(file["name"].as_str().unwrap()), "{text}");
        if let Some(path) = file["path"].as_str() {
            assert!(text.contains(path), "{text}");
        }
    }
    assert!(text.contains("Destinations:"), "{text}");
    assert!(text.contains("by "), "the note's author:\n{text}");
    assert!(too_wide(&text, 80).is_empty(), "{:?}", too_wide(&text, 80));

    // Narrow: the note and the description wrap under their values.
    let narrow = succeeded(&run_at(&t, 44, &["alerts", "show", id, "-f", "detail"]));
    assert!(too_wide(&narrow, 44).is_empty(), "{narrow}");
    assert!(narrow.contains("Second line."), "{narrow}");
    assert_labelled(&narrow, "Description: ".len());

    // On a pipe without --format, and with an explicit format, nothing changed.
    let piped = jsonl(&run(&t, &["alerts", "show", id], None));
    assert_eq!(piped.len(), 1);
    assert_eq!(piped[0]["id"], id);
    let table = succeeded(&run_at(&t, 200, &["alerts", "show", id, "-f", "table"]));
    assert!(table.starts_with("ID "), "{table}");
    assert_eq!(table.lines().count(), 2, "{table}");

    // Two alerts, one after the other.
    let other = alerts[0]["id"].as_str().unwrap();
    let two = succeeded(&run_at(
        &t,
        80,
        &["alerts", "show", id, other, "-f", "detail"],
    ));
    assert_eq!(two.lines().filter(|l| l.starts_with("Rule:")).count(), 2);
}

#[test]
fn sessions_show_prints_the_session_its_alerts_files_states_and_notes() {
    let t = tenant();
    let sessions = jsonl(&run(&t, &["sessions", "search", "--all"], None));
    let session = sessions
        .iter()
        .find(|s| s["riskIndicatorNames"].as_array().unwrap().len() >= 2)
        .unwrap_or(&sessions[0]);
    let id = session["sessionId"].as_str().unwrap();
    ok(&run(
        &t,
        &[
            "sessions",
            "note",
            id,
            "asked the manager\nwho confirmed it",
        ],
        None,
    ));
    let events = jsonl(&run(&t, &["sessions", "events", id, "-f", "jsonl"], None));
    assert!(!events.is_empty());

    let text = succeeded(&run_at(&t, 80, &["sessions", "show", id, "-f", "detail"]));
    for label in [
        "Actor:",
        "Severity:",
        "State:",
        "Begin:",
        "End:",
        "Id:",
        "Exfiltration:",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(label)),
            "{label} missing:\n{text}"
        );
    }
    assert!(
        text.contains(session["actorName"].as_str().unwrap()),
        "{text}"
    );
    assert!(
        text.contains(&format!("(score {})", session["score"])),
        "{text}"
    );
    for name in session["riskIndicatorNames"].as_array().unwrap() {
        assert!(text.contains(name.as_str().unwrap()), "{text}");
    }
    for alert in session["alertIds"].as_array().unwrap() {
        assert!(text.contains(alert.as_str().unwrap()), "{text}");
    }
    assert!(text.contains("Files ("), "{text}");
    // The view lists the first 50 files.
    for event in events.iter().take(50) {
        assert!(
            text.contains(event["file"]["name"].as_str().unwrap()),
            "{text}"
        );
        if let Some(dir) = event["file"]["directory"].as_str() {
            assert!(text.contains(dir), "{text}");
        }
    }
    assert!(text.contains("State history ("), "{text}");
    assert!(text.contains("Notes (1)"), "{text}");
    assert!(
        text.contains("    asked the manager\n    who confirmed it\n"),
        "{text}"
    );
    assert!(too_wide(&text, 80).is_empty(), "{:?}", too_wide(&text, 80));
    assert_labelled(&text, "Exfiltration: ".len());

    // On a pipe without --format: JSON Lines, as before.
    let piped = jsonl(&run(&t, &["sessions", "show", id], None));
    assert_eq!(piped[0]["sessionId"], id);
}

#[test]
fn tables_at_80_columns_keep_ids_whole_and_show_rule_and_actor() {
    let t = tenant();
    let alerts = jsonl(&run(&t, &["alerts", "search", "--limit", "20"], None));
    let out = run_at(
        &t,
        80,
        &["alerts", "search", "--limit", "20", "-f", "table"],
    );
    let table = succeeded(&out);
    assert!(too_wide(&table, 80).is_empty(), "{table}");
    let header = table.lines().next().unwrap();
    assert!(
        header.starts_with("ID ") && header.contains("NAME") && header.contains("ACTOR"),
        "{table}"
    );
    for (line, alert) in table.lines().skip(1).zip(&alerts) {
        let id = alert["id"].as_str().unwrap();
        assert!(line.starts_with(&format!("{id} ")), "{line}");
        // At least a dozen characters of the rule and of the actor.
        for field in ["name", "actor"] {
            let value = alert[field].as_str().unwrap();
            let start: String = value.chars().take(11).collect();
            assert!(line.contains(&start), "{field} {value:?} in {line:?}");
        }
    }
    assert_eq!(table.lines().count(), alerts.len() + 1);
    // What was left out to fit is said, on stderr.
    assert!(stderr(&out).contains("Not shown at 80 columns: createdAt"));

    // Wider, the dates come back, short; CSV keeps them exact.
    let wide = succeeded(&run_at(
        &t,
        160,
        &["alerts", "search", "--limit", "5", "-f", "table"],
    ));
    let created = alerts[0]["createdAt"].as_str().unwrap();
    let short = format!("{} {}", &created[5..10], &created[11..16]);
    assert!(
        wide.lines().nth(1).unwrap().contains(&short),
        "{short} in\n{wide}"
    );
    assert!(!wide.contains(&created[..16]), "{wide}");
    let csv = succeeded(&run_at(
        &t,
        80,
        &["alerts", "search", "--limit", "5", "-f", "csv"],
    ));
    assert!(csv.contains(created), "{csv}");

    // Session ids paste into `sessions show`.
    let sessions = succeeded(&run_at(
        &t,
        80,
        &["sessions", "search", "--limit", "5", "-f", "table"],
    ));
    assert!(too_wide(&sessions, 80).is_empty(), "{sessions}");
    let ids: Vec<&str> = sessions
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(ids.len(), 5, "{sessions}");
    for id in ids {
        let shown = jsonl(&run(&t, &["sessions", "show", id, "-f", "jsonl"], None));
        assert_eq!(shown[0]["sessionId"], id);
    }

    // Cases and file events fit too, their ids whole.
    let cases = succeeded(&run_at(&t, 80, &["cases", "list", "-f", "table"]));
    assert!(too_wide(&cases, 80).is_empty(), "{cases}");
    let events = jsonl(&run(&t, &["events", "search", "--limit", "5"], None));
    let table = succeeded(&run_at(
        &t,
        80,
        &["events", "search", "--limit", "5", "-f", "table"],
    ));
    assert!(too_wide(&table, 80).is_empty(), "{table}");
    for event in &events {
        assert!(
            table.contains(event["event"]["id"].as_str().unwrap()),
            "{table}"
        );
    }
}

/// The binary with the journals where they are by default (under the XDG state
/// directory), not moved by TRIAGE42_JOURNAL.
fn run_default_journals(t: &Tenant, args: &[&str]) -> Output {
    let mut cmd = command(t, args);
    cmd.env_remove("TRIAGE42_JOURNAL")
        .env("INCYDR_URL", t.server.base_url())
        .env("INCYDR_API_CLIENT_ID", "demo-client")
        .env("INCYDR_API_CLIENT_SECRET", SECRET);
    finish(cmd, None)
}

#[test]
fn an_empty_journal_points_at_the_other_one_and_info_shows_both() {
    let t = tenant();
    let dir = t.home.path().join("state").join("triage42");
    let real = dir.join("journal.jsonl");
    let demo = dir.join("demo-journal.jsonl");
    let alerts = jsonl(&run(&t, &["alerts", "search", "--limit", "2"], None));
    for alert in &alerts {
        ok(&run_default_journals(
            &t,
            &["alerts", "note", alert["id"].as_str().unwrap(), "seen"],
        ));
    }
    assert!(real.exists() && !demo.exists());

    let info = run_default_journals(&t, &["info"]);
    let text = succeeded(&info);
    let line = |key: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{key:<14} ")))
            .unwrap_or_else(|| panic!("no {key} line:\n{text}"))
            .to_string()
    };
    assert!(
        line("journal").contains(&format!("{} (2 changes)", real.display())),
        "{text}"
    );
    assert!(
        line("demo journal").contains(&format!("{} (not written yet)", demo.display())),
        "{text}"
    );

    // The demo tenant's journal is empty: the real one is pointed at.
    let out = run_default_journals(&t, &["journal", "--demo"]);
    ok(&out);
    assert!(out.stdout.is_empty());
    assert_eq!(
        stderr(&out),
        format!(
            "No changes recorded in {}\nThe journal of real tenants has 2 changes: triage42 journal\n",
            demo.display()
        )
    );

    // And the other way round, as after a session of `triage42 demo`.
    std::fs::rename(&real, &demo).unwrap();
    let out = run_default_journals(&t, &["journal"]);
    ok(&out);
    assert_eq!(
        stderr(&out),
        format!(
            "No changes recorded in {}\nThe demo tenant's journal has 2 changes: triage42 journal --demo\n",
            real.display()
        )
    );
    let listed: Vec<Value> = jsonl(&run_default_journals(
        &t,
        &["journal", "--demo", "-f", "jsonl"],
    ));
    assert_eq!(listed.len(), 2);

    // TRIAGE42_JOURNAL moves both into one file: there is no other journal to name.
    let out = run(&t, &["journal"], None);
    ok(&out);
    assert!(!stderr(&out).contains("demo tenant"), "{}", stderr(&out));
    let info = succeeded(&run(&t, &["info"], None));
    assert!(
        info.contains("the same file (TRIAGE42_JOURNAL is set)"),
        "{info}"
    );
}
