//! Saved views as the TUI holds them: which list, its query and its sort, read from the
//! profile's `views` (see `triage42_core::saved_views_file`) and checked once, so the picker can say what
//! is wrong with one before it is opened.

use crate::filter::{SortColumn, SortSpec};
use crate::saved_views_file::{NamedView, SavedView};

use super::{CaseSort, CaseSortKey, SessionSort, View};

/// One saved view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedViewEntry {
    pub name: String,
    pub view: View,
    pub query: String,
    pub alert_sort: SortSpec,
    pub session_sort: SessionSort,
    pub case_sort: CaseSort,
    /// Why it cannot be opened (an unknown list, sort or a bad query), as the picker says it.
    pub problem: Option<String>,
}

impl SavedViewEntry {
    /// The view as the file holds it; problems are kept, not raised.
    pub fn from_config(named: &NamedView, now: chrono::DateTime<chrono::Utc>) -> SavedViewEntry {
        let mut entry = SavedViewEntry {
            name: named.name.clone(),
            view: View::Alerts,
            query: named.view.query.clone(),
            alert_sort: SortSpec::default(),
            session_sort: SessionSort::default(),
            case_sort: CaseSort::default(),
            problem: None,
        };
        let mut problems = Vec::new();
        if let Some(kind) = &named.view.view {
            match View::from_name(kind) {
                Ok(view) => entry.view = view,
                Err(e) => problems.push(e),
            }
        }
        if let Some(sort) = &named.view.sort {
            let sorted = match entry.view {
                View::Alerts => parse_alert_sort(sort).map(|s| entry.alert_sort = s),
                View::Sessions => parse_session_sort(sort).map(|s| entry.session_sort = s),
                View::Cases => parse_case_sort(sort).map(|s| entry.case_sort = s),
            };
            if let Err(e) = sorted {
                problems.push(e);
            }
        }
        let query_error = match entry.view {
            View::Alerts => crate::filter::parse(&entry.query, now)
                .err()
                .map(|e| e.message),
            View::Sessions => crate::filter::sessions::parse(&entry.query, now)
                .err()
                .map(|e| e.message),
            View::Cases => crate::filter::cases::parse(&entry.query)
                .err()
                .map(|e| e.message),
        };
        if let Some(e) = query_error {
            problems.push(format!("query: {e}"));
        }
        if !problems.is_empty() {
            entry.problem = Some(problems.join("; "));
        }
        entry
    }

    /// The list, query and sort in force, as a view named `name`.
    pub fn current(
        name: &str,
        view: View,
        query: &str,
        sorts: (SortSpec, SessionSort, CaseSort),
    ) -> Self {
        let (alert_sort, session_sort, case_sort) = sorts;
        SavedViewEntry {
            name: name.trim().to_string(),
            view,
            query: query.trim().to_string(),
            alert_sort,
            session_sort,
            case_sort,
            problem: None,
        }
    }

    /// As config.toml holds it; the sort always written out, so that a later change of
    /// the default does not change the view.
    pub fn to_config(&self) -> SavedView {
        SavedView {
            view: (self.view != View::Alerts).then(|| self.view.name().to_string()),
            query: self.query.clone(),
            sort: Some(self.sort_text()),
        }
    }

    /// "severity desc", "score asc".
    pub fn sort_text(&self) -> String {
        let (column, descending) = match self.view {
            View::Alerts => (self.alert_sort.column.label(), self.alert_sort.descending),
            View::Sessions => (self.session_sort.label(), self.session_sort.descending),
            View::Cases => (self.case_sort.key.label(), self.case_sort.descending),
        };
        format!("{column} {}", if descending { "desc" } else { "asc" })
    }
}

/// A sort as written: a column, then `asc` or `desc` (descending when left out, as the
/// lists start).
fn split_sort(text: &str) -> Result<(String, bool), String> {
    let mut words = text.split_whitespace();
    let column = words.next().unwrap_or_default().to_ascii_lowercase();
    let descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
        None | Some("desc") => true,
        Some("asc") => false,
        Some(_) => {
            return Err(format!(
                "sort {:?}: the direction is asc or desc",
                crate::sanitize::cell(text, 40)
            ));
        }
    };
    if words.next().is_some() {
        return Err(format!(
            "sort {:?}: write a column and asc or desc",
            crate::sanitize::cell(text, 40)
        ));
    }
    Ok((column, descending))
}

