//! Rendering: a pure function of `&State`.

pub mod panes;
pub mod theme;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs};

use crate::layout::WIDE_LAYOUT_MIN_WIDTH;
use crate::state::{AlertKind, CaseKind, Pane, SessionKind, State, View};
use theme::Theme;

pub fn draw(frame: &mut Frame, state: &State) {
    let theme = Theme { color: state.color };
    let area = frame.area();
    let filter_height = if (state.filter.editing && state.filter.error.is_some())
        || state
            .command
            .as_ref()
            .is_some_and(|line| line.error.is_some() || !line.choices.is_empty())
    {
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
    if state.command.is_some() {
        widgets::command_line::render(frame, top, state, theme);
    } else {
        widgets::filter::render(frame, top, state, theme);
    }
    let list = |frame: &mut Frame, area: Rect| match state.view {
        View::Alerts => panes::list::render::<AlertKind>(frame, area, state, theme),
        View::Sessions => panes::list::render::<SessionKind>(frame, area, state, theme),
        View::Cases => panes::list::render::<CaseKind>(frame, area, state, theme),
    };
    let detail = |frame: &mut Frame, area: Rect, focused: bool| match state.view {
        View::Alerts => panes::detail::render::<AlertKind>(frame, area, state, theme, focused),
        View::Sessions => panes::detail::render::<SessionKind>(frame, area, state, theme, focused),
        View::Cases => panes::detail::render::<CaseKind>(frame, area, state, theme, focused),
    };
    let files_only = |frame: &mut Frame, area: Rect, focused: bool| match state.view {
        View::Alerts => panes::file_list::render(frame, area, state, theme, focused),
        View::Sessions => panes::session_events::render(frame, area, state, theme, focused),
        View::Cases => panes::case_events::render(frame, area, state, theme, focused),
    };
    let file_events = |frame: &mut Frame, area: Rect, focused: bool| {
        panes::file_events::render(frame, area, state, theme, focused);
    };
    // The files, and below them the events of one file when they are shown: the
    // focused of the two has the larger share.
    let files = |frame: &mut Frame, area: Rect| {
        if !state.file_events_shown() {
            files_only(frame, area, state.focus == Pane::Files);
            return;
        }
        let events_share = if state.focus == Pane::FileEvents {
            65
        } else {
            45
        };
        let [files_area, events_area] = Layout::vertical([
            Constraint::Percentage(100_u16.saturating_sub(events_share)),
            Constraint::Fill(1),
        ])
        .areas(area);
        files_only(frame, files_area, state.focus == Pane::Files);
        file_events(frame, events_area, state.focus == Pane::FileEvents);
    };
    if let Some(card) = &state.card {
        panes::actor_card::render(frame, body, state, card, theme);
    } else if state.zoomed {
        // The focused pane alone, on the whole body.
        match state.focus {
            Pane::Alerts => list(frame, body),
            Pane::Detail => detail(frame, body, true),
            Pane::Files => files_only(frame, body, true),
            Pane::FileEvents => file_events(frame, body, true),
        }
    } else if area.width >= WIDE_LAYOUT_MIN_WIDTH {
        let [list_area, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(body);
        let [detail_area, files_area] =
            Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(right);
        list(frame, list_area);
        detail(frame, detail_area, state.focus == Pane::Detail);
        files(frame, files_area);
    } else {
        let [list_area, tabs, lower] = Layout::vertical([
            Constraint::Percentage(45),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        list(frame, list_area);
        // One pane below the list at a time, chosen by the focus; the tabs say which.
        let mut labels = match state.view {
            View::Alerts => vec!["Detail", "Files"],
            View::Sessions => vec!["Session", "Events"],
            View::Cases => vec!["Case", "Events"],
        };
        if state.file_events_shown() {
            labels.push("Events of the file");
        }
        let shown = match state.focus {
            Pane::Alerts | Pane::Detail => 0,
            Pane::Files => 1,
            Pane::FileEvents => 2,
        };
        let tab_bar = Tabs::new(labels)
            .select(shown)
            .highlight_style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
            .divider("|");
        frame.render_widget(tab_bar, tabs);
        match state.focus {
            Pane::Files => files_only(frame, lower, true),
            Pane::FileEvents => file_events(frame, lower, true),
            Pane::Alerts | Pane::Detail => detail(frame, lower, state.focus == Pane::Detail),
        }
    }
    widgets::status::render(frame, status, state, theme);
    widgets::overlays::render(frame, area, state, theme);
    scrub(frame.buffer_mut());
}

/// A pane's frame. The focused pane's title starts with `▶`, so the focus shows
/// without colour (NO_COLOR) and moves visibly when `Enter` or `Tab` moves it.
pub fn pane_block(title: Line<'static>, focused: bool, theme: Theme) -> Block<'static> {
    if !focused {
        return Block::new().borders(Borders::ALL).title(title);
    }
    let mut spans = vec![Span::styled("▶", theme.focused_border())];
    spans.extend(title.spans.iter().cloned());
    let title = Line { spans, ..title };
    Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(theme.focused_border())
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

/// Server text for a one-line cell whose end matters most (a path): sanitised and
/// shortened in the middle to `width` columns.
pub fn truncate_middle(text: &str, width: usize) -> String {
    crate::sanitize::cell_middle(text, width)
}

/// Column widths for `space` columns (spacing already taken off), the columns in order
/// of importance, each with the `least` it gets whenever there is room for it, a
/// `readable` width and the width it `wants` (its widest content). Every column first
/// gets its least; what is left then goes to the columns in order, each up to its
/// readable width, then again in order up to what each wants; what is still free after
/// that goes to the last column whose `takes_rest` is set.
pub fn share_columns(space: usize, columns: &[ColumnWant]) -> Vec<usize> {
    let mut free = space;
    let mut widths: Vec<usize> = columns
        .iter()
        .map(|c| {
            let least = c.least.min(c.wants).min(free);
            free = free.saturating_sub(least);
            least
        })
        .collect();
    for target in [
        (|c: &ColumnWant| c.readable.min(c.wants)) as fn(&ColumnWant) -> usize,
        |c: &ColumnWant| c.wants,
    ] {
        for (width, column) in widths.iter_mut().zip(columns) {
            let more = target(column).saturating_sub(*width).min(free);
            *width = width.saturating_add(more);
            free = free.saturating_sub(more);
        }
    }
    if let Some(last) = columns.iter().rposition(|c| c.takes_rest)
        && let Some(width) = widths.get_mut(last)
    {
        *width = width.saturating_add(free);
    }
    widths
}

/// One column's claim in [`share_columns`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ColumnWant {
    pub least: usize,
    pub readable: usize,
    pub wants: usize,
    pub takes_rest: bool,
}

/// Two columns that matter as much as each other sharing `space`: both whole when they
/// fit (the second takes what is left over); otherwise the narrower whole when it needs
/// no more than half, the other the rest; otherwise half each (the odd column to the
/// first).
pub fn share_pair(space: usize, first: usize, second: usize) -> (usize, usize) {
    if first.saturating_add(second) <= space {
        return (first, space.saturating_sub(first));
    }
    let half = space / 2;
    if first <= half {
        (first, space.saturating_sub(first))
    } else if second <= half {
        (space.saturating_sub(second), second)
    } else {
        (space.saturating_sub(half), half)
    }
}

/// Columns the sanitised form of `text` takes in a cell.
pub fn cell_width(text: &str) -> usize {
    crate::sanitize::width(&crate::sanitize::one_line(text))
}

/// A `label: value` pair as lines `width` columns wide: the label padded to
/// `label_width`, the value sanitised and wrapped so that each further line starts
/// under the value, not under the label.
pub fn labelled_lines(
    label: &str,
    value: &str,
    label_width: usize,
    width: usize,
    label_style: Style,
) -> Vec<Line<'static>> {
    let room = width.saturating_sub(label_width).max(8);
    let value = safe(value);
    let mut pieces: Vec<String> = vec![String::new()];
    let mut used = 0_usize;
    for c in value.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used.saturating_add(w) > room && used > 0 {
            pieces.push(String::new());
            used = 0;
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(c);
        }
        used = used.saturating_add(w);
    }
    let label = format!("{:<label_width$}", format!("{label}:"));
    let indent = " ".repeat(label_width);
    pieces
        .into_iter()
        .enumerate()
        .map(|(index, piece)| {
            let lead = if index == 0 {
                Span::styled(label.clone(), label_style)
            } else {
                Span::raw(indent.clone())
            };
            Line::from(vec![lead, Span::raw(piece)])
        })
        .collect()
}

/// The columns a label of the detail panes takes, its space after included.
pub const LABEL_WIDTH: usize = 13;

/// Lines wrapped to `width` columns at spaces where they can be (a word longer than a
/// line is cut), each piece keeping its style; a line that starts with a label (a first
/// span [`LABEL_WIDTH`] wide ending in a space) continues under its value instead of at
/// the first column. The spans are sanitised text already.
pub fn hanging_wrap(lines: Vec<Line<'static>>, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if width == 0 || line.width() <= width {
            out.push(line);
            continue;
        }
        let labelled = line
            .spans
            .first()
            .is_some_and(|s| s.width() == LABEL_WIDTH && s.content.ends_with(' '));
        let indent = if labelled && width > LABEL_WIDTH.saturating_add(8) {
            LABEL_WIDTH
        } else {
            0
        };
        let mut wrapped = Wrapped {
            width,
            indent,
            lines: Vec::new(),
            current: Vec::new(),
            used: 0,
        };
        for (index, span) in line.spans.into_iter().enumerate() {
            if index == 0 && labelled {
                // The label itself is never broken.
                wrapped.used = span.width();
                wrapped.current.push(span);
                continue;
            }
            for word in span.content.split_inclusive(' ') {
                wrapped.push_word(word, span.style);
            }
        }
        out.extend(wrapped.finish());
    }
    out
}

/// The state of [`hanging_wrap`] on one line.
struct Wrapped {
    width: usize,
    indent: usize,
    lines: Vec<Line<'static>>,
    current: Vec<Span<'static>>,
    used: usize,
}

impl Wrapped {
    fn break_line(&mut self) {
        let done = std::mem::take(&mut self.current);
        self.lines.push(Line::from(done));
        self.current.push(Span::raw(" ".repeat(self.indent)));
        self.used = self.indent;
    }

    fn push_word(&mut self, word: &str, style: Style) {
        let word_width = crate::sanitize::width(word);
        let trimmed_width = crate::sanitize::width(word.trim_end());
        // A word that does not fit goes to the next line, unless the line holds nothing
        // yet; its trailing space may hang past the edge.
        if self.used.saturating_add(trimmed_width) > self.width && self.used > self.indent {
            self.break_line();
        }
        // A word (an id, a hash) too long to stand under the value but not for a whole
        // line gets a line of its own from the first column, so it is never cut.
        if self.indent > 0
            && self.indent.saturating_add(trimmed_width) > self.width
            && trimmed_width <= self.width
        {
            let fresh_line = !self.lines.is_empty() && self.used == self.indent;
            if !fresh_line {
                self.break_line();
            }
            self.current.clear();
            self.used = 0;
        }
        let word = if self.used == self.indent || self.used == 0 {
            word.trim_start()
        } else {
            word
        };
        if self
            .used
            .saturating_add(crate::sanitize::width(word.trim_end()))
            <= self.width
        {
            self.current.push(Span::styled(word.to_string(), style));
            self.used = self.used.saturating_add(word_width);
            return;
        }
        // Longer than a whole line: cut where the line ends.
        let mut piece = String::new();
        for c in word.chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if self.used.saturating_add(w) > self.width && self.used > self.indent {
                self.current
                    .push(Span::styled(std::mem::take(&mut piece), style));
                self.break_line();
            }
            piece.push(c);
            self.used = self.used.saturating_add(w);
        }
        if !piece.is_empty() {
            self.current.push(Span::styled(piece, style));
        }
    }

    fn finish(mut self) -> Vec<Line<'static>> {
        if !self.current.is_empty() {
            self.lines.push(Line::from(self.current));
        }
        self.lines
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(lines: &[Line<'static>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_wrapped_value_continues_under_itself_and_breaks_at_spaces() {
        let line = Line::from(vec![
            Span::raw(format!("{:<12} ", "Window")),
            Span::raw("2026-11-22 11:43:00 UTC → 2026-11-22 12:00:00 UTC"),
        ]);
        let wrapped = text_of(&hanging_wrap(vec![line], 40));
        assert_eq!(
            wrapped,
            [
                "Window       2026-11-22 11:43:00 UTC → ",
                "             2026-11-22 12:00:00 UTC",
            ]
        );
    }

    #[test]
    fn an_id_too_long_to_stand_under_the_value_gets_a_whole_line() {
        let line = Line::from(vec![
            Span::raw(format!("{:<12} ", "Id")),
            Span::raw("a3a69334-867f-4874-8320-19e4574ac5bc"),
        ]);
        let wrapped = text_of(&hanging_wrap(vec![line], 46));
        assert_eq!(
            wrapped,
            ["Id           ", "a3a69334-867f-4874-8320-19e4574ac5bc"]
        );
    }

    #[test]
    fn every_width_keeps_every_character_and_no_line_runs_over() {
        let value = "a /very/long/path/without/any/space/in/it.bin and words after it";
        for width in 1..80 {
            let line = Line::from(vec![
                Span::raw(format!("{:<12} ", "Path")),
                Span::raw(value),
            ]);
            let wrapped = hanging_wrap(vec![line], width);
            let joined: String = text_of(&wrapped)
                .iter()
                .map(|l| l.replace(' ', ""))
                .collect();
            assert_eq!(joined, format!("Path{}", value.replace(' ', "")), "{width}");
            if width > LABEL_WIDTH + 8 {
                for l in &wrapped {
                    assert!(l.width() <= width + 1, "{width}: {l:?}");
                }
            }
        }
    }
}
