//! The cases vocabulary of the cases view's filter line: `status:open name:laptop`,
//! or words alone, which look for the case's name; `number:N` is one case (what
//! `:case N` shows). It builds the parts of an
//! [`api::CaseListQuery`](crate::api::CaseListQuery) a filter sets.

use super::ParseError;
use super::sessions::terms;
use crate::api::{CaseListQuery, CaseStatus};

/// The words one can filter by, for messages and help.
pub const FIELDS: &str = "status (open, closed), name (or words alone), number";

/// What a filter of the cases view asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    /// Text the case's name contains (any case).
    pub name: Option<String>,
    /// One case, by its number (read by itself: the list cannot be asked for it).
    pub number: Option<u64>,
}

impl CaseFilter {
    /// The query of one page of cases under this filter.
    pub fn query(&self, sort_key: &str, descending: bool, page: u32, size: u32) -> CaseListQuery {
        CaseListQuery {
            page_number: page,
            page_size: size,
            status: self.status.clone(),
            name: self.name.clone(),
            sort_key: sort_key.to_string(),
            sort_descending: descending,
        }
    }

    /// Whether a case in `status` (wire spelling) still matches: the name is not
    /// changed here, so only the status can say no.
    pub fn admits_status(&self, status: &str) -> bool {
        self.status
            .as_ref()
            .is_none_or(|wanted| wanted.as_wire().eq_ignore_ascii_case(status))
    }
}

/// Parses the filter; an error points at the term it is about.
pub fn parse(text: &str) -> Result<CaseFilter, ParseError> {
    let mut filter = CaseFilter::default();
    let mut words: Vec<String> = Vec::new();
    for (term, span) in terms(text) {
        let fail = |message: String| ParseError {
            message,
            span: span.clone(),
        };
        let Some((field, value)) = term.split_once(':') else {
            words.push(term);
            continue;
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(fail(format!("{field}: needs a value")));
        }
        match field.to_ascii_lowercase().as_str() {
            "status" | "state" => {
                filter.status = match CaseStatus::from_wire(value) {
                    status @ (CaseStatus::Open | CaseStatus::Closed) => Some(status),
                    _ => {
                        return Err(fail(format!(
                            "status: {value:?} is not one of open, closed"
                        )));
                    }
                }
            }
            "name" => words.push(value.to_string()),
            "number" | "case" => match value.trim_start_matches('#').parse() {
                Ok(number) => filter.number = Some(number),
                Err(_) => return Err(fail(format!("number: {value:?} is not a case number"))),
            },
            other => {
                return Err(fail(format!(
                    "{other:?} is not a case filter; the fields are {FIELDS}"
                )));
            }
        }
    }
    if !words.is_empty() {
        filter.name = Some(words.join(" "));
    }
    Ok(filter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn status_and_words_make_the_query() {
        let filter = parse("status:closed laptop  name:\"Q3 exfil\" number:#12").expect("parses");
        assert_eq!(filter.number, Some(12));
        assert!(parse("number:twelve").is_err());
        assert_eq!(filter.status, Some(CaseStatus::Closed));
        assert_eq!(filter.name.as_deref(), Some("laptop Q3 exfil"));
        let query = filter.query("number", true, 2, 50);
        assert_eq!(query.page_number, 2);
        assert!(filter.admits_status("CLOSED"));
        assert!(!filter.admits_status("OPEN"));
    }

    #[test]
    fn an_unknown_field_or_status_points_at_its_term() {
        let error = parse("status:open owner:me").expect_err("owner is no field");
        assert_eq!(error.span, 12..20);
        let error = parse("status:archived").expect_err("not offered");
        assert!(error.message.contains("open, closed"), "{}", error.message);
        assert_eq!(error.span, 0..15);
        assert!(parse("status:").is_err());
    }

    proptest! {
        #[test]
        fn any_text_parses_or_fails_inside_itself(text in "\\PC{0,40}") {
            if let Err(error) = parse(&text) {
                prop_assert!(error.span.start <= error.span.end);
                prop_assert!(error.span.end <= text.len());
            }
        }
    }
}
