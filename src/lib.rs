//! triage42: a keyboard-driven terminal UI for triaging Code42 Incydr alerts.
//!
//! `api`, `demo` and `filter` know nothing of the interactive app in `tui`, and `tui::ui`
//! knows nothing of HTTP. ARCHITECTURE.md follows one key press through the files.

// Cargo.toml denies unwrap, expect, panic, indexing and unchecked arithmetic; unit
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

pub mod cli;
pub mod commands;
pub mod config;
pub mod csv;
pub mod filter;
pub mod journal;
pub mod private_file;
pub mod tui;
pub mod undo;

// The client, the demo tenant and the shared text handling are crates of their own
// (crates/); they keep their paths here.
pub use triage42_api as api;
pub use triage42_demo as demo;
pub use triage42_text::{json_in_string, sanitize};
