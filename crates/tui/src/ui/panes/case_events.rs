//! The file events the selected case holds: when, which file, where it went, how risky,
//! and its directory. Enter on one searches every event of that file in the tenant.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::list::window_start;
use crate::state::{CaseEventRow, ListRow, Slot, State};
use crate::ui::theme::Theme;
use crate::ui::{
    ColumnWant, cell_width, pane_block, pane_message, share_columns, truncate, truncate_middle,
};

const LABELS: [&str; 5] = ["Time", "File", "Exposure", "Risk", "Directory"];

/// The text of each column of one event.
fn cells_of(event: &CaseEventRow) -> [String; 5] {
    let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    [
        event
            .time
            .map(|t| t.format("%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "—".into()),
        or_dash(&event.file_name),
        if event.exposure.is_empty() {
            "—".into()
        } else {
            event.exposure.join(", ")
        },
        or_dash(&event.severity).to_ascii_lowercase(),
        or_dash(&event.path),
    ]
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let pane = &state.case_events;
    let events = state.selected_case_events();
    let title = match events {
        Some(rows) => format!(" Events {} ", rows.len()),
        None => " Events ".to_string(),
    };
    let block = pane_block(Line::from(title), focused, theme);
    let Some(row) = state.cases.list.selected_row() else {
        pane_message(frame, area, block, "No case selected.", theme.dim());
        return;
    };
    let is_current = pane.case_id.as_ref() == Some(&row.id);
    if is_current && let Some(error) = &pane.error {
        let text = format!("Could not load the events: {}", error.message);
        pane_message(frame, area, block, &text, theme.error());
        return;
    }
    let Some(events) = events.filter(|_| !state.is_pending(Slot::CaseEvents) || !is_current) else {
        let text = if row.has_id() {
            "Events appear with the details."
        } else {
            "This case has no number, so its events cannot be fetched."
        };
        pane_message(frame, area, block, text, theme.dim());
        return;
    };
    if events.is_empty() {
        pane_message(
            frame,
            area,
            block,
            "No file events in this case yet: C on an alert or a session adds them.",
            theme.dim(),
        );
        return;
    }
    let texts: Vec<[String; 5]> = events.iter().map(cells_of).collect();
    let wants = |column: usize| {
        texts
            .iter()
            .filter_map(|t| t.get(column))
            .map(|t| cell_width(t))
            .fold(
                cell_width(LABELS.get(column).copied().unwrap_or_default()),
                usize::max,
            )
    };
    let width = usize::from(area.width.saturating_sub(2));
    let columns = [
        ColumnWant {
            least: 11,
            readable: 11,
            wants: 11,
            takes_rest: false,
        },
        ColumnWant {
            least: 8,
            readable: 24,
            wants: wants(1),
            takes_rest: false,
        },
        ColumnWant {
            least: 0,
            readable: 14,
            wants: wants(2),
            takes_rest: false,
        },
        ColumnWant {
            least: 0,
            readable: 8,
            wants: wants(3),
            takes_rest: false,
        },
        ColumnWant {
            least: 0,
            readable: 12,
            wants: wants(4),
            takes_rest: true,
        },
    ];
    let shared = share_columns(
        width.saturating_sub(LABELS.len().saturating_sub(1)),
        &columns,
    );
    let width_of = |column: usize| shared.get(column).copied().unwrap_or(0);
    let height = usize::from(area.height.saturating_sub(3));
    let start = window_start(pane.selected, height);
    let rows = events
        .iter()
        .zip(&texts)
        .skip(start)
        .take(height)
        .map(|(event, text)| {
            let time = text.first().cloned().unwrap_or_default();
            if let Some(reason) = &event.unreadable {
                let rest = width.saturating_sub(width_of(0)).saturating_sub(1);
                return Row::new(vec![
                    Cell::from(time),
                    Cell::from(Span::styled(
                        truncate(&format!("could not read this event: {reason}"), rest),
                        theme.error(),
                    ))
                    .column_span(4),
                ]);
            }
            let cells = text.iter().enumerate().map(|(column, value)| {
                let w = width_of(column);
                if column == 4 {
                    Cell::from(truncate_middle(value, w))
                } else {
                    Cell::from(truncate(value, w))
                }
            });
            Row::new(cells.collect::<Vec<_>>())
        });
    let widths: Vec<Constraint> = shared
        .iter()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    let header = LABELS
        .iter()
        .enumerate()
        .map(|(column, label)| truncate(label, width_of(column)));
    let table = Table::new(rows, widths)
        .header(Row::new(header.collect::<Vec<_>>()).style(theme.header()))
        .block(block)
        .row_highlight_style(theme.selected());
    let selected = focused.then_some(pane.selected.saturating_sub(start));
    frame.render_stateful_widget(
        table,
        area,
        &mut TableState::default().with_selected(selected),
    );
}
