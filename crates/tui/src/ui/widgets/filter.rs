//! The top line: the filter being typed (with the bad token marked) or the one in force,
//! after the breadcrumbs of the pivots that led here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::state::{State, View};
use crate::ui::theme::Theme;

const PROMPT: &str = "/ ";

/// The places the pivots came from, oldest first, each ending in ` › `, in at most
/// `room` columns: the oldest give way to `… › ` first.
fn breadcrumbs(state: &State, room: usize) -> String {
    let crumbs: Vec<String> = state
        .trail
        .iter()
        .map(|place| format!("{} › ", crate::ui::truncate(&place.label(), 30)))
        .collect();
    let mut used = 0_usize;
    let mut kept: Vec<&String> = Vec::new();
    for crumb in crumbs.iter().rev() {
        let width = crate::ui::cell_width(crumb);
        if used.saturating_add(width).saturating_add(4) > room && !kept.is_empty() {
            kept.push(&ELLIPSIS);
            break;
        }
        used = used.saturating_add(width);
        kept.push(crumb);
    }
    kept.into_iter().rev().map(String::as_str).collect()
}

static ELLIPSIS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| "… › ".to_string());

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let filter = &state.filter;
    if !filter.editing {
        let mut spans = vec![Span::styled(" triage42 ", theme.header())];
        if !state.trail.is_empty() {
            let room = usize::from(area.width).saturating_mul(3) / 5;
            spans.push(Span::styled(breadcrumbs(state, room), theme.dim()));
        }
        if let Some(card) = &state.card {
            spans.push(Span::raw(format!(
                "actor {}",
                crate::ui::truncate(card.label(), 40)
            )));
            frame.render_widget(Paragraph::new(Line::from(spans)), area);
            return;
        }
        if state.view != View::Alerts {
            spans.push(Span::styled(
                format!("{} ", state.view.name()),
                theme.marked(),
            ));
        }
        if state.read_only {
            spans.push(Span::styled("[read-only] ", theme.marked()));
        }
        if let Some(name) = &state.active_view {
            spans.push(Span::styled(
                format!("view {} · ", crate::ui::truncate(name, 24)),
                theme.label(),
            ));
        }
        let applied = match state.view {
            View::Alerts => &state.alerts.filter.text,
            View::Sessions => &state.sessions.filter.text,
            View::Cases => &state.cases.filter.text,
        };
        if applied.trim().is_empty() {
            spans.push(Span::styled(
                "filter: none (press / to filter)",
                theme.dim(),
            ));
        } else {
            // What is left of the line after the labels; a longer filter ends in `…`.
            let used: usize = spans.iter().map(Span::width).sum();
            let room = usize::from(area.width)
                .saturating_sub(used)
                .saturating_sub("filter: ".len());
            spans.push(Span::raw(format!(
                "filter: {}",
                crate::ui::truncate(applied, room)
            )));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    let text = filter.input.value();
    let prompt_width = u16::try_from(PROMPT.len()).unwrap_or(u16::MAX);
    let width = usize::from(area.width.saturating_sub(prompt_width.saturating_add(1)));
    let scroll = filter.input.visual_scroll(width);
    let mut spans = vec![Span::styled(PROMPT, theme.header())];
    // The span comes from parsing; if it no longer fits the text (or cuts a
    // character), the text is shown unmarked rather than sliced.
    let marked = filter.error.as_ref().and_then(|error| {
        let span = error.span.clone();
        Some((
            text.get(..span.start)?,
            text.get(span.clone())?,
            text.get(span.end..)?,
        ))
    });
    match marked {
        Some((before, bad, after)) => {
            spans.push(Span::raw(before.to_string()));
            spans.push(Span::styled(
                bad.to_string(),
                theme
                    .error()
                    .add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
            ));
            spans.push(Span::raw(after.to_string()));
        }
        None => spans.push(Span::raw(text.to_string())),
    }
    let line = Line::from(spans);
    frame.render_widget(
        Paragraph::new(line).scroll((0, u16::try_from(scroll).unwrap_or(u16::MAX))),
        Rect { height: 1, ..area },
    );
    if let Some(error) = &filter.error
        && area.height > 1
    {
        // Characters before the span's start, whatever the span.
        let before = text
            .char_indices()
            .take_while(|(i, _)| *i < error.span.start)
            .count();
        let column = PROMPT.len().saturating_add(before);
        let message = format!(
            "{}^ {}",
            " ".repeat(column.saturating_sub(scroll)),
            error.message
        );
        frame.render_widget(
            Paragraph::new(Span::styled(message, theme.error())),
            Rect {
                y: area.y.saturating_add(1),
                height: 1,
                ..area
            },
        );
    }
    let cursor = filter
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
