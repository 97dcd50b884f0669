//! Reading a list page by page while it changes: the analyst's own changes, a
//! colleague's, new items. The next page starts after the rows already held, never at a
//! page number counted on a list that has moved since.
//!
//! Two ways, by the list's order:
//! - **Keyed** (ordered by a time the query can bound: alerts by creation time): the
//!   next page is the first page of the rows on or before the last held row's time (on
//!   or after it, ascending). Rows at that very time that are already held are skipped;
//!   when a whole page of them is held, the next page of the same bound is read.
//! - **Windowed** (any other order): a window of the list from a little before where
//!   the held rows should end now, counting those known to have left it. A window is
//!   placed only when its first row is one already held (or it starts at the top), so
//!   nothing between the held rows and the window is missed; otherwise it is read again
//!   further up, with twice the overlap. Windows need not be whole pages: the page size
//!   is chosen so that one starts just before where it is wanted.
//!
//! Either way the rows of an answer that are not held are the new ones, so a row is
//! never listed twice. Pure: the caller makes the calls and keeps what it holds.

use std::collections::{HashMap, HashSet, VecDeque};

use chrono::{DateTime, Duration, DurationRound, Utc};

use super::error::ApiError;

/// The time bound of a keyed page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    OnOrBefore(DateTime<Utc>),
    OnOrAfter(DateTime<Utc>),
}

/// One call of a read: rows `number * size ..` of the list (within `bound`, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageAsk {
    pub bound: Option<Bound>,
    pub number: u32,
    pub size: u32,
}

impl PageAsk {
    /// Where the answer starts in the (bounded) list.
    pub fn offset(&self) -> u64 {
        u64::from(self.number).saturating_mul(u64::from(self.size))
    }
}

/// How the list is ordered, as far as paging goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By a time the query can bound (newest first when `descending`).
    Keyed { descending: bool },
    /// By anything else.
    Windowed,
}

/// What the caller holds of the list, as the pager needs to know it.
pub trait Held {
    /// Rows held.
    fn count(&self) -> u64;
    /// Of them, those known to have left the list since they were read (the caller's
    /// own changes): the held rows end that much higher up now.
    fn departed(&self) -> u64 {
        0
    }
    /// Whether the row of this key is held.
    fn holds(&self, key: &str) -> bool;
    /// Whether a held row is where it was read (not moved by a change of the caller's),
    /// so that a window starting with it is placed. Every held row, unless told.
    fn anchors(&self, key: &str) -> bool {
        self.holds(key)
    }
    /// The time of the last held row that has one (keyed lists).
    fn last_time(&self) -> Option<DateTime<Utc>>;
}

/// What an answer gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The rows of the answer (by index, in order) that are new; `end`: the list has no
    /// more after them.
    Rows { fresh: Vec<usize>, end: bool },
    /// The answer could not be placed, or held nothing new: ask this next.
    Again(PageAsk),
}

/// Calls one read may take before the list is said to change faster than it can be read.
const MAX_CALLS_PER_READ: u32 = 256;

/// Reads one list, page after page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    order: Order,
    page_size: u32,
    max_size: u32,
    /// Calls made for the read under way.
    calls: u32,
    /// How far before the expected end of the held rows the current window starts.
    back: u64,
    /// The overlap the last read needed: the next starts with at least as much.
    drift: u64,
    /// Keyed: the bound of the last answer and where in it the held rows ended, so that a
    /// run of rows at one time longer than a page is not read again from its start.
    edge: Option<(Bound, u64)>,
}

impl Pager {
    /// A pager for pages of `page_size` rows; the service takes at most `max_size`.
    pub fn new(order: Order, page_size: u32, max_size: u32) -> Pager {
        let max_size = max_size.max(1);
        Pager {
            order,
            page_size: page_size.clamp(1, max_size),
            max_size,
            calls: 0,
            back: 0,
            drift: 0,
            edge: None,
        }
    }

    pub fn order(&self) -> Order {
        self.order
    }

    pub fn page_size(&self) -> u32 {
        self.page_size
    }

    /// The first page of the list.
    pub fn first(&mut self) -> PageAsk {
        self.calls = 0;
        self.back = 0;
        self.edge = None;
        PageAsk {
            bound: None,
            number: 0,
            size: self.page_size,
        }
    }

