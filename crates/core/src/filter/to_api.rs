//! A parsed filter and sort as the alert query of the API.

use chrono::{TimeZone, Utc};

use super::{Combine, Condition, FilterQuery, SortColumn, SortSpec, TextField, TextOp};
use crate::api::{AlertFilter, AlertQuery, FilterField, SortDirection, SortKey};

/// Builds the server query of a parsed filter.
pub fn to_alert_query(
    query: &FilterQuery,
    sort: SortSpec,
    page: u32,
    page_size: u32,
) -> crate::api::AlertQuery {
    let filters: Vec<AlertFilter> = query
        .terms
        .iter()
        .map(|term| match &term.condition {
            Condition::Text { field, op, values } => {
                let field = match field {
                    TextField::Actor => FilterField::Actor,
                    TextField::State => FilterField::AlertState,
                    TextField::Severity => FilterField::Severity,
                    TextField::RuleName => FilterField::RuleName,
                    TextField::RuleId => FilterField::RuleId,
                    TextField::RuleSource => FilterField::RuleSource,
                    TextField::RuleType => FilterField::RuleType,
                    TextField::Description => FilterField::Description,
                };
                // The API normalises the values of states and severities.
                let values: Vec<String> = values.clone();
                let single = match values.as_slice() {
                    [one] => Some(one.clone()),
                    _ => None,
                };
                // The parser gives ~ and !~ exactly one value.
                let first = |values: Vec<String>| values.into_iter().next().unwrap_or_default();
                match (op, single) {
                    (TextOp::Equals, Some(one)) => AlertFilter::eq(field, one),
                    (TextOp::Equals, None) => AlertFilter::is_in(field, values),
                    (TextOp::NotEquals, Some(one)) => AlertFilter::not_eq(field, one),
                    (TextOp::NotEquals, None) => AlertFilter::not_in(field, values),
                    (TextOp::Contains, _) => AlertFilter::contains(field, first(values)),
                    (TextOp::NotContains, _) => AlertFilter::not_contains(field, first(values)),
                }
            }
            Condition::Since(at) => AlertFilter::on_or_after(*at),
            Condition::Before(at) => AlertFilter::on_or_before(*at),
            Condition::On(day) => AlertFilter::on_same_day(*day),
            Condition::Range(first, last) => AlertFilter::in_range(
                Utc.from_utc_datetime(&first.and_hms_opt(0, 0, 0).unwrap_or_default()),
                Utc.from_utc_datetime(&last.and_hms_opt(23, 59, 59).unwrap_or_default()),
            ),
        })
        .collect();
    let key = match sort.column {
        SortColumn::Created => SortKey::CreatedAt,
        SortColumn::Severity => SortKey::RiskSeverity,
        SortColumn::State => SortKey::State,
        SortColumn::RuleName => SortKey::Name,
        SortColumn::Actor => SortKey::Actor,
        SortColumn::Id => SortKey::AlertId,
    };
    let direction = if sort.descending {
        SortDirection::Desc
    } else {
        SortDirection::Asc
    };
    let base = match query.combine {
        Combine::All => AlertQuery::all(filters),
        Combine::Any => AlertQuery::any(filters),
    };
    base.sort(key, direction).page_size(page_size).page(page)
}
