//! The Code42 client: every alerts, file-event and case operation triage needs.

use std::sync::Arc;

use futures::{Stream, StreamExt};
use reqwest::Method;
use serde_json::json;

use super::cases::{
    Case, CaseFileEvent, CaseFileEventPage, CaseListQuery, CasePage, CaseUpdate, validate_fields,
};
use super::error::ApiError;
use super::file_events::{FileEvent, FileEventPage, FileEventQuery};
use super::lenient::{Item, UnreadableItem};
use super::models::{
    AggregateResponse, AlertAggregate, AlertDetails, AlertDetailsResponse, AlertPage, AlertSummary,
    RuleDetails, RuleMetadata, RuleMetadataPage, RuleUsers,
};
use super::paging::PageGuard;
use super::query::AlertQuery;
use super::requests::{
    AggregateRequest, AlertDetailsRequest, CaseReplacement, RuleMetadataRequest, to_json,
};
use super::transport::{Body, ClientConfig, Idempotency, Transport};

/// Event ids per look-up search: one `IS_ANY` filter, well under the service's limits.
const EVENT_IDS_PER_SEARCH: usize = 100;

/// The most alert ids the service takes in one call.
pub const MAX_IDS_PER_CALL: usize = 100;
/// The longest note, in UTF-16 code units (the stricter of the services' two counts).
pub const MAX_NOTE_LEN: usize = 2000;

/// Length of a note as the limit counts it.
pub fn note_length(note: &str) -> usize {
    note.encode_utf16().count()
}

pub fn check_note(note: &str) -> Result<(), ApiError> {
    let n = note_length(note);
    if n > MAX_NOTE_LEN {
        return Err(ApiError::InvalidInput(format!(
            "the note is {n} characters; the limit is {MAX_NOTE_LEN}"
        )));
    }
    Ok(())
}

/// A cheap-to-clone handle; all clones share one connection pool and token.
#[derive(Clone)]
pub struct Client {
    pub(super) transport: Arc<Transport>,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ApiError> {
        Ok(Client {
            transport: Transport::new(config)?,
        })
    }

    pub fn base_url(&self) -> &str {
        &self.transport.config.base_url
    }

    /// The tenant id, from the token's `tenantUid` claim or else `GET /v1/customer` (asked once).
    pub async fn tenant_id(&self) -> Result<String, ApiError> {
        if let Some(t) = self.transport.token_retried().await?.tenant_id {
            return Ok(t);
        }
        if let Some(t) = self.transport.cached_customer_tenant() {
            return Ok(t);
        }
        let v: serde_json::Value = self
            .transport
            .request(
                Method::GET,
                "/v1/customer",
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await?;
        let tenant = v
            .get("tenantId")
            .and_then(|t| t.as_str())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::Decode("GET /v1/customer has no tenantId".into()))?;
        self.transport.remember_customer_tenant(tenant);
        Ok(tenant.to_string())
    }

