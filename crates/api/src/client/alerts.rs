//! Alert calls: search, details, aggregates and rules.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use futures::{Stream, StreamExt};
use reqwest::Method;
use serde_json::json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::listing::{CALLS_AHEAD, Listed, read_list};
use super::{Client, MAX_IDS_PER_CALL, encode_path};
use crate::error::ApiError;
use crate::lenient::Item;
use crate::models::{
    AggregateResponse, AlertAggregate, AlertDetails, AlertDetailsResponse, AlertPage, AlertSummary,
    RuleDetails, RuleMetadata, RuleMetadataPage, RuleUsers, SearchedAlert, SearchedAlertPage,
    details_items,
};
use crate::pager::PageAsk;
use crate::paging::PageGuard;
use crate::query::{AlertQuery, MAX_ALERT_PAGE_SIZE};
use crate::requests::{AggregateRequest, AlertDetailsRequest, RuleMetadataRequest, to_json};
use crate::transport::{Body, Idempotency};

impl Client {
    /// One page of alerts.
    pub async fn search_alerts(&self, query: &AlertQuery) -> Result<AlertPage, ApiError> {
        self.search_page(query).await
    }

    /// One page of a search read as `P`: decoded off the async thread (a page of 500
    /// alerts takes a few milliseconds), its problems an error.
    async fn search_page<P: SearchPage>(&self, query: &AlertQuery) -> Result<P, ApiError> {
        let tenant = self.tenant_id().await?;
        let body = query.to_wire_json(&tenant);
        let page: P = self
            .transport
            .request_decoded_aside(
                Method::POST,
                "/v1/alerts/query-alerts",
                Body::Json(&body),
                Idempotency::Safe,
                P::from_json,
            )
            .await?;
        if let Some(problem) = page.problems().first() {
            return Err(ApiError::BadRequest(crate::error::message_from_body(
                &json!({"problems": [problem]}).to_string(),
            )));
        }
        Ok(page)
    }

    /// Every alert matching the query, page by page as they arrive (memory stays flat).
    /// An alert that cannot be read comes as a placeholder in its place. Alerts that
    /// leave the query or join it meanwhile never make one that stays be skipped.
    pub fn search_all_alerts(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<Item<AlertSummary>, ApiError>> + Send + 'static {
        self.list_alerts::<AlertPage>(query, usize::MAX)
            .flat_map(|batch| {
                futures::stream::iter(match batch {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                })
            })
    }

