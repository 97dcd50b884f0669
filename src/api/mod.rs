//! Typed async client for the Code42 (Incydr) API: alerts, file events and cases.
//! It knows nothing of the UI.

pub mod cases;
mod client;
pub mod error;
pub mod file_events;
pub mod models;
pub mod query;
pub mod timestamp;
mod transport;

pub use cases::{Case, CaseFileEvent, CaseListQuery, CasePage, CaseUpdate, NewCase};
pub use client::{Client, MAX_IDS_PER_CALL, MAX_NOTE_LEN, check_note, note_length};
pub use error::ApiError;
pub use file_events::{FileEvent, FileEventPage, FileEventQuery};
pub use models::{
    AlertAggregate, AlertDetails, AlertNote, AlertPage, AlertState, AlertSummary, CaseStatus,
    FileCategorySummary, Observation, ObservationData, ObservationPayload, ObservedFile,
    RiskSeverity, RuleDetails, RuleMetadata, RuleUsers, Watchlist,
};
pub use query::{AlertFilter, AlertQuery, Clause, FilterField, SortDirection, SortKey};
pub use transport::ClientConfig;
