//! The demo tenant over raw HTTP on loopback: its wire format, its injected faults and
//! the hostile data it can serve.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod demo_faults;
mod demo_hostile;
mod demo_watchlists;
mod demo_wire;
