//! Export and copy: the reducer's prompt and effects, and the export written to a real file.

use crossterm::event::KeyCode;
use triage42_core::export_columns::{ALERT_COLUMNS, AlertRecord, SESSION_COLUMNS};
use triage42_tui::effect::{Call, Effect, ExportRead, ExportRows, ListCall, LocalEffect};
use triage42_tui::export::{ExportError, ExportFormat, export_to_file};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{AlertRow, ExportStage, Overlay, Pane, State, StatusKind};
use triage42_tui::update::update;

use crate::support;
use crate::support::*;

fn prompt_text(state: &State) -> String {
    match &state.overlay {
        Some(Overlay::Export(prompt)) => prompt.input.value().to_string(),
        other => panic!("expected the export prompt, got {other:?}"),
    }
}

fn prompt_error(state: &State) -> Option<String> {
    match &state.overlay {
        Some(Overlay::Export(prompt)) => prompt.error.clone(),
        other => panic!("expected the export prompt, got {other:?}"),
    }
}

fn replace_prompt_text(state: &mut State, text: &str) {
    let length = prompt_text(state).chars().count();
    for _ in 0..length {
        update(state, key(KeyCode::Backspace));
    }
    for c in text.chars() {
        update(state, char_key(c));
    }
}

/// An export of alerts asks the worker first: their notes are in their details.
fn export_effect(effects: &[Effect]) -> (String, ExportFormat, Vec<AlertRow>) {
    match effects {
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => {
            (fetch.path.clone(), fetch.format, fetch.rows.clone())
        }
        other => panic!("expected one export effect, got {other:?}"),
    }
}

/// The write the loop is asked for once the records are in.
fn written(effects: &[Effect]) -> (String, ExportFormat, Vec<AlertRecord>) {
    match effects {
        [
            Effect::Local(LocalEffect::WriteExport {
                path,
                format,
                rows: ExportRows::Alerts(records),
                ..
            }),
        ] => (path.clone(), *format, records.clone()),
        other => panic!("expected one write, got {other:?}"),
    }
}

/// The records of the alerts the worker was asked for, read back with their notes.
fn fetched(effects: &[Effect], records: Vec<AlertRecord>, left_out: usize) -> Msg {
    match effects {
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => {
            Msg::Alerts(ListMsg::ExportFetched {
                request_id: fetch.request_id,
                path: fetch.path.clone(),
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: Ok(ExportRead { records, left_out }),
            })
        }
        other => panic!("expected an export that asks the worker, got {other:?}"),
    }
}

fn copied(effects: &[Effect]) -> String {
    match effects {
        [Effect::Local(LocalEffect::CopyToClipboard { text })] => text.clone(),
        other => panic!("expected one copy effect, got {other:?}"),
    }
}

fn status_text(state: &State) -> String {
    state.status.message.as_ref().unwrap().text.clone()
}

#[test]
fn e_opens_the_prompt_with_a_dated_csv_name() {
    let mut state = loaded_state(10, 10);
    assert!(update(&mut state, char_key('e')).is_empty());
    assert_eq!(prompt_text(&state), "triage42-alerts-20261122-120000.csv");
}

#[test]
fn enter_exports_every_listed_row_when_none_are_marked() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(KeyCode::Enter));
    let (path, format, rows) = export_effect(&effects);
    assert_eq!(path, "triage42-alerts-20261122-120000.csv");
    assert_eq!(format, ExportFormat::Csv);
    assert_eq!(rows, support::rows(10));
    // Every row is loaded: only the notes are read.
    let [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] = effects.as_slice() else {
        unreachable!()
    };
    assert_eq!(fetch.rest, None);
    let screen = screen(&state, 80, 24);
    assert!(screen.contains("Reading the notes: 0 of 10…"), "{screen}");
    // The records come back; the loop writes them.
    let records = alert_records(&rows);
    let (path, format, written_records) =
        written(&update(&mut state, fetched(&effects, records.clone(), 0)));
    assert_eq!(path, "triage42-alerts-20261122-120000.csv");
    assert_eq!(format, ExportFormat::Csv);
    assert_eq!(written_records, records);
}