    /// The first call for the rows after those held.
    pub fn next(&mut self, held: &impl Held) -> PageAsk {
        if held.count() == 0 {
            return self.first();
        }
        self.calls = 0;
        if let Some(ask) = self.keyed(held) {
            return ask;
        }
        let end = held.count().saturating_sub(held.departed());
        self.back = (u64::from(self.page_size) / 8).max(1).max(self.drift);
        let from = end.saturating_sub(self.back);
        self.window(None, from, end.saturating_sub(from))
    }

    /// The next call of a keyed list: the rows on or after the last one held, from where
    /// the last answer of the same bound ended (a run of rows at one time longer than a
    /// page), else from the bound's start. `None` for a list read in windows, or when no
    /// row held has a time.
    fn keyed(&mut self, held: &impl Held) -> Option<PageAsk> {
        let (Order::Keyed { descending }, Some(time)) = (self.order, held.last_time()) else {
            return None;
        };
        let bound = bound_at(time, descending);
        Some(match self.edge {
            Some((edge, end)) if edge == bound && end > 0 => {
                self.back = 1;
                self.window(Some(bound), end.saturating_sub(1), 1)
            }
            _ => {
                self.back = 0;
                PageAsk {
                    bound: Some(bound),
                    number: 0,
                    size: self.page_size,
                }
            }
        })
    }

    /// Reads an answer to `ask`: the keys of its rows, in order (an item without an id
    /// has some other key, its text as sent, so that it is held like the rest).
    pub fn read<K: AsRef<str>>(
        &mut self,
        ask: &PageAsk,
        keys: &[K],
        held: &impl Held,
    ) -> Result<Step, ApiError> {
        self.calls = self.calls.saturating_add(1);
        if self.calls > MAX_CALLS_PER_READ {
            return Err(ApiError::Paging(format!(
                "the list changed faster than it could be read ({MAX_CALLS_PER_READ} calls \
                 for one page); what came before is complete"
            )));
        }
        let start = ask.offset();
        // An answer is placed when it starts on a row held, or at the top of what is
        // left to read: the list's top for a list read in windows; for a keyed list,
        // which holds only the rows at the last time read, the start of the bound at
        // that time (an answer asked before the last time moved starts on rows
        // forgotten since).
        let top = match self.order {
            Order::Windowed => start == 0,
            Order::Keyed { descending } => {
                start == 0 && ask.bound == held.last_time().map(|t| bound_at(t, descending))
            }
        };
        let placed = top || keys.first().is_some_and(|k| held.anchors(k.as_ref()));
        if !placed {
            // A keyed list holds only the rows at the last time read: it starts again
            // from there, at the bound's start.
            self.edge = None;
            if let Some(ask) = self.keyed(held) {
                return Ok(Step::Again(ask));
            }
            // The held rows end higher up than thought (rows left the list unseen): read
            // again from further up.
            self.back = self.back.saturating_mul(2).max(1);
            self.drift = self.drift.max(self.back);
            let from = start.saturating_sub(self.back);
            return Ok(Step::Again(self.window(
                ask.bound,
                from,
                start.saturating_sub(from),
            )));
        }
        let end = keys.len() < ask.size as usize;
        let mut seen = HashSet::with_capacity(keys.len());
        let mut fresh = Vec::new();
        for (index, key) in keys.iter().enumerate() {
            let key = key.as_ref();
            if !held.holds(key) && seen.insert(key) {
                fresh.push(index);
            }
        }
        let last = start.saturating_add(keys.len() as u64).saturating_sub(1);
        if fresh.is_empty() && !end {
            // Every row of the answer is held: go on from its last row.
            return Ok(Step::Again(self.window(ask.bound, last, 1)));
        }
        self.edge = ask.bound.map(|bound| (bound, last.saturating_add(1)));
        self.calls = 0;
        Ok(Step::Rows { fresh, end })
    }

