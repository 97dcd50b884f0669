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
    #[command(flatten)]
    pub log: crate::commands::logging::LogArgs,
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
    /// Search, show and change sessions (an actor's activity with the alerts it triggered).
    #[command(subcommand)]
    Sessions(crate::commands::SessionsCommand),
    /// Search actors (the people behind the alerts), show one with its manager, and
    /// change its notes and dates.
    #[command(subcommand)]
    Actors(crate::commands::ActorsCommand),
    /// List the watchlists (or those an actor is on), show one with its members, and put
    /// actors on a watchlist or take them off.
    #[command(subcommand)]
    Watchlists(crate::commands::WatchlistsCommand),
    /// Search file events (forensic search; also `file-events`, as incydr names it).
    #[command(subcommand, alias = "file-events")]
    Events(crate::commands::EventsCommand),
    /// List the alert rules (as `alerts rules`; `alert-rules list` as incydr spells it).
    AlertRules(crate::commands::AlertRulesArgs),
    /// List, show, create and change cases, and add file events to them.
    #[command(subcommand)]
    Cases(crate::commands::CasesCommand),
    /// Check the settings, the login, the tenant, the proxy and CA bundle, the clock and
    /// the round trip, one line each; exit 1 when a check fails.
    Doctor,
    /// The checkpoints of `--checkpoint NAME` (what the last run of each name has seen).
    #[command(subcommand)]
    Checkpoint(crate::commands::checkpoint::CheckpointCommand),
    /// Print the manual page (roff), e.g. `triage42 man > triage42.1`.
    Man,
    /// The changes made from this machine, each with how it ended (the audit journal).
    Journal(crate::commands::journal::JournalArgs),
    /// Put back the states and notes a journaled change replaced (default: the last
    /// change from this machine on this tenant); items changed since are left alone.
    Undo(crate::commands::undo::UndoArgs),
    /// Print the paths in use (config, log, keymap, the journals), the active profile and
    /// where each setting came from.
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
    /// Raise a new alert every SECS seconds, as a busy tenant does (to try watch mode).
    #[arg(long, value_name = "SECS")]
    pub new_alert_every: Option<u64>,
    #[command(flatten)]
    pub faults: FaultArgs,
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
    /// Start in watch mode, reading the list every SECS seconds (default 60).
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "60",
          value_parser = parse_watch_interval)]
    pub watch: Option<std::time::Duration>,
    /// Raise a new alert every SECS seconds, as a busy tenant does (to try watch mode).
    #[arg(long, value_name = "SECS")]
    pub new_alert_every: Option<u64>,
    #[command(flatten)]
    pub faults: FaultArgs,
}

/// Faults of the demo tenant, all off by default. They apply to the API calls, not to
/// the logins unless `--fault-token-calls`; a request meets at most one of the rates.
#[derive(Debug, Clone, clap::Args)]
#[command(next_help_heading = "Fault injection (off by default)")]
pub struct FaultArgs {
    /// Delay every response by this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency: u64,
    /// Add a random extra delay of up to this many milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    pub latency_jitter: u64,
    /// Percent of requests answered 500, 502 or 503, not applied.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = percent)]
    pub error_rate: f64,
    /// Percent of requests answered 429 with a Retry-After, not applied.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = percent)]
    pub rate_limit_rate: f64,
    /// The Retry-After of those 429s, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 1)]
    pub retry_after: u64,
    /// Percent of requests whose connection is closed before they are applied, unanswered.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = percent)]
    pub drop_before_rate: f64,
    /// Percent of requests applied, then their connection closed unanswered.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = percent)]
    pub drop_after_rate: f64,
    /// Percent of requests applied, then answered with the full Content-Length but only
    /// half the body before the connection closes.
    #[arg(long, value_name = "PCT", default_value_t = 0.0, value_parser = percent)]
    pub truncate_rate: f64,
    /// Revoke every issued token every SECS seconds (30, 30s) or every N API requests (100req).
    #[arg(long, value_name = "SECS|Nreq")]
    pub revoke_tokens_every: Option<crate::demo::RevokeEvery>,
    /// Lifetime of issued tokens in seconds: the `expires_in` reported, and enforced.
    #[arg(long, value_name = "SECS", default_value_t = crate::demo::faults::DEFAULT_TOKEN_LIFETIME_SECS)]
    pub token_lifetime: u64,
    /// Apply the faults to the login (token) calls too.
    #[arg(long)]
    pub fault_token_calls: bool,
    /// Seed of the random fault decisions: the same seed and requests meet the same faults.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub fault_seed: u64,
}

