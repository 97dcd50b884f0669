//! The three panes: alert list, alert detail with observations, file list with events.

pub mod alert_list;
pub mod detail;
pub mod file_list;
