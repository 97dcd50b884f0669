//! One list type for every view (alerts, sessions; next actors and cases): rows by id,
//! the read of their pages, the selection, marks and sort, and what is known of the
//! rows since they were read (changed here, gone from the filter). What differs between
//! the kinds of item is said once, by the kind, through [`ListKind`].

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;

use chrono::{DateTime, Utc};

use super::{CallError, State, UnreadableView, View};
use crate::action::Action;
use crate::api::pager::{Held, Order, PageAsk, Pager};

/// A row of a list.
pub trait ListRow: Clone + Debug + PartialEq + Eq + Send + Sync + 'static {
    /// The id; empty when the server gave none.
    fn id(&self) -> &str;
    /// Why the server's record could not be read, when it could not.
    fn unreadable(&self) -> Option<&UnreadableView>;

    /// Whether the row can be acted on (marked, changed, looked up): it has an id.
    fn has_id(&self) -> bool {
        !self.id().is_empty()
    }

    /// What tells the row from the others: its id, or for a row without one, the
    /// record as the server sent it.
    fn key(&self) -> &str {
        match (self.has_id(), self.unreadable()) {
            (false, Some(problem)) => &problem.raw,
            _ => self.id(),
        }
    }
}

/// A kind of item a list shows: its types, and the few ways kinds really differ.
pub trait ListKind: Copy + Debug + PartialEq + Eq + Send + Sync + 'static {
    type Row: ListRow;
    type Detail: Clone + Debug + PartialEq + Send + Sync + 'static;
    type Sort: Copy + Debug + PartialEq + Eq + Default + Send + Sync + 'static;
    type StateView: Clone + Debug + PartialEq + Eq + Send + Sync + 'static;
    /// What an export writes of one item: its values for the export's columns, as the
    /// commands write them (`crate::export_columns`).
    type Record: crate::export_columns::Record
        + Clone
        + Debug
        + PartialEq
        + Eq
        + Send
        + Sync
        + 'static;

    const VIEW: View;
    /// A note sent with a state change replaces the item's note (so the notes it would
    /// replace are read first), or joins the notes it has (nothing to read).
    const NOTE_REPLACES: bool;
    /// The largest page the service takes.
    const MAX_PAGE: u32;
    /// An export reads its records from the server (an alert's note is in its details,
    /// which a list does not hold), rather than taking them from the rows.
    const EXPORT_READS: bool;

    fn pane(state: &State) -> &ListPane<Self>;
    fn pane_mut(state: &mut State) -> &mut ListPane<Self>;
    /// Rows a page holds.
    fn page_size(state: &State) -> u32;
    /// The row part of a detail.
    fn detail_row(detail: &Self::Detail) -> &Self::Row;
    fn row_state(row: &Self::Row) -> &Self::StateView;
    fn set_row_state(row: &mut Self::Row, state: &Self::StateView);
    /// The state a change key sets for this kind, if it sets one.
    fn state_of(action: Action) -> Option<Self::StateView>;
    /// The verb of a change to `state` in confirmations: "Resolve", "Close".
    fn verb(state: &Self::StateView) -> &str;
    /// The row's time in a keyed order (creation time, for alerts).
    fn sort_time(row: &Self::Row) -> Option<DateTime<Utc>>;
    /// How the list is paged under this filter and sort.
    fn paging_order(filter: &AppliedFilter, sort: &Self::Sort) -> Order;
    /// Whether a row that matched the filter still does in `state`; `None` when the
    /// filter cannot say.
    fn admits(filter: &AppliedFilter, state: &Self::StateView) -> Option<bool>;
    /// A change of state, and the note sent with it, as the detail shows them until
    /// it is read again.
    fn apply_change(
        detail: &mut Self::Detail,
        state: &Self::StateView,
        note: Option<&str>,
        at: DateTime<Utc>,
    );
    /// A note saved (`n`), as the detail shows it until it is read again.
    fn apply_note(detail: &mut Self::Detail, note: &str, at: DateTime<Utc>);
    /// The note a change with a note would replace, when the kind's notes are replaced.
    fn current_note(detail: &Self::Detail) -> Option<&str>;
    /// What an export writes of a row the list holds, when the row holds all of it;
    /// `None` when it must be read ([`ListKind::EXPORT_READS`]) or the row's item could
    /// not be read.
    fn held_record(row: &Self::Row) -> Option<Self::Record>;
    /// A note saved on the item (alone or with a change of state), as the row holds it
    /// until it is read again.
    fn note_on_row(row: &mut Self::Row, note: &str);
    /// The item was changed here at `at`: a row that shows when its item last changed
    /// says so until it is read again (its details already do).
    fn changed_on_row(_row: &mut Self::Row, _at: DateTime<Utc>) {}
}

/// The filter in force on a list: its text, and the time its relative dates count from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppliedFilter {
    pub text: String,
    pub at: Option<DateTime<Utc>>,
}

