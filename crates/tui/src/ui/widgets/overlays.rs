//! Pop-ups: help (in `help.rs`), confirmation, note editor, case form, case picker, export prompt.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::action::{Action, Layer};
use crate::api::note_length;
use crate::keymap::Keymap;
use crate::state::{AlertKind, CaseKind, ListKind, STOP_WAIT, SessionKind, View};
use crate::state::{
    CaseFormEditor, ExportPrompt, ExportStage, NoteEditor, NotePurpose, Overlay, Prompt,
    PromptKind, State,
};
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate};
use unicode_width::UnicodeWidthStr;

use crate::state::CASE_FIELDS as CASE_FIELD_LABELS;

use super::popup::{centered, place_cursor, popup};

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
        render_question(frame, area, &prompt.question, None, &state.keymap, theme);
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
    keys: &Keymap,
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
    lines.push(Line::from(Span::styled(
        format!(
            "[{}] yes   [{}] no",
            keys.key_hint(Layer::Confirm, Action::Yes),
            keys.key_hint(Layer::Confirm, Action::No)
        ),
        theme.header(),
    )));
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
        Overlay::Help(view) => super::help::render(frame, area, state, view, theme),
        Overlay::Confirm(confirm) => {
            render_question(
                frame,
                area,
                &confirm.question,
                confirm.consequence(),
                &state.keymap,
                theme,
            );
        }
        Overlay::Note(editor) => render_note(frame, area, editor, discard, &state.keymap, theme),
        Overlay::CaseForm(form) => {
            render_case_form(frame, area, form, discard, &state.keymap, theme)
        }
        Overlay::Export(prompt) => render_export(frame, area, prompt, &state.keymap, theme),
        Overlay::Journal(view) => {
            let keys = &state.keymap;
            let undo = if state.read_only {
                String::new()
            } else {
                format!(" · {} undo", keys.key_hint(Layer::Journal, Action::Undo))
            };
            let hint = if view.opened.is_some() {
                format!(
                    "{}/{} scroll · {} back to the list",
                    keys.key_hint(Layer::Journal, Action::MoveDown),
                    keys.key_hint(Layer::Journal, Action::MoveUp),
                    keys.key_hint(Layer::Journal, Action::Close),
                )
            } else {
                format!(
                    "{} open · {}/{} scroll · {}/{} first/last{undo} · {} close",
                    keys.key_hint(Layer::Journal, Action::Open),
                    keys.key_hint(Layer::Journal, Action::MoveDown),
                    keys.key_hint(Layer::Journal, Action::MoveUp),
                    keys.key_hint(Layer::Journal, Action::Home),
                    keys.key_hint(Layer::Journal, Action::End),
                    keys.key_hint(Layer::Journal, Action::Close),
                )
            };
            super::journal::render(frame, area, view, &state.tenant, &hint, theme)
        }
        Overlay::FileEvent(event) => {
            let keys = &state.keymap;
            let hint = format!(
                "{} copy the event id · {} close",
                keys.key_hint(Layer::FileEvent, Action::Copy),
                keys.key_hint(Layer::FileEvent, Action::Close),
            );
            super::file_event::render(frame, area, event, &hint, theme)
        }
        Overlay::ViewPicker(picker) => {
            super::view_picker::render_picker(frame, area, state, picker, theme)
        }
        Overlay::ViewName(prompt) => {
            super::view_picker::render_name(frame, area, state, prompt, theme)
        }
        Overlay::Watchlists(picker) => super::watchlists::render(frame, area, state, picker, theme),
        Overlay::CommandOutput(run) => {
            super::command_output::render(frame, area, state, run, theme)
        }
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
            let keys = &state.keymap;
            lines.push(Line::from(Span::styled(
                format!(
                    "{} add events · {} cancel",
                    keys.key_hint(Layer::CasePicker, Action::AddToPickedCase),
                    keys.key_hint(Layer::CasePicker, Action::Close)
                ),
                theme.dim(),
            )));
            let title = format!("Add the {}'s events to case", picker.source.noun());
            popup(frame, rect, &title, lines, theme);
        }
    }
}

