//! Every field of the selected alert, then its observations.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::state::{
    AlertDetailView, AlertKind, ListKind, ListRow, ObservationView, Slot, State, human_size,
};
use crate::ui::theme::Theme;
use crate::ui::{pane_block, pane_message, safe, truncate};

pub fn when(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

pub fn or_dash(value: Option<&str>) -> String {
    value.filter(|v| !v.is_empty()).unwrap_or("—").to_string()
}

fn list(values: &[String]) -> String {
    if values.is_empty() {
        "—".into()
    } else {
        values.join(", ")
    }
}

/// Raw server text shown for what could not be read is cut here: enough to see what it is.
const RAW_SHOWN: usize = 600;

/// A labelled one-line value; the value is server text, so it is sanitised here.
pub fn field(theme: Theme, label: &str, value: String) -> Line<'static> {
    // A label as wide as the column still gets its space.
    Line::from(vec![
        Span::styled(format!("{label:<12} "), theme.label()),
        Span::raw(safe(&value)),
    ])
}

/// A labelled value that may span lines (a note): one line each, sanitised.
pub fn multi_line_field(theme: Theme, label: &str, value: &str) -> Vec<Line<'static>> {
    let text = crate::sanitize::multi_line(value);
    text.split('\n')
        .enumerate()
        .map(|(index, line)| {
            let label = if index == 0 { label } else { "" };
            Line::from(vec![
                Span::styled(format!("{label:<13}"), theme.label()),
                Span::raw(line.to_string()),
            ])
        })
        .collect()
}

/// Raw server text to read: pretty-printed when it is JSON (its first lines), else
/// the start of it on one line; sanitised either way.
pub fn raw_lines(raw: &str) -> Vec<Line<'static>> {
    const LINES_SHOWN: usize = 40;
    match serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
    {
        Some(pretty) => {
            let mut lines: Vec<Line<'static>> = pretty
                .lines()
                .take(LINES_SHOWN)
                .map(|line| Line::from(safe(line)))
                .collect();
            if pretty.lines().nth(LINES_SHOWN).is_some() {
                lines.push(Line::from("…"));
            }
            lines
        }
        None => vec![Line::from(raw_excerpt(raw))],
    }
}

/// The start of raw server text, sanitised to one line.
fn raw_excerpt(raw: &str) -> String {
    let shown: String = raw.chars().take(RAW_SHOWN).collect();
    let cut = if raw.chars().nth(RAW_SHOWN).is_some() {
        "…"
    } else {
        ""
    };
    format!("{}{cut}", safe(&shown))
}

pub fn detail_lines(detail: &AlertDetailView, theme: Theme) -> Vec<Line<'static>> {
    let row = &detail.row;
    let mut lines = vec![
        field(theme, "Name", row.rule_name.clone()),
        field(theme, "Description", or_dash(detail.description.as_deref())),
        field(
            theme,
            "Rule",
            format!("{} ({})", row.rule_name, or_dash(detail.rule_id.as_deref())),
        ),
        field(theme, "Type", or_dash(detail.rule_type.as_deref())),
        field(theme, "Source", or_dash(detail.rule_source.as_deref())),
        Line::from(vec![
            Span::styled(format!("{:<13}", "Severity"), theme.label()),
            Span::styled(
                row.severity.label().to_string(),
                theme.severity(&row.severity),
            ),
        ]),
        field(theme, "State", {
            let mut text = row.state.label().to_string();
            if let Some(by) = &detail.state_modified_by {
                text.push_str(&format!(" (by {by}, {})", when(detail.state_modified_at)));
            }
            text
        }),
        field(theme, "Actor", row.actor.clone()),
        field(theme, "Target", or_dash(detail.target.as_deref())),
        field(theme, "Created", when(row.created)),
        field(theme, "Id", row.id.clone()),
    ];
    match &detail.note {
        Some(note) if !note.message.is_empty() => {
            lines.extend(multi_line_field(theme, "Note", &note.message));
            lines.push(field(
                theme,
                "  by",
                format!(
                    "{}, {}",
                    or_dash(note.modified_by.as_deref()),
                    when(note.modified_at)
                ),
            ));
        }
        _ => lines.push(field(theme, "Note", "—".into())),
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        format!("Observations ({})", detail.observations.len()),
        theme.header(),
    )));
    for (index, observation) in detail.observations.iter().enumerate() {
        lines.extend(observation_lines(index, observation, theme));
    }
    lines
}

