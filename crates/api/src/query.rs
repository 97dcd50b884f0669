//! The alert query builder: the seed's filter fields and operators, serialised exactly
//! as the alerts service expects (gateway PascalCase terms).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::pager::{Bound, Order, PageAsk};
use super::timestamp;

/// The filter fields of the alert query (py42's filter classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Actor,
    AlertState,
    DateObserved,
    Description,
    RuleId,
    RuleName,
    RuleSource,
    RuleType,
    Severity,
}

impl FilterField {
    /// The wire term on the API gateway.
    pub fn term(self) -> &'static str {
        match self {
            FilterField::Actor => "Actor",
            FilterField::AlertState => "State",
            FilterField::DateObserved => "CreatedAt",
            FilterField::Description => "Description",
            FilterField::RuleId => "RuleId",
            FilterField::RuleName => "Name",
            FilterField::RuleSource => "RuleSource",
            FilterField::RuleType => "Type",
            FilterField::Severity => "RiskSeverity",
        }
    }

    /// Values as the service stores them (py42's `Severity.MEDIUM` is `MODERATE`).
    fn normalise(self, value: String) -> String {
        match self {
            FilterField::Severity => {
                let upper = value.trim().to_ascii_uppercase().replace([' ', '-'], "_");
                if upper == "MEDIUM" {
                    "MODERATE".into()
                } else {
                    upper
                }
            }
            FilterField::AlertState => {
                let upper = value.trim().to_ascii_uppercase().replace([' ', '-'], "_");
                if upper == "DISMISSED" {
                    "RESOLVED".into()
                } else {
                    upper
                }
            }
            _ => value,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WireOperator {
    Is,
    IsNot,
    Contains,
    DoesNotContain,
    OnOrAfter,
    OnOrBefore,
    On,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WireFilter {
    pub term: &'static str,
    pub operator: WireOperator,
    pub value: String,
}

/// One filter of the query; on the wire, one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertFilter {
    pub filter_clause: Clause,
    pub filters: Vec<WireFilter>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Clause {
    #[default]
    And,
    Or,
}

impl AlertFilter {
    fn single(field: FilterField, operator: WireOperator, value: String) -> Self {
        AlertFilter {
            filter_clause: Clause::And,
            filters: vec![WireFilter {
                term: field.term(),
                operator,
                value: field.normalise(value),
            }],
        }
    }

    fn many(
        field: FilterField,
        operator: WireOperator,
        clause: Clause,
        values: Vec<String>,
    ) -> Self {
        let clause = if values.len() > 1 {
            clause
        } else {
            Clause::And
        };
        AlertFilter {
            filter_clause: clause,
            filters: values
                .into_iter()
                .map(|v| WireFilter {
                    term: field.term(),
                    operator,
                    value: field.normalise(v),
                })
                .collect(),
        }
    }

    pub fn eq(field: FilterField, value: impl Into<String>) -> Self {
        Self::single(field, WireOperator::Is, value.into())
    }
    pub fn not_eq(field: FilterField, value: impl Into<String>) -> Self {
        Self::single(field, WireOperator::IsNot, value.into())
    }
    /// Any of the values: an `OR` group of `IS`.
    pub fn is_in(field: FilterField, values: Vec<String>) -> Self {
        Self::many(field, WireOperator::Is, Clause::Or, values)
    }
    /// None of the values: an `AND` group of `IS_NOT`.
    pub fn not_in(field: FilterField, values: Vec<String>) -> Self {
        Self::many(field, WireOperator::IsNot, Clause::And, values)
    }
    pub fn contains(field: FilterField, value: impl Into<String>) -> Self {
        Self::single(field, WireOperator::Contains, value.into())
    }
    pub fn not_contains(field: FilterField, value: impl Into<String>) -> Self {
        Self::single(field, WireOperator::DoesNotContain, value.into())
    }
    pub fn on_or_after(at: DateTime<Utc>) -> Self {
        Self::single(
            FilterField::DateObserved,
            WireOperator::OnOrAfter,
            timestamp::wire(&at),
        )
    }
    pub fn on_or_before(at: DateTime<Utc>) -> Self {
        Self::single(
            FilterField::DateObserved,
            WireOperator::OnOrBefore,
            timestamp::wire(&at),
        )
    }
    pub fn in_range(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        AlertFilter {
            filter_clause: Clause::And,
            filters: vec![
                WireFilter {
                    term: "CreatedAt",
                    operator: WireOperator::OnOrAfter,
                    value: timestamp::wire(&start),
                },
                WireFilter {
                    term: "CreatedAt",
                    operator: WireOperator::OnOrBefore,
                    value: timestamp::wire(&end),
                },
            ],
        }
    }
    /// The whole UTC day: `00:00:00.000000` to `23:59:59.999999`.
    pub fn on_same_day(day: NaiveDate) -> Self {
        let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
        let end = day
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .map_or(start, |t| t.and_utc());
        Self::in_range(start, end)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    CreatedAt,
    RiskSeverity,
    State,
    Name,
    Actor,
    AlertId,
    RuleSource,
    StateLastModifiedAt,
}

impl SortKey {
    pub fn wire(self) -> &'static str {
        match self {
            SortKey::CreatedAt => "CreatedAt",
            SortKey::RiskSeverity => "RiskSeverity",
            SortKey::State => "State",
            SortKey::Name => "Name",
            SortKey::Actor => "Actor",
            SortKey::AlertId => "AlertId",
            SortKey::RuleSource => "RuleSource",
            SortKey::StateLastModifiedAt => "StateLastModifiedAt",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SortDirection {
    Asc,
    Desc,
}

impl SortDirection {
    pub fn flipped(self) -> Self {
        match self {
            SortDirection::Asc => SortDirection::Desc,
            SortDirection::Desc => SortDirection::Asc,
        }
    }
}

pub const MAX_ALERT_PAGE_SIZE: u32 = 500;

/// An alert search: filters joined by `all` (AND) or `any` (OR), a sort and a page.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertQuery {
    pub filters: Vec<AlertFilter>,
    pub group_clause: Clause,
    pub sort_key: SortKey,
    pub sort_direction: SortDirection,
    pub page_size: u32,
    /// 0-based.
    pub page_number: u32,
}

impl Default for AlertQuery {
    fn default() -> Self {
        AlertQuery {
            filters: Vec::new(),
            group_clause: Clause::And,
            sort_key: SortKey::CreatedAt,
            sort_direction: SortDirection::Desc,
            page_size: 100,
            page_number: 0,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlertQueryBody<'a> {
    pub tenant_id: &'a str,
    pub group_clause: Clause,
    pub groups: &'a [AlertFilter],
    pub pg_num: u32,
    pub pg_size: u32,
    pub srt_direction: SortDirection,
    pub srt_key: &'static str,
}

impl AlertQuery {
    pub fn all(filters: Vec<AlertFilter>) -> Self {
        AlertQuery {
            filters,
            group_clause: Clause::And,
            ..AlertQuery::default()
        }
    }
    pub fn any(filters: Vec<AlertFilter>) -> Self {
        AlertQuery {
            filters,
            group_clause: Clause::Or,
            ..AlertQuery::default()
        }
    }
    pub fn sort(mut self, key: SortKey, direction: SortDirection) -> Self {
        self.sort_key = key;
        self.sort_direction = direction;
        self
    }
    pub fn page_size(mut self, n: u32) -> Self {
        self.page_size = n.clamp(1, MAX_ALERT_PAGE_SIZE);
        self
    }
    pub fn page(mut self, n: u32) -> Self {
        self.page_number = n;
        self
    }

    pub(crate) fn body<'a>(&'a self, tenant_id: &'a str) -> AlertQueryBody<'a> {
        AlertQueryBody {
            tenant_id,
            group_clause: self.group_clause,
            groups: &self.filters,
            pg_num: self.page_number,
            pg_size: self.page_size,
            srt_direction: self.sort_direction,
            srt_key: self.sort_key.wire(),
        }
    }

    /// How a listing of this query is paged: by creation time when it is sorted by it and
    /// its groups can take one more condition (they are joined by AND), else in windows.
    pub fn paging_order(&self) -> Order {
        let joinable = self.group_clause == Clause::And || self.filters.is_empty();
        if self.sort_key == SortKey::CreatedAt && joinable {
            Order::Keyed {
                descending: self.sort_direction == SortDirection::Desc,
            }
        } else {
            Order::Windowed
        }
    }

    /// The query of one call of a listing: its page, and its time bound as one more group.
    pub fn at(&self, ask: &PageAsk) -> AlertQuery {
        let mut query = self.clone().page_size(ask.size).page(ask.number);
        if let Some(bound) = ask.bound {
            query.group_clause = Clause::And;
            query.filters.push(match bound {
                Bound::OnOrBefore(at) => AlertFilter::on_or_before(at),
                Bound::OnOrAfter(at) => AlertFilter::on_or_after(at),
            });
        }
        query
    }

    /// The request body as JSON, for display and tests.
    pub fn to_wire_json(&self, tenant_id: &str) -> serde_json::Value {
        // Strings and numbers only: serialising cannot fail.
        serde_json::to_value(self.body(tenant_id)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn serialises_like_the_gateway_reference() {
        let q = AlertQuery::all(vec![
            AlertFilter::on_or_after("2022-06-01T00:00:00Z".parse().unwrap()),
            AlertFilter::eq(FilterField::AlertState, "open"),
        ]);
        assert_eq!(
            q.to_wire_json("abcd-1234"),
            json!({"tenantId": "abcd-1234", "groupClause": "AND", "groups": [
                {"filterClause": "AND", "filters": [{"term": "CreatedAt", "operator": "ON_OR_AFTER", "value": "2022-06-01T00:00:00.000000Z"}]},
                {"filterClause": "AND", "filters": [{"term": "State", "operator": "IS", "value": "OPEN"}]}],
                "pgNum": 0, "pgSize": 100, "srtDirection": "DESC", "srtKey": "CreatedAt"})
        );
    }

    #[test]
    fn is_in_is_an_or_group_and_not_in_an_and_group() {
        let is_in = AlertFilter::is_in(FilterField::Severity, vec!["high".into(), "medium".into()]);
        assert_eq!(is_in.filter_clause, Clause::Or);
        assert_eq!(is_in.filters[1].value, "MODERATE");
        let not_in = AlertFilter::not_in(FilterField::Actor, vec!["a".into(), "b".into()]);
        assert_eq!(not_in.filter_clause, Clause::And);
        assert!(
            not_in
                .filters
                .iter()
                .all(|f| f.operator == WireOperator::IsNot)
        );
    }

    #[test]
    fn on_same_day_covers_the_whole_utc_day() {
        let f = AlertFilter::on_same_day(NaiveDate::from_ymd_opt(2021, 4, 23).unwrap());
        assert_eq!(f.filters[0].value, "2021-04-23T00:00:00.000000Z");
        assert_eq!(f.filters[1].value, "2021-04-23T23:59:59.999999Z");
    }
}
