//! Logging for the commands (`-v`, `--log-level`, to stderr) and crash reports that
//! honour `NO_COLOR` and a stderr that is not a terminal.

use std::io::IsTerminal;

/// `-v` and `--log-level`, for every command; the TUI logs to its file at that level.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// Log level: error, warn, info, debug or trace (commands log to stderr; the TUI to its log file).
    #[arg(long, global = true, value_name = "LEVEL", value_parser = parse_level, ignore_case = true)]
    pub log_level: Option<tracing::Level>,
    /// Log to stderr: -v info, -vv debug, -vvv trace.
    #[arg(short = 'v', long = "verbose", global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

fn parse_level(s: &str) -> Result<tracing::Level, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "error" => Ok(tracing::Level::ERROR),
        "warn" | "warning" => Ok(tracing::Level::WARN),
        "info" => Ok(tracing::Level::INFO),
        "debug" => Ok(tracing::Level::DEBUG),
        "trace" => Ok(tracing::Level::TRACE),
        _ => Err(format!(
            "{s:?} is not a log level (error, warn, info, debug, trace)"
        )),
    }
}

/// Whether stderr takes colours: a terminal, and `NO_COLOR` unset or empty.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl LogArgs {
    /// The level asked for, `--log-level` over `-v`; `None` when neither was given.
    pub fn level(&self) -> Option<tracing::Level> {
        self.log_level.or(match self.verbose {
            0 => None,
            1 => Some(tracing::Level::INFO),
            2 => Some(tracing::Level::DEBUG),
            _ => Some(tracing::Level::TRACE),
        })
    }

    /// Commands log to stderr, only when asked. Only triage42's own events pass below
    /// `warn`: the HTTP libraries' debug output is not shown (it could quote headers).
    pub fn init_stderr(&self) {
        let Some(level) = self.level() else {
            return;
        };
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        let filter = tracing_subscriber::filter::Targets::new()
            .with_target("triage42", level)
            .with_default(tracing::Level::WARN.min(level));
        let layer = tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_ansi(stderr_color());
        let _ = tracing_subscriber::registry()
            .with(layer)
            .with(filter)
            .try_init();
    }
}

/// color-eyre's reports: coloured only on a terminal without `NO_COLOR`.
pub fn install_crash_reports() -> color_eyre::Result<()> {
    let builder = color_eyre::config::HookBuilder::default();
    let builder = if stderr_color() {
        builder
    } else {
        builder.theme(color_eyre::config::Theme::new())
    };
    builder.install()
}
