//! Calls in flight as the state sees them: the slot each serves and how one failed.

use super::View;

/// Which pane a background call serves; one slot each, newest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    /// The pages of a view's list.
    List(View),
    /// The details of the selected row of a view's list.
    Detail(View),
    FileEvents,
    SessionEvents,
    /// The file events of the selected case.
    CaseEvents,
    /// The cases the case picker offers.
    Cases,
    /// Fresh details read for their notes (before a note replaces them).
    Notes,
    /// Watch mode's background read of the list's first page.
    Watch,
    /// Details of the rows around the selection, read before they are asked for.
    Prefetch,
    /// The pages an export of every matching alert fetches before writing.
    Export,
    /// Reading what an undo would put back.
    Undo,
    /// The actor card's read.
    ActorCard,
    /// The tenant's watchlists.
    Watchlists,
    /// The members of one watchlist.
    WatchlistMembers,
    /// One of the analyst's commands, running.
    Command,
    Mutation,
}

impl Slot {
    /// Calls the app makes on its own (reading ahead, watch mode): nobody waits for
    /// them, so no spinner turns and nothing is drawn while they run.
    pub fn is_background(self) -> bool {
        matches!(self, Slot::Watch | Slot::Prefetch)
    }

    pub fn label(self) -> &'static str {
        match self {
            Slot::List(View::Alerts) => "alerts",
            Slot::Detail(View::Alerts) => "details",
            Slot::List(View::Sessions) => "sessions",
            Slot::Detail(View::Sessions) => "session",
            Slot::List(View::Cases) => "cases",
            Slot::Detail(View::Cases) => "case",
            Slot::CaseEvents => "case events",
            Slot::FileEvents => "file events",
            Slot::SessionEvents => "session events",
            Slot::Cases => "cases",
            Slot::Notes => "notes",
            Slot::Watch => "watch",
            Slot::Prefetch => "prefetch",
            Slot::Export => "export",
            Slot::Undo => "undo",
            Slot::ActorCard => "actor",
            Slot::Watchlists => "watchlists",
            Slot::WatchlistMembers => "members",
            Slot::Command => "command",
            Slot::Mutation => "saving",
        }
    }
}

/// A failed call, in the words shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallError {
    pub message: String,
    pub rate_limited: bool,
}

impl CallError {
    pub fn new(message: impl Into<String>) -> Self {
        CallError {
            message: message.into(),
            rate_limited: false,
        }
    }
}
