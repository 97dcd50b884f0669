//! File-event calls: forensic search, page by page or by continuation token, and
//! look-ups by event id.

use futures::{Stream, StreamExt};
use serde_json::json;

use super::Client;
use crate::error::ApiError;
use crate::file_events::{FileEvent, FileEventPage, FileEventQuery};
use crate::lenient::Item;
use crate::paging::PageGuard;
use crate::transport::Idempotency;

/// Event ids per look-up search: one `IS_ANY` filter, well under the service's limits.
const EVENT_IDS_PER_SEARCH: usize = 100;

impl Client {
    /// One page of file events. Problems the service reports make the call fail.
    pub async fn search_file_events(
        &self,
        query: &FileEventQuery,
    ) -> Result<FileEventPage, ApiError> {
        let page: FileEventPage = self
            .post("/v2/file-events", query.to_wire_json(), Idempotency::Safe)
            .await?;
        if !page.problems.is_empty() {
            return Err(ApiError::BadRequest(crate::error::message_from_body(
                &json!({"problems": page.problems}).to_string(),
            )));
        }
        Ok(page)
    }

    /// Every event of a query, following `nextPgToken` until it is null.
    pub fn search_all_file_events(
        &self,
        query: FileEventQuery,
    ) -> impl Stream<Item = Result<Item<FileEvent>, ApiError>> + Send + 'static {
        let client = self.clone();
        let start = (query.page_token(""), PageGuard::default());
        futures::stream::unfold(Some(start), move |state| {
            let client = client.clone();
            async move {
                let (q, mut guard) = state?;
                let page = match client.search_file_events(&q).await {
                    Ok(page) => page,
                    Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                };
                let mut items: Vec<Result<Item<FileEvent>, ApiError>> = Vec::new();
                let checked = guard
                    .page("file events", page.file_events.iter().map(event_key))
                    .and_then(|()| match page.next_pg_token.as_deref() {
                        // An empty page ends the search, whatever token came with it.
                        Some(t) if !t.is_empty() && !page.file_events.is_empty() => {
                            guard.token("file events", t).map(|()| Some(t.to_string()))
                        }
                        _ => Ok(None),
                    });
                items.extend(page.file_events.into_iter().map(Ok));
                let next = match checked {
                    Ok(token) => token.map(|t| (q.clone().page_token(t), guard)),
                    Err(e) => {
                        items.push(Err(e));
                        None
                    }
                };
                Some((futures::stream::iter(items), next))
            }
        })
        .flatten()
    }

    /// The events with these ids, in the order asked (there is no GET by id: a v2
    /// search on `event.id`, `IS_ANY` in chunks). Ids the service does not know are left out.
    pub async fn file_events_by_ids(
        &self,
        event_ids: &[String],
    ) -> Result<Vec<FileEvent>, ApiError> {
        let mut wanted: Vec<String> = Vec::with_capacity(event_ids.len());
        for id in event_ids {
            if !id.is_empty() && !wanted.contains(id) {
                wanted.push(id.clone());
            }
        }
        let mut found: std::collections::HashMap<String, FileEvent> =
            std::collections::HashMap::with_capacity(wanted.len());
        for chunk in wanted.chunks(EVENT_IDS_PER_SEARCH) {
            let q = FileEventQuery::default()
                .is_any("event.id", chunk)
                .page_size(chunk.len() as u32)
                .sort("event.id", false);
            let page = self.search_file_events(&q).await?;
            for event in page.file_events.into_iter().filter_map(Item::into_read) {
                if let Some(id) = event.event.id.clone() {
                    found.insert(id, event);
                }
            }
        }
        Ok(wanted.iter().filter_map(|id| found.remove(id)).collect())
    }
}

fn event_key(item: &Item<FileEvent>) -> String {
    match item {
        Item::Read(e) => e
            .event
            .id
            .clone()
            .unwrap_or_else(|| serde_json::to_string(e).unwrap_or_default()),
        Item::Unreadable(u) => u.raw.clone(),
    }
}
