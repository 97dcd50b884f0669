//! Watchlists against the demo tenant over real HTTP on loopback: the lists (paged, by
//! id, by name, by actor), their actors, actors added and removed with the counts
//! following, unknown ids, journaling and a lost answer; the actors' families; actor
//! and case edits journaled.

use std::sync::Arc;
use std::time::Duration;

use triage42_api::audit::{ChangeKind, ChangeLog, Outcome};
use triage42_api::watchlists::{MAX_ACTORS_PER_CHANGE, Watchlist};
use triage42_api::{
    Actor, ActorQuery, ActorUpdate, ApiError, CaseStatus, CaseUpdate, Client, ClientConfig,
    WatchlistActors, WatchlistQuery,
};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

use crate::support::{Recorded, read_all};

async fn start() -> DemoServer {
    DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 120,
            seed: 42,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap()
}

fn client_of(server: &DemoServer, log: Option<Arc<dyn ChangeLog>>) -> Client {
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    config.change_log = log;
    Client::new(config).unwrap()
}

async fn lists(client: &Client) -> Vec<Watchlist> {
    read_all(client.all_watchlists(None).await.unwrap())
}

async fn actors(client: &Client) -> Vec<Actor> {
    read_all(client.all_actors(ActorQuery::default()).await.unwrap())
}

async fn included(client: &Client, id: &str) -> Vec<String> {
    read_all(client.watchlist_included_actors(id).await.unwrap())
        .into_iter()
        .map(|m| m.actor_id)
        .collect()
}

