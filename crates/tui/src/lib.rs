//! The interactive app: the loop, the pure reducer, its state, rendering, the keymap
//! and the worker that runs calls to the tenant. It knows the tenant only by its URL and
//! credentials: [`run`] is its one entry point.

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

pub mod action;
pub mod app;
pub mod clipboard;
pub mod effect;
pub mod export;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod service;
pub mod state;
pub mod term;
pub mod ui;
pub mod update;

use std::path::PathBuf;
use std::time::Duration;

use color_eyre::eyre::WrapErr;
use triage42_api as api;
use triage42_core::{csv, export_columns, filter, journal, private_file, saved_views_file, undo};
use triage42_text::sanitize;

/// Everything the TUI starts from, settled and checked before the terminal is touched.
pub struct Settings {
    /// The list the TUI opens on.
    pub view: state::View,
    /// The saved view it opens on, when one was named.
    pub start_view: Option<state::SavedViewEntry>,
    pub saved_views: Vec<state::SavedViewEntry>,
    /// Where a view saved from the TUI is written.
    pub views_file: Option<saved_views_file::ViewsFile>,
    pub keymap: keymap::Keymap,
    pub read_only: bool,
    pub color: bool,
    /// The profile's starting filter, already checked.
    pub default_query: Option<(String, filter::FilterQuery)>,
    pub page_size: Option<u32>,
    pub csv_formula_guard: bool,
    /// Where changes are journaled.
    pub journal: Option<PathBuf>,
    /// Watch mode from the start, at this interval.
    pub watch: Option<Duration>,
    /// The analyst's own commands (`[[commands]]` in config.toml), checked.
    pub custom_commands: Vec<state::CustomCommand>,
}

impl Settings {
    /// The defaults: the alert list, no saved views, no journal, colour on.
    pub fn new(keymap: keymap::Keymap) -> Settings {
        Settings {
            view: state::View::default(),
            start_view: None,
            saved_views: Vec::new(),
            views_file: None,
            keymap,
            read_only: false,
            color: true,
            default_query: None,
            page_size: None,
            csv_formula_guard: true,
            journal: None,
            watch: None,
            custom_commands: Vec::new(),
        }
    }
}

/// Runs the TUI on the tenant `tenant` until the analyst quits; the terminal is given
/// back as it was, also on an error.
pub async fn run(tenant: api::ClientConfig, settings: Settings) -> color_eyre::Result<()> {
    let (sender, messages) = tokio::sync::mpsc::unbounded_channel();
    let mut client_config = tenant;
    // The screen says what is wrong while the TUI keeps trying.
    client_config.retry_unreached = true;
    let retries = sender.clone();
    client_config.on_retry = Some(crate::api::RetryObserver::new(move |notice| {
        let _ = retries.send(crate::msg::Msg::Retrying {
            slot: crate::service::current_call(),
            text: notice.to_string(),
        });
    }));
    let journal = settings.journal.as_ref().map(|path| {
        std::sync::Arc::new(crate::journal::Journal::new(
            path,
            &client_config.client_id,
            &client_config.base_url,
        ))
    });
    if let Some(journal) = &journal {
        client_config.change_log = Some(journal.clone());
    }
    let console_origin = crate::api::console::console_origin(&client_config.base_url);
    let tenant = client_config.base_url.clone();
    let client = crate::api::Client::new(client_config).wrap_err("could not set up the client")?;
    let mut service = crate::service::ApiService::new(client);
    if let Some(journal) = journal {
        service = service.with_journal(journal);
    }
    let mut worker = crate::service::Worker::new(service, sender.clone());
    let mut state = crate::state::State::new(
        settings.keymap,
        settings.read_only,
        settings.color,
        chrono::Utc::now(),
    );
    // The demo tenant's journal is listed with --demo (unless TRIAGE42_JOURNAL moved both).
    if settings.journal.is_some()
        && settings.journal != crate::journal::Journal::default_path(false)
    {
        state.journal_command = "triage42 journal --demo".into();
    }
    if let Some(journal) = &settings.journal {
        let path = crate::state::drafts::path_for(journal);
        match crate::state::drafts::load(&path) {
            Ok(drafts) => state.drafts = drafts,
            // The file stays as it is; nothing is written over it this run.
            Err(error) => {
                state.status.message = Some(crate::state::StatusMessage {
                    kind: crate::state::StatusKind::Error,
                    text: crate::sanitize::one_line(&error).into_owned(),
                })
            }
        }
        if state.status.message.is_none() {
            state.drafts_path = Some(path);
        }
    }
    if let Some(journal) = &settings.journal {
        let path = crate::state::history_path_for(journal);
        state.command_history = crate::state::load_history(&path);
        state.command_history_path = Some(path);
    }
    state.journal_path = settings.journal;
    state.console_origin = console_origin;
    state.tenant = tenant;
    state.csv_formula_guard = settings.csv_formula_guard;
    state.home = std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from);
    if let Some(n) = settings.page_size {
        state.page_size = n;
    }
    if let Some(interval) = settings.watch {
        state.watch.on = true;
        state.watch.interval = interval;
    }
    state.view = settings.view;
    if let Some((text, _)) = settings.default_query {
        state.filter.input = tui_input::Input::new(text.clone());
        state.alerts.filter = crate::state::AppliedFilter::new(text, state.now);
    }
    state.saved_views = settings.saved_views;
    state.custom_commands = settings.custom_commands;
    state.views_file = settings.views_file;
    // A saved view named by --view replaces the profile's default query.
    if let Some(entry) = &settings.start_view {
        crate::update::start_with_view(&mut state, entry);
    }
    crate::app::run(state, move |call| worker.run(call), sender, messages).await
}
