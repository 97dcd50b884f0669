//! The real binary driven in tmux against the demo tenant, screen by screen.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod actor_card;
mod drafts;
mod export;
mod paging;
mod saved_views;
mod sessions;
mod support;
mod tmux;
mod undo;
mod your_commands;
