//! The bottom line: a spinner per pending call, progress, the last message, key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::action::Action;
use crate::state::{State, StatusKind};
use crate::ui::theme::Theme;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: Theme) {
    let spinner = SPINNER
        .get(state.status.spinner.checked_rem(SPINNER.len()).unwrap_or(0))
        .copied()
        .unwrap_or(" ");
    let mut spans: Vec<Span> = Vec::new();
    let watch = &state.watch;
    if watch.on {
        match &watch.last_error {
            Some(error) => {
                let wait = crate::state::watch_backoff(watch.interval, watch.failures);
                spans.push(Span::styled(
                    format!(
                        "watch failed ({}), next try in {} · ",
                        crate::ui::safe(error),
                        crate::state::watch_interval_label(wait)
                    ),
                    theme.warning(),
                ));
            }
            None => {
                let mut text = format!(
                    "watch every {}",
                    crate::state::watch_interval_label(watch.interval)
                );
                if let Some(at) = watch.last_change {
                    text.push_str(&format!(" · last change {}", at.format("%H:%M UTC")));
                }
                text.push_str(" · ");
                spans.push(Span::styled(text, theme.dim()));
            }
        }
    }
    // With nothing else to say, the key hints follow what watch mode says.
    let leading = spans.len();
    let retrying = &state.status.retrying;
    // Background calls (reading ahead, watch mode) are not something anyone waits for.
    for slot in state.status.pending.keys().filter(|s| !s.is_background()) {
        match retrying.get(&Some(*slot)) {
            Some(text) => spans.push(Span::styled(
                format!("{spinner} {}: {} ", slot.label(), crate::ui::safe(text)),
                theme.warning(),
            )),
            None => spans.push(Span::raw(format!("{spinner} {} ", slot.label()))),
        }
    }
    // Retries of changes, and of calls that did not say which they were.
    if state.has_pending() {
        for (slot, text) in retrying {
            let text = match slot {
                Some(slot) if state.status.pending.contains_key(slot) => continue,
                Some(slot) => format!("{}: {} ", slot.label(), crate::ui::safe(text)),
                None => format!("{} ", crate::ui::safe(text)),
            };
            spans.push(Span::styled(text, theme.warning()));
        }
    }
    // The first bulk change is being sent; the others wait their turn.
    let bulk: Vec<String> = state
        .status
        .bulk
        .iter()
        .enumerate()
        .map(|(index, bulk)| {
            let queued = if index == 0 { "" } else { "queued " };
            format!("{} {queued}{}/{}", bulk.verb, bulk.answered(), bulk.total)
        })
        .collect();
    if !bulk.is_empty() {
        spans.push(Span::raw(format!("{spinner} {} ", bulk.join(" · "))));
    }
    if let Some(case) = &state.status.case {
        let target = case
            .case_number
            .map(|n| format!("case #{n}"))
            .unwrap_or_else(|| "new case".into());
        spans.push(Span::raw(format!(
            "{spinner} {target}: {}/{} events ",
            case.events_added, case.events_total
        )));
    }
    if let Some(message) = &state.status.message {
        let style = match message.kind {
            StatusKind::Error => theme.error(),
            StatusKind::Info => ratatui::style::Style::new(),
        };
        let prefix = if message.kind == StatusKind::Error {
            "error: "
        } else {
            ""
        };
        spans.push(Span::styled(
            format!("{prefix}{}", crate::ui::safe(&message.text)),
            style,
        ));
    } else if spans.len() == leading && state.card.is_some() {
        // The card says its own keys; these work over it too.
        let keys = &state.keymap;
        spans.push(Span::styled(
            format!(
                "{} help · {} command line · {} journal",
                keys.keys_label(Action::Help),
                keys.keys_label(Action::CommandLine),
                keys.keys_label(Action::Journal),
            ),
            theme.dim(),
        ));
    } else if spans.len() == leading {
        let keys = &state.keymap;
        let hint = format!(
            "{} help · {} filter · {} command · {} open · {} pane · {} views · {} quit",
            keys.keys_label(Action::Help),
            keys.keys_label(Action::Filter),
            keys.keys_label(Action::CommandLine),
            keys.keys_label(Action::Open),
            keys.keys_label(Action::NextPane),
            keys.keys_label(Action::SwitchView),
            keys.keys_label(Action::Quit),
        );
        spans.push(Span::styled(hint, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
