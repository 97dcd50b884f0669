//! The actor card, the command line, the breadcrumbs of pivots and the analyst's own
//! commands: through the reducer, and on rendered screens at 80x24 and 120x40.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use triage42_tui::effect::{Call, Effect, ListCall, Mutation};
use triage42_tui::keymap::{KeySpec, Keymap};
use triage42_tui::msg::Msg;
use triage42_tui::state::{
    ActorCardData, ActorChange, ActorProfileView, ActorRef, CommandInput, Counted, CustomCommand,
    Overlay, Part, Place, PromptKind, Slot, State, View, WatchlistMemberView, WatchlistView,
};
use triage42_tui::update::update;

use crate::support::*;

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

fn snapshot_both(name: &str, state: &State) {
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = render(state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

fn watchlist(id: &str, title: &str, kind: &str, members: u64) -> WatchlistView {
    WatchlistView {
        id: id.into(),
        title: title.into(),
        kind: kind.into(),
        members: Some(members),
    }
}

/// What the worker would read for the card of the first fixture actor.
fn card_data() -> ActorCardData {
    ActorCardData {
        profile: Part::Ready(ActorProfileView {
            id: "actor-0".into(),
            name: "bob@example.com".into(),
            full_name: Some("Bob Okafor".into()),
            title: Some("Senior Analyst".into()),
            department: Some("Finance".into()),
            division: Some("Corporate".into()),
            employee_type: Some("full-time".into()),
            manager: Some("carla.nakamura@example.com".into()),
            location: Some("Minneapolis, Minnesota, US".into()),
            start_date: Some("2021-03-04".into()),
            end_date: Some("2026-12-20".into()),
            notes: Some("Resigned 2026-11-30; exit interview booked".into()),
            active: Some(true),
            alternate_names: vec!["bob@corp.example.com".into()],
        }),
        watchlists: Part::Ready(vec![watchlist(
            "wl-departing",
            "Departing employee",
            "DEPARTING_EMPLOYEE",
            6,
        )]),
        alerts: Part::Ready(Counted {
            rows: rows(3),
            total: 14,
        }),
        sessions: Part::Ready(Counted {
            rows: session_rows(2),
            total: 2,
        }),
        file_events: Part::Ready(Counted {
            rows: file_events_n(4),
            total: 4,
        }),
    }
}

/// `a` on the selected alert, and the card's read answered.
fn open_card(state: &mut State) -> u64 {
    let effects = update(state, char_key('a'));
    let Some(Effect::Call(Call::LoadActorCard { request_id, who })) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(who, ActorRef::Name("bob@example.com".into()));
    update(
        state,
        Msg::ActorCardLoaded {
            request_id,
            data: Box::new(card_data()),
        },
    );
    request_id
}

/// The filter of the read a pivot asked for, in the list it asked it of.
fn pivot_read(effects: &[Effect]) -> (View, String) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadPage { query, .. })) => {
                Some((View::Alerts, query.filter.text.clone()))
            }
            Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. })) => {
                Some((View::Sessions, query.filter.text.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no list read in {effects:?}"))
}

#[test]
fn the_card_of_the_selected_alert_shows_who_they_are() {
    let mut state = loaded_state(50, 500);
    open_card(&mut state);
    let card = state.card.as_ref().unwrap();
    assert_eq!(card.label(), "bob@example.com");
    assert!(!state.is_pending(Slot::ActorCard));
    // The list it came from is on the trail.
    assert!(matches!(
        state.trail.as_slice(),
        [Place::List {
            view: View::Alerts,
            ..
        }]
    ));
    for (width, height) in [(80, 24), (120, 40)] {
        let text = screen(&state, width, height);
        for expected in [
            "Actor bob@example.com",
            "Senior Analyst",
            "carla.nakamura@example.com",
            "2026-12-20",
            "Departing employee",
            "Open alerts 14",
        ] {
            assert!(
                text.contains(expected),
                "{expected} at {width}x{height}:\n{text}"
            );
        }
    }
    snapshot_both("actor_card", &state);
}

#[test]
fn a_card_part_that_fails_leaves_the_others() {
    let mut state = loaded_state(5, 5);
    let effects = update(&mut state, char_key('a'));
    let Some(Effect::Call(Call::LoadActorCard { request_id, .. })) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    let mut data = card_data();
    data.sessions = Part::Failed(rate_limited());
    data.watchlists = Part::Loading;
    update(
        &mut state,
        Msg::ActorCardLoaded {
            request_id,
            data: Box::new(data),
        },
    );
    update(&mut state, key(KeyCode::Tab));
    let text = screen(&state, 80, 24);
    assert!(text.contains("Open sessions ?"), "{text}");
    assert!(text.contains("Could not be read: rate limited"), "{text}");
    assert!(text.contains("Senior Analyst"), "{text}");
}

#[test]
fn pivots_stack_and_esc_walks_back_along_them() {
    let mut state = loaded_state(50, 500);
    // The third alert is selected before the card is opened.
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    let selected = state.alerts.list.selected_row().unwrap().id.clone();
    let mut data = card_data();
    data.profile = Part::Ready(ActorProfileView {
        name: state.alerts.list.selected_row().unwrap().actor.clone(),
        id: "actor-2".into(),
        ..ActorProfileView::default()
    });
    let effects = update(&mut state, char_key('a'));
    let Some(Effect::Call(Call::LoadActorCard { request_id, .. })) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut state,
        Msg::ActorCardLoaded {
            request_id,
            data: Box::new(data),
        },
    );
    // `s`: their open sessions, by id.
    let effects = update(&mut state, char_key('s'));
    assert_eq!(
        pivot_read(&effects),
        (View::Sessions, "actor:actor-2 state:open".to_string())
    );
    assert_eq!(state.view, View::Sessions);
    assert!(state.card.is_none());
    assert_eq!(state.trail.len(), 2);
    let request_id = sessions_request(&effects);
    update(&mut state, sessions_page(request_id, session_rows(2), 2));
    let crumbs = screen(&state, 120, 40);
    assert!(
        crumbs.contains("alerts › actor wei.zhang@example.com › sessions"),
        "{crumbs}"
    );
    snapshot_both("breadcrumbs_sessions_of_actor", &state);

    // Esc: back to the card, as it was.
    update(&mut state, key(KeyCode::Esc));
    assert_eq!(
        state.card.as_ref().unwrap().label(),
        "wei.zhang@example.com"
    );
    assert_eq!(state.trail.len(), 1);
    // Esc again: the alert list, on the alert it was on, without a read.
    let effects = update(&mut state, key(KeyCode::Esc));
    assert!(state.card.is_none());
    assert_eq!(state.view, View::Alerts);
    assert!(state.trail.is_empty());
    assert_eq!(state.alerts.list.selected_row().unwrap().id, selected);
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Call(Call::Alerts(ListCall::LoadPage { .. })))),
        "{effects:?}"
    );
    // With nothing on the trail, Esc goes back to clearing what it always cleared.
    assert_eq!(state.alerts.filter.text, "");
}