    pub(super) async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: serde_json::Value,
        idempotency: Idempotency,
    ) -> Result<T, ApiError> {
        self.transport
            .request(Method::POST, path, &[], Body::Json(&body), idempotency)
            .await
    }

    pub(super) async fn post_no_content(
        &self,
        path: &str,
        body: serde_json::Value,
    ) -> Result<(), ApiError> {
        self.transport
            .request_text(
                Method::POST,
                path,
                &[],
                Body::Json(&body),
                Idempotency::Mutation,
            )
            .await
            .map(|_| ())
    }

    // ------------------------------------------------------------------ alerts

    /// One page of alerts.
    pub async fn search_alerts(&self, query: &AlertQuery) -> Result<AlertPage, ApiError> {
        let tenant = self.tenant_id().await?;
        let body = query.to_wire_json(&tenant);
        let page: AlertPage = self
            .post("/v1/alerts/query-alerts", body, Idempotency::Safe)
            .await?;
        if let Some(problem) = page.problems.first() {
            return Err(ApiError::BadRequest(super::error::message_from_body(
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

    // ------------------------------------------------------------- file events

    /// One page of file events. Problems the service reports make the call fail.
    pub async fn search_file_events(
        &self,
        query: &FileEventQuery,
    ) -> Result<FileEventPage, ApiError> {
        let page: FileEventPage = self
            .post("/v2/file-events", query.to_wire_json(), Idempotency::Safe)
            .await?;
        if !page.problems.is_empty() {
            return Err(ApiError::BadRequest(super::error::message_from_body(
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

    // ------------------------------------------------------------------- cases

    pub async fn list_cases(&self, query: &CaseListQuery) -> Result<CasePage, ApiError> {
        self.transport
            .request(
                Method::GET,
                "/v1/cases",
                &query.params(),
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Every case, all pages.
    pub async fn all_cases(&self, mut query: CaseListQuery) -> Result<Vec<Item<Case>>, ApiError> {
        let mut out = Vec::new();
        let mut guard = PageGuard::default();
        query.page_number = 1;
        loop {
            let page = self.list_cases(&query).await?;
            let n = page.cases.len();
            guard.page(
                "cases",
                page.cases.iter().map(|c| c.read().map(|c| c.number)),
            )?;
            out.extend(page.cases);
            if n < query.page_size as usize {
                return Ok(out);
            }
            query.page_number = query.page_number.saturating_add(1);
        }
    }

    pub async fn get_case(&self, number: u64) -> Result<Case, ApiError> {
        self.transport
            .request(
                Method::GET,
                &format!("/v1/cases/{number}"),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Changes some fields of a case; the PUT replaces all six, so unchanged ones are sent back.
    pub async fn update_case(&self, number: u64, update: &CaseUpdate) -> Result<Case, ApiError> {
        let current = self.get_case(number).await?;
        let merged = CaseReplacement {
            name: update.name.clone().unwrap_or(current.name),
            description: update.description.clone().or(current.description),
            findings: update.findings.clone().or(current.findings),
            subject: update.subject.clone().or(current.subject),
            assignee: update.assignee.clone().or(current.assignee),
            status: update.status.clone().or(current.status).ok_or_else(|| {
                ApiError::Decode(format!("case {number} has no status; give one to set"))
            })?,
        };
        validate_fields(
            &merged.name,
            merged.description.as_deref(),
            merged.findings.as_deref(),
        )
        .map_err(ApiError::InvalidInput)?;
        let body = to_json(&merged);
        self.transport
            .request(
                Method::PUT,
                &format!("/v1/cases/{number}"),
                &[],
                Body::Json(&body),
                Idempotency::Mutation,
            )
            .await
    }

    pub async fn case_file_events(
        &self,
        number: u64,
    ) -> Result<Vec<Item<CaseFileEvent>>, ApiError> {
        let page_size = 10_000u32;
        let mut out = Vec::new();
        let mut guard = PageGuard::default();
        for page in 1.. {
            let params = [
                ("pgNum", page.to_string()),
                ("pgSize", page_size.to_string()),
            ];
            let p: CaseFileEventPage = self
                .transport
                .request(
                    Method::GET,
                    &format!("/v1/cases/{number}/fileevent"),
                    &params,
                    Body::None,
                    Idempotency::Safe,
                )
                .await?;
            let n = p.events.len();
            guard.page(
                "case events",
                p.events
                    .iter()
                    .map(|e| e.read().map(|e| e.event_id.clone())),
            )?;
            out.extend(p.events);
            if n < page_size as usize {
                break;
            }
        }
        Ok(out)
    }
}

/// What tells a page's items apart: their JSON, which a server that repeats a page
/// repeats exactly.
fn item_key<T: serde::Serialize>(item: &Item<T>) -> String {
    match item {
        Item::Read(t) => serde_json::to_string(t).unwrap_or_default(),
        Item::Unreadable(u) => u.raw.clone(),
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

/// Percent-encodes everything but unreserved characters, for ids placed in a path.
pub(crate) fn encode_path(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
