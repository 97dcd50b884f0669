//! Property tests of the reducer and the screen: random keys, pastes, resizes and call
//! results (answered in any order, successfully or not, stale or fresh) from an empty, a
//! loading and a full list, with every overlay open. Nothing panics, the selection stays
//! in range, and no character that must not reach a terminal is ever drawn.
//!
//! Longer runs: `PROPTEST_CASES=5000 cargo test --release --test tui reducer_properties`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage42_tui::effect::{
    Call, Effect, ExportRead, ListCall, ListMutation, LocalEffect, Mutation,
};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::CallError;
use triage42_tui::state::{AlertRow, CaseRow, ListRow, State, UnreadableView, View};
use triage42_tui::update::{init, update};

use crate::support::*;

/// Server text meant to break a terminal.
const HOSTILE: &[&str] = &[
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "invoice\u{202e}gpj.exe",
    "a\u{1b}[2J\u{1b}[Hb",
    "pay\u{200b}roll\u{feff}\u{2066}x\u{2069}",
    "line\nbreak\r\nand\ttab",
    "日本語のファイル名.xlsx",
    "e\u{301}\u{301}\u{301}",
    "",
];

/// A row of the list; some are placeholders, some carry hostile text.
fn list_row(index: usize) -> AlertRow {
    let mut r = row(index);
    match index % 9 {
        3 => {
            r.rule_name = HOSTILE[index % HOSTILE.len()].to_string();
            r.actor = HOSTILE[(index + 1) % HOSTILE.len()].to_string();
        }
        5 => {
            r.unreadable = Some(UnreadableView {
                reason: format!("it has no usable id {}", HOSTILE[index % HOSTILE.len()]),
                raw: format!(
                    "{{\"id\":null,\"name\":\"{}\"}}",
                    HOSTILE[index % HOSTILE.len()]
                ),
            });
            r.id = String::new();
            r.created = None;
        }
        7 => {
            r.unreadable = Some(UnreadableView {
                reason: "not an object".into(),
                raw: "42".into(),
            });
        }
        _ => {}
    }
    r
}

#[derive(Debug, Clone)]
enum Start {
    Empty,
    Loading,
    Full(usize),
}

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, KeyModifiers),
    Paste(String),
    Resize(u16, u16),
    Tick,
    /// Answers the pending effect at this index (modulo), succeeding or failing.
    Answer(usize, bool),
    /// Answers with a request id that is not the newest (a stale result).
    Stale(usize),
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        4 => prop::sample::select(vec![
            'j', 'k', 'g', 'G', ' ', 'V', '*', 'u', 'r', 'o', 'p', 'i', 'n', 'c', 'C', 'y',
            'e', 's', 'S', 'R', '?', '/', 'q', 'l', 'h', 'y', 'n',
        ])
        .prop_map(KeyCode::Char),
        // U+FFFD is what the screen's last guard draws, so typing it would look like a leak.
        2 => any::<char>()
            .prop_filter("not U+FFFD", |c| *c != '\u{FFFD}')
            .prop_map(KeyCode::Char),
        1 => prop::sample::select(vec!['\u{202e}', '\u{200b}', '\u{1b}', '\u{7}', '\u{9b}', '\u{feff}'])
            .prop_map(KeyCode::Char),
        3 => prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Insert,
            KeyCode::F(1),
        ]),
    ]
}

fn modifiers() -> impl Strategy<Value = KeyModifiers> {
    prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::ALT),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        10 => (key_code(), modifiers()).prop_map(|(c, m)| Step::Key(c, m)),
        1 => prop_oneof![
            prop::sample::select(HOSTILE.to_vec()).prop_map(str::to_string),
            "\\PC{0,30}",
            any::<String>(),
        ]
        .prop_map(|text| Step::Paste(text.replace('\u{FFFD}', ""))),
        1 => (0u16..220, 0u16..70).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => Just(Step::Tick),
        4 => (any::<usize>(), any::<bool>()).prop_map(|(i, ok)| Step::Answer(i, ok)),
        1 => any::<usize>().prop_map(Step::Stale),
    ]
}

fn start() -> impl Strategy<Value = Start> {
    prop_oneof![
        Just(Start::Empty),
        Just(Start::Loading),
        (1usize..700).prop_map(Start::Full),
    ]
}

