//! The interactive app without a terminal: the reducer, the worker and its adapter,
//! exports, rendered screens (insta snapshots) and the filter line.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod analyst_loop;
mod cases_view;
mod export;
mod file_events;
mod filter_properties;
mod keymap;
mod pivots;
mod reducer_properties;
mod service;
mod session_snapshots;
mod session_update;
mod stale;
mod support;
// insta names the snapshots after this module path (`tui__ui_snapshots__*.snap`).
mod saved_views;
mod ui_snapshots;
mod update;
mod update_properties;
mod watch;
mod worker;
