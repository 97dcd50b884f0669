//! The session table: actor, severity and score, state, time window, alerts and risk
//! indicators; only the visible window of rows is built.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Cell, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, TableState,
};

use super::alert_list::window_start;
use crate::tui::state::{Pane, SessionRow, SeverityView, Slot, State};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{cell_width, pane_block, pane_message, truncate};

/// Inner width from which every column is shown whole (a zoomed or wide list).
const FULL_FROM: usize = 100;

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

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

fn length(width: usize) -> Constraint {
    Constraint::Length(u16::try_from(width).unwrap_or(u16::MAX))
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let list = &state.sessions.list;
    let position = if list.rows.is_empty() {
        0
    } else {
        list.selected.saturating_add(1)
    };
    let arrow = if list.sort.descending { "↓" } else { "↑" };
    let mut title = vec![
        Span::raw(format!(" Sessions {position}/{} ", list.total)),
        Span::raw(format!("· sort {} {arrow} ", list.sort.label())),
    ];
    if !list.marked.is_empty() {
        title.push(Span::styled(
            format!("· {} marked ", list.marked.len()),
            theme.marked(),
        ));
    }
    let block = pane_block(Line::from(title), state.focus == Pane::Alerts, theme);
    if list.rows.is_empty() {
        let (text, style) = if let Some(error) = &list.error {
            (
                format!("Could not load sessions: {}", error.message),
                theme.error(),
            )
        } else if !list.loaded_once || state.is_pending(Slot::Sessions) {
            ("Loading sessions…".to_string(), theme.dim())
        } else if state.sessions.filter_text.trim().is_empty() {
            ("No sessions with alerts.".to_string(), theme.dim())
        } else {
            ("No sessions match this filter.".to_string(), theme.dim())
        };
        pane_message(frame, area, block, &text, style);
        return;
    }
    let inner = usize::from(area.width.saturating_sub(3));
    let full = inner >= FULL_FROM;
    // Fixed columns: mark, severity (with the score when narrow), [score], state,
    // window (how long ago it ended when narrow), alerts.
    let (severity_width, state_width, window_width) = if full { (8, 13, 23) } else { (8, 11, 5) };
    let mut fixed = vec![1, severity_width];
    let mut header = vec!["", "Severity"];
    if full {
        fixed.push(5);
        header.push("Score");
    }
    fixed.extend([state_width, window_width, 6]);
    header.extend([
        "State",
        if full { "Window" } else { "Ended" },
        "Alerts",
        "Actor",
        "Risk indicators",
    ]);
    let gaps = header.len().saturating_sub(1);
    let used = fixed.iter().fold(gaps, |sum, w| sum.saturating_add(*w));
    let flexible = inner.saturating_sub(used);
    // The actor first (whole when it can be), the indicators with the rest.
    let actor_wants = list
        .rows
        .iter()
        .filter(|r| r.unreadable.is_none())
        .map(|r| cell_width(or_dash(&r.actor)))
        .fold(5, usize::max);
    let actor_width =
        actor_wants.min((flexible.saturating_mul(3) / 5).max(flexible.saturating_sub(12)));
    let risk_width = flexible.saturating_sub(actor_width);
    let mut widths: Vec<Constraint> = fixed.iter().map(|w| length(*w)).collect();
    widths.push(length(actor_width));
    widths.push(length(risk_width));
    let height = area.height.saturating_sub(3) as usize;
    let start = window_start(list.selected, height);
    let rows = list.rows.iter().skip(start).take(height).map(|row| {
        let mark = if list.marked.contains(&row.id) {
            Span::styled("*", theme.marked())
        } else {
            Span::raw(" ")
        };
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
                truncate(or_dash(&severity), severity_width),
                theme.severity(&row.severity),
            )),
        ];
        if full {
            cells.push(Cell::from(format!("{score:>5}")));
        }
        if let Some(problem) = &row.unreadable {
            // The reason takes the rest of the row: it is what the row is about.
            let rest = inner.saturating_sub(
                fixed
                    .iter()
                    .take(cells.len())
                    .fold(cells.len(), |sum, w| sum.saturating_add(*w)),
            );
            cells.push(
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this session: {}", problem.reason),
                        rest,
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
            Cell::from(truncate(or_dash(row.state.label()), state_width)),
            Cell::from(truncate(&when, window_width)),
            Cell::from(format!("{:>6}", row.alert_count)),
            Cell::from(truncate(or_dash(&row.actor), actor_width)),
            Cell::from(truncate(or_dash(&indicator_names(row)), risk_width)),
        ]);
        Row::new(cells)
    });
    let table = Table::new(rows, widths)
        .header(Row::new(header).style(theme.header()))
        .block(block)
        .row_highlight_style(theme.selected())
        .highlight_symbol(">")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut table_state =
        TableState::default().with_selected(Some(list.selected.saturating_sub(start)));
    frame.render_stateful_widget(table, area, &mut table_state);
    let mut scrollbar = ScrollbarState::new(list.total.max(list.rows.len() as u64) as usize)
        .position(list.selected)
        .viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None),
        area.inner(Margin {
            vertical: 1,
            horizontal: 0,
        }),
        &mut scrollbar,
    );
}
