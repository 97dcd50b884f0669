//! The kinds of list: alerts, sessions and cases, and how each differs from the others.

use chrono::{DateTime, Utc};

use super::list::{AppliedFilter, ListKind, ListPane, ListRow};
use super::{
    AlertDetailView, AlertRow, AlertStateView, CaseDetailView, CaseListRow, CaseSort,
    CaseStatusView, NoteView, SessionDetailView, SessionNoteView, SessionRow, SessionSort,
    SessionStateChangeView, SessionStateView, State, UnreadableView, View,
};
use crate::action::Action;
use crate::api::pager::Order;
use crate::export_columns::{AlertRecord, CaseRecord, SessionRecord};
use crate::filter::SortSpec;

/// Who a note written here is shown by until the item is read again.
const NOTE_AUTHOR_HERE: &str = "you";

/// Alerts: a note replaces the alert's note; paged by creation time when sorted by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AlertKind;

/// Sessions: notes accumulate; no pending state; paged in windows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SessionKind;

/// Cases: open or closed; their findings are the note, which a change replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseKind;

impl ListRow for CaseListRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn unreadable(&self) -> Option<&UnreadableView> {
        self.unreadable.as_ref()
    }
}

impl ListRow for AlertRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn unreadable(&self) -> Option<&UnreadableView> {
        self.unreadable.as_ref()
    }
}

impl ListRow for SessionRow {
    fn id(&self) -> &str {
        &self.id
    }
    fn unreadable(&self) -> Option<&UnreadableView> {
        self.unreadable.as_ref()
    }
}

impl ListKind for AlertKind {
    type Row = AlertRow;
    type Detail = AlertDetailView;
    type Sort = SortSpec;
    type StateView = AlertStateView;
    type Record = AlertRecord;

    const VIEW: View = View::Alerts;
    const NOTE_REPLACES: bool = true;
    const MAX_PAGE: u32 = crate::api::query::MAX_ALERT_PAGE_SIZE;
    const EXPORT_READS: bool = true;

    fn pane(state: &State) -> &ListPane<Self> {
        &state.alerts
    }
    fn pane_mut(state: &mut State) -> &mut ListPane<Self> {
        &mut state.alerts
    }
    fn page_size(state: &State) -> u32 {
        state.page_size
    }
    fn detail_row(detail: &AlertDetailView) -> &AlertRow {
        &detail.row
    }
    fn row_state(row: &AlertRow) -> &AlertStateView {
        &row.state
    }
    fn set_row_state(row: &mut AlertRow, state: &AlertStateView) {
        row.state = state.clone();
    }
    fn state_of(action: Action) -> Option<AlertStateView> {
        match action {
            Action::Resolve => Some(AlertStateView::Resolved),
            Action::Reopen => Some(AlertStateView::Open),
            Action::MarkPending => Some(AlertStateView::Pending),
            Action::MarkInProgress => Some(AlertStateView::InProgress),
            _ => None,
        }
    }
    fn verb(state: &AlertStateView) -> &str {
        state.verb()
    }
    fn sort_time(row: &AlertRow) -> Option<DateTime<Utc>> {
        row.created
    }
    fn paging_order(filter: &AppliedFilter, sort: &SortSpec) -> Order {
        match crate::filter::parse(&filter.text, filter.at.unwrap_or_default()) {
            Ok(query) => crate::filter::to_alert_query(&query, *sort, 0, 1).paging_order(),
            Err(_) => Order::Windowed,
        }
    }
    fn admits(filter: &AppliedFilter, state: &AlertStateView) -> Option<bool> {
        crate::filter::parse(&filter.text, filter.at.unwrap_or_default())
            .ok()?
            .admits_state(&state.wire())
    }
    fn apply_change(
        detail: &mut AlertDetailView,
        state: &AlertStateView,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) {
        detail.row.state = state.clone();
        if let Some(note) = note {
            Self::apply_note(detail, note, at);
        }
    }
    fn apply_note(detail: &mut AlertDetailView, note: &str, at: DateTime<Utc>) {
        // The tenant records the API client as the author; until the alert is read
        // again, "you" says the same.
        detail.note = Some(NoteView {
            message: note.to_string(),
            modified_by: Some(NOTE_AUTHOR_HERE.to_string()),
            modified_at: Some(at),
        });
    }
    fn current_note(detail: &AlertDetailView) -> Option<&str> {
        detail
            .note
            .as_ref()
            .map(|n| n.message.as_str())
            .filter(|m| !m.trim().is_empty())
    }
    // The note is in the alert's details: an export reads them.
    fn held_record(_row: &AlertRow) -> Option<AlertRecord> {
        None
    }
    fn note_on_row(_row: &mut AlertRow, _note: &str) {}
}

impl ListKind for SessionKind {
    type Row = SessionRow;
    type Detail = SessionDetailView;
    type Sort = SessionSort;
    type StateView = SessionStateView;
    type Record = SessionRecord;

    const VIEW: View = View::Sessions;
    const NOTE_REPLACES: bool = false;
    const MAX_PAGE: u32 = crate::api::sessions::MAX_SESSION_PAGE;
    const EXPORT_READS: bool = false;