#[test]
fn enter_exports_only_the_marked_rows_in_list_order() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('j'));
    update(&mut state, char_key(' '));
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, char_key(' '));
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "out/marked.jsonl");
    let (path, format, rows) = export_effect(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(path, "out/marked.jsonl");
    assert_eq!(format, ExportFormat::JsonLines);
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["alert-000001", "alert-000004"]);
}

#[test]
fn a_bad_extension_keeps_the_text_and_says_why() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "alerts.txt");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(prompt_text(&state), "alerts.txt");
    assert!(prompt_error(&state).unwrap().contains(".txt"));
    // Typing clears the error; a good name then goes through.
    replace_prompt_text(&mut state, "alerts");
    assert_eq!(prompt_error(&state), None);
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(
        prompt_error(&state).as_deref(),
        Some("the file name needs an extension: .csv, .json or .jsonl")
    );
    replace_prompt_text(&mut state, "alerts.json");
    let (_, format, _) = export_effect(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(format, ExportFormat::Json);
}

#[test]
fn a_leading_tilde_is_the_home_directory_and_a_relative_path_stays_relative() {
    let home = tempfile::tempdir().unwrap();
    let mut state = loaded_state(10, 10);
    state.home = Some(home.path().to_path_buf());
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "~/alerts.json");
    let effects = update(&mut state, key(KeyCode::Enter));
    let (path, format, rows) = export_effect(&effects);
    let expected = home.path().join("alerts.json");
    assert_eq!(path, expected.display().to_string());
    assert_eq!(format, ExportFormat::Json);
    // The loop writes the records where the prompt said: a JSON array of every alert.
    let Effect::Local(LocalEffect::WriteExport {
        path,
        format,
        rows: records,
        formula_guard,
        overwrite,
    }) = update(&mut state, fetched(&effects, alert_records(&rows), 0)).remove(0)
    else {
        panic!("expected the write")
    };
    let shown = records
        .write(&path, format, formula_guard, overwrite)
        .unwrap();
    assert_eq!(shown, expected.display().to_string());
    let text = std::fs::read_to_string(&expected).unwrap();
    let array: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(array.len(), 10);
    assert!(
        array
            .iter()
            .all(|o| o.as_object().unwrap().len() == ALERT_COLUMNS.len())
    );
    assert_eq!(array[3]["id"], "alert-000003");
    assert_eq!(array[3]["note"], "note for alert-000003");
    update(
        &mut state,
        Msg::Exported {
            count: records.len(),
            result: Ok(shown.clone()),
        },
    );
    assert_eq!(
        status_text(&state),
        format!("Exported 10 alerts to {shown}")
    );

    // Anything else is as typed: relative to the working directory when the loop writes it.
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "out/~/x.csv");
    let (path, _, _) = export_effect(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(path, "out/~/x.csv");

    // Without HOME, ~ cannot be expanded: the prompt says so and keeps the text.
    let mut state = loaded_state(10, 10);
    state.home = None;
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "~/x.csv");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    assert_eq!(prompt_text(&state), "~/x.csv");
    assert_eq!(
        prompt_error(&state).as_deref(),
        Some("HOME is not set, so ~ cannot be expanded: type the whole path")
    );
}

#[test]
fn success_closes_the_prompt_and_failure_keeps_it() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "/root-only/x.csv");
    update(&mut state, key(KeyCode::Enter));
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Err("Could not write /root-only/x.csv: permission denied".into()),
        },
    );
    assert_eq!(prompt_text(&state), "/root-only/x.csv");
    let status = state.status.message.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert_eq!(
        status.text,
        "Could not write /root-only/x.csv: permission denied"
    );

    replace_prompt_text(&mut state, "x.csv");
    update(&mut state, key(KeyCode::Enter));
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Ok("/home/ana/x.csv".into()),
        },
    );
    assert!(state.overlay.is_none());
    assert_eq!(status_text(&state), "Exported 10 alerts to /home/ana/x.csv");
}

