//! The analyst's loop, over real HTTP against the demo tenant: filter, mark what is
//! loaded, change it, page on to the end. Every item that matched when the loop began
//! is listed, though the changes took the loaded ones out of the filter (so a page
//! counted by number would start past the alerts that moved up). Keys go through the
//! reducer, calls through the real worker and client, answers back through the reducer.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::time::Duration;

use crossterm::event::KeyCode;
use tokio::sync::mpsc::UnboundedReceiver;
use triage42_api::{Client, ClientConfig};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};
use triage42_tui::effect::{Effect, LocalEffect};
use triage42_tui::msg::{ListMsg, Msg};
use triage42_tui::service::{ApiService, Worker};
use triage42_tui::state::{ListKind, ListRow, State, View};
use triage42_tui::update::{init, update};

use crate::support::*;

/// The TUI without a terminal: the reducer, and the worker making real calls.
struct Analyst {
    state: State,
    worker: Worker<ApiService>,
    messages: UnboundedReceiver<Msg>,
}

impl Analyst {
    async fn start(server: &DemoServer) -> Analyst {
        let (sender, messages) = tokio::sync::mpsc::unbounded_channel();
        let config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
        let service = ApiService::new(Client::new(config).unwrap());
        let mut analyst = Analyst {
            state: new_state(),
            worker: Worker::new(service, sender),
            messages,
        };
        analyst.state.page_size = 200;
        let effects = init(&mut analyst.state);
        analyst.run(effects).await;
        analyst
    }

    /// Carries out `effects`, then feeds the answers to the reducer until nothing is
    /// waited for. Timers fire at once (a detail asked for by a pause is loaded).
    async fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: Vec<Effect> = effects;
        loop {
            for effect in queue.drain(..) {
                match effect {
                    Effect::Call(call) => self.worker.run(call),
                    Effect::Local(LocalEffect::ScheduleDetail { view, id, .. }) => {
                        let due = match view {
                            View::Alerts => Msg::Alerts(ListMsg::DetailDue(id)),
                            View::Sessions => Msg::Sessions(ListMsg::DetailDue(id)),
                            View::Cases => Msg::Cases(ListMsg::DetailDue(id)),
                        };
                        let more = update(&mut self.state, due);
                        self.state_effects(more);
                    }
                    Effect::Local(_) => {}
                }
            }
            if !self.state.has_pending()
                && !self.state.status.pending.keys().any(|s| s.is_background())
            {
                return;
            }
            let msg = tokio::time::timeout(Duration::from_secs(30), self.messages.recv())
                .await
                .expect("an answer within 30 s")
                .expect("the worker is running");
            queue = update(&mut self.state, msg);
        }
    }

    fn state_effects(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Call(call) = effect {
                self.worker.run(call);
            }
        }
    }

    async fn key(&mut self, code: KeyCode) {
        let effects = update(&mut self.state, key(code));
        self.run(effects).await;
    }

    async fn type_line(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c)).await;
        }
        self.key(KeyCode::Enter).await;
    }

    /// Pages to the end of the list of kind `K`; the keys of every row listed.
    async fn page_to_the_end<K: ListKind>(&mut self) -> Vec<String> {
        for _ in 0..1000 {
            if K::pane(&self.state).list.all_loaded() {
                break;
            }
            self.key(KeyCode::End).await;
        }
        let list = &K::pane(&self.state).list;
        assert!(list.all_loaded(), "the list never ended");
        list.rows.iter().map(|r| r.key().to_string()).collect()
    }
}

fn assert_every_one_listed(listed: &[String], wanted: &[String], what: &str) {
    let mut once = HashSet::new();
    for key in listed {
        assert!(once.insert(key), "{what}: {key} listed twice");
    }
    let missing: Vec<&String> = wanted.iter().filter(|id| !once.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "{what}: {} of the {} that matched never listed, e.g. {:?}",
        missing.len(),
        wanted.len(),
        missing.iter().take(3).collect::<Vec<_>>()
    );
}

async fn open_alerts(server: &DemoServer) -> Vec<String> {
    use futures::StreamExt;
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    let query = triage42_api::AlertQuery::all(vec![triage42_api::AlertFilter::eq(
        triage42_api::FilterField::AlertState,
        "OPEN",
    )]);
    client
        .search_all_alerts(query.page_size(500))
        .map(|item| match item.unwrap() {
            triage42_api::Item::Read(summary) => summary.id,
            triage42_api::Item::Unreadable(u) => panic!("{u:?}"),
        })
        .collect()
        .await
}