/// Keys that open each overlay from a full list with details loaded.
const OVERLAY_KEYS: &[&[char]] = &[
    &[],
    &['?'],
    &['r'],
    &['n'],
    &['c'],
    &['C'],
    &['e'],
    &['/'],
    &['J'],
    &['w'],
    &['a'],
    &['a', 's'],
    &['a', 'w'],
    &[':'],
];

const TOTAL: usize = 1000;

/// The answer a server might give to an effect.
fn answer(effect: &Effect, ok: bool, request_shift: u64) -> Option<Msg> {
    let error = || CallError::new("the server failed (500): \u{1b}[31mred\u{1b}[0m \u{202e}");
    Some(match effect.clone() {
        Effect::Call(Call::Alerts(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Alerts(ListMsg::PageLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                let all: Vec<AlertRow> = (0..TOTAL).map(list_row).collect();
                Ok(crate::support::answer(&all, ask))
            } else {
                Err(error())
            },
        }),
        Effect::Local(LocalEffect::ScheduleDetail { view, id, .. }) => match view {
            View::Alerts => Msg::Alerts(ListMsg::DetailDue(id)),
            View::Sessions => Msg::Sessions(ListMsg::DetailDue(id)),
            View::Cases => Msg::Cases(ListMsg::DetailDue(id)),
        },
        Effect::Local(LocalEffect::ScheduleWatch { generation, .. }) => Msg::WatchDue(generation),
        // A hostile new alert above the first page, and the page moved down by one.
        Effect::Call(Call::WatchAlerts {
            request_id,
            page_size,
            ..
        }) => Msg::WatchLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                let mut fresh = list_row(TOTAL);
                fresh.rule_name = HOSTILE[request_id as usize % HOSTILE.len()].into();
                let mut page = vec![fresh];
                page.extend((0..page_size as usize).map(list_row));
                page.truncate(page_size as usize);
                Ok((page, TOTAL as u64 + 1))
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Alerts(ListCall::LoadDetail {
            request_id,
            id: alert_id,
        })) => {
            let index = alert_id
                .strip_prefix("alert-")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let mut view = detail(list_row(index));
            view.row.id = alert_id.clone();
            if index % 4 == 1 {
                view.observations[0].unreadable = Some("observation data is not valid JSON".into());
                view.observations[0].raw_data = Some("{\"files\":[\u{1b}]0;t\u{7}".into());
                view.observations[1].files[0].name = Some(HOSTILE[index % HOSTILE.len()].into());
            }
            if let Some(note) = view.note.as_mut() {
                note.message = format!("line one\nline two {}", HOSTILE[index % HOSTILE.len()]);
            }
            Msg::Alerts(ListMsg::DetailLoaded {
                request_id: request_id + request_shift,
                id: alert_id,
                result: if ok { Ok(Box::new(view)) } else { Err(error()) },
            })
        }
        Effect::Call(Call::Alerts(ListCall::ReadDetails {
            request_id,
            slot,
            ids,
        })) => Msg::Alerts(ListMsg::DetailsRead {
            request_id: request_id + request_shift,
            slot,
            result: if ok {
                Ok(ids
                    .iter()
                    .filter_map(|id| id.strip_prefix("alert-")?.parse().ok())
                    .map(|index| detail(list_row(index)))
                    .collect())
            } else {
                Err(error())
            },
        }),
        Effect::Call(Call::SearchFileEvents { request_id, .. }) => Msg::FileEventsLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                let mut events = file_events();
                events[1].unreadable = Some("it is not an object".into());
                events[2].user = Some(HOSTILE[0].into());
                Ok((events, 4))
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::UpdateStates {
            operation,
            ids,
            state,
            ..
        }))) => states_updated(
            operation,
            ids,
            state,
            if ok { Ok(()) } else { Err(error()) },
        ),
        Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::SaveNote { id, note }))) => {
            Msg::Alerts(ListMsg::NoteSaved {
                id,
                note,
                result: if ok { Ok(()) } else { Err(error()) },
            })
        }
        Effect::Call(Call::Mutation(Mutation::Undo(plan))) => Msg::UndoDone {
            done: triage42_core::undo::UndoDone {
                done: plan.restore.len(),
                failed: Vec::new(),
            },
            plan,
        },
        Effect::Call(Call::Mutation(Mutation::CreateCase { event_ids, .. })) => Msg::CaseDone {
            created: true,
            result: if ok {
                Ok((7, event_ids.len()))
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Mutation(Mutation::AddEventsToCase {
            case_number,
            event_ids,
        })) => Msg::CaseDone {
            created: false,
            result: if ok {
                Ok((case_number, event_ids.len()))
            } else {
                Err(error())
            },
        },
        // Every mutation here is answered as it is asked for: none is ever queued.
        Effect::Call(Call::Sessions(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Sessions(ListMsg::PageLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                Ok(session_answer(&session_rows(120), ask))
            } else {
                Err(error())
            },
        }),
        Effect::Call(Call::Sessions(ListCall::LoadDetail { request_id, id })) => {
            let index: usize = id
                .strip_prefix("session-")
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Msg::Sessions(ListMsg::DetailLoaded {
                request_id: request_id + request_shift,
                id,
                result: if ok {
                    Ok(Box::new(session_detail(session_row(index))))
                } else {
                    Err(error())
                },
            })
        }
        Effect::Call(Call::Sessions(ListCall::ReadDetails {
            request_id, slot, ..
        })) => Msg::Sessions(ListMsg::DetailsRead {
            request_id: request_id + request_shift,
            slot,
            result: Err(error()),
        }),
        Effect::Call(Call::LoadSessionEvents {
            request_id,
            session_id,
        }) => Msg::SessionEventsLoaded {
            request_id: request_id + request_shift,
            session_id,
            result: if ok {
                Ok((session_events(), 4))
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Mutation(Mutation::Sessions(ListMutation::UpdateStates {
            operation,
            ids,
            state: new_state,
            ..
        }))) => Msg::Sessions(ListMsg::StatesUpdated {
            operation,
            // A failure may come after some of them were wholly changed.
            completed: if ok {
                ids.clone()
            } else {
                ids.iter().take(ids.len() / 2).cloned().collect()
            },
            ids,
            state: new_state,
            result: if ok { Ok(()) } else { Err(error()) },
        }),
        Effect::Call(Call::Mutation(Mutation::Sessions(ListMutation::SaveNote { id, note }))) => {
            Msg::Sessions(ListMsg::NoteSaved {
                id,
                note,
                result: if ok { Ok(()) } else { Err(error()) },
            })
        }
        Effect::Call(Call::Cases(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Cases(ListMsg::PageLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                Ok(crate::support::window_answer(
                    &crate::support::case_rows(40),
                    ask,
                ))
            } else {
                Err(error())
            },
        }),
        Effect::Call(Call::Cases(ListCall::LoadDetail { request_id, id })) => {
            let index: usize = id.parse().unwrap_or(1);
            Msg::Cases(ListMsg::DetailLoaded {
                request_id: request_id + request_shift,
                id,
                result: if ok {
                    Ok(Box::new(crate::support::case_detail(
                        crate::support::case_row(index.saturating_sub(1)),
                    )))
                } else {
                    Err(error())
                },
            })
        }
        Effect::Call(Call::Cases(ListCall::ReadDetails {
            request_id,
            slot,
            ids,
        })) => Msg::Cases(ListMsg::DetailsRead {
            request_id: request_id + request_shift,
            slot,
            result: if ok {
                Ok(ids
                    .iter()
                    .filter_map(|id| id.parse::<usize>().ok())
                    .map(|n| {
                        crate::support::case_detail(crate::support::case_row(n.saturating_sub(1)))
                    })
                    .collect())
            } else {
                Err(error())
            },
        }),
        Effect::Call(Call::LoadCaseEvents {
            request_id,
            case_id,
        }) => Msg::CaseEventsLoaded {
            request_id: request_id + request_shift,
            case_id,
            result: if ok {
                Ok(crate::support::case_events())
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Mutation(Mutation::Cases(ListMutation::UpdateStates {
            operation,
            ids,
            state: new_state,
            ..
        }))) => Msg::Cases(ListMsg::StatesUpdated {
            operation,
            completed: if ok {
                ids.clone()
            } else {
                ids.iter().take(ids.len() / 2).cloned().collect()
            },
            ids,
            state: new_state,
            result: if ok { Ok(()) } else { Err(error()) },
        }),
        Effect::Call(Call::Mutation(Mutation::Cases(ListMutation::SaveNote { id, note }))) => {
            Msg::Cases(ListMsg::NoteSaved {
                id,
                note,
                result: if ok { Ok(()) } else { Err(error()) },
            })
        }
        Effect::Call(Call::Mutation(Mutation::AssignCase { id, assignee })) => Msg::CaseAssigned {
            id,
            result: if ok {
                Ok(Some(assignee.clone()))
            } else {
                Err(error())
            },
            assignee,
        },
        Effect::Call(Call::Cases(ListCall::FetchAndExport(fetch))) => {
            let fetch = *fetch;
            Msg::Cases(ListMsg::ExportFetched {
                request_id: fetch.request_id + request_shift,
                path: fetch.path,
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: Err("could not fetch the cases to export: the server failed (500)".into()),
            })
        }
        Effect::Call(Call::Sessions(ListCall::FetchAndExport(fetch))) => {
            let fetch = *fetch;
            Msg::Sessions(ListMsg::ExportFetched {
                request_id: fetch.request_id + request_shift,
                path: fetch.path,
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: if ok {
                    Ok(session_records(&fetch.rows))
                } else {
                    Err("could not fetch the sessions to export: the server failed (500)".into())
                },
            })
        }
        Effect::Call(Call::DropQueuedMutations { .. }) => Msg::MutationsDropped {
            dropped: Vec::new(),
            journaled: Ok(()),
        },
        Effect::Local(LocalEffect::ReadJournal { .. }) => Msg::JournalLoaded {
            result: Ok(journal_changes()),
        },
        Effect::Call(Call::ListCases { request_id }) => Msg::CasesLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                Ok((1..30)
                    .map(|n| CaseRow {
                        number: n,
                        name: HOSTILE[n as usize % HOSTILE.len()].into(),
                        status: "open".into(),
                    })
                    .collect())
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch))) => {
            let fetch = *fetch;
            let mut rows = fetch.rows;
            Msg::Alerts(ListMsg::ExportFetched {
                request_id: fetch.request_id + request_shift,
                path: fetch.path,
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: if ok {
                    rows.extend((0..50).map(row));
                    Ok(ExportRead {
                        records: alert_records(&rows),
                        left_out: 0,
                    })
                } else {
                    Err("could not fetch the alerts to export: the server failed (500)".into())
                },
            })
        }
        Effect::Local(LocalEffect::WriteExport { path, rows, .. }) => Msg::Exported {
            count: rows.len(),
            result: if ok {
                Ok(path)
            } else {
                Err(format!("Could not write {path}: permission denied").into())
            },
        },
        Effect::Local(LocalEffect::WriteView { name, view, .. }) => Msg::ViewWritten {
            name,
            saved: view.is_some(),
            result: if ok {
                Ok(())
            } else {
                Err("could not write config.toml: permission denied".into())
            },
        },
        Effect::Call(Call::LoadActorCard { request_id, .. }) => Msg::ActorCardLoaded {
            request_id: request_id + request_shift,
            data: Box::new(crate::support::hostile_card(
                HOSTILE[request_id as usize % HOSTILE.len()],
                ok,
            )),
        },
        Effect::Call(Call::ListWatchlists { request_id }) => Msg::WatchlistsLoaded {
            request_id: request_id + request_shift,
            result: if ok {
                Ok(vec![triage42_tui::state::WatchlistView {
                    id: "wl".into(),
                    title: HOSTILE[0].into(),
                    kind: "FLIGHT_RISK".into(),
                    members: None,
                }])
            } else {
                Err(error())
            },
        },
        Effect::Call(Call::LoadWatchlistMembers { request_id, .. }) => {
            Msg::WatchlistMembersLoaded {
                request_id: request_id + request_shift,
                result: if ok {
                    Ok(vec![triage42_tui::state::WatchlistMemberView {
                        actor_id: "a1".into(),
                        name: HOSTILE[1 % HOSTILE.len()].into(),
                        added: None,
                    }])
                } else {
                    Err(error())
                },
            }
        }
        Effect::Call(Call::Alerts(ListCall::RunCommand { run_id, .. }))
        | Effect::Call(Call::Sessions(ListCall::RunCommand { run_id, .. }))
        | Effect::Call(Call::Cases(ListCall::RunCommand { run_id, .. })) => Msg::CommandDone {
            run_id,
            result: if ok {
                Ok("exit status 0".into())
            } else {
                Err("exit status 1".into())
            },
        },
        Effect::Call(Call::Mutation(Mutation::Actor(change))) => Msg::ActorChanged {
            change,
            result: if ok {
                Ok(())
            } else {
                Err(CallError::new("refused"))
            },
        },
        Effect::Call(Call::Cancel(_))
        | Effect::Local(LocalEffect::ClearScreen)
        | Effect::Local(LocalEffect::Quit)
        | Effect::Local(LocalEffect::CopyToClipboard { .. })
        | Effect::Local(LocalEffect::StoreDrafts { .. })
        | Effect::Local(LocalEffect::StoreCommandHistory { .. })
        | Effect::Call(Call::PlanUndo { .. }) => {
            return None;
        }
    })
}