    /// The call after `ask`, made before its answer is in (a listing that keeps calls
    /// under way): a window that starts on the last row `ask` brings when it is a whole
    /// page, so that its answer is placed only if nothing moved in between. For a keyed
    /// list, only after the first page of a bound (the page after that is bounded by a
    /// time not known yet), and exactly on that row (it holds no other).
    pub fn follow(&self, ask: &PageAsk) -> Option<PageAsk> {
        match (self.order, ask.bound) {
            (Order::Keyed { .. }, Some(bound)) if ask.number == 0 && ask.size > 1 => {
                Some(PageAsk {
                    bound: Some(bound),
                    number: 1,
                    size: ask.size.saturating_sub(1),
                })
            }
            (Order::Keyed { .. }, _) => None,
            (Order::Windowed, _) => {
                let last = ask
                    .offset()
                    .saturating_add(u64::from(ask.size))
                    .saturating_sub(1);
                Some(self.window(None, last, 1))
            }
        }
    }

    /// A window (within `bound`) starting at or just before `from` with room for the
    /// `overlap` rows from `from` on (held ones, to place it) and a page after them.
    fn window(&self, bound: Option<Bound>, from: u64, overlap: u64) -> PageAsk {
        let want = u64::from(self.page_size).saturating_add(overlap);
        let want = u32::try_from(want).unwrap_or(u32::MAX);
        let (number, size) = fit_window(from, want, self.max_size);
        PageAsk {
            bound,
            number,
            size,
        }
    }
}

/// The bound of the rows at or after `time` in the list's order, rounded outwards to the
/// microseconds a query carries, so that no row at that time is left out.
fn bound_at(time: DateTime<Utc>, descending: bool) -> Bound {
    let micro = Duration::microseconds(1);
    let floor = time.duration_trunc(micro).unwrap_or(time);
    if descending {
        let ceil = if floor == time {
            time
        } else {
            floor.checked_add_signed(micro).unwrap_or(time)
        };
        Bound::OnOrBefore(ceil)
    } else {
        Bound::OnOrAfter(floor)
    }
}

/// A page (`number`, `size`) whose rows start at or before `from` and hold `want` rows
/// from `from` on, with `size` at most `max`; the smallest such page. When none exists
/// (a small `max`), the page holding `from` with the most rows after it.
pub fn fit_window(from: u64, want: u32, max: u32) -> (u32, u32) {
    let max = max.max(1);
    let want = want.clamp(1, max);
    let mut best: Option<(u64, u32)> = None;
    for size in 1..=max {
        let size64 = u64::from(size);
        let before = from.checked_rem(size64).unwrap_or(0);
        let after = size64.saturating_sub(before);
        if size >= want && after >= u64::from(want) {
            let number = from.checked_div(size64).unwrap_or(0);
            return (u32::try_from(number).unwrap_or(u32::MAX), size);
        }
        if best.is_none_or(|(most, _)| after > most) {
            best = Some((after, size));
        }
    }
    let size = best.map_or(max, |(_, size)| size);
    let number = from.checked_div(u64::from(size)).unwrap_or(0);
    (u32::try_from(number).unwrap_or(u32::MAX), size)
}

/// What a one-way read (a command's `--all`) holds: every key read when windowed; when
/// keyed, only the rows at the newest bound's time (the only ones a keyed page can give
/// again), so memory stays flat however long the list.
#[derive(Debug, Clone)]
pub struct ReadSoFar {
    keyed: bool,
    count: u64,
    last_time: Option<DateTime<Utc>>,
    keys: HashSet<String>,
    /// Keyed: the keys held at `last_time`'s microsecond, oldest first.
    edge: VecDeque<(String, i64)>,
    edge_keys: HashMap<String, i64>,
}

impl ReadSoFar {
    pub fn new(order: Order) -> ReadSoFar {
        ReadSoFar {
            keyed: matches!(order, Order::Keyed { .. }),
            count: 0,
            last_time: None,
            keys: HashSet::new(),
            edge: VecDeque::new(),
            edge_keys: HashMap::new(),
        }
    }