#[test]
fn export_is_allowed_read_only() {
    let mut state = State::new(
        triage42_tui::keymap::Keymap::default_keymap(),
        true,
        false,
        now(),
    );
    let request_id = alerts_request(&triage42_tui::update::init(&mut state));
    update(&mut state, alerts_page(request_id, support::rows(3), 3));
    assert!(state.read_only);
    update(&mut state, char_key('e'));
    let (_, _, rows) = export_effect(&update(&mut state, key(KeyCode::Enter)));
    assert_eq!(rows.len(), 3);
}

#[test]
fn y_copies_the_selection_of_the_focused_pane() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('j'));
    assert_eq!(copied(&update(&mut state, char_key('y'))), "alert-000001");
    assert_eq!(
        status_text(&state),
        "Sent alert id alert-000001 to the terminal's clipboard (OSC 52; not confirmed)"
    );

    with_detail(&mut state);
    state.focus = Pane::Files;
    update(&mut state, char_key('j'));
    assert_eq!(
        copied(&update(&mut state, char_key('y'))),
        "/Users/bob/Documents/plans/roadmap-1.xlsx"
    );
    assert!(status_text(&state).starts_with("Sent file path /Users/bob/"));
}

#[test]
fn y_with_nothing_selected_copies_nothing() {
    let mut state = loaded_state(0, 0);
    assert!(update(&mut state, char_key('y')).is_empty());
    assert_eq!(status_text(&state), "Nothing selected to copy");
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    // A small RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks.
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

fn awkward_records() -> Vec<AlertRecord> {
    let rows = support::rows(3);
    let mut records = alert_records(&rows);
    records[0].name = Some("Exfil, \"urgent\"\nsecond line".into());
    records[0].note = Some("=HYPERLINK(\"x\")".into());
    records[1].actor = Some("ana,lopez@example.com".into());
    records[1].note = None;
    records[2].actor = None;
    records
}

#[test]
fn csv_export_reads_back_field_for_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alerts.csv");
    let records = awkward_records();
    let written = export_to_file(
        path.to_str().unwrap(),
        &records,
        ExportFormat::Csv,
        true,
        false,
    )
    .unwrap();
    assert_eq!(written, path.display().to_string());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "an export is its owner's alone: {mode:o}");
    }
    let records = parse_csv(&std::fs::read_to_string(&path).unwrap());
    // The columns of `alerts search -f csv`, the note last.
    assert_eq!(
        records[0],
        [
            "id",
            "createdAt",
            "riskSeverity",
            "state",
            "name",
            "actor",
            "note"
        ]
    );
    assert_eq!(records.len(), 4);
    assert_eq!(
        records[1],
        [
            "alert-000000",
            "2026-11-22T12:00:00Z",
            "CRITICAL",
            "OPEN",
            // A person opens this file: the line break shows as a marker, not a new row.
            "Exfil, \"urgent\"↵second line",
            "bob@example.com",
            // Nor does a formula run.
            "'=HYPERLINK(\"x\")",
        ]
    );
    assert_eq!(records[2][5], "ana,lopez@example.com");
    assert_eq!(records[2][6], "");
    assert_eq!(records[3][0], "alert-000002");
    assert_eq!(records[3][2], "MODERATE");
    assert_eq!(records[3][3], "IN_PROGRESS");
    assert_eq!(records[3][5], "");
}

#[test]
fn the_csv_header_is_the_commands_for_alerts_and_for_sessions() {
    let mut out = Vec::new();
    triage42_tui::export::write_rows(
        &mut out,
        &alert_records(&support::rows(1)),
        ExportFormat::Csv,
        true,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.split("\r\n").next().unwrap(), ALERT_COLUMNS.join(","));
    let mut out = Vec::new();
    let sessions = session_records(&session_rows(2)).records;
    triage42_tui::export::write_rows(&mut out, &sessions, ExportFormat::Csv, true).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], SESSION_COLUMNS.join(","));
    assert_eq!(
        lines[1],
        "session-000000,2026-11-22T12:00:00Z,CRITICAL,10,OPEN,bob@example.com,1,\
         Removable media,Manager confirms: approved transfer↵closing"
    );
    // Lists as the commands join them.
    assert!(
        lines[2].contains(",2,Dropbox upload;Public link share,"),
        "{}",
        lines[2]
    );
}

