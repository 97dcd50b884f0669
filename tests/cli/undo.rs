//! `triage42 undo` through the demo tenant: a bulk resolve by mistake is put back (states
//! and notes), an alert a colleague changed since is left alone and named unless
//! `--force`, the undo is undone in turn; sessions too; what is not undone says so.

use serde_json::Value;
use triage42::demo::DemoConfig;

use crate::support::{Tenant, jsonl, ok, run, stderr};

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 300,
        seed: 23,
        ..DemoConfig::default()
    })
}

/// Each alert's state and note, by id.
fn alerts(t: &Tenant, ids: &[String]) -> Vec<(String, Value, Value)> {
    let mut args = vec!["alerts", "show", "--format", "jsonl"];
    args.extend(ids.iter().map(String::as_str));
    let shown = jsonl(&run(t, &args, None));
    let mut out: Vec<(String, Value, Value)> = shown
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap().to_string(),
                d["state"].clone(),
                d["note"].clone(),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn a_mistaken_bulk_resolve_is_put_back_and_the_undo_can_be_undone() {
    let t = tenant();
    let open: Vec<String> = jsonl(&run(
        &t,
        &[
            "alerts",
            "search",
            "state:open",
            "--all",
            "--format",
            "jsonl",
        ],
        None,
    ))
    .iter()
    .take(130)
    .map(|r| r["id"].as_str().unwrap().to_string())
    .collect();
    assert_eq!(open.len(), 130);
    // One of them has a note of its own that the mistake replaces.
    ok(&run(
        &t,
        &["alerts", "note", &open[5], "USB seen twice"],
        None,
    ));
    let before = alerts(&t, &open);

    let input = open.join("\n");
    ok(&run(
        &t,
        &[
            "alerts",
            "update",
            "--state",
            "RESOLVED",
            "--note",
            "bulk by mistake",
            "-",
        ],
        Some(&input),
    ));
    // A colleague moves one of them on after the mistake.
    ok(&run(
        &t,
        &["alerts", "update", "--state", "PENDING", &open[7]],
        None,
    ));
    let colleague = alerts(&t, std::slice::from_ref(&open[7]));

    // Without a terminal to ask on, undo asks for --yes and changes nothing.
    let refused = run(&t, &["undo"], None);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--yes"));
    assert_eq!(alerts(&t, std::slice::from_ref(&open[7])), colleague);

    // The last change is the colleague's: undo the bulk one by naming it (any of its
    // calls names the whole of it).
    let journal = jsonl(&run(&t, &["journal", "--format", "jsonl"], None));
    let bulk: Vec<&Value> = journal
        .iter()
        .filter(|c| c["note"] == "bulk by mistake")
        .collect();
    assert_eq!(bulk.len(), 2, "130 alerts in two calls: {journal:?}");
    let second_call = bulk[1]["change"].as_str().unwrap();
    let undone = run(&t, &["undo", "--yes", second_call], None);
    ok(&undone);
    let said = stderr(&undone);
    assert!(said.contains("129 alerts go back"), "{said}");
    assert!(said.contains("1 alert changed since, left alone"), "{said}");
    assert!(
        said.contains(&open[7]),
        "the alert left alone is named: {said}"
    );
    assert!(said.contains("129 alerts put back"), "{said}");

    let now = alerts(&t, &open);
    for ((id, state, note), (_, was_state, was_note)) in now.iter().zip(&before) {
        if id == &open[7] {
            assert_eq!(state, "PENDING", "the colleague's change stays");
            continue;
        }
        assert_eq!(state, was_state, "{id}");
        if !was_note.is_null() {
            assert_eq!(note, was_note, "{id}: its own note is back");
        }
    }
    let five = now.iter().find(|a| a.0 == open[5]).unwrap();
    assert_eq!(five.2, "USB seen twice");

    // The undo is a change of its own: undoing it resolves them again.
    let journal = jsonl(&run(&t, &["journal", "--format", "jsonl"], None));
    assert!(
        journal
            .iter()
            .any(|c| c["undoes"].as_str() == Some(bulk[0]["change"].as_str().unwrap())),
        "the undo names what it undoes: {journal:?}"
    );
    let again = run(&t, &["undo", "--yes"], None);
    ok(&again);
    assert!(
        stderr(&again).contains("129 alerts put back"),
        "{}",
        stderr(&again)
    );
    for (id, state, note) in alerts(&t, &open) {
        if id == open[7] {
            assert_eq!(state, "PENDING");
        } else {
            assert_eq!(state, "RESOLVED", "{id}");
            assert_eq!(note, "bulk by mistake", "{id}");
        }
    }

    // --force puts back the one a colleague changed too.
    let forced = run(&t, &["undo", "--yes", "--force", second_call], None);
    ok(&forced);
    assert!(
        stderr(&forced).contains("changed since and is put back anyway"),
        "{}",
        stderr(&forced)
    );
    let seven = alerts(&t, std::slice::from_ref(&open[7]));
    assert_eq!(
        seven[0].1,
        before.iter().find(|a| a.0 == open[7]).unwrap().1
    );
}

#[test]
fn sessions_go_back_to_their_state_and_what_is_not_undone_says_so() {
    let t = tenant();
    let sessions = jsonl(&run(&t, &["sessions", "search", "--all"], None));
    let picked: Vec<&Value> = sessions
        .iter()
        .filter(|s| s["currentState"] != "CLOSED_FP")
        .take(3)
        .collect();
    let ids: Vec<&str> = picked
        .iter()
        .map(|s| s["sessionId"].as_str().unwrap())
        .collect();
    let mut args = vec![
        "sessions",
        "update",
        "--state",
        "CLOSED_FP",
        "--note",
        "noise",
    ];
    args.extend(&ids);
    ok(&run(&t, &args, None));

    let undone = run(&t, &["undo", "--yes"], None);
    ok(&undone);
    let said = stderr(&undone);
    assert!(said.contains("3 sessions go back"), "{said}");
    assert!(said.contains("note the change added"), "{said}");
    for (id, was) in ids.iter().zip(&picked) {
        let shown = jsonl(&run(&t, &["sessions", "show", id, "-f", "jsonl"], None));
        assert_eq!(shown[0]["currentState"], was["currentState"], "{id}");
    }

    // A case created is not undone, and undo says what to do instead.
    let case = run(&t, &["cases", "create", "--name", "undo test"], None);
    ok(&case);
    let journal = jsonl(&run(&t, &["journal", "--format", "jsonl"], None));
    let created = journal
        .iter()
        .find(|c| c["action"] == "create-case")
        .unwrap();
    let refused = run(
        &t,
        &["undo", "--yes", created["change"].as_str().unwrap()],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("case created is not undone"));
    let unknown = run(&t, &["undo", "--yes", "no-such-change"], None);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no change"));
    let read_only = run(&t, &["--read-only", "undo", "--yes"], None);
    assert_eq!(read_only.status.code(), Some(2));
}
