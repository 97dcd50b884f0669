//! The actor card, in place of the panes: who the actor is (directory details, the
//! watchlists they are on), then their open alerts, open sessions and recent file
//! events, one section shown at a time (`Tab`), each with the server's count.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Tabs};

use super::detail::field;
use crate::action::{Action, Layer};
use crate::state::{ActorCard, ActorProfileView, CardSection, Part, Slot, State};
use crate::ui::theme::Theme;
use crate::ui::{hanging_wrap, pane_block, safe, truncate};

pub fn render(frame: &mut Frame, area: Rect, state: &State, card: &ActorCard, theme: Theme) {
    let loading = state.is_pending(Slot::ActorCard);
    let mut title = format!(" Actor {} ", truncate(card.label(), 50));
    if loading {
        title.push_str("· reading… ");
    } else if card.saving {
        title.push_str("· saving… ");
    }
    let block = pane_block(Line::from(title), true, theme);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let profile = hanging_wrap(profile_lines(card, theme), width);
    // The profile takes what it needs, up to half the card; the rows get the rest.
    let most = inner.height / 2;
    let profile_height = u16::try_from(profile.len()).unwrap_or(u16::MAX).min(most);
    let [profile_area, tabs_area, rows_area, hint_area] = Layout::vertical([
        Constraint::Length(profile_height),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(profile), profile_area);
    let labels: Vec<String> = CardSection::ALL
        .iter()
        .map(|section| section_label(card, *section))
        .collect();
    let shown = CardSection::ALL
        .iter()
        .position(|s| *s == card.section)
        .unwrap_or(0);
    frame.render_widget(
        Tabs::new(labels)
            .select(shown)
            .highlight_style(Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD))
            .divider("|"),
        tabs_area,
    );
    let rows = section_lines(card, theme, width);
    let height = usize::from(rows_area.height).max(1);
    let selected = card.selected_in(card.section);
    let start = super::list::window_start(selected, height);
    frame.render_widget(
        Paragraph::new(
            rows.into_iter()
                .skip(start)
                .take(height)
                .collect::<Vec<_>>(),
        ),
        rows_area,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(hint(state), theme.dim())),
        hint_area,
    );
}

/// The keys of the card, those that change things left out in `--read-only`.
fn hint(state: &State) -> String {
    let keys = &state.keymap;
    let key = |action| keys.key_hint(Layer::ActorCard, action);
    let mut parts = vec![
        format!(
            "{}/{}/{} alerts/sessions/events",
            key(Action::PivotAlerts),
            key(Action::PivotSessions),
            key(Action::PivotFileEvents)
        ),
        format!("{} next", key(Action::NextPane)),
    ];
    if !state.read_only {
        parts.push(format!(
            "{}/{} watchlist",
            key(Action::AddToWatchlist),
            key(Action::RemoveFromWatchlist)
        ));
        parts.push(format!("{} notes", key(Action::EditNote)));
    }
    parts.push(format!("{} back", key(Action::Close)));
    parts.join(" · ")
}

fn section_label(card: &ActorCard, section: CardSection) -> String {
    let count = match section {
        CardSection::Alerts => count_of(&card.data.alerts),
        CardSection::Sessions => count_of(&card.data.sessions),
        CardSection::FileEvents => count_of(&card.data.file_events),
    };
    format!("{} {count}", section.title())
}

fn count_of<T>(part: &Part<crate::state::Counted<T>>) -> String {
    match part {
        Part::Loading => "…".into(),
        Part::Ready(counted) => counted.total.to_string(),
        Part::Failed(_) => "?".into(),
    }
}

fn profile_lines(card: &ActorCard, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = match &card.data.profile {
        Part::Loading => vec![Line::from(Span::styled(
            "Reading the actor's profile…",
            theme.dim(),
        ))],
        Part::Failed(error) => vec![Line::from(Span::styled(
            format!(
                "The actor's profile could not be read: {}",
                safe(&error.message)
            ),
            theme.error(),
        ))],
        Part::Ready(profile) => profile_fields(profile, theme),
    };
    let watchlists = match &card.data.watchlists {
        Part::Loading => "…".to_string(),
        Part::Failed(error) => format!("could not be read ({})", error.message),
        Part::Ready(on) if on.is_empty() => "none".to_string(),
        Part::Ready(on) => on
            .iter()
            .map(|w| w.title.as_str())
            .collect::<Vec<_>>()
            .join(" · "),
    };
    lines.push(field(theme, "Watchlists", watchlists));
    lines
}

