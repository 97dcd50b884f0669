//! Views: the picker (`v`), opening a saved view, saving the filter in force as one and
//! deleting one — through the reducer, and as rendered.

use crossterm::event::KeyCode;
use triage42_core::filter::{SortColumn, SortSpec};
use triage42_core::saved_views_file::{NamedView, SavedView, ViewsFile};
use triage42_tui::effect::{Call, Effect, ListCall, LocalEffect};
use triage42_tui::msg::Msg;
use triage42_tui::state::{Overlay, SavedViewEntry, State, StatusKind, View};
use triage42_tui::update::update;

use crate::support::*;

fn named(name: &str, view: Option<&str>, query: &str, sort: Option<&str>) -> SavedViewEntry {
    SavedViewEntry::from_config(
        &NamedView {
            name: name.into(),
            view: SavedView {
                view: view.map(Into::into),
                query: query.into(),
                sort: sort.map(Into::into),
            },
            profile: None,
        },
        now(),
    )
}

fn views_file() -> ViewsFile {
    ViewsFile {
        path: "/home/analyst/.config/triage42/config.toml".into(),
        profile: Some("us".into()),
    }
}

/// Alerts loaded, three saved views (the second one unreadable), a file to save in.
fn with_views() -> State {
    let mut state = loaded_state(50, 500);
    state.saved_views = vec![
        named(
            "high open",
            None,
            "state:open severity:high",
            Some("severity desc"),
        ),
        named("no such field", None, "colour:red", None),
        named(
            "risky actors",
            Some("sessions"),
            "severity:high",
            Some("score asc"),
        ),
    ];
    state.views_file = Some(views_file());
    state
}

fn type_text(state: &mut State, text: &str) {
    for c in text.chars() {
        update(state, char_key(c));
    }
}

fn picker_selected(state: &State) -> usize {
    match &state.overlay {
        Some(Overlay::ViewPicker(picker)) => picker.selected,
        other => panic!("no view picker: {other:?}"),
    }
}