impl AppliedFilter {
    pub fn new(text: impl Into<String>, at: DateTime<Utc>) -> AppliedFilter {
        AppliedFilter {
            text: text.into(),
            at: Some(at),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A read of the list under way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// The call whose answer it waits for.
    pub request_id: u64,
    pub ask: PageAsk,
    /// The answer replaces the rows (a reload), or adds to them (the next page).
    pub replace: bool,
}

/// The rows of a list and everything about them.
#[derive(Debug, Clone)]
pub struct ItemList<K: ListKind> {
    pub rows: Vec<K::Row>,
    /// Where each row is, by key.
    index: HashMap<String, usize>,
    /// How many the server holds (counted from its last answer and what was read since).
    pub total: u64,
    pub selected: usize,
    /// Marked rows, by id.
    pub marked: HashSet<String>,
    pub range_anchor: Option<usize>,
    pub sort: K::Sort,
    pub loaded_once: bool,
    pub error: Option<CallError>,
    /// The server has said there is nothing after the rows held.
    pub complete: bool,
    pub pager: Pager,
    pub reading: Option<Reading>,
    /// Rows changed here, by key, with the request id current when the change was made:
    /// an answer to a call made before that is older than the change.
    pub changed_at: HashMap<String, u64>,
    /// Rows known to have left the filter since they were read, by key.
    pub departed: HashSet<String>,
    /// The row to select again (by key) once a reload's first page is in, and where
    /// the selection goes if it is not there.
    pub reselect: Option<(String, usize)>,
}

impl<K: ListKind> Default for ItemList<K> {
    fn default() -> Self {
        ItemList {
            rows: Vec::new(),
            index: HashMap::new(),
            total: 0,
            selected: 0,
            marked: HashSet::new(),
            range_anchor: None,
            sort: K::Sort::default(),
            loaded_once: false,
            error: None,
            complete: false,
            pager: Pager::new(Order::Windowed, 1, K::MAX_PAGE),
            reading: None,
            changed_at: HashMap::new(),
            departed: HashSet::new(),
            reselect: None,
        }
    }
}

impl<K: ListKind> ItemList<K> {
    pub fn selected_row(&self) -> Option<&K::Row> {
        self.rows.get(self.selected)
    }

    /// Whether every row the server holds is loaded.
    pub fn all_loaded(&self) -> bool {
        self.complete
    }

    /// Where the row of `key` is.
    pub fn position(&self, key: &str) -> Option<usize> {
        self.index.get(key).copied()
    }

    pub fn row(&self, key: &str) -> Option<&K::Row> {
        self.position(key).and_then(|at| self.rows.get(at))
    }

    pub fn row_mut(&mut self, key: &str) -> Option<&mut K::Row> {
        let at = self.position(key)?;
        self.rows.get_mut(at)
    }

    /// Replaces every row.
    pub fn set_rows(&mut self, rows: Vec<K::Row>) {
        self.rows = rows;
        self.reindex();
        let held = &self.index;
        self.departed.retain(|key| held.contains_key(key));
    }

    /// Adds rows at the end; one already held is left out.
    pub fn push_rows(&mut self, rows: impl IntoIterator<Item = K::Row>) {
        for row in rows {
            if self.index.contains_key(row.key()) {
                continue;
            }
            self.index.insert(row.key().to_string(), self.rows.len());
            self.rows.push(row);
        }
    }

    fn reindex(&mut self) {
        self.index = self
            .rows
            .iter()
            .enumerate()
            .map(|(at, row)| (row.key().to_string(), at))
            .collect();
    }

    /// Ids of the marked rows in list order, then those not loaded (sorted); or the
    /// selected row's when nothing is marked.
    pub fn target_ids(&self) -> Vec<String> {
        if self.marked.is_empty() {
            return self
                .selected_row()
                .filter(|r| r.has_id())
                .map(|r| vec![r.id().to_string()])
                .unwrap_or_default();
        }
        let mut ids: Vec<String> = self
            .rows
            .iter()
            .filter(|r| self.marked.contains(r.id()))
            .map(|r| r.id().to_string())
            .collect();
        let mut others: Vec<String> = self
            .marked
            .iter()
            .filter(|id| !self.index.contains_key(id.as_str()))
            .cloned()
            .collect();
        others.sort();
        ids.extend(others);
        ids
    }
}

impl<K: ListKind> Held for ItemList<K> {
    fn count(&self) -> u64 {
        self.rows.len() as u64
    }

    fn departed(&self) -> u64 {
        self.departed.len() as u64
    }

    fn holds(&self, key: &str) -> bool {
        self.index.contains_key(key)
    }

    fn anchors(&self, key: &str) -> bool {
        self.holds(key) && !self.changed_at.contains_key(key) && !self.departed.contains(key)
    }

    fn last_time(&self) -> Option<DateTime<Utc>> {
        self.rows.iter().rev().find_map(K::sort_time)
    }
}

/// Everything of one list view: the list, the details read for its rows, and the
/// filter in force.
#[derive(Debug, Clone)]
pub struct ListPane<K: ListKind> {
    pub list: ItemList<K>,
    pub details: HashMap<String, K::Detail>,
    pub detail_errors: HashMap<String, CallError>,
    pub detail_scroll: u16,
    pub filter: AppliedFilter,
    /// The filters in force before this one, the last the most recent; none twice, and
    /// never the one in force. `Backspace` in the list goes back to the last, and `↑`
    /// in the `/` line walks through them.
    pub filter_history: Vec<String>,
}

/// The most filters a list remembers.
pub const FILTER_HISTORY_MAX: usize = 30;

impl<K: ListKind> Default for ListPane<K> {
    fn default() -> Self {
        ListPane {
            list: ItemList::default(),
            details: HashMap::new(),
            detail_errors: HashMap::new(),
            detail_scroll: 0,
            filter: AppliedFilter::default(),
            filter_history: Vec::new(),
        }
    }
}

impl<K: ListKind> ListPane<K> {
    pub fn selected_detail(&self) -> Option<&K::Detail> {
        self.list
            .selected_row()
            .and_then(|row| self.details.get(row.id()))
    }
}