fn percent(s: &str) -> Result<f64, String> {
    let pct: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{s:?} is not a percentage"))?;
    if pct.is_finite() && (0.0..=100.0).contains(&pct) {
        Ok(pct)
    } else {
        Err(format!("{s} is not a percentage from 0 to 100"))
    }
}

impl FaultArgs {
    pub fn config(&self) -> crate::demo::FaultConfig {
        crate::demo::FaultConfig {
            latency: std::time::Duration::from_millis(self.latency),
            latency_jitter: std::time::Duration::from_millis(self.latency_jitter),
            error_rate: self.error_rate,
            rate_limit_rate: self.rate_limit_rate,
            retry_after_secs: self.retry_after,
            drop_before_rate: self.drop_before_rate,
            drop_after_rate: self.drop_after_rate,
            truncate_rate: self.truncate_rate,
            revoke_tokens_every: self.revoke_tokens_every,
            token_lifetime_secs: self.token_lifetime,
            fault_token_calls: self.fault_token_calls,
            seed: self.fault_seed,
        }
    }

    /// The faults, checked; a bad combination is one line and exit code 2.
    fn checked(&self) -> crate::demo::FaultConfig {
        let config = self.config();
        if let Err(e) = config.check() {
            eprintln!("triage42: {e}");
            std::process::exit(2);
        }
        config
    }
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
    /// Allow an http:// URL to a host that is not loopback. The secret then crosses the
    /// network unencrypted; only for a path you trust (profile key insecure_http).
    #[arg(long, global = true)]
    pub insecure_http: bool,
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
    /// The view the TUI opens on: alerts, sessions, cases or a saved view's name (profile key
    /// `view`; default alerts).
    #[arg(long, global = true, value_name = "NAME")]
    pub view: Option<String>,
    /// Start in watch mode: the list is read again every SECS seconds (default 60) in the
    /// background, and new alerts are highlighted until selected (`w` switches it).
    #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "60",
          value_parser = parse_watch_interval)]
    pub watch: Option<std::time::Duration>,
}

fn parse_watch_interval(text: &str) -> Result<std::time::Duration, String> {
    let secs: u64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    let interval = std::time::Duration::from_secs(secs);
    let least = triage42_tui::update::MIN_WATCH_INTERVAL;
    if interval < least {
        return Err(format!("at least {} s", least.as_secs()));
    }
    Ok(interval)
}

fn config_flags(cli: &Cli) -> crate::config::Flags {
    crate::config::Flags {
        config: cli.connection.config.clone(),
        profile: cli.connection.profile.clone(),
        url: cli.connection.url.clone(),
        client_id: cli.connection.client_id.clone(),
        secret: cli
            .connection
            .secret
            .clone()
            .map(crate::config::Secret::new),
        read_only: cli.tui.read_only,
        ca_bundle: cli.connection.ca_bundle.clone(),
        insecure_http: cli.connection.insecure_http,
    }
}

/// Flags > environment > profile > defaults; a bad config is one line and exit code 2.
/// A profile's `secret_command` is not run here, only when a client is built.
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

