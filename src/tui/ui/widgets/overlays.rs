//! Pop-ups: help (from the keymap), confirmation, note editor, case form, case picker, export prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::api::{MAX_NOTE_LEN, note_length};
use crate::tui::action::Action;
use crate::tui::state::STOP_WAIT;
use crate::tui::state::{
    CaseFormEditor, ExportPrompt, NoteEditor, NotePurpose, Overlay, Prompt, PromptKind, State, View,
};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{safe, truncate};
use unicode_width::UnicodeWidthStr;

use crate::tui::state::CASE_FIELDS as CASE_FIELD_LABELS;

fn centered(area: Rect, width: u16, height: u16) -> Rect {
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
fn place_cursor(frame: &mut Frame, rect: Rect, column: usize, row: usize) {
    let inner_width = usize::from(rect.width.saturating_sub(2));
    let inner_height = usize::from(rect.height.saturating_sub(2));
    let column = u16::try_from(column.min(inner_width.saturating_sub(1))).unwrap_or(0);
    let row = u16::try_from(row.min(inner_height.saturating_sub(1))).unwrap_or(0);
    frame.set_cursor_position((
        rect.x.saturating_add(1).saturating_add(column),
        rect.y.saturating_add(1).saturating_add(row),
    ));
}

fn popup(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>, theme: Theme) {
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

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    // The question about an editor's text is asked inside it, with the text in view.
    let discard = match (&state.prompt, &state.overlay) {
        (
            Some(Prompt {
                kind: PromptKind::Discard { .. },
                question,
            }),
            Some(Overlay::Note(_) | Overlay::CaseForm(_)),
        ) => Some(question.as_str()),
        _ => None,
    };
    if let Some(overlay) = &state.overlay {
        render_overlay(frame, area, state, overlay, discard, theme);
    }
    if let Some(prompt) = &state.prompt
        && discard.is_none()
    {
        render_question(frame, area, &prompt.question, None, theme);
    }
    if state.stopping.is_some() {
        let rect = centered(area, 64, 7);
        let lines = vec![
            Line::from(format!(
                "Waiting for the change being sent to finish (up to {} s).",
                STOP_WAIT.as_secs()
            )),
            Line::from("Queued changes are not sent; the journal records them."),
            Line::default(),
            Line::from(Span::styled("Ctrl-C stops now", theme.dim())),
        ];
        popup(frame, rect, "Stopping", lines, theme);
    }
}

/// Lines `text` takes when wrapped at word boundaries to `width` columns.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let mut lines: usize = 1;
    let mut column: usize = 0;
    for word in text.split(' ') {
        let word_width = word.width();
        if column == 0 {
            column = word_width;
        } else if column.saturating_add(1).saturating_add(word_width) <= width {
            column = column.saturating_add(1).saturating_add(word_width);
        } else {
            lines = lines.saturating_add(1);
            column = word_width;
        }
    }
    lines
}

/// A yes/no question, as tall as its text needs, with what else it does under it.
fn render_question(
    frame: &mut Frame,
    area: Rect,
    question: &str,
    consequence: Option<String>,
    theme: Theme,
) {
    const WIDTH: u16 = 64;
    let inner = usize::from(WIDTH.saturating_sub(2));
    let mut lines = vec![Line::from(safe(question))];
    let mut text_lines = wrapped_lines(&safe(question), inner);
    if let Some(consequence) = consequence {
        let consequence = safe(&consequence);
        text_lines = text_lines.saturating_add(wrapped_lines(&consequence, inner));
        lines.push(Line::from(Span::styled(consequence, theme.label())));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("[y] yes   [n] no", theme.header())));
    // Borders, a blank line and the keys.
    let height = u16::try_from(text_lines)
        .unwrap_or(u16::MAX)
        .saturating_add(4);
    popup(
        frame,
        centered(area, WIDTH, height),
        "Confirm",
        lines,
        theme,
    );
}

