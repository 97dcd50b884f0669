//! Shared fixtures of the UI tests: states reached by feeding messages to `update`.

use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage42_api::pager::PageAsk;
use triage42_core::export_columns::{AlertRecord, SessionRecord};
use triage42_tui::effect::{Call, Effect, ListCall};
use triage42_tui::keymap::Keymap;
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::{
    AlertDetailView, AlertRow, AlertStateView, FileEventRow, FileRow, NoteView, ObservationView,
    RiskIndicatorView, SessionDetailView, SessionEventRow, SessionNoteView, SessionRow,
    SessionStateChangeView, SessionStateView, SeverityView, State, TriggeredAlertView,
};
use triage42_tui::state::{CallError, Slot};
use triage42_tui::update::{init, update};

pub fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 12, 0, 0).unwrap()
}

const RULES: [&str; 4] = [
    "Departing employee exfiltration",
    "Removable media upload",
    "Cloud sync to personal account",
    "Source code to web mail",
];
const ACTORS: [&str; 3] = [
    "bob@example.com",
    "ana.lopez@example.com",
    "wei.zhang@example.com",
];

pub fn row(index: usize) -> AlertRow {
    let severities = [
        SeverityView::Critical,
        SeverityView::High,
        SeverityView::Moderate,
        SeverityView::Low,
        SeverityView::NoRisk,
    ];
    let states = [
        AlertStateView::Open,
        AlertStateView::Pending,
        AlertStateView::InProgress,
        AlertStateView::Resolved,
    ];
    AlertRow {
        id: format!("alert-{index:06}"),
        severity: severities[index % severities.len()].clone(),
        state: states[index % states.len()].clone(),
        created: Some(now() - Duration::minutes(37 * index as i64)),
        rule_name: RULES[index % RULES.len()].to_string(),
        actor: ACTORS[index % ACTORS.len()].to_string(),
        unreadable: None,
    }
}

pub fn rows(count: usize) -> Vec<AlertRow> {
    (0..count).map(row).collect()
}

/// The fixture severities in the wire's spelling.
fn severity_wire(severity: &SeverityView) -> String {
    match severity {
        SeverityView::NoRisk => "NO_RISK_INDICATED",
        SeverityView::Low => "LOW",
        SeverityView::Moderate => "MODERATE",
        SeverityView::High => "HIGH",
        SeverityView::Critical => "CRITICAL",
        SeverityView::Other(other) => other,
    }
    .to_string()
}

/// What an export writes of a fixture alert whose details have `note`, as a tenant's
/// details would give it.
pub fn alert_record(row: &AlertRow, note: Option<&str>) -> AlertRecord {
    AlertRecord {
        id: row.id.clone(),
        created_at: row.created,
        risk_severity: Some(severity_wire(&row.severity)),
        state: Some(row.state.wire()),
        name: Some(row.rule_name.clone()),
        actor: Some(row.actor.clone()),
        note: note.map(str::to_string),
    }
}

/// The records of fixture alerts, each with the note `note for <id>`.
pub fn alert_records(rows: &[AlertRow]) -> Vec<AlertRecord> {
    rows.iter()
        .map(|r| alert_record(r, Some(&format!("note for {}", r.id))))
        .collect()
}

pub fn file(index: usize) -> FileRow {
    FileRow {
        name: Some(format!("roadmap-{index}.xlsx")),
        path: Some("/Users/bob/Documents/plans/".into()),
        category: Some("Spreadsheet".into()),
        size: Some(1_048_576 * (index as u64 + 1) + 512),
        event_id: Some(format!("evt-{index:04}")),
        sha256: Some(format!("{index:064x}")),
        md5: None,
    }
}

