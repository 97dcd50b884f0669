//! Rendered screens of every pane and state at 80x24 and 120x40.

use crossterm::event::KeyCode;
use triage42_tui::effect::{Call, Effect, ListCall, ListMutation, Mutation};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::CallError;
use triage42_tui::state::{Pane, Slot, State, View};
use triage42_tui::update::update;

use crate::support::*;

fn snapshot_both(name: &str, state: &State) {
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = render(state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

#[test]
fn loading() {
    let mut state = new_state();
    triage42_tui::update::init(&mut state);
    snapshot_both("loading", &state);
}

#[test]
fn empty_with_filter() {
    let mut state = new_state();
    triage42_tui::update::init(&mut state);
    update(&mut state, char_key('/'));
    type_text(&mut state, "state:open actor:nobody");
    let effects = update(&mut state, key(KeyCode::Enter));
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, vec![], 0));
    snapshot_both("empty", &state);
}

#[test]
fn error_loading_alerts() {
    let mut state = new_state();
    let effects = triage42_tui::update::init(&mut state);
    let request_id = alerts_request(&effects);
    let error = CallError::new("the server failed (503 Service Unavailable); try again shortly");
    update(
        &mut state,
        Msg::Alerts(ListMsg::PageLoaded {
            request_id,
            result: Err(error),
        }),
    );
    snapshot_both("error", &state);
}

#[test]
fn rate_limited_detail() {
    let mut state = loaded_state(50, 500);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let effects = update(&mut state, Msg::Alerts(ListMsg::DetailDue(id.clone())));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadDetail { request_id, .. }))) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id,
            result: Err(rate_limited()),
        }),
    );
    snapshot_both("rate_limited", &state);
}

#[test]
fn list_with_detail() {
    let mut state = loaded_state(200, 1234);
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    with_detail(&mut state);
    update(&mut state, char_key(' '));
    update(&mut state, char_key('k'));
    snapshot_both("list_detail", &state);
}

#[test]
fn detail_focused_while_loading() {
    let mut state = loaded_state(20, 20);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    update(&mut state, Msg::Alerts(ListMsg::DetailDue(id)));
    update(&mut state, key(KeyCode::Tab));
    snapshot_both("detail_loading", &state);
}

#[test]
fn files_with_events() {
    let mut state = loaded_state(30, 30);
    with_detail(&mut state);
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    update(&mut state, char_key('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    let Some(Effect::Call(Call::SearchFileEvents { request_id, search })) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert!(search.sha256.is_some());
    update(
        &mut state,
        Msg::FileEventsLoaded {
            request_id,
            result: Ok((file_events(), 4)),
        },
    );
    snapshot_both("files_events", &state);
}

#[test]
fn confirm_bulk_resolve() {
    let mut state = loaded_state(100, 100);
    for _ in 0..37 {
        update(&mut state, char_key(' '));
    }
    with_detail(&mut state);
    update(&mut state, char_key('r'));
    type_text(&mut state, "false positive");
    snapshot_both("note_for_resolve", &state);
    let effects = update(&mut state, key(KeyCode::Enter));
    snapshot_both("confirm_resolve", &state);
    // Two of the 37 read have a note on the server.
    let (request_id, ids) = notes_request(&effects);
    let mut details = details_of(&ids);
    for detail in details.iter_mut().skip(2) {
        detail.note = None;
    }
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot: Slot::Notes,
            result: Ok(details),
        }),
    );
    snapshot_both("confirm_note_replacement", &state);
}