fn render_overlay(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    overlay: &Overlay,
    discard: Option<&str>,
    theme: Theme,
) {
    match overlay {
        Overlay::Help { scroll } => {
            let rect = centered(area, 72, area.height.saturating_sub(2));
            let mut lines: Vec<Line<'static>> = state
                .keymap
                .bindings
                .iter()
                .filter(|b| !(state.read_only && b.action.is_mutating()))
                .map(|b| {
                    let keys = b
                        .keys
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(" ");
                    Line::from(vec![
                        Span::styled(format!("{keys:<18}"), theme.label()),
                        Span::raw(b.description.clone()),
                    ])
                })
                .collect();
            lines.push(Line::default());
            if state.view == View::Sessions {
                let keys = &state.keymap;
                lines.push(Line::from(Span::styled(
                    format!(
                        "Sessions: {} close · {} reopen · {} in progress · {} add a note · {}/{} a case with the session's file events",
                        keys.keys_label(Action::Resolve),
                        keys.keys_label(Action::Reopen),
                        keys.keys_label(Action::MarkInProgress),
                        keys.keys_label(Action::EditNote),
                        keys.keys_label(Action::CreateCase),
                        keys.keys_label(Action::AddToCase),
                    ),
                    theme.dim(),
                )));
                lines.push(Line::from(Span::styled(
                    format!("Session filter fields: {}", crate::filter::sessions::FIELDS),
                    theme.dim(),
                )));
                lines.push(Line::from(Span::styled(
                    "e.g. state:open,in_progress severity:high,critical since:7d   j/k scroll, any other key closes",
                    theme.dim(),
                )));
            } else {
                lines.push(Line::from(Span::styled(
                    "Filter fields: actor state severity rule rule-id source type description since before on created",
                    theme.dim(),
                )));
                lines.push(Line::from(Span::styled(
                    "Operators: : != !: ~ !~   OR: a | b, any: …   j/k scroll, any other key closes",
                    theme.dim(),
                )));
            }
            let skip = (*scroll).min(lines.len().saturating_sub(1));
            popup(
                frame,
                rect,
                "Help",
                lines.into_iter().skip(skip).collect(),
                theme,
            );
        }
        Overlay::Confirm(confirm) => {
            render_question(frame, area, &confirm.question, confirm.consequence(), theme);
        }
        Overlay::Note(editor) => render_note(frame, area, editor, discard, theme),
        Overlay::CaseForm(form) => render_case_form(frame, area, form, discard, theme),
        Overlay::Export(prompt) => render_export(frame, area, prompt, theme),
        Overlay::Journal(view) => super::journal::render(frame, area, view, theme),
        Overlay::CasePicker(picker) => {
            let rect = centered(area, 60, 14);
            let mut lines = Vec::new();
            if picker.loading {
                lines.push(Line::from(Span::styled("Loading cases…", theme.dim())));
            } else if let Some(error) = &picker.error {
                lines.push(Line::from(Span::styled(
                    safe(&error.message),
                    theme.error(),
                )));
            } else if picker.cases.is_empty() {
                lines.push(Line::from("There are no cases yet; press c to create one."));
            }
            let visible = rect.height.saturating_sub(4) as usize;
            let start = picker.selected.saturating_sub(visible.saturating_sub(1));
            for (index, case) in picker.cases.iter().enumerate().skip(start).take(visible) {
                let text = format!(
                    "#{:<5} {:<10} {}",
                    case.number,
                    truncate(&case.status, 10),
                    truncate(&case.name, 40)
                );
                let style = if index == picker.selected {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                lines.push(Line::from(Span::styled(text, style)));
            }
            lines.push(Line::from(Span::styled(
                "Enter add events · Esc cancel",
                theme.dim(),
            )));
            let title = format!("Add the {}'s events to case", picker.source.noun());
            popup(frame, rect, &title, lines, theme);
        }
    }
}

/// The two last lines of an editor that asks whether to drop its text.
fn discard_lines(question: &str, theme: Theme) -> [Line<'static>; 2] {
    [
        Line::from(Span::styled(format!("{question} y/n"), theme.warning())),
        Line::from(Span::styled("y yes · n keep editing", theme.dim())),
    ]
}

fn render_note(
    frame: &mut Frame,
    area: Rect,
    editor: &NoteEditor,
    discard: Option<&str>,
    theme: Theme,
) {
    let rect = centered(area, 70, 8);
    let title = match &editor.purpose {
        NotePurpose::AlertNote { alert_id } => format!("Note of alert {}", truncate(alert_id, 40)),
        NotePurpose::StateChange { ids, state } => {
            format!("{} {} alert(s): note (optional)", state.verb(), ids.len())
        }
        NotePurpose::SessionNote { session_id } => {
            format!("New note on session {}", truncate(session_id, 40))
        }
        NotePurpose::SessionStateChange { ids, state } => {
            format!("{} {} session(s): note (optional)", state.verb(), ids.len())
        }
    };
    let used = note_length(editor.input.value());
    let width = rect.width.saturating_sub(2) as usize;
    let scroll = editor.input.visual_scroll(width);
    let visible = safe(
        &editor
            .input
            .value()
            .chars()
            .skip(scroll)
            .collect::<String>(),
    );
    let counter_style = if used > MAX_NOTE_LEN {
        theme.error()
    } else {
        theme.dim()
    };
    let mut lines = vec![
        Line::from(visible),
        Line::from(Span::styled(
            format!("{used}/{MAX_NOTE_LEN}"),
            counter_style,
        )),
    ];
    if let Some(question) = discard {
        lines.extend(discard_lines(question, theme));
    } else {
        if editor.saving {
            lines.push(Line::from(Span::styled("Saving…", theme.dim())));
        } else if let Some(error) = &editor.error {
            lines.push(Line::from(Span::styled(
                safe(&error.message),
                theme.error(),
            )));
        } else {
            lines.push(Line::default());
        }
        let enter = match editor.purpose {
            NotePurpose::AlertNote { .. } | NotePurpose::SessionNote { .. } => {
                "Enter save · Esc cancel"
            }
            NotePurpose::StateChange { .. } | NotePurpose::SessionStateChange { .. } => {
                "Enter continue · Esc cancel"
            }
        };
        lines.push(Line::from(Span::styled(enter, theme.dim())));
    }
    popup(frame, rect, &title, lines, theme);
    place_cursor(
        frame,
        rect,
        editor.input.visual_cursor().saturating_sub(scroll),
        0,
    );
}

fn render_export(frame: &mut Frame, area: Rect, prompt: &ExportPrompt, theme: Theme) {
    let rect = centered(area, 70, 8);
    let plural = format!("{}s", prompt.noun);
    let noun = if prompt.count == 1 {
        prompt.noun
    } else {
        plural.as_str()
    };
    let title = if prompt.marked_only {
        format!("Export {} marked {noun}", prompt.count)
    } else if prompt.matching > prompt.count as u64 {
        // The pages not loaded yet are fetched before the file is written.
        format!("Export all {} matching {plural}", prompt.matching)
    } else {
        format!("Export {} listed {noun}", prompt.count)
    };
    let width = rect.width.saturating_sub(2) as usize;
    let scroll = prompt.input.visual_scroll(width);
    let visible = safe(
        &prompt
            .input
            .value()
            .chars()
            .skip(scroll)
            .collect::<String>(),
    );
    let mut lines = vec![
        Line::from(visible),
        Line::from(Span::styled(
            ".csv for CSV, .jsonl or .json for JSON Lines",
            theme.dim(),
        )),
    ];
    if prompt.writing {
        lines.push(Line::from(Span::styled("Writing…", theme.dim())));
    } else if let Some(error) = &prompt.error {
        lines.push(Line::from(Span::styled(safe(error), theme.error())));
    } else {
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        "Enter write · Esc cancel",
        theme.dim(),
    )));
    popup(frame, rect, &title, lines, theme);
    place_cursor(
        frame,
        rect,
        prompt.input.visual_cursor().saturating_sub(scroll),
        0,
    );
}

