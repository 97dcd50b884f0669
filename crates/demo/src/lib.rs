//! The embedded demo tenant: a real HTTP server speaking the Code42 wire protocol,
//! seeded with deterministic, realistic data. It knows nothing of the UI.

// The workspace denies unwrap, expect, panic, indexing and unchecked arithmetic; unit
// tests may use them.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]
// Handlers return ready HTTP error responses as their `Err`; their size does not matter here.
#![allow(clippy::result_large_err)]

mod actor_profiles;
mod actors;
pub(crate) mod alerts;
mod auth;
mod cases;
mod connection;
mod console;
pub mod faults;
mod file_event_bodies;
mod file_events;
mod inject;
pub mod messy;
mod problems;
pub mod records;
mod rules;
mod search_index;
pub mod seed;
mod server;
mod session_data;
pub mod sessions;
mod state;
pub mod store;
mod tokens;
mod watchlist_records;
mod watchlist_seed;
mod watchlists;
mod wire;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

pub use alerts::details_json;
pub use faults::{FaultConfig, FaultConfigError, FaultInjector, RevokeEvery};

pub const DEMO_CLIENT_ID: &str = "demo-client";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret";
pub const DEMO_USERNAME: &str = "analyst@example.com";
pub const DEMO_PASSWORD: &str = "demo-password";

#[derive(Debug, Clone, Copy)]
pub struct DemoConfig {
    pub alerts: usize,
    pub seed: u64,
    /// Write a share of the data in the awkward forms of an old tenant (see `messy`).
    pub messy: bool,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            alerts: 500,
            seed: 42,
            messy: false,
        }
    }
}