/// The two last lines of an editor that asks whether to drop its text.
fn discard_lines(question: &str, keys: &Keymap, theme: Theme) -> [Line<'static>; 2] {
    let yes = keys.key_hint(Layer::Confirm, Action::Yes);
    let no = keys.key_hint(Layer::Confirm, Action::No);
    [
        Line::from(Span::styled(
            format!("{question} {yes}/{no}"),
            theme.warning(),
        )),
        Line::from(Span::styled(
            format!("{yes} yes · {no} keep editing"),
            theme.dim(),
        )),
    ]
}

fn render_note(
    frame: &mut Frame,
    area: Rect,
    editor: &NoteEditor,
    discard: Option<&str>,
    keys: &Keymap,
    theme: Theme,
) {
    let rect = centered(area, 70, 12);
    let title = match &editor.purpose {
        NotePurpose::Note {
            view: View::Alerts,
            id,
        } => format!("Note of alert {}", truncate(id, 40)),
        NotePurpose::Note {
            view: View::Sessions,
            id,
        } => format!("New note on session {}", truncate(id, 40)),
        NotePurpose::Note {
            view: View::Cases,
            id,
        } => format!("Findings of case {}", truncate(id, 40)),
        NotePurpose::Assignee { id } => {
            format!("Assign case {} to (user name)", truncate(id, 40))
        }
        NotePurpose::ActorNotes { name, .. } => format!("Notes of {}", truncate(name, 50)),
        NotePurpose::StateChange { view, ids, action } => {
            let verb = match view {
                View::Alerts => AlertKind::state_of(*action).map(|s| s.verb().to_string()),
                View::Sessions => SessionKind::state_of(*action).map(|s| s.verb().to_string()),
                View::Cases => CaseKind::state_of(*action).map(|s| s.verb().to_string()),
            };
            let text = if *view == View::Cases {
                "findings (optional; they replace the case's)"
            } else {
                "note (optional)"
            };
            format!(
                "{} {} {}(s): {text}",
                verb.unwrap_or_default(),
                ids.len(),
                view.nouns().0
            )
        }
    };
    let used = note_length(editor.input.value());
    let width = rect.width.saturating_sub(2) as usize;
    let (rows, (cursor_row, cursor_column)) =
        note_rows(editor.input.value(), editor.input.cursor(), width);
    // The rows around the cursor, NOTE_ROWS of them.
    let first = cursor_row.saturating_sub(NOTE_ROWS.saturating_sub(1));
    let mut shown: Vec<Line<'static>> = rows
        .into_iter()
        .skip(first)
        .take(NOTE_ROWS)
        .map(|row| Line::from(safe(&row)))
        .collect();
    shown.resize(NOTE_ROWS, Line::default());
    let limit = editor.purpose.limit();
    let counter_style = if used > limit {
        theme.error()
    } else {
        theme.dim()
    };
    let mut lines = shown;
    lines.push(Line::from(Span::styled(
        format!("{used}/{limit} characters"),
        counter_style,
    )));
    if let Some(question) = discard {
        lines.extend(discard_lines(question, keys, theme));
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
            NotePurpose::Note { .. } | NotePurpose::Assignee { .. } => "save",
            NotePurpose::StateChange { .. } | NotePurpose::ActorNotes { .. } => "continue",
        };
        let hint = format!(
            "{} {enter} · {} cancel",
            keys.key_hint(Layer::Editor, Action::SaveNote),
            keys.key_hint(Layer::Editor, Action::CancelEdit)
        );
        lines.push(Line::from(Span::styled(hint, theme.dim())));
    }
    popup(frame, rect, &title, lines, theme);
    place_cursor(frame, rect, cursor_column, cursor_row.saturating_sub(first));
}

/// Rows of the note editor.
const NOTE_ROWS: usize = 5;