pub fn detail(row: AlertRow) -> AlertDetailView {
    AlertDetailView {
        description: Some("Files moved to removable media by a departing employee".into()),
        rule_id: Some("rule-7".into()),
        rule_type: Some("FED_ENDPOINT_EXFILTRATION".into()),
        rule_source: Some("Departing Employee".into()),
        target: Some("N/A".into()),
        state_modified_by: Some("analyst@example.com".into()),
        state_modified_at: Some(now() - Duration::hours(2)),
        note: Some(NoteView {
            message: "Talked to the manager".into(),
            modified_by: Some("analyst@example.com".into()),
            modified_at: Some(now() - Duration::hours(1)),
        }),
        observations: vec![
            ObservationView {
                observation_type: Some("FedEndpointExfiltration".into()),
                observed_at: Some(now() - Duration::hours(3)),
                activity_start: Some(now() - Duration::hours(4)),
                activity_end: Some(now() - Duration::hours(3)),
                exposure_types: vec!["RemovableMedia".into()],
                sources: vec!["Endpoint".into()],
                file_count: Some(3),
                total_size: Some(6_292_992),
                categories: vec!["Spreadsheet".into(), "Document".into()],
                sync_destinations: vec![],
                sending_ips: vec!["10.0.4.17".into()],
                files: vec![file(0), file(1), file(2)],
                unreadable: None,
                raw_data: None,
            },
            ObservationView {
                observation_type: Some("FedCloudSharePermissions".into()),
                observed_at: Some(now() - Duration::hours(5)),
                sync_destinations: vec!["Dropbox".into()],
                files: vec![file(3)],
                file_count: Some(1),
                ..Default::default()
            },
        ],
        row,
    }
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn char_key(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn new_state() -> State {
    State::new(Keymap::default_keymap(), false, false, now())
}

/// The one read of the alert list among `effects`: its request id and what it asks.
pub fn alerts_ask(effects: &[Effect]) -> (u64, PageAsk) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadPage {
                request_id, ask, ..
            })) => Some((*request_id, *ask)),
            _ => None,
        })
        .expect("a read of the alert list")
}

/// Request id of the one read of the alert list among `effects`.
pub fn alerts_request(effects: &[Effect]) -> u64 {
    alerts_ask(effects).0
}

/// The answer to a read of the alert list.
pub fn alerts_page(request_id: u64, rows: Vec<AlertRow>, total: u64) -> Msg {
    Msg::Alerts(ListMsg::PageLoaded {
        request_id,
        result: Ok((rows, total)),
    })
}

/// The answer to a read of the session list.
pub fn sessions_page(request_id: u64, rows: Vec<SessionRow>, total: u64) -> Msg {
    Msg::Sessions(ListMsg::PageLoaded {
        request_id,
        result: Ok((rows, total)),
    })
}

/// A state whose first page holds `loaded` of `total` alerts.
pub fn loaded_state(loaded: usize, total: u64) -> State {
    let mut state = new_state();
    // A server sends full pages until the last: a first page short of the total is the
    // page size.
    if (loaded as u64) < total && loaded > 0 {
        state.page_size = state.page_size.min(loaded as u32);
    }
    let effects = init(&mut state);
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(loaded), total));
    state
}

/// Loads the details of the selected alert through the reducer.
pub fn with_detail(state: &mut State) {
    let id = state.alerts.list.selected_row().unwrap().id.clone();
    let effects = update(state, Msg::Alerts(ListMsg::DetailDue(id.clone())));
    let request_id = detail_request(&effects);
    let view = detail(state.alerts.list.selected_row().unwrap().clone());
    update(
        state,
        Msg::Alerts(ListMsg::DetailLoaded {
            request_id,
            id,
            result: Ok(Box::new(view)),
        }),
    );
}

/// Request id of the one read of an alert's details among `effects`.
pub fn detail_request(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadDetail { request_id, .. })) => {
                Some(*request_id)
            }
            _ => None,
        })
        .expect("a LoadDetail effect")
}

/// The index of a fixture alert id ("alert-000123" → 123).
pub fn index_of(alert_id: &str) -> usize {
    alert_id["alert-".len()..].parse().unwrap()
}

/// Details of fixture alerts as the server would return them, each with a note.
pub fn details_of(ids: &[String]) -> Vec<AlertDetailView> {
    ids.iter().map(|id| detail(row(index_of(id)))).collect()
}

/// The one read of alerts' notes among `effects`: its request id and ids.
pub fn notes_request(effects: &[Effect]) -> (u64, Vec<String>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::ReadDetails {
                request_id,
                slot: Slot::Notes,
                ids,
            })) => Some((*request_id, ids.clone())),
            _ => None,
        })
        .expect("a read of the notes")
}

/// The answer to a read of alerts' notes.
pub fn notes_read(request_id: u64, details: Vec<AlertDetailView>) -> Msg {
    Msg::Alerts(ListMsg::DetailsRead {
        request_id,
        slot: Slot::Notes,
        result: Ok(details),
    })
}

/// `n`, answered with the alert's details as the server has them now.
pub fn open_note(state: &mut State) {
    let (request_id, ids) = notes_request(&update(state, char_key('n')));
    update(state, notes_read(request_id, details_of(&ids)));
}

