//! triage42: a keyboard-driven terminal UI for triaging Code42 Incydr alerts.
//!
//! `api` and `demo` know nothing of the UI; the UI modules know nothing of HTTP.

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

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod journal;
pub mod sanitize;
pub mod session_query;

pub mod action;
pub mod app;
pub mod clipboard;
pub mod export;
pub mod filter_lang;
pub mod keymap;
pub mod state;
pub mod term;
pub mod ui;
pub mod update;
pub mod worker;
