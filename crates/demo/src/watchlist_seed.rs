//! The seeded watchlists, drawn from the tenant's people and alerts: those leaving (an
//! end date, or watched by a departing-employee rule), those the high-risk rules watch
//! and the directors, the actors with the most alerts, the latest starters, the
//! contractors, and a custom list of those near the source code.

use chrono::{DateTime, Duration, Utc};

use super::store::Store;
use super::watchlist_records::{
    CONTRACT_WATCHLIST, CUSTOM_WATCHLIST, DEPARTING_WATCHLIST, FLIGHT_RISK_WATCHLIST,
    HIGH_IMPACT_WATCHLIST, NEW_EMPLOYEE_WATCHLIST, Watchlist, put,
};

/// The department the custom list includes whole.
const SOURCE_CODE_DEPARTMENT: &str = "Engineering";
/// The rules whose actors the custom list includes one by one.
const SOURCE_CODE_RULES: &[&str] = &[
    "Source Code to Removable Media",
    "Git Push to Unknown Repository",
];

/// When the actor at `position` was put on the list of `salt`: within the last 60 days.
fn added(now: DateTime<Utc>, position: usize, salt: usize) -> DateTime<Utc> {
    let days = position
        .wrapping_mul(7)
        .wrapping_add(salt.wrapping_mul(13))
        .checked_rem(60)
        .unwrap_or(0)
        .saturating_add(1);
    let minutes = position
        .wrapping_mul(97)
        .wrapping_add(salt)
        .checked_rem(1440)
        .unwrap_or(0);
    let back = Duration::days(i64::try_from(days).unwrap_or(1))
        .checked_add(&Duration::minutes(i64::try_from(minutes).unwrap_or(0)))
        .unwrap_or_else(|| Duration::days(1));
    now.checked_sub_signed(back).unwrap_or(now)
}

/// The positions of the actors a kind of rule watches.
fn watched_by(store: &Store, source: &str) -> Vec<usize> {
    store
        .rules
        .iter()
        .filter(|r| r.source == source)
        .flat_map(|r| r.watched_users.iter())
        .filter_map(|email| store.actors.iter().position(|a| a.email == *email))
        .collect()
}

/// How many alerts each actor has among the rules `counts` lets through.
fn alert_counts(store: &Store, counts: impl Fn(&str) -> bool) -> Vec<usize> {
    let mut per_actor = vec![0usize; store.actors.len()];
    for alert in &store.alerts {
        if counts(&store.rule(alert.rule).name)
            && let Some(n) = per_actor.get_mut(usize::from(alert.actor))
        {
            *n = n.saturating_add(1);
        }
    }
    per_actor
}

/// A list of `list_type` with the actors at `positions` included.
fn list_of(
    store: &Store,
    now: DateTime<Utc>,
    (id, list_type, salt): (&str, &str, usize),
    positions: impl IntoIterator<Item = usize>,
) -> Watchlist {
    let mut list = Watchlist::new(id, list_type);
    for i in positions {
        if let Some(p) = store.actor_profiles.get(i) {
            put(&mut list.included_actors, &p.actor_id, added(now, i, salt));
        }
    }
    list
}

/// The tenant's watchlists as seeded; `now` is the seed's clock.
pub fn watchlists(store: &Store, now: DateTime<Utc>) -> Vec<Watchlist> {
    let profiles = &store.actor_profiles;
    let leaving = profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.end_date.is_some())
        .map(|(i, _)| i)
        .chain(watched_by(store, "Departing Employee"));
    let high_impact = watched_by(store, "High Risk Employee").into_iter().chain(
        profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.title == "Director")
            .map(|(i, _)| i),
    );
    let contractors = profiles
        .iter()
        .enumerate()
        .filter(|(_, p)| p.employee_type == "contractor")
        .map(|(i, _)| i);
    let mut by_start: Vec<usize> = (0..profiles.len())
        .filter(|&i| profiles.get(i).is_some_and(|p| p.start_date.is_some()))
        .collect();
    by_start.sort_by(|&a, &b| {
        let start = |i: usize| profiles.get(i).and_then(|p| p.start_date.clone());
        start(b).cmp(&start(a)).then(a.cmp(&b))
    });
    by_start.truncate(5);
    // Those with the most alerts of the general rules, who are not leaving.
    let general = alert_counts(store, |name| {
        store
            .rules
            .iter()
            .any(|r| r.name == name && r.source == "Alerting")
    });
    let mut busiest: Vec<usize> = (0..profiles.len())
        .filter(|&i| profiles.get(i).is_some_and(|p| p.end_date.is_none()))
        .filter(|&i| general.get(i).copied().unwrap_or(0) > 0)
        .collect();
    busiest.sort_by(|&a, &b| {
        let n = |i: usize| general.get(i).copied().unwrap_or(0);
        n(b).cmp(&n(a)).then(a.cmp(&b))
    });
    busiest.truncate(4);

    let mut custom = Watchlist::new(CUSTOM_WATCHLIST, "CUSTOM");
    custom.title = Some("Source code access".to_string());
    custom.description = Some(
        "People who can reach the source repositories, or were seen moving source code".into(),
    );
    put(
        &mut custom.included_departments,
        SOURCE_CODE_DEPARTMENT,
        added(now, 0, 6),
    );
    let near_code = alert_counts(store, |name| SOURCE_CODE_RULES.contains(&name));
    let outside: Vec<usize> = (0..store.actors.len())
        .filter(|&i| near_code.get(i).copied().unwrap_or(0) > 0)
        .filter(|&i| {
            store
                .actors
                .get(i)
                .is_some_and(|a| a.department != SOURCE_CODE_DEPARTMENT)
        })
        .take(6)
        .collect();
    for i in outside {
        if let Some(p) = profiles.get(i) {
            put(&mut custom.included_actors, &p.actor_id, added(now, i, 6));
        }
    }
    // Someone of the department who has left is kept off the list.
    let gone = (0..store.actors.len()).find(|&i| {
        store
            .actors
            .get(i)
            .is_some_and(|a| a.department == SOURCE_CODE_DEPARTMENT)
            && profiles.get(i).is_some_and(|p| !p.active)
    });
    if let Some(p) = gone.and_then(|i| profiles.get(i)) {
        put(&mut custom.excluded_actors, &p.actor_id, added(now, 1, 7));
    }

    vec![
        list_of(
            store,
            now,
            (DEPARTING_WATCHLIST, "DEPARTING_EMPLOYEE", 1),
            leaving,
        ),
        list_of(
            store,
            now,
            (HIGH_IMPACT_WATCHLIST, "HIGH_IMPACT_EMPLOYEE", 2),
            high_impact,
        ),
        list_of(
            store,
            now,
            (FLIGHT_RISK_WATCHLIST, "FLIGHT_RISK", 3),
            busiest,
        ),
        list_of(
            store,
            now,
            (NEW_EMPLOYEE_WATCHLIST, "NEW_EMPLOYEE", 4),
            by_start,
        ),
        list_of(
            store,
            now,
            (CONTRACT_WATCHLIST, "CONTRACT_EMPLOYEE", 5),
            contractors,
        ),
        custom,
    ]
}