    /// A row read, in order, with its time in the list's order (keyed lists).
    pub fn add(&mut self, key: &str, time: Option<DateTime<Utc>>) {
        self.count = self.count.saturating_add(1);
        if !self.keyed {
            self.keys.insert(key.to_string());
            return;
        }
        match time {
            Some(time) => {
                let micros = time.timestamp_micros();
                self.last_time = Some(time);
                // Rows over a microsecond away from the newest bound cannot come again
                // (the bound is rounded out to the next microsecond).
                while let Some((old, at)) = self.edge.front() {
                    if at.abs_diff(micros) <= 1 {
                        break;
                    }
                    self.edge_keys.remove(old);
                    self.edge.pop_front();
                }
                self.edge.push_back((key.to_string(), micros));
                self.edge_keys.insert(key.to_string(), micros);
            }
            // A row without a time cannot be bounded: held for good.
            None => {
                self.keys.insert(key.to_string());
            }
        }
    }
}

impl Held for ReadSoFar {
    fn count(&self) -> u64 {
        self.count
    }

    fn holds(&self, key: &str) -> bool {
        self.keys.contains(key) || self.edge_keys.contains_key(key)
    }

    fn last_time(&self) -> Option<DateTime<Utc>> {
        self.last_time
    }
}

/// What a list held at one moment, to read on after it elsewhere (an export of a whole
/// view that the list has not loaded): every key, those that cannot place a window, how
/// many rows had left, and the last time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HeldKeys {
    keys: HashSet<String>,
    loose: HashSet<String>,
    departed: u64,
    last_time: Option<DateTime<Utc>>,
}

impl HeldKeys {
    /// A copy of `held`, whose rows have these keys.
    pub fn of<'a>(held: &impl Held, keys: impl IntoIterator<Item = &'a str>) -> HeldKeys {
        let mut copy = HeldKeys {
            departed: held.departed(),
            last_time: held.last_time(),
            ..HeldKeys::default()
        };
        for key in keys {
            if !held.anchors(key) {
                copy.loose.insert(key.to_string());
            }
            copy.keys.insert(key.to_string());
        }
        copy
    }

    /// A row read after the others, with its time in a keyed order.
    pub fn add(&mut self, key: &str, time: Option<DateTime<Utc>>) {
        self.keys.insert(key.to_string());
        if time.is_some() {
            self.last_time = time;
        }
    }
}

impl Held for HeldKeys {
    fn count(&self) -> u64 {
        self.keys.len() as u64
    }

    fn departed(&self) -> u64 {
        self.departed
    }

