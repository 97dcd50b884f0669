//! Case calls that read or edit a case (creating one and adding its events are in
//! `changes`); an edit is journaled like every change.

use reqwest::Method;

use super::Client;
use super::changes::{Applied, SETTLE_ROUNDS};
use crate::audit::{Change, ChangeKind};
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

    /// Changes some fields of a case; the PUT replaces all six, so the case is read first
    /// and the unchanged ones are sent back. Journaled; after a lost answer the case is
    /// read back and the change sent again only when it does not show yet.
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
        let change = Change::new(
            ChangeKind::UpdateCase {
                case_number: number,
                fields: update.fields(),
            },
            Vec::new(),
        );
        self.log_intent(&change)?;
        let result = match self.send_case_update(number, &body).await {
            Ok(case) => Ok((case, Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_case_update(number, &merged, &body, lost).await
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|(case, _)| case)
    }

    async fn send_case_update(
        &self,
        number: u64,
        body: &serde_json::Value,
    ) -> Result<Case, ApiError> {
        self.transport
            .request(
                Method::PUT,
                &format!("/v1/cases/{number}"),
                &[],
                Body::Json(body),
                Idempotency::Mutation,
            )
            .await
    }

    async fn settle_case_update(
        &self,
        number: u64,
        merged: &CaseReplacement,
        body: &serde_json::Value,
        lost: ApiError,
    ) -> Result<(Case, Applied), ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let now = self.get_case(number).await.map_err(|read| {
                ApiError::Unknown(format!(
                    "the answer was lost ({last}) and reading case {number} back failed \
                     ({read}); whether the change was applied is not known"
                ))
            })?;
            if merged.is_shown_by(&now) {
                return Ok((now, Applied::Checked));
            }
            match self.send_case_update(number, body).await {
                Ok(case) => return Ok((case, Applied::Checked)),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether case {number} changed is not known"
        )))
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
