//! The columns of the alert table: severity, state, created, rule, actor and id.

use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};

use super::list::{ListTable, or_dash};
use crate::filter::SortSpec;
use crate::state::{AlertKind, AlertRow, State};
use crate::ui::theme::Theme;
use crate::ui::{cell_width, share_pair, truncate};

/// How the alert table is laid out at one width.
pub struct AlertColumns {
    show_created: bool,
    show_id: bool,
    created_format: &'static str,
    widths: Vec<usize>,
    rule: usize,
    actor: usize,
}

impl ListTable for AlertKind {
    type Columns = AlertColumns;
    const EMPTY: &'static str = "No alerts.";

    fn sort_label(sort: &SortSpec) -> String {
        let arrow = if sort.descending { "↓" } else { "↑" };
        format!("{} {arrow}", sort.column.label())
    }

    fn columns(area: Rect, rows: &[AlertRow]) -> AlertColumns {
        let inner_width = area.width.saturating_sub(4) as usize;
        let show_id = inner_width >= 90;
        let show_created = inner_width >= 60;
        // Below 90 columns the time of day gives its room to the rule name.
        let (created_format, created_width) = if inner_width >= 90 {
            ("%Y-%m-%d %H:%M", 16)
        } else {
            ("%Y-%m-%d", 10)
        };
        let mut widths: Vec<usize> = vec![1, 8, 11];
        if show_created {
            widths.push(created_width);
        }
        // The rule and the actor share what the other columns, the spaces between
        // columns, the borders and the selection mark leave: each whole when both fit.
        let columns = widths
            .len()
            .saturating_add(2)
            .saturating_add(usize::from(show_id));
        let fixed = widths
            .iter()
            .chain(show_id.then_some(&12))
            .fold(columns.saturating_sub(1), |sum, w| sum.saturating_add(*w));
        let flexible = usize::from(area.width.saturating_sub(3)).saturating_sub(fixed);
        let readable = rows.iter().filter(|r| r.unreadable.is_none());
        let (rule_wants, actor_wants) = readable.fold((4, 5), |(rule, actor), row| {
            (
                rule.max(cell_width(or_dash(&row.rule_name))),
                actor.max(cell_width(or_dash(&row.actor))),
            )
        });
        let (rule, actor) = share_pair(flexible, rule_wants, actor_wants);
        widths.extend([rule, actor]);
        if show_id {
            widths.push(12);
        }
        AlertColumns {
            show_created,
            show_id,
            created_format,
            widths,
            rule,
            actor,
        }
    }

    fn header(columns: &AlertColumns) -> Vec<&'static str> {
        let mut header = vec!["", "Severity", "State"];
        if columns.show_created {
            header.push("Created");
        }
        header.extend(["Rule", "Actor"]);
        if columns.show_id {
            header.push("Id");
        }
        header
    }

    fn widths(columns: &AlertColumns) -> Vec<usize> {
        columns.widths.clone()
    }

    fn row<'a>(
        row: &'a AlertRow,
        columns: &AlertColumns,
        mark: Span<'static>,
        _state: &State,
        theme: Theme,
    ) -> Row<'a> {
        let mut cells = vec![
            Cell::from(mark),
            Cell::from(Span::styled(
                truncate(or_dash(row.severity.label()), 8),
                theme.severity(&row.severity),
            )),
            Cell::from(truncate(or_dash(row.state.label()), 11)),
        ];
        if columns.show_created {
            let created = row
                .created
                .map(|at| at.format(columns.created_format).to_string())
                .unwrap_or_else(|| "—".into());
            cells.push(Cell::from(created));
        }
        match &row.unreadable {
            // The reason takes the rule and actor columns: it is what the row is about.
            Some(problem) => cells.push(
                Cell::from(Span::styled(
                    truncate(
                        &format!("could not read this alert: {}", problem.reason),
                        columns.rule.saturating_add(columns.actor).saturating_add(1),
                    ),
                    theme.error(),
                ))
                .column_span(2),
            ),
            None => {
                cells.push(Cell::from(truncate(or_dash(&row.rule_name), columns.rule)));
                cells.push(Cell::from(truncate(or_dash(&row.actor), columns.actor)));
            }
        }
        if columns.show_id {
            cells.push(Cell::from(truncate(or_dash(&row.id), 12)));
        }
        Row::new(cells)
    }

    fn is_new(row: &AlertRow, state: &State) -> bool {
        state.watch.new_ids.contains(&row.id)
    }

    fn title_extras(state: &State, theme: Theme) -> Vec<Span<'static>> {
        if state.watch.new_ids.is_empty() {
            return Vec::new();
        }
        vec![Span::styled(
            format!("· {} new ", state.watch.new_ids.len()),
            theme.new_alert(),
        )]
    }
}
