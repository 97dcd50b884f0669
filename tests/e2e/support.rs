//! Shared by the end-to-end tests: the binary they drive and how long they wait for it.

use std::time::Duration;

use triage42::api::Item;

pub const BIN: &str = env!("CARGO_BIN_EXE_triage42");

/// A generous bound for the screen to show something; only reached on failure.
pub const SCREEN_WAIT: Duration = Duration::from_secs(60);

/// The demo tenant's clean data reads in full.
pub fn read<T>(item: Item<T>) -> T {
    match item {
        Item::Read(t) => t,
        Item::Unreadable(u) => panic!("unreadable: {u:?}"),
    }
}

pub fn read_all<T>(items: Vec<Item<T>>) -> Vec<T> {
    items.into_iter().map(read).collect()
}

/// The binary run to its end (no terminal) against `url` with the demo tenant's
/// credentials and the config file `config`, whatever this machine's environment says.
pub fn run_with_config(url: &str, config: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(BIN)
        .args(args)
        .env("INCYDR_URL", url)
        .env("INCYDR_API_CLIENT_ID", triage42::demo::DEMO_CLIENT_ID)
        .env(
            "INCYDR_API_CLIENT_SECRET",
            triage42::demo::DEMO_CLIENT_SECRET,
        )
        .env("TRIAGE42_CONFIG", config)
        .env_remove("TRIAGE42_PROFILE")
        .output()
        .unwrap()
}

/// A client of the demo tenant at `base_url`, with its fixed credentials.
pub fn demo_client(base_url: &str) -> triage42::api::Client {
    triage42::api::Client::new(triage42::api::ClientConfig::new(
        base_url.to_string(),
        triage42::demo::DEMO_CLIENT_ID,
        triage42::demo::DEMO_CLIENT_SECRET,
    ))
    .unwrap()
}