#[test]
fn journal_overlay() {
    let mut state = loaded_state(10, 10);
    state.journal_path = Some("/tmp/journal.jsonl".into());
    state.tenant = "https://api.us.code42.com".into();
    update(&mut state, char_key('J'));
    update(
        &mut state,
        Msg::JournalLoaded {
            result: Ok(journal_changes()),
        },
    );
    snapshot_both("journal", &state);
    let listed = screen(&state, 120, 40);
    assert!(listed.contains("on 127.0.0.1:41873"), "{listed}");
    assert!(listed.contains("this tenant api.us.code42.com"), "{listed}");

    // Enter shows the change at the top whole: its id, the note, every item.
    update(&mut state, key(KeyCode::Enter));
    snapshot_both("journal_change_opened", &state);
    let opened = screen(&state, 120, 40);
    for part in [
        "c-5",
        "Reopened: the actor's manager",
        "says the copy was not approved",
        "alert-000000",
        "403 Forbidden",
        "(this one)",
    ] {
        assert!(opened.contains(part), "{part} in {opened}");
    }
    // Its items scroll to the last.
    update(&mut state, char_key('G'));
    assert!(screen(&state, 120, 40).contains("alert-000036"));
    // Esc goes back to the list, and again closes the journal.
    update(&mut state, key(KeyCode::Esc));
    assert!(screen(&state, 120, 40).contains("on 127.0.0.1:41873"));
    update(&mut state, key(KeyCode::Esc));
    assert!(state.overlay.is_none());
}

/// Starts a change of the marked (or selected) alerts to the state of `key_char`, with no
/// note; returns its chunks.
fn start_bulk(state: &mut State, key_char: char) -> Vec<Effect> {
    update(state, char_key(key_char));
    update(state, key(KeyCode::Enter));
    update(state, char_key('y'))
}

fn answer(state: &mut State, effect: &Effect) {
    let Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::UpdateStates {
        operation,
        ids,
        state: to,
        ..
    }))) = effect.clone()
    else {
        panic!("{effect:?}")
    };
    update(state, states_updated(operation, ids, to, Ok(())));
}

#[test]
fn bulk_queue_in_the_status_bar() {
    let mut state = loaded_state(200, 500);
    update(&mut state, char_key('*'));
    let resolve = start_bulk(&mut state, 'r');
    update(&mut state, char_key('u'));
    update(&mut state, char_key('V'));
    for _ in 0..39 {
        update(&mut state, char_key('j'));
    }
    update(&mut state, char_key('V'));
    start_bulk(&mut state, 'o');
    answer(&mut state, &resolve[0]);
    snapshot_both("bulk_queue", &state);
}

#[test]
fn stopping_with_a_change_in_flight() {
    let mut state = loaded_state(200, 500);
    update(&mut state, char_key('*'));
    let resolve = start_bulk(&mut state, 'r');
    answer(&mut state, &resolve[0]);
    update(&mut state, Msg::Terminate("SIGHUP".into()));
    snapshot_both("stopping", &state);
}

#[test]
fn quit_question_with_changes_queued() {
    let mut state = loaded_state(200, 500);
    update(&mut state, char_key('*'));
    let resolve = start_bulk(&mut state, 'r');
    answer(&mut state, &resolve[0]);
    update(&mut state, char_key('q'));
    snapshot_both("quit_with_changes", &state);
}

#[test]
fn discard_prompt_over_the_note_editor() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    open_note(&mut state);
    type_text(&mut state, " — and HR agreed");
    update(&mut state, key(KeyCode::Esc));
    snapshot_both("discard_note", &state);
}

#[test]
fn case_form_with_an_error() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    update(&mut state, char_key('c'));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    type_text(&mut state, "3 files to a USB stick on the last day");
    update(
        &mut state,
        Msg::Key(crossterm::event::KeyEvent::new(
            KeyCode::Char('s'),
            crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    snapshot_both("case_form_creating", &state);
    update(
        &mut state,
        Msg::CaseDone {
            created: true,
            result: Err(CallError::new(
                "the server refused the request (400): name must be at most 50 characters",
            )),
        },
    );
    snapshot_both("case_form_error", &state);
}

#[test]
fn retrying_while_a_call_runs() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    update(&mut state, char_key('R'));
    update(
        &mut state,
        Msg::Retrying {
            slot: Some(triage42_tui::state::Slot::List(View::Alerts)),
            text: "rate limited, retrying in 12 s (attempt 3)".into(),
        },
    );
    snapshot_both("retrying", &state);
}

#[test]
fn help_lists_every_binding() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('?'));
    snapshot_both("help", &state);
}

