//! A note half typed when the SSH session drops: SIGHUP keeps it as a draft (owner only),
//! the next start offers it back, and it is saved from there.

use crate::support::read_all;
use crate::tmux::{Tmux, serve, signal, triage42_pid, tui_command};

#[test]
fn a_note_typed_when_the_session_drops_comes_back_at_the_next_start() {
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let drafts = dir.path().join("drafts.json");
    let log = dir.path().join("triage42.log");
    let command = format!(
        "{}; echo triage42 exited $?; sleep 120",
        tui_command(&served.base_url, &journal, &log, "", "")
    );
    let tmux = Tmux::start(
        &format!("triage42-draft-{}", std::process::id()),
        100,
        30,
        &command,
    );
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("│Id ");
    let id = crate::tmux::detail_id(&screen[screen.find("▶ Detail").unwrap()..]);
    tmux.keys(&["n"]);
    // The editor's title: the detail pane's own "Note" label is on screen already when
    // the alert has a note, and the editor opens only once its note is read fresh.
    tmux.wait_for("Note of alert");
    // The editor opens on the alert's current note: the draft is the whole text.
    tmux.keys(&["C-u"]);
    const TYPED: &str = "copied the roadmap to a USB stick";
    tmux.text(TYPED);
    tmux.wait_for(TYPED);
    signal(triage42_pid(&tmux), "HUP");
    let screen = tmux.wait_for("triage42 exited");
    assert!(screen.contains("kept as a draft"), "{screen}");

    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&drafts).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(std::fs::read_to_string(&drafts).unwrap().contains(TYPED));

    let again = Tmux::start(
        &format!("triage42-draft-again-{}", std::process::id()),
        100,
        30,
        &tui_command(&served.base_url, &journal, &log, "", ""),
    );
    let screen = again.wait_for("Open it again?");
    assert!(screen.contains("(SIGHUP, "), "{screen}");
    assert!(screen.contains(&id), "{screen}");
    again.keys(&["y"]);
    again.wait_for(TYPED);
    // Taken out of the file once it is back in an editor.
    assert!(!drafts.exists());
    again.keys(&["Enter"]);
    again.wait_for(&format!("Note saved on alert {id}"));
    let note = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let details = read_all(
            client
                .alert_details(std::slice::from_ref(&id))
                .await
                .unwrap(),
        );
        details[0].note.as_ref().and_then(|n| n.message.clone())
    });
    assert_eq!(note.as_deref(), Some(TYPED));
    again.keys(&["q"]);
}
