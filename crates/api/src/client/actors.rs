//! Actors: search, one actor by id or by name (optionally its parent), and changes to
//! an actor's notes and dates.

use reqwest::Method;

use super::{Client, encode_path};
use crate::actors::{Actor, ActorPage, ActorQuery, ActorUpdate};
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

    /// Changes an actor's notes and dates; returns the actor as it now is.
    pub async fn update_actor(&self, id: &str, update: &ActorUpdate) -> Result<Actor, ApiError> {
        update.validate().map_err(ApiError::InvalidInput)?;
        let body = update.body();
        self.transport
            .request(
                Method::PATCH,
                &format!("/v1/actors/actor/id/{}", encode_path(id)),
                &[],
                Body::Json(&body),
                Idempotency::Mutation,
            )
            .await
    }
}