async fn tenant() -> DemoServer {
    DemoServer::start(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        DemoConfig {
            alerts: 3000,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn resolving_every_loaded_alert_then_paging_to_the_end_lists_every_open_alert() {
    // By creation time (paged by time) and by severity (paged in windows).
    for sort_presses in [0, 1] {
        let server = tenant().await;
        let open = open_alerts(&server).await;
        assert!(open.len() > 1000, "{}", open.len());
        let mut analyst = Analyst::start(&server).await;
        for _ in 0..sort_presses {
            analyst.key(KeyCode::Char('s')).await;
        }
        analyst.key(KeyCode::Char('/')).await;
        analyst.type_line("state:open").await;
        let list = &analyst.state.alerts.list;
        assert_eq!(list.rows.len(), 200);
        assert_eq!(list.total, open.len() as u64);
        // Every row loaded is resolved, no note.
        analyst.key(KeyCode::Char('*')).await;
        analyst.key(KeyCode::Char('r')).await;
        analyst.key(KeyCode::Enter).await;
        analyst.key(KeyCode::Char('y')).await;
        let status = analyst.state.status.message.clone().unwrap().text;
        assert_eq!(status, "Resolve: done for 200 alerts");
        assert_eq!(analyst.state.alerts.list.departed.len(), 200);
        let listed = analyst
            .page_to_the_end::<triage42_tui::state::AlertKind>()
            .await;
        assert_every_one_listed(&listed, &open, &format!("sort presses {sort_presses}"));
        assert_eq!(listed.len(), open.len());
        let screen = screen(&analyst.state, 120, 40);
        assert!(screen.contains("· 200 left the filter"), "{screen}");
        server.shutdown().await;
    }
}

#[tokio::test]
async fn closing_every_loaded_session_then_paging_to_the_end_lists_every_open_session() {
    // By end time and by score: both paged in windows.
    for sort_presses in [0, 1] {
        let server = tenant().await;
        let client = Client::new(ClientConfig::new(
            server.base_url(),
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
        ))
        .unwrap();
        let query =
            triage42_core::filter::sessions::parse("state:open", chrono::Utc::now()).unwrap();
        let open: Vec<String> = client
            .all_sessions(query)
            .await
            .unwrap()
            .into_iter()
            .map(|item| match item {
                triage42_api::Item::Read(s) => s.session_id,
                triage42_api::Item::Unreadable(u) => panic!("{u:?}"),
            })
            .collect();
        assert!(open.len() > 200, "{}", open.len());
        let mut analyst = Analyst::start(&server).await;
        analyst.key(KeyCode::Char('v')).await;
        analyst.key(KeyCode::Enter).await;
        assert_eq!(analyst.state.view, View::Sessions);
        for _ in 0..sort_presses {
            analyst.key(KeyCode::Char('s')).await;
        }
        analyst.key(KeyCode::Char('/')).await;
        analyst.type_line("state:open").await;
        assert_eq!(analyst.state.sessions.list.rows.len(), 50);
        analyst.key(KeyCode::Char('*')).await;
        analyst.key(KeyCode::Char('r')).await;
        analyst.key(KeyCode::Enter).await;
        analyst.key(KeyCode::Char('y')).await;
        let status = analyst.state.status.message.clone().unwrap().text;
        assert_eq!(status, "Close: done for 50 sessions");
        let listed = analyst
            .page_to_the_end::<triage42_tui::state::SessionKind>()
            .await;
        assert_every_one_listed(&listed, &open, &format!("sort presses {sort_presses}"));
        assert_eq!(listed.len(), open.len());
        server.shutdown().await;
    }
}

#[tokio::test]
async fn closing_every_loaded_case_then_paging_to_the_end_lists_every_open_case() {
    let server = tenant().await;
    let client = Client::new(ClientConfig::new(
        server.base_url(),
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
    ))
    .unwrap();
    for n in 0..70 {
        client
            .create_case(&triage42_api::NewCase {
                name: format!("Loop case {n}"),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    // By number (newest first) and by last change, both paged in windows.
    for sort_presses in [0, 1] {
        let open: Vec<String> = client
            .all_cases(triage42_api::CaseListQuery {
                status: Some(triage42_api::CaseStatus::Open),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_iter()
            .map(|item| match item {
                triage42_api::Item::Read(c) => c.number.to_string(),
                triage42_api::Item::Unreadable(u) => panic!("{u:?}"),
            })
            .collect();
        assert!(open.len() > 40, "{}", open.len());
        let mut analyst = Analyst::start(&server).await;
        analyst.state.page_size = 20;
        analyst.key(KeyCode::Char(':')).await;
        analyst.type_line("cases status:open").await;
        assert_eq!(analyst.state.view, View::Cases);
        for _ in 0..sort_presses {
            analyst.key(KeyCode::Char('s')).await;
        }
        let loaded = analyst.state.cases.list.rows.len();
        assert_eq!(loaded, 20);
        // Every loaded case closed: the rest move up the list the tenant pages.
        analyst.key(KeyCode::Char('*')).await;
        analyst.key(KeyCode::Char('r')).await;
        analyst.key(KeyCode::Enter).await;
        analyst.key(KeyCode::Char('y')).await;
        let status = analyst.state.status.message.clone().unwrap().text;
        assert_eq!(status, "Close: done for 20 cases");
        let listed = analyst
            .page_to_the_end::<triage42_tui::state::CaseKind>()
            .await;
        assert_every_one_listed(&listed, &open, &format!("sort presses {sort_presses}"));
        assert_eq!(listed.len(), open.len());
        let screen = screen(&analyst.state, 120, 40);
        assert!(screen.contains("· 20 left the filter"), "{screen}");
    }
    server.shutdown().await;
}
