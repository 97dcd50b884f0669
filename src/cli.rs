//! Command-line interface: subcommands and flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use color_eyre::eyre::{WrapErr, eyre};

#[derive(Debug, Parser)]
#[command(
    name = "triage42",
    version,
    about = "Triage Code42 Incydr alerts from the terminal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    #[command(flatten)]
    pub tui: TuiArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the embedded demo tenant alone and print its base URL.
    Serve(ServeArgs),
    /// Open the TUI on an embedded demo tenant (real HTTP on loopback).
    Demo(DemoArgs),
    /// Search, show and change alerts from scripts.
    #[command(subcommand)]
    Alerts(crate::commands::AlertsCommand),
    /// Search file events (forensic search).
    #[command(subcommand)]
    Events(crate::commands::EventsCommand),
    /// List, show and create cases, and add file events to them.
    #[command(subcommand)]
    Cases(crate::commands::CasesCommand),
    /// The changes made from this machine, each with how it ended (the audit journal).
    Journal(crate::commands::journal::JournalArgs),
    /// Print the paths in use, the active profile and where each setting came from.
    Info,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to bind (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Number of alerts to seed.
    #[arg(long, default_value_t = 500)]
    pub alerts: usize,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Write a share of the data as an old tenant would: nulls, numbers as text, odd
    /// timestamps, unknown names, broken observations, hostile file names, unreadable alerts.
    #[arg(long)]
    pub messy: bool,
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Number of alerts to seed.
    #[arg(long, default_value_t = 500)]
    pub alerts: usize,
    /// Seed of the generated data.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Awkward data, as `serve --messy`.
    #[arg(long)]
    pub messy: bool,
}

/// Connection flags; the same settings also come from `INCYDR_*` variables and profiles.
#[derive(Debug, clap::Args)]
pub struct ConnectionArgs {
    /// Base URL of the Incydr API, e.g. https://api.us.code42.com (env INCYDR_URL).
    #[arg(long, global = true)]
    pub url: Option<String>,
    /// API client id (env INCYDR_API_CLIENT_ID).
    #[arg(long, global = true)]
    pub client_id: Option<String>,
    /// API client secret (env INCYDR_API_CLIENT_SECRET; a flag shows in `ps`, prefer the variable).
    #[arg(long, global = true)]
    pub secret: Option<String>,
    /// Profile of the config file (env TRIAGE42_PROFILE).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// Config file (env TRIAGE42_CONFIG; default $XDG_CONFIG_HOME/triage42/config.toml).
    #[arg(long, global = true)]
    pub config: Option<PathBuf>,
    /// Extra CA bundle (PEM) for networks that inspect TLS.
    #[arg(long, global = true)]
    pub ca_bundle: Option<PathBuf>,
    /// Seconds within which failed reads (and 429s) are retried (default 180).
    #[arg(long, global = true, value_name = "SECS")]
    pub retry_deadline: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct TuiArgs {
    /// Remove every action that changes the tenant.
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Where to write the log (default: triage42.log under the XDG state directory).
    #[arg(long, global = true)]
    pub log_file: Option<PathBuf>,
    /// Key bindings to merge over the defaults (default: keymap.toml in the config directory).
    #[arg(long, global = true)]
    pub keymap: Option<PathBuf>,
}

fn config_flags(cli: &Cli) -> crate::config::Flags {
    crate::config::Flags {
        config: cli.connection.config.clone(),
        profile: cli.connection.profile.clone(),
        url: cli.connection.url.clone(),
        client_id: cli.connection.client_id.clone(),
        secret: cli.connection.secret.clone(),
        read_only: cli.tui.read_only,
        ca_bundle: cli.connection.ca_bundle.clone(),
    }
}

/// Flags > environment > profile > defaults; a bad config is one line and exit code 2.
fn settings(flags: &crate::config::Flags) -> crate::config::Resolved {
    let env = |name: &str| std::env::var(name).ok();
    match crate::config::resolve(flags, &env, &crate::config::Paths::discover()) {
        Ok(resolved) => resolved,
        Err(e) => {
            eprintln!("triage42: {e}");
            std::process::exit(2);
        }
    }
}

fn command_connection(
    resolved: &crate::config::Resolved,
    retry_deadline: Option<u64>,
) -> crate::commands::ConnectionArgs {
    crate::commands::ConnectionArgs {
        client_config: resolved
            .client_config()
            .map(|config| with_retry_deadline(config, retry_deadline))
            .map_err(|e| e.to_string()),
        read_only: resolved.read_only.value,
        default_query: resolved.default_query.as_ref().map(|q| q.value.clone()),
        journal: crate::journal::Journal::default_path(false),
    }
}

fn with_retry_deadline(
    mut config: crate::api::ClientConfig,
    secs: Option<u64>,
) -> crate::api::ClientConfig {
    if let Some(secs) = secs {
        config.retry_deadline = std::time::Duration::from_secs(secs);
    }
    config
}

pub fn run(cli: Cli) -> color_eyre::Result<()> {
    color_eyre::install()?;
    let flags = config_flags(&cli);
    match cli.command {
        Some(Command::Alerts(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_alerts(&conn, cmd))
        }
        Some(Command::Events(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_events(&conn, cmd))
        }
        Some(Command::Cases(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_cases(&conn, cmd))
        }
        Some(Command::Journal(args)) => {
            std::process::exit(crate::commands::finish(crate::commands::journal::run(args)))
        }
        Some(Command::Info) => {
            let resolved = settings(&flags);
            print!(
                "{}",
                resolved.describe(
                    &crate::config::Paths::discover(),
                    cli.tui.log_file.as_deref()
                )
            );
            Ok(())
        }
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "triage42",
                &mut std::io::stdout(),
            );
            Ok(())
        }
        Some(Command::Serve(args)) => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(crate::demo::run_serve(
                args.addr,
                crate::demo::DemoConfig {
                    alerts: args.alerts,
                    seed: args.seed,
                    messy: args.messy,
                },
            ))
        }
        Some(Command::Demo(args)) => {
            let mut settings = prepare(&cli.tui)?;
            settings.journal = crate::journal::Journal::default_path(true);
            settings.retry_deadline = cli.connection.retry_deadline;
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async move {
                let config = crate::demo::DemoConfig {
                    alerts: args.alerts,
                    seed: args.seed,
                    messy: args.messy,
                };
                let server =
                    crate::demo::DemoServer::start(SocketAddr::from(([127, 0, 0, 1], 0)), config)
                        .await
                        .wrap_err("could not start the demo tenant")?;
                tracing::info!("demo tenant at {}", server.base_url());
                let client_config = crate::api::ClientConfig::new(
                    server.base_url(),
                    crate::demo::DEMO_CLIENT_ID,
                    crate::demo::DEMO_CLIENT_SECRET,
                );
                let result = run_tui(client_config, settings).await;
                server.shutdown().await;
                result
            })
        }
        None => {
            // One plain line, before the terminal is touched.
            let resolved = settings(&flags);
            let client_config = match resolved.client_config() {
                Ok(config) => config,
                Err(message) => {
                    eprintln!("triage42: {message}");
                    std::process::exit(2);
                }
            };
            let mut settings = prepare(&cli.tui)?;
            settings.journal = crate::journal::Journal::default_path(false);
            settings.retry_deadline = cli.connection.retry_deadline;
            settings.read_only |= resolved.read_only.value;
            settings.page_size = (resolved.page_size.source != crate::config::Source::Default)
                .then_some(resolved.page_size.value);
            settings.csv_formula_guard = resolved.csv_formula_guard.value;
            if let Some(query) = &resolved.default_query {
                match crate::filter_lang::parse(&query.value, chrono::Utc::now()) {
                    Ok(parsed) => settings.default_query = Some((query.value.clone(), parsed)),
                    Err(e) => {
                        eprintln!(
                            "triage42: default_query of the profile: {} in {:?}",
                            e.message, query.value
                        );
                        std::process::exit(2);
                    }
                }
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(run_tui(client_config, settings))
        }
    }
}