#[test]
fn the_card_pivots_to_the_actors_alerts_and_back_to_the_filter_in_force() {
    let mut state = loaded_state(50, 500);
    type_text(&mut state, "/");
    type_text(&mut state, "severity:high");
    let effects = update(&mut state, key(KeyCode::Enter));
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(10), 10));
    open_card(&mut state);
    let effects = update(&mut state, char_key('a'));
    assert_eq!(
        pivot_read(&effects),
        (View::Alerts, "actor:bob@example.com state:open".to_string())
    );
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(3), 3));
    update(&mut state, key(KeyCode::Esc));
    let effects = update(&mut state, key(KeyCode::Esc));
    // Back on the list under the filter it had, read again.
    assert_eq!(
        pivot_read(&effects),
        (View::Alerts, "severity:high".to_string())
    );
    assert_eq!(state.alerts.filter.text, "severity:high");
}

#[test]
fn the_command_line_runs_completes_and_remembers() {
    let mut state = loaded_state(50, 500);
    update(&mut state, char_key(':'));
    type_text(&mut state, "ses");
    update(&mut state, key(KeyCode::Tab));
    assert_eq!(state.command.as_ref().unwrap().input.value(), "sessions ");
    type_text(&mut state, "state:open severity:high");
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        pivot_read(&effects),
        (View::Sessions, "state:open severity:high".to_string())
    );
    assert!(state.command.is_none());
    assert_eq!(
        state.command_history,
        vec!["sessions state:open severity:high"]
    );
    // ↑ brings it back.
    update(&mut state, char_key(':'));
    update(&mut state, key(KeyCode::Up));
    assert_eq!(
        state.command.as_ref().unwrap().input.value(),
        "sessions state:open severity:high"
    );
    update(&mut state, key(KeyCode::Esc));
    assert!(state.command.is_none());
}

