//! Files of the selected alert's observations, and tenant-wide events of one file.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use crate::tui::state::Slot;
use crate::tui::state::{State, human_size};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{pane_block, pane_message, truncate};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let files = state.selected_files();
    let title = Line::from(format!(" Files {} ", files.len()));
    let block = pane_block(title, focused, theme);
    if state.selected_detail().is_none() {
        let text = if state.alerts.selected_row().is_some() {
            "Files appear with the details."
        } else {
            "No alert selected."
        };
        pane_message(frame, area, block, text, theme.dim());
        return;
    }
    let (files_area, events_area) =
        if state.files.events_for.is_some() || state.is_pending(Slot::FileEvents) {
            let [a, b] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area);
            (a, Some(b))
        } else {
            (area, None)
        };
    if files.is_empty() {
        pane_message(
            frame,
            files_area,
            block,
            "This alert lists no files.",
            theme.dim(),
        );
    } else {
        let width = files_area.width.saturating_sub(2) as usize;
        let show_event_id = width >= 70;
        let fixed = if show_event_id {
            11 + 9 + 14 + 4
        } else {
            11 + 9 + 4
        };
        let flexible = width.saturating_sub(fixed);
        let name_width = (flexible.saturating_mul(2) / 5).max(6);
        let path_width = flexible.saturating_sub(name_width).max(6);
        let height = files_area.height.saturating_sub(3) as usize;
        let start = crate::tui::ui::panes::alert_list::window_start(state.files.selected, height);
        let rows = files.iter().skip(start).take(height).map(|file| {
            let mut cells = vec![
                Cell::from(truncate(file.display_name(), name_width)),
                Cell::from(truncate(file.path.as_deref().unwrap_or("—"), path_width)),
                Cell::from(truncate(file.category.as_deref().unwrap_or("—"), 11)),
                Cell::from(file.size.map(human_size).unwrap_or_else(|| "—".into())),
            ];
            if show_event_id {
                cells.push(Cell::from(truncate(
                    file.event_id.as_deref().unwrap_or("—"),
                    14,
                )));
            }
            Row::new(cells)
        });
        let mut widths = vec![
            Constraint::Length(name_width as u16),
            Constraint::Length(path_width as u16),
            Constraint::Length(11),
            Constraint::Length(9),
        ];
        let mut header = vec!["Name", "Path", "Category", "Size"];
        if show_event_id {
            widths.push(Constraint::Length(14));
            header.push("Event id");
        }
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(theme.header()))
            .block(block)
            .row_highlight_style(theme.selected());
        let selected = focused.then_some(state.files.selected.saturating_sub(start));
        frame.render_stateful_widget(
            table,
            files_area,
            &mut TableState::default().with_selected(selected),
        );
    }
    if let Some(events_area) = events_area {
        render_events(frame, events_area, state, theme);
    }
}

fn render_events(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let name = state
        .files
        .events_for
        .as_ref()
        .map(|f| f.display_name().to_string())
        .unwrap_or_default();
    let title = format!(
        " Events of {} · {} ",
        truncate(&name, 30),
        state.files.events_total
    );
    let block = pane_block(Line::from(title), false, theme);
    if state.is_pending(Slot::FileEvents) {
        pane_message(frame, area, block, "Searching file events…", theme.dim());
        return;
    }
    if let Some(error) = &state.files.events_error {
        pane_message(
            frame,
            area,
            block,
            &format!("Search failed: {}", error.message),
            theme.error(),
        );
        return;
    }
    if state.files.events.is_empty() {
        pane_message(
            frame,
            area,
            block,
            "No events found for this file.",
            theme.dim(),
        );
        return;
    }
    let height = area.height.saturating_sub(3) as usize;
    // Each flexible column gets a third of what the time column leaves.
    let column = usize::from(area.width.saturating_sub(2 + 16 + 3)) / 3;
    let text = |value: &Option<String>| truncate(value.as_deref().unwrap_or("—"), column);
    let rows = state.files.events.iter().take(height).map(|event| {
        if let Some(reason) = &event.unreadable {
            return Row::new(vec![
                Cell::from(truncate(
                    if event.event_id.is_empty() {
                        "—"
                    } else {
                        &event.event_id
                    },
                    column,
                )),
                Cell::from("—"),
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this event: {reason}"),
                        column.saturating_mul(2),
                    ),
                    theme.error(),
                ))
                .column_span(2),
            ]);
        }
        Row::new(vec![
            Cell::from(text(&event.user)),
            Cell::from(
                event
                    .time
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "—".into()),
            ),
            Cell::from(text(&event.action)),
            Cell::from(text(&event.destination)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Fill(2),
            Constraint::Length(16),
            Constraint::Fill(2),
            Constraint::Fill(2),
        ],
    )
    .header(Row::new(vec!["User", "Time", "Action", "Destination"]).style(theme.header()))
    .block(block);
    frame.render_widget(table, area);
}
