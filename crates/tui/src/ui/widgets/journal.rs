//! The journal overlay: one line per change (time, action, count, state or case,
//! outcome and why), newest first, scrolled with the selection at the top; the tenant
//! of a change made elsewhere is named; `Enter` shows the change at the top whole.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::journal::ChangeSummary;
use crate::state::JournalView;
use crate::ui::theme::Theme;
use crate::ui::truncate;

const TIME: usize = 16;
const ACTION: usize = 15;
const COUNT: usize = 5;
const TARGET: usize = 14;

/// `text` cut to `width` columns and padded to them.
fn column(text: &str, width: usize) -> String {
    let mut cell = truncate(text, width);
    let pad = width.saturating_sub(cell.width());
    cell.extend(std::iter::repeat_n(' ', pad));
    cell
}

fn outcome_style(outcome: &str, theme: Theme) -> Style {
    match outcome {
        "ok" | "ok (checked)" => Style::new(),
        "failed" => theme.error(),
        _ => theme.warning(),
    }
}

/// Where a change was made, short: the host (and port) of the tenant's URL.
fn tenant_label(tenant: &str) -> String {
    let rest = tenant
        .strip_prefix("https://")
        .or_else(|| tenant.strip_prefix("http://"))
        .unwrap_or(tenant);
    rest.split('/').next().unwrap_or(rest).to_string()
}

fn entry_line(change: &ChangeSummary, width: usize, here: &str, theme: Theme) -> Line<'static> {
    let target = change
        .state
        .as_deref()
        .map(str::to_ascii_lowercase)
        .or_else(|| change.case.clone())
        .unwrap_or_default();
    // An undo is marked: its own line undoes it in turn.
    let action = match change.undoes {
        Some(_) => format!("↶ {}", change.action),
        None => change.action.clone(),
    };
    // A case created has no items of its own to count.
    let count = if change.count == 0 {
        "—".to_string()
    } else {
        change.count.to_string()
    };
    let fixed = format!(
        "{} {} {:>COUNT$} {} ",
        column(&change.at.format("%Y-%m-%d %H:%M").to_string(), TIME),
        column(&action, ACTION),
        count,
        column(&target, TARGET),
    );
    let rest = width.saturating_sub(fixed.width());
    let outcome = match &change.reason {
        Some(reason) if !reason.is_empty() => format!("{}: {reason}", change.outcome),
        _ => change.outcome.clone(),
    };
    let mut spans = vec![
        Span::raw(fixed),
        Span::styled(
            truncate(&outcome, rest),
            outcome_style(&change.outcome, theme),
        ),
    ];
    // Made on another tenant (another run of the demo, another profile): said so.
    if change.tenant != here {
        let used: usize = spans.iter().map(Span::width).sum();
        let label = format!(" · on {}", tenant_label(&change.tenant));
        spans.push(Span::styled(
            truncate(&label, width.saturating_sub(used)),
            theme.warning(),
        ));
    }
    Line::from(spans)
}

/// The change at the top, whole: every field the journal holds, the ids all listed.
fn change_lines(
    change: &ChangeSummary,
    width: usize,
    here: &str,
    theme: Theme,
) -> Vec<Line<'static>> {
    let label = |text: &str| Span::styled(format!("{text:<12} "), theme.label());
    let mut lines = Vec::new();
    let mut field = |name: &str, value: String| {
        lines.push(Line::from(vec![
            label(name),
            Span::raw(crate::ui::safe(&value)),
        ]));
    };
    field("Change", change.change.clone());
    field(
        "Time",
        change.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
    );
    field("Action", change.action.clone());
    if let Some(undone) = &change.undoes {
        field("Undoes", undone.clone());
    }
    if let Some(state) = &change.state {
        field("State", state.clone());
    }
    if let Some(case) = &change.case {
        field("Case", case.clone());
    }
    let outcome = match &change.reason {
        Some(reason) if !reason.is_empty() => format!("{}: {reason}", change.outcome),
        _ => change.outcome.clone(),
    };
    field("Outcome", outcome);
    let tenant = if change.tenant == here {
        format!("{} (this one)", change.tenant)
    } else {
        change.tenant.clone()
    };
    field("Tenant", tenant);
    field("By", change.who.clone());
    match &change.note {
        Some(note) if !note.is_empty() => {
            for (index, line) in crate::sanitize::multi_line(note).split('\n').enumerate() {
                let name = if index == 0 { "Note" } else { "" };
                lines.push(Line::from(vec![label(name), Span::raw(line.to_string())]));
            }
        }
        _ => lines.push(Line::from(vec![label("Note"), Span::raw("—")])),
    }
    lines.push(Line::from(vec![
        label("Items"),
        Span::raw(change.ids.len().to_string()),
    ]));
    for id in &change.ids {
        lines.push(Line::from(format!("  {}", crate::ui::safe(id))));
    }
    crate::ui::hanging_wrap(lines, width)
}

