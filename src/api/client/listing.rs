//! Every page of a list, read with the [`Pager`]: what the commands' `--all`, the
//! checkpoints and the pipelined details listing share, for alerts and sessions alike.

use std::borrow::Cow;
use std::future::Future;

use chrono::{DateTime, Utc};
use futures::Stream;

use crate::api::error::ApiError;
use crate::api::lenient::Item;
use crate::api::models::AlertSummary;
use crate::api::pager::{Held, Order, PageAsk, Pager, ReadSoFar, Step};
use crate::api::paging::MAX_ITEMS;
use crate::api::sessions::Session;

/// What a reader needs of a listed item: a key that tells it from the others (its id,
/// or for an item without one its text as sent) and its time in a keyed order.
pub trait Listed {
    fn key(&self) -> Cow<'_, str>;
    fn time(&self) -> Option<DateTime<Utc>>;
}

impl Listed for Item<AlertSummary> {
    fn key(&self) -> Cow<'_, str> {
        match self {
            Item::Read(summary) => Cow::Borrowed(&summary.id),
            Item::Unreadable(u) => Cow::Borrowed(u.id.as_deref().unwrap_or(&u.raw)),
        }
    }
    fn time(&self) -> Option<DateTime<Utc>> {
        match self {
            Item::Read(summary) => summary.created_at,
            Item::Unreadable(_) => None,
        }
    }
}

impl Listed for Item<Session> {
    fn key(&self) -> Cow<'_, str> {
        match self {
            Item::Read(session) => Cow::Borrowed(&session.session_id),
            Item::Unreadable(u) => Cow::Borrowed(u.id.as_deref().unwrap_or(&u.raw)),
        }
    }
    // Sessions are read in windows: no time bounds their order.
    fn time(&self) -> Option<DateTime<Utc>> {
        None
    }
}

/// A list being read: its pager, what it has read, and the call that comes next.
struct Reading<F> {
    pager: Pager,
    read: ReadSoFar,
    ask: Option<PageAsk>,
    fetch: F,
    left: usize,
}

/// Every item of a list, in order, a call's new items at a time, until the list ends or
/// `limit` items are listed. `fetch` makes one call; pages hold `page_size` items and the
/// service takes at most `max_size`. An item already listed never comes twice, and
/// changes to the list while it is read (items leaving it, new ones) never make it skip
/// one that stays.
pub fn read_list<T, F, Fut>(
    order: Order,
    page_size: u32,
    max_size: u32,
    limit: usize,
    fetch: F,
) -> impl Stream<Item = Result<Vec<T>, ApiError>> + Send + 'static
where
    T: Listed + Send + 'static,
    F: FnMut(PageAsk) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + Send,
{
    let mut pager = Pager::new(order, page_size, max_size);
    let start = Reading {
        ask: (limit > 0).then(|| pager.first()),
        pager,
        read: ReadSoFar::new(order),
        fetch,
        left: limit,
    };
    futures::stream::unfold(start, |mut reading| async move {
        loop {
            let ask = reading.ask.take()?;
            let items = match (reading.fetch)(ask).await {
                Ok(items) => items,
                Err(e) => return Some((Err(e), reading)),
            };
            let keys: Vec<Cow<'_, str>> = items.iter().map(Listed::key).collect();
            let step = reading.pager.read(&ask, &keys, &reading.read);
            drop(keys);
            match step {
                Err(e) => return Some((Err(e), reading)),
                Ok(Step::Again(next)) => reading.ask = Some(next),
                Ok(Step::Rows { fresh, end }) => {
                    let mut fresh = fresh.into_iter().peekable();
                    let mut out = Vec::with_capacity(fresh.len().min(reading.left));
                    for (index, item) in items.into_iter().enumerate() {
                        if reading.left == 0 || fresh.peek().is_none() {
                            break;
                        }
                        if fresh.peek() == Some(&index) {
                            fresh.next();
                            reading.read.add(&item.key(), item.time());
                            reading.left = reading.left.saturating_sub(1);
                            out.push(item);
                        }
                    }
                    if reading.read.count() > MAX_ITEMS as u64 {
                        let error =
                            ApiError::Paging(format!("more than {MAX_ITEMS} items in one list"));
                        return Some((Err(error), reading));
                    }
                    if !end && reading.left > 0 {
                        reading.ask = Some(reading.pager.next(&reading.read));
                    }
                    if !out.is_empty() || reading.ask.is_none() {
                        return Some((Ok(out), reading));
                    }
                }
            }
        }
    })
}
