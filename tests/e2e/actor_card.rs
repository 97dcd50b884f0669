//! The actor card in the real binary against `triage42 serve`: open the selected
//! alert's actor, add them to a watchlist, pivot to their sessions, come back with
//! `Esc` along the breadcrumbs, close an open case with findings from the cases view,
//! and read the watchlist and the case back over the API.

use std::process::Command;

use crate::tmux::{Tmux, serve, tui_command};

#[test]
fn open_the_actor_add_to_a_watchlist_pivot_and_come_back() {
    if Command::new("tmux").arg("-V").output().is_err() {
        panic!("tmux is required for this test");
    }
    let served = serve();
    let dir = tempfile::tempdir().unwrap();
    let command = tui_command(
        &served.base_url,
        &dir.path().join("journal.jsonl"),
        &dir.path().join("triage42.log"),
        "",
        "",
    );
    let session = format!("triage42-e2e-actor-card-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["a"]);
    let screen = tmux.wait_until("the card, read", |s| {
        s.contains("┌▶ Actor ") && s.contains("Open sessions ") && !s.contains("reading…")
    });
    // The sessions are the actor's, found by the id the directory gives them.
    assert!(!screen.contains("Open sessions ?"), "{screen}");
    let name = screen
        .lines()
        .find_map(|l| l.split("┌▶ Actor ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{screen}"))
        .to_string();
    assert!(
        screen.contains(&format!("alerts › actor {name}")),
        "{screen}"
    );

    // Add them to the first watchlist offered.
    tmux.keys(&["w"]);
    let screen = tmux.wait_until("the watchlists offered", |s| {
        s.contains("to a watchlist") && !s.contains("Reading the watchlists")
    });
    // The picker's first row, chosen, is the line under its title.
    let chosen = screen
        .lines()
        .skip_while(|l| !l.contains("to a watchlist"))
        .nth(1)
        .and_then(|l| l.split("▶ ").nth(1))
        .map(|rest| {
            rest.split("  ")
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .unwrap_or_else(|| panic!("{screen}"));
    tmux.keys(&["Enter"]);
    // The question wraps in its pop-up: its start is enough.
    tmux.wait_for(&format!("Add {name} to the watchlist"));
    tmux.keys(&["y"]);
    tmux.wait_for(&format!("{name} added to {chosen}"));

    // Their sessions, then back to the card, then back to the alerts.
    tmux.keys(&["s"]);
    let screen = tmux.wait_for("Sessions ");
    assert!(screen.contains(&format!("actor {name} › ")), "{screen}");
    assert!(screen.contains("filter: actor:"), "{screen}");
    tmux.keys(&["Escape"]);
    tmux.wait_for(&format!("┌▶ Actor {name}"));
    tmux.keys(&["Escape"]);
    let screen = tmux.wait_for("Alerts 1/");
    assert!(!screen.contains("›"), "{screen}");

    // The open cases, from the command line; the first is closed with findings.
    tmux.keys(&[":"]);
    tmux.text("cases status:open");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_until("the open cases, the first read", |s| {
        s.contains("filter: status:open") && s.contains("┌ Case ") && s.contains("Description")
    });
    assert!(screen.contains("alerts › cases"), "{screen}");
    let number: u64 = screen
        .lines()
        .find_map(|l| l.split("┌ Case ").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{screen}"));
    tmux.keys(&["r"]);
    tmux.wait_for("findings (optional");
    let findings = "Confirmed: the files left on a USB drive; device returned";
    tmux.text(findings);
    tmux.keys(&["Enter"]);
    tmux.wait_until("the case's findings checked", |s| {
        s.contains("Close 1 case with findings") && !s.contains("checking existing")
    });
    tmux.keys(&["y"]);
    tmux.wait_for("Close: done for 1 case");
    tmux.keys(&["q"]);

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let actor = client.actor_by_name(&name, false).await.unwrap();
        let id = actor.actor_id.unwrap();
        let lists = client.watchlists_of_actor(&id).await.unwrap();
        let titles: Vec<String> = lists
            .into_iter()
            .filter_map(|w| w.into_read())
            .map(|w| triage42::tui::service::from_api::watchlist_view(&w).title)
            .collect();
        assert!(titles.contains(&chosen), "{chosen} not in {titles:?}");
        let case = client.get_case(number).await.unwrap();
        assert_eq!(case.status.unwrap().as_wire(), "CLOSED");
        assert_eq!(case.findings.as_deref(), Some(findings));
    });
}
