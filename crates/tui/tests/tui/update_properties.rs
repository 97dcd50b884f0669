//! Long pseudo-random sequences of keys and call results: the reducer never
//! panics, the selection stays in range, and every screen renders.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42_tui::effect::{
    Call, Effect, ExportRead, ListCall, ListMutation, LocalEffect, Mutation,
};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::state::CallError;
use triage42_tui::state::{State, View};
use triage42_tui::update::update;

use crate::support::*;

/// A small deterministic generator (xorshift) so failures replay.
struct Sequence(u64);

impl Sequence {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize].clone()
    }
}

const KEYS: &[KeyCode] = &[
    KeyCode::Char('j'),
    KeyCode::Char('k'),
    KeyCode::Char('g'),
    KeyCode::Char('G'),
    KeyCode::PageDown,
    KeyCode::PageUp,
    KeyCode::Tab,
    KeyCode::BackTab,
    KeyCode::Enter,
    KeyCode::Esc,
    KeyCode::Char(' '),
    KeyCode::Char('V'),
    KeyCode::Char('*'),
    KeyCode::Char('u'),
    KeyCode::Char('r'),
    KeyCode::Char('o'),
    KeyCode::Char('p'),
    KeyCode::Char('i'),
    KeyCode::Char('n'),
    KeyCode::Char('c'),
    KeyCode::Char('C'),
    KeyCode::Char('y'),
    KeyCode::Char('e'),
    KeyCode::Char('s'),
    KeyCode::Char('S'),
    KeyCode::Char('R'),
    KeyCode::Char('?'),
    KeyCode::Char('J'),
    KeyCode::Char('w'),
    KeyCode::Char('/'),
    KeyCode::Char('x'),
    KeyCode::Char('v'),
    KeyCode::Char('t'),
    KeyCode::Char('f'),
    KeyCode::Char('b'),
    KeyCode::Char('z'),
    KeyCode::Char(':'),
    KeyCode::Char('a'),
    KeyCode::Char('A'),
    KeyCode::Backspace,
];

