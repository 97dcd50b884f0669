//! The panes: the list of any view (`list`, with the columns of `alert_list`,
//! `session_list` and `case_list`), the detail of its selected row (`detail`, with the
//! lines of `session_detail` and `case_detail`), and beside them the files of an alert
//! or the file events of a session or a case, and below those the events of one file
//! (`file_events`); and the actor card (`actor_card`), shown in their place.

pub mod actor_card;
pub mod alert_list;
pub mod case_detail;
pub mod case_events;
pub mod case_list;
pub mod detail;
pub mod file_events;
pub mod file_list;
pub mod list;
pub mod session_detail;
pub mod session_events;
pub mod session_list;
