//! Alert calls: search, details, aggregates and rules.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::{Stream, StreamExt};
use reqwest::Method;
use serde_json::json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::{Client, MAX_IDS_PER_CALL, encode_path};
use crate::api::error::ApiError;
use crate::api::lenient::{Item, UnreadableItem};
use crate::api::models::{
    AggregateResponse, AlertAggregate, AlertDetails, AlertDetailsResponse, AlertPage, AlertSummary,
    RuleDetails, RuleMetadata, RuleMetadataPage, RuleUsers, details_items,
};
use crate::api::paging::PageGuard;
use crate::api::query::AlertQuery;
use crate::api::requests::{AggregateRequest, AlertDetailsRequest, RuleMetadataRequest, to_json};
use crate::api::transport::{Body, Idempotency};

impl Client {
    /// One page of alerts.
    pub async fn search_alerts(&self, query: &AlertQuery) -> Result<AlertPage, ApiError> {
        let tenant = self.tenant_id().await?;
        let body = query.to_wire_json(&tenant);
        let page: AlertPage = self
            .post("/v1/alerts/query-alerts", body, Idempotency::Safe)
            .await?;
        if let Some(problem) = page.problems.first() {
            return Err(ApiError::BadRequest(crate::api::error::message_from_body(
                &json!({"problems": [problem]}).to_string(),
            )));
        }
        Ok(page)
    }

    /// Every alert matching the query, page by page as they arrive (memory stays flat).
    /// An alert that cannot be read comes as a placeholder in its place.
    pub fn search_all_alerts(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<Item<AlertSummary>, ApiError>> + Send + 'static {
        let client = self.clone();
        let start = (query.page(0), PageGuard::default());
        futures::stream::unfold(Some(start), move |state| {
            let client = client.clone();
            async move {
                let (q, mut guard) = state?;
                let page = match client.search_alerts(&q).await {
                    Ok(page) => page,
                    Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                };
                if let Err(e) = guard.page("alerts", page.alerts.iter().map(item_id)) {
                    return Some((futures::stream::iter(vec![Err(e)]), None));
                }
                // A short (or empty) page is the last, whatever the total said.
                let next = (page.alerts.len() as u32 >= q.page_size).then(|| {
                    let n = q.page_number.saturating_add(1);
                    (q.clone().page(n), guard)
                });
                let items: Vec<Result<Item<AlertSummary>, ApiError>> =
                    page.alerts.into_iter().map(Ok).collect();
                Some((futures::stream::iter(items), next))
            }
        })
        .flatten()
    }

