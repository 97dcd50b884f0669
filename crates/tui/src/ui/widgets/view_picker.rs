//! The view picker (`v`) and the name prompt of a view being saved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::popup::{centered, place_cursor, popup};
use crate::action::{Action, Layer};
use crate::state::{State, View, ViewNamePrompt, ViewPicker};
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate, truncate_middle};

const WIDTH: u16 = 78;

/// What each built-in list is, beside its name.
fn built_in_text(view: View) -> &'static str {
    match view {
        View::Alerts => "every alert, with the filter typed in it",
        View::Sessions => "an actor's activity, with its alerts",
        View::Cases => "cases: their findings, status and file events",
    }
}

/// `text` cut to `width` columns and padded to them.
fn cell(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let pad = width.saturating_sub(cut.width());
    format!("{cut}{}", " ".repeat(pad))
}

/// "`lead`[profiles.us.views] of /path/config.toml" in `width` columns: the path is cut
/// in its middle, so the table and the file's name stay whole.
fn place_of(file: &crate::saved_views_file::ViewsFile, lead: &str, width: usize) -> String {
    let head = format!("{lead}{} of ", file.table());
    let room = width.saturating_sub(head.width());
    let path = truncate_middle(&file.path.display().to_string(), room);
    truncate(&format!("{head}{path}"), width)
}

pub fn render_picker(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    picker: &ViewPicker,
    theme: Theme,
) {
    let saved = &state.saved_views;
    // Rows: the two lists, a heading, the saved views (or a line saying there are none),
    // a blank line and the keys; plus the borders.
    let wanted = View::BUILT_IN
        .len()
        .saturating_add(saved.len().max(1))
        .saturating_add(5);
    let rect = centered(area, WIDTH, u16::try_from(wanted).unwrap_or(u16::MAX));
    let inner = usize::from(rect.width.saturating_sub(2));
    let name_width = saved
        .iter()
        .map(|v| truncate(&v.name, 24).width())
        .chain(View::BUILT_IN.iter().map(|v| v.name().len()))
        .max()
        .unwrap_or(8);
    // "▸ " / "• ", the name, two spaces.
    let text_width = inner.saturating_sub(name_width.saturating_add(4));
    let shown_mark = |view: View, is_active: bool| {
        if is_active && state.view == view {
            "• "
        } else {
            "  "
        }
    };
    let row_style = |index: usize| {
        if index == picker.selected {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        }
    };

    let mut lines = Vec::new();
    for (index, view) in View::BUILT_IN.iter().enumerate() {
        let mark = shown_mark(*view, state.active_view.is_none());
        let label = match view {
            View::Alerts => "Alerts",
            View::Sessions => "Sessions",
            View::Cases => "Cases",
        };
        let text = format!(
            "{mark}{}  {}",
            cell(label, name_width),
            cell(built_in_text(*view), text_width)
        );
        lines.push(Line::from(Span::styled(text, row_style(index))));
    }
    let place = state
        .views_file
        .as_ref()
        .map(|f| place_of(f, "Saved views · ", inner))
        .unwrap_or_else(|| "Saved views".into());
    lines.push(Line::from(Span::styled(place, theme.label())));
    if saved.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(
                "  none yet: {} saves the filter and sort in force as one",
                state.keymap.key_hint(Layer::ViewPicker, Action::SaveView)
            ),
            theme.dim(),
        )));
    }
    // The selected row stays in sight when there are more views than room.
    let room = usize::from(rect.height.saturating_sub(2))
        .saturating_sub(View::BUILT_IN.len().saturating_add(3));
    let selected_saved = picker.selected.saturating_sub(View::BUILT_IN.len());
    let first = selected_saved.saturating_sub(room.saturating_sub(1));
    let kind_width: usize = 9;
    let sort_width: usize = 14;
    let query_width =
        text_width.saturating_sub(kind_width.saturating_add(sort_width).saturating_add(2));
    for (offset, entry) in saved.iter().enumerate().skip(first).take(room.max(1)) {
        let index = View::BUILT_IN.len().saturating_add(offset);
        let is_active = state.active_view.as_deref() == Some(entry.name.as_str());
        let mark = if is_active { "• " } else { "  " };
        let name = cell(&entry.name, name_width);
        let line = match &entry.problem {
            Some(problem) => {
                let style = if index == picker.selected {
                    theme.selected()
                } else {
                    theme.error()
                };
                Line::from(Span::styled(
                    format!(
                        "{mark}{name}  {}",
                        cell(&format!("! {problem}"), text_width)
                    ),
                    style,
                ))
            }
            None => {
                let query = if entry.query.trim().is_empty() {
                    "(no filter)".to_string()
                } else {
                    safe(&entry.query)
                };
                Line::from(Span::styled(
                    format!(
                        "{mark}{name}  {} {} {}",
                        cell(entry.view.name(), kind_width),
                        cell(&query, query_width),
                        cell(&entry.sort_text(), sort_width)
                    ),
                    row_style(index),
                ))
            }
        };
        lines.push(line);
    }
    lines.push(Line::default());
    let keys = &state.keymap;
    lines.push(Line::from(Span::styled(
        truncate(
            &format!(
                "{} open · {} save the filter in force · {} delete · {} close",
                keys.key_hint(Layer::ViewPicker, Action::OpenView),
                keys.key_hint(Layer::ViewPicker, Action::SaveView),
                keys.key_hint(Layer::ViewPicker, Action::DeleteView),
                keys.key_hint(Layer::ViewPicker, Action::Close),
            ),
            inner,
        ),
        theme.dim(),
    )));
    popup(frame, rect, "Views", lines, theme);
}

