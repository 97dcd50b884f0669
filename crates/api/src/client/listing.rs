//! Every page of a list, read with the [`Pager`]: what the commands' `--all`, the
//! checkpoints and the pipelined details listing share, for alerts and sessions alike.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::future::Future;

use chrono::{DateTime, Utc};
use futures::Stream;

use crate::error::ApiError;
use crate::lenient::Item;
use crate::models::{AlertSummary, SearchedAlert};
use crate::pager::{Held, Order, PageAsk, Pager, ReadSoFar, Step};
use crate::paging::MAX_ITEMS;
use crate::sessions::Session;

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

impl Listed for Item<SearchedAlert> {
    fn key(&self) -> Cow<'_, str> {
        match self {
            Item::Read(searched) => Cow::Borrowed(&searched.id),
            Item::Unreadable(u) => Cow::Borrowed(u.id.as_deref().unwrap_or(&u.raw)),
        }
    }
    fn time(&self) -> Option<DateTime<Utc>> {
        match self {
            Item::Read(searched) => searched.created_at,
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

/// A call under way, stopped when it is no longer wanted.
struct Asked<T> {
    ask: PageAsk,
    answer: tokio::task::JoinHandle<Result<Vec<T>, ApiError>>,
}

impl<T> Drop for Asked<T> {
    fn drop(&mut self) {
        self.answer.abort();
    }
}

/// Calls of one listing under way at once unless told otherwise: a far tenant answers
/// the next while the last is read.
pub const CALLS_AHEAD: usize = 2;

/// A list being read: its pager, what it has read, and the calls under way, in order.
struct Reading<T, F> {
    pager: Pager,
    read: ReadSoFar,
    fetch: F,
    left: usize,
    /// The calls under way: the one whose answer comes next, then those asked ahead
    /// of it (each the window after the one before, placed only if nothing moved).
    asked: VecDeque<Asked<T>>,
    /// How many calls may be under way at once.
    ahead: usize,
}

impl<T, F, Fut> Reading<T, F>
where
    T: Send + 'static,
    F: FnMut(PageAsk) -> Fut,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + Send + 'static,
{
    fn ask(&mut self, ask: PageAsk) {
        let answer = tokio::spawn((self.fetch)(ask));
        self.asked.push_back(Asked { ask, answer });
    }

    /// Asks ahead until `ahead` calls are under way (or the pager cannot say yet).
    fn ask_ahead(&mut self) {
        while self.asked.len() < self.ahead {
            let Some(last) = self.asked.back().map(|a| a.ask) else {
                return;
            };
            let Some(next) = self.pager.follow(&last) else {
                return;
            };
            self.ask(next);
        }
    }

    /// Starts again from `ask`: what was asked ahead is dropped.
    fn restart(&mut self, ask: PageAsk) {
        self.asked.clear();
        self.ask(ask);
        self.ask_ahead();
    }
}

/// Every item of a list, in order, a call's new items at a time, until the list ends or
/// `limit` items are listed. `fetch` makes one call; pages hold `page_size` items and the
/// service takes at most `max_size`; up to `ahead` calls are under way at once (each
/// the window after the one before, checked when its answer is read). An item already
/// listed never comes twice, and changes to the list while it is read (items leaving
/// it, new ones) never make it skip one that stays.
pub fn read_list<T, F, Fut>(
    order: Order,
    page_size: u32,
    max_size: u32,
    limit: usize,
    ahead: usize,
    fetch: F,
) -> impl Stream<Item = Result<Vec<T>, ApiError>> + Send + 'static
where
    T: Listed + Send + 'static,
    F: FnMut(PageAsk) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + Send + 'static,
{
    let mut pager = Pager::new(order, page_size, max_size);
    let first = pager.first();
    // A listing that fits one page asks for that page only.
    let ahead = if limit <= page_size as usize {
        1
    } else {
        ahead.max(1)
    };
    let start = Reading {
        pager,
        read: ReadSoFar::new(order),
        fetch,
        left: limit,
        asked: VecDeque::new(),
        ahead,
    };
    futures::stream::unfold((start, limit > 0), move |(mut reading, begin)| async move {
        if begin {
            reading.restart(first);
        }
        loop {
            let mut asked = reading.asked.pop_front()?;
            let ask = asked.ask;
            let answer = match (&mut asked.answer).await {
                Ok(answer) => answer,
                Err(e) => Err(ApiError::Unknown(format!("a page call stopped: {e}"))),
            };
            let items = match answer {
                Ok(items) => items,
                Err(e) => {
                    reading.asked.clear();
                    return Some((Err(e), (reading, false)));
                }
            };
            let keys: Vec<Cow<'_, str>> = items.iter().map(Listed::key).collect();
            let step = reading.pager.read(&ask, &keys, &reading.read);
            drop(keys);
            match step {
                Err(e) => {
                    reading.asked.clear();
                    return Some((Err(e), (reading, false)));
                }
                Ok(Step::Again(next)) => reading.restart(next),
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
                        reading.asked.clear();
                        let error =
                            ApiError::Paging(format!("more than {MAX_ITEMS} items in one list"));
                        return Some((Err(error), (reading, false)));
                    }
                    if end || reading.left == 0 {
                        reading.asked.clear();
                    } else if reading.asked.is_empty() {
                        let next = reading.pager.next(&reading.read);
                        reading.restart(next);
                    } else {
                        reading.ask_ahead();
                    }
                    if !out.is_empty() || reading.asked.is_empty() {
                        return Some((Ok(out), (reading, false)));
                    }
                }
            }
        }
    })
}
