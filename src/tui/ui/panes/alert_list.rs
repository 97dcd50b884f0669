//! The alert table: only the visible window of rows is built.

use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Cell, Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, TableState,
};

use crate::tui::state::Slot;
use crate::tui::state::{Pane, State};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{cell_width, pane_block, pane_message, share_pair, truncate};

fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

/// First visible row so that `selected` stays on screen.
pub fn window_start(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let list = &state.alerts;
    let sort = format!(
        "{} {}",
        list.sort.column.label(),
        if list.sort.descending { "↓" } else { "↑" }
    );
    let position = if list.rows.is_empty() {
        0
    } else {
        list.selected.saturating_add(1)
    };
    let mut title = vec![
        Span::raw(format!(" Alerts {position}/{} ", list.total)),
        Span::raw(format!("· sort {sort} ")),
    ];
    if !list.marked.is_empty() {
        title.push(Span::styled(
            format!("· {} marked ", list.marked.len()),
            theme.marked(),
        ));
    }
    if !state.watch.new_ids.is_empty() {
        title.push(Span::styled(
            format!("· {} new ", state.watch.new_ids.len()),
            theme.new_alert(),
        ));
    }
    let block = pane_block(Line::from(title), state.focus == Pane::Alerts, theme);
    if list.rows.is_empty() {
        let (text, style) = if let Some(error) = &list.error {
            (
                format!("Could not load alerts: {}", error.message),
                theme.error(),
            )
        } else if !list.loaded_once || state.is_pending(Slot::Alerts) {
            ("Loading alerts…".to_string(), theme.dim())
        } else if state.filter.applied.is_empty() {
            ("No alerts.".to_string(), theme.dim())
        } else {
            ("No alerts match this filter.".to_string(), theme.dim())
        };
        pane_message(frame, area, block, &text, style);
        return;
    }
    let inner_width = area.width.saturating_sub(4) as usize;
    let show_id = inner_width >= 90;
    let show_created = inner_width >= 60;
    // Below 90 columns the time of day gives its room to the rule name.
    let (created_format, created_width) = if inner_width >= 90 {
        ("%Y-%m-%d %H:%M", 16)
    } else {
        ("%Y-%m-%d", 10)
    };
    let height = area.height.saturating_sub(3) as usize;
    let start = window_start(list.selected, height);
    let visible = list.rows.iter().skip(start).take(height);
    let mut fixed_widths: Vec<usize> = vec![1, 8, 11];
    let mut header = vec!["", "Severity", "State"];
    if show_created {
        fixed_widths.push(created_width);
        header.push("Created");
    }
    header.push("Rule");
    header.push("Actor");
    if show_id {
        header.push("Id");
    }
    // The rule and the actor share what the other columns, the spaces between columns,
    // the borders and the selection mark leave: each whole when both fit, over the
    // loaded rows so that the columns stay put while scrolling.
    let fixed = fixed_widths
        .iter()
        .chain(show_id.then_some(&12))
        .fold(header.len().saturating_sub(1), |sum, w| {
            sum.saturating_add(*w)
        });
    let flexible = usize::from(area.width.saturating_sub(3)).saturating_sub(fixed);
    let readable = list.rows.iter().filter(|r| r.unreadable.is_none());
    let (rule_wants, actor_wants) = readable.fold((4, 5), |(rule, actor), row| {
        (
            rule.max(cell_width(or_dash(&row.rule_name))),
            actor.max(cell_width(or_dash(&row.actor))),
        )
    });
    let (rule_width, actor_width) = share_pair(flexible, rule_wants, actor_wants);
    let mut widths: Vec<Constraint> = fixed_widths
        .iter()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    widths.push(Constraint::Length(
        u16::try_from(rule_width).unwrap_or(u16::MAX),
    ));
    widths.push(Constraint::Length(
        u16::try_from(actor_width).unwrap_or(u16::MAX),
    ));
    if show_id {
        widths.push(Constraint::Length(12));
    }
    let rows = visible.map(|row| {
        let is_new = state.watch.new_ids.contains(&row.id);
        let mark = if list.marked.contains(&row.id) {
            Span::styled("*", theme.marked())
        } else if is_new {
            Span::styled("+", theme.new_alert())
        } else {
            Span::raw(" ")
        };
        let mut cells = vec![
            Cell::from(mark),
            Cell::from(Span::styled(
                truncate(or_dash(row.severity.label()), 8),
                theme.severity(&row.severity),
            )),
            Cell::from(truncate(or_dash(row.state.label()), 11)),
        ];
        if show_created {
            let created = row
                .created
                .map(|at| at.format(created_format).to_string())
                .unwrap_or_else(|| "—".into());
            cells.push(Cell::from(created));
        }
        match &row.unreadable {
            // The reason takes the rule and actor columns: it is what the row is about.
            Some(problem) => cells.push(
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this alert: {}", problem.reason),
                        rule_width.saturating_add(actor_width).saturating_add(1),
                    ),
                    theme.error(),
                ))
                .column_span(2),
            ),
            None => {
                cells.push(Cell::from(truncate(or_dash(&row.rule_name), rule_width)));
                cells.push(Cell::from(truncate(or_dash(&row.actor), actor_width)));
            }
        }
        if show_id {
            cells.push(Cell::from(truncate(or_dash(&row.id), 12)));
        }
        let row = Row::new(cells);
        if is_new {
            row.style(theme.new_alert())
        } else {
            row
        }
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