#[test]
fn a_line_that_cannot_run_stays_with_what_is_wrong() {
    let mut state = loaded_state(50, 500);
    update(&mut state, char_key(':'));
    type_text(&mut state, "alerts severity:purple");
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    let line = state.command.as_ref().unwrap();
    assert_eq!(line.input.value(), "alerts severity:purple");
    assert!(
        line.error.as_deref().unwrap().contains("purple"),
        "{line:?}"
    );
    assert!(state.trail.is_empty());
    snapshot_both("command_line_error", &state);
    // Tab on an actor's name offers the names the lists hold.
    let mut state = loaded_state(50, 500);
    update(&mut state, char_key(':'));
    type_text(&mut state, "actor ");
    update(&mut state, key(KeyCode::Tab));
    let line = state.command.as_ref().unwrap();
    assert_eq!(
        line.choices,
        vec![
            "ana.lopez@example.com",
            "bob@example.com",
            "wei.zhang@example.com"
        ]
    );
    snapshot_both("command_line_choices", &state);
    type_text(&mut state, "w");
    update(&mut state, key(KeyCode::Tab));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Call(Call::LoadActorCard { who: ActorRef::Name(name), .. }))
                if name == "wei.zhang@example.com"
        ),
        "{effects:?}"
    );
}

#[test]
fn hash_searches_the_file_everywhere() {
    let mut state = loaded_state(5, 5);
    update(&mut state, char_key(':'));
    let sha = "ab".repeat(32);
    type_text(&mut state, &format!("hash {sha}"));
    let effects = update(&mut state, key(KeyCode::Enter));
    let Some(Effect::Call(Call::SearchFileEvents { search, .. })) = effects.first() else {
        panic!("{effects:?}")
    };
    assert_eq!(search.sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(state.focus, triage42_tui::state::Pane::FileEvents);
}

fn ticket(confirm: bool, mutating: bool) -> CustomCommand {
    CustomCommand {
        name: "ticket".into(),
        key: Some(KeySpec::parse("T").unwrap()),
        command: "cat".into(),
        input: CommandInput::Ids,
        confirm,
        mutating,
        description: Some("Send to the ticket queue".into()),
    }
}

#[test]
fn your_command_runs_on_the_marked_items_after_its_question() {
    let mut state = loaded_state(50, 500);
    state.custom_commands = vec![ticket(true, true)];
    update(&mut state, char_key(' '));
    update(&mut state, char_key(' '));
    update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::SHIFT)),
    );
    assert!(matches!(
        state.prompt.as_ref().map(|p| &p.kind),
        Some(PromptKind::RunCommand { index: 0 })
    ));
    assert_eq!(
        state.prompt.as_ref().unwrap().question,
        "Run ticket on 2 alerts?"
    );
    let effects = update(&mut state, char_key('y'));
    let Some(Effect::Call(Call::Alerts(ListCall::RunCommand { run_id, ids, .. }))) =
        effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(ids, vec!["alert-000000", "alert-000001"]);
    update(
        &mut state,
        Msg::CommandOutput {
            run_id,
            lines: vec!["TICKET-42 created".into(), "\u{1b}]0;evil\u{7}done".into()],
        },
    );
    update(
        &mut state,
        Msg::CommandDone {
            run_id,
            result: Ok("exit status 0".into()),
        },
    );
    let text = screen(&state, 80, 24);
    assert!(text.contains("TICKET-42 created"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("done (exit status 0)"), "{text}");
    snapshot_both("command_output", &state);
    // Closing a finished run stops nothing.
    let effects = update(&mut state, key(KeyCode::Esc));
    assert!(effects.is_empty());
    assert!(state.overlay.is_none());
}

