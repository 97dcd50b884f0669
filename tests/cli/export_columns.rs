//! One set of columns: `alerts search -f csv` and `sessions search -f csv` write the
//! header of `export_columns` and, for the same items, the lines the TUI's export (`e`)
//! writes, note included.

use serde_json::Value;
use triage42::api::Session;
use triage42::demo::DemoConfig;
use triage42::export_columns::{ALERT_COLUMNS, Record, SESSION_COLUMNS};
use triage42::tui::export::{ExportFormat, write_rows};
use triage42::tui::service::{ApiService, ListService, from_api};
use triage42::tui::state::{
    AlertKind, AlertRow, AlertStateView, ListKind, SessionKind, SeverityView,
};

use crate::support::*;

fn tenant() -> Tenant {
    Tenant::start(DemoConfig {
        alerts: 80,
        seed: 5,
        ..DemoConfig::default()
    })
}

/// The TUI's CSV of `records` (formula guard on, as by default), its lines ended as the
/// commands end them.
fn tui_csv<R: Record>(records: &[R]) -> String {
    let mut out = Vec::new();
    write_rows(&mut out, records, ExportFormat::Csv, true).unwrap();
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

/// A row of the alert list as the TUI holds it; its export reads the rest by the id.
fn row_of(id: &str) -> AlertRow {
    AlertRow {
        id: id.to_string(),
        severity: SeverityView::Low,
        state: AlertStateView::Open,
        created: None,
        rule_name: String::new(),
        actor: String::new(),
        unreadable: None,
    }
}

#[test]
fn alerts_csv_has_the_tuis_columns_and_values_with_the_note() {
    let t = tenant();
    let ids: Vec<String> = jsonl(&run(&t, &["alerts", "search", "--limit", "3"], None))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    // A note with what CSV quotes and what a spreadsheet would run.
    let awkward = "=HYPERLINK(\"x\"), see \"HR\"\nsecond line";
    ok(&run(&t, &["alerts", "note", &ids[0], awkward], None));
    ok(&run(&t, &["alerts", "note", &ids[2], "plain note"], None));

    let out = run(
        &t,
        &["alerts", "search", "--limit", "120", "-f", "csv"],
        None,
    );
    ok(&out);
    let csv = stdout(&out);
    assert_eq!(csv.lines().next().unwrap(), ALERT_COLUMNS.join(","));
    assert_eq!(csv.lines().count(), 81, "{csv}");
    let line = csv.lines().find(|l| l.starts_with(&ids[0])).unwrap();
    assert!(
        line.ends_with(",\"'=HYPERLINK(\"\"x\"\"), see \"\"HR\"\"↵second line\""),
        "{line}"
    );
    assert!(csv.contains(",plain note\n"), "{csv}");

    // The TUI's export of the same alerts, in the same order, read as it reads them.
    let listed: Vec<AlertRow> = csv
        .lines()
        .skip(1)
        .map(|line| row_of(line.split(',').next().unwrap()))
        .collect();
    let client = triage42::api::Client::new(triage42::api::ClientConfig::new(
        t.server.base_url(),
        "demo-client",
        SECRET,
    ))
    .unwrap();
    let service = ApiService::new(client);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut records = Vec::new();
    for chunk in listed.chunks(100) {
        records.extend(
            runtime
                .block_on(ListService::<AlertKind>::export_records(
                    &service,
                    chunk.to_vec(),
                ))
                .unwrap(),
        );
    }
    assert_eq!(records.len(), 80);
    assert_eq!(csv, tui_csv(&records));

    // The table leaves the note out (and reads no details); --columns can ask for it.
    let table = run(
        &t,
        &["alerts", "search", "--limit", "3", "-f", "table"],
        None,
    );
    ok(&table);
    assert!(!stdout(&table).contains("NOTE"), "{}", stdout(&table));
    let asked = run(
        &t,
        &[
            "alerts",
            "search",
            "--limit",
            "3",
            "-f",
            "table",
            "--columns",
            "id,note",
        ],
        None,
    );
    ok(&asked);
    assert!(stdout(&asked).contains("plain note"), "{}", stdout(&asked));
    // JSON is the search's record, as before: the note comes with --details.
    let plain = jsonl(&run(&t, &["alerts", "search", "--limit", "3"], None));
    assert!(plain.iter().all(|r| r.get("note").is_none()));
    let details = jsonl(&run(
        &t,
        &["alerts", "search", "--limit", "3", "--details"],
        None,
    ));
    assert_eq!(details[2]["note"], "plain note");
}

#[test]
fn sessions_csv_has_the_tuis_columns_and_values_with_the_latest_note() {
    let t = tenant();
    let listed = jsonl(&run(&t, &["sessions", "search", "--limit", "2"], None));
    let id = listed[1]["sessionId"].as_str().unwrap().to_string();
    ok(&run(&t, &["sessions", "note", &id, "first, of two"], None));
    ok(&run(&t, &["sessions", "note", &id, "+the latest"], None));

    let out = run(
        &t,
        &["sessions", "search", "--limit", "30", "-f", "csv"],
        None,
    );
    ok(&out);
    let csv = stdout(&out);
    assert_eq!(csv.lines().next().unwrap(), SESSION_COLUMNS.join(","));
    assert!(csv.contains(",'+the latest\n"), "{csv}");

    // The same sessions as the TUI holds them (its rows are made from the session the
    // search gives, every field of which the commands' JSON keeps).
    let sessions = jsonl(&run(&t, &["sessions", "search", "--limit", "30"], None));
    let records: Vec<_> = sessions
        .into_iter()
        .map(|row: Value| {
            let session: Session = serde_json::from_value(row).unwrap();
            SessionKind::held_record(&from_api::session_row(&session)).unwrap()
        })
        .collect();
    assert_eq!(csv, tui_csv(&records));
    let json = jsonl(&run(&t, &["sessions", "search", "--limit", "30"], None));
    let noted = json.iter().find(|s| s["sessionId"] == id.as_str()).unwrap();
    assert_eq!(noted["note"], "+the latest");

    // The table leaves the note out.
    let table = run(
        &t,
        &["sessions", "search", "--limit", "3", "-f", "table"],
        None,
    );
    ok(&table);
    assert!(!stdout(&table).contains("NOTE"), "{}", stdout(&table));
}