/// A journal's changes, oldest first: a bulk resolve cut short by a dropped session, a
/// note, a case, and a failure.
pub fn journal_changes() -> Vec<triage42_core::journal::ChangeSummary> {
    let change = |minutes: i64, action: &str, count: usize, outcome: &str| {
        triage42_core::journal::ChangeSummary {
            at: now() - Duration::minutes(minutes),
            change: format!("c-{minutes}"),
            who: "key-1".into(),
            tenant: "https://api.us.code42.com".into(),
            action: action.into(),
            count,
            ids: (0..count).map(|i| format!("alert-{i:06}")).collect(),
            state: (action == "alert-state").then(|| "RESOLVED".into()),
            note: None,
            case: None,
            watchlist: None,
            fields: None,
            outcome: outcome.into(),
            reason: None,
            undoes: None,
        }
    };
    let mut changes = vec![
        change(50, "alert-state", 100, "ok"),
        change(49, "alert-state", 100, "ok (checked)"),
        change(48, "alert-state", 100, "no outcome recorded"),
        change(48, "alert-state", 100, "not sent"),
        change(30, "alert-note", 1, "ok"),
        change(20, "create-case", 0, "ok"),
        change(19, "add-case-events", 4, "ok"),
        change(5, "alert-state", 37, "failed"),
    ];
    changes[2].reason =
        Some("the program stopped before the answer came; check these alerts".into());
    changes[3].reason = Some("triage42 stopped (SIGHUP) before it was sent".into());
    changes[5].case = Some("Departing employee exfiltration".into());
    changes[6].case = Some("#12".into());
    changes[7].state = Some("OPEN".into());
    changes[7].reason = Some("the server refused the request (403 Forbidden)".into());
    changes[7].note = Some("Reopened: the actor's manager\nsays the copy was not approved".into());
    // Made by another run, on a demo tenant of its own.
    changes[1].tenant = "http://127.0.0.1:41873".into();
    changes
}

pub fn file_events() -> Vec<FileEventRow> {
    file_events_n(4)
}

/// `count` events of one file, newest first.
pub fn file_events_n(count: usize) -> Vec<FileEventRow> {
    let actions = [
        "file-created",
        "file-modified",
        "removable-media-created",
        "application-read",
    ];
    let destinations = ["SanDisk USB", "Dropbox", "gmail.com", "—"];
    (0..count)
        .map(|i| FileEventRow {
            event_id: format!("evt-{i:04}"),
            unreadable: None,
            user: Some(ACTORS[i % 3].into()),
            time: Some(now() - Duration::hours(i as i64 + 1)),
            action: Some(actions[i % 4].into()),
            destination: Some(destinations[i % 4].into()),
            file_name: Some("q3-forecast.xlsx".into()),
            directory: Some("/Users/bob/Documents/Finance/Planning/2026/".into()),
            size: Some(48_213),
            sha256: Some("9f2c1e0b7a3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6".into()),
            md5: Some("5d41402abc4b2a76b9719d911017c592".into()),
            source: Some("MBP-bob".into()),
            risk_score: Some(9),
        })
        .collect()
}

pub fn rate_limited() -> CallError {
    CallError {
        message: "rate limited by the server; retry in 12s".into(),
        rate_limited: true,
    }
}

pub fn render(state: &State, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| triage42_tui::ui::draw(frame, state))
        .unwrap();
    terminal
}

/// The rendered screen as plain text lines.
pub fn screen(state: &State, width: u16, height: u16) -> String {
    render(state, width, height).backend().to_string()
}

const INDICATORS: [&str; 5] = [
    "Removable media",
    "Dropbox upload",
    "Public link share",
    "Git push to untrusted repository",
    "Gmail upload",
];