    /// Details of any number of alerts, fetched in chunks of at most 100 ids. An alert
    /// whose details cannot be read comes as a placeholder; one the service does not
    /// return is left out.
    pub async fn alert_details(&self, ids: &[String]) -> Result<Vec<Item<AlertDetails>>, ApiError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
            let body = to_json(&AlertDetailsRequest {
                alert_ids: chunk.to_vec(),
            });
            let response: AlertDetailsResponse = self
                .post("/v1/alerts/query-details", body, Idempotency::Safe)
                .await?;
            out.extend(response.alerts);
        }
        Ok(out)
    }

    /// Every alert of a query with its observations, in pages of 100, in the search's
    /// order. An alert that cannot be read, in the search or in its details, comes as a
    /// placeholder in its place.
    pub fn all_alert_details(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<Item<AlertDetails>, ApiError>> + Send + 'static {
        let client = self.clone();
        let start = (
            query.page_size(MAX_IDS_PER_CALL as u32).page(0),
            PageGuard::default(),
        );
        futures::stream::unfold(Some(start), move |state| {
            let client = client.clone();
            async move {
                let (q, mut guard) = state?;
                let page = match client.search_alerts(&q).await {
                    Ok(p) => p,
                    Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                };
                if let Err(e) = guard.page("alerts", page.alerts.iter().map(item_id)) {
                    return Some((futures::stream::iter(vec![Err(e)]), None));
                }
                let full = page.alerts.len() as u32 >= q.page_size;
                let ids: Vec<String> = page.alerts.iter().filter_map(item_id).collect();
                let details = match client.alert_details(&ids).await {
                    Ok(details) => details,
                    Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                };
                let items: Vec<Result<Item<AlertDetails>, ApiError>> =
                    in_search_order(page.alerts, details, |d| d.summary.id.as_str())
                        .into_iter()
                        .map(Ok)
                        .collect();
                let next = full.then(|| {
                    let n = q.page_number.saturating_add(1);
                    (q.clone().page(n), guard)
                });
                Some((futures::stream::iter(items), next))
            }
        })
        .flatten()
    }

    /// Every alert of a query with its details, in the search's order, as
    /// [`Self::all_alert_details`] gives them, but faster: while the search pages on
    /// (pages of `page_size`, stopping once `limit` alerts were listed), up to
    /// `in_flight` details calls of 100 ids are under way, fewer after the server
    /// answers 429. Each chunk's answer is decoded off the async thread and handed to
    /// `convert` there (e.g. to write its output lines); chunks come out in order.
    pub fn alert_details_pipelined<R, F>(
        &self,
        query: AlertQuery,
        page_size: u32,
        limit: usize,
        in_flight: usize,
        convert: F,
    ) -> impl Stream<Item = Result<R, ApiError>> + Send + 'static
    where
        F: Fn(Vec<Item<AlertDetails>>) -> R + Send + Sync + 'static,
        R: Send + 'static,
    {
        self.alert_details_answers_pipelined(query, page_size, limit, in_flight, move |answer| {
            Ok(convert(answer.into_items()?))
        })
    }

    /// As [`Self::alert_details_pipelined`], but `convert` gets each details answer
    /// undecoded, beside the search results it was asked for, so a caller that only
    /// passes the details on can read them its own way
    /// ([`DetailsAnswer::into_items`] gives the typed reading).
    pub fn alert_details_answers_pipelined<R, F>(
        &self,
        query: AlertQuery,
        page_size: u32,
        limit: usize,
        in_flight: usize,
        convert: F,
    ) -> impl Stream<Item = Result<R, ApiError>> + Send + 'static
    where
        F: Fn(DetailsAnswer) -> Result<R, ApiError> + Send + Sync + 'static,
        R: Send + 'static,
    {
        let in_flight = in_flight.clamp(1, MAX_IN_FLIGHT);
        let limiter = Arc::new(Limiter::new(in_flight));
        let convert = Arc::new(convert);
        // The search pages on in a task of its own, up to `PAGES_AHEAD` pages ahead of
        // the details calls, so a details slot never waits for the next page to be
        // fetched and read.
        let (chunks_out, chunks_in) =
            tokio::sync::mpsc::channel::<Result<Vec<Item<AlertSummary>>, ApiError>>(
                PAGES_AHEAD
                    .saturating_mul(page_size.clamp(1, 500) as usize)
                    .div_ceil(MAX_IDS_PER_CALL)
                    .max(1),
            );
        // Started on the first poll, inside the runtime that polls the listing.
        let search = page_ahead(
            self.clone(),
            query.page_size(page_size.clamp(1, 500)).page(0),
            limit,
            chunks_out,
        );
        let chunks = futures::stream::unfold(
            (Some(search), chunks_in),
            |(search, mut chunks_in)| async move {
                if let Some(search) = search {
                    tokio::spawn(search);
                }
                let chunk = chunks_in.recv().await?;
                Some((chunk, (None, chunks_in)))
            },
        );
        let client = self.clone();
        chunks
            .map(move |chunk: Result<Vec<Item<AlertSummary>>, ApiError>| {
                let client = client.clone();
                let limiter = limiter.clone();
                let convert = convert.clone();
                async move {
                    let searched = chunk?;
                    let ids: Vec<String> = searched.iter().filter_map(item_id).collect();
                    let text = if ids.is_empty() {
                        None
                    } else {
                        let permit = limiter.acquire().await;
                        let before = client.transport.rate_limited_count();
                        let body = to_json(&AlertDetailsRequest { alert_ids: ids });
                        let text = client
                            .transport
                            .request_text(
                                Method::POST,
                                DETAILS_PATH,
                                &[],
                                Body::Json(&body),
                                Idempotency::Safe,
                            )
                            .await;
                        limiter.done(permit, client.transport.rate_limited_count() > before);
                        Some(text?)
                    };
                    tokio::task::spawn_blocking(move || convert(DetailsAnswer { searched, text }))
                        .await
                        .map_err(|e| ApiError::Unknown(format!("reading details: {e}")))?
                }
            })
            .buffered(in_flight)
    }

    pub async fn alert_aggregate(&self, id: &str) -> Result<AlertAggregate, ApiError> {
        let r: AggregateResponse = self
            .post(
                "/v1/alerts/query-details-aggregate",
                to_json(&AggregateRequest {
                    alert_id: id.to_string(),
                }),
                Idempotency::Safe,
            )
            .await?;
        Ok(r.alert)
    }

    /// Every alert rule (rule metadata), all pages.
    pub async fn alert_rules(&self) -> Result<Vec<Item<RuleMetadata>>, ApiError> {
        let tenant = self.tenant_id().await?;
        let page_size = 500u32;
        let mut out = Vec::new();
        let mut guard = PageGuard::default();
        for page_number in 0.. {
            let body = to_json(&RuleMetadataRequest::page(&tenant, page_number, page_size));
            let page: RuleMetadataPage = self
                .post(
                    "/v1/alerts/rules/query-rule-metadata",
                    body,
                    Idempotency::Safe,
                )
                .await?;
            let n = page.rule_metadata.len();
            guard.page("rules", page.rule_metadata.iter().map(item_key))?;
            out.extend(page.rule_metadata);
            if n < page_size as usize {
                break;
            }
        }
        Ok(out)
    }

    pub async fn alert_rule(&self, rule_id: &str) -> Result<RuleDetails, ApiError> {
        let path = format!("/v2/alert-rules/{}", encode_path(rule_id));
        self.transport
            .request(Method::GET, &path, &[], Body::None, Idempotency::Safe)
            .await
    }

    pub async fn alert_rule_users(&self, rule_id: &str) -> Result<RuleUsers, ApiError> {
        let path = format!("/v2/alert-rules/{}/users", encode_path(rule_id));
        self.transport
            .request(Method::GET, &path, &[], Body::None, Idempotency::Safe)
            .await
    }
}