fn profile_fields(profile: &ActorProfileView, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut name = profile.full_name.clone().unwrap_or_default();
    if profile.active == Some(false) {
        name.push_str(" (inactive)");
    }
    if !name.trim().is_empty() {
        lines.push(field(theme, "Name", name.trim().to_string()));
    }
    let role: Vec<&str> = [&profile.title, &profile.department, &profile.division]
        .into_iter()
        .filter_map(|v| v.as_deref())
        .filter(|v| !v.is_empty())
        .collect();
    if !role.is_empty() {
        lines.push(field(theme, "Role", role.join(" · ")));
    }
    if let Some(kind) = profile.employee_type.as_deref().filter(|v| !v.is_empty()) {
        lines.push(field(theme, "Employment", kind.to_string()));
    }
    if let Some(manager) = profile.manager.as_deref().filter(|v| !v.is_empty()) {
        lines.push(field(theme, "Manager", manager.to_string()));
    }
    if let Some(location) = profile.location.as_deref() {
        lines.push(field(theme, "Location", location.to_string()));
    }
    if let Some(start) = profile.start_date.as_deref().filter(|v| !v.is_empty()) {
        lines.push(field(theme, "Started", start.to_string()));
    }
    if let Some(end) = profile.end_date.as_deref().filter(|v| !v.is_empty()) {
        // The departure date is what an analyst looks for first on a card.
        lines.push(Line::from(vec![
            Span::styled(format!("{:<12} ", "Leaves"), theme.label()),
            Span::styled(safe(end), theme.warning()),
        ]));
    }
    if let Some(notes) = profile.notes.as_deref() {
        lines.push(field(theme, "Notes", notes.to_string()));
    }
    if !profile.alternate_names.is_empty() {
        lines.push(field(
            theme,
            "Also known",
            profile.alternate_names.join(", "),
        ));
    }
    lines
}

fn short(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".into())
}

/// The rows of the section shown, one line each, the selected one marked.
fn section_lines(card: &ActorCard, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let selected = card.selected_in(card.section);
    let rows = Rows {
        theme,
        width,
        selected,
    };
    match card.section {
        CardSection::Alerts => rows.lines(&card.data.alerts, "alerts", |row| {
            (
                format!(
                    "{:<8} {:<11} {} ",
                    row.severity.label(),
                    row.state.label(),
                    short(row.created)
                ),
                row.rule_name.clone(),
            )
        }),
        CardSection::Sessions => rows.lines(&card.data.sessions, "sessions", |row| {
            let score = row.score.map(|s| s.to_string()).unwrap_or_default();
            (
                format!(
                    "{:<8} {:>3} {:<9} {} ",
                    row.severity.label(),
                    score,
                    row.state.label(),
                    short(row.begin)
                ),
                super::session_list::indicator_names(row),
            )
        }),
        CardSection::FileEvents => rows.lines(&card.data.file_events, "file events", |event| {
            let file = event.file_name.as_deref().unwrap_or("(unnamed)");
            let text = match event.destination.as_deref() {
                Some(to) if !to.is_empty() => format!("{file} → {to}"),
                _ => file.to_string(),
            };
            (
                format!(
                    "{} {:<16} ",
                    short(event.time),
                    truncate(event.action.as_deref().unwrap_or("—"), 16)
                ),
                text,
            )
        }),
    }
}

/// How a section's rows are drawn: a fixed lead and a text cut to what is left.
struct Rows {
    theme: Theme,
    width: usize,
    selected: usize,
}

impl Rows {
    /// The section's lines: reading, why it failed, that it is empty, or its rows
    /// (each `row` giving its lead and its text) and how many more the tenant holds.
    fn lines<T>(
        &self,
        part: &Part<crate::state::Counted<T>>,
        noun: &str,
        row: impl Fn(&T) -> (String, String),
    ) -> Vec<Line<'static>> {
        let theme = self.theme;
        let counted = match part {
            Part::Loading => return vec![Line::from(Span::styled("Reading…", theme.dim()))],
            Part::Failed(error) => {
                return vec![Line::from(Span::styled(
                    format!("Could not be read: {}", safe(&error.message)),
                    theme.error(),
                ))];
            }
            Part::Ready(counted) => counted,
        };
        if counted.rows.is_empty() {
            let what = match noun {
                "file events" => "No file events.".to_string(),
                _ => format!("No open {noun}."),
            };
            return vec![Line::from(Span::styled(what, theme.dim()))];
        }
        let mut lines: Vec<Line<'static>> = counted
            .rows
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let chosen = index == self.selected;
                let style = if chosen {
                    theme.selected()
                } else {
                    Style::new()
                };
                let (lead, text) = row(item);
                let lead = format!("{}{lead}", if chosen { "▶ " } else { "  " });
                let rest = self
                    .width
                    .saturating_sub(crate::ui::cell_width(&lead))
                    .max(4);
                Line::from(vec![
                    Span::styled(lead, style),
                    Span::styled(truncate(&text, rest), style),
                ])
            })
            .collect();
        lines.extend(more(counted.total, counted.rows.len(), noun, theme));
        lines
    }
}

/// "… and 23 more: a lists them all" under a section that holds only the first rows.
fn more(total: u64, shown: usize, noun: &str, theme: Theme) -> Option<Line<'static>> {
    let left = total.saturating_sub(shown as u64);
    (left > 0).then(|| {
        Line::from(Span::styled(
            format!("  … and {left} more {noun}"),
            theme.dim(),
        ))
    })
}