fn observation_lines(index: usize, obs: &ObservationView, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "#{} {}",
            index.saturating_add(1),
            safe(&or_dash(obs.observation_type.as_deref()))
        ),
        theme.header(),
    ))];
    if let Some(problem) = &obs.unreadable {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<13}", "  Data"), theme.label()),
            Span::styled(format!("unreadable: {}", safe(problem)), theme.error()),
        ]));
        if let Some(raw) = &obs.raw_data {
            lines.push(field(theme, "  As sent", raw_excerpt(raw)));
        }
        return lines;
    }
    let files = match (obs.file_count, obs.total_size) {
        (Some(count), Some(size)) => format!("{count} ({})", human_size(size)),
        (Some(count), None) => count.to_string(),
        (None, Some(size)) => human_size(size),
        (None, None) => "—".into(),
    };
    lines.extend([
        field(theme, "  Observed", when(obs.observed_at)),
        field(
            theme,
            "  Activity",
            format!("{} → {}", when(obs.activity_start), when(obs.activity_end)),
        ),
        field(theme, "  Exposure", list(&obs.exposure_types)),
        field(theme, "  Sources", list(&obs.sources)),
        field(theme, "  Files", files),
        field(theme, "  Categories", list(&obs.categories)),
        field(theme, "  Synced to", list(&obs.sync_destinations)),
        field(theme, "  Sender IPs", list(&obs.sending_ips)),
    ]);
    lines
}

/// What a detail pane holds for the record selected in its list.
pub enum DetailBody<'a> {
    /// Nothing is selected: "No alert selected."
    NoSelection,
    /// A record the server sent that could not be read and has no id.
    Unreadable(&'a crate::state::UnreadableView),
    Lines(Vec<Line<'static>>),
    /// Its details could not be loaded: the message, already worded.
    Failed(String),
    /// Not loaded yet: what is being waited for.
    Waiting(&'static str),
}

/// Draws a detail pane, alert or session alike: `noun` names the record ("alert"),
/// `title` is the pane's title, and lines scroll by `scroll`, stopping at the last one.
pub fn render_body(
    frame: &mut Frame,
    area: Rect,
    (noun, title): (&str, String),
    body: DetailBody<'_>,
    scroll: u16,
    theme: Theme,
    focused: bool,
) {
    let block = pane_block(Line::from(title), focused, theme);
    let lines = match body {
        DetailBody::NoSelection => {
            let text = format!("No {noun} selected.");
            return pane_message(frame, area, block, &text, theme.dim());
        }
        DetailBody::Failed(text) => return pane_message(frame, area, block, &text, theme.error()),
        DetailBody::Waiting(text) => return pane_message(frame, area, block, text, theme.dim()),
        DetailBody::Unreadable(problem) => {
            let mut lines = vec![
                Line::from(Span::styled(
                    format!("Could not read this {noun}: {}", safe(&problem.reason)),
                    theme.error(),
                )),
                Line::from("It has no id, so its details cannot be fetched."),
                Line::default(),
                Line::from(Span::styled("As the server sent it:", theme.label())),
            ];
            lines.extend(raw_lines(&problem.raw));
            lines
        }
        // Wrapped here rather than by the paragraph: a value's next line starts under
        // the value.
        DetailBody::Lines(lines) => {
            crate::ui::hanging_wrap(lines, usize::from(area.width.saturating_sub(2)))
        }
    };
    // Scrolling stops at the last line instead of running into blank space.
    let last = u16::try_from(lines.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let paragraph = Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .scroll((scroll.min(last), 0));
    frame.render_widget(paragraph, area);
}

/// What a kind's detail pane shows of one of its items.
pub trait DetailLines: ListKind {
    /// The pane's title, before the item's id.
    const TITLE: &'static str;
    /// What comes before the reason when the details could not be loaded.
    const FAILED: &'static str;
    /// What the pane says while they load.
    const LOADING: &'static str;
    fn lines(detail: &Self::Detail, theme: Theme) -> Vec<Line<'static>>;
}

impl DetailLines for AlertKind {
    const TITLE: &'static str = "Detail";
    const FAILED: &'static str = "Could not load details";
    const LOADING: &'static str = "Loading details…";
    fn lines(detail: &AlertDetailView, theme: Theme) -> Vec<Line<'static>> {
        detail_lines(detail, theme)
    }
}

/// The detail pane of the selected row of a list.
pub fn render<K: DetailLines>(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    theme: Theme,
    focused: bool,
) {
    let pane = K::pane(state);
    let noun = K::VIEW.nouns().0;
    let Some(row) = pane.list.selected_row() else {
        let title = format!(" {} ", K::TITLE);
        return render_body(
            frame,
            area,
            (noun, title),
            DetailBody::NoSelection,
            0,
            theme,
            focused,
        );
    };
    let title = format!(" {} {} ", K::TITLE, truncate(row.id(), 40));
    let body = match (row.unreadable(), pane.details.get(row.id())) {
        (Some(problem), _) if !row.has_id() => DetailBody::Unreadable(problem),
        (_, Some(detail)) => DetailBody::Lines(K::lines(detail, theme)),
        _ => match pane.detail_errors.get(row.id()) {
            Some(error) => DetailBody::Failed(format!("{}: {}", K::FAILED, safe(&error.message))),
            None if state.is_pending(Slot::Detail(K::VIEW)) => DetailBody::Waiting(K::LOADING),
            None => DetailBody::Waiting("Details load when the selection settles."),
        },
    };
    render_body(
        frame,
        area,
        (noun, title),
        body,
        pane.detail_scroll,
        theme,
        focused,
    );
}