/// The search of a pipelined listing: each page's alerts in chunks of at most 100, sent
/// in order until a short page, `limit` alerts listed, an error (sent last) or the
/// listing being dropped (the channel closed). Up to `PAGES_IN_FLIGHT` page calls are
/// under way at once (a far tenant answers each a round trip later); the ones past the
/// last page are dropped unanswered, or answered empty.
async fn page_ahead(
    client: Client,
    query: AlertQuery,
    limit: usize,
    chunks: tokio::sync::mpsc::Sender<Result<Vec<Item<AlertSummary>>, ApiError>>,
) {
    // A listing that fits one page asks for that page only.
    let window = if limit <= query.page_size as usize {
        1
    } else {
        PAGES_IN_FLIGHT
    };
    let page_size = query.page_size;
    let pages = futures::stream::iter(query.page_number..=u32::MAX)
        .map(|n| {
            let client = client.clone();
            let query = query.clone().page(n);
            async move { client.search_alerts(&query).await }
        })
        .buffered(window);
    let mut pages = std::pin::pin!(pages);
    let mut guard = PageGuard::default();
    let mut listed = 0usize;
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                let _ = chunks.send(Err(e)).await;
                return;
            }
        };
        if let Err(e) = guard.page("alerts", page.alerts.iter().map(item_id)) {
            let _ = chunks.send(Err(e)).await;
            return;
        }
        listed = listed.saturating_add(page.alerts.len());
        // A short (or empty) page is the last, whatever the total said.
        let last = (page.alerts.len() as u32) < page_size || listed >= limit;
        let mut alerts = page.alerts.into_iter().peekable();
        while alerts.peek().is_some() {
            let chunk: Vec<Item<AlertSummary>> = alerts.by_ref().take(MAX_IDS_PER_CALL).collect();
            if chunks.send(Ok(chunk)).await.is_err() {
                return;
            }
        }
        if last {
            return;
        }
    }
}

const DETAILS_PATH: &str = "/v1/alerts/query-details";

/// The most details calls one pipelined listing keeps in flight.
pub const MAX_IN_FLIGHT: usize = 32;
/// The details calls a pipelined listing keeps in flight unless told otherwise.
pub const DEFAULT_IN_FLIGHT: usize = 4;
/// How many search pages a pipelined listing reads ahead of its details calls.
const PAGES_AHEAD: usize = 2;
/// How many search page calls a pipelined listing keeps under way at once.
const PAGES_IN_FLIGHT: usize = 2;
/// Clean answers in a row after which a limiter that slowed down takes one slot back.
const GROW_AFTER: usize = 8;

/// How many calls may be in flight: one slot fewer for each 429 (down to one), one
/// more after every `GROW_AFTER` clean answers (up to the maximum asked for).
struct Limiter {
    permits: Arc<Semaphore>,
    limit: AtomicUsize,
    max: usize,
    clean: AtomicUsize,
}

impl Limiter {
    fn new(max: usize) -> Self {
        Limiter {
            permits: Arc::new(Semaphore::new(max)),
            limit: AtomicUsize::new(max),
            max,
            clean: AtomicUsize::new(0),
        }
    }