#[test]
fn closing_a_running_command_stops_it_and_read_only_hides_mutating_ones() {
    let mut state = loaded_state(5, 5);
    state.custom_commands = vec![ticket(false, false)];
    update(&mut state, char_key(':'));
    type_text(&mut state, "!ticket");
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Call(Call::Alerts(ListCall::RunCommand { .. })))
        ),
        "{effects:?}"
    );
    let effects = update(&mut state, key(KeyCode::Esc));
    assert_eq!(effects, vec![Effect::Call(Call::Cancel(Slot::Command))]);
    assert!(!state.is_pending(Slot::Command));

    let mut state = State::new(Keymap::default_keymap(), true, false, now());
    state.custom_commands = vec![ticket(false, true)];
    let effects = update(
        &mut state,
        Msg::Key(KeyEvent::new(KeyCode::Char('T'), KeyModifiers::SHIFT)),
    );
    assert!(effects.is_empty());
    let message = state.status.message.as_ref().unwrap();
    assert!(message.text.contains("read-only"), "{message:?}");
    // An unknown name says which there are.
    let mut state = loaded_state(5, 5);
    state.custom_commands = vec![ticket(false, false)];
    update(&mut state, char_key(':'));
    type_text(&mut state, "!tikcet");
    update(&mut state, key(KeyCode::Enter));
    let error = state.command.as_ref().unwrap().error.clone().unwrap();
    assert!(error.contains("yours are ticket"), "{error}");
}

#[test]
fn a_key_taken_by_the_panes_is_refused_for_a_command() {
    let mut command = ticket(false, false);
    command.key = Some(KeySpec::parse("r").unwrap());
    let error = command.check(&Keymap::default_keymap()).unwrap_err();
    assert!(error.contains("already resolve"), "{error}");
}

#[test]
fn adding_the_actor_to_a_watchlist_asks_then_sends_and_reads_the_card_again() {
    let mut state = loaded_state(5, 5);
    open_card(&mut state);
    let effects = update(&mut state, char_key('w'));
    let Some(Effect::Call(Call::ListWatchlists { request_id })) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    update(
        &mut state,
        Msg::WatchlistsLoaded {
            request_id,
            result: Ok(vec![
                watchlist(
                    "wl-departing",
                    "Departing employee",
                    "DEPARTING_EMPLOYEE",
                    6,
                ),
                watchlist("wl-flight", "Flight risk", "FLIGHT_RISK", 3),
                watchlist("wl-new", "New employee", "NEW_EMPLOYEE", 9),
            ]),
        },
    );
    // The one they are on is not offered.
    let Some(Overlay::Watchlists(picker)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    let offered: Vec<&str> = picker
        .rows
        .as_ref()
        .unwrap()
        .iter()
        .map(|w| w.title.as_str())
        .collect();
    assert_eq!(offered, vec!["Flight risk", "New employee"]);
    snapshot_both("watchlist_picker_add", &state);
    update(&mut state, char_key('j'));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(
        state.prompt.as_ref().unwrap().question,
        "Add bob@example.com to the watchlist New employee?"
    );
    let effects = update(&mut state, char_key('y'));
    let Some(Effect::Call(Call::Mutation(Mutation::Actor(change)))) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert!(
        matches!(&change, ActorChange::AddToWatchlist { watchlist, .. } if watchlist.id == "wl-new")
    );
    let effects = update(
        &mut state,
        Msg::ActorChanged {
            change,
            result: Ok(()),
        },
    );
    // The card is read again, by id.
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Call(Call::LoadActorCard { who: ActorRef::Id(id), .. })) if id == "actor-0"
        ),
        "{effects:?}"
    );
    assert_eq!(
        state.status.message.as_ref().unwrap().text,
        "bob@example.com added to New employee"
    );
}