fn draw(state: &State, width: u16, height: u16) -> Result<(), TestCaseError> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| triage42_tui::ui::draw(frame, state))
        .unwrap();
    for cell in terminal.backend().buffer().content.iter() {
        prop_assert!(
            !cell
                .symbol()
                .chars()
                .any(triage42_text::sanitize::is_unsafe),
            "an unsafe character reached the screen: {:?}",
            cell.symbol()
        );
        prop_assert!(
            !cell.symbol().contains('\u{FFFD}'),
            "text reached the screen without the sanitiser (the last guard caught it)"
        );
    }
    Ok(())
}

fn run(start: Start, overlay: usize, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let mut state = new_state();
    let mut pending: Vec<Effect> = init(&mut state);
    match start {
        Start::Loading => {}
        Start::Empty => {
            let request_id = alerts_request(&pending);
            pending.clear();
            update(&mut state, alerts_page(request_id, Vec::new(), 0));
        }
        Start::Full(loaded) => {
            let request_id = alerts_request(&pending);
            pending.clear();
            pending.extend(update(
                &mut state,
                alerts_page(
                    request_id,
                    (0..loaded).map(list_row).collect(),
                    TOTAL as u64,
                ),
            ));
            if state.alerts.list.selected_row().is_some_and(|r| r.has_id()) {
                with_detail(&mut state);
            }
        }
    }
    for c in OVERLAY_KEYS[overlay % OVERLAY_KEYS.len()] {
        pending.extend(update(&mut state, char_key(*c)));
    }
    let (mut width, mut height) = (80u16, 24u16);
    for step in steps {
        let produced = match step {
            Step::Key(code, modifiers) => {
                update(&mut state, Msg::Key(KeyEvent::new(code, modifiers)))
            }
            Step::Paste(text) => update(&mut state, Msg::Paste(text)),
            Step::Resize(w, h) => {
                (width, height) = (w, h);
                update(&mut state, Msg::Resize(w, h))
            }
            Step::Tick => update(&mut state, Msg::Tick),
            Step::Answer(index, ok) if !pending.is_empty() => {
                let effect = pending.remove(index % pending.len());
                match answer(&effect, ok, 0) {
                    Some(msg) => update(&mut state, msg),
                    None => Vec::new(),
                }
            }
            Step::Stale(index) if !pending.is_empty() => {
                let effect = pending.get(index % pending.len()).cloned();
                match effect.and_then(|e| answer(&e, true, 1_000_000)) {
                    Some(msg) => update(&mut state, msg),
                    None => Vec::new(),
                }
            }
            Step::Answer(..) | Step::Stale(_) => Vec::new(),
        };
        pending.extend(produced);
        if state.quit {
            return Ok(());
        }
        let rows = state.alerts.list.rows.len();
        prop_assert!(rows == 0 || state.alerts.list.selected < rows);
        prop_assert!(state.alerts.list.total >= rows as u64);
        draw(&state, width, height)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        // Each case draws a frame per step: the default run is shorter than proptest's.
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            ProptestConfig::default().cases
        } else {
            128
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_input_never_panics_and_never_draws_raw_server_text(
        start in start(),
        overlay in 0usize..OVERLAY_KEYS.len(),
        steps in prop::collection::vec(step(), 1..60),
    ) {
        run(start, overlay, steps)?;
    }
}
