//! What the TUI and the commands share, with no UI and no terminal in it: the filter
//! language and its translation to API queries, the journal of changes and their undo,
//! saved views as config.toml holds them, CSV records and the columns of exports, and
//! files only their owner reads.

// The workspace denies unwrap, expect, panic, indexing and unchecked arithmetic; unit
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

pub mod csv;
pub mod export_columns;
pub mod filter;
pub mod journal;
pub mod private_file;
pub mod saved_views_file;
pub mod undo;

use triage42_api as api;
use triage42_text::sanitize;