/// Answers every effect the way a server might, successfully or not.
fn answer(state: &mut State, effect: Effect, sequence: &mut Sequence) {
    let fail = sequence.next().is_multiple_of(5);
    let error = || CallError::new("the server failed (500)");
    let msg = match effect {
        Effect::Call(Call::Alerts(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Alerts(ListMsg::PageLoaded {
            request_id,
            result: if fail {
                Err(error())
            } else {
                Ok(crate::support::answer(&rows(450), ask))
            },
        }),
        Effect::Local(LocalEffect::ScheduleDetail { view, id, .. }) => match view {
            View::Alerts => Msg::Alerts(ListMsg::DetailDue(id)),
            View::Sessions => Msg::Sessions(ListMsg::DetailDue(id)),
            View::Cases => Msg::Cases(ListMsg::DetailDue(id)),
        },
        // A timer runs out now and then; otherwise watch mode waits for ever.
        Effect::Local(LocalEffect::ScheduleWatch { generation, .. }) => {
            if !sequence.next().is_multiple_of(3) {
                return;
            }
            Msg::WatchDue(generation)
        }
        Effect::Call(Call::WatchAlerts { request_id, .. }) => Msg::WatchLoaded {
            request_id,
            result: if fail {
                Err(rate_limited())
            } else {
                let fresh = 450 + (sequence.next() % 50) as usize;
                let mut page = vec![row(fresh)];
                page.extend((0..199).map(row));
                Ok((page, 451))
            },
        },
        Effect::Call(Call::Alerts(ListCall::LoadDetail { request_id, id })) => {
            let index: usize = id["alert-".len()..].parse().unwrap();
            Msg::Alerts(ListMsg::DetailLoaded {
                request_id,
                id,
                result: if fail {
                    Err(rate_limited())
                } else {
                    Ok(Box::new(detail(row(index))))
                },
            })
        }
        Effect::Call(Call::Alerts(ListCall::ReadDetails {
            request_id,
            slot,
            ids,
        })) => Msg::Alerts(ListMsg::DetailsRead {
            request_id,
            slot,
            result: if fail {
                Err(error())
            } else {
                Ok(details_of(&ids))
            },
        }),
        Effect::Call(Call::SearchFileEvents { request_id, .. }) => Msg::FileEventsLoaded {
            request_id,
            result: Ok((file_events(), 4)),
        },
        Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::UpdateStates {
            operation,
            ids,
            state: new_state,
            ..
        }))) => states_updated(
            operation,
            ids,
            new_state,
            if fail { Err(error()) } else { Ok(()) },
        ),
        Effect::Call(Call::Mutation(Mutation::Alerts(ListMutation::SaveNote { id, note }))) => {
            Msg::Alerts(ListMsg::NoteSaved {
                id,
                note,
                result: if fail { Err(error()) } else { Ok(()) },
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
            result: Ok((3, event_ids.len())),
        },
        Effect::Call(Call::Mutation(Mutation::AddEventsToCase {
            case_number,
            event_ids,
        })) => Msg::CaseDone {
            created: false,
            result: Ok((case_number, event_ids.len())),
        },
        // Every mutation here is answered as it is asked for: none is ever queued.
        Effect::Call(Call::Sessions(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Sessions(ListMsg::PageLoaded {
            request_id,
            result: if fail {
                Err(error())
            } else {
                Ok(session_answer(&session_rows(120), ask))
            },
        }),
        Effect::Call(Call::Sessions(ListCall::LoadDetail { request_id, id })) => {
            let index: usize = id["session-".len()..].parse().unwrap();
            Msg::Sessions(ListMsg::DetailLoaded {
                request_id,
                id,
                result: if fail {
                    Err(rate_limited())
                } else {
                    Ok(Box::new(session_detail(session_row(index))))
                },
            })
        }
        Effect::Call(Call::Sessions(ListCall::ReadDetails {
            request_id, slot, ..
        })) => Msg::Sessions(ListMsg::DetailsRead {
            request_id,
            slot,
            result: Err(error()),
        }),
        Effect::Call(Call::LoadSessionEvents {
            request_id,
            session_id,
        }) => Msg::SessionEventsLoaded {
            request_id,
            session_id,
            result: if fail {
                Err(error())
            } else {
                Ok((session_events(), 4))
            },
        },
        Effect::Call(Call::Mutation(Mutation::Sessions(ListMutation::UpdateStates {
            operation,
            ids,
            state: new_state,
            ..
        }))) => Msg::Sessions(ListMsg::StatesUpdated {
            operation,
            completed: if fail {
                ids.iter().take(1).cloned().collect()
            } else {
                ids.clone()
            },
            ids,
            state: new_state,
            result: if fail { Err(error()) } else { Ok(()) },
        }),
        Effect::Call(Call::Mutation(Mutation::Sessions(ListMutation::SaveNote { id, note }))) => {
            Msg::Sessions(ListMsg::NoteSaved {
                id,
                note,
                result: if fail { Err(error()) } else { Ok(()) },
            })
        }
        Effect::Call(Call::Cases(ListCall::LoadPage {
            request_id, ask, ..
        })) => Msg::Cases(ListMsg::PageLoaded {
            request_id,
            result: if !fail {
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
                request_id,
                id,
                result: if !fail {
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
            request_id,
            slot,
            result: if !fail {
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
            request_id,
            case_id,
            result: if !fail {
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
            completed: if !fail {
                ids.clone()
            } else {
                ids.iter().take(ids.len() / 2).cloned().collect()
            },
            ids,
            state: new_state,
            result: if !fail { Ok(()) } else { Err(error()) },
        }),
        Effect::Call(Call::Mutation(Mutation::Cases(ListMutation::SaveNote { id, note }))) => {
            Msg::Cases(ListMsg::NoteSaved {
                id,
                note,
                result: if !fail { Ok(()) } else { Err(error()) },
            })
        }
        Effect::Call(Call::Mutation(Mutation::AssignCase { id, assignee })) => Msg::CaseAssigned {
            id,
            result: if !fail {
                Ok(Some(assignee.clone()))
            } else {
                Err(error())
            },
            assignee,
        },
        Effect::Call(Call::Cases(ListCall::FetchAndExport(fetch))) => {
            let fetch = *fetch;
            Msg::Cases(ListMsg::ExportFetched {
                request_id: fetch.request_id,
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
                request_id: fetch.request_id,
                path: fetch.path,
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: if fail {
                    Err("could not fetch the sessions to export: the server failed (500)".into())
                } else {
                    Ok(session_records(&fetch.rows))
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
            request_id,
            result: Ok(vec![]),
        },
        Effect::Call(Call::Alerts(ListCall::FetchAndExport(fetch))) => {
            let fetch = *fetch;
            let mut rows = fetch.rows;
            Msg::Alerts(ListMsg::ExportFetched {
                request_id: fetch.request_id,
                path: fetch.path,
                format: fetch.format,
                formula_guard: fetch.formula_guard,
                overwrite: fetch.overwrite,
                result: if !fail {
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
            result: if fail {
                Err(format!("Could not write {path}: permission denied").into())
            } else {
                Ok(path)
            },
        },
        Effect::Local(LocalEffect::WriteView { name, view, .. }) => Msg::ViewWritten {
            name,
            saved: view.is_some(),
            result: if !fail {
                Ok(())
            } else {
                Err("could not write config.toml: permission denied".into())
            },
        },
        Effect::Call(Call::LoadActorCard { request_id, .. }) => Msg::ActorCardLoaded {
            request_id,
            data: Box::new(crate::support::hostile_card("\u{1b}[2Jevil\u{202e}", !fail)),
        },
        Effect::Call(Call::ListWatchlists { request_id }) => Msg::WatchlistsLoaded {
            request_id,
            result: if fail { Err(error()) } else { Ok(Vec::new()) },
        },
        Effect::Call(Call::LoadWatchlistMembers { request_id, .. }) => {
            Msg::WatchlistMembersLoaded {
                request_id,
                result: if fail { Err(error()) } else { Ok(Vec::new()) },
            }
        }
        Effect::Call(Call::Alerts(ListCall::RunCommand { run_id, .. }))
        | Effect::Call(Call::Sessions(ListCall::RunCommand { run_id, .. }))
        | Effect::Call(Call::Cases(ListCall::RunCommand { run_id, .. })) => Msg::CommandDone {
            run_id,
            result: if !fail {
                Ok("exit status 0".into())
            } else {
                Err("exit status 1".into())
            },
        },
        Effect::Call(Call::Mutation(Mutation::Actor(change))) => Msg::ActorChanged {
            change,
            result: if !fail {
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
            return;
        }
    };
    let effects = update(state, msg);
    for effect in effects {
        answer(state, effect, sequence);
    }
}

#[test]
fn random_sessions_keep_the_state_consistent() {
    for seed in 1..=20u64 {
        let mut sequence = Sequence(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut state = new_state();
        for effect in triage42_tui::update::init(&mut state) {
            answer(&mut state, effect, &mut sequence);
        }
        for step in 0..400u32 {
            let code = sequence.pick(KEYS);
            let modifiers = if sequence.next().is_multiple_of(40) {
                KeyModifiers::CONTROL
            } else {
                KeyModifiers::NONE
            };
            let effects = update(&mut state, Msg::Key(KeyEvent::new(code, modifiers)));
            for effect in effects {
                answer(&mut state, effect, &mut sequence);
            }
            if state.quit {
                break;
            }
            let rows = state.alerts.list.rows.len();
            assert!(
                rows == 0 || state.alerts.list.selected < rows,
                "seed {seed} step {step}: selection {} of {rows}",
                state.alerts.list.selected
            );
            assert!(
                state.alerts.list.total >= rows as u64,
                "seed {seed} step {step}"
            );
            let sessions = state.sessions.list.rows.len();
            assert!(
                sessions == 0 || state.sessions.list.selected < sessions,
                "seed {seed} step {step}: session selection {} of {sessions}",
                state.sessions.list.selected
            );
            if step.is_multiple_of(50) {
                screen(&state, 80, 24);
                screen(&state, 120, 40);
            }
        }
        assert_eq!(
            state.mutations_in_flight, 0,
            "seed {seed}: every mutation answered"
        );
    }
}
