//! The file events of the selected session (what a case made from it would hold).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::list::window_start;
use crate::state::ListRow;
use crate::state::{Slot, State, human_size};
use crate::ui::theme::Theme;
use crate::ui::{
    ColumnWant, cell_width, pane_block, pane_message, share_columns, truncate, truncate_middle,
};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let sessions = &state.sessions;
    let pane = &state.session_events;
    let events = state.selected_session_events();
    let title = match events {
        Some(rows) => format!(" Events {} ", pane.total.max(rows.len() as u64)),
        None => " Events ".to_string(),
    };
    let block = pane_block(Line::from(title), focused, theme);
    let Some(row) = sessions.list.selected_row() else {
        pane_message(frame, area, block, "No session selected.", theme.dim());
        return;
    };
    let is_current = pane.session_id.as_ref() == Some(&row.id);
    if is_current && let Some(error) = &pane.error {
        let text = format!("Could not load the events: {}", error.message);
        pane_message(frame, area, block, &text, theme.error());
        return;
    }
    let Some(events) = events.filter(|_| !state.is_pending(Slot::SessionEvents) || !is_current)
    else {
        let text = if row.has_id() {
            "Events appear with the details."
        } else {
            "This session has no id, so its events cannot be fetched."
        };
        pane_message(frame, area, block, text, theme.dim());
        return;
    };
    if events.is_empty() {
        pane_message(
            frame,
            area,
            block,
            "No file events in this session.",
            theme.dim(),
        );
        return;
    }
    let width = usize::from(area.width.saturating_sub(2));
    let times: Vec<String> = events
        .iter()
        .map(|e| {
            e.time
                .map(|t| t.format("%m-%d %H:%M").to_string())
                .unwrap_or_else(|| "—".into())
        })
        .collect();
    let sizes: Vec<String> = events
        .iter()
        .map(|e| e.size.map(human_size).unwrap_or_else(|| "—".into()))
        .collect();
    let wants = |header: &str, value: &dyn Fn(usize) -> usize| {
        (0..events.len())
            .map(value)
            .fold(cell_width(header), usize::max)
    };
    let text_of = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
    let get = |i: usize| events.get(i);
    let name_wants = wants("File", &|i| {
        get(i).map_or(0, |e| cell_width(&text_of(&e.file_name)))
    });
    let action_wants = wants("Action", &|i| {
        get(i).map_or(0, |e| cell_width(&text_of(&e.action)))
    });
    let destination_wants = wants("Destination", &|i| {
        get(i).map_or(0, |e| cell_width(&text_of(&e.destination)))
    });
    let directory_wants = wants("Directory", &|i| {
        get(i).map_or(0, |e| cell_width(&text_of(&e.directory)))
    });
    let size_wants = sizes.iter().map(|s| cell_width(s)).fold(4, usize::max);
    let want = |least: usize, readable: usize, wants: usize| ColumnWant {
        least,
        readable,
        wants,
        takes_rest: false,
    };
    // In order of importance: when, the file, where it went, what was done, its size,
    // then its directory (cut in the middle) with what is left.
    let all = [
        want(11, 11, 11),
        want(8, name_wants.min(30), name_wants),
        want(6, destination_wants.min(16), destination_wants),
        want(0, action_wants.min(18), action_wants),
        want(0, size_wants, size_wants),
        ColumnWant {
            takes_rest: true,
            ..want(0, 12, directory_wants)
        },
    ];
    // A column with room for less than a few letters says nothing: the least important
    // such column goes (and its room with the space before it), until all that are left
    // can be read.
    let mut shown: Vec<usize> = (0..all.len()).collect();
    let shared = loop {
        let columns: Vec<ColumnWant> = shown.iter().filter_map(|i| all.get(*i).copied()).collect();
        let mut shared = share_columns(
            width.saturating_sub(columns.len().saturating_sub(1)),
            &columns,
        );
        let narrow = shown
            .iter()
            .zip(&shared)
            .rposition(|(index, w)| *index >= 3 && *w < 4);
        match narrow {
            Some(position) => {
                shown.remove(position);
            }
            None => {
                // With no directory to take what is left, the file and its destination do.
                if !shown.contains(&5) {
                    let used = shared
                        .iter()
                        .fold(shown.len().saturating_sub(1), |a, w| a.saturating_add(*w));
                    let mut spare = width.saturating_sub(used);
                    for (position, wants) in [(2, destination_wants), (1, name_wants)] {
                        if let Some(w) = shared.get_mut(position) {
                            let more = wants.saturating_sub(*w).min(spare);
                            *w = w.saturating_add(more);
                            spare = spare.saturating_sub(more);
                        }
                    }
                }
                break shared;
            }
        }
    };
    let column = |index: usize| {
        shown
            .iter()
            .position(|i| *i == index)
            .and_then(|p| shared.get(p).copied())
    };
    let width_of = |index: usize| column(index).unwrap_or(0);
    let height = usize::from(area.height.saturating_sub(3));
    let start = window_start(pane.selected, height);
    let rows = events
        .iter()
        .enumerate()
        .skip(start)
        .take(height)
        .map(|(index, event)| {
            let time = times.get(index).cloned().unwrap_or_default();
            if let Some(reason) = &event.unreadable {
                let rest = width.saturating_sub(width_of(0)).saturating_sub(1);
                return Row::new(vec![
                    Cell::from(time),
                    Cell::from(Span::styled(
                        truncate(&format!("could not read this event: {reason}"), rest),
                        theme.error(),
                    ))
                    .column_span(u16::try_from(shown.len().saturating_sub(1).max(1)).unwrap_or(1)),
                ]);
            }
            let cells = shown.iter().map(|i| {
                let w = width_of(*i);
                match i {
                    0 => Cell::from(time.clone()),
                    1 => Cell::from(truncate(&text_of(&event.file_name), w)),
                    2 => Cell::from(truncate(&text_of(&event.destination), w)),
                    3 => Cell::from(truncate(&text_of(&event.action), w)),
                    4 => Cell::from(truncate(&sizes.get(index).cloned().unwrap_or_default(), w)),
                    _ => Cell::from(truncate_middle(&text_of(&event.directory), w)),
                }
            });
            Row::new(cells.collect::<Vec<_>>())
        });
    let length = |w: usize| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX));
    let widths: Vec<Constraint> = shared.iter().map(|w| length(*w)).collect();
    let labels = ["Time", "File", "Destination", "Action", "Size", "Directory"];
    let header = shown
        .iter()
        .map(|i| truncate(labels.get(*i).copied().unwrap_or_default(), width_of(*i)));
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
