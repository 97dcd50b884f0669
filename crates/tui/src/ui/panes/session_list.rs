//! The columns of the session table: actor, severity and score, state, time window,
//! alerts and risk indicators.

use chrono::{DateTime, Utc};
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::list::{ListTable, or_dash};
use crate::state::{SessionKind, SessionRow, SessionSort, SeverityView, State};
use crate::ui::theme::Theme;
use crate::ui::{cell_width, truncate};

/// Inner width from which every column is shown whole (a zoomed or wide list).
const FULL_FROM: usize = 100;

/// The risk indicators of a row, by name, on one line.
pub fn indicator_names(row: &SessionRow) -> String {
    row.risk_indicators
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "moderate" in a wide table, "mod" with the score in a narrow one.
fn short_severity(severity: &SeverityView) -> &str {
    match severity {
        SeverityView::NoRisk => "none",
        SeverityView::Low => "low",
        SeverityView::Moderate => "mod",
        SeverityView::High => "high",
        SeverityView::Critical => "crit",
        SeverityView::Other(s) => s,
    }
}

/// The time window: "12-01 21:54–22:11", or with both dates when it spans midnight.
fn window(begin: Option<DateTime<Utc>>, end: Option<DateTime<Utc>>) -> String {
    match (begin, end) {
        (Some(b), Some(e)) if b.date_naive() == e.date_naive() => {
            format!("{}–{}", b.format("%m-%d %H:%M"), e.format("%H:%M"))
        }
        (Some(b), Some(e)) => format!("{}–{}", b.format("%m-%d %H:%M"), e.format("%m-%d %H:%M")),
        (Some(b), None) => format!("{}–", b.format("%m-%d %H:%M")),
        (None, Some(e)) => format!("–{}", e.format("%m-%d %H:%M")),
        (None, None) => "—".into(),
    }
}

/// How long ago a session ended, in a few columns: "now", "47m", "5h", "3d", "12w".
fn age(end: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    let Some(end) = end else {
        return "—".into();
    };
    let minutes = now.signed_duration_since(end).num_minutes();
    match minutes {
        m if m < 1 => "now".into(),
        m if m < 60 => format!("{m}m"),
        m if m < 48 * 60 => format!("{}h", m / 60),
        m if m < 60 * 24 * 60 => format!("{}d", m / (24 * 60)),
        m => format!("{}w", m / (7 * 24 * 60)),
    }
}

/// How the session table is laid out at one width.
pub struct SessionColumns {
    /// Every column whole: the score apart, the time window rather than the age.
    full: bool,
    widths: Vec<usize>,
    /// The width inside the borders.
    inner: usize,
}

impl ListTable for SessionKind {
    type Columns = SessionColumns;
    const EMPTY: &'static str = "No sessions with alerts.";

    fn sort_label(sort: &SessionSort) -> String {
        let arrow = if sort.descending { "↓" } else { "↑" };
        format!("{} {arrow}", sort.label())
    }

    fn columns(area: Rect, rows: &[SessionRow]) -> SessionColumns {
        let inner = usize::from(area.width.saturating_sub(3));
        let full = inner >= FULL_FROM;
        // Fixed columns: mark, severity (with the score when narrow), [score], state,
        // window (how long ago it ended when narrow), alerts.
        let (severity_width, state_width, window_width) =
            if full { (8, 13, 23) } else { (9, 11, 5) };
        let mut widths = vec![1, severity_width];
        if full {
            widths.push(5);
        }
        widths.extend([state_width, window_width, 6]);
        // The actor and the risk indicators follow.
        let gaps = widths.len().saturating_add(1);
        let used = widths.iter().fold(gaps, |sum, w| sum.saturating_add(*w));
        let flexible = inner.saturating_sub(used);
        // The actor first (whole when it can be), the indicators with the rest.
        let actor_wants = rows
            .iter()
            .filter(|r| r.unreadable.is_none())
            .map(|r| cell_width(or_dash(&r.actor)))
            .fold(5, usize::max);
        let actor_width =
            actor_wants.min((flexible.saturating_mul(3) / 5).max(flexible.saturating_sub(12)));
        widths.extend([actor_width, flexible.saturating_sub(actor_width)]);
        SessionColumns {
            full,
            widths,
            inner,
        }
    }

    fn header(columns: &SessionColumns) -> Vec<&'static str> {
        // Narrow, the severity column carries the score too, and says so.
        let mut header = vec![
            "",
            if columns.full {
                "Severity"
            } else {
                "Sev score"
            },
        ];
        if columns.full {
            header.push("Score");
        }
        header.extend([
            "State",
            if columns.full { "Window" } else { "Ended" },
            "Alerts",
            "Actor",
            "Risk indicators",
        ]);
        header
    }

    fn widths(columns: &SessionColumns) -> Vec<usize> {
        columns.widths.clone()
    }

    fn row<'a>(
        row: &'a SessionRow,
        columns: &SessionColumns,
        mark: Span<'static>,
        state: &State,
        theme: Theme,
    ) -> Row<'a> {
        let width = |at: usize| columns.widths.get(at).copied().unwrap_or(0);
        let full = columns.full;
        // Past the mark, severity and (when full) score: state, window, alerts, actor, risk.
        let rest = if full { 3 } else { 2 };
        let score = row.score.map(|s| s.to_string()).unwrap_or_default();
        let severity = if full {
            row.severity.label().to_string()
        } else if score.is_empty() {
            short_severity(&row.severity).to_string()
        } else {
            format!("{} {score}", short_severity(&row.severity))
        };
        let mut cells = vec![
            Cell::from(mark),
            Cell::from(Span::styled(
                truncate(or_dash(&severity), width(1)),
                theme.severity(&row.severity),
            )),
        ];
        if full {
            cells.push(Cell::from(format!("{score:>5}")));
        }
        if let Some(problem) = &row.unreadable {
            // The reason takes the rest of the row: it is what the row is about.
            let taken = columns
                .widths
                .iter()
                .take(cells.len())
                .fold(cells.len(), |sum, w| sum.saturating_add(*w));
            cells.push(
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this session: {}", problem.reason),
                        columns.inner.saturating_sub(taken),
                    ),
                    theme.error(),
                ))
                .column_span(5),
            );
            return Row::new(cells);
        }
        let when = if full {
            window(row.begin, row.end)
        } else {
            age(row.end, state.now)
        };
        cells.extend([
            Cell::from(truncate(or_dash(row.state.label()), width(rest))),
            Cell::from(truncate(&when, width(rest.saturating_add(1)))),
            Cell::from(format!("{:>6}", row.alert_count)),
            Cell::from(truncate(or_dash(&row.actor), width(rest.saturating_add(3)))),
            Cell::from(truncate(
                or_dash(&indicator_names(row)),
                width(rest.saturating_add(4)),
            )),
        ]);
        Row::new(cells)
    }
}