fn render_case_form(
    frame: &mut Frame,
    area: Rect,
    form: &CaseFormEditor,
    discard: Option<&str>,
    theme: Theme,
) {
    let rect = centered(area, 74, 11);
    let label_width = 13usize;
    let value_width = usize::from(rect.width.saturating_sub(2)).saturating_sub(label_width);
    let mut lines = Vec::new();
    for (index, (label, input)) in CASE_FIELD_LABELS.iter().zip(form.fields.iter()).enumerate() {
        let scroll = input.visual_scroll(value_width);
        let value = safe(&input.value().chars().skip(scroll).collect::<String>());
        let style = if index == form.focused {
            theme.selected()
        } else {
            theme.label()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{label:<12}"), style),
            Span::raw(" "),
            Span::raw(value),
        ]));
    }
    lines.push(Line::default());
    let status = match (form.creating, form.created, &form.error) {
        (true, Some(number), _) => Span::styled(
            format!("Case #{number} created; adding its file events…"),
            theme.dim(),
        ),
        (true, None, _) => Span::styled("Creating…", theme.dim()),
        (false, _, Some(error)) => Span::styled(safe(error), theme.error()),
        (false, _, None) => Span::raw(""),
    };
    if let Some(question) = discard {
        lines.extend(discard_lines(question, theme));
    } else {
        lines.push(Line::from(status));
        lines.push(Line::from(Span::styled(
            if form.creating {
                "Waiting for the server"
            } else {
                "Tab next field · Enter on the last field or Ctrl-S create · Esc cancel"
            },
            theme.dim(),
        )));
    }
    popup(
        frame,
        rect,
        &format!("New case from {}", truncate(&form.source.describe(), 48)),
        lines,
        theme,
    );
    if let Some(input) = form.fields.get(form.focused) {
        let cursor = input
            .visual_cursor()
            .saturating_sub(input.visual_scroll(value_width));
        place_cursor(
            frame,
            rect,
            label_width.saturating_add(cursor),
            form.focused,
        );
    }
}