fn write_view(effects: &[Effect]) -> (String, Option<SavedView>) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Local(LocalEffect::WriteView { file, name, view }) => {
                assert_eq!(file, &views_file());
                Some((name.clone(), view.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no WriteView in {effects:?}"))
}

fn snapshot_both(name: &str, state: &State) {
    for (width, height) in [(80, 24), (120, 40)] {
        let terminal = render(state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

#[test]
fn the_picker_opens_on_the_other_list_and_esc_leaves_everything_as_it_was() {
    let mut state = with_views();
    assert!(update(&mut state, char_key('v')).is_empty());
    assert_eq!(picker_selected(&state), 1, "Sessions, the other list");
    update(&mut state, char_key('k'));
    assert_eq!(picker_selected(&state), 0);
    for _ in 0..10 {
        update(&mut state, char_key('j'));
    }
    assert_eq!(picker_selected(&state), 5, "the last saved view");
    let effects = update(&mut state, key(KeyCode::Esc));
    assert!(effects.is_empty(), "{effects:?}");
    assert!(state.overlay.is_none());
    assert_eq!(state.view, View::Alerts);
    assert_eq!(state.alerts.list.rows.len(), 50);
}

#[test]
fn a_saved_alert_view_brings_its_query_and_sort_and_reads_the_list_again() {
    let mut state = with_views();
    state.alerts.list.selected = 7;
    update(&mut state, char_key('v'));
    // Past the cases, the first saved view.
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::Call(Call::Alerts(ListCall::LoadPage { query, ask, .. })) => {
                Some((query.clone(), *ask))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("{effects:?}"));
    let (request, ask) = request;
    assert_eq!(request.filter.text, "state:open severity:high");
    assert_eq!(request.filter.at, Some(now()));
    assert_eq!(
        request.sort,
        SortSpec {
            column: SortColumn::Severity,
            descending: true
        }
    );
    assert_eq!((ask.number, ask.bound), (0, None));
    assert!(state.overlay.is_none());
    assert_eq!(state.active_view.as_deref(), Some("high open"));
    assert_eq!(state.alerts.filter.text, "state:open severity:high");
    assert_eq!(state.alerts.list.selected, 0);
    let top = screen(&state, 120, 40);
    assert!(
        top.lines()
            .next()
            .unwrap()
            .contains("view high open · filter: state:open severity:high"),
        "{top}"
    );
    // Another sort makes it a plain filter again.
    update(&mut state, char_key('S'));
    assert_eq!(state.active_view, None);
}

#[test]
fn a_saved_sessions_view_shows_the_sessions_with_its_filter_and_sort() {
    let mut state = with_views();
    update(&mut state, char_key('v'));
    update(&mut state, char_key('G'));
    for _ in 0..4 {
        update(&mut state, char_key('j'));
    }
    let effects = update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.view, View::Sessions);
    let loads: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Call(Call::Sessions(ListCall::LoadPage { query, .. })) => Some(query.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(loads.len(), 1, "one read of the sessions: {effects:?}");
    assert_eq!(loads[0].filter.text, "severity:high");
    assert!(loads[0].sort.by_score && !loads[0].sort.descending);
    assert_eq!(state.active_view.as_deref(), Some("risky actors"));
    // The alerts keep their own filter.
    assert!(state.alerts.filter.text.is_empty());
    // Back to the alerts through the picker: the view is no longer the one in force.
    update(&mut state, char_key('v'));
    update(&mut state, key(KeyCode::Enter));
    assert_eq!(state.view, View::Alerts);
    assert_eq!(state.active_view, None);
}

#[test]
fn a_view_that_cannot_be_opened_says_why_and_the_picker_stays() {
    let mut state = with_views();
    update(&mut state, char_key('v'));
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    let effects = update(&mut state, key(KeyCode::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(picker_selected(&state), 4);
    let message = state.status.message.clone().unwrap();
    assert_eq!(message.kind, StatusKind::Error);
    assert!(
        message.text.starts_with("View \"no such field\": query: "),
        "{}",
        message.text
    );
    assert_eq!(state.active_view, None);
}

#[test]
fn the_filter_in_force_is_saved_under_a_name_and_becomes_the_view_shown() {
    let mut state = with_views();
    update(&mut state, char_key('/'));
    type_text(&mut state, "rule:exfil");
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, char_key('s'));
    update(&mut state, char_key('v'));
    assert!(update(&mut state, char_key('s')).is_empty());
    // A built-in name is refused; what was typed stays.
    type_text(&mut state, "Alerts");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::ViewName(prompt)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert!(prompt.error.as_deref().unwrap().contains("built-in"));
    assert_eq!(prompt.input.value(), "Alerts");
    for _ in 0..6 {
        update(&mut state, key(KeyCode::Backspace));
    }
    type_text(&mut state, "exfil by rule");
    let effects = update(&mut state, key(KeyCode::Enter));
    let (name, view) = write_view(&effects);
    assert_eq!(name, "exfil by rule");
    assert_eq!(
        view,
        Some(SavedView {
            view: None,
            query: "rule:exfil".into(),
            sort: Some("severity desc".into()),
        })
    );
    // Keys wait while it is written.
    assert!(update(&mut state, char_key('x')).is_empty());
    update(
        &mut state,
        Msg::ViewWritten {
            name: name.clone(),
            saved: true,
            result: Ok(()),
        },
    );
    assert!(state.overlay.is_none());
    assert_eq!(state.active_view.as_deref(), Some("exfil by rule"));
    let names: Vec<&str> = state.saved_views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "exfil by rule",
            "high open",
            "no such field",
            "risky actors"
        ]
    );
    let message = state.status.message.clone().unwrap();
    assert_eq!(
        message.text,
        "Saved view \"exfil by rule\" in [profiles.us.views] of /home/analyst/.config/triage42/config.toml"
    );
}

#[test]
fn a_taken_name_is_replaced_only_on_a_second_enter_and_a_failed_write_keeps_the_name() {
    let mut state = with_views();
    update(&mut state, char_key('v'));
    update(&mut state, char_key('s'));
    type_text(&mut state, "high open");
    assert!(update(&mut state, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::ViewName(prompt)) = &state.overlay else {
        panic!()
    };
    assert_eq!(prompt.replaces.as_deref(), Some("high open"));
    let screen_text = screen(&state, 80, 24);
    assert!(
        screen_text.contains("A view named \"high open\" exists; Enter again replaces"),
        "{screen_text}"
    );
    let effects = update(&mut state, key(KeyCode::Enter));
    let (name, view) = write_view(&effects);
    assert_eq!(name, "high open");
    assert_eq!(
        view.unwrap().query,
        "",
        "the alert list has no filter in force"
    );
    update(
        &mut state,
        Msg::ViewWritten {
            name,
            saved: true,
            result: Err("could not write /ro/config.toml: Read-only file system".into()),
        },
    );
    let Some(Overlay::ViewName(prompt)) = &state.overlay else {
        panic!("{:?}", state.overlay)
    };
    assert!(!prompt.saving);
    assert_eq!(prompt.input.value(), "high open");
    assert!(prompt.error.as_deref().unwrap().contains("Read-only"));
    assert_eq!(
        state.status.message.clone().unwrap().kind,
        StatusKind::Error
    );
    // The old view is still the one in the list.
    let kept = state
        .saved_views
        .iter()
        .find(|v| v.name == "high open")
        .unwrap();
    assert_eq!(kept.query, "state:open severity:high");
    snapshot_both("view_name_save_failed", &state);
    // Esc goes back to the picker.
    update(&mut state, key(KeyCode::Esc));
    assert!(matches!(state.overlay, Some(Overlay::ViewPicker(_))));
}

#[test]
fn deleting_a_saved_view_asks_first() {
    let mut state = with_views();
    update(&mut state, char_key('v'));
    // A built-in list cannot be deleted.
    assert!(update(&mut state, char_key('d')).is_empty());
    assert!(state.prompt.is_none());
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, char_key('d'));
    assert!(state.prompt.is_some());
    // No keeps it.
    assert!(update(&mut state, char_key('n')).is_empty());
    assert_eq!(state.saved_views.len(), 3);
    update(&mut state, char_key('d'));
    let effects = update(&mut state, char_key('y'));
    let (name, view) = write_view(&effects);
    assert_eq!((name.as_str(), view), ("high open", None));
    update(
        &mut state,
        Msg::ViewWritten {
            name,
            saved: false,
            result: Ok(()),
        },
    );
    let names: Vec<&str> = state.saved_views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["no such field", "risky actors"]);
    assert!(matches!(state.overlay, Some(Overlay::ViewPicker(_))));
}

#[test]
fn the_picker_as_drawn() {
    let mut state = with_views();
    state.saved_views.push(named(
        "\u{1b}[2Jevil\u{202e}name",
        None,
        "actor:\"x\u{7}\"",
        None,
    ));
    // The view in force is marked.
    update(&mut state, char_key('v'));
    update(&mut state, char_key('j'));
    update(&mut state, char_key('j'));
    update(&mut state, key(KeyCode::Enter));
    update(&mut state, char_key('v'));
    snapshot_both("view_picker", &state);
    let mut empty = loaded_state(50, 500);
    empty.views_file = Some(views_file());
    update(&mut empty, char_key('v'));
    snapshot_both("view_picker_no_saved_views", &empty);
}
