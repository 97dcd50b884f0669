//! Small widgets around the panes: filter line, status bar, pop-ups.

pub mod file_event;
pub mod filter;
pub mod help;
pub mod journal;
pub mod overlays;
mod popup;
pub mod status;
pub mod view_picker;
