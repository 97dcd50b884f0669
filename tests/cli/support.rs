//! Shared by the CLI tests.

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_triage42");
