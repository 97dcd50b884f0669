//! Watchlists: the lists (all, one by id or name, those an actor is on), their actors
//! (included, excluded, every member), and actors put on a list or taken off it.
//!
//! A change is journaled like every other: the intent (with the list's name, read
//! first when there is a journal), then the outcome. When its answer is lost the list's
//! included actors are read back and only what is not yet done is sent again.

use std::collections::HashSet;

use reqwest::Method;

use super::changes::{Applied, SETTLE_ROUNDS};
use super::{Client, encode_path};
use crate::audit::{Change, ChangeKind};
use crate::error::ApiError;
use crate::lenient::Item;
use crate::paging::PageGuard;
use crate::transport::{Body, Idempotency};
use crate::watchlists::{
    MAX_ACTORS_PER_CHANGE, WATCHLIST_PAGE_SIZE, Watchlist, WatchlistActors, WatchlistMember,
    WatchlistMemberPage, WatchlistPage, WatchlistQuery, is_uuid,
};

impl Client {
    /// One page of the watchlists (`GET /v2/watchlists?page&pageSize[&actorId]`).
    pub async fn watchlist_page(&self, query: &WatchlistQuery) -> Result<WatchlistPage, ApiError> {
        self.transport
            .request(
                Method::GET,
                "/v2/watchlists",
                &query.params(),
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Every watchlist, or with `actor_id` those the actor is on, page after page until a
    /// short one.
    pub async fn all_watchlists(
        &self,
        actor_id: Option<&str>,
    ) -> Result<Vec<Item<Watchlist>>, ApiError> {
        let mut query = WatchlistQuery {
            actor_id: actor_id.map(str::to_string),
            ..WatchlistQuery::default()
        };
        let mut out = Vec::new();
        let mut guard = PageGuard::default();
        loop {
            let page = self.watchlist_page(&query).await?;
            let n = page.watchlists.len();
            guard.page(
                "watchlists",
                page.watchlists
                    .iter()
                    .map(|w| w.read().map(|w| w.watchlist_id.clone())),
            )?;
            out.extend(page.watchlists);
            if n < query.page_size {
                return Ok(out);
            }
            query.page = query.page.saturating_add(1);
        }
    }

    /// The watchlists an actor (by its actors-service id) is a member of.
    pub async fn watchlists_of_actor(
        &self,
        actor_id: &str,
    ) -> Result<Vec<Item<Watchlist>>, ApiError> {
        self.all_watchlists(Some(actor_id)).await
    }

    /// One watchlist by id.
    pub async fn watchlist(&self, id: &str) -> Result<Watchlist, ApiError> {
        self.transport
            .request(
                Method::GET,
                &format!("/v2/watchlists/{}", encode_path(id)),
                &[],
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// A watchlist by id, or as the incydr CLI names one: by its type (in any case) or,
    /// for a custom list, its title.
    pub async fn watchlist_named(&self, name: &str) -> Result<Watchlist, ApiError> {
        if is_uuid(name) {
            match self.watchlist(name).await {
                Err(ApiError::NotFound(_)) => {}
                other => return other,
            }
        }
        self.all_watchlists(None)
            .await?
            .into_iter()
            .filter_map(Item::into_read)
            .find(|w| w.is_named(name))
            .ok_or_else(|| {
                ApiError::NotFound(format!("no watchlist with id, type or title {name:?}"))
            })
    }

    /// One page of a list's actors; `page` is 1-based. Sent as the incydr SDK sends it:
    /// `page` and `page_size`.
    pub async fn watchlist_actor_page(
        &self,
        id: &str,
        which: WatchlistActors,
        page: usize,
        page_size: usize,
    ) -> Result<WatchlistMemberPage, ApiError> {
        let params = [
            ("page", page.max(1).to_string()),
            ("page_size", page_size.max(1).to_string()),
        ];
        self.transport
            .request(
                Method::GET,
                &format!("/v2/watchlists/{}/{}", encode_path(id), which.path()),
                &params,
                Body::None,
                Idempotency::Safe,
            )
            .await
    }

    /// Every actor of a list of the kind asked for, all pages.
    pub async fn all_watchlist_actors(
        &self,
        id: &str,
        which: WatchlistActors,
    ) -> Result<Vec<Item<WatchlistMember>>, ApiError> {
        let mut out = Vec::new();
        let mut guard = PageGuard::default();
        for page in 1usize.. {
            let p = self
                .watchlist_actor_page(id, which, page, WATCHLIST_PAGE_SIZE)
                .await?;
            let n = p.actors.len();
            guard.page(
                "watchlist actors",
                p.actors
                    .iter()
                    .map(|a| a.read().map(|a| a.actor_id.clone())),
            )?;
            out.extend(p.actors);
            if n < WATCHLIST_PAGE_SIZE {
                break;
            }
        }
        Ok(out)
    }

    /// The actors included on a list one by one, all pages.
    pub async fn watchlist_included_actors(
        &self,
        id: &str,
    ) -> Result<Vec<Item<WatchlistMember>>, ApiError> {
        self.all_watchlist_actors(id, WatchlistActors::Included)
            .await
    }

    /// Everyone on a list (included, or of an included department or group, and not
    /// excluded), all pages.
    pub async fn watchlist_members(
        &self,
        id: &str,
    ) -> Result<Vec<Item<WatchlistMember>>, ApiError> {
        self.all_watchlist_actors(id, WatchlistActors::Members)
            .await
    }

    /// Puts up to 100 actors (actors-service ids) on a list one by one. Actors already
    /// on it stay as they were.
    pub async fn add_watchlist_actors(
        &self,
        watchlist_id: &str,
        actor_ids: &[String],
    ) -> Result<(), ApiError> {
        self.change_watchlist_actors(watchlist_id, actor_ids, true)
            .await
    }

    /// Takes up to 100 actors off the actors included on a list. An actor who is not
    /// included stays as it was.
    pub async fn remove_watchlist_actors(
        &self,
        watchlist_id: &str,
        actor_ids: &[String],
    ) -> Result<(), ApiError> {
        self.change_watchlist_actors(watchlist_id, actor_ids, false)
            .await
    }

    async fn change_watchlist_actors(
        &self,
        watchlist_id: &str,
        actor_ids: &[String],
        add: bool,
    ) -> Result<(), ApiError> {
        if watchlist_id.trim().is_empty() {
            return Err(ApiError::InvalidInput("no watchlist given".into()));
        }
        if actor_ids.is_empty() || actor_ids.iter().any(|a| a.trim().is_empty()) {
            return Err(ApiError::InvalidInput("no actors given".into()));
        }
        if actor_ids.len() > MAX_ACTORS_PER_CHANGE {
            return Err(ApiError::InvalidInput(format!(
                "{} actors in one call; the limit is {MAX_ACTORS_PER_CHANGE}",
                actor_ids.len()
            )));
        }
        // The list's name for the journal, read only when there is one.
        let watchlist = match &self.transport.config.change_log {
            Some(_) => Some(self.watchlist(watchlist_id).await?.name().to_string()),
            None => None,
        };
        let change = Change::new(
            ChangeKind::WatchlistActors {
                watchlist_id: watchlist_id.to_string(),
                watchlist,
                added: add,
            },
            actor_ids.to_vec(),
        );
        self.log_intent(&change)?;
        let result = match self
            .send_watchlist_actors(watchlist_id, actor_ids, add)
            .await
        {
            Ok(()) => Ok(((), Applied::Answered)),
            Err(lost) if lost.is_ambiguous() => {
                self.log_lost(&change, &lost);
                self.settle_watchlist_actors(watchlist_id, actor_ids, add, lost)
                    .await
                    .map(|a| ((), a))
            }
            Err(error) => Err(error),
        };
        self.log_result(&change, &result);
        result.map(|_| ())
    }

    async fn send_watchlist_actors(
        &self,
        watchlist_id: &str,
        actor_ids: &[String],
        add: bool,
    ) -> Result<(), ApiError> {
        let verb = if add { "add" } else { "delete" };
        let body = serde_json::json!({"actorIds": actor_ids, "watchlistId": watchlist_id});
        self.post_no_content(
            &format!(
                "/v2/watchlists/{}/included-actors/{verb}",
                encode_path(watchlist_id)
            ),
            body,
        )
        .await
    }

    /// After a lost answer: reads the included actors back, sends again for those not
    /// yet added (or still there), and repeats while answers keep getting lost.
    async fn settle_watchlist_actors(
        &self,
        watchlist_id: &str,
        actor_ids: &[String],
        add: bool,
        lost: ApiError,
    ) -> Result<Applied, ApiError> {
        let mut last = lost;
        for _ in 0..SETTLE_ROUNDS {
            let included: HashSet<String> = self
                .watchlist_included_actors(watchlist_id)
                .await
                .map_err(|read| {
                    ApiError::Unknown(format!(
                        "the answer was lost ({last}) and reading the watchlist back failed \
                         ({read}); whether the change was applied is not known"
                    ))
                })?
                .into_iter()
                .filter_map(|m| match m {
                    Item::Read(m) => Some(m.actor_id),
                    Item::Unreadable(u) => u.id,
                })
                .collect();
            let pending: Vec<String> = actor_ids
                .iter()
                .filter(|id| included.contains(*id) != add)
                .cloned()
                .collect();
            if pending.is_empty() {
                return Ok(Applied::Checked);
            }
            match self
                .send_watchlist_actors(watchlist_id, &pending, add)
                .await
            {
                Ok(()) => return Ok(Applied::Checked),
                Err(e) if e.is_ambiguous() => last = e,
                Err(e) => return Err(e),
            }
        }
        Err(ApiError::Unknown(format!(
            "the answer was lost {SETTLE_ROUNDS} times ({last}); whether the watchlist changed is not known"
        )))
    }
}
