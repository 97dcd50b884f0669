//! Every field of the selected case: who it is about and assigned to, its history, its
//! description and its findings, whole.

use ratatui::text::{Line, Span};

use super::detail::{DetailLines, field, or_dash, when};
use crate::state::{CaseDetailView, CaseKind};
use crate::ui::theme::Theme;

fn by(at: String, who: Option<&str>) -> String {
    match who.filter(|w| !w.is_empty()) {
        Some(who) => format!("{at} by {who}"),
        None => at,
    }
}

pub fn case_lines(detail: &CaseDetailView, theme: Theme) -> Vec<Line<'static>> {
    let row = &detail.row;
    let mut lines = vec![
        field(theme, "Name", row.name.clone()),
        field(theme, "Status", row.status.label().to_string()),
        field(theme, "Assignee", or_dash(row.assignee.as_deref())),
        field(theme, "Subject", or_dash(row.subject.as_deref())),
        field(
            theme,
            "Created",
            by(when(row.created), detail.created_by.as_deref()),
        ),
        field(
            theme,
            "Updated",
            by(when(row.updated), detail.last_modified_by.as_deref()),
        ),
        field(theme, "Number", row.id.clone()),
    ];
    for (heading, text) in [
        ("Description", detail.description.as_deref()),
        ("Findings", detail.findings.as_deref()),
    ] {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(heading, theme.header())));
        match text.filter(|t| !t.trim().is_empty()) {
            Some(text) => lines.extend(
                crate::sanitize::multi_line(text)
                    .split('\n')
                    .map(|line| Line::from(line.to_string())),
            ),
            None => lines.push(Line::from(Span::styled("—", theme.dim()))),
        }
    }
    lines
}

impl DetailLines for CaseKind {
    const TITLE: &'static str = "Case";
    const FAILED: &'static str = "Could not load the case";
    const LOADING: &'static str = "Loading the case…";
    fn lines(detail: &CaseDetailView, theme: Theme) -> Vec<Line<'static>> {
        case_lines(detail, theme)
    }
}
