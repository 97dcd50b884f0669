//! The help pop-up: every layer's keys with their descriptions (from the keymap and
//! `Action`), a filter line on top, the lines scrolled by the reducer, the keys that
//! scroll and close it at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Block, Borders, Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState,
};
use unicode_width::UnicodeWidthStr;

use crate::action::{Action, Layer};
use crate::keymap::help::{HelpRow, KEYS_WIDTH, help_rows, matching_actions};
use crate::keymap::{KeySpec, Keymap};
use crate::layout::{help_rows_visible, help_size, help_text_width};
use crate::state::{HelpView, State};
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate};

/// The first key of `action` in the help that works now: while typing, characters are
/// text, so a key that is not one.
fn hint_key(keymap: &Keymap, action: Action, typing: bool) -> String {
    keymap
        .keys_in(Layer::Help, action)
        .iter()
        .find(|k| !(typing && is_character(k)))
        .map_or_else(|| "(unbound)".to_string(), KeySpec::label)
}

fn is_character(key: &KeySpec) -> bool {
    !key.ctrl && matches!(key.code, crossterm::event::KeyCode::Char(_))
}

fn row_line(row: HelpRow, width: usize, theme: Theme) -> Line<'static> {
    match row {
        HelpRow::Heading(title) => {
            Line::from(Span::styled(truncate(&title, width), theme.header()))
        }
        HelpRow::Entry { keys, text } => {
            Line::from(vec![Span::styled(keys, theme.label()), Span::raw(text)])
        }
        HelpRow::More(text) => Line::from(format!("{}{text}", " ".repeat(KEYS_WIDTH))),
        HelpRow::Note(text) => Line::from(Span::styled(text, theme.dim())),
        HelpRow::Blank => Line::default(),
    }
}

/// The line over the keys: the filter as typed and how many actions it keeps, or how
/// to start one.
fn filter_line(state: &State, view: &HelpView, width: usize, theme: Theme) -> Line<'static> {
    let text = view.filter.value();
    if text.is_empty() && !view.typing {
        let keys = &state.keymap;
        // The letters that are keys here until typing starts.
        let mut letters: Vec<String> = Vec::new();
        for action in Layer::Help.actions() {
            if *action == Action::TypeHelpFilter {
                continue;
            }
            for key in keys.keys_in(Layer::Help, *action) {
                if is_character(key) && !letters.contains(&key.label()) {
                    letters.push(key.label());
                }
            }
        }
        let start = hint_key(keys, Action::TypeHelpFilter, false);
        let hint = format!(
            "Type to filter · {start} first to type {}",
            letters.join(" ")
        );
        return Line::from(Span::styled(truncate(&hint, width), theme.dim()));
    }
    let count = matching_actions(&state.keymap, state.read_only, text);
    let noun = if count == 1 { "action" } else { "actions" };
    let counted = format!("  {count} {noun}");
    let room = width
        .saturating_sub(counted.width())
        .saturating_sub("Filter: ".len());
    Line::from(vec![
        Span::styled("Filter: ", theme.label()),
        Span::raw(truncate(&safe(text), room)),
        Span::styled(counted, theme.dim()),
    ])
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, view: &HelpView, theme: Theme) {
    let (width, height) = help_size(area.width, area.height);
    let rect = Rect {
        x: area.x.saturating_add(area.width.saturating_sub(width) / 2),
        y: area
            .y
            .saturating_add(area.height.saturating_sub(height) / 2),
        width,
        height,
    };
    let inner = help_text_width(area.width);
    let visible = help_rows_visible(area.height);
    let rows = help_rows(
        &state.keymap,
        state.read_only,
        view.filter.value(),
        inner,
        &state.help_notes(),
    );
    let total = rows.len();
    let skip = view.scroll.min(total.saturating_sub(visible));
    let mut lines = vec![filter_line(state, view, inner, theme)];
    if rows.is_empty() {
        let close = hint_key(&state.keymap, Action::ClearHelpFilterOrClose, true);
        lines.push(Line::from(Span::styled(
            truncate(
                &format!("No key matches; Backspace edits the filter, {close} clears it"),
                inner,
            ),
            theme.dim(),
        )));
    }
    lines.extend(
        rows.into_iter()
            .skip(skip)
            .take(visible)
            .map(|row| row_line(row, inner, theme)),
    );
    let used = lines.len();
    lines.extend(std::iter::repeat_n(
        Line::default(),
        visible.saturating_add(1).saturating_sub(used),
    ));
    let keys = &state.keymap;
    let typing = view.typing;
    let position = if total > visible {
        format!(
            "{}–{} of {total} · ",
            skip.saturating_add(1),
            skip.saturating_add(visible).min(total)
        )
    } else {
        String::new()
    };
    let close = if view.filter.value().is_empty() {
        "close"
    } else {
        "clear the filter"
    };
    let hint = format!(
        "{position}{}/{} {}/{} {}/{} scroll · {} {close}",
        hint_key(keys, Action::MoveDown, typing),
        hint_key(keys, Action::MoveUp, typing),
        hint_key(keys, Action::PageDown, typing),
        hint_key(keys, Action::PageUp, typing),
        hint_key(keys, Action::Home, typing),
        hint_key(keys, Action::End, typing),
        hint_key(keys, Action::ClearHelpFilterOrClose, typing),
    );
    lines.push(Line::from(Span::styled(
        truncate(&hint, inner),
        theme.dim(),
    )));
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(" Help ")
        .border_style(theme.focused_border());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
    // On the right border, beside the lines of keys only (none on a screen too small).
    let track_height = rect.height.saturating_sub(4);
    if total > visible && track_height > 0 {
        let track = Rect {
            x: rect.x,
            y: rect.y.saturating_add(2),
            width: rect.width,
            height: track_height,
        };
        let mut scrollbar = ScrollbarState::new(total.saturating_sub(visible).saturating_add(1))
            .position(skip)
            .viewport_content_length(visible);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None),
            track,
            &mut scrollbar,
        );
    }
    if typing {
        let column = "Filter: "
            .len()
            .saturating_add(view.filter.visual_cursor())
            .min(inner.saturating_sub(1));
        frame.set_cursor_position((
            rect.x
                .saturating_add(1)
                .saturating_add(u16::try_from(column).unwrap_or(0)),
            rect.y.saturating_add(1),
        ));
    }
}