/// A fixture session: an actor's hour, its score and state, one or two alerts.
pub fn session_row(index: usize) -> SessionRow {
    let severities = [
        SeverityView::Critical,
        SeverityView::High,
        SeverityView::Moderate,
        SeverityView::Low,
    ];
    let states = [
        SessionStateView::Open,
        SessionStateView::InProgress,
        SessionStateView::ClosedTruePositive,
        SessionStateView::OpenNewData,
        SessionStateView::ClosedBenign,
    ];
    let end = now() - Duration::minutes(53 * index as i64);
    let severity = severities[index % severities.len()].clone();
    let state = states[index % states.len()].clone();
    let risk_indicators: Vec<RiskIndicatorView> = (0..1 + index % 2)
        .map(|i| RiskIndicatorView {
            name: INDICATORS[(index + i) % INDICATORS.len()].to_string(),
            weight: Some(9 - i as i64),
            event_count: Some(2 + i as u64),
        })
        .collect();
    let record = SessionRecord {
        session_id: format!("session-{index:06}"),
        end_time: Some(end),
        // A session's severity names NO_RISK as the sessions API does.
        severity_name: Some(severity_wire(&severity).replace("NO_RISK_INDICATED", "NO_RISK")),
        score: Some(10 - (index % 6) as i64),
        current_state: Some(state.wire()),
        actor_name: Some(ACTORS[index % ACTORS.len()].to_string()),
        alert_count: 1 + index % 2,
        risk_indicator_names: risk_indicators.iter().map(|r| r.name.clone()).collect(),
        // The latest note of `session_detail`.
        note: Some("Manager confirms: approved transfer\nclosing".into()),
    };
    SessionRow {
        id: format!("session-{index:06}"),
        actor: ACTORS[index % ACTORS.len()].to_string(),
        actor_id: Some(format!("actor-{}", index % ACTORS.len())),
        severity,
        score: Some(10 - (index % 6) as i64),
        state,
        begin: Some(end - Duration::minutes(17)),
        end: Some(end),
        alert_count: 1 + index % 2,
        risk_indicators,
        unreadable: None,
        record,
    }
}

pub fn session_rows(count: usize) -> Vec<SessionRow> {
    (0..count).map(session_row).collect()
}

/// What an export of the sessions reads back: the rows' own records.
pub fn session_records(rows: &[SessionRow]) -> triage42_tui::effect::ExportRead<SessionRecord> {
    triage42_tui::effect::ExportRead {
        records: rows.iter().map(|r| r.record.clone()).collect(),
        left_out: 0,
    }
}

/// The details of a fixture session: summaries, alerts, two state changes, two notes.
pub fn session_detail(row: SessionRow) -> SessionDetailView {
    let begin = row.begin.unwrap();
    SessionDetailView {
        session_type: Some("STANDARD".into()),
        context_summary: Some(format!(
            "{} triggered 1 alert (Departing employee exfiltration); strongest indicator: Removable media.",
            row.actor
        )),
        exfiltration_summary: Some("4 file events moved files: 4 to SanDisk USB.".into()),
        event_counts: [2, 1, 1, 0, 0],
        content_inspection: Some("PII_FOUND".into()),
        triggered_alerts: vec![TriggeredAlertView {
            alert_id: "alert-000003".into(),
            rule_name: Some("Departing employee exfiltration".into()),
            rule_id: Some("rule-7".into()),
        }],
        states: vec![
            SessionStateChangeView {
                state: SessionStateView::Open,
                by: None,
                at: Some(begin),
            },
            SessionStateChangeView {
                state: row.state.clone(),
                by: Some("analyst@example.com".into()),
                at: Some(begin + Duration::minutes(40)),
            },
        ],
        notes: vec![
            SessionNoteView {
                content: "Asked the manager about the USB drive".into(),
                author: Some("analyst@example.com".into()),
                at: Some(begin + Duration::minutes(45)),
            },
            SessionNoteView {
                content: "Manager confirms: approved transfer\nclosing".into(),
                author: Some("lead@example.com".into()),
                at: Some(begin + Duration::minutes(70)),
            },
        ],
        last_updated: Some(begin + Duration::minutes(70)),
        row,
    }
}

pub fn session_events() -> Vec<SessionEventRow> {
    let files = [
        (
            "roadmap-2027.xlsx",
            "/Users/bob/Documents/plans/",
            1_048_576u64,
        ),
        ("payroll.csv", "C:/Users/bob/Desktop/", 81_920),
        ("customer-list.docx", "/Users/bob/Documents/", 2_621_440),
        ("source.zip", "/Users/bob/src/", 73_400_320),
    ];
    let actions = [
        "removable-media-created",
        "removable-media-created",
        "file-uploaded",
        "removable-media-created",
    ];
    let destinations = ["SanDisk USB", "SanDisk USB", "gmail.com", "SanDisk USB"];
    (0..4)
        .map(|i| SessionEventRow {
            event_id: format!("sevt-{i:04}"),
            unreadable: None,
            time: Some(now() - Duration::minutes(10 * i as i64 + 5)),
            action: Some(actions[i].into()),
            file_name: Some(files[i].0.into()),
            directory: Some(files[i].1.into()),
            size: Some(files[i].2),
            destination: Some(destinations[i].into()),
            sha256: Some(format!("{i:064x}")),
            md5: None,
        })
        .collect()
}

