//! The top line: the filter being typed (with the bad token marked) or the one in force.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::State;
use crate::ui::theme::Theme;

const PROMPT: &str = "/ ";

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let filter = &state.filter;
    if !filter.editing {
        let mut spans = vec![Span::styled(" triage42 ", theme.header())];
        if state.read_only {
            spans.push(Span::styled("[read-only] ", theme.marked()));
        }
        if filter.applied_text.trim().is_empty() {
            spans.push(Span::styled(
                "filter: none (press / to filter)",
                theme.dim(),
            ));
        } else {
            spans.push(Span::raw(format!("filter: {}", filter.applied_text)));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let text = filter.input.value();
    let width = area.width.saturating_sub(PROMPT.len() as u16 + 1) as usize;
    let scroll = filter.input.visual_scroll(width);
    let mut spans = vec![Span::styled(PROMPT, theme.header())];
    match &filter.error {
        Some(error) if error.span.end <= text.len() => {
            spans.push(Span::raw(text[..error.span.start].to_string()));
            spans.push(Span::styled(
                text[error.span.clone()].to_string(),
                theme
                    .error()
                    .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
            ));
            spans.push(Span::raw(text[error.span.end..].to_string()));
        }
        _ => spans.push(Span::raw(text.to_string())),
    }
    let line = Line::from(spans);
    frame.render_widget(
        Paragraph::new(line).scroll((0, scroll as u16)),
        Rect { height: 1, ..area },
    );
    if let Some(error) = &filter.error
        && area.height > 1
    {
        let column = PROMPT.len() + text[..error.span.start.min(text.len())].chars().count();
        let message = format!(
            "{}^ {}",
            " ".repeat(column.saturating_sub(scroll)),
            error.message
        );
        frame.render_widget(
            Paragraph::new(Span::styled(message, theme.error())),
            Rect {
                y: area.y + 1,
                height: 1,
                ..area
            },
        );
    }
    let cursor = (filter.input.visual_cursor().saturating_sub(scroll) + PROMPT.len()) as u16;
    frame.set_cursor_position((area.x + cursor.min(area.width.saturating_sub(1)), area.y));
}