/// An alert list sort: created, severity, state, rule, actor or id.
pub fn parse_alert_sort(text: &str) -> Result<SortSpec, String> {
    let (column, descending) = split_sort(text)?;
    let column = SortColumn::CYCLE
        .iter()
        .copied()
        .find(|c| c.label() == column)
        .ok_or_else(|| {
            let names: Vec<&str> = SortColumn::CYCLE.iter().map(|c| c.label()).collect();
            format!(
                "sort {:?}: alerts sort by {}",
                crate::sanitize::cell(&column, 40),
                names.join(", ")
            )
        })?;
    Ok(SortSpec { column, descending })
}

/// A session list sort: end or score.
pub fn parse_session_sort(text: &str) -> Result<SessionSort, String> {
    let (column, descending) = split_sort(text)?;
    let by_score = match column.as_str() {
        "score" => true,
        "end" => false,
        other => {
            return Err(format!(
                "sort {:?}: sessions sort by end or score",
                crate::sanitize::cell(other, 40)
            ));
        }
    };
    Ok(SessionSort {
        by_score,
        descending,
    })
}

/// A cases list sort: number, updated, created or name.
pub fn parse_case_sort(text: &str) -> Result<CaseSort, String> {
    let (column, descending) = split_sort(text)?;
    let keys = [
        CaseSortKey::Number,
        CaseSortKey::Updated,
        CaseSortKey::Created,
        CaseSortKey::Name,
    ];
    let key = keys
        .iter()
        .copied()
        .find(|k| k.label() == column)
        .ok_or_else(|| {
            format!(
                "sort {:?}: cases sort by number, updated, created or name",
                crate::sanitize::cell(&column, 40)
            )
        })?;
    Ok(CaseSort { key, descending })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(view: Option<&str>, query: &str, sort: Option<&str>) -> NamedView {
        NamedView {
            name: "v".into(),
            view: SavedView {
                view: view.map(Into::into),
                query: query.into(),
                sort: sort.map(Into::into),
            },
            profile: None,
        }
    }

    #[test]
    fn views_read_and_write_back_the_same() {
        let now = chrono::Utc::now();
        for (view, query, sort) in [
            (None, "state:open severity:high", Some("severity desc")),
            (None, "", Some("rule asc")),
            (Some("sessions"), "severity:high", Some("score asc")),
            (Some("sessions"), "", Some("end desc")),
            (Some("cases"), "status:open", Some("updated desc")),
        ] {
            let entry = SavedViewEntry::from_config(&named(view, query, sort), now);
            assert_eq!(entry.problem, None, "{view:?} {query} {sort:?}");
            assert_eq!(entry.to_config(), named(view, query, sort).view);
        }
        let entry = SavedViewEntry::from_config(&named(None, "state:open", Some("Actor")), now);
        assert_eq!(entry.alert_sort.column, SortColumn::Actor);
        assert!(entry.alert_sort.descending);
    }

    #[test]
    fn every_problem_is_named() {
        let now = chrono::Utc::now();
        let problem = |view, query, sort| {
            SavedViewEntry::from_config(&named(view, query, sort), now)
                .problem
                .unwrap_or_default()
        };
        assert!(problem(Some("actors"), "", None).contains("unknown view"));
        assert!(problem(Some("cases"), "", Some("score")).contains("number, updated"));
        assert!(problem(Some("cases"), "status:archived", None).starts_with("query: "));
        assert!(problem(None, "", Some("score")).contains("alerts sort by created"));
        assert!(problem(Some("sessions"), "", Some("rule")).contains("end or score"));
        assert!(problem(None, "", Some("severity up")).contains("asc or desc"));
        assert!(problem(None, "nosuch:x", None).starts_with("query: "));
        assert!(problem(None, "", Some("severity desc \u{1b}[2J")).contains("a column"));
        assert!(!problem(None, "", Some("\u{1b}[2J")).contains('\u{1b}'));
    }
}