#[test]
fn notes_typed_on_the_card_survive_a_refused_save() {
    let mut state = loaded_state(5, 5);
    open_card(&mut state);
    update(&mut state, char_key('n'));
    update(&mut state, key(KeyCode::End));
    type_text(&mut state, "; badge revoked");
    update(&mut state, key(KeyCode::Enter));
    assert!(
        state
            .prompt
            .as_ref()
            .unwrap()
            .question
            .starts_with("Replace the notes of bob")
    );
    let effects = update(&mut state, char_key('y'));
    let Some(Effect::Call(Call::Mutation(Mutation::Actor(change)))) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    update(
        &mut state,
        Msg::ActorChanged {
            change,
            result: Err(triage42_tui::state::CallError::new(
                "the server rejected the request: notes is longer than 2000 characters",
            )),
        },
    );
    let Some(Overlay::Note(editor)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert_eq!(
        editor.input.value(),
        "Resigned 2026-11-30; exit interview booked; badge revoked"
    );
    assert!(editor.error.as_ref().unwrap().message.contains("2000"));
}

#[test]
fn read_only_cards_change_nothing() {
    let mut state = State::new(Keymap::default_keymap(), true, false, now());
    let effects = triage42_tui::update::init(&mut state);
    let request_id = alerts_request(&effects);
    update(&mut state, alerts_page(request_id, rows(5), 5));
    open_card(&mut state);
    for c in ['w', 'x'] {
        let effects = update(&mut state, char_key(c));
        assert!(effects.is_empty(), "{c}: {effects:?}");
        assert!(state.overlay.is_none());
    }
    let text = screen(&state, 120, 40);
    assert!(!text.contains("watchlist ·"), "{text}");
}

#[test]
fn browsing_a_watchlist_opens_a_members_card() {
    let mut state = loaded_state(5, 5);
    // The command line reads the watchlists for completion; the picker waits for them.
    let effects = update(&mut state, char_key(':'));
    type_text(&mut state, "watchlist flight risk");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let request_id = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::ListWatchlists { request_id }) => Some(*request_id),
            _ => None,
        })
        .unwrap();
    let effects = update(
        &mut state,
        Msg::WatchlistsLoaded {
            request_id,
            result: Ok(vec![watchlist(
                "wl-flight",
                "Flight risk",
                "FLIGHT_RISK",
                1,
            )]),
        },
    );
    let Some(Effect::Call(Call::LoadWatchlistMembers {
        request_id,
        watchlist_id,
    })) = effects.first().cloned()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(watchlist_id, "wl-flight");
    update(
        &mut state,
        Msg::WatchlistMembersLoaded {
            request_id,
            result: Ok(vec![WatchlistMemberView {
                actor_id: "actor-9".into(),
                name: "nia@example.com".into(),
                added: None,
            }]),
        },
    );
    assert!(screen(&state, 80, 24).contains("nia@example.com"));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::Call(Call::LoadActorCard { who: ActorRef::Id(id), .. })) if id == "actor-9"
        ),
        "{effects:?}"
    );
    assert!(state.overlay.is_none());
}
