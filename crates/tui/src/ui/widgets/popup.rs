//! A bordered pop-up over the panes: where it goes, its frame, and the cursor in it.
//! What every pop-up (questions, editors, pickers, prompts) is drawn with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::ui::theme::Theme;

/// A `width` x `height` rectangle in the middle of `area` (cut to it).
pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x.saturating_add(area.width.saturating_sub(width) / 2),
        y: area
            .y
            .saturating_add(area.height.saturating_sub(height) / 2),
        width,
        height,
    }
}

/// Puts the cursor `column` cells into the text row `row` of a bordered pop-up, kept
/// inside it however long the text is.
pub(super) fn place_cursor(frame: &mut Frame, rect: Rect, column: usize, row: usize) {
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let column = u16::try_from(column.min(inner_width.saturating_sub(1))).unwrap_or(0);
    let row = u16::try_from(row.min(inner_height.saturating_sub(1))).unwrap_or(0);
    frame.set_cursor_position((
        rect.x.saturating_add(1).saturating_add(column),
        rect.y.saturating_add(1).saturating_add(row),
    ));
}

pub(super) fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line<'static>>,
    theme: Theme,
) {
    frame.render_widget(Clear, area);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(theme.focused_border());
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}