#[test]
fn jsonl_export_reads_back_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alerts.jsonl");
    let records = awkward_records();
    export_to_file(
        path.to_str().unwrap(),
        &records,
        ExportFormat::JsonLines,
        true,
        false,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let objects: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(objects.len(), 3);
    // The columns in order, the values exact (JSON escapes, no formula guard).
    assert!(text.starts_with("{\"id\":\"alert-000000\",\"createdAt\":"));
    assert_eq!(objects[0]["name"], "Exfil, \"urgent\"\nsecond line");
    assert_eq!(objects[0]["note"], "=HYPERLINK(\"x\")");
    assert_eq!(objects[1]["actor"], "ana,lopez@example.com");
    assert_eq!(objects[1]["note"], serde_json::Value::Null);
    assert_eq!(objects[2]["riskSeverity"], "MODERATE");
    assert_eq!(objects[2]["createdAt"], "2026-11-22T10:46:00Z");
}

#[test]
fn json_export_is_one_array_laid_out_as_the_commands_write_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alerts.json");
    let records = awkward_records();
    export_to_file(
        path.to_str().unwrap(),
        &records,
        ExportFormat::Json,
        true,
        false,
    )
    .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let array: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(array.len(), 3);
    for object in &array {
        let keys: Vec<&String> = object.as_object().unwrap().keys().collect();
        let mut columns = ALERT_COLUMNS.to_vec();
        columns.sort_unstable();
        assert_eq!(keys, columns, "{object}");
    }
    assert_eq!(array[0]["name"], "Exfil, \"urgent\"\nsecond line");
    // `[`, each object indented on lines of its own, `]`: as `--format json` has it.
    assert!(
        text.starts_with("[\n{\n  \"id\": \"alert-000000\",\n  \"createdAt\""),
        "{text}"
    );
    assert!(text.ends_with("}\n]\n"), "{text}");
    // Nothing to write is an empty array.
    let empty = dir.path().join("none.json");
    export_to_file(
        empty.to_str().unwrap(),
        &Vec::<AlertRecord>::new(),
        ExportFormat::Json,
        true,
        false,
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&empty).unwrap(), "[]\n");
}

#[test]
fn a_missing_directory_is_reported_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing").join("alerts.csv");
    let error = export_to_file(
        path.to_str().unwrap(),
        &alert_records(&support::rows(1)),
        ExportFormat::Csv,
        true,
        false,
    )
    .unwrap_err();
    assert_eq!(
        error,
        ExportError::Failed(format!(
            "Could not write {}: no such directory",
            path.display()
        ))
    );
}

#[test]
fn an_existing_file_is_never_replaced_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alerts.csv");
    std::fs::write(&path, "precious").unwrap();
    let records = alert_records(&support::rows(2));
    let error = export_to_file(
        path.to_str().unwrap(),
        &records,
        ExportFormat::Csv,
        true,
        false,
    )
    .unwrap_err();
    assert_eq!(error, ExportError::Exists(path.display().to_string()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    export_to_file(
        path.to_str().unwrap(),
        &records,
        ExportFormat::Csv,
        true,
        true,
    )
    .unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("id,createdAt")
    );
}

fn export_overwrite(effects: &[Effect]) -> bool {
    match effects {
        [Effect::Local(LocalEffect::WriteExport { overwrite, .. })] => *overwrite,
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => fetch.overwrite,
        other => panic!("expected one export effect, got {other:?}"),
    }
}

