//! The API client against the demo tenant over real HTTP on loopback, under injected
//! faults, and on the recorded fixtures of a real tenant.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod actors;
mod alerts;
mod cases;
mod faults;
mod file_events;
mod fixtures_parse;
mod model_properties;
mod proxy;
mod sessions;
mod support;
mod transport;
mod watchlists;
