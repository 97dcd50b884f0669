//! Daily use from the command line: the official CLIs' format and command names,
//! `--checkpoint`, the partial-results notice, `doctor`, `~/.config/incydr/.env` and the
//! man page, run as the real binary against the demo tenant over loopback.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use triage42::demo::DemoConfig;

use crate::support::*;
const ALERTS: usize = 60;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: ALERTS,
        seed: 7,
        ..DemoConfig::default()
    })
}

fn ids(rows: &[Value], path: &[&str]) -> Vec<String> {
    rows.iter()
        .map(|r| {
            let mut v = r;
            for p in path {
                v = &v[*p];
            }
            v.as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn every_format_name_and_alias_in_any_case() {
    let t = tenant();
    for name in [
        "jsonl",
        "json-lines",
        "JSON-LINES",
        "ndjson",
        "NDJson",
        "raw-json",
        "RAW-JSON",
    ] {
        let out = run(&t, &["alerts", "search", "--limit", "3", "-f", name], None);
        ok(&out);
        let rows = jsonl(&out);
        assert_eq!(rows.len(), 3, "{name}");
        assert!(rows.iter().all(|r| r["id"].is_string()), "{name}");
    }
    let out = run(
        &t,
        &["alerts", "search", "--limit", "3", "--format", "JSON"],
        None,
    );
    ok(&out);
    let array: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(array.len(), 3);
    // json-pretty: each item indented, one after the other.
    let out = run(
        &t,
        &["alerts", "search", "--limit", "2", "-f", "Json-Pretty"],
        None,
    );
    ok(&out);
    let text = stdout(&out);
    let items: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(items.len(), 2);
    assert!(text.contains("\n  \"id\""), "{text}");
    let out = run(&t, &["alerts", "search", "--limit", "2", "-f", "CSV"], None);
    ok(&out);
    assert!(
        stdout(&out).starts_with("id,createdAt,"),
        "{}",
        stdout(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 3);
    let out = run(
        &t,
        &["alerts", "search", "--limit", "2", "-f", "Table"],
        None,
    );
    ok(&out);
    assert!(stdout(&out).starts_with("ID "), "{}", stdout(&out));
    let out = run(&t, &["alerts", "search", "-f", "yaml"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("raw-json"), "{}", stderr(&out));
}

#[test]
fn incydr_command_names_do_what_ours_do() {
    let t = tenant();
    // alert-rules and alert-rules list, as alerts rules.
    let rules = run(&t, &["alerts", "rules", "-f", "jsonl"], None);
    ok(&rules);
    assert!(!jsonl(&rules).is_empty());
    for args in [
        &["alert-rules", "-f", "jsonl"][..],
        &["alert-rules", "list", "-f", "jsonl"][..],
        &["alert-rules", "-f", "jsonl", "list"][..],
    ] {
        let out = run(&t, args, None);
        ok(&out);
        assert_eq!(out.stdout, rules.stdout, "{args:?}");
    }
    // file-events search, as events search.
    let ours = run(
        &t,
        &["events", "search", "--limit", "7", "-f", "jsonl"],
        None,
    );
    let theirs = run(
        &t,
        &["file-events", "search", "--limit", "7", "-f", "jsonl"],
        None,
    );
    ok(&ours);
    ok(&theirs);
    assert_eq!(jsonl(&ours).len(), 7);
    assert_eq!(ours.stdout, theirs.stdout);
    // alerts add-note, as alerts note.
    let id = ids(
        &jsonl(&run(&t, &["alerts", "search", "--limit", "1"], None)),
        &["id"],
    )
    .pop()
    .unwrap();
    ok(&run(
        &t,
        &["alerts", "add-note", &id, "checked by the night shift"],
        None,
    ));
    let shown = jsonl(&run(&t, &["alerts", "show", &id, "-f", "jsonl"], None));
    assert_eq!(shown[0]["note"], "checked by the night shift");
}

#[test]
fn case_file_events_add_reads_ids_and_json_lines_from_stdin() {
    let t = tenant();
    let case = run(
        &t,
        &["cases", "create", "--name", "stdin ids", "-f", "jsonl"],
        None,
    );
    ok(&case);
    let number = jsonl(&case)[0]["number"].as_u64().unwrap().to_string();
    // JSON Lines straight from events search.
    let events = run(
        &t,
        &["events", "search", "--limit", "3", "-f", "jsonl"],
        None,
    );
    ok(&events);
    let from_search = ids(&jsonl(&events), &["event", "id"]);
    let out = run(
        &t,
        &["cases", "file-events", "add", &number, "-"],
        Some(&stdout(&events)),
    );
    ok(&out);
    // Plain lines, with a blank one.
    let more = run(
        &t,
        &["events", "search", "--limit", "5", "-f", "jsonl"],
        None,
    );
    let plain: Vec<String> = ids(&jsonl(&more), &["event", "id"])
        .into_iter()
        .skip(3)
        .collect();
    let out = run(
        &t,
        &["cases", "file-events", "add", &number, "-"],
        Some(&format!("{}\n\n{}\n", plain[0], plain[1])),
    );
    ok(&out);
    let listed = run(
        &t,
        &["cases", "file-events", "list", &number, "-f", "jsonl"],
        None,
    );
    ok(&listed);
    let mut in_case = ids(&jsonl(&listed), &["eventId"]);
    in_case.sort();
    let mut expected: Vec<String> = from_search.into_iter().chain(plain).collect();
    expected.sort();
    assert_eq!(in_case, expected);
    // A JSON line without an id is named, exit 2, nothing added.
    let out = run(
        &t,
        &["cases", "file-events", "add", &number, "-"],
        Some("{\"file\": {}}\n"),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("line 1"), "{}", stderr(&out));
    let out = run(&t, &["cases", "add-events", &number, "-"], Some(""));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_checkpoint_returns_only_what_is_new_since_its_last_run() {
    let t = tenant();
    let first = run(&t, &["alerts", "search", "--checkpoint", "feed"], None);
    ok(&first);
    assert_eq!(
        jsonl(&first).len(),
        ALERTS,
        "a first run returns everything"
    );
    assert!(first.stderr.is_empty(), "{}", stderr(&first));
    let second = run(&t, &["alerts", "search", "--checkpoint", "feed"], None);
    ok(&second);
    assert!(jsonl(&second).is_empty(), "{}", stdout(&second));
    let a = t.server.add_alert().unwrap();
    let b = t.server.add_alert().unwrap();
    let third = run(&t, &["alerts", "search", "--checkpoint", "feed"], None);
    ok(&third);
    let mut new = ids(&jsonl(&third), &["id"]);
    new.sort();
    assert_eq!(new, [a.clone(), b.clone()]);
    assert!(
        jsonl(&run(
            &t,
            &["alerts", "search", "--checkpoint", "feed"],
            None
        ))
        .is_empty()
    );
    // Another name has its own state; the query still applies.
    let open = run(
        &t,
        &[
            "alerts",
            "search",
            "state:open",
            "--checkpoint",
            "open-only",
        ],
        None,
    );
    ok(&open);
    assert!(jsonl(&open).iter().all(|r| r["state"] == "OPEN"));
    assert!(ids(&jsonl(&open), &["id"]).contains(&a));

    // File events go by insertion time.
    let events = run(&t, &["events", "search", "--checkpoint", "siem"], None);
    ok(&events);
    let all_events = jsonl(&events).len();
    assert!(all_events > ALERTS, "{all_events}");
    assert!(
        jsonl(&run(
            &t,
            &["events", "search", "--checkpoint", "siem"],
            None
        ))
        .is_empty()
    );
    let c = t.server.add_alert().unwrap();
    let shown = run(&t, &["alerts", "show", &c, "-f", "jsonl"], None);
    let mut added: Vec<String> = jsonl(&shown)[0]["fileDetails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["eventId"].as_str().unwrap().to_string())
        .collect();
    added.sort();
    added.dedup();
    assert!(!added.is_empty());
    let next = run(&t, &["events", "search", "--checkpoint", "siem"], None);
    ok(&next);
    let mut new_events = ids(&jsonl(&next), &["event", "id"]);
    new_events.sort();
    assert_eq!(new_events, added);

    // list and clear.
    let list = run(&t, &["checkpoint", "list"], None);
    ok(&list);
    let text = stdout(&list);
    for name in ["feed", "open-only", "siem"] {
        assert!(text.lines().any(|l| l.starts_with(name)), "{text}");
    }
    let state = t.home.path().join("state/triage42/checkpoints/feed.json");
    assert!(state.exists());
    ok(&run(&t, &["checkpoint", "clear", "feed"], None));
    assert!(!state.exists());
    let again = run(&t, &["alerts", "search", "--checkpoint", "feed"], None);
    assert_eq!(jsonl(&again).len(), ALERTS + 3);
    let out = run(&t, &["checkpoint", "clear", "nope"], None);
    assert_eq!(out.status.code(), Some(2));
    // A name of the other kind, and names that would leave the directory.
    let out = run(&t, &["events", "search", "--checkpoint", "feed"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("alerts search"), "{}", stderr(&out));
    for bad in ["../escape", "a/b", ".hidden", ""] {
        let out = run(&t, &["alerts", "search", "--checkpoint", bad], None);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty());
    }
    assert!(!t.home.path().join("state/triage42/escape.json").exists());
}

#[test]
fn a_failed_run_leaves_the_checkpoint_as_it_was() {
    let t = tenant();
    ok(&run(
        &t,
        &["alerts", "search", "--checkpoint", "keep"],
        None,
    ));
    let path = t.home.path().join("state/triage42/checkpoints/keep.json");
    let before = std::fs::read(&path).unwrap();
    t.server.add_alert().unwrap();
    let out = run_with_secret(
        &t,
        &["alerts", "search", "--checkpoint", "keep"],
        None,
        "wrong",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(
        jsonl(&run(
            &t,
            &["alerts", "search", "--checkpoint", "keep"],
            None
        ))
        .len(),
        1
    );
}

#[test]
fn a_search_cut_short_says_so_on_stderr() {
    let t = tenant();
    let out = run(&t, &["alerts", "search", "--limit", "5"], None);
    ok(&out);
    assert_eq!(jsonl(&out).len(), 5);
    assert_eq!(
        stderr(&out).trim(),
        format!("5 of {ALERTS} alerts shown; use --all for every one")
    );
    // Everything shown, or --all: nothing on stderr (no progress without a terminal).
    for args in [
        &["alerts", "search", "--all"][..],
        &["alerts", "search", "--limit", "60"][..],
        &["alerts", "search", "--all", "--details"][..],
        &["events", "search", "--all"][..],
    ] {
        let out = run(&t, args, None);
        ok(&out);
        assert!(out.stderr.is_empty(), "{args:?}: {}", stderr(&out));
    }
    let total = jsonl(&run(&t, &["events", "search", "--all"], None)).len();
    let out = run(&t, &["events", "search", "--limit", "4"], None);
    ok(&out);
    assert_eq!(jsonl(&out).len(), 4);
    let err = stderr(&out);
    assert!(err.starts_with("4 of "), "{err}");
    assert!(
        err.contains(" events shown; use --all for every one"),
        "{err}"
    );
    let digits: String = err
        .trim_start_matches("4 of ")
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ',')
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(digits.parse::<usize>().unwrap(), total);
}

#[test]
fn doctor_passes_against_the_demo_tenant() {
    let t = tenant();
    let out = run(&t, &["doctor"], None);
    ok(&out);
    let text = stdout(&out);
    for check in [
        "settings",
        "proxy",
        "ca bundle",
        "login",
        "tenant",
        "clock",
        "round trip",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("ok") && l.get(5..).unwrap().starts_with(check)),
            "{check}: {text}"
        );
    }
    assert!(!text.contains("fail"), "{text}");
    assert!(text.contains("Example Corp (demo)"), "{text}");
    assert!(!text.contains(SECRET) && !stderr(&out).contains(SECRET));
}

#[test]
fn doctor_names_a_wrong_secret_and_fails() {
    let t = tenant();
    let wrong = "not-the-secret-4711";
    let out = run_with_secret(&t, &["doctor"], None, wrong);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let login = text.lines().find(|l| l.starts_with("fail login")).unwrap();
    assert!(login.contains("refused"), "{text}");
    assert!(text.contains("hint: check the API client id"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("skip tenant")), "{text}");
    assert!(!text.contains(wrong) && !stderr(&out).contains(wrong));
    assert!(stderr(&out).contains("1 check failed"), "{}", stderr(&out));
    // No settings at all: the settings check fails, with a hint.
    let out = finish(command(&t, &["doctor"]), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).starts_with("fail settings"),
        "{}",
        stdout(&out)
    );
}

fn write_dotenv(home: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let dir = home.join(".config/incydr");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(".env");
    std::fs::write(&path, text).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn incydr_dotenv_is_the_lowest_source() {
    let t = tenant();
    write_dotenv(
        t.home.path(),
        &format!(
            "# as the incydr CLI writes it\nINCYDR_URL={}\nINCYDR_API_CLIENT_ID=demo-client\nINCYDR_API_CLIENT_SECRET=\"{SECRET}\"\n",
            t.server.base_url()
        ),
        0o600,
    );
    // Alone, it is enough.
    let out = finish(command(&t, &["alerts", "search", "--limit", "2"]), None);
    ok(&out);
    assert_eq!(jsonl(&out).len(), 2);
    let info = finish(command(&t, &["info"]), None);
    ok(&info);
    assert!(
        stdout(&info).contains(".config/incydr/.env"),
        "{}",
        stdout(&info)
    );
    assert!(!stdout(&info).contains(SECRET));
    // The environment wins over it.
    let mut cmd = command(&t, &["alerts", "search", "--limit", "2"]);
    cmd.env("INCYDR_API_CLIENT_SECRET", "wrong");
    let out = finish(cmd, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A profile wins over it too.
    let config = t.home.path().join("config/triage42");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "default_profile = \"p\"\n[profiles.p]\nclient_id = \"profile-client\"\n",
    )
    .unwrap();
    let info = finish(command(&t, &["info"]), None);
    ok(&info);
    assert!(
        stdout(&info).contains("profile-client"),
        "{}",
        stdout(&info)
    );
    std::fs::remove_file(config.join("config.toml")).unwrap();
    // A secret in a file others can change or read is refused.
    for mode in [0o620, 0o602, 0o644] {
        write_dotenv(
            t.home.path(),
            &format!(
                "INCYDR_URL={}\nINCYDR_API_CLIENT_ID=demo-client\nINCYDR_API_CLIENT_SECRET={SECRET}\n",
                t.server.base_url()
            ),
            mode,
        );
        let out = finish(command(&t, &["alerts", "search", "--limit", "1"]), None);
        assert_eq!(out.status.code(), Some(2), "{mode:o}");
        assert!(
            stderr(&out).contains("chmod 600"),
            "{mode:o}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains(SECRET));
        assert!(out.stdout.is_empty());
    }
    // ... unless nothing in it is used.
    let out = run(&t, &["alerts", "search", "--limit", "1"], None);
    ok(&out);
}

#[test]
fn a_dotenv_in_the_current_directory_is_never_read() {
    let t = tenant();
    std::fs::write(
        t.home.path().join(".env"),
        format!(
            "INCYDR_URL={}\nINCYDR_API_CLIENT_ID=demo-client\nINCYDR_API_CLIENT_SECRET={SECRET}\n",
            t.server.base_url()
        ),
    )
    .unwrap();
    let out = finish(command(&t, &["alerts", "search", "--limit", "1"]), None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing settings"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn man_page_and_log_flags() {
    let t = tenant();
    let out = run(&t, &["man"], None);
    ok(&out);
    let page = stdout(&out);
    assert!(
        page.contains(".TH triage42 1"),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains("doctor") && page.contains("checkpoint"));
    let out = run(
        &t,
        &["alerts", "search", "--limit", "1", "--log-level", "loud"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let out = run(
        &t,
        &["alerts", "search", "--all", "-v", "--log-level", "WARN"],
        None,
    );
    ok(&out);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    let out = run(&t, &["-vv", "alerts", "search", "--limit", "1"], None);
    ok(&out);
    assert!(!stderr(&out).contains(SECRET));
}

#[test]
fn a_watch_interval_too_short_or_not_a_number_is_refused_before_the_terminal_is_touched() {
    for (value, says) in [("0", "at least 1 s"), ("soon", "\"soon\" is not a number")] {
        let out = Command::new(env!("CARGO_BIN_EXE_triage42"))
            .args(["demo", "--watch", value])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{stderr}");
        assert!(stderr.contains("--watch"), "{stderr}");
    }
}
