//! triage42: a keyboard-driven terminal UI for triaging Code42 Incydr alerts.
//!
//! The binary: the command line, the scriptable commands and the configuration; it
//! starts the TUI (`tui::run`) or the demo tenant. ARCHITECTURE.md says which crate
//! holds what and follows one key press through the files.

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

// The client, the demo tenant, the TUI, what the TUI and the commands share, and the
// text handling are crates of their own (crates/); they keep their paths here.
pub use triage42_api as api;
pub use triage42_core::{
    csv, export_columns, filter, journal, private_file, saved_views_file, undo,
};
pub use triage42_demo as demo;
pub use triage42_text::{json_in_string, json_scan, sanitize};
pub use triage42_tui as tui;
