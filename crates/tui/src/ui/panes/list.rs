//! The list pane of any view: its title (position, sort, marks, rows gone from the
//! filter), the message of an empty list, and the table of the visible window of rows
//! with its scrollbar. What the columns are is the kind's ([`ListTable`]).

use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Row, Scrollbar, ScrollbarOrientation, ScrollbarState, Table, TableState};

use crate::state::{ListKind, ListRow, Pane, Slot, State};
use crate::ui::theme::Theme;
use crate::ui::{pane_block, pane_message};

/// The columns of a kind's table.
pub trait ListTable: ListKind {
    /// How the columns are laid out at one width.
    type Columns;
    /// What an empty list says when no filter is in force.
    const EMPTY: &'static str;
    /// "created ↓".
    fn sort_label(sort: &Self::Sort) -> String;
    /// The columns for a table in `area` over the loaded rows (so that they stay put
    /// while scrolling).
    fn columns(area: Rect, rows: &[Self::Row]) -> Self::Columns;
    /// The header, the mark's column first.
    fn header(columns: &Self::Columns) -> Vec<&'static str>;
    /// The width of each column, the mark's first.
    fn widths(columns: &Self::Columns) -> Vec<usize>;
    /// The table row of `row`, after its `mark`.
    fn row<'a>(
        row: &'a Self::Row,
        columns: &Self::Columns,
        mark: Span<'static>,
        state: &State,
        theme: Theme,
    ) -> Row<'a>;
    /// Whether the row came with watch mode's last read and has not been seen.
    fn is_new(_row: &Self::Row, _state: &State) -> bool {
        false
    }
    /// What the title says after the marks.
    fn title_extras(_state: &State, _theme: Theme) -> Vec<Span<'static>> {
        Vec::new()
    }
}

/// First visible row so that `selected` stays on screen.
pub fn window_start(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.saturating_sub(1))
}

/// A column of `width` cells.
pub fn length(width: usize) -> Constraint {
    Constraint::Length(u16::try_from(width).unwrap_or(u16::MAX))
}

/// `text`, or a dash when it is empty.
pub fn or_dash(text: &str) -> &str {
    if text.is_empty() { "—" } else { text }
}

fn title<K: ListTable>(state: &State, theme: Theme) -> Line<'static> {
    let list = &K::pane(state).list;
    let position = if list.rows.is_empty() {
        0
    } else {
        list.selected.saturating_add(1)
    };
    let (_, many) = K::VIEW.nouns();
    let mut name: Vec<char> = many.chars().collect();
    if let Some(first) = name.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    let name: String = name.into_iter().collect();
    let mut spans = vec![
        Span::raw(format!(" {name} {position}/{} ", list.total)),
        Span::raw(format!("· sort {} ", K::sort_label(&list.sort))),
    ];
    if !list.marked.is_empty() {
        spans.push(Span::styled(
            format!("· {} marked ", list.marked.len()),
            theme.marked(),
        ));
    }
    spans.extend(K::title_extras(state, theme));
    if !list.departed.is_empty() {
        spans.push(Span::styled(
            format!("· {} left the filter ", list.departed.len()),
            theme.dim(),
        ));
    }
    Line::from(spans)
}

pub fn render<K: ListTable>(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let pane = K::pane(state);
    let list = &pane.list;
    let block = pane_block(title::<K>(state, theme), state.focus == Pane::Alerts, theme);
    if list.rows.is_empty() {
        let many = K::VIEW.nouns().1;
        let (text, style) = if let Some(error) = &list.error {
            (
                format!("Could not load {many}: {}", error.message),
                theme.error(),
            )
        } else if !list.loaded_once || state.is_pending(Slot::List(K::VIEW)) {
            (format!("Loading {many}…"), theme.dim())
        } else if pane.filter.is_empty() {
            (K::EMPTY.to_string(), theme.dim())
        } else {
            (format!("No {many} match this filter."), theme.dim())
        };
        pane_message(frame, area, block, &text, style);
        return;
    }
    let columns = K::columns(area, &list.rows);
    let height = area.height.saturating_sub(3) as usize;
    let start = window_start(list.selected, height);
    let rows = list.rows.iter().skip(start).take(height).map(|row| {
        let is_new = K::is_new(row, state);
        let mark = if list.marked.contains(row.id()) {
            Span::styled("*", theme.marked())
        } else if is_new {
            Span::styled("+", theme.new_alert())
        } else {
            Span::raw(" ")
        };
        let table_row = K::row(row, &columns, mark, state, theme);
        if is_new {
            table_row.style(theme.new_alert())
        } else {
            table_row
        }
    });
    let widths: Vec<Constraint> = K::widths(&columns).into_iter().map(length).collect();
    let table = Table::new(rows, widths)
        .header(Row::new(K::header(&columns)).style(theme.header()))
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