/// The help at one size, opened on a screen of that size, after `keys`.
fn help_snapshot(name: &str, width: u16, height: u16, keys: &[Msg]) {
    let mut state = loaded_state(10, 10);
    update(&mut state, Msg::Resize(width, height));
    update(&mut state, char_key('?'));
    for key in keys {
        update(&mut state, key.clone());
    }
    let terminal = render(&state, width, height);
    insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
}

#[test]
fn help_scrolled() {
    let down = [key(KeyCode::PageDown), key(KeyCode::PageDown)];
    help_snapshot("help_scrolled", 80, 24, &down);
    help_snapshot("help_scrolled", 120, 40, &down);
    help_snapshot("help_end", 80, 24, &[key(KeyCode::End)]);
}

#[test]
fn help_filtered() {
    let typed: Vec<Msg> = "note".chars().map(char_key).collect();
    help_snapshot("help_filtered", 80, 24, &typed);
    help_snapshot("help_filtered", 120, 40, &typed);
    let nothing: Vec<Msg> = "zzz".chars().map(char_key).collect();
    help_snapshot("help_filtered_nothing", 80, 24, &nothing);
}

#[test]
fn read_only_help_has_no_mutations() {
    let mut state = loaded_state(10, 10);
    state.read_only = true;
    update(&mut state, char_key('?'));
    let screen = screen(&state, 120, 40);
    assert!(!screen.contains("Resolve the marked"), "{screen}");
    assert!(screen.contains("Filter alerts"), "{screen}");
}

#[test]
fn filter_error_points_at_token() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key('/'));
    type_text(&mut state, "state:open colour:red");
    update(&mut state, key(KeyCode::Enter));
    snapshot_both("filter_error", &state);
}

#[test]
fn case_form() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    update(&mut state, char_key('c'));
    snapshot_both("case_form", &state);
}

#[test]
fn note_editor_over_limit() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    open_note(&mut state);
    update(&mut state, Msg::Paste("x".repeat(2100)));
    update(&mut state, key(KeyCode::Enter));
    snapshot_both("note_over_limit", &state);
}

#[test]
fn hundred_thousand_alerts_scrolled() {
    let mut state = new_state();
    let effects = triage42_tui::update::init(&mut state);
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(100_000), 100_000));
    for _ in 0..5 {
        update(&mut state, key(KeyCode::PageDown));
    }
    update(&mut state, key(KeyCode::End));
    update(&mut state, char_key('k'));
    snapshot_both("scrolled_100k", &state);
}

#[test]
fn detail_scrolled_to_observations() {
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    update(&mut state, key(KeyCode::Tab));
    for _ in 0..13 {
        update(&mut state, char_key('j'));
    }
    snapshot_both("detail_observations", &state);
}

#[test]
fn no_color_means_no_colour_but_state_still_reads() {
    use ratatui::style::Color;
    let mut state = loaded_state(10, 10);
    with_detail(&mut state);
    let coloured = render(&state, 120, 40);
    let has_colour = |terminal: &ratatui::Terminal<ratatui::backend::TestBackend>| {
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|cell| cell.fg != Color::Reset || cell.bg != Color::Reset)
    };
    state.color = true;
    let coloured_on = render(&state, 120, 40);
    assert!(has_colour(&coloured_on), "severity and borders use colour");
    state.color = false;
    assert!(
        !has_colour(&coloured),
        "NO_COLOR leaves every cell uncoloured"
    );
    let text = coloured.backend().to_string();
    assert!(text.contains("critical open"), "{text}");
}

