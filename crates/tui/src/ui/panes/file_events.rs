//! The events of one file across the tenant ("who else has this file"), below the
//! files of an alert or the file events of a session: focusable, scrolled to the
//! selected row; `Enter` opens the selected event.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::list::window_start;
use crate::state::{Slot, State};
use crate::ui::theme::Theme;
use crate::ui::{ColumnWant, cell_width, pane_block, pane_message, share_columns, truncate};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let name = state
        .files
        .events_for
        .as_ref()
        .map(|f| f.display_name().to_string())
        .unwrap_or_default();
    let shown_count = state.files.events.len();
    let position = if shown_count > 0 {
        format!(
            "{}/{}",
            state.files.events_selected.saturating_add(1),
            shown_count
        )
    } else {
        "0".to_string()
    };
    // The tenant may hold more than the search returned.
    let of_total = if state.files.events_total > shown_count as u64 {
        format!(" of {}", state.files.events_total)
    } else {
        String::new()
    };
    let title = format!(" Events of {} · {position}{of_total} ", truncate(&name, 30));
    let block = pane_block(Line::from(title), focused, theme);
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
        pane_message(frame, area, block, "No events found.", theme.dim());
        return;
    }
    let height = area.height.saturating_sub(3) as usize;
    let start = window_start(state.files.events_selected, height);
    let shown = || state.files.events.iter().skip(start).take(height);
    let wants = |header: &str, value: &dyn Fn(&crate::state::FileEventRow) -> usize| {
        shown().map(value).fold(cell_width(header), usize::max)
    };
    let text_of = |value: &Option<String>| cell_width(value.as_deref().unwrap_or("—"));
    let user_wants = wants("User", &|e| text_of(&e.user));
    let action_wants = wants("Action", &|e| text_of(&e.action));
    let destination_wants = wants("Destination", &|e| text_of(&e.destination));
    // Who comes first, then what they did (short), then where it went, which takes
    // what is left: each from what the shown events hold, not a third each.
    let widths = share_columns(
        // The borders, the time column and the spaces between the four columns.
        usize::from(area.width).saturating_sub(2 + 16 + 3),
        &[
            ColumnWant {
                least: 8,
                readable: user_wants.min(24),
                wants: user_wants,
                takes_rest: false,
            },
            ColumnWant {
                least: 6,
                readable: action_wants,
                wants: action_wants,
                takes_rest: false,
            },
            ColumnWant {
                least: 8,
                readable: 16,
                wants: destination_wants,
                takes_rest: true,
            },
        ],
    );
    let width_of = |index: usize| widths.get(index).copied().unwrap_or(0);
    let (user_width, action_width, destination_width) = (width_of(0), width_of(1), width_of(2));
    let text =
        |value: &Option<String>, width: usize| truncate(value.as_deref().unwrap_or("—"), width);
    let rows = shown().map(|event| {
        if let Some(reason) = &event.unreadable {
            return Row::new(vec![
                Cell::from(truncate(
                    if event.event_id.is_empty() {
                        "—"
                    } else {
                        &event.event_id
                    },
                    user_width,
                )),
                Cell::from("—"),
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this event: {reason}"),
                        action_width
                            .saturating_add(destination_width)
                            .saturating_add(1),
                    ),
                    theme.error(),
                ))
                .column_span(2),
            ]);
        }
        Row::new(vec![
            Cell::from(text(&event.user, user_width)),
            Cell::from(
                event
                    .time
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|| "—".into()),
            ),
            Cell::from(text(&event.action, action_width)),
            Cell::from(text(&event.destination, destination_width)),
        ])
    });
    let length = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let table = Table::new(
        rows,
        [
            length(user_width),
            Constraint::Length(16),
            length(action_width),
            length(destination_width),
        ],
    )
    .header(Row::new(vec!["User", "Time", "Action", "Destination"]).style(theme.header()))
    .block(block)
    .row_highlight_style(theme.selected());
    let selected = focused.then_some(state.files.events_selected.saturating_sub(start));
    frame.render_stateful_widget(
        table,
        area,
        &mut TableState::default().with_selected(selected),
    );
}
