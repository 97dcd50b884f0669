//! What one of the analyst's commands printed, scrolled; its state in the title.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::popup::{centered, popup};
use crate::action::{Action, Layer};
use crate::state::{CommandRun, State};
use crate::ui::theme::Theme;
use crate::ui::{safe, truncate};

pub fn render(frame: &mut Frame, area: Rect, state: &State, run: &CommandRun, theme: Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(4),
        area.height.saturating_sub(2),
    );
    // Borders, the line that says how it ended and the hint.
    let visible = usize::from(rect.height.saturating_sub(4)).max(1);
    let (one, many) = state.view.nouns();
    let items = if run.items == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", run.items)
    };
    let title = format!("{} on {items}", truncate(&run.name, 30));
    let mut lines: Vec<Line<'static>> = run
        .lines
        .iter()
        .skip(run.scroll)
        .take(visible)
        .map(|line| Line::from(safe(line)))
        .collect();
    lines.resize(visible, Line::default());
    let end = match &run.ended {
        None => Span::styled("running…", theme.dim()),
        Some(Ok(status)) => Span::styled(
            format!("done ({status}) · {} lines", run.lines.len()),
            theme.dim(),
        ),
        Some(Err(why)) => Span::styled(format!("failed: {}", safe(why)), theme.error()),
    };
    let mut status = vec![end];
    if run.dropped > 0 {
        status.push(Span::styled(
            format!(" · {} more lines not kept", run.dropped),
            theme.warning(),
        ));
    }
    lines.push(Line::from(status));
    let keys = &state.keymap;
    let close = if run.running() {
        "stop and close"
    } else {
        "close"
    };
    lines.push(Line::from(Span::styled(
        format!(
            "{}/{} scroll · {} {close}",
            keys.key_hint(Layer::CommandOutput, Action::MoveDown),
            keys.key_hint(Layer::CommandOutput, Action::MoveUp),
            keys.key_hint(Layer::CommandOutput, Action::Close)
        ),
        theme.dim(),
    )));
    popup(frame, rect, &title, lines, theme);
}
