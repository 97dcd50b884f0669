//! `triage42 watchlists …` and `triage42 cases update`, run as the real binary against
//! the demo tenant.

use std::process::Output;

use serde_json::Value;
use triage42::demo::DemoConfig;

use crate::support::*;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 60,
        seed: 5,
        ..DemoConfig::default()
    })
}

fn jsonl(out: &Output) -> Vec<Value> {
    ok(out);
    crate::support::jsonl(out)
}

fn journal(t: &Tenant) -> Vec<Value> {
    jsonl(&run(t, &["journal", "--format", "jsonl"], None))
}

fn included(t: &Tenant, list: &str) -> Vec<String> {
    jsonl(&run(
        t,
        &["watchlists", "list-included-actors", list, "-f", "jsonl"],
        None,
    ))
    .iter()
    .map(|m| m["actorId"].as_str().unwrap().to_string())
    .collect()
}

#[test]
fn watchlists_list_and_show_with_members() {
    let t = tenant();
    let lists = jsonl(&run(&t, &["watchlists", "list"], None));
    assert_eq!(lists.len(), 6);
    let departing = lists
        .iter()
        .find(|w| w["listType"] == "DEPARTING_EMPLOYEE")
        .unwrap();
    let count = departing["stats"]["includedActorsCount"].as_u64().unwrap();

    // By type in any case, as the incydr CLI names a list: `Label: value` lines and the
    // members by name.
    let out = run(
        &t,
        &["watchlists", "show", "departing_employee", "-f", "detail"],
        None,
    );
    ok(&out);
    let text = stdout(&out);
    assert!(text.starts_with("Watchlist:"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("Included actors:") && l.ends_with(&count.to_string())),
        "{text}"
    );
    let shown = jsonl(&run(
        &t,
        &[
            "watchlists",
            "show",
            departing["watchlistId"].as_str().unwrap(),
        ],
        None,
    ));
    let members = shown[0]["members"].as_array().unwrap();
    assert_eq!(members.len() as u64, count);
    for m in members {
        assert!(text.contains(m["actorname"].as_str().unwrap()), "{text}");
    }

    // The lists of an actor, by name.
    let name = members[0]["actorname"].as_str().unwrap();
    let theirs = jsonl(&run(&t, &["watchlists", "list", "--actor", name], None));
    assert!(
        theirs
            .iter()
            .any(|w| w["watchlistId"] == departing["watchlistId"])
    );
    assert!(theirs.len() < lists.len());

    let custom = jsonl(&run(
        &t,
        &["watchlists", "list-members", "Source code access"],
        None,
    ));
    assert!(!custom.is_empty());
    let missing = run(&t, &["watchlists", "show", "NO_SUCH_LIST"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("no watchlist"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn watchlists_add_and_remove_by_name_and_id_journaled() {
    let t = tenant();
    let actors = jsonl(&run(&t, &["actors", "search", "--all"], None));
    let before = included(&t, "FLIGHT_RISK");
    let outsiders: Vec<&Value> = actors
        .iter()
        .filter(|a| !before.iter().any(|id| a["actorId"] == id.as_str()))
        .take(3)
        .collect();
    let by_name = outsiders[0]["name"].as_str().unwrap();
    let by_id = outsiders[1]["actorId"].as_str().unwrap();
    let listed = outsiders[2]["name"].as_str().unwrap();

    let refused = run(
        &t,
        &["--read-only", "watchlists", "add", "FLIGHT_RISK", by_name],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(included(&t, "FLIGHT_RISK"), before);

    let out = run(
        &t,
        &[
            "watchlists",
            "add",
            "flight_risk",
            by_name,
            by_id,
            "--actors",
            listed,
        ],
        None,
    );
    ok(&out);
    assert!(
        stderr(&out).contains("3 actors added to watchlist FLIGHT_RISK"),
        "{}",
        stderr(&out)
    );
    let now = included(&t, "FLIGHT_RISK");
    assert_eq!(now.len(), before.len() + 3);
    for a in &outsiders {
        assert!(now.iter().any(|id| a["actorId"] == id.as_str()));
    }
    let shown = jsonl(&run(&t, &["watchlists", "show", "FLIGHT_RISK"], None));
    assert_eq!(
        shown[0]["stats"]["includedActorsCount"].as_u64().unwrap() as usize,
        now.len()
    );

    // Taken off again, from stdin as `actors search` prints them.
    let lines: String = outsiders.iter().map(|a| format!("{a}\n")).collect();
    ok(&run(
        &t,
        &["watchlists", "remove", "FLIGHT_RISK", "-"],
        Some(&lines),
    ));
    assert_eq!(included(&t, "FLIGHT_RISK"), before);

    let unknown = run(
        &t,
        &["watchlists", "add", "FLIGHT_RISK", "no-such-actor"],
        None,
    );
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        stderr(&unknown).contains("Actor not found: no-such-actor"),
        "{}",
        stderr(&unknown)
    );
    let nobody = run(
        &t,
        &["watchlists", "add", "FLIGHT_RISK", "nobody@example.com"],
        None,
    );
    assert_eq!(nobody.status.code(), Some(1));

    let changes = journal(&t);
    let ours: Vec<&Value> = changes
        .iter()
        .filter(|c| c["watchlist"] == "FLIGHT_RISK")
        .collect();
    assert_eq!(ours.len(), 3, "{changes:?}");
    assert_eq!(ours[0]["action"], "add-watchlist-actors");
    assert_eq!(ours[0]["count"], 3);
    assert_eq!(ours[0]["outcome"], "ok");
    assert_eq!(ours[1]["action"], "remove-watchlist-actors");
    assert_eq!(ours[2]["outcome"], "failed");
}

#[test]
fn cases_update_sends_every_field_back_with_the_changes() {
    let t = tenant();
    let before = jsonl(&run(&t, &["cases", "show", "1", "-f", "jsonl"], None));
    assert_eq!(before[0]["status"], "OPEN");

    let refused = run(
        &t,
        &["--read-only", "cases", "update", "1", "--findings", "x"],
        None,
    );
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        run(&t, &["cases", "update", "1"], None).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&t, &["cases", "update", "1", "--status", "DONE"], None)
            .status
            .code(),
        Some(2)
    );

    let findings = "# Findings\nThe files left on a USB drive.\n";
    let updated = jsonl(&run(
        &t,
        &[
            "cases",
            "update",
            "1",
            "--findings",
            "-",
            "--description",
            "escalated",
            "-f",
            "jsonl",
        ],
        Some(findings),
    ));
    assert_eq!(
        updated[0]["findings"],
        "# Findings\nThe files left on a USB drive."
    );
    assert_eq!(updated[0]["description"], "escalated");
    for kept in ["name", "subject", "assignee", "status"] {
        assert_eq!(updated[0][kept], before[0][kept], "{kept} kept");
    }
    let closed = jsonl(&run(
        &t,
        &["cases", "update", "1", "--status", "closed", "-f", "jsonl"],
        None,
    ));
    assert_eq!(closed[0]["status"], "CLOSED");
    assert_eq!(closed[0]["findings"], updated[0]["findings"]);
    let shown = jsonl(&run(&t, &["cases", "show", "1", "-f", "jsonl"], None));
    assert_eq!(shown[0]["status"], "CLOSED");

    let again = run(&t, &["cases", "update", "1", "--name", "reopened?"], None);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("NO_EDITS_ONCE_CLOSED"));

    let changes: Vec<Value> = journal(&t)
        .into_iter()
        .filter(|c| c["action"] == "update-case")
        .collect();
    assert_eq!(changes.len(), 3);
    assert_eq!(changes[0]["case"], "#1");
    assert_eq!(changes[0]["fields"]["description"], "escalated");
    assert_eq!(changes[1]["state"], "CLOSED");
    assert_eq!(changes[1]["outcome"], "ok");
    assert_eq!(changes[2]["outcome"], "failed");
}

#[test]
fn actors_update_is_journaled() {
    let t = tenant();
    let all = jsonl(&run(&t, &["actors", "search", "--all"], None));
    let name = all[4]["name"].as_str().unwrap();
    ok(&run(
        &t,
        &["actors", "update", name, "--notes", "laptop returned"],
        None,
    ));
    let changes = journal(&t);
    let last = changes.last().unwrap();
    assert_eq!(last["action"], "update-actor");
    assert_eq!(last["ids"][0], all[4]["actorId"]);
    assert_eq!(last["fields"]["notes"], "laptop returned");
    assert_eq!(last["outcome"], "ok");
}