    fn holds(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    fn anchors(&self, key: &str) -> bool {
        self.keys.contains(key) && !self.loose.contains(key)
    }

    fn last_time(&self) -> Option<DateTime<Utc>> {
        self.last_time
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_starts_at_or_before_where_it_is_wanted() {
        assert_eq!(fit_window(0, 200, 500), (0, 200));
        assert_eq!(fit_window(1000, 200, 500), (5, 200));
        // 199 rows held: the window takes them again, as the smallest page that also
        // holds 200 after them.
        assert_eq!(fit_window(199, 200, 500), (0, 399));
        // Sessions (at most 50 a page): no page starts at 73 with 50 after it; the one
        // starting nearest before it.
        assert_eq!(fit_window(73, 50, 50), (2, 36));
    }

    #[test]
    fn keyed_bounds_round_outwards_to_microseconds() {
        let t: DateTime<Utc> = "2026-12-01T10:00:00.1234567Z".parse().unwrap();
        let Bound::OnOrBefore(before) = bound_at(t, true) else {
            panic!()
        };
        assert_eq!(before.to_rfc3339(), "2026-12-01T10:00:00.123457+00:00");
        let Bound::OnOrAfter(after) = bound_at(t, false) else {
            panic!()
        };
        assert_eq!(after.to_rfc3339(), "2026-12-01T10:00:00.123456+00:00");
    }

    /// A list ordered by (time, key) that others change between the reader's calls.
    #[derive(Debug, Clone)]
    struct Tenant {
        rows: Vec<(i64, String)>,
        descending: bool,
    }

    impl Tenant {
        fn sorted(&mut self) {
            self.rows.sort();
            if self.descending {
                self.rows.reverse();
            }
        }
        fn answer(&self, ask: &PageAsk) -> Vec<(i64, String)> {
            let within = |t: i64| match ask.bound {
                None => true,
                Some(Bound::OnOrBefore(b)) => t <= b.timestamp_micros(),
                Some(Bound::OnOrAfter(b)) => t >= b.timestamp_micros(),
            };
            self.rows
                .iter()
                .filter(|(t, _)| within(*t))
                .skip(ask.offset() as usize)
                .take(ask.size as usize)
                .cloned()
                .collect()
        }
    }

    fn micros(t: i64) -> DateTime<Utc> {
        DateTime::from_timestamp_micros(t).unwrap()
    }

    /// Reads the whole list while `change` runs before every call; returns the keys read,
    /// in order.
    fn read_all(
        tenant: &mut Tenant,
        order: Order,
        page_size: u32,
        max_size: u32,
        mut change: impl FnMut(&mut Tenant, usize),
    ) -> Vec<String> {
        let mut pager = Pager::new(order, page_size, max_size);
        let mut held = ReadSoFar::new(order);
        let mut out = Vec::new();
        let mut ask = pager.first();
        for call in 0..10_000 {
            change(tenant, call);
            let answer = tenant.answer(&ask);
            let keys: Vec<&str> = answer.iter().map(|(_, k)| k.as_str()).collect();
            match pager.read(&ask, &keys, &held).unwrap() {
                Step::Again(next) => ask = next,
                Step::Rows { fresh, end } => {
                    for i in fresh {
                        let (t, k) = &answer[i];
                        held.add(k, Some(micros(*t)));
                        out.push(k.clone());
                    }
                    if end {
                        return out;
                    }
                    ask = pager.next(&held);
                }
            }
        }
        panic!("the read did not end");
    }

    /// As `read_all`, with each call's successor asked (`follow`) before the call's
    /// answer is read, as a listing with calls under way does; `change` runs between
    /// asking and reading.
    fn read_all_ahead(
        tenant: &mut Tenant,
        order: Order,
        page_size: u32,
        mut change: impl FnMut(&mut Tenant, usize),
    ) -> Vec<String> {
        let mut pager = Pager::new(order, page_size, 150);
        let mut held = ReadSoFar::new(order);
        let mut out = Vec::new();
        let first = pager.first();
        let mut queue = std::collections::VecDeque::from([(first, tenant.answer(&first))]);
        if let Some(next) = pager.follow(&first) {
            queue.push_back((next, tenant.answer(&next)));
        }
        for call in 0..10_000 {
            change(tenant, call);
            let (ask, answer) = queue.pop_front().unwrap();
            let keys: Vec<&str> = answer.iter().map(|(_, k)| k.as_str()).collect();
            match pager.read(&ask, &keys, &held).unwrap() {
                Step::Again(next) => {
                    queue.clear();
                    queue.push_back((next, tenant.answer(&next)));
                }
                Step::Rows { fresh, end } => {
                    for i in fresh {
                        let (t, k) = &answer[i];
                        held.add(k, Some(micros(*t)));
                        out.push(k.clone());
                    }
                    if end {
                        return out;
                    }
                    if queue.is_empty() {
                        let next = pager.next(&held);
                        queue.push_back((next, tenant.answer(&next)));
                    }
                }
            }
            let last = queue.back().unwrap().0;
            if let Some(after) = pager.follow(&last) {
                queue.push_back((after, tenant.answer(&after)));
            }
        }
        panic!("the read did not end");
    }

    fn tenant(times: &[i64], descending: bool) -> Tenant {
        let mut tenant = Tenant {
            rows: times
                .iter()
                .enumerate()
                .map(|(i, t)| (*t, format!("k{i:05}")))
                .collect(),
            descending,
        };
        tenant.sorted();
        tenant
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Rows removed (by index into what is left) and added between calls: every row
        /// there from start to end is read, and no row twice.
        #[test]
        fn a_changing_list_is_read_whole_once(
            times in proptest::collection::vec(0i64..400, 0..700),
            keyed in any::<bool>(),
            descending in any::<bool>(),
            page_size in 1u32..120,
            changes in proptest::collection::vec((0usize..40, 0usize..1000, 0usize..4, 0i64..400), 0..40),
        ) {
            let mut tenant = tenant(&times, descending);
            let start: Vec<String> = tenant.rows.iter().map(|(_, k)| k.clone()).collect();
            let order = if keyed { Order::Keyed { descending } } else { Order::Windowed };
            let mut removed = HashSet::new();
            let mut added = 0usize;
            let read = read_all(&mut tenant, order, page_size, 150, |tenant, call| {
                for (at, pick, adds, time) in &changes {
                    if *at != call || tenant.rows.is_empty() {
                        continue;
                    }
                    let index = pick % tenant.rows.len();
                    removed.insert(tenant.rows.remove(index).1);
                    for n in 0..*adds {
                        added += 1;
                        tenant.rows.push((time + n as i64, format!("new{added:05}")));
                    }
                    tenant.sorted();
                }
            });
            let mut once = HashSet::new();
            for key in &read {
                prop_assert!(once.insert(key.clone()), "{key} read twice");
            }
            for key in start.iter().filter(|k| !removed.contains(*k)) {
                prop_assert!(once.contains(key), "{key} was never read");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// The same, with calls asked ahead of the answers being read: an answer asked
        /// before the list changed is placed only where it still fits.
        #[test]
        fn a_changing_list_read_ahead_is_read_whole_once(
            times in proptest::collection::vec(0i64..400, 0..700),
            keyed in any::<bool>(),
            descending in any::<bool>(),
            page_size in 1u32..120,
            changes in proptest::collection::vec((0usize..40, 0usize..1000, 0usize..4, 0i64..400), 0..40),
        ) {
            let mut tenant = tenant(&times, descending);
            let start: Vec<String> = tenant.rows.iter().map(|(_, k)| k.clone()).collect();
            let order = if keyed { Order::Keyed { descending } } else { Order::Windowed };
            let mut removed = HashSet::new();
            let mut added = 0usize;
            let read = read_all_ahead(&mut tenant, order, page_size, |tenant, call| {
                for (at, pick, adds, time) in &changes {
                    if *at != call || tenant.rows.is_empty() {
                        continue;
                    }
                    let index = pick % tenant.rows.len();
                    removed.insert(tenant.rows.remove(index).1);
                    for n in 0..*adds {
                        added += 1;
                        tenant.rows.push((time + n as i64, format!("new{added:05}")));
                    }
                    tenant.sorted();
                }
            });
            let mut once = HashSet::new();
            for key in &read {
                prop_assert!(once.insert(key.clone()), "{key} read twice");
            }
            for key in start.iter().filter(|k| !removed.contains(*k)) {
                prop_assert!(once.contains(key), "{key} was never read");
            }
        }
    }

    #[test]
    fn ties_longer_than_a_page_read_ahead_end() {
        let times = vec![0i64; 300];
        let mut tenant = tenant(&times, false);
        let read = read_all_ahead(
            &mut tenant,
            Order::Keyed { descending: false },
            116,
            |_, _| {},
        );
        assert_eq!(read.len(), 300);
    }

    #[test]
    fn the_reader_that_removes_what_it_read_still_reads_everything() {
        // The case: every row read is taken out of the list before the next call.
        let times: Vec<i64> = (0..1662).map(|i| i / 3).collect();
        for order in [Order::Keyed { descending: true }, Order::Windowed] {
            let mut tenant = tenant(&times, true);
            let start = tenant.rows.len();
            let mut pager = Pager::new(order, 200, 500);
            let mut held = ReadSoFar::new(order);
            let mut read = 0usize;
            let mut ask = pager.first();
            let mut calls = 0;
            loop {
                calls += 1;
                let answer = tenant.answer(&ask);
                let keys: Vec<&str> = answer.iter().map(|(_, k)| k.as_str()).collect();
                match pager.read(&ask, &keys, &held).unwrap() {
                    Step::Again(next) => ask = next,
                    Step::Rows { fresh, end } => {
                        let taken: HashSet<String> =
                            fresh.iter().map(|i| answer[*i].1.clone()).collect();
                        for i in &fresh {
                            held.add(&answer[*i].1, Some(micros(answer[*i].0)));
                        }
                        read += fresh.len();
                        tenant.rows.retain(|(_, k)| !taken.contains(k));
                        if end {
                            break;
                        }
                        ask = pager.next(&held);
                    }
                }
            }
            assert_eq!(read, start, "{order:?}");
            assert!(calls < 40, "{order:?}: {calls} calls");
        }
    }
}
