//! The top line while a command is typed (`:`): the line, and under it what is wrong
//! with it or the names `Tab` could complete it to.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate};

const PROMPT: &str = ":";

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let Some(line) = &state.command else {
        return;
    };
    let prompt_width = u16::try_from(PROMPT.len()).unwrap_or(u16::MAX);
    let width = usize::from(area.width.saturating_sub(prompt_width.saturating_add(1)));
    let scroll = line.input.visual_scroll(width);
    let text = Line::from(vec![
        Span::styled(PROMPT, theme.header()),
        Span::raw(safe(line.input.value())),
    ]);
    frame.render_widget(
        Paragraph::new(text).scroll((0, u16::try_from(scroll).unwrap_or(u16::MAX))),
        Rect { height: 1, ..area },
    );
    if area.height > 1 {
        let below = Rect {
            y: area.y.saturating_add(1),
            height: 1,
            ..area
        };
        let room = usize::from(area.width);
        if let Some(error) = &line.error {
            frame.render_widget(
                Paragraph::new(Span::styled(truncate(error, room), theme.error())),
                below,
            );
        } else if !line.choices.is_empty() {
            let choices = line
                .choices
                .iter()
                .map(|c| safe(c))
                .collect::<Vec<_>>()
                .join("  ");
            frame.render_widget(
                Paragraph::new(Span::styled(truncate(&choices, room), theme.dim())),
                below,
            );
        }
    }
    let cursor = line
        .input
        .visual_cursor()
        .saturating_sub(scroll)
        .saturating_add(PROMPT.len());
    let cursor = u16::try_from(cursor).unwrap_or(u16::MAX);
    frame.set_cursor_position((
        area.x
            .saturating_add(cursor.min(area.width.saturating_sub(1))),
        area.y,
    ));
}
