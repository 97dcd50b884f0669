use clap::Parser;

fn main() -> color_eyre::Result<()> {
    let cli = triage42::cli::Cli::parse();
    triage42::cli::run(cli)
}