struct TuiSettings {
    keymap: crate::keymap::Keymap,
    read_only: bool,
    color: bool,
    /// The profile's starting filter, already checked.
    default_query: Option<(String, crate::filter_lang::FilterQuery)>,
    page_size: Option<u32>,
    csv_formula_guard: bool,
    /// Where changes are journaled.
    journal: Option<PathBuf>,
    retry_deadline: Option<u64>,
}

/// Logging and keymap, settled before the terminal is touched.
fn prepare(args: &TuiArgs) -> color_eyre::Result<TuiSettings> {
    let dirs = directories::ProjectDirs::from("", "", "triage42");
    let log_file = match &args.log_file {
        Some(path) => path.clone(),
        None => dirs
            .as_ref()
            .and_then(|d| d.state_dir().map(|p| p.to_path_buf()))
            .or_else(|| dirs.as_ref().map(|d| d.data_local_dir().to_path_buf()))
            .ok_or_else(|| eyre!("no home directory for the log; pass --log-file"))?
            .join("triage42.log"),
    };
    if let Some(parent) = log_file.parent() {
        std::fs::create_dir_all(parent)
            .wrap_err_with(|| format!("could not create {}", parent.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log_file)
        .wrap_err_with(|| format!("could not open the log file {}", log_file.display()))?;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
    let keymap_path = args
        .keymap
        .clone()
        .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("keymap.toml")));
    let keymap = match keymap_path {
        Some(path) if path.exists() => {
            let text = std::fs::read_to_string(&path)
                .wrap_err_with(|| format!("could not read {}", path.display()))?;
            crate::keymap::Keymap::with_user_file(&text)
                .map_err(|e| eyre!("{}: {e}", path.display()))?
        }
        _ => crate::keymap::Keymap::default_keymap(),
    };
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    Ok(TuiSettings {
        keymap,
        read_only: args.read_only,
        color,
        default_query: None,
        page_size: None,
        csv_formula_guard: true,
        journal: None,
        retry_deadline: None,
    })
}

async fn run_tui(
    client_config: crate::api::ClientConfig,
    settings: TuiSettings,
) -> color_eyre::Result<()> {
    let (sender, messages) = tokio::sync::mpsc::unbounded_channel();
    let mut client_config = with_retry_deadline(client_config, settings.retry_deadline);
    let retries = sender.clone();
    client_config.on_retry = Some(crate::api::RetryObserver::new(move |notice| {
        let _ = retries.send(crate::action::Msg::Retrying {
            slot: crate::worker::current_call(),
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
    let client = crate::api::Client::new(client_config).wrap_err("could not set up the client")?;
    let mut service = crate::worker::ApiService::new(client);
    if let Some(journal) = journal {
        service = service.with_journal(journal);
    }
    let mut worker = crate::worker::Worker::new(service, sender.clone());
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
    state.journal_path = settings.journal;
    state.csv_formula_guard = settings.csv_formula_guard;
    if let Some(n) = settings.page_size {
        state.page_size = n;
    }
    if let Some((text, parsed)) = settings.default_query {
        state.filter.input = tui_input::Input::new(text.clone());
        state.filter.applied = parsed;
        state.filter.applied_text = text;
    }
    crate::app::run(state, move |effect| worker.run(effect), sender, messages).await
}
