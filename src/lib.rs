//! triage42: a keyboard-driven terminal UI for triaging Code42 Incydr alerts.
//!
//! `api` and `demo` know nothing of the UI; the UI modules know nothing of HTTP.

pub mod api;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod sanitize;

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
