//! The panes: alert list, alert detail with observations, file list with events; and
//! for the sessions view, session list, session detail and the session's file events.

pub mod alert_list;
pub mod detail;
pub mod file_list;
pub mod session_detail;
pub mod session_events;
pub mod session_list;