#[test]
fn the_prompt_asks_before_overwriting_and_a_second_enter_on_the_same_path_does() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('e'));
    replace_prompt_text(&mut state, "out.csv");
    assert!(!export_overwrite(&update(&mut state, key(KeyCode::Enter))));
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Err(ExportError::Exists("/home/ana/out.csv".into())),
        },
    );
    assert_eq!(prompt_text(&state), "out.csv");
    assert_eq!(
        prompt_error(&state).as_deref(),
        Some("file exists — Enter again to overwrite")
    );
    assert!(state.status.message.is_none(), "not an error, a question");
    // Another path is written new; back on the same path, Enter overwrites.
    replace_prompt_text(&mut state, "out2.csv");
    assert!(!export_overwrite(&update(&mut state, key(KeyCode::Enter))));
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Err(ExportError::Exists("/home/ana/out2.csv".into())),
        },
    );
    replace_prompt_text(&mut state, "out.csv");
    assert!(!export_overwrite(&update(&mut state, key(KeyCode::Enter))));
    update(
        &mut state,
        Msg::Exported {
            count: 10,
            result: Err(ExportError::Exists("/home/ana/out.csv".into())),
        },
    );
    assert!(export_overwrite(&update(&mut state, key(KeyCode::Enter))));
}

#[test]
fn a_selection_too_long_for_the_clipboard_is_refused() {
    let mut state = loaded_state(3, 3);
    with_detail(&mut state);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let long_name = "n".repeat(60_000);
    state.alerts.details.get_mut(&id).unwrap().observations[0].files[0].name = Some(long_name);
    state.focus = Pane::Files;
    assert!(update(&mut state, char_key('y')).is_empty());
    let status = state.status.message.clone().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("too long for the terminal clipboard"));
}

#[test]
fn exporting_a_partly_loaded_view_asks_for_the_rest_of_it() {
    let mut state = loaded_state(10, 35);
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(KeyCode::Enter));
    match &effects[..] {
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => {
            assert_eq!(fetch.rows.len(), 10);
            assert_eq!(fetch.query.filter, state.alerts.filter);
            // It reads on after the rows the list holds.
            assert_eq!(
                fetch.rest.as_ref().map(|r| &r.pager),
                Some(&state.alerts.list.pager)
            );
        }
        other => panic!("expected an export that fetches the rest, got {other:?}"),
    }
    // Marked alerts are exactly what is exported: no other page is fetched, only
    // their notes.
    let mut state = loaded_state(10, 35);
    update(&mut state, char_key(' '));
    update(&mut state, char_key('e'));
    let effects = update(&mut state, key(KeyCode::Enter));
    match &effects[..] {
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => {
            assert_eq!(fetch.rows, support::rows(1));
            assert_eq!(fetch.rest, None);
        }
        other => panic!("expected an export that reads the notes, got {other:?}"),
    }
}

#[test]
fn capital_y_copies_the_console_link_of_the_selected_alert() {
    let mut state = loaded_state(10, 10);
    // Without a known console there is nothing to link to.
    assert!(update(&mut state, char_key('Y')).is_empty());
    assert_eq!(
        status_text(&state),
        "The console of this tenant is not known"
    );
    state.console_origin = triage42_api::console::console_origin("https://api.us2.code42.com/");
    update(&mut state, char_key('j'));
    let link = copied(&update(&mut state, char_key('Y')));
    assert_eq!(
        link,
        "https://console.us2.code42.com/app/#/alerts/review-alerts/alert-000001"
    );
    assert!(status_text(&state).starts_with("Sent console link https://console.us2"));
    // From the detail pane too: the link is the alert's, whatever is focused there.
    state.focus = Pane::Detail;
    assert_eq!(copied(&update(&mut state, char_key('Y'))), link);
}

fn fetch_request(effects: &[Effect]) -> u64 {
    match effects {
        [Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch)))] => fetch.request_id,
        other => panic!("expected an export that fetches the rest, got {other:?}"),
    }
}

