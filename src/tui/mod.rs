//! The interactive app: the loop, the pure reducer, its state, rendering, the keymap
//! and the worker that runs calls to the tenant.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod effect;
pub mod export;
pub mod keymap;
pub mod layout;
pub mod msg;
pub mod service;
pub mod state;
pub mod term;
pub mod ui;
pub mod update;
