//! The scriptable commands and the settings: the real binary against the demo tenant,
//! profiles and precedence, secrets that never leak.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod actors;
mod commands;
mod config_profiles;
mod daily;
mod export_columns;
mod keymap;
mod paging;
mod readable;
mod secrets;
mod serve;
mod sessions;
mod support;
mod undo;
mod watchlists;
