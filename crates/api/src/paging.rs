//! Paging that does not trust the server: it stops on a page that repeats the previous
//! one, on a page token seen before, and at a cap on pages and items, and says so.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};

use super::error::ApiError;

/// More pages than any tenant holds: a server still sending full pages here is looping.
pub(crate) const MAX_PAGES: u32 = 100_000;
/// More items than a list call should gather into memory.
pub(crate) const MAX_ITEMS: usize = 5_000_000;

#[derive(Debug, Default)]
pub(crate) struct PageGuard {
    pages: u32,
    items: usize,
    last_page: Option<u64>,
    tokens: HashSet<String>,
}

impl PageGuard {
    /// Checks one more page of `what`, given the ids (or other identity) of its items.
    pub fn page<I: Hash>(
        &mut self,
        what: &str,
        ids: impl IntoIterator<Item = I>,
    ) -> Result<(), ApiError> {
        let mut hasher = DefaultHasher::new();
        let mut count: usize = 0;
        for id in ids {
            id.hash(&mut hasher);
            count = count.saturating_add(1);
        }
        let fingerprint = hasher.finish();
        self.pages = self.pages.saturating_add(1);
        self.items = self.items.saturating_add(count);
        if count > 0 && self.last_page == Some(fingerprint) {
            return Err(ApiError::Paging(format!(
                "the server sent the same page of {what} twice (page {}); what came before is complete",
                self.pages
            )));
        }
        self.last_page = Some(fingerprint);
        if self.pages > MAX_PAGES {
            return Err(ApiError::Paging(format!(
                "more than {MAX_PAGES} pages of {what}; the server keeps sending full pages"
            )));
        }
        if self.items > MAX_ITEMS {
            return Err(ApiError::Paging(format!(
                "more than {MAX_ITEMS} {what} in one list"
            )));
        }
        Ok(())
    }

    /// Checks a continuation token before it is followed.
    pub fn token(&mut self, what: &str, token: &str) -> Result<(), ApiError> {
        if !self.tokens.insert(token.to_string()) {
            return Err(ApiError::Paging(format!(
                "the server repeated a page token of {what}; what came before is complete"
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_page_or_token_stops_paging() {
        let mut guard = PageGuard::default();
        guard.page("alerts", ["a", "b"]).unwrap();
        guard.page("alerts", ["c", "d"]).unwrap();
        assert!(matches!(
            guard.page("alerts", ["c", "d"]),
            Err(ApiError::Paging(m)) if m.contains("same page")
        ));
        let mut guard = PageGuard::default();
        guard.token("events", "t1").unwrap();
        guard.token("events", "t2").unwrap();
        assert!(guard.token("events", "t1").is_err());
    }

    #[test]
    fn empty_pages_never_count_as_repeats() {
        let mut guard = PageGuard::default();
        guard.page("cases", Vec::<&str>::new()).unwrap();
        guard.page("cases", Vec::<&str>::new()).unwrap();
    }
}
