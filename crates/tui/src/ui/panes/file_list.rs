//! Files of the selected alert's observations.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, TableState};

use crate::state::{State, human_size};
use crate::ui::theme::Theme;
use crate::ui::{
    ColumnWant, cell_width, pane_block, pane_message, share_columns, truncate, truncate_middle,
};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let files = state.selected_files();
    let title = Line::from(format!(" Files {} ", files.len()));
    let block = pane_block(title, focused, theme);
    if state.selected_detail().is_none() {
        let text = if state.alerts.list.selected_row().is_some() {
            "Files appear with the details."
        } else {
            "No alert selected."
        };
        pane_message(frame, area, block, text, theme.dim());
        return;
    }
    let files_area = area;
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
        let sizes: Vec<String> = files
            .iter()
            .map(|file| file.size.map(human_size).unwrap_or_else(|| "—".into()))
            .collect();
        let wants = |header: &str, value: &dyn Fn(&crate::state::FileRow) -> usize| {
            files
                .iter()
                .map(|f| value(f))
                .fold(cell_width(header), usize::max)
        };
        let name_wants = wants("Name", &|f| cell_width(f.display_name()));
        let path_wants = wants("Path", &|f| cell_width(f.path.as_deref().unwrap_or("—")));
        let category_wants = wants("Category", &|f| {
            cell_width(f.category.as_deref().unwrap_or("—"))
        });
        let size_wants = sizes.iter().map(|s| cell_width(s)).fold(4, usize::max);
        // In order of importance: the name (whole when it fits), the size (short), the
        // path (cut in the middle, so its end shows: readable at 16 columns, then the
        // others, then the rest of it), the category and the event id with what is free.
        let want = |least: usize, readable: usize, wants: usize| ColumnWant {
            least,
            readable,
            wants,
            takes_rest: false,
        };
        let mut columns = vec![
            want(6, name_wants, name_wants),
            want(size_wants, size_wants, size_wants),
            ColumnWant {
                takes_rest: true,
                ..want(8, 16, path_wants)
            },
            want(0, category_wants, category_wants),
        ];
        if show_event_id {
            let event_wants = wants("Event id", &|f| {
                cell_width(f.event_id.as_deref().unwrap_or("—"))
            });
            // Readable at its least: the rest of an id waits until the path is whole.
            columns.push(want(14, 14, event_wants));
        }
        let shared = |columns: &[ColumnWant]| {
            share_columns(
                width.saturating_sub(columns.len().saturating_sub(1)),
                columns,
            )
        };
        let mut shared_widths = shared(&columns);
        // A category with room for less than a few letters says nothing: its column goes
        // and the path has its room.
        let show_category = shared_widths.get(3).is_some_and(|w| *w >= 5);
        if !show_category {
            columns.remove(3);
            shared_widths = shared(&columns);
            shared_widths.insert(3, 0);
        }
        let column = |index: usize| shared_widths.get(index).copied().unwrap_or(0);
        let (name_width, size_width, path_width, category_width, event_width) =
            (column(0), column(1), column(2), column(3), column(4));
        let height = files_area.height.saturating_sub(3) as usize;
        let start = crate::ui::panes::list::window_start(state.files.selected, height);
        let rows = files
            .iter()
            .zip(sizes)
            .skip(start)
            .take(height)
            .map(|(file, size)| {
                let mut cells = vec![
                    Cell::from(truncate(file.display_name(), name_width)),
                    Cell::from(truncate_middle(
                        file.path.as_deref().unwrap_or("—"),
                        path_width,
                    )),
                ];
                if show_category {
                    cells.push(Cell::from(truncate(
                        file.category.as_deref().unwrap_or("—"),
                        category_width,
                    )));
                }
                cells.push(Cell::from(size));
                if show_event_id {
                    cells.push(Cell::from(truncate(
                        file.event_id.as_deref().unwrap_or("—"),
                        event_width,
                    )));
                }
                Row::new(cells)
            });
        let length = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
        let mut widths = vec![length(name_width), length(path_width)];
        let mut header = vec!["Name", "Path"];
        if show_category {
            widths.push(length(category_width));
            header.push("Category");
        }
        widths.push(length(size_width));
        header.push("Size");
        if show_event_id {
            widths.push(length(event_width));
            header.push("Event id");
        }
        // A header wider than its column is cut like the cells, with an ellipsis.
        let header = header
            .into_iter()
            .zip(&widths)
            .map(|(label, width)| match width {
                Constraint::Length(w) => truncate(label, usize::from(*w)),
                _ => label.to_string(),
            });
        let table = Table::new(rows, widths.clone())
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
}
