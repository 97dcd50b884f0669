//! The card of one event of a file (`Enter` on the events of a file): every field the
//! table leaves out, each value wrapped under itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::popup::{centered, popup};
use crate::state::{FileEventRow, human_size};
use crate::ui::labelled_lines;
use crate::ui::theme::Theme;

const WIDTH: u16 = 76;
/// "Destination: " and a space.
const LABEL: usize = 13;

pub fn render(frame: &mut Frame, area: Rect, event: &FileEventRow, keys: &str, theme: Theme) {
    let inner = usize::from(WIDTH.min(area.width).saturating_sub(2));
    let none = || "—".to_string();
    let text = |value: &Option<String>| value.clone().unwrap_or_else(none);
    let mut fields: Vec<(&str, String)> = vec![(
        "Event id",
        if event.event_id.is_empty() {
            none()
        } else {
            event.event_id.clone()
        },
    )];
    if let Some(reason) = &event.unreadable {
        fields.push(("Unreadable", reason.clone()));
    }
    fields.extend([
        (
            "Time",
            event
                .time
                .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                .unwrap_or_else(none),
        ),
        ("User", text(&event.user)),
        ("Action", text(&event.action)),
        ("File", text(&event.file_name)),
        ("Path", text(&event.directory)),
        ("Size", event.size.map(human_size).unwrap_or_else(none)),
        ("Source", text(&event.source)),
        ("Destination", text(&event.destination)),
        (
            "Risk score",
            event.risk_score.map(|s| s.to_string()).unwrap_or_else(none),
        ),
        ("SHA-256", text(&event.sha256)),
        ("MD5", text(&event.md5)),
    ]);
    let mut lines: Vec<Line<'static>> = fields
        .iter()
        .flat_map(|(label, value)| labelled_lines(label, value, LABEL, inner, theme.header()))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(keys.to_string(), theme.dim())));
    let height = u16::try_from(lines.len().saturating_add(2)).unwrap_or(u16::MAX);
    let rect = centered(area, WIDTH, height);
    popup(frame, rect, "File event", lines, theme);
}