    fn pane(state: &State) -> &ListPane<Self> {
        &state.sessions
    }
    fn pane_mut(state: &mut State) -> &mut ListPane<Self> {
        &mut state.sessions
    }
    fn page_size(_state: &State) -> u32 {
        Self::MAX_PAGE
    }
    fn detail_row(detail: &SessionDetailView) -> &SessionRow {
        &detail.row
    }
    fn row_state(row: &SessionRow) -> &SessionStateView {
        &row.state
    }
    fn set_row_state(row: &mut SessionRow, state: &SessionStateView) {
        row.state = state.clone();
        row.record.current_state = Some(state.wire());
    }
    fn state_of(action: Action) -> Option<SessionStateView> {
        match action {
            Action::Resolve => Some(SessionStateView::Closed),
            Action::CloseTruePositive => Some(SessionStateView::ClosedTruePositive),
            Action::CloseFalsePositive => Some(SessionStateView::ClosedFalsePositive),
            Action::CloseBenign => Some(SessionStateView::ClosedBenign),
            Action::Reopen => Some(SessionStateView::Open),
            Action::MarkInProgress => Some(SessionStateView::InProgress),
            _ => None,
        }
    }
    fn verb(state: &SessionStateView) -> &str {
        state.verb()
    }
    fn sort_time(row: &SessionRow) -> Option<DateTime<Utc>> {
        row.end
    }
    // The sessions search bounds the start of a session, while it orders by the end:
    // no bound can say where a page starts.
    fn paging_order(_filter: &AppliedFilter, _sort: &SessionSort) -> Order {
        Order::Windowed
    }
    fn admits(filter: &AppliedFilter, state: &SessionStateView) -> Option<bool> {
        let query =
            crate::filter::sessions::parse(&filter.text, filter.at.unwrap_or_default()).ok()?;
        let wire = state.wire();
        Some(query.states.is_empty() || query.states.iter().any(|s| s.as_wire() == wire))
    }
    fn apply_change(
        detail: &mut SessionDetailView,
        state: &SessionStateView,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) {
        Self::set_row_state(&mut detail.row, state);
        detail.states.push(SessionStateChangeView {
            state: state.clone(),
            by: None,
            at: Some(at),
        });
        if let Some(note) = note {
            Self::apply_note(detail, note, at);
        }
    }
    fn apply_note(detail: &mut SessionDetailView, note: &str, at: DateTime<Utc>) {
        Self::note_on_row(&mut detail.row, note);
        detail.notes.push(SessionNoteView {
            content: note.to_string(),
            author: Some(NOTE_AUTHOR_HERE.to_string()),
            at: Some(at),
        });
    }
    // Notes accumulate: a new one replaces none.
    fn current_note(_detail: &SessionDetailView) -> Option<&str> {
        None
    }
    fn held_record(row: &SessionRow) -> Option<SessionRecord> {
        (row.unreadable.is_none() && row.has_id()).then(|| row.record.clone())
    }
    // The newest note is the one an export writes.
    fn note_on_row(row: &mut SessionRow, note: &str) {
        row.record.note = Some(note.to_string());
    }
}

impl ListKind for CaseKind {
    type Row = CaseListRow;
    type Detail = CaseDetailView;
    type Sort = CaseSort;
    type StateView = CaseStatusView;
    type Record = CaseRecord;

    const VIEW: View = View::Cases;
    const NOTE_REPLACES: bool = true;
    const MAX_PAGE: u32 = crate::api::cases::CASE_PAGE_MAX;
    const EXPORT_READS: bool = false;

    fn pane(state: &State) -> &ListPane<Self> {
        &state.cases
    }
    fn pane_mut(state: &mut State) -> &mut ListPane<Self> {
        &mut state.cases
    }
    fn page_size(state: &State) -> u32 {
        state.page_size.min(Self::MAX_PAGE)
    }
    fn detail_row(detail: &CaseDetailView) -> &CaseListRow {
        &detail.row
    }
    fn row_state(row: &CaseListRow) -> &CaseStatusView {
        &row.status
    }
    fn set_row_state(row: &mut CaseListRow, state: &CaseStatusView) {
        row.status = state.clone();
    }
    fn state_of(action: Action) -> Option<CaseStatusView> {
        match action {
            Action::Resolve => Some(CaseStatusView::Closed),
            Action::Reopen => Some(CaseStatusView::Open),
            _ => None,
        }
    }
    fn verb(state: &CaseStatusView) -> &str {
        state.verb()
    }
    fn sort_time(row: &CaseListRow) -> Option<DateTime<Utc>> {
        row.created
    }
    // The cases service pages by number only.
    fn paging_order(_filter: &AppliedFilter, _sort: &CaseSort) -> Order {
        Order::Windowed
    }
    fn admits(filter: &AppliedFilter, state: &CaseStatusView) -> Option<bool> {
        let filter = crate::filter::cases::parse(&filter.text).ok()?;
        Some(filter.admits_status(&state.wire()))
    }
    fn apply_change(
        detail: &mut CaseDetailView,
        state: &CaseStatusView,
        note: Option<&str>,
        at: DateTime<Utc>,
    ) {
        detail.row.status = state.clone();
        detail.row.updated = Some(at);
        if let Some(note) = note {
            Self::apply_note(detail, note, at);
        }
    }
    fn apply_note(detail: &mut CaseDetailView, note: &str, at: DateTime<Utc>) {
        detail.findings = Some(note.to_string());
        detail.last_modified_by = Some(NOTE_AUTHOR_HERE.to_string());
        detail.row.updated = Some(at);
    }
    fn current_note(detail: &CaseDetailView) -> Option<&str> {
        detail.findings.as_deref().filter(|f| !f.trim().is_empty())
    }
    fn held_record(row: &CaseListRow) -> Option<CaseRecord> {
        let number = row.number().filter(|_| row.unreadable.is_none())?;
        Some(CaseRecord {
            number,
            name: row.name.clone(),
            status: Some(row.status.wire()),
            assignee_username: row.assignee.clone(),
            subject_username: row.subject.clone(),
            created_at: row.created,
            updated_at: row.updated,
        })
    }
    // The list holds no findings.
    fn note_on_row(_row: &mut CaseListRow, _note: &str) {}
    fn changed_on_row(row: &mut CaseListRow, at: DateTime<Utc>) {
        row.updated = Some(at);
    }
}
