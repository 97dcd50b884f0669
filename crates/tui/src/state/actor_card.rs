//! The actor card (`a`, `:actor NAME`): who is behind an alert or a session — their
//! directory details, the watchlists they are on, their open alerts and sessions and
//! their recent file events — read in one go, each part on its own so one that fails
//! leaves the others.

use chrono::{DateTime, Utc};

use super::{AlertRow, CallError, FileEventRow, SessionRow};

/// How an actor is asked for: by the id the sessions give, or by the name (an email)
/// the alerts give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorRef {
    Id(String),
    Name(String),
}

impl ActorRef {
    /// What the card and the breadcrumbs call the actor until its profile is read.
    pub fn label(&self) -> &str {
        match self {
            ActorRef::Id(text) | ActorRef::Name(text) => text,
        }
    }
}

/// The directory details of an actor, as the card shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorProfileView {
    pub id: String,
    /// The actor's name in the directory (an email address, usually).
    pub name: String,
    /// First and last name.
    pub full_name: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub division: Option<String>,
    pub employee_type: Option<String>,
    /// The manager's name, or their id when their profile could not be read.
    pub manager: Option<String>,
    pub location: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub notes: Option<String>,
    pub active: Option<bool>,
    pub alternate_names: Vec<String>,
}

/// A watchlist, as the card and the watchlist picker show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistView {
    pub id: String,
    /// Its title, or for the built-in types a readable form of the type
    /// ("Departing employee").
    pub title: String,
    /// The wire's type (`DEPARTING_EMPLOYEE`, `CUSTOM`, …).
    pub kind: String,
    pub members: Option<u64>,
}

/// An actor on a watchlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchlistMemberView {
    pub actor_id: String,
    pub name: String,
    pub added: Option<DateTime<Utc>>,
}

/// A change to an actor, asked from the card and confirmed first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActorChange {
    /// Their notes replaced (`None`: cleared).
    Notes {
        actor_id: String,
        name: String,
        notes: Option<String>,
    },
    AddToWatchlist {
        actor_id: String,
        name: String,
        watchlist: WatchlistView,
    },
    RemoveFromWatchlist {
        actor_id: String,
        name: String,
        watchlist: WatchlistView,
    },
}

impl ActorChange {
    pub fn actor_id(&self) -> &str {
        match self {
            ActorChange::Notes { actor_id, .. }
            | ActorChange::AddToWatchlist { actor_id, .. }
            | ActorChange::RemoveFromWatchlist { actor_id, .. } => actor_id,
        }
    }

    /// The question that confirms it.
    pub fn question(&self) -> String {
        let name = |n: &str| crate::sanitize::cell(n, 40);
        match self {
            ActorChange::Notes { name: n, notes, .. } => match notes {
                Some(_) => format!("Replace the notes of {}?", name(n)),
                None => format!("Clear the notes of {}?", name(n)),
            },
            ActorChange::AddToWatchlist {
                name: n, watchlist, ..
            } => format!(
                "Add {} to the watchlist {}?",
                name(n),
                crate::sanitize::cell(&watchlist.title, 30)
            ),
            ActorChange::RemoveFromWatchlist {
                name: n, watchlist, ..
            } => format!(
                "Remove {} from the watchlist {}?",
                name(n),
                crate::sanitize::cell(&watchlist.title, 30)
            ),
        }
    }

    /// What the status line says once it is done.
    pub fn done(&self) -> String {
        let name = |n: &str| crate::sanitize::cell(n, 40);
        match self {
            ActorChange::Notes { name: n, notes, .. } => match notes {
                Some(_) => format!("Notes of {} saved", name(n)),
                None => format!("Notes of {} cleared", name(n)),
            },
            ActorChange::AddToWatchlist {
                name: n, watchlist, ..
            } => format!(
                "{} added to {}",
                name(n),
                crate::sanitize::cell(&watchlist.title, 30)
            ),
            ActorChange::RemoveFromWatchlist {
                name: n, watchlist, ..
            } => format!(
                "{} removed from {}",
                name(n),
                crate::sanitize::cell(&watchlist.title, 30)
            ),
        }
    }
}

