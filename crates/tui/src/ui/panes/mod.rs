//! The panes: the list of any view (`list`, with the columns of `alert_list` and
//! `session_list`), the detail of its selected row (`detail`, with the lines of
//! `session_detail` for sessions), and beside them the files of an alert or the file
//! events of a session, and below those the events of one file (`file_events`); and
//! the actor card (`actor_card`), shown in their place.

pub mod actor_card;
pub mod alert_list;
pub mod detail;
pub mod file_events;
pub mod file_list;
pub mod list;
pub mod session_detail;
pub mod session_events;
pub mod session_list;
