//! The embedded demo tenant (in progress).

use std::net::SocketAddr;

pub async fn run_serve(_addr: SocketAddr, _alerts: usize, _seed: u64) -> color_eyre::Result<()> {
    Err(color_eyre::eyre::eyre!("the demo tenant is not built yet"))
}
