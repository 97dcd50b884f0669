//! Undo from the TUI's journal: an alert resolved by mistake is put back (state and
//! note) with `U` on the journal's line, and the undo's own line undoes it in turn.

use crate::support::read_all;
use crate::tmux::{Tmux, detail_id, serve, tui_command};

/// The alert's state and note, read through the API.
fn state_and_note(base_url: &str, id: &str) -> (String, Option<String>) {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = crate::support::demo_client(base_url);
        let details = read_all(client.alert_details(&[id.to_string()]).await.unwrap());
        (
            details[0]
                .summary
                .state
                .as_ref()
                .unwrap()
                .as_wire()
                .to_string(),
            details[0].note.as_ref().and_then(|n| n.message.clone()),
        )
    })
}

#[test]
fn a_resolve_by_mistake_is_undone_from_the_journal_and_the_undo_undone() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let log = dir.path().join("triage42.log");
    let tmux = Tmux::start(
        &format!("triage42-undo-{}", std::process::id()),
        120,
        40,
        &tui_command(&served.base_url, &journal, &log, "", ""),
    );
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["/"]);
    tmux.text("state:open");
    tmux.keys(&["Enter"]);
    tmux.wait_until("the open alerts", |screen| {
        let status = screen.trim_end().lines().last().unwrap_or_default();
        screen.contains("filter: state:open") && !status.contains("alerts")
    });
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("│Id ");
    let id = detail_id(&screen[screen.find("▶ Detail").unwrap()..]);
    let (state, note) = state_and_note(&served.base_url, &id);
    assert_eq!(state, "OPEN");

    tmux.keys(&["r"]);
    tmux.wait_for("note (optional)");
    tmux.keys(&["C-u"]);
    tmux.text("resolved by mistake");
    tmux.keys(&["Enter"]);
    // `y` is taken once the alert's current note has been checked.
    tmux.wait_until("the question, its note checked", |s| {
        s.contains("Resolve 1 alert with note") && !s.contains("checking existing notes")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("Resolve: done for 1 alert");
    assert_eq!(
        state_and_note(&served.base_url, &id),
        (
            "RESOLVED".to_string(),
            Some("resolved by mistake".to_string())
        )
    );

    tmux.keys(&["J"]);
    tmux.wait_for("Journal · 1 change");
    tmux.keys(&["U"]);
    let screen = tmux.wait_for("[y] yes");
    assert!(screen.contains("Undo RESOLVED of 1 alert"), "{screen}");
    tmux.keys(&["y"]);
    tmux.wait_for("1 alert put back by undo");
    let (state, restored) = state_and_note(&served.base_url, &id);
    assert_eq!(state, "OPEN");
    if note.is_some() {
        assert_eq!(restored, note, "the alert's own note is back");
    }

    // The journal on screen shows the undo at the top; undoing it resolves again.
    tmux.wait_for("Journal · 2 changes");
    let screen = tmux.wait_for("↶ alert-state");
    assert!(screen.contains("U undo"), "{screen}");
    tmux.keys(&["U"]);
    let screen = tmux.wait_for("[y] yes");
    assert!(
        screen.contains("Undo OPEN of 1 alert (undo, change"),
        "{screen}"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("Journal · 3 changes");
    assert_eq!(
        state_and_note(&served.base_url, &id),
        (
            "RESOLVED".to_string(),
            Some("resolved by mistake".to_string())
        )
    );
    tmux.keys(&["Esc", "q"]);
}