#[test]
fn export_prompt() {
    let mut state = loaded_state(10, 10);
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    update(&mut state, char_key('e'));
    snapshot_both("export_prompt", &state);
}

#[test]
fn export_prompt_with_a_bad_extension() {
    let mut state = loaded_state(10, 250);
    update(&mut state, char_key('e'));
    for _ in 0..3 {
        update(&mut state, key(KeyCode::Backspace));
    }
    type_text(&mut state, "txt");
    update(&mut state, key(KeyCode::Enter));
    snapshot_both("export_bad_extension", &state);
}

// ------------------------------------------------------------- awkward data
// These go from the server's JSON through the client's models and the view mapping to
// the screen, as a real tenant's odd records would.

use serde_json::json;
use triage42_api::AlertPage;
use triage42_api::models::AlertDetailsResponse;
use triage42_tui::service::from_api;

/// A file name with each kind of hostile character, and a rule name that hides in plain sight.
const HOSTILE_NAMES: [&str; 7] = [
    "invoice\u{202e}gpj.exe",
    "report\u{1b}[2J\u{1b}[H.pdf",
    "title\u{1b}]0;pwned\u{7}.txt",
    "clip\u{1b}]52;c;ZXZpbA==\u{7}.sh",
    "pay\u{200b}roll\u{feff}.xlsx",
    "two\nlines\tand tab.doc",
    "c1\u{9b}31mred\u{7f}.bin",
];

fn awkward_page() -> AlertPage {
    let page = json!({
        "alerts": [
            {"id": "a-1", "name": "Departing employee exfiltration", "actor": "bob@example.com",
             "createdAt": "2026-11-21t09:15:00.123456789z", "state": "OPEN", "riskSeverity": "HIGH"},
            {"id": null, "name": "Legacy import", "actor": "ana@example.com", "state": "OPEN"},
            {"id": 1234567890123456789u64, "name": null, "actor": null, "createdAt": "2026-11-20",
             "state": "SNOOZED", "riskSeverity": "EXTREME"},
            "not an alert at all",
            {"id": "a-5", "name": "Cloud \u{202e}gpj.exe share", "actor": {"upn": "x@example.com"},
             "createdAt": 1763600000000u64, "state": null, "riskSeverity": 3},
        ],
        "totalCount": "5",
    });
    serde_json::from_value(page).unwrap()
}

fn awkward_state() -> State {
    let mut state = new_state();
    let effects = triage42_tui::update::init(&mut state);
    let request_id = alerts_request(&effects);
    let rows = awkward_page()
        .alerts
        .iter()
        .map(from_api::alert_row_of_item)
        .collect();
    update(&mut state, alerts_page(request_id, rows, 5));
    state
}

#[test]
fn placeholder_rows_stand_in_for_unreadable_alerts() {
    let mut state = awkward_state();
    assert_eq!(state.alerts.list.rows.len(), 5, "every alert has a row");
    update(&mut state, char_key('j'));
    snapshot_both("placeholder_rows", &state);
}

/// The details of `a-1` as the server sent them: one observation whose data is broken
/// JSON, one whose files carry hostile names, and a note in an old shape.
fn awkward_details(note: serde_json::Value) -> triage42_tui::state::AlertDetailView {
    let files: Vec<serde_json::Value> = HOSTILE_NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({"eventId": format!("evt-{i}"), "name": name, "path": "C:/Users/bob/\u{202e}txt.exe/",
                   "category": "Document", "size": "2048"})
        })
        .collect();
    let good = json!({"fileCount": "7", "totalFileSize": 14336.0, "exposureTypes": "RemovableMedia",
                      "sources": ["Endpoint", null], "files": files});
    let response = json!({"alerts": [{
        "id": "a-1", "name": "Departing employee exfiltration", "actor": "bob@example.com",
        "createdAt": "2026-11-21T09:15:00Z", "state": "OPEN", "riskSeverity": "HIGH",
        "description": "Files moved\nto removable media",
        "observations": [
            {"id": "o-1", "type": "FedEndpointExfiltration", "observedAt": "2026-11-21T09:00:00+02:00",
             "data": "{\"files\":[{\"name\":\"q3.xlsx\"},]"},
            {"id": "o-2", "type": "FedNewKind", "observedAt": null, "data": good.to_string()},
        ],
        "note": note,
    }]});
    let parsed: AlertDetailsResponse = serde_json::from_value(response).unwrap();
    from_api::alert_detail_of_item(&parsed.alerts[0]).unwrap()
}