/// One part of the card: being read, read, or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Part<T> {
    #[default]
    Loading,
    Ready(T),
    Failed(CallError),
}

impl<T> Part<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Part::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// Some of a list, and how many the server counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counted<T> {
    pub rows: Vec<T>,
    pub total: u64,
}

/// What the worker reads for the card.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActorCardData {
    pub profile: Part<ActorProfileView>,
    pub watchlists: Part<Vec<WatchlistView>>,
    pub alerts: Part<Counted<AlertRow>>,
    pub sessions: Part<Counted<SessionRow>>,
    pub file_events: Part<Counted<FileEventRow>>,
}

/// The sections of the card that hold rows to move through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CardSection {
    #[default]
    Alerts,
    Sessions,
    FileEvents,
}

impl CardSection {
    pub const ALL: [CardSection; 3] = [
        CardSection::Alerts,
        CardSection::Sessions,
        CardSection::FileEvents,
    ];

    pub fn next(self) -> CardSection {
        match self {
            CardSection::Alerts => CardSection::Sessions,
            CardSection::Sessions => CardSection::FileEvents,
            CardSection::FileEvents => CardSection::Alerts,
        }
    }

    pub fn prev(self) -> CardSection {
        match self {
            CardSection::Alerts => CardSection::FileEvents,
            CardSection::Sessions => CardSection::Alerts,
            CardSection::FileEvents => CardSection::Sessions,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            CardSection::Alerts => "Open alerts",
            CardSection::Sessions => "Open sessions",
            CardSection::FileEvents => "Recent file events",
        }
    }
}

/// The card as the screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorCard {
    pub who: ActorRef,
    /// The read whose answer fills the card.
    pub request_id: u64,
    pub data: ActorCardData,
    pub section: CardSection,
    /// The selected row of each section, in [`CardSection::ALL`]'s order.
    pub selected: [usize; 3],
    /// A change to the actor (notes, a watchlist) is being sent.
    pub saving: bool,
    pub read_at: Option<DateTime<Utc>>,
}

impl ActorCard {
    pub fn new(who: ActorRef, request_id: u64) -> ActorCard {
        ActorCard {
            who,
            request_id,
            data: ActorCardData::default(),
            section: CardSection::default(),
            selected: [0; 3],
            saving: false,
            read_at: None,
        }
    }

    /// The actor's name once read, else what it was asked by.
    pub fn label(&self) -> &str {
        match self.data.profile.ready() {
            Some(profile) if !profile.name.is_empty() => &profile.name,
            _ => self.who.label(),
        }
    }

    pub fn selected_in(&self, section: CardSection) -> usize {
        let at = CardSection::ALL
            .iter()
            .position(|s| *s == section)
            .unwrap_or(0);
        self.selected.get(at).copied().unwrap_or(0)
    }

    pub fn set_selected(&mut self, section: CardSection, row: usize) {
        if let Some(at) = CardSection::ALL.iter().position(|s| *s == section)
            && let Some(slot) = self.selected.get_mut(at)
        {
            *slot = row;
        }
    }

    /// Rows the section holds.
    pub fn rows_in(&self, section: CardSection) -> usize {
        match section {
            CardSection::Alerts => self.data.alerts.ready().map_or(0, |c| c.rows.len()),
            CardSection::Sessions => self.data.sessions.ready().map_or(0, |c| c.rows.len()),
            CardSection::FileEvents => self.data.file_events.ready().map_or(0, |c| c.rows.len()),
        }
    }

    /// The actor's id, once the profile is read (or when asked by id).
    pub fn actor_id(&self) -> Option<&str> {
        match (self.data.profile.ready(), &self.who) {
            (Some(profile), _) if !profile.id.is_empty() => Some(&profile.id),
            (_, ActorRef::Id(id)) => Some(id),
            _ => None,
        }
    }

    /// The actor's name (the alerts' and file events' actor), once read (or when asked
    /// by name).
    pub fn actor_name(&self) -> Option<&str> {
        match (self.data.profile.ready(), &self.who) {
            (Some(profile), _) if !profile.name.is_empty() => Some(&profile.name),
            (_, ActorRef::Name(name)) => Some(name),
            _ => None,
        }
    }
}
