//! Command-line interface: subcommands and flags.

use std::net::SocketAddr;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "triage42",
    version,
    about = "Triage Code42 Incydr alerts from the terminal"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the embedded demo tenant alone and print its base URL.
    Serve(ServeArgs),
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
}

pub fn run(cli: Cli) -> color_eyre::Result<()> {
    color_eyre::install()?;
    match cli.command {
        Some(Command::Serve(args)) => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(crate::demo::run_serve(args.addr, args.alerts, args.seed))
        }
        None => Err(color_eyre::eyre::eyre!(
            "the TUI is not built yet; try `triage42 serve`"
        )),
    }
}