fn with_awkward_detail(state: &mut State, note: serde_json::Value) {
    let effects = update(state, Msg::Alerts(ListMsg::DetailDue("a-1".into())));
    let request_id = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadDetail { request_id, .. })) => {
                Some(*request_id)
            }
            _ => None,
        })
        .unwrap();
    update(
        state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id: "a-1".into(),
            result: Ok(Box::new(awkward_details(note))),
        }),
    );
}

#[test]
fn a_broken_observation_shows_its_raw_text_and_the_others() {
    let mut state = awkward_state();
    with_awkward_detail(&mut state, json!(null));
    update(&mut state, key(KeyCode::Tab));
    for _ in 0..12 {
        update(&mut state, char_key('j'));
    }
    snapshot_both("broken_observation", &state);
}

#[test]
fn a_note_in_another_shape_is_shown() {
    let mut state = awkward_state();
    with_awkward_detail(
        &mut state,
        json!([
            {"message": "First look: USB copy\nconfirmed with IT", "lastModifiedBy": "ana@example.com",
             "lastModifiedAt": "2026-11-21T10:00:00Z"},
            "Escalated to legal \u{1b}[31m(urgent)\u{1b}[0m",
        ]),
    );
    update(&mut state, key(KeyCode::Tab));
    snapshot_both("note_other_shape", &state);
}

#[test]
fn hostile_file_names_are_drawn_inert() {
    let mut state = awkward_state();
    with_awkward_detail(&mut state, json!("plain old note"));
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    snapshot_both("hostile_file_names", &state);
    // At 80x24 the files pane has the width to show each name whole enough to read.
    let text = screen(&state, 80, 24);
    for marker in [
        "⟨U+202E⟩",
        "␛[2J",
        "␛]0;pwned␇",
        "⟨U+200B⟩",
        "two↵lines⇥and",
        "⟨U+009B⟩",
    ] {
        assert!(text.contains(marker), "{marker} missing:\n{text}");
    }
}

/// File names as a tenant sends them, each longer than the old fixed name column.
const LONG_FILES: [(&str, &str, &str); 4] = [
    (
        "team_offsite_2026.jpg",
        "/Users/mei.brennan/Pictures/Offsite/2026/",
        "Image",
    ),
    (
        "q3_forecast_final_v2.xlsx",
        "/Users/mei.brennan/Documents/Finance/Forecasts/",
        "Spreadsheet",
    ),
    ("deploy.sh", "/home/mei/src/infra/scripts/", "Script"),
    (
        "customer_list_export.csv",
        "C:\\Users\\mei\\Downloads\\",
        "Spreadsheet",
    ),
];

#[test]
fn files_pane_shows_whole_names_at_120x40() {
    let mut state = files_with_long_names(false);
    let terminal = render(&state, 120, 40);
    insta::assert_snapshot!("files_long_names_120x40", terminal.backend());
    let text = screen(&state, 120, 40);
    for (name, _, _) in LONG_FILES {
        assert!(text.contains(name), "{name} cut:\n{text}");
    }
    // The path is cut in its middle: its last folder stays.
    assert!(text.contains("…recasts/"), "{text}");

    // Zoomed, the path is whole before a long event id gets more than its least.
    state = files_with_long_names(true);
    update(&mut state, char_key('z'));
    let terminal = render(&state, 120, 40);
    insta::assert_snapshot!("files_zoomed_long_event_ids_120x40", terminal.backend());
    let text = screen(&state, 120, 40);
    for (name, path, _) in LONG_FILES {
        assert!(text.contains(&format!("{name} ")), "{name} cut:\n{text}");
        assert!(text.contains(path), "{path} cut:\n{text}");
    }
}