/// `keys`: the hint of its keys, from the keymap.
/// `here`: the tenant of this run, as the journal records it.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    view: &JournalView,
    here: &str,
    keys: &str,
    theme: Theme,
) {
    let rect = Rect {
        x: area.x.saturating_add(1),
        y: area.y.saturating_add(1),
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    };
    let inner_width = usize::from(rect.width.saturating_sub(2));
    // Borders, the header and the keys.
    let visible = usize::from(rect.height.saturating_sub(4));
    let mut lines: Vec<Line<'static>> = Vec::new();
    if view.loading {
        lines.push(Line::from(Span::styled(
            "Reading the journal…",
            theme.dim(),
        )));
    } else if let Some(error) = &view.error {
        lines.push(Line::from(Span::styled(
            truncate(error, inner_width),
            theme.error(),
        )));
    } else if let (Some(scroll), Some(change)) = (view.opened, view.entries.get(view.scroll)) {
        let all = change_lines(change, inner_width, here, theme);
        let last = all.len().saturating_sub(visible.saturating_add(1));
        lines.extend(all.into_iter().skip(scroll.min(last)));
        lines.truncate(visible.saturating_add(1));
    } else if view.entries.is_empty() {
        lines.push(Line::from(Span::styled(
            "No changes recorded yet.",
            theme.dim(),
        )));
    } else {
        let header = format!(
            "{} {} {:>COUNT$} {} Outcome",
            column("Time (UTC)", TIME),
            column("Action", ACTION),
            "Count",
            column("State/case", TARGET),
        );
        lines.push(Line::from(Span::styled(
            truncate(&header, inner_width),
            theme.header(),
        )));
        lines.extend(
            view.entries
                .iter()
                .skip(view.scroll)
                .take(visible)
                .enumerate()
                .map(|(row, change)| {
                    let line = entry_line(change, inner_width, here, theme);
                    // The top row is the change `U` undoes.
                    if row == 0 {
                        line.patch_style(theme.selected())
                    } else {
                        line
                    }
                }),
        );
    }
    let used = lines.len();
    lines.extend(std::iter::repeat_n(
        Line::default(),
        visible.saturating_add(1).saturating_sub(used),
    ));
    let position = if view.entries.is_empty() || view.opened.is_some() {
        String::new()
    } else {
        let last = view.scroll.saturating_add(visible).min(view.entries.len());
        format!(
            "{}–{last} of {} · ",
            view.scroll.saturating_add(1),
            view.entries.len()
        )
    };
    lines.push(Line::from(Span::styled(
        format!("{position}{keys}"),
        theme.dim(),
    )));
    let noun = if view.total == 1 { "change" } else { "changes" };
    let shown = if view.total > view.entries.len() {
        format!(
            " Journal · newest {} of {} {noun} ",
            view.entries.len(),
            view.total
        )
    } else {
        format!(" Journal · {} {noun} ", view.total)
    };
    let shown = format!("{shown}· this tenant {} ", tenant_label(here));
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(shown)
        .border_style(theme.focused_border());
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
