//! Every field of the selected session: summaries, risk indicators, triggered alerts,
//! state history and all its notes.

use ratatui::text::{Line, Span};

use super::detail::{DetailLines, field, multi_line_field, or_dash, when};
use crate::state::{SessionDetailView, SessionKind};
use crate::ui::safe;
use crate::ui::theme::Theme;

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
    // The names padded to the longest, so the weights line up.
    let name_width = row
        .risk_indicators
        .iter()
        .map(|i| crate::ui::cell_width(&i.name))
        .max()
        .unwrap_or(0)
        .min(28);
    for indicator in &row.risk_indicators {
        let name = crate::ui::truncate(&indicator.name, name_width);
        let pad = " ".repeat(name_width.saturating_sub(crate::ui::cell_width(&name)));
        let mut facts = Vec::new();
        if let Some(weight) = indicator.weight {
            facts.push(format!("weight {weight}"));
        }
        if let Some(count) = indicator.event_count {
            let noun = if count == 1 { "event" } else { "events" };
            facts.push(format!("{count} {noun}"));
        }
        lines.push(Line::from(vec![
            Span::raw(format!("  {name}{pad}")),
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

impl DetailLines for SessionKind {
    const TITLE: &'static str = "Session";
    const FAILED: &'static str = "Could not load the session";
    const LOADING: &'static str = "Loading the session…";
    fn lines(detail: &SessionDetailView, theme: Theme) -> Vec<Line<'static>> {
        session_lines(detail, theme)
    }
}