/// The files pane focused on an alert whose files have long names and paths (and, with
/// `long_ids`, event ids as long as a tenant's).
fn files_with_long_names(long_ids: bool) -> State {
    let mut state = loaded_state(30, 30);
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let effects = update(&mut state, Msg::Alerts(ListMsg::DetailDue(id.clone())));
    let Some(Effect::Call(Call::Alerts(ListCall::LoadDetail { request_id, .. }))) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let mut view = detail(state.alerts.list.selected_row().unwrap().clone());
    view.observations[0].files = LONG_FILES
        .iter()
        .enumerate()
        .map(|(index, (name, path, category))| {
            let mut row = file(index);
            row.name = Some((*name).into());
            row.path = Some((*path).into());
            row.category = Some((*category).into());
            if long_ids {
                row.event_id = Some(format!(
                    "0_10c1bf7b-d9f4-49c8-b523-e99045760394_8330804558{index:02}_{index}"
                ));
            }
            row
        })
        .collect();
    view.observations[1].files = vec![];
    update(
        &mut state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id,
            result: Ok(Box::new(view)),
        }),
    );
    update(&mut state, key(KeyCode::Tab));
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Files);
    state
}

#[test]
fn zoomed_list_and_detail_at_80x24() {
    let mut state = loaded_state(30, 30);
    with_detail(&mut state);
    update(&mut state, Msg::Resize(80, 24));
    let rows_before = state.viewport_rows;
    update(&mut state, char_key('z'));
    assert!(state.zoomed);
    assert!(
        state.viewport_rows > rows_before,
        "a page is the zoomed list"
    );
    let terminal = render(&state, 80, 24);
    insta::assert_snapshot!("zoomed_list_80x24", terminal.backend());
    // Tab moves the zoom to the next pane.
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.focus, Pane::Detail);
    let terminal = render(&state, 80, 24);
    insta::assert_snapshot!("zoomed_detail_80x24", terminal.backend());
    // `z` again brings the panes back.
    update(&mut state, char_key('z'));
    assert!(!state.zoomed);
    assert_eq!(state.viewport_rows, rows_before);
    assert_eq!(screen(&state, 80, 24), {
        let mut unzoomed = loaded_state(30, 30);
        with_detail(&mut unzoomed);
        update(&mut unzoomed, key(KeyCode::Tab));
        screen(&unzoomed, 80, 24)
    });
}

#[test]
fn watch_mode_with_new_alerts() {
    let mut state = loaded_state(20, 20);
    update(&mut state, char_key('j'));
    let effects = update(&mut state, char_key('w'));
    let generation = effects
        .iter()
        .find_map(|e| match e {
            Effect::Local(triage42_tui::effect::LocalEffect::ScheduleWatch {
                generation, ..
            }) => Some(*generation),
            _ => None,
        })
        .unwrap();
    let effects = update(&mut state, Msg::WatchDue(generation));
    let request_id = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::WatchAlerts { request_id, .. }) => Some(*request_id),
            _ => None,
        })
        .unwrap();
    let mut page: Vec<_> = (0..2)
        .map(|i| {
            let mut r = row(30 + i);
            r.id = format!("new-alert-{i}");
            r.created = Some(now());
            r
        })
        .collect();
    page.extend(rows(20));
    update(
        &mut state,
        Msg::WatchLoaded {
            request_id,
            result: Ok((page, 22)),
        },
    );
    snapshot_both("watch_mode_with_new_alerts", &state);
}
