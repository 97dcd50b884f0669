//! The analyst's loop in the real binary: filter, resolve every alert loaded, page to
//! the end. Every alert open at the start is listed (the list holds as many rows as the
//! tenant had open alerts), and the title says how many left the filter.

use futures::StreamExt;
use triage42::api::{AlertFilter, AlertQuery, FilterField};

use crate::tmux::{Tmux, serve_with, tui_command};

#[test]
fn resolving_what_is_loaded_and_paging_on_lists_every_open_alert() {
    let served = serve_with(&["--alerts", "3000", "--seed", "7"]);
    let open = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let client = crate::support::demo_client(&served.base_url);
        let query = AlertQuery::all(vec![AlertFilter::eq(FilterField::AlertState, "OPEN")]);
        client.search_all_alerts(query.page_size(500)).count().await
    });
    assert!(open > 1000, "{open}");
    let log = tempfile::NamedTempFile::new().unwrap();
    let command = tui_command(
        &served.base_url,
        &log.path().with_extension("journal.jsonl"),
        log.path(),
        "",
        "",
    );
    let session = format!("triage42-e2e-paging-{}", std::process::id());
    let tmux = Tmux::start(&session, 120, 40, &command);
    tmux.wait_for("Alerts 1/");
    tmux.keys(&["/"]);
    tmux.text("state:open");
    tmux.keys(&["Enter"]);
    tmux.wait_for(&format!("Alerts 1/{open} "));
    tmux.keys(&["*"]);
    tmux.wait_for("200 marked");
    tmux.keys(&["r"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Resolve 200 alerts without a note?");
    tmux.keys(&["y"]);
    tmux.wait_for("Resolve: done for 200 alerts");
    let end = format!("Alerts {open}/{open} ");
    let screen = tmux.wait_until(&end, |screen| {
        if !screen.contains(&end) {
            tmux.keys(&["G"]);
            std::thread::sleep(std::time::Duration::from_millis(100));
            return false;
        }
        true
    });
    assert!(screen.contains("· 200 left the filter"), "{screen}");
    tmux.keys(&["q"]);
}
