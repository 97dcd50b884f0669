//! Calls to the tenant for the interactive app: the worker that runs them (a slot per
//! pane where the newest wins, one queue for changes) and the adapter from view models
//! to `api`; and the runner of the analyst's own commands.

mod api_service;
mod command_runner;
pub mod from_api;
mod worker;

pub use api_service::ApiService;
pub use worker::{ListService, TriageService, Worker, current_call};
