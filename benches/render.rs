//! Rendering cost with 100,000 alerts loaded: frame time and key-to-frame time.
//!
//!   cargo bench --bench render
//!
//! Results are recorded in BENCHMARKS.md.

// Tests may fail loudly: they are the place for unwrap, panic and indexing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

// The UI tests' fixtures; the bench uses a few of them.
#[allow(dead_code)]
#[path = "../crates/tui/tests/tui/support.rs"]
mod fixtures;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage42::tui::update::{init, update};

fn mean(total: Duration, n: u32) -> Duration {
    total / n
}

fn main() {
    let count = 100_000;
    let mut state = fixtures::new_state();
    let effects = init(&mut state);
    let request_id = fixtures::alerts_request(&effects);
    let rows = fixtures::rows(count);
    let t = Instant::now();
    update(
        &mut state,
        fixtures::alerts_page(request_id, rows, count as u64),
    );
    println!("load {count} rows into the state: {:.2?}", t.elapsed());
    fixtures::with_detail(&mut state);

    for (w, h) in [(120u16, 40u16), (80, 24)] {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        let frames = 500;
        let t = Instant::now();
        for _ in 0..frames {
            terminal
                .draw(|f| triage42::tui::ui::draw(f, &state))
                .unwrap();
        }
        println!(
            "{w}x{h}: draw one frame: {:.1?} (mean of {frames})",
            mean(t.elapsed(), frames)
        );

        let presses = 2000;
        let t = Instant::now();
        for i in 0..presses {
            let key = if i % 50 == 0 {
                KeyCode::PageDown
            } else {
                KeyCode::Char('j')
            };
            update(&mut state, fixtures::key(key));
            terminal
                .draw(|f| triage42::tui::ui::draw(f, &state))
                .unwrap();
        }
        println!(
            "{w}x{h}: key press to drawn frame: {:.1?} (mean of {presses}, j and PageDown)",
            mean(t.elapsed(), presses)
        );
    }
}
