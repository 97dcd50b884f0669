//! Typed async client for the Code42 (Incydr) API: alerts, file events, cases, sessions,
//! actors and watchlists.
//! It knows nothing of the UI.

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

pub mod actors;
pub mod audit;
mod auth;
pub mod buffers;
pub mod cases;
mod client;
mod config;
pub mod console;
pub mod details_ref;
pub mod error;
pub mod file_event_query;
pub mod file_events;
pub mod lenient;
mod mask;
pub mod models;
pub mod pager;
mod paging;
pub mod probe;
pub mod query;
pub mod requests;
mod retry;
pub mod sessions;
pub mod timestamp;
mod transport;
pub mod watchlists;

pub use actors::{Actor, ActorFamily, ActorPage, ActorQuery, ActorUpdate};
pub use auth::tenant_from_jwt;
pub use cases::{Case, CaseFileEvent, CaseListQuery, CasePage, CaseUpdate, NewCase};
pub use client::{
    Client, DEFAULT_IN_FLIGHT, DetailsAnswer, MAX_IDS_PER_CALL, MAX_IN_FLIGHT, MAX_NOTE_LEN,
    Placed, check_note, in_search_order, note_length,
};
pub use config::{
    ClientConfig, DEFAULT_MAX_BODY_BYTES, DEFAULT_RETRY_DEADLINE, ENV_CLIENT_ID, ENV_CLIENT_SECRET,
    ENV_URL, RetryNotice, RetryObserver,
};
pub use error::ApiError;
pub use file_event_query::{EventOperator, FileEventQuery};
pub use file_events::{FileEvent, FileEventPage};
pub use lenient::{Item, UnreadableItem};
pub use mask::mask_url_credentials;
pub use models::{
    AlertAggregate, AlertDetails, AlertNote, AlertPage, AlertState, AlertSummary, CaseStatus,
    FileCategorySummary, Observation, ObservationData, ObservationPayload, ObservedFile,
    RiskSeverity, RuleDetails, RuleMetadata, RuleUsers, SearchedAlert, Watchlist,
};
pub use query::{AlertFilter, AlertQuery, Clause, FilterField, SortDirection, SortKey};
// `watchlists::Watchlist` (a list of the tenant) stays under its module: the root's
// `Watchlist` is the reference an alert carries.
pub use sessions::{
    Session, SessionOrder, SessionPage, SessionQuery, SessionState, severity_name, severity_number,
};
pub use watchlists::{
    WatchlistActors, WatchlistMember, WatchlistMemberPage, WatchlistPage, WatchlistQuery,
    WatchlistStats,
};
