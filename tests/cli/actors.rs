//! `triage42 actors …`, run as the real binary against the demo tenant.

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

#[test]
fn actors_search_finds_by_prefix() {
    let t = tenant();
    let all = jsonl(&run(&t, &["actors", "search", "--all"], None));
    assert_eq!(all.len(), 60);
    assert_eq!(all[0].as_object().unwrap().len(), 19);
    let name = all[9]["name"].as_str().unwrap().to_string();
    let prefix = name.get(..5).unwrap().to_uppercase();
    let found = jsonl(&run(&t, &["actors", "search", &prefix, "--all"], None));
    assert!(found.iter().any(|a| a["name"] == name.as_str()));
    assert!(found.iter().all(|a| {
        a["name"]
            .as_str()
            .unwrap()
            .to_uppercase()
            .starts_with(&prefix)
    }));
    let inactive = jsonl(&run(&t, &["actors", "search", "--inactive", "--all"], None));
    assert!(!inactive.is_empty());
    assert!(inactive.iter().all(|a| a["active"] == false));
    let few = jsonl(&run(&t, &["actors", "search", "--limit", "3"], None));
    assert_eq!(few[..], all[..3]);
}

#[test]
fn actors_show_prints_department_title_manager_and_end_date() {
    let t = tenant();
    let all = jsonl(&run(&t, &["actors", "search", "--all"], None));
    let leaving = all
        .iter()
        .find(|a| !a["endDate"].is_null() && !a["managerActorId"].is_null())
        .unwrap();
    let manager = all
        .iter()
        .find(|a| a["actorId"] == leaving["managerActorId"])
        .unwrap();
    let name = leaving["name"].as_str().unwrap();
    let out = run(&t, &["actors", "show", name, "--format", "detail"], None);
    ok(&out);
    let text = stdout(&out);
    for (label, value) in [
        ("Department:", leaving["department"].as_str().unwrap()),
        ("Title:", leaving["title"].as_str().unwrap()),
        ("Manager:", manager["name"].as_str().unwrap()),
        ("End date:", leaving["endDate"].as_str().unwrap()),
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(label) && l.contains(value)),
            "{label} {value} in\n{text}"
        );
    }
    // By id, as JSON: the actor itself.
    let id = leaving["actorId"].as_str().unwrap();
    let shown = jsonl(&run(&t, &["actors", "show", id, "--format", "jsonl"], None));
    assert_eq!(&shown[0], leaving);

    let missing = run(&t, &["actors", "show", "nobody@example.com"], None);
    assert!(!missing.status.success());
}

#[test]
fn actors_update_then_show_reads_it_back() {
    let t = tenant();
    let all = jsonl(&run(&t, &["actors", "search", "--all"], None));
    let name = all[12]["name"].as_str().unwrap();
    let refused = run(
        &t,
        &["--read-only", "actors", "update", name, "--notes", "x"],
        None,
    );
    assert!(!refused.status.success());

    ok(&run(
        &t,
        &[
            "actors",
            "update",
            name,
            "--notes",
            "badge returned",
            "--end-date",
            "2026-12-24",
        ],
        None,
    ));
    let shown = jsonl(&run(
        &t,
        &["actors", "show", name, "--format", "jsonl"],
        None,
    ));
    assert_eq!(shown[0]["notes"], "badge returned");
    assert_eq!(shown[0]["endDate"], "2026-12-24");
    assert_eq!(shown[0]["startDate"], all[12]["startDate"]);

    ok(&run(
        &t,
        &[
            "actors",
            "update",
            name,
            "--clear-notes",
            "--clear-end-date",
        ],
        None,
    ));
    let shown = jsonl(&run(
        &t,
        &["actors", "show", name, "--format", "jsonl"],
        None,
    ));
    assert!(shown[0]["notes"].is_null());
    assert!(shown[0]["endDate"].is_null());

    let bad = run(
        &t,
        &["actors", "update", name, "--end-date", "24.12.2026"],
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}
