//! Rendering: a pure function of `&State`.

pub mod panes;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs};

use crate::tui::layout::WIDE_LAYOUT_MIN_WIDTH;
use crate::tui::state::{Pane, State};
use theme::Theme;

pub fn draw(frame: &mut Frame, state: &State) {
    let theme = Theme { color: state.color };
    let area = frame.area();
    let filter_height = if state.filter.editing && state.filter.error.is_some() {
        2
    } else {
        1
    };
    let [top, body, status] = Layout::vertical([
        Constraint::Length(filter_height),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    widgets::filter::render(frame, top, state, theme);
    if area.width >= WIDE_LAYOUT_MIN_WIDTH {
        let [list, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(body);
        let [detail, files] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(right);
        panes::alert_list::render(frame, list, state, theme);
        panes::detail::render(frame, detail, state, theme, state.focus == Pane::Detail);
        panes::file_list::render(frame, files, state, theme, state.focus == Pane::Files);
    } else {
        let [list, tabs, lower] = Layout::vertical([
            Constraint::Percentage(45),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        panes::alert_list::render(frame, list, state, theme);
        let showing_files = state.focus == Pane::Files;
        let tab_bar = Tabs::new(vec!["Detail", "Files"])
            .select(usize::from(showing_files))
            .highlight_style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
            .divider("|");
        frame.render_widget(tab_bar, tabs);
        if showing_files {
            panes::file_list::render(frame, lower, state, theme, true);
        } else {
            panes::detail::render(frame, lower, state, theme, state.focus == Pane::Detail);
        }
    }
    widgets::status::render(frame, status, state, theme);
    widgets::overlays::render(frame, area, state, theme);
    scrub(frame.buffer_mut());
}

/// A bordered block whose border is bold when focused.
pub fn pane_block(title: Line<'static>, focused: bool, theme: Theme) -> Block<'static> {
    let block = Block::new().borders(Borders::ALL).title(title);
    if focused {
        block.border_style(theme.focused_border())
    } else {
        block
    }
}

/// A centred message inside a pane (loading, empty, error).
pub fn pane_message(
    frame: &mut Frame,
    area: Rect,
    block: Block<'static>,
    text: &str,
    style: Style,
) {
    let paragraph = Paragraph::new(Line::from(Span::styled(safe(text), style)))
        .block(block)
        .wrap(ratatui::widgets::Wrap { trim: true });
    frame.render_widget(paragraph, area);
}

/// Server text for a one-line cell: sanitised (see [`crate::sanitize`]) and shortened to
/// `width` columns with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    crate::sanitize::cell(text, width)
}

/// Server text for a line that wraps: sanitised, whole.
pub fn safe(text: &str) -> String {
    crate::sanitize::one_line(text).into_owned()
}

/// Defence in depth: a character that must not reach the terminal and still made it
/// into the frame (a string that missed [`safe`]) is drawn as `�` instead.
pub fn scrub(buffer: &mut ratatui::buffer::Buffer) {
    for cell in buffer.content.iter_mut() {
        if cell.symbol().chars().any(crate::sanitize::is_unsafe) {
            cell.set_symbol("\u{FFFD}");
        }
    }
}