pub fn render_name(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    prompt: &ViewNamePrompt,
    theme: Theme,
) {
    let rect = centered(area, 70, 9);
    let inner = usize::from(rect.width.saturating_sub(2));
    let view = &prompt.view;
    let query = if view.query.is_empty() {
        "(no filter)".to_string()
    } else {
        view.query.clone()
    };
    // The name is typed after its label.
    const LABEL: &str = "Name: ";
    let room = inner.saturating_sub(LABEL.len());
    let scroll = prompt.input.visual_scroll(room);
    let typed: String = prompt.input.value().chars().skip(scroll).collect();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(LABEL, theme.label()),
            Span::raw(safe(&typed)),
        ]),
        Line::from(Span::styled(
            truncate(
                &format!(
                    "{} · {} · sort {}",
                    view.view.name(),
                    query,
                    view.sort_text()
                ),
                inner,
            ),
            theme.label(),
        )),
        Line::default(),
    ];
    let keys = &state.keymap;
    let enter = keys.key_hint(Layer::ViewName, Action::SaveViewNamed);
    if prompt.saving {
        lines.push(Line::from(Span::styled("Saving…", theme.dim())));
    } else if let Some(error) = &prompt.error {
        lines.push(Line::from(Span::styled(safe(error), theme.error())));
    } else if let Some(name) = &prompt.replaces {
        lines.push(Line::from(Span::styled(
            truncate(
                &format!("A view named {name:?} exists; {enter} again replaces it"),
                inner,
            ),
            theme.warning(),
        )));
    } else {
        let place = state
            .views_file
            .as_ref()
            .map(|f| place_of(f, "Saved in ", inner))
            .unwrap_or_default();
        lines.push(Line::from(Span::styled(place, theme.dim())));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!(
            "{enter} save · {} back to the views",
            keys.key_hint(Layer::ViewName, Action::Close)
        ),
        theme.dim(),
    )));
    popup(
        frame,
        rect,
        "Save the filter in force as a view",
        lines,
        theme,
    );
    place_cursor(
        frame,
        rect,
        LABEL
            .len()
            .saturating_add(prompt.input.visual_cursor().saturating_sub(scroll)),
        0,
    );
}