    /// The alerts of a query (at most `limit`), a call's new ones at a time, through the
    /// pager: by creation time where the query allows, else in windows; each read as
    /// the page `P` reads it.
    fn list_alerts<P: SearchPage>(
        &self,
        query: AlertQuery,
        limit: usize,
    ) -> impl Stream<Item = Result<Vec<Item<P::Alert>>, ApiError>> + Send + 'static
    where
        Item<P::Alert>: Listed,
    {
        let client = self.clone();
        let order = query.paging_order();
        let page_size = query.page_size;
        read_list(
            order,
            page_size,
            MAX_ALERT_PAGE_SIZE,
            limit,
            CALLS_AHEAD,
            move |ask: PageAsk| {
                let client = client.clone();
                let query = query.at(&ask);
                async move { Ok(client.search_page::<P>(&query).await?.into_alerts()) }
            },
        )
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
    /// placeholder in its place; one whose details are absent twice (deleted since the
    /// search) is left out.
    pub fn all_alert_details(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<Item<AlertDetails>, ApiError>> + Send + 'static {
        let client = self.clone();
        self.list_alerts::<SearchedAlertPage>(query.page_size(MAX_IDS_PER_CALL as u32), usize::MAX)
            .then(move |batch| {
                let client = client.clone();
                async move {
                    let searched = batch?;
                    let ids: Vec<String> = searched.iter().filter_map(item_id).collect();
                    let details = client.alert_details(&ids).await?;
                    let placed = in_search_order(searched, details, |d| d.summary.id.as_str());
                    // An alert deleted since the search is left out.
                    Ok(client.place_absent(placed).await?.0)
                }
            })
            .flat_map(|batch: Result<Vec<Item<AlertDetails>>, ApiError>| {
                futures::stream::iter(match batch {
                    Ok(items) => items.into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                })
            })
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
        F: Fn(Vec<Placed<AlertDetails>>) -> R + Send + Sync + 'static,
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
            tokio::sync::mpsc::channel::<Result<Vec<Item<SearchedAlert>>, ApiError>>(
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
            .map(move |chunk: Result<Vec<Item<SearchedAlert>>, ApiError>| {
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
                            .request_body(
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
                    tokio::task::spawn_blocking(move || {
                        // Made text here, off the async thread (43 MB for 10,000 alerts).
                        let text = text.map(crate::transport::text_of);
                        convert(DetailsAnswer { searched, text })
                    })
                    .await
                    .map_err(|e| ApiError::Unknown(format!("reading details: {e}")))?
                }
            })
            .buffered(in_flight.saturating_mul(ANSWERS_PER_CALL))
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

/// The search of a pipelined listing: each call's new alerts in chunks of at most 100,
/// sent in order until the list ends, `limit` alerts are listed, an error (sent last) or
/// the listing is dropped (the channel closed).
async fn page_ahead(
    client: Client,
    query: AlertQuery,
    limit: usize,
    chunks: tokio::sync::mpsc::Sender<Result<Vec<Item<SearchedAlert>>, ApiError>>,
) {
    let mut batches = std::pin::pin!(client.list_alerts::<SearchedAlertPage>(query, limit));
    // A call's new alerts are seldom a multiple of 100 (pages by creation time overlap
    // where alerts share a time): what is left of one call waits for the next, so each
    // details call but the last asks for 100.
    let mut waiting: Vec<Item<SearchedAlert>> = Vec::with_capacity(MAX_IDS_PER_CALL);
    while let Some(batch) = batches.next().await {
        let alerts = match batch {
            Ok(alerts) => alerts,
            Err(e) => {
                if !waiting.is_empty() && chunks.send(Ok(waiting)).await.is_err() {
                    return;
                }
                let _ = chunks.send(Err(e)).await;
                return;
            }
        };
        for alert in alerts {
            waiting.push(alert);
            if waiting.len() >= MAX_IDS_PER_CALL {
                let chunk = std::mem::replace(&mut waiting, Vec::with_capacity(MAX_IDS_PER_CALL));
                if chunks.send(Ok(chunk)).await.is_err() {
                    return;
                }
            }
        }
    }
    if !waiting.is_empty() {
        let _ = chunks.send(Ok(waiting)).await;
    }
}

const DETAILS_PATH: &str = "/v1/alerts/query-details";

/// The most details calls one pipelined listing keeps in flight.
pub const MAX_IN_FLIGHT: usize = 32;
/// The details calls a pipelined listing keeps in flight unless told otherwise.
pub const DEFAULT_IN_FLIGHT: usize = 4;
/// How many details answers a pipelined listing holds for each call it may have in
/// flight, counting those in flight: answers whose rows are still being built (or wait
/// for an earlier one's) do not keep the next calls from starting, so the tenant is
/// not left waiting on the client's rows. The calls in flight are still at most
/// `in_flight` (the [`Limiter`]'s).
const ANSWERS_PER_CALL: usize = 2;
/// How many search pages a pipelined listing reads ahead of its details calls.
const PAGES_AHEAD: usize = 2;
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
fn item_id(item: &Item<SearchedAlert>) -> Option<String> {
    match item {
        Item::Read(searched) => Some(searched.id.clone()),
        Item::Unreadable(u) => u.id.clone(),
    }
}

/// A page of a search, read as one of the shapes of its results.
trait SearchPage: serde::de::DeserializeOwned + Send + 'static {
    type Alert: Send + 'static;
    /// Reads a page's text.
    fn from_json(text: &str) -> serde_json::Result<Self> {
        serde_json::from_str(text)
    }
    fn problems(&self) -> &[serde_json::Value];
    fn into_alerts(self) -> Vec<Item<Self::Alert>>;
}

impl SearchPage for AlertPage {
    type Alert = AlertSummary;
    fn problems(&self) -> &[serde_json::Value] {
        &self.problems
    }
    fn into_alerts(self) -> Vec<Item<AlertSummary>> {
        self.alerts
    }
}

impl SearchPage for SearchedAlertPage {
    type Alert = SearchedAlert;
    fn from_json(text: &str) -> serde_json::Result<Self> {
        SearchedAlertPage::from_json(text)
    }
    fn problems(&self) -> &[serde_json::Value] {
        &self.problems
    }
    fn into_alerts(self) -> Vec<Item<SearchedAlert>> {
        self.alerts
    }
}

/// One details call of a pipelined listing: the search results it asked about, in the
/// search's order, and the answer as it came (`None` when none of them had an id, so
/// nothing was asked).
pub struct DetailsAnswer {
    pub searched: Vec<Item<SearchedAlert>>,
    pub text: Option<String>,
}

impl DetailsAnswer {
    /// The details read into the typed models, in the search's order.
    pub fn into_items(self) -> Result<Vec<Placed<AlertDetails>>, ApiError> {
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

/// A search result beside its details.
#[derive(Debug, Clone, PartialEq)]
pub enum Placed<D> {
    /// Its details, or a placeholder when they (or the search result) could not be read.
    Item(Item<D>),
    /// The details call did not return this alert (by its id): deleted since the
    /// search, or not yet visible to the details service. Worth asking once more.
    Absent(String),
}

/// Details in the order of the search page they were asked for. A search result
/// without an id stays a placeholder; one the details call did not return is `Absent`.
pub fn in_search_order<D>(
    searched: Vec<Item<SearchedAlert>>,
    details: Vec<Item<D>>,
    id_of: impl Fn(&D) -> &str,
) -> Vec<Placed<D>> {
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
            (Some(detail), _) => Placed::Item(detail),
            (None, Item::Unreadable(u)) => Placed::Item(Item::Unreadable(u)),
            (None, Item::Read(summary)) => Placed::Absent(summary.id),
        });
    }
    out.extend(without_id.into_iter().map(Placed::Item));
    out
}

impl Client {
    /// Asks once more for the details of alerts a details call did not return, and puts
    /// those it returns now in their places; the ids still absent come back apart (they
    /// no longer exist).
    pub async fn place_absent(
        &self,
        placed: Vec<Placed<AlertDetails>>,
    ) -> Result<(Vec<Item<AlertDetails>>, Vec<String>), ApiError> {
        let absent: Vec<String> = placed
            .iter()
            .filter_map(|p| match p {
                Placed::Absent(id) => Some(id.clone()),
                Placed::Item(_) => None,
            })
            .collect();
        let mut found: std::collections::HashMap<String, Item<AlertDetails>> =
            std::collections::HashMap::new();
        if !absent.is_empty() {
            for detail in self.alert_details(&absent).await? {
                let id = match &detail {
                    Item::Read(d) => Some(d.summary.id.clone()),
                    Item::Unreadable(u) => u.id.clone(),
                };
                if let Some(id) = id {
                    found.insert(id, detail);
                }
            }
        }
        let mut items = Vec::with_capacity(placed.len());
        let mut gone = Vec::new();
        for p in placed {
            match p {
                Placed::Item(item) => items.push(item),
                Placed::Absent(id) => match found.remove(&id) {
                    Some(item) => items.push(item),
                    None => gone.push(id),
                },
            }
        }
        Ok((items, gone))
    }
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