    /// A slot; `None` only if the semaphore were closed, which it never is.
    async fn acquire(&self) -> Option<OwnedSemaphorePermit> {
        self.permits.clone().acquire_owned().await.ok()
    }

    fn done(&self, permit: Option<OwnedSemaphorePermit>, rate_limited: bool) {
        if rate_limited {
            self.clean.store(0, Ordering::Relaxed);
            let shrunk = self
                .limit
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                    (l > 1).then(|| l.saturating_sub(1))
                })
                .is_ok();
            if let (true, Some(permit)) = (shrunk, permit) {
                permit.forget();
            }
            return;
        }
        drop(permit);
        let clean = self.clean.fetch_add(1, Ordering::Relaxed).saturating_add(1);
        if clean >= GROW_AFTER {
            self.clean.store(0, Ordering::Relaxed);
            let grown = self
                .limit
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |l| {
                    (l < self.max).then(|| l.saturating_add(1))
                })
                .is_ok();
            if grown {
                self.permits.add_permits(1);
            }
        }
    }

    #[cfg(test)]
    fn limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed)
    }
}

/// repeats exactly.
fn item_key<T: serde::Serialize>(item: &Item<T>) -> String {
    match item {
        Item::Read(t) => serde_json::to_string(t).unwrap_or_default(),
        Item::Unreadable(u) => u.raw.clone(),
    }
}

/// The id of a search result, read or not.
fn item_id(item: &Item<AlertSummary>) -> Option<String> {
    match item {
        Item::Read(summary) => Some(summary.id.clone()),
        Item::Unreadable(u) => u.id.clone(),
    }
}

/// One details call of a pipelined listing: the search results it asked about, in the
/// search's order, and the answer as it came (`None` when none of them had an id, so
/// nothing was asked).
pub struct DetailsAnswer {
    pub searched: Vec<Item<AlertSummary>>,
    pub text: Option<String>,
}

impl DetailsAnswer {
    /// The details read into the typed models, in the search's order.
    pub fn into_items(self) -> Result<Vec<Item<AlertDetails>>, ApiError> {
        let details = match &self.text {
            None => Vec::new(),
            Some(text) => {
                details_items(text).map_err(|e| ApiError::Decode(format!("{DETAILS_PATH}: {e}")))?
            }
        };
        Ok(in_search_order(self.searched, details, |d| {
            d.summary.id.as_str()
        }))
    }
}

/// Details in the order of the search page they were asked for. A search result
/// without an id, or whose details the service did not return, stays a placeholder.
pub fn in_search_order<D>(
    searched: Vec<Item<AlertSummary>>,
    details: Vec<Item<D>>,
    id_of: impl Fn(&D) -> &str,
) -> Vec<Item<D>> {
    let mut by_id: std::collections::HashMap<String, Item<D>> =
        std::collections::HashMap::with_capacity(details.len());
    let mut without_id = Vec::new();
    for detail in details {
        let id = match &detail {
            Item::Read(d) => Some(id_of(d).to_string()),
            Item::Unreadable(u) => u.id.clone(),
        };
        match id {
            Some(id) => {
                by_id.insert(id, detail);
            }
            None => without_id.push(detail),
        }
    }
    let mut out = Vec::with_capacity(searched.len());
    for item in searched {
        let found = item_id(&item).and_then(|id| by_id.remove(&id));
        out.push(match (found, item) {
            (Some(detail), _) => detail,
            (None, Item::Unreadable(u)) => Item::Unreadable(u),
            (None, Item::Read(summary)) => Item::Unreadable(UnreadableItem {
                id: Some(summary.id.clone()),
                reason: "the details call did not return this alert".into(),
                raw: serde_json::to_string(&summary).unwrap_or_default(),
            }),
        });
    }
    out.extend(without_id);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_limiter_gives_up_slots_on_429_and_takes_them_back_slowly() {
        let limiter = Limiter::new(4);
        for _ in 0..5 {
            let permit = limiter.acquire().await;
            limiter.done(permit, true);
        }
        assert_eq!(limiter.limit(), 1);
        assert_eq!(limiter.permits.available_permits(), 1);
        for _ in 0..GROW_AFTER {
            let permit = limiter.acquire().await;
            limiter.done(permit, false);
        }
        assert_eq!(limiter.limit(), 2);
        assert_eq!(limiter.permits.available_permits(), 2);
        for _ in 0..GROW_AFTER * 10 {
            let permit = limiter.acquire().await;
            limiter.done(permit, false);
        }
        assert_eq!(limiter.limit(), 4);
        assert_eq!(limiter.permits.available_permits(), 4);
    }
}
