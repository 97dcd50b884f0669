//! Text shared by the client's users and the demo tenant: `sanitize`, the one sanitiser
//! every server string passes before it reaches a terminal; `json_in_string`, JSON
//! written as the text of a JSON string without an intermediate copy; and `json_scan`,
//! JSON read where it lies (also inside a string), for the hot paths that read answers
//! in one pass.

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

pub mod json_in_string;
pub mod json_scan;
pub mod sanitize;