#[test]
fn an_export_of_every_matching_alert_shows_its_progress_and_esc_stops_it() {
    let mut state = loaded_state(10, 35);
    update(&mut state, char_key('e'));
    let request_id = fetch_request(&update(&mut state, key(KeyCode::Enter)));
    assert!(state.is_pending(triage42_tui::state::Slot::Export));
    assert!(screen(&state, 80, 24).contains("Fetching alerts: 10 of 35"));
    update(
        &mut state,
        Msg::Alerts(ListMsg::ExportProgress {
            request_id,
            stage: ExportStage::Pages,
            done: 20,
            total: 35,
        }),
    );
    let text = screen(&state, 80, 24);
    assert!(text.contains("Fetching alerts: 20 of 35…"), "{text}");
    assert!(text.contains("Esc stop"), "{text}");
    // Then the notes of every alert, and Esc still stops it.
    update(
        &mut state,
        Msg::Alerts(ListMsg::ExportProgress {
            request_id,
            stage: ExportStage::Notes,
            done: 0,
            total: 35,
        }),
    );
    let text = screen(&state, 80, 24);
    assert!(text.contains("Reading the notes: 0 of 35…"), "{text}");
    assert!(text.contains("Esc stop"), "{text}");
    // Other keys do nothing while it runs; Esc stops it before anything is written.
    assert!(update(&mut state, char_key('x')).is_empty());
    let effects = update(&mut state, key(KeyCode::Esc));
    assert_eq!(
        effects,
        [Effect::Call(Call::Cancel(
            triage42_tui::state::Slot::Export
        ))]
    );
    assert!(state.overlay.is_none());
    assert_eq!(
        status_text(&state),
        "Export stopped before writing: no file was written"
    );
    // Pages already on their way when it stopped change nothing.
    update(
        &mut state,
        Msg::Alerts(ListMsg::ExportProgress {
            request_id,
            stage: ExportStage::Notes,
            done: 30,
            total: 35,
        }),
    );
    let late = update(
        &mut state,
        Msg::Alerts(ListMsg::ExportFetched {
            request_id,
            path: "late.csv".into(),
            format: ExportFormat::Csv,
            formula_guard: true,
            overwrite: false,
            result: Ok(ExportRead {
                records: alert_records(&support::rows(35)),
                left_out: 0,
            }),
        }),
    );
    assert!(late.is_empty(), "{late:?}");
    assert!(!state.is_pending(triage42_tui::state::Slot::Export));
}

#[test]
fn fetched_pages_are_written_by_the_loop_and_a_failed_page_keeps_the_prompt() {
    let mut state = loaded_state(10, 35);
    update(&mut state, char_key('e'));
    let request_id = fetch_request(&update(&mut state, key(KeyCode::Enter)));
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::ExportFetched {
            request_id,
            path: "all.csv".into(),
            format: ExportFormat::Csv,
            formula_guard: true,
            overwrite: false,
            result: Ok(ExportRead {
                records: alert_records(&support::rows(33)),
                left_out: 2,
            }),
        }),
    );
    let (path, format, records) = written(&effects);
    assert_eq!(
        (path.as_str(), format, records.len()),
        ("all.csv", ExportFormat::Csv, 33)
    );
    // Writing: Esc no longer stops anything.
    assert!(update(&mut state, key(KeyCode::Esc)).is_empty());
    assert!(matches!(state.overlay, Some(Overlay::Export(_))));
    // Alerts that could not be read (or were deleted since) are said to be left out.
    update(
        &mut state,
        Msg::Exported {
            count: 33,
            result: Ok("/home/ana/all.csv".into()),
        },
    );
    assert_eq!(
        status_text(&state),
        "Exported 33 alerts to /home/ana/all.csv (2 could not be read and are left out)"
    );

    let mut state = loaded_state(10, 35);
    update(&mut state, char_key('e'));
    let request_id = fetch_request(&update(&mut state, key(KeyCode::Enter)));
    let effects = update(
        &mut state,
        Msg::Alerts(ListMsg::ExportFetched {
            request_id,
            path: "all.csv".into(),
            format: ExportFormat::Csv,
            formula_guard: true,
            overwrite: false,
            result: Err("could not fetch the alerts to export: the server failed (503)".into()),
        }),
    );
    assert!(effects.is_empty());
    assert_eq!(
        prompt_error(&state).as_deref(),
        Some("could not fetch the alerts to export: the server failed (503)")
    );
    // The path typed is still there, to try again.
    assert!(prompt_text(&state).ends_with(".csv"));
}
