//! Long pseudo-random sequences of keys and call results: the reducer never
//! panics, the selection stays in range, and every screen renders.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42::tui::effect::{Call, Effect, LocalEffect, Mutation};
use triage42::tui::msg::Msg;
use triage42::tui::state::CallError;
use triage42::tui::state::State;
use triage42::tui::update::update;

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
    KeyCode::Backspace,
];

/// Answers every effect the way a server might, successfully or not.
fn answer(state: &mut State, effect: Effect, sequence: &mut Sequence) {
    let fail = sequence.next().is_multiple_of(5);
    let error = || CallError::new("the server failed (500)");
    let msg = match effect {
        Effect::Call(Call::LoadAlerts {
            request_id,
            request,
        }) => {
            let start = (request.page * request.page_size) as usize;
            let count = (request.page_size as usize).min(450usize.saturating_sub(start));
            Msg::AlertsLoaded {
                request_id,
                page: request.page,
                result: if fail {
                    Err(error())
                } else {
                    Ok(((start..start + count).map(row).collect(), 450))
                },
            }
        }
        Effect::Local(LocalEffect::ScheduleDetail { alert_id, .. }) => Msg::DetailDue(alert_id),
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
        Effect::Call(Call::LoadDetail {
            request_id,
            alert_id,
        }) => {
            let index: usize = alert_id["alert-".len()..].parse().unwrap();
            Msg::DetailLoaded {
                request_id,
                alert_id,
                result: if fail {
                    Err(rate_limited())
                } else {
                    Ok(Box::new(detail(row(index))))
                },
            }
        }
        Effect::Call(Call::PrefetchDetails { request_id, ids }) => Msg::DetailsPrefetched {
            request_id,
            result: if fail {
                Err(error())
            } else {
                Ok(details_of(&ids))
            },
        },
        Effect::Call(Call::FetchNotes { request_id, ids }) => Msg::NotesFetched {
            request_id,
            result: if fail {
                Err(error())
            } else {
                Ok(details_of(&ids))
            },
        },
        Effect::Call(Call::SearchFileEvents { request_id, .. }) => Msg::FileEventsLoaded {
            request_id,
            result: Ok((file_events(), 4)),
        },
        Effect::Call(Call::Mutation(Mutation::UpdateStates {
            operation,
            ids,
            state: new_state,
            ..
        })) => Msg::StatesUpdated {
            operation,
            ids,
            state: new_state,
            result: if fail { Err(error()) } else { Ok(()) },
        },
        Effect::Call(Call::Mutation(Mutation::SaveNote { alert_id, note })) => Msg::NoteSaved {
            alert_id,
            note,
            result: if fail { Err(error()) } else { Ok(()) },
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
        Effect::Local(LocalEffect::ScheduleSessionDetail { session_id, .. }) => {
            Msg::SessionDetailDue(session_id)
        }
        Effect::Call(Call::LoadSessions {
            request_id,
            request,
        }) => {
            let start = (request.page * request.page_size) as usize;
            let count = (request.page_size as usize).min(120usize.saturating_sub(start));
            Msg::SessionsLoaded {
                request_id,
                page: request.page,
                result: if fail {
                    Err(error())
                } else {
                    Ok(((start..start + count).map(session_row).collect(), 120))
                },
            }
        }
        Effect::Call(Call::LoadSession {
            request_id,
            session_id,
        }) => {
            let index: usize = session_id["session-".len()..].parse().unwrap();
            Msg::SessionLoaded {
                request_id,
                session_id,
                result: if fail {
                    Err(rate_limited())
                } else {
                    Ok(Box::new(session_detail(session_row(index))))
                },
            }
        }
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
        Effect::Call(Call::Mutation(Mutation::UpdateSessionStates {
            operation,
            ids,
            state: new_state,
            ..
        })) => Msg::SessionStatesUpdated {
            operation,
            completed: if fail {
                ids.iter().take(1).cloned().collect()
            } else {
                ids.clone()
            },
            ids,
            state: new_state,
            result: if fail { Err(error()) } else { Ok(()) },
        },
        Effect::Call(Call::Mutation(Mutation::AddSessionNote { session_id, note })) => {
            Msg::SessionNoteAdded {
                session_id,
                note,
                result: if fail { Err(error()) } else { Ok(()) },
            }
        }
        Effect::Local(LocalEffect::WriteSessionsExport { path, rows, .. })
        | Effect::Call(Call::FetchAndExportSessions { path, rows, .. }) => Msg::Exported {
            count: rows.len(),
            result: if fail {
                Err(format!("Could not write {path}: permission denied").into())
            } else {
                Ok(path)
            },
        },
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
        Effect::Call(Call::FetchAndExport {
            request_id,
            path,
            format,
            mut rows,
            formula_guard,
            overwrite,
            rest,
        }) => Msg::ExportFetched {
            request_id,
            path,
            format,
            formula_guard,
            overwrite,
            result: if !fail {
                rows.extend((0..rest.page_size as usize).map(row));
                Ok(rows)
            } else {
                Err("could not fetch the alerts to export: the server failed (500)".into())
            },
        },
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
        Effect::Call(Call::Cancel(_))
        | Effect::Local(LocalEffect::ClearScreen)
        | Effect::Local(LocalEffect::Quit)
        | Effect::Local(LocalEffect::CopyToClipboard { .. }) => {
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
        for effect in triage42::tui::update::init(&mut state) {
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
            let rows = state.alerts.rows.len();
            assert!(
                rows == 0 || state.alerts.selected < rows,
                "seed {seed} step {step}: selection {} of {rows}",
                state.alerts.selected
            );
            assert!(state.alerts.total >= rows as u64, "seed {seed} step {step}");
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
