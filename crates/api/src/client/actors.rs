//! Actors: search, one actor by id or by name (optionally its parent), an actor's
//! family, and changes to an actor's notes and dates (journaled).

use reqwest::Method;

use super::changes::{Applied, SETTLE_ROUNDS};
use super::{Client, encode_path};
use crate::actors::{Actor, ActorFamily, ActorPage, ActorQuery, ActorUpdate};
use crate::audit::{Change, ChangeKind};
use crate::error::ApiError;
use crate::transport::{Body, Idempotency};

impl Client {
    /// One page of an actor search.
    pub async fn search_actors(&self, query: &ActorQuery) -> Result<ActorPage, ApiError> {
        let path = if query.prefer_parent {
            "/v1/actors/actor/search/parent"
        } else {
            "/v1/actors/actor/search"
        };
        self.transport
            .request(
                Method::GET,
                path,
                &query.params(),
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Every actor of a search, page after page until a short one.
    pub async fn all_actors(
        &self,
        mut query: ActorQuery,
    ) -> Result<Vec<crate::lenient::Item<Actor>>, ApiError> {
        let mut out = Vec::new();
        query.page = 1;
        let size = query.page_size.clamp(1, crate::actors::MAX_ACTOR_PAGE);
        query.page_size = size;
        loop {
            let page = self.search_actors(&query).await?;
            let n = page.actors.len();
            out.extend(page.actors);
            if n < size {
                return Ok(out);
            }
            query.page = query.page.saturating_add(1);
        }
    }

    /// One actor by id, or its parent (the actor itself when it has none).
    pub async fn actor(&self, id: &str, prefer_parent: bool) -> Result<Actor, ApiError> {
        let suffix = if prefer_parent { "/parent" } else { "" };
        self.transport
            .request(
                Method::GET,
                &format!("/v1/actors/actor/id/{}{suffix}", encode_path(id)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// One actor by its exact name. With `prefer_parent`, the service's by-name call for
    /// the parent; otherwise, as the incydr SDK does, the actor whose name is exactly
    /// `name` among a prefix search, read by its id.
    pub async fn actor_by_name(&self, name: &str, prefer_parent: bool) -> Result<Actor, ApiError> {
        if prefer_parent {
            return self
                .transport
                .request(
                    Method::GET,
                    &format!("/v1/actors/actor/name/{}/parent", encode_path(name)),
                    &[],
                    Body::None,
                    Idempotency::Safe,
                )
                .await;
        }
        let page = self
            .search_actors(&ActorQuery {
                name_starts_with: Some(name.to_string()),
                ..ActorQuery::default()
            })
            .await?;
        let id = page
            .actors
            .iter()
            .filter_map(|a| a.read())
            .find(|a| a.name.as_deref() == Some(name))
            .and_then(|a| a.actor_id.clone())
            .ok_or_else(|| ApiError::NotFound(format!("no actor named {name:?}")))?;
        self.actor(&id, false).await
    }

    /// An actor's family (its parent and the parent's children), from the id of any
    /// member.
    pub async fn actor_family(&self, id: &str) -> Result<ActorFamily, ApiError> {
        self.transport
            .request(
                Method::GET,
                &format!("/v1/actors/actor/id/{}/family", encode_path(id)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// An actor's family, from the name of any member.
    pub async fn actor_family_by_name(&self, name: &str) -> Result<ActorFamily, ApiError> {
        self.transport
            .request(
                Method::GET,
                &format!("/v1/actors/actor/name/{}/family", encode_path(name)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Changes an actor's notes and dates; returns the actor as it now is. Journaled;
    /// after a lost answer the actor is read back and the change sent again only when it
    /// does not show yet.
    pub async fn update_actor(&self, id: &str, update: &ActorUpdate) -> Result<Actor, ApiError> {
        update.validate().map_err(ApiError::InvalidInput)?;
        if id.trim().is_empty() {
            return Err(ApiError::InvalidInput("no actor given".into()));
        }
        let body = update.body();
        let change = Change::new(
            ChangeKind::UpdateActor {
                fields: update.fields(),
            },
            vec![id.to_string()],
        );
        self.log_intent(&change)?;
        let result = match self.send_actor_update(id, &body).await {
            Ok(actor) => Ok((actor, Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_actor(id, update, &body, lost).await
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|(actor, _)| actor)
    }

    async fn send_actor_update(
        &self,
        id: &str,
        body: &serde_json::Value,
    ) -> Result<Actor, ApiError> {
        self.transport
            .request(
                Method::PATCH,
                &format!("/v1/actors/actor/id/{}", encode_path(id)),
                &[],
                Body::Json(body),
                Idempotency::Mutation,
            )
            .await
    }

    async fn settle_actor(
        &self,
        id: &str,
        update: &ActorUpdate,
        body: &serde_json::Value,
        lost: ApiError,
    ) -> Result<(Actor, Applied), ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let now = self.actor(id, false).await.map_err(|read| {
                ApiError::Unknown(format!(
                    "the answer was lost ({last}) and reading actor {id} back failed ({read}); \
                     whether the change was applied is not known"
                ))
            })?;
            if update.is_applied(&now) {
                return Ok((now, Applied::Checked));
            }
            match self.send_actor_update(id, body).await {
                Ok(actor) => return Ok((actor, Applied::Checked)),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the actor changed is not known"
        )))
    }
}
