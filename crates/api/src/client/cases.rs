//! Case calls that read or edit a case (creating one and adding its events are in
//! `changes`).

use reqwest::Method;

use super::Client;
use crate::cases::{
    Case, CaseFileEvent, CaseFileEventPage, CaseListQuery, CasePage, CaseUpdate, validate_fields,
};
use crate::error::ApiError;
use crate::lenient::Item;
use crate::paging::PageGuard;
use crate::requests::{CaseReplacement, to_json};
use crate::transport::{Body, Idempotency};

impl Client {
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
