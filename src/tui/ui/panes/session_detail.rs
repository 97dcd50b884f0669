//! Every field of the selected session: summaries, risk indicators, triggered alerts,
//! state history and all its notes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::detail::{field, multi_line_field, or_dash, raw_lines, when};
use crate::tui::state::{SessionDetailView, Slot, State};
use crate::tui::ui::theme::Theme;
use crate::tui::ui::{pane_block, pane_message, safe, truncate};

fn heading(text: String, theme: Theme) -> Line<'static> {
    Line::from(Span::styled(text, theme.header()))
}

pub fn session_lines(detail: &SessionDetailView, theme: Theme) -> Vec<Line<'static>> {
    let row = &detail.row;
    let score = row
        .score
        .map(|s| format!(" (score {s})"))
        .unwrap_or_default();
    let [critical, high, moderate, low, none] = detail.event_counts;
    let mut lines = vec![
        field(theme, "Actor", row.actor.clone()),
        Line::from(vec![
            Span::styled(format!("{:<13}", "Severity"), theme.label()),
            Span::styled(
                row.severity.label().to_string(),
                theme.severity(&row.severity),
            ),
            Span::raw(score),
        ]),
        field(theme, "State", row.state.long_label().to_string()),
        field(
            theme,
            "Window",
            format!("{} → {}", when(row.begin), when(row.end)),
        ),
        field(theme, "Updated", when(detail.last_updated)),
        field(
            theme,
            "Events",
            format!(
                "critical {critical} · high {high} · moderate {moderate} · low {low} · no risk {none}"
            ),
        ),
        field(theme, "Type", or_dash(detail.session_type.as_deref())),
        field(
            theme,
            "Inspection",
            or_dash(detail.content_inspection.as_deref()),
        ),
        field(theme, "Id", row.id.clone()),
    ];
    lines.extend(multi_line_field(
        theme,
        "Context",
        &or_dash(detail.context_summary.as_deref()),
    ));
    lines.extend(multi_line_field(
        theme,
        "Exfiltration",
        &or_dash(detail.exfiltration_summary.as_deref()),
    ));
    lines.push(Line::default());
    lines.push(heading(
        format!("Risk indicators ({})", row.risk_indicators.len()),
        theme,
    ));
    for indicator in &row.risk_indicators {
        let mut facts = Vec::new();
        if let Some(weight) = indicator.weight {
            facts.push(format!("weight {weight}"));
        }
        if let Some(count) = indicator.event_count {
            let noun = if count == 1 { "event" } else { "events" };
            facts.push(format!("{count} {noun}"));
        }
        lines.push(Line::from(vec![
            Span::raw(format!("  {}", safe(&indicator.name))),
            Span::styled(format!("  {}", facts.join(" · ")), theme.dim()),
        ]));
    }
    lines.push(heading(
        format!("Triggered alerts ({})", detail.triggered_alerts.len()),
        theme,
    ));
    for alert in &detail.triggered_alerts {
        lines.push(Line::from(vec![
            Span::raw(format!("  {}", safe(&or_dash(alert.rule_name.as_deref())))),
            Span::styled(format!("  {}", safe(&alert.alert_id)), theme.dim()),
        ]));
    }
    lines.push(heading(
        format!("State history ({})", detail.states.len()),
        theme,
    ));
    for change in &detail.states {
        let by = change
            .by
            .as_deref()
            .map(|b| format!(" by {}", safe(b)))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("  {}", when(change.at)), theme.dim()),
            Span::raw(format!("  {}{by}", safe(change.state.long_label()))),
        ]));
    }
    lines.push(heading(format!("Notes ({})", detail.notes.len()), theme));
    for note in &detail.notes {
        lines.push(Line::from(Span::styled(
            format!(
                "  {} · {}",
                when(note.at),
                safe(&or_dash(note.author.as_deref()))
            ),
            theme.dim(),
        )));
        for text in crate::sanitize::multi_line(&note.content).split('\n') {
            lines.push(Line::from(format!("    {text}")));
        }
    }
    lines
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme, focused: bool) {
    let sessions = &state.sessions;
    let Some(row) = sessions.list.selected_row() else {
        let block = pane_block(Line::from(" Session "), focused, theme);
        pane_message(frame, area, block, "No session selected.", theme.dim());
        return;
    };
    let block = pane_block(
        Line::from(format!(" Session {} ", truncate(&row.id, 40))),
        focused,
        theme,
    );
    if !row.has_id()
        && let Some(problem) = &row.unreadable
    {
        let mut lines = vec![
            Line::from(Span::styled(
                format!("Could not read this session: {}", safe(&problem.reason)),
                theme.error(),
            )),
            Line::from("It has no id, so its details cannot be fetched."),
            Line::default(),
            Line::from(Span::styled("As the server sent it:", theme.label())),
        ];
        lines.extend(raw_lines(&problem.raw));
        let paragraph = Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((sessions.detail_scroll, 0));
        frame.render_widget(paragraph, area);
    } else if let Some(detail) = sessions.details.get(&row.id) {
        let lines = session_lines(detail, theme);
        let last = u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let paragraph = Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false })
            .scroll((sessions.detail_scroll.min(last), 0));
        frame.render_widget(paragraph, area);
    } else if let Some(error) = sessions.detail_errors.get(&row.id) {
        let text = format!("Could not load the session: {}", safe(&error.message));
        pane_message(frame, area, block, &text, theme.error());
    } else {
        let text = if state.is_pending(Slot::SessionDetail) {
            "Loading the session…"
        } else {
            "Details load when the selection settles."
        };
        pane_message(frame, area, block, text, theme.dim());
    }
}
