//! Alert calls: search, details, aggregates and rules.

use futures::{Stream, StreamExt};
use reqwest::Method;
use serde_json::json;

use super::{Client, MAX_IDS_PER_CALL, encode_path};
use crate::api::error::ApiError;
use crate::api::lenient::{Item, UnreadableItem};
use crate::api::models::{
    AggregateResponse, AlertAggregate, AlertDetails, AlertDetailsResponse, AlertPage, AlertSummary,
    RuleDetails, RuleMetadata, RuleMetadataPage, RuleUsers,
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
                    in_search_order(page.alerts, details)
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

/// Details in the order of the search page they were asked for. A search result
/// without an id, or whose details the service did not return, stays a placeholder.
fn in_search_order(
    searched: Vec<Item<AlertSummary>>,
    details: Vec<Item<AlertDetails>>,
) -> Vec<Item<AlertDetails>> {
    let mut by_id: std::collections::HashMap<String, Item<AlertDetails>> =
        std::collections::HashMap::with_capacity(details.len());
    let mut without_id = Vec::new();
    for detail in details {
        let id = match &detail {
            Item::Read(d) => Some(d.summary.id.clone()),
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
