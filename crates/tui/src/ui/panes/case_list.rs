//! The columns of the cases table: number, status, when it last changed, name,
//! assignee and subject.

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::list::{ListTable, or_dash};
use crate::state::{CaseKind, CaseListRow, CaseSort, CaseStatusView, State};
use crate::ui::theme::Theme;
use crate::ui::{ColumnWant, cell_width, share_columns, truncate};

/// Inner width from which the subject has a column of its own.
const SUBJECT_FROM: usize = 90;

/// How the cases table is laid out at one width.
pub struct CaseColumns {
    /// The subject has a column.
    subject: bool,
    /// Mark, number, status, updated, name, assignee[, subject].
    widths: Vec<usize>,
    /// The width inside the borders.
    inner: usize,
}

/// "12-01 21:54".
fn updated(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}

fn text(value: &Option<String>) -> &str {
    or_dash(value.as_deref().unwrap_or_default())
}

impl ListTable for CaseKind {
    type Columns = CaseColumns;
    const EMPTY: &'static str = "No cases yet: c on an alert or a session makes one.";

    fn sort_label(sort: &CaseSort) -> String {
        let arrow = if sort.descending { "↓" } else { "↑" };
        format!("{} {arrow}", sort.key.label())
    }

    fn columns(area: Rect, rows: &[CaseListRow]) -> CaseColumns {
        let inner = usize::from(area.width.saturating_sub(3));
        let subject = inner >= SUBJECT_FROM;
        let number_width = rows
            .iter()
            .map(|r| cell_width(&r.id))
            .fold(2, usize::max)
            .min(10);
        let mut widths = vec![1, number_width, 6, 11];
        let flexible_count = if subject { 3 } else { 2 };
        let gaps = widths.len().saturating_add(flexible_count);
        let used = widths.iter().fold(gaps, |sum, w| sum.saturating_add(*w));
        let space = inner.saturating_sub(used);
        let wants = |header: &str, of: &dyn Fn(&CaseListRow) -> usize| {
            rows.iter().map(of).fold(cell_width(header), usize::max)
        };
        let name = ColumnWant {
            least: 8,
            readable: 24,
            wants: wants("Name", &|r| cell_width(&r.name)),
            takes_rest: true,
        };
        let assignee = ColumnWant {
            least: 6,
            readable: 14,
            wants: wants("Assignee", &|r| cell_width(text(&r.assignee))),
            takes_rest: false,
        };
        let mut columns = vec![name, assignee];
        if subject {
            columns.push(ColumnWant {
                least: 6,
                readable: 14,
                wants: wants("Subject", &|r| cell_width(text(&r.subject))),
                takes_rest: false,
            });
        }
        widths.extend(share_columns(space, &columns));
        CaseColumns {
            subject,
            widths,
            inner,
        }
    }

    fn header(columns: &CaseColumns) -> Vec<&'static str> {
        let mut header = vec!["", "#", "Status", "Updated", "Name", "Assignee"];
        if columns.subject {
            header.push("Subject");
        }
        header
    }

    fn widths(columns: &CaseColumns) -> Vec<usize> {
        columns.widths.clone()
    }

    fn row<'a>(
        row: &'a CaseListRow,
        columns: &CaseColumns,
        mark: Span<'static>,
        _state: &State,
        theme: Theme,
    ) -> Row<'a> {
        let width = |at: usize| columns.widths.get(at).copied().unwrap_or(0);
        let mut cells = vec![
            Cell::from(mark),
            Cell::from(truncate(or_dash(&row.id), width(1))),
        ];
        if let Some(problem) = &row.unreadable {
            let taken = columns
                .widths
                .iter()
                .take(cells.len())
                .fold(cells.len(), |sum, w| sum.saturating_add(*w));
            cells.push(
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this case: {}", problem.reason),
                        columns.inner.saturating_sub(taken),
                    ),
                    theme.error(),
                ))
                .column_span(if columns.subject { 5 } else { 4 }),
            );
            return Row::new(cells);
        }
        let status_style = match row.status {
            CaseStatusView::Closed => theme.dim(),
            _ => ratatui::style::Style::default(),
        };
        cells.extend([
            Cell::from(Span::styled(
                truncate(or_dash(row.status.label()), width(2)),
                status_style,
            )),
            Cell::from(updated(row.updated)),
            Cell::from(truncate(or_dash(&row.name), width(4))),
            Cell::from(truncate(text(&row.assignee), width(5))),
        ]);
        if columns.subject {
            cells.push(Cell::from(truncate(text(&row.subject), width(6))));
        }
        Row::new(cells)
    }
}