/// `text` in rows of `width` columns (cut anywhere: a note is typed, not laid out), and
/// the row and column of the character `cursor` (counted in characters).
fn note_rows(text: &str, cursor: usize, width: usize) -> (Vec<String>, (usize, usize)) {
    let width = width.max(1);
    let mut rows = vec![String::new()];
    let mut used = 0_usize;
    let mut at = None;
    for (index, c) in text.chars().enumerate() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used.saturating_add(w) > width {
            rows.push(String::new());
            used = 0;
        }
        if index == cursor {
            at = Some((rows.len().saturating_sub(1), used));
        }
        if let Some(row) = rows.last_mut() {
            row.push(c);
        }
        used = used.saturating_add(w);
    }
    let at = at.unwrap_or_else(|| {
        // At the end: after the last character, or at the start of a new row.
        if used >= width {
            rows.push(String::new());
            (rows.len().saturating_sub(1), 0)
        } else {
            (rows.len().saturating_sub(1), used)
        }
    });
    (rows, at)
}

fn render_export(
    frame: &mut Frame,
    area: Rect,
    prompt: &ExportPrompt,
    keys: &Keymap,
    theme: Theme,
) {
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
            ".csv CSV · .json JSON array · .jsonl JSON Lines; ~/ is your home",
            theme.dim(),
        )),
    ];
    if let Some(fetching) = prompt.fetching {
        let what = match fetching.stage {
            ExportStage::Pages => format!("Fetching {plural}"),
            ExportStage::Notes => "Reading the notes".to_string(),
        };
        lines.push(Line::from(Span::styled(
            format!("{what}: {} of {}…", fetching.done, fetching.total),
            theme.dim(),
        )));
    } else if prompt.writing {
        lines.push(Line::from(Span::styled("Writing…", theme.dim())));
    } else if let Some(error) = &prompt.error {
        lines.push(Line::from(Span::styled(safe(error), theme.error())));
    } else {
        lines.push(Line::default());
    }
    let hint = if prompt.fetching.is_some() {
        format!(
            "{} stop (nothing is written)",
            keys.key_hint(Layer::Export, Action::Close)
        )
    } else if prompt.writing {
        String::new()
    } else {
        format!(
            "{} write · {} cancel",
            keys.key_hint(Layer::Export, Action::WriteExport),
            keys.key_hint(Layer::Export, Action::Close)
        )
    };
    lines.push(Line::from(Span::styled(hint, theme.dim())));
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
    keys: &Keymap,
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
        lines.extend(discard_lines(question, keys, theme));
    } else {
        lines.push(Line::from(status));
        let hint = if form.creating {
            "Waiting for the server".to_string()
        } else {
            format!(
                "{} next field · {} on the last field or {} create · {} cancel",
                keys.key_hint(Layer::CaseForm, Action::NextField),
                keys.key_hint(Layer::CaseForm, Action::NextFieldOrCreate),
                keys.key_hint(Layer::CaseForm, Action::SubmitCase),
                keys.key_hint(Layer::CaseForm, Action::CancelEdit),
            )
        };
        lines.push(Line::from(Span::styled(hint, theme.dim())));
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

#[cfg(test)]
mod tests {
    use super::note_rows;

    #[test]
    fn a_note_wraps_into_rows_and_the_cursor_follows_it() {
        let (rows, at) = note_rows("abcdefghij", 3, 4);
        assert_eq!(rows, ["abcd", "efgh", "ij"]);
        assert_eq!(at, (0, 3));
        assert_eq!(note_rows("abcdefghij", 4, 4).1, (1, 0));
        // At the end of a full row the cursor starts the next one.
        let (rows, at) = note_rows("abcdefgh", 8, 4);
        assert_eq!(rows, ["abcd", "efgh", ""]);
        assert_eq!(at, (2, 0));
        // Wide characters take two columns.
        let (rows, _) = note_rows("日本語テキスト", 0, 5);
        assert_eq!(rows, ["日本", "語テ", "キス", "ト"]);
        assert_eq!(note_rows("", 0, 10), (vec![String::new()], (0, 0)));
    }
}