/// The one read of the session list among `effects`: its request id and what it asks.
pub fn sessions_ask(effects: &[Effect]) -> (u64, PageAsk) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Sessions(ListCall::LoadPage {
                request_id, ask, ..
            })) => Some((*request_id, *ask)),
            _ => None,
        })
        .expect("a read of the session list")
}

/// Request id of the one read of the session list among `effects`.
pub fn sessions_request(effects: &[Effect]) -> u64 {
    sessions_ask(effects).0
}

/// `v` then Enter: the view picker opens on the other built-in list, which Enter shows.
pub fn switch_view(state: &mut State) -> Vec<Effect> {
    let opened = update(state, char_key('v'));
    assert!(opened.is_empty(), "{opened:?}");
    assert!(
        matches!(
            state.overlay,
            Some(triage42_tui::state::Overlay::ViewPicker(_))
        ),
        "{:?}",
        state.overlay
    );
    update(state, key(KeyCode::Enter))
}

/// A state showing the sessions view, its first page holding `loaded` of `total`.
pub fn sessions_state(loaded: usize, total: u64) -> State {
    let mut state = loaded_state(50, 500);
    let effects = switch_view(&mut state);
    let request_id = sessions_request(&effects);
    update(
        &mut state,
        sessions_page(request_id, session_rows(loaded), total),
    );
    state
}

