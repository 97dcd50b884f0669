//! Small widgets around the panes: the top line (filter, command line, breadcrumbs),
//! the status bar, pop-ups.

pub mod command_line;
pub mod command_output;
pub mod file_event;
pub mod filter;
pub mod help;
pub mod journal;
pub mod overlays;
mod popup;
pub mod status;
pub mod view_picker;
pub mod watchlists;