/// A running demo tenant. Dropping it (or `shutdown`) stops the server.
pub struct DemoServer {
    addr: SocketAddr,
    faults: Arc<FaultInjector>,
    store: Arc<RwLock<store::Store>>,
    ready: tokio::sync::watch::Receiver<Readiness>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl DemoServer {
    /// A tenant seeded and serving.
    pub async fn start(addr: SocketAddr, config: DemoConfig) -> std::io::Result<DemoServer> {
        let server = DemoServer::start_seeding(addr, config).await?;
        server.ready().await?;
        Ok(server)
    }

    /// A tenant whose address is bound and known at once, seeded in the background:
    /// connections made meanwhile wait in the listen queue and are answered once it is
    /// seeded (so `demo` sets up its screen and signs in while the data is made).
    /// [`DemoServer::ready`] waits for it.
    pub async fn start_seeding(
        addr: SocketAddr,
        config: DemoConfig,
    ) -> std::io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let store = Arc::new(RwLock::new(store::Store::default()));
        let sessions = Arc::new(RwLock::new(sessions::SessionStore::default()));
        let faults = Arc::new(FaultInjector::default());
        let (seeded, ready) = tokio::sync::watch::channel(Readiness::Seeding);
        let state = state::DemoState {
            store: store.clone(),
            sessions: sessions.clone(),
            tokens: Arc::new(tokens::Tokens::default()),
            faults: faults.clone(),
            base_url: format!("http://{addr}"),
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let seeding = store.clone();
        let task = tokio::spawn(async move {
            if let Err(e) = seed_into(&seeding, &sessions, config).await {
                tracing::error!("demo tenant not seeded: {e}");
                let _ = seeded.send(Readiness::Failed(e.to_string()));
                return;
            }
            let _ = seeded.send(Readiness::Serving);
            let app = server::router(state);
            // Each request can reach its connection, for the faults that cut one off.
            let app = app.into_make_service_with_connect_info::<connection::Connection>();
            let serve = axum::serve(connection::FaultyListener(listener), app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                });
            if let Err(e) = serve.await {
                tracing::error!("demo tenant stopped: {e}");
            }
        });
        Ok(DemoServer {
            addr,
            faults,
            store,
            ready,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Waits until the tenant is seeded and serving.
    pub async fn ready(&self) -> std::io::Result<()> {
        let mut ready = self.ready.clone();
        let state = ready
            .wait_for(|r| *r != Readiness::Seeding)
            .await
            .map_err(|_| std::io::Error::other("the demo tenant stopped while seeding"))?;
        match &*state {
            Readiness::Failed(e) => Err(std::io::Error::other(e.clone())),
            _ => Ok(()),
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many state changes the tenant applied to each alert (alerts never changed are
    /// absent).
    pub fn state_changes_applied(&self) -> std::collections::HashMap<String, u32> {
        self.store
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .state_changes_applied
            .clone()
    }

    /// The fault injection of this tenant: one-shot faults, and `configure` for random
    /// ones. Off until told otherwise.
    pub fn faults(&self) -> &FaultInjector {
        &self.faults
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            // A tenant still seeding has served nothing: it is dropped, not waited for.
            if *self.ready.borrow() == Readiness::Seeding {
                task.abort();
            }
            let _ = task.await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Where a tenant started by [`DemoServer::start_seeding`] is.
#[derive(Debug, Clone, PartialEq)]
enum Readiness {
    Seeding,
    Serving,
    Failed(String),
}

/// Seeds `store` (alerts, then their search index) off the async threads, then starts
/// deriving the sessions (see [`derive_sessions_in_background`]).
async fn seed_into(
    store: &Arc<RwLock<store::Store>>,
    sessions: &Arc<RwLock<sessions::SessionStore>>,
    config: DemoConfig,
) -> std::io::Result<()> {
    let seeded = tokio::task::spawn_blocking(move || {
        let mut store = seed::generate(config.alerts, config.seed, chrono::Utc::now());
        if config.messy {
            messy::apply(&mut store);
        }
        // Built now rather than by the first search.
        let _ = store.search_index();
        store
    })
    .await
    .map_err(std::io::Error::other)?;
    // Nothing is served yet, so nothing else holds the store.
    *store.write().unwrap_or_else(|e| e.into_inner()) = seeded;
    derive_sessions_in_background(store, sessions).await
}

/// Derives the sessions from the seeded alerts on a thread of their own, so the tenant
/// serves alerts while they are derived. Until they are, that thread holds the
/// sessions (a sessions call waits for them) and a read lock on the alerts (a change to
/// an alert waits, so the sessions are those of the alerts as seeded, as if derived
/// first). Returns once both are held, before anything is served.
async fn derive_sessions_in_background(
    store: &Arc<RwLock<store::Store>>,
    sessions: &Arc<RwLock<sessions::SessionStore>>,
) -> std::io::Result<()> {
    let (store, sessions) = (store.clone(), sessions.clone());
    let (held, holding) = tokio::sync::oneshot::channel::<()>();
    tokio::task::spawn_blocking(move || {
        let alerts = store.read().unwrap_or_else(|e| e.into_inner());
        let mut derived = sessions.write().unwrap_or_else(|e| e.into_inner());
        if held.send(()).is_ok() {
            *derived = sessions::derive(&alerts);
        }
    });
    holding.await.map_err(std::io::Error::other)
}

/// `triage42 serve`: the base URL on the first line of stdout, then the credentials, then
/// the faults in force if any.
pub async fn run_serve(
    addr: SocketAddr,
    config: DemoConfig,
    faults: FaultConfig,
    new_alert_every: Option<std::time::Duration>,
) -> color_eyre::Result<()> {
    let DemoConfig {
        alerts,
        seed,
        messy,
    } = config;
    let server = DemoServer::start(addr, config).await?;
    server.faults().configure(faults)?;
    if let Some(every) = new_alert_every {
        server.add_alert_every(every);
    }
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", server.base_url())?;
        writeln!(out, "API client: {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}")?;
        writeln!(out, "Local account: {DEMO_USERNAME} / {DEMO_PASSWORD}")?;
        let kind = if messy { " (messy data)" } else { "" };
        writeln!(
            out,
            "{alerts} alerts{kind}, seed {seed}. Ctrl-C stops the server."
        )?;
        if let Some(faults) = faults.describe() {
            writeln!(out, "{faults}")?;
        }
        if let Some(every) = new_alert_every {
            writeln!(out, "A new alert every {} s.", every.as_secs())?;
        }
        out.flush()?;
    }
    if !server.addr().ip().is_loopback() {
        eprintln!(
            "triage42: WARNING: the demo tenant listens on {}, beyond this machine. Its \
             credentials are fixed and published ({DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}), it \
             speaks plain http, and it takes changes: anyone who can reach it can read and \
             change its data. Serve on 127.0.0.1 unless that is what you mean.",
            server.addr()
        );
    }
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hup.recv() => {}
    }
    server.shutdown().await;
    Ok(())
}