/// Loads the details and events of the selected session through the reducer.
pub fn with_session_detail(state: &mut State) {
    let row = state.sessions.list.selected_row().unwrap().clone();
    let effects = update(state, Msg::Sessions(ListMsg::DetailDue(row.id.clone())));
    for effect in effects {
        match effect {
            Effect::Call(Call::Sessions(ListCall::LoadDetail { request_id, id })) => {
                update(
                    state,
                    Msg::Sessions(ListMsg::DetailLoaded {
                        request_id,
                        id,
                        result: Ok(Box::new(session_detail(row.clone()))),
                    }),
                );
            }
            Effect::Call(Call::LoadSessionEvents {
                request_id,
                session_id,
            }) => {
                update(
                    state,
                    Msg::SessionEventsLoaded {
                        request_id,
                        session_id,
                        result: Ok((session_events(), 4)),
                    },
                );
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

/// A chunk of an alert state change answered: every id changed, or (failed) none.
pub fn states_updated(
    operation: u64,
    ids: Vec<String>,
    to: AlertStateView,
    result: Result<(), CallError>,
) -> Msg {
    let completed = if result.is_ok() {
        ids.clone()
    } else {
        Vec::new()
    };
    Msg::Alerts(ListMsg::StatesUpdated {
        operation,
        ids,
        completed,
        state: to,
        result,
    })
}

/// What a tenant holding `all` (newest first, as the fixtures are) answers to `ask`:
/// the rows within its time bound, from its offset, and how many are within the bound.
pub fn answer(all: &[AlertRow], ask: PageAsk) -> (Vec<AlertRow>, u64) {
    use triage42_api::pager::Bound;
    let within: Vec<&AlertRow> = all
        .iter()
        .filter(|r| match (ask.bound, r.created) {
            (None, _) => true,
            (Some(Bound::OnOrBefore(at)), Some(created)) => created <= at,
            (Some(Bound::OnOrAfter(at)), Some(created)) => created >= at,
            (Some(_), None) => false,
        })
        .collect();
    let rows = within
        .iter()
        .skip(ask.offset() as usize)
        .take(ask.size as usize)
        .map(|r| (*r).clone())
        .collect();
    (rows, within.len() as u64)
}

/// The effects' read of the alert list answered from `all`; the effects that answer brought.
pub fn serve_alerts(state: &mut State, effects: &[Effect], all: &[AlertRow]) -> Vec<Effect> {
    let (request_id, ask) = alerts_ask(effects);
    let (rows, total) = answer(all, ask);
    update(state, alerts_page(request_id, rows, total))
}

/// What a tenant holding the sessions `all` answers to `ask` (read in windows).
pub fn session_answer(all: &[SessionRow], ask: PageAsk) -> (Vec<SessionRow>, u64) {
    window_answer(all, ask)
}

/// What a tenant might answer for an actor card: every text hostile, one part failed.
pub fn hostile_card(hostile: &str, ok: bool) -> triage42_tui::state::ActorCardData {
    use triage42_tui::state::{ActorCardData, ActorProfileView, Counted, Part, WatchlistView};
    fn failed<T>(hostile: &str) -> Part<T> {
        Part::Failed(CallError::new(format!(
            "the server failed (500): {hostile}"
        )))
    }
    ActorCardData {
        profile: if ok {
            Part::Ready(ActorProfileView {
                id: format!("id-{hostile}"),
                name: hostile.to_string(),
                full_name: Some(hostile.to_string()),
                title: Some(hostile.to_string()),
                manager: Some(hostile.to_string()),
                end_date: Some(hostile.to_string()),
                notes: Some(format!("line one\n{hostile}")),
                alternate_names: vec![hostile.to_string()],
                ..ActorProfileView::default()
            })
        } else {
            failed(hostile)
        },
        watchlists: Part::Ready(vec![WatchlistView {
            id: hostile.to_string(),
            title: hostile.to_string(),
            kind: "CUSTOM".into(),
            members: Some(1),
        }]),
        alerts: Part::Ready(Counted {
            rows: rows(3),
            total: 3,
        }),
        sessions: failed(hostile),
        file_events: Part::Ready(Counted {
            rows: file_events(),
            total: 40,
        }),
    }
}

/// A fixture case: numbered from 1, every third closed, some assigned.
pub fn case_row(index: usize) -> triage42_tui::state::CaseListRow {
    use triage42_tui::state::{CaseListRow, CaseStatusView};
    let names = [
        "Departing engineer: source to USB",
        "Payroll export to personal cloud",
        "Roadmap shared outside",
        "Customer list by email",
    ];
    let people = [
        "bob.lee@example.com",
        "ana.ruiz@example.com",
        "kim.oh@example.com",
    ];
    let created = now() - Duration::days(30) + Duration::hours(index as i64 * 5);
    CaseListRow {
        id: (index + 1).to_string(),
        name: format!("{} #{}", names[index % names.len()], index + 1),
        status: if index % 3 == 2 {
            CaseStatusView::Closed
        } else {
            CaseStatusView::Open
        },
        assignee: index
            .is_multiple_of(2)
            .then(|| "analyst@example.com".to_string()),
        subject: Some(people[index % people.len()].to_string()),
        created: Some(created),
        updated: Some(created + Duration::hours(2)),
        unreadable: None,
    }
}

pub fn case_rows(count: usize) -> Vec<triage42_tui::state::CaseListRow> {
    (0..count).map(case_row).collect()
}

/// The details of a fixture case: a description, and findings on the closed ones.
pub fn case_detail(row: triage42_tui::state::CaseListRow) -> triage42_tui::state::CaseDetailView {
    let closed = row.status == triage42_tui::state::CaseStatusView::Closed;
    triage42_tui::state::CaseDetailView {
        description: Some(format!(
            "Opened from the alerts of {}",
            row.subject.clone().unwrap_or_default()
        )),
        findings: closed.then(|| {
            "Confirmed: 4 files copied to a personal USB drive.\nManager informed; device returned."
                .to_string()
        }),
        created_by: Some("analyst@example.com".into()),
        last_modified_by: Some("lead@example.com".into()),
        row,
    }
}

/// The file events a fixture case holds.
pub fn case_events() -> Vec<triage42_tui::state::CaseEventRow> {
    session_events()
        .into_iter()
        .map(|e| triage42_tui::state::CaseEventRow {
            event_id: e.event_id,
            unreadable: e.unreadable,
            time: e.time,
            file_name: e.file_name,
            path: e.directory,
            exposure: vec!["RemovableMedia".into()],
            severity: Some("HIGH".into()),
        })
        .collect()
}

pub fn cases_page(request_id: u64, rows: Vec<triage42_tui::state::CaseListRow>, total: u64) -> Msg {
    Msg::Cases(ListMsg::PageLoaded {
        request_id,
        result: Ok((rows, total)),
    })
}

/// A page of a list paged in windows, by offset.
pub fn window_answer<R: Clone>(all: &[R], ask: PageAsk) -> (Vec<R>, u64) {
    let rows = all
        .iter()
        .skip(ask.offset() as usize)
        .take(ask.size as usize)
        .cloned()
        .collect();
    (rows, all.len() as u64)
}