#[tokio::test]
async fn watchlists_are_listed_paged_and_found_by_id_name_and_actor() {
    let server = start().await;
    let client = client_of(&server, None);
    let all = lists(&client).await;
    assert_eq!(all.len(), 6);
    let types: Vec<&str> = all.iter().filter_map(|w| w.list_type.as_deref()).collect();
    assert!(types.contains(&"DEPARTING_EMPLOYEE") && types.contains(&"CUSTOM"));

    // Pages of 4: 4, then 2, adding up to the whole.
    let first = client
        .watchlist_page(&WatchlistQuery {
            page_size: 4,
            ..WatchlistQuery::default()
        })
        .await
        .unwrap();
    let second = client
        .watchlist_page(&WatchlistQuery {
            page_size: 4,
            page: 2,
            ..WatchlistQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(first.total_count, Some(6));
    let paged = read_all(
        first
            .watchlists
            .into_iter()
            .chain(second.watchlists)
            .collect(),
    );
    assert_eq!(paged, all);

    let departing = all
        .iter()
        .find(|w| w.list_type.as_deref() == Some("DEPARTING_EMPLOYEE"))
        .unwrap();
    assert_eq!(
        &client.watchlist(&departing.watchlist_id).await.unwrap(),
        departing
    );
    assert_eq!(
        &client.watchlist_named("departing_employee").await.unwrap(),
        departing
    );
    assert_eq!(
        &client
            .watchlist_named(&departing.watchlist_id)
            .await
            .unwrap(),
        departing
    );
    let custom = client.watchlist_named("Source code access").await.unwrap();
    assert_eq!(custom.list_type.as_deref(), Some("CUSTOM"));
    assert_eq!(custom.name(), "Source code access");
    assert!(custom.description.is_some());
    assert!(matches!(
        client.watchlist_named("CUSTOM").await,
        Err(ApiError::NotFound(_))
    ));

    // An actor with an end date is on the departing list, and the lists of an actor
    // are those whose members hold it.
    let people = actors(&client).await;
    let leaving = people.iter().find(|a| a.end_date.is_some()).unwrap();
    let id = leaving.actor_id.clone().unwrap();
    let theirs = read_all(client.watchlists_of_actor(&id).await.unwrap());
    assert!(
        theirs
            .iter()
            .any(|w| w.watchlist_id == departing.watchlist_id)
    );
    for w in &all {
        let members = read_all(client.watchlist_members(&w.watchlist_id).await.unwrap());
        let on = members.iter().any(|m| m.actor_id == id);
        assert_eq!(on, theirs.contains(w), "{}", w.name());
        assert!(members.iter().all(|m| m.added_time.is_some()));
    }
    assert!(
        read_all(client.watchlists_of_actor("nobody").await.unwrap()).is_empty(),
        "an unknown actor is on no list"
    );
}

#[tokio::test]
async fn included_actors_page_and_each_reads_with_its_name() {
    let server = start().await;
    let client = client_of(&server, None);
    let contract = client.watchlist_named("CONTRACT_EMPLOYEE").await.unwrap();
    let people = actors(&client).await;
    let members = read_all(
        client
            .watchlist_included_actors(&contract.watchlist_id)
            .await
            .unwrap(),
    );
    assert_eq!(members.len() as u64, contract.stats.included_actors_count);
    assert_eq!(
        members.len(),
        people
            .iter()
            .filter(|a| a.employee_type.as_deref() == Some("contractor"))
            .count()
    );
    for m in &members {
        let actor = people
            .iter()
            .find(|a| a.actor_id.as_deref() == Some(m.actor_id.as_str()))
            .unwrap();
        assert_eq!(m.actor_name, actor.name);
    }
    // Pages of 3, as the SDK asks for them (`page_size`), add up to the whole.
    let mut paged = Vec::new();
    for page in 1.. {
        let p = client
            .watchlist_actor_page(&contract.watchlist_id, WatchlistActors::Included, page, 3)
            .await
            .unwrap();
        let n = p.actors.len();
        paged.extend(read_all(p.actors));
        if n < 3 {
            break;
        }
    }
    assert_eq!(paged, members);

    // The custom list: a department included whole, one of its people excluded.
    let custom = client.watchlist_named("Source code access").await.unwrap();
    let excluded = read_all(
        client
            .all_watchlist_actors(&custom.watchlist_id, WatchlistActors::Excluded)
            .await
            .unwrap(),
    );
    let everyone = read_all(
        client
            .watchlist_members(&custom.watchlist_id)
            .await
            .unwrap(),
    );
    assert_eq!(excluded.len() as u64, custom.stats.excluded_actors_count);
    assert!(everyone.len() as u64 > custom.stats.included_actors_count);
    assert!(
        excluded
            .iter()
            .all(|x| everyone.iter().all(|m| m.actor_id != x.actor_id))
    );
}

#[tokio::test]
async fn add_reads_back_and_remove_takes_off_with_the_counts_following() {
    let server = start().await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let list = client.watchlist_named("NEW_EMPLOYEE").await.unwrap();
    let id = list.watchlist_id.clone();
    let on = included(&client, &id).await;
    let newcomers: Vec<String> = actors(&client)
        .await
        .into_iter()
        .filter_map(|a| a.actor_id)
        .filter(|a| !on.contains(a))
        .take(2)
        .collect();

    client.add_watchlist_actors(&id, &newcomers).await.unwrap();
    let now = included(&client, &id).await;
    assert!(newcomers.iter().all(|a| now.contains(a)));
    assert_eq!(
        client
            .watchlist(&id)
            .await
            .unwrap()
            .stats
            .included_actors_count,
        list.stats.included_actors_count + 2
    );
    let theirs = read_all(client.watchlists_of_actor(&newcomers[0]).await.unwrap());
    assert!(theirs.iter().any(|w| w.watchlist_id == id));

    // Adding again changes nothing.
    client
        .add_watchlist_actors(&id, &newcomers[..1])
        .await
        .unwrap();
    assert_eq!(included(&client, &id).await, now);

    client
        .remove_watchlist_actors(&id, &newcomers)
        .await
        .unwrap();
    let after = included(&client, &id).await;
    assert_eq!(after, on);
    assert_eq!(
        client
            .watchlist(&id)
            .await
            .unwrap()
            .stats
            .included_actors_count,
        list.stats.included_actors_count
    );

    // Each change journaled with the list's name, then its outcome.
    let recorded = log.changes();
    let intents: Vec<_> = recorded.iter().filter(|(_, o)| o.is_none()).collect();
    assert_eq!(intents.len(), 3);
    assert!(matches!(
        &intents[0].0.what,
        ChangeKind::WatchlistActors { watchlist_id, watchlist: Some(name), added: true }
            if *watchlist_id == id && name == "NEW_EMPLOYEE"
    ));
    assert_eq!(intents[0].0.ids, newcomers);
    assert_eq!(intents[2].0.what.action(), "remove-watchlist-actors");
    assert_eq!(
        recorded
            .iter()
            .filter(|(_, o)| matches!(o, Some(Outcome::Ok { checked: false, .. })))
            .count(),
        3
    );
}

#[tokio::test]
async fn unknown_lists_and_actors_are_not_found_and_limits_are_checked_first() {
    let server = start().await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let missing = "00000000-0000-4000-8000-000000000000";
    assert!(matches!(
        client.watchlist(missing).await,
        Err(ApiError::NotFound(m)) if m.contains("Watchlist not found")
    ));
    assert!(matches!(
        client.watchlist_included_actors(missing).await,
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        client.add_watchlist_actors(missing, &["a".into()]).await,
        Err(ApiError::NotFound(_))
    ));
    assert!(
        log.changes().is_empty(),
        "a list that is not there: nothing to journal"
    );

    let list = client.watchlist_named("FLIGHT_RISK").await.unwrap();
    let before = included(&client, &list.watchlist_id).await;
    let someone = actors(&client).await[0].actor_id.clone().unwrap();
    let err = client
        .add_watchlist_actors(&list.watchlist_id, &[someone, "no-such-actor".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ApiError::NotFound(m) if m.contains("Actor not found: no-such-actor")),
        "{err}"
    );
    assert_eq!(included(&client, &list.watchlist_id).await, before);
    assert!(matches!(
        log.changes().last(),
        Some((_, Some(Outcome::Failed(_))))
    ));

    let too_many: Vec<String> = (0..=MAX_ACTORS_PER_CHANGE)
        .map(|i| format!("a{i}"))
        .collect();
    let sent = server.faults().requests_seen("/included-actors/");
    for refused in [
        client
            .add_watchlist_actors(&list.watchlist_id, &too_many)
            .await,
        client
            .remove_watchlist_actors(&list.watchlist_id, &[])
            .await,
        client.add_watchlist_actors("", &["a".into()]).await,
    ] {
        assert!(
            matches!(refused, Err(ApiError::InvalidInput(_))),
            "{refused:?}"
        );
    }
    assert_eq!(server.faults().requests_seen("/included-actors/"), sent);
}

#[tokio::test]
async fn a_lost_answer_is_checked_not_sent_twice() {
    let server = start().await;
    // No journal, so the add is the next request after the reads below (with one, the
    // list's name is read first).
    let client = client_of(&server, None);
    let list = client
        .watchlist_named("HIGH_IMPACT_EMPLOYEE")
        .await
        .unwrap();
    let on = included(&client, &list.watchlist_id).await;
    let newcomer = actors(&client)
        .await
        .into_iter()
        .filter_map(|a| a.actor_id)
        .find(|a| !on.contains(a))
        .unwrap();
    let adds = server.faults().requests_seen("/included-actors/add");
    // Applied, and the connection cut before the answer.
    server.faults().drop_after_next(1);
    client
        .add_watchlist_actors(&list.watchlist_id, std::slice::from_ref(&newcomer))
        .await
        .unwrap();
    assert_eq!(
        server.faults().requests_seen("/included-actors/add"),
        adds + 1,
        "read back and found applied: not sent again"
    );
    assert!(
        included(&client, &list.watchlist_id)
            .await
            .contains(&newcomer)
    );

    // Taken off with its answer lost: the same.
    let removes = server.faults().requests_seen("/included-actors/delete");
    server.faults().drop_after_next(1);
    client
        .remove_watchlist_actors(&list.watchlist_id, std::slice::from_ref(&newcomer))
        .await
        .unwrap();
    assert_eq!(
        server.faults().requests_seen("/included-actors/delete"),
        removes + 1
    );
    assert_eq!(included(&client, &list.watchlist_id).await, on);
}

#[tokio::test]
async fn families_are_read_by_id_and_by_name() {
    let server = start().await;
    let client = client_of(&server, None);
    let someone = actors(&client).await.swap_remove(5);
    let id = someone.actor_id.clone().unwrap();
    let family = client.actor_family(&id).await.unwrap();
    assert_eq!(family.parent.as_ref(), Some(&someone));
    assert!(family.children.is_empty());
    let by_name = client
        .actor_family_by_name(someone.name.as_deref().unwrap())
        .await
        .unwrap();
    assert_eq!(by_name, family);
    assert!(matches!(
        client.actor_family("nobody").await,
        Err(ApiError::NotFound(_))
    ));
}

#[tokio::test]
async fn actor_and_case_edits_are_journaled_with_their_fields() {
    let server = start().await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let someone = actors(&client).await.swap_remove(2);
    let id = someone.actor_id.clone().unwrap();
    let changed = client
        .update_actor(
            &id,
            &ActorUpdate {
                notes: Some(Some("on notice".into())),
                end_date: Some(None),
                ..ActorUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.notes.as_deref(), Some("on notice"));
    let case = client
        .update_case(
            1,
            &CaseUpdate {
                findings: Some("confirmed".into()),
                status: Some(CaseStatus::Closed),
                ..CaseUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(case.status, Some(CaseStatus::Closed));
    let refused = client
        .update_case(
            1,
            &CaseUpdate {
                name: Some("again".into()),
                ..CaseUpdate::default()
            },
        )
        .await;
    assert!(matches!(refused, Err(ApiError::BadRequest(_))));

    let recorded = log.changes();
    let intents: Vec<_> = recorded.iter().filter(|(_, o)| o.is_none()).collect();
    assert_eq!(intents.len(), 3);
    assert_eq!(intents[0].0.ids, [id]);
    assert_eq!(
        intents[0].0.what,
        ChangeKind::UpdateActor {
            fields: vec![
                ("notes".into(), Some("on notice".into())),
                ("endDate".into(), None)
            ]
        }
    );
    assert_eq!(
        intents[1].0.what,
        ChangeKind::UpdateCase {
            case_number: 1,
            fields: vec![
                ("findings".into(), Some("confirmed".into())),
                ("status".into(), Some("CLOSED".into()))
            ]
        }
    );
    let outcomes: Vec<_> = recorded.iter().filter_map(|(_, o)| o.clone()).collect();
    assert!(matches!(outcomes[0], Outcome::Ok { .. }));
    assert!(matches!(outcomes[1], Outcome::Ok { .. }));
    assert!(matches!(&outcomes[2], Outcome::Failed(m) if m.contains("NO_EDITS_ONCE_CLOSED")));
}
