//! The watchlist picker: the watchlists to add the actor to or remove them from, or,
//! browsing, the tenant's watchlists and the members of the one opened.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::popup::{centered, popup};
use crate::action::{Action, Layer};
use crate::state::{Part, State, WatchlistPicker, WatchlistPurpose};
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate};

/// The chosen row is marked without colour too.
fn marker(chosen: bool) -> &'static str {
    if chosen { "▶ " } else { "  " }
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    picker: &WatchlistPicker,
    theme: Theme,
) {
    // As tall as what it lists (a title, a message and the hint around the rows).
    let listed = match &picker.members {
        Some(members) => members.rows.ready().map_or(1, Vec::len),
        None => picker.rows.as_ref().map_or(1, Vec::len),
    };
    let height = u16::try_from(listed.max(1).saturating_add(4))
        .unwrap_or(u16::MAX)
        .min(18);
    let rect = centered(area, 72, height);
    let inner_width = usize::from(rect.width.saturating_sub(2));
    // Borders, the hint and a line for a message.
    let visible = usize::from(rect.height.saturating_sub(4)).max(1);
    let keys = &state.keymap;
    let key = |action| keys.key_hint(Layer::Watchlists, action);
    let row_style = |chosen: bool| {
        if chosen {
            theme.selected()
        } else {
            Style::new()
        }
    };
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(members) = &picker.members {
        let title = format!("On {}", truncate(&members.watchlist.title, 50));
        match &members.rows {
            Part::Loading => lines.push(Line::from(Span::styled("Reading…", theme.dim()))),
            Part::Failed(error) => lines.push(Line::from(Span::styled(
                format!("Could not be read: {}", safe(&error.message)),
                theme.error(),
            ))),
            Part::Ready(rows) if rows.is_empty() => {
                lines.push(Line::from(Span::styled("Nobody is on it.", theme.dim())))
            }
            Part::Ready(rows) => {
                let start = crate::ui::panes::list::window_start(members.selected, visible);
                for (index, member) in rows.iter().enumerate().skip(start).take(visible) {
                    let added = member
                        .added
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_default();
                    let name_width = inner_width.saturating_sub(16).max(8);
                    let text = format!(
                        "{}{:<name_width$} {added}",
                        marker(index == members.selected),
                        truncate(&member.name, name_width)
                    );
                    lines.push(Line::from(Span::styled(
                        text,
                        row_style(index == members.selected),
                    )));
                }
            }
        }
        lines.push(Line::from(Span::styled(
            format!(
                "{} the actor's card · {} back to the watchlists",
                key(Action::Open),
                key(Action::Close)
            ),
            theme.dim(),
        )));
        popup(frame, rect, &title, lines, theme);
        return;
    }
    let (title, enter) = match &picker.purpose {
        WatchlistPurpose::Add { name, .. } => {
            (format!("Add {} to a watchlist", truncate(name, 40)), "add")
        }
        WatchlistPurpose::Remove { name, .. } => (
            format!("Remove {} from a watchlist", truncate(name, 36)),
            "remove",
        ),
        WatchlistPurpose::Browse => ("Watchlists".to_string(), "who is on it"),
    };
    if let Some(error) = &picker.error {
        lines.push(Line::from(Span::styled(
            safe(&error.message),
            theme.error(),
        )));
    }
    match &picker.rows {
        None => lines.push(Line::from(Span::styled(
            "Reading the watchlists…",
            theme.dim(),
        ))),
        Some(rows) if rows.is_empty() => lines.push(Line::from(Span::styled(
            match picker.purpose {
                WatchlistPurpose::Add { .. } => "The actor is on every watchlist already.",
                _ => "There are no watchlists.",
            },
            theme.dim(),
        ))),
        Some(rows) => {
            let start = crate::ui::panes::list::window_start(picker.selected, visible);
            for (index, watchlist) in rows.iter().enumerate().skip(start).take(visible) {
                let count = watchlist
                    .members
                    .map(|n| format!("{n} on it"))
                    .unwrap_or_default();
                let title_width = inner_width.saturating_sub(14).max(8);
                let text = format!(
                    "{}{:<title_width$} {count:>10}",
                    marker(index == picker.selected),
                    truncate(&watchlist.title, title_width)
                );
                lines.push(Line::from(Span::styled(
                    text,
                    row_style(index == picker.selected),
                )));
            }
        }
    }
    lines.push(Line::from(Span::styled(
        format!(
            "{} {enter} · {} close",
            key(Action::Open),
            key(Action::Close)
        ),
        theme.dim(),
    )));
    popup(frame, rect, &title, lines, theme);
}
