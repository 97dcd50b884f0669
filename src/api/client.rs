//! The Code42 client: every alerts, file-event and case operation triage needs.

use std::sync::Arc;

use futures::{Stream, StreamExt};
use reqwest::Method;
use serde_json::json;

use super::cases::{
    Case, CaseFileEvent, CaseFileEventPage, CaseListQuery, CasePage, CaseReplacement, CaseUpdate,
    NewCase, validate_fields,
};
use super::error::ApiError;
use super::file_events::{FileEvent, FileEventPage, FileEventQuery, MAX_FILE_EVENT_PAGE_SIZE};
use super::models::{
    AggregateResponse, AlertAggregate, AlertDetails, AlertDetailsResponse, AlertPage, AlertState,
    AlertSummary, RuleDetails, RuleMetadata, RuleMetadataPage, RuleUsers,
};
use super::query::AlertQuery;
use super::transport::{Body, ClientConfig, Idempotency, Transport};

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
    transport: Arc<Transport>,
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

    /// The tenant id, from the token's `tenantUid` claim or else `GET /v1/customer`.
    pub async fn tenant_id(&self) -> Result<String, ApiError> {
        if let Some(t) = self.transport.token().await?.tenant_id {
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
        v.get("tenantId")
            .and_then(|t| t.as_str())
            .map(str::to_string)
            .ok_or_else(|| ApiError::Decode("GET /v1/customer has no tenantId".into()))
    }

    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        body: serde_json::Value,
        idempotency: Idempotency,
    ) -> Result<T, ApiError> {
        self.transport
            .request(Method::POST, path, &[], Body::Json(&body), idempotency)
            .await
    }

    async fn post_no_content(&self, path: &str, body: serde_json::Value) -> Result<(), ApiError> {
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
    pub fn search_all_alerts(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<AlertSummary, ApiError>> + Send + 'static {
        let client = self.clone();
        futures::stream::unfold(Some(query.page(0)), move |state| {
            let client = client.clone();
            async move {
                let q = state?;
                match client.search_alerts(&q).await {
                    Ok(page) => {
                        let next = (page.alerts.len() as u32 >= q.page_size).then(|| {
                            let n = q.page_number + 1;
                            q.clone().page(n)
                        });
                        let items: Vec<Result<AlertSummary, ApiError>> =
                            page.alerts.into_iter().map(Ok).collect();
                        Some((futures::stream::iter(items), next))
                    }
                    Err(e) => Some((futures::stream::iter(vec![Err(e)]), None)),
                }
            }
        })
        .flatten()
    }

    /// Details of any number of alerts, fetched in chunks of at most 100 ids.
    pub async fn alert_details(&self, ids: &[String]) -> Result<Vec<AlertDetails>, ApiError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(MAX_IDS_PER_CALL) {
            let response: AlertDetailsResponse = self
                .post(
                    "/v1/alerts/query-details",
                    json!({"alertIds": chunk}),
                    Idempotency::Safe,
                )
                .await?;
            out.extend(response.alerts);
        }
        Ok(out)
    }

    /// Every alert of a query with its observations, in pages of 100.
    pub fn all_alert_details(
        &self,
        query: AlertQuery,
    ) -> impl Stream<Item = Result<AlertDetails, ApiError>> + Send + 'static {
        let client = self.clone();
        futures::stream::unfold(
            Some(query.page_size(MAX_IDS_PER_CALL as u32).page(0)),
            move |state| {
                let client = client.clone();
                async move {
                    let q = state?;
                    let page = match client.search_alerts(&q).await {
                        Ok(p) => p,
                        Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                    };
                    let full = page.alerts.len() as u32 >= q.page_size;
                    let ids: Vec<String> = page.alerts.iter().map(|a| a.id.clone()).collect();
                    let items: Vec<Result<AlertDetails, ApiError>> =
                        match client.alert_details(&ids).await {
                            Ok(mut details) => {
                                // Keep the search's order; the details call does not promise one.
                                details
                                    .sort_by_key(|d| ids.iter().position(|i| *i == d.summary.id));
                                details.into_iter().map(Ok).collect()
                            }
                            Err(e) => return Some((futures::stream::iter(vec![Err(e)]), None)),
                        };
                    let next = full.then(|| {
                        let n = q.page_number + 1;
                        q.clone().page(n)
                    });
                    Some((futures::stream::iter(items), next))
                }
            },
        )
        .flatten()
    }

    pub async fn alert_aggregate(&self, id: &str) -> Result<AlertAggregate, ApiError> {
        let r: AggregateResponse = self
            .post(
                "/v1/alerts/query-details-aggregate",
                json!({"alertId": id}),
                Idempotency::Safe,
            )
            .await?;
        Ok(r.alert)
    }

    /// Sets the state of up to 100 alerts, with an optional note that replaces theirs.
    pub async fn update_alert_state(
        &self,
        ids: &[String],
        state: AlertState,
        note: Option<&str>,
    ) -> Result<(), ApiError> {
        if ids.is_empty() {
            return Err(ApiError::InvalidInput("no alerts given".into()));
        }
        if ids.len() > MAX_IDS_PER_CALL {
            return Err(ApiError::InvalidInput(format!(
                "{} alerts in one call; the limit is {MAX_IDS_PER_CALL}",
                ids.len()
            )));
        }
        if let Some(n) = note {
            check_note(n)?;
        }
        let tenant = self.tenant_id().await?;
        self.post_no_content(
            "/v1/alerts/update-state",
            json!({"tenantId": tenant, "alertIds": ids, "state": state.as_wire(), "note": note}),
        )
        .await
    }

    pub async fn resolve_alerts(
        &self,
        ids: &[String],
        reason: Option<&str>,
    ) -> Result<(), ApiError> {
        self.update_alert_state(ids, AlertState::Resolved, reason)
            .await
    }

    pub async fn reopen_alerts(
        &self,
        ids: &[String],
        reason: Option<&str>,
    ) -> Result<(), ApiError> {
        self.update_alert_state(ids, AlertState::Open, reason).await
    }

    /// Replaces the alert's note. Refused before sending when over the limit.
    pub async fn add_alert_note(&self, id: &str, note: &str) -> Result<(), ApiError> {
        check_note(note)?;
        let tenant = self.tenant_id().await?;
        self.post_no_content(
            "/v1/alerts/add-note",
            json!({"tenantId": tenant, "alertId": id, "note": note}),
        )
        .await
    }

    /// Every alert rule (rule metadata), all pages.
    pub async fn alert_rules(&self) -> Result<Vec<RuleMetadata>, ApiError> {
        let tenant = self.tenant_id().await?;
        let page_size = 500;
        let mut out = Vec::new();
        for page_number in 0.. {
            let page: RuleMetadataPage = self
                .post(
                    "/v1/alerts/rules/query-rule-metadata",
                    json!({"tenantId": tenant, "groups": [], "groupClause": "AND", "pgNum": page_number,
                           "pgSize": page_size, "srtKey": "CreatedAt", "srtDirection": "DESC"}),
                    Idempotency::Safe,
                )
                .await?;
            let n = page.rule_metadata.len();
            out.extend(page.rule_metadata);
            if n < page_size {
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

    pub async fn search_file_events(
        &self,
        query: &FileEventQuery,
    ) -> Result<FileEventPage, ApiError> {
        self.post("/v2/file-events", query.to_wire_json(), Idempotency::Safe)
            .await
    }

    /// Every event of a query, following `nextPgToken` until it is null.
    pub fn search_all_file_events(
        &self,
        query: FileEventQuery,
    ) -> impl Stream<Item = Result<FileEvent, ApiError>> + Send + 'static {
        let client = self.clone();
        futures::stream::unfold(Some(query.page_token("")), move |state| {
            let client = client.clone();
            async move {
                let q = state?;
                match client.search_file_events(&q).await {
                    Ok(page) => {
                        let next = page
                            .next_pg_token
                            .clone()
                            .filter(|t| !t.is_empty())
                            .map(|t| q.clone().page_token(t));
                        Some((
                            futures::stream::iter(
                                page.file_events.into_iter().map(Ok).collect::<Vec<_>>(),
                            ),
                            next,
                        ))
                    }
                    Err(e) => Some((futures::stream::iter(vec![Err(e)]), None)),
                }
            }
        })
        .flatten()
    }

    /// The events with these ids (there is no GET by id: a v2 search on `event.id`).
    pub async fn file_events_by_ids(
        &self,
        event_ids: &[String],
    ) -> Result<Vec<FileEvent>, ApiError> {
        let mut out = Vec::with_capacity(event_ids.len());
        // Keep each search well under the 1,024-criteria cap.
        for chunk in event_ids.chunks(500) {
            let q = FileEventQuery::default()
                .any_of("event.id", chunk)
                .page_size((chunk.len() as u32).min(MAX_FILE_EVENT_PAGE_SIZE))
                .sort("event.id", false);
            out.extend(self.search_file_events(&q).await?.file_events);
        }
        Ok(out)
    }

    // ------------------------------------------------------------------- cases

    pub async fn create_case(&self, case: &NewCase) -> Result<Case, ApiError> {
        case.validate().map_err(ApiError::InvalidInput)?;
        let body = serde_json::to_value(case).map_err(|e| ApiError::InvalidInput(e.to_string()))?;
        self.post("/v1/cases", body, Idempotency::Mutation).await
    }

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
    pub async fn all_cases(&self, mut query: CaseListQuery) -> Result<Vec<Case>, ApiError> {
        let mut out = Vec::new();
        query.page_number = 1;
        loop {
            let page = self.list_cases(&query).await?;
            let n = page.cases.len();
            out.extend(page.cases);
            if n < query.page_size as usize {
                return Ok(out);
            }
            query.page_number += 1;
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
            status: update.status.clone().unwrap_or(current.status),
        };
        validate_fields(
            &merged.name,
            merged.description.as_deref(),
            merged.findings.as_deref(),
        )
        .map_err(ApiError::InvalidInput)?;
        let body =
            serde_json::to_value(&merged).map_err(|e| ApiError::InvalidInput(e.to_string()))?;
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

    /// Adds file events to a case in one call.
    pub async fn add_events_to_case(
        &self,
        number: u64,
        event_ids: &[String],
    ) -> Result<(), ApiError> {
        if event_ids.is_empty() {
            return Err(ApiError::InvalidInput("no file events given".into()));
        }
        self.post_no_content(
            &format!("/v1/cases/{number}/fileevent"),
            json!({"events": event_ids}),
        )
        .await
    }

    pub async fn case_file_events(&self, number: u64) -> Result<Vec<CaseFileEvent>, ApiError> {
        let page_size = 10_000u32;
        let mut out = Vec::new();
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
            out.extend(p.events);
            if n < page_size as usize {
                break;
            }
        }
        Ok(out)
    }
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