/// What the commands connect with; the client settings (and a `secret_command`) are only
/// made once a command has checked its own arguments.
fn command_connection(
    resolved: &crate::config::Resolved,
    retry_deadline: Option<u64>,
) -> crate::commands::ConnectionArgs {
    crate::commands::ConnectionArgs {
        settings: resolved.clone(),
        retry_deadline,
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
    crate::commands::logging::install_crash_reports()?;
    let flags = config_flags(&cli);
    if cli.command.is_some() {
        cli.log.init_stderr();
    }
    match cli.command {
        Some(Command::AlertRules(args)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_alert_rules(&conn, args))
        }
        Some(Command::Doctor) => std::process::exit(crate::commands::doctor::run(&flags)),
        Some(Command::Checkpoint(cmd)) => std::process::exit(crate::commands::finish(
            crate::commands::checkpoint::run(cmd),
        )),
        Some(Command::Man) => {
            use clap::CommandFactory;
            clap_mangen::Man::new(Cli::command()).render(&mut std::io::stdout())?;
            Ok(())
        }
        Some(Command::Alerts(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_alerts(&conn, cmd))
        }
        Some(Command::Sessions(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_sessions(&conn, cmd))
        }
        Some(Command::Actors(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_actors(&conn, cmd))
        }
        Some(Command::Watchlists(cmd)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::run_watchlists(&conn, cmd))
        }
        Some(Command::Undo(args)) => {
            let conn = command_connection(&settings(&flags), cli.connection.retry_deadline);
            std::process::exit(crate::commands::undo::run(&conn, args))
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
            print!("{}", crate::commands::journal::describe_paths());
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
            let faults = args.faults.checked();
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(crate::demo::run_serve(
                args.addr,
                crate::demo::DemoConfig {
                    alerts: args.alerts,
                    seed: args.seed,
                    messy: args.messy,
                },
                faults,
                args.new_alert_every
                    .map(|secs| std::time::Duration::from_secs(secs.max(1))),
            ))
        }
        Some(Command::Demo(args)) => {
            let faults = args.faults.checked();
            // The demo tenant belongs to no profile: it offers the shared `[views]`.
            let env = |name: &str| std::env::var(name).ok();
            let (views, views_file, commands) =
                crate::config::shared_views(&flags, &env, &crate::config::Paths::discover())
                    .unwrap_or_else(|e| {
                        eprintln!("triage42: {e}");
                        std::process::exit(2);
                    });
            let saved_views = saved_view_entries(&views);
            let (view, saved) = start_view(cli.tui.view.as_deref(), None, &saved_views);
            let mut settings = prepare(&cli.tui, cli.log.level())?;
            settings.view = view;
            settings.start_view = saved;
            settings.saved_views = saved_views;
            settings.views_file = Some(views_file);
            settings.custom_commands = custom_commands(&commands, &settings.keymap)?;
            settings.journal = crate::journal::Journal::default_path(true);
            settings.watch = args.watch.or(settings.watch);
            let retry_deadline = cli.connection.retry_deadline;
            let runtime = tokio::runtime::Runtime::new()?;
            let result = runtime.block_on(async move {
                let config = crate::demo::DemoConfig {
                    alerts: args.alerts,
                    seed: args.seed,
                    messy: args.messy,
                };
                let server = crate::demo::DemoServer::start_seeding(
                    SocketAddr::from(([127, 0, 0, 1], 0)),
                    config,
                )
                .await
                .wrap_err("could not start the demo tenant")?;
                server.faults().configure(faults)?;
                if let Some(secs) = args.new_alert_every {
                    server.add_alert_every(std::time::Duration::from_secs(secs.max(1)));
                }
                tracing::info!("demo tenant at {}", server.base_url());
                if let Some(faults) = faults.describe() {
                    tracing::info!("demo tenant {faults}");
                }
                let client_config = crate::api::ClientConfig::new(
                    server.base_url(),
                    crate::demo::DEMO_CLIENT_ID,
                    crate::demo::DEMO_CLIENT_SECRET,
                );
                let result =
                    triage42_tui::run(with_retry_deadline(client_config, retry_deadline), settings)
                        .await;
                server.shutdown().await;
                result
            });
            // The tenant's seed, or its sessions, may still be under way on a thread of
            // their own; quitting does not wait for them (the TUI's own writes are done
            // by now, and get a moment more all the same).
            runtime.shutdown_timeout(std::time::Duration::from_millis(200));
            result
        }
        None => {
            // One plain line, before the terminal is touched. The secret comes last, so a
            // secret_command runs only once nothing else can fail first.
            let resolved = settings(&flags);
            let fail = |message: crate::config::ConfigError| -> ! {
                eprintln!("triage42: {message}");
                std::process::exit(2);
            };
            if let Err(message) = resolved.check() {
                fail(message);
            }
            let saved_views = saved_view_entries(&resolved.views);
            let (view, saved) = start_view(
                cli.tui.view.as_deref(),
                resolved.view.as_ref(),
                &saved_views,
            );
            let mut settings = prepare(&cli.tui, cli.log.level())?;
            settings.view = view;
            settings.start_view = saved;
            settings.saved_views = saved_views;
            settings.views_file = Some(resolved.views_file.clone());
            settings.custom_commands = custom_commands(&resolved.commands, &settings.keymap)?;
            settings.journal = crate::journal::Journal::default_path(false);
            settings.read_only |= resolved.read_only.value;
            settings.page_size = (resolved.page_size.source != crate::config::Source::Default)
                .then_some(resolved.page_size.value);
            settings.csv_formula_guard = resolved.csv_formula_guard.value;
            if let Some(query) = &resolved.default_query {
                match crate::filter::parse(&query.value, chrono::Utc::now()) {
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
            let client_config = resolved.client_config().unwrap_or_else(|e| fail(e));
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(triage42_tui::run(
                with_retry_deadline(client_config, cli.connection.retry_deadline),
                settings,
            ))
        }
    }
}

/// The view to open on: `--view` > the profile's `view` > alerts; a saved view by its
/// name. An unknown name, or a saved view that cannot be opened, is one line naming the
/// valid ones, and exit code 2, before the terminal is touched.
fn start_view(
    flag: Option<&str>,
    profile: Option<&crate::config::Setting<String>>,
    saved: &[triage42_tui::state::SavedViewEntry],
) -> (
    triage42_tui::state::View,
    Option<triage42_tui::state::SavedViewEntry>,
) {
    use triage42_tui::state::View;
    let (name, from) = match (flag, profile) {
        (Some(name), _) => (name, "--view".to_string()),
        (None, Some(setting)) => (setting.value.as_str(), setting.source.to_string()),
        (None, None) => return (View::default(), None),
    };
    if let Ok(view) = View::from_name(name) {
        return (view, None);
    }
    let fail = |message: String| -> ! {
        eprintln!("triage42: {from}: {message}");
        std::process::exit(2);
    };
    match saved.iter().find(|v| v.name == name.trim()) {
        Some(entry) => match &entry.problem {
            Some(problem) => fail(format!(
                "the saved view {:?} cannot be opened: {problem}",
                crate::sanitize::one_line(&entry.name)
            )),
            None => (entry.view, Some(entry.clone())),
        },
        None => {
            let names: Vec<String> = View::BUILT_IN
                .iter()
                .map(|v| v.name().to_string())
                .chain(saved.iter().map(|v| crate::sanitize::cell(&v.name, 40)))
                .collect();
            fail(format!(
                "unknown view {:?}; the views are {}",
                crate::sanitize::one_line(name),
                names.join(", ")
            ))
        }
    }
}

/// The saved views as the TUI holds them, checked against the clock now.
fn saved_view_entries(
    views: &[crate::config::NamedView],
) -> Vec<triage42_tui::state::SavedViewEntry> {
    let now = chrono::Utc::now();
    views
        .iter()
        .map(|v| triage42_tui::state::SavedViewEntry::from_config(v, now))
        .collect()
}

/// Logging and keymap, settled before the terminal is touched.
fn prepare(
    args: &TuiArgs,
    log_level: Option<tracing::Level>,
) -> color_eyre::Result<triage42_tui::Settings> {
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
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    // The log holds ids, queries and server errors: its owner's alone, as the journal.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options
        .open(&log_file)
        .wrap_err_with(|| format!("could not open the log file {}", log_file.display()))?;
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(log_level.unwrap_or(tracing::Level::INFO))
        .try_init();
    let keymap_path = args
        .keymap
        .clone()
        .or_else(|| dirs.as_ref().map(|d| d.config_dir().join("keymap.toml")));
    let keymap = match keymap_path {
        Some(path) if path.exists() => {
            let text = std::fs::read_to_string(&path)
                .wrap_err_with(|| format!("could not read {}", path.display()))?;
            triage42_tui::keymap::Keymap::with_user_file(&text)
                .map_err(|e| eyre!("{}: {e}", path.display()))?
        }
        _ => triage42_tui::keymap::Keymap::default_keymap(),
    };
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut settings = triage42_tui::Settings::new(keymap);
    settings.read_only = args.read_only;
    settings.color = color;
    settings.watch = args.watch;
    Ok(settings)
}

/// The `[[commands]]` of config.toml as the TUI runs them, each checked: its name, its
/// input, and a key no action of the panes has.
fn custom_commands(
    entries: &[crate::config::CommandEntry],
    keymap: &triage42_tui::keymap::Keymap,
) -> color_eyre::Result<Vec<triage42_tui::state::CustomCommand>> {
    let mut commands: Vec<triage42_tui::state::CustomCommand> = Vec::new();
    for entry in entries {
        let place =
            |problem: String| eyre!("config.toml [[commands]] at {}: {problem}", entry.place);
        let key = entry
            .key
            .as_deref()
            .map(triage42_tui::keymap::KeySpec::parse)
            .transpose()
            .map_err(place)?;
        let input = entry
            .input
            .as_deref()
            .map(triage42_tui::state::CommandInput::from_name)
            .transpose()
            .map_err(place)?
            .unwrap_or_default();
        let command = triage42_tui::state::CustomCommand {
            name: entry.name.clone(),
            key,
            command: entry.command.clone(),
            input,
            confirm: entry.confirm,
            mutating: entry.mutating,
            description: entry.description.clone(),
        };
        command.check(keymap).map_err(place)?;
        if commands.iter().any(|c| c.name == command.name) {
            return Err(place(format!("a second command named {:?}", command.name)));
        }
        if let Some(key) = &command.key
            && let Some(other) = commands.iter().find(|c| c.key.as_ref() == Some(key))
        {
            return Err(place(format!(
                "the key {} is already the command {:?}",
                key.label(),
                other.name
            )));
        }
        commands.push(command);
    }
    Ok(commands)
}
