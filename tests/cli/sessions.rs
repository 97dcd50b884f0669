//! `triage42 sessions …`, run as the real binary against the demo tenant.

use std::process::Output;

use serde_json::Value;
use triage42::demo::DemoConfig;

use crate::support::*;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 150,
        seed: 12,
        ..DemoConfig::default()
    })
}

/// Each line of stdout as JSON, from a command that must have succeeded.
fn jsonl(out: &Output) -> Vec<Value> {
    ok(out);
    crate::support::jsonl(out)
}

#[test]
fn search_filters_pages_and_sorts() {
    let t = tenant();
    let all = jsonl(&run(&t, &["sessions", "search", "--all"], None));
    assert!(all.len() > 50, "{}", all.len());
    assert!(all.iter().all(|s| s["alertCount"].as_u64().unwrap() > 0));
    let first = jsonl(&run(&t, &["sessions", "search", "--limit", "7"], None));
    assert_eq!(first.len(), 7);
    assert_eq!(first[..], all[..7]);

    let high = jsonl(&run(
        &t,
        &[
            "sessions",
            "search",
            "severity:high,critical",
            "state:open,open_new_data",
            "--all",
        ],
        None,
    ));
    let expected: Vec<&Value> = all
        .iter()
        .filter(|s| {
            matches!(s["severityName"].as_str(), Some("HIGH" | "CRITICAL"))
                && matches!(s["currentState"].as_str(), Some("OPEN" | "OPEN_NEW_DATA"))
        })
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(high.iter().collect::<Vec<_>>(), expected);

    let actor = all[0]["actorId"].as_str().unwrap();
    let mine = jsonl(&run(
        &t,
        &["sessions", "search", &format!("actor:{actor}"), "--all"],
        None,
    ));
    assert!(!mine.is_empty() && mine.iter().all(|s| s["actorId"] == actor));

    let quiet = jsonl(&run(
        &t,
        &["sessions", "search", "has-alerts:no", "--all"],
        None,
    ));
    assert!(!quiet.is_empty() && quiet.iter().all(|s| s["alertCount"] == 0));

    let by_score = jsonl(&run(
        &t,
        &["sessions", "search", "--all", "--sort", "score:asc"],
        None,
    ));
    let scores: Vec<i64> = by_score
        .iter()
        .map(|s| s["score"].as_i64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]));

    let csv = run(
        &t,
        &[
            "sessions",
            "search",
            "--limit",
            "3",
            "-f",
            "csv",
            "--columns",
            "sessionId,currentState",
        ],
        None,
    );
    ok(&csv);
    let text = String::from_utf8_lossy(&csv.stdout);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().next().unwrap().contains("sessionId"));

    // A bad query is exit code 2 with a caret under the offending term.
    let bad = run(
        &t,
        &["sessions", "search", "state:open", "colour:red"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("unknown field") && err.contains("^^^^^^^^^^"),
        "{err}"
    );
    let bad = run(&t, &["sessions", "search", "--sort", "colour"], None);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn show_events_update_and_notes_read_back() {
    let t = tenant();
    let all = jsonl(&run(&t, &["sessions", "search", "--all"], None));
    let id = all[0]["sessionId"].as_str().unwrap().to_string();
    let shown = jsonl(&run(&t, &["sessions", "show", &id, "-f", "jsonl"], None));
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["sessionId"], id.as_str());

    let events = jsonl(&run(&t, &["sessions", "events", &id, "-f", "jsonl"], None));
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["user"]["id"] == all[0]["actorId"]));

    // A table is sanitised and fits the terminal width.
    let table = run(&t, &["sessions", "show", &id, "-f", "table"], None);
    ok(&table);
    assert!(!String::from_utf8_lossy(&table.stdout).contains('\u{1b}'));

    ok(&run(
        &t,
        &[
            "sessions",
            "update",
            "--state",
            "closed_tp",
            "--note",
            "done here",
            &id,
        ],
        None,
    ));
    ok(&run(&t, &["sessions", "note", &id, "and another"], None));
    let shown = jsonl(&run(&t, &["sessions", "show", &id, "-f", "jsonl"], None));
    assert_eq!(shown[0]["currentState"], "CLOSED_TP");
    assert_eq!(
        shown[0]["noteTexts"],
        serde_json::json!(["done here", "and another"])
    );

    // Ids from stdin, as JSON Lines from a search; more than 100 go in chunks.
    let lines: String = all.iter().take(120).map(|s| format!("{s}\n")).collect();
    let out = run(
        &t,
        &["sessions", "update", "--state", "IN_PROGRESS", "-"],
        Some(&lines),
    );
    ok(&out);
    assert!(String::from_utf8_lossy(&out.stderr).contains("120 sessions set to IN_PROGRESS"));
    let after = jsonl(&run(
        &t,
        &["sessions", "search", "state:in_progress", "--all"],
        None,
    ));
    let ids: Vec<&str> = after
        .iter()
        .map(|s| s["sessionId"].as_str().unwrap())
        .collect();
    for s in all.iter().take(120) {
        assert!(ids.contains(&s["sessionId"].as_str().unwrap()));
    }

    // Every change is in the journal.
    let journal = run(&t, &["journal", "--format", "jsonl"], None);
    let text = String::from_utf8_lossy(&journal.stdout);
    assert!(text.contains("session-state"), "{text}");
    assert!(text.contains("session-note"), "{text}");

    // Bad input: exit 2 before anything is sent; unknown sessions: exit 1.
    let bad = run(&t, &["sessions", "update", "--state", "DONE", &id], None);
    assert_eq!(bad.status.code(), Some(2));
    let long = "x".repeat(2001);
    assert_eq!(
        run(&t, &["sessions", "note", &id, &long], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&t, &["sessions", "show", "no-such-session"], None)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&t, &["--read-only", "sessions", "note", &id, "x"], None)
            .status
            .code(),
        Some(2)
    );
}
