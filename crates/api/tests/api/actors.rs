//! Actors against the demo tenant over real HTTP on loopback: search and paging, by id,
//! by name (and the parent forms), not found, and changes read back.

use std::time::Duration;

use triage42_api::{Actor, ActorQuery, ActorUpdate, ApiError, Client, ClientConfig};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

async fn start() -> (DemoServer, Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 100,
            seed: 42,
            ..DemoConfig::default()
        },
    )
    .await
    .unwrap();
    let mut config = ClientConfig::new(server.base_url(), DEMO_CLIENT_ID, DEMO_CLIENT_SECRET);
    config.backoff_base = Duration::from_millis(20);
    let client = Client::new(config).unwrap();
    (server, client)
}

fn read(items: Vec<triage42_api::Item<Actor>>) -> Vec<Actor> {
    items
        .into_iter()
        .map(|i| i.into_read().expect("every demo actor reads"))
        .collect()
}

#[tokio::test]
async fn actors_search_pages_and_filters() {
    let (_server, client) = start().await;
    let all = read(client.all_actors(ActorQuery::default()).await.unwrap());
    assert_eq!(all.len(), 60);
    let ids: std::collections::HashSet<_> = all.iter().map(|a| a.actor_id.clone()).collect();
    assert_eq!(ids.len(), 60);
    assert!(
        all.iter()
            .all(|a| a.in_scope == Some(true) && a.parent_actor_id.is_none())
    );
    assert!(all.iter().any(|a| a.end_date.is_some()));
    assert!(all.iter().any(|a| a.active == Some(false)));
    assert!(all.iter().filter(|a| a.manager_actor_id.is_none()).count() >= 1);

    // Pages of 25: 25, 25, 10, and they add up to the whole.
    let paged = read(
        client
            .all_actors(ActorQuery {
                page_size: 25,
                ..ActorQuery::default()
            })
            .await
            .unwrap(),
    );
    assert_eq!(paged, all);
    let third = client
        .search_actors(&ActorQuery {
            page_size: 25,
            page: 3,
            ..ActorQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(third.actors.len(), 10);

    // A prefix in another case still finds the name, written as it is.
    let name = all[7].name.clone().unwrap();
    let prefix = name.get(..4).unwrap().to_uppercase();
    let found = read(
        client
            .all_actors(ActorQuery {
                name_starts_with: Some(prefix.clone()),
                ..ActorQuery::default()
            })
            .await
            .unwrap(),
    );
    assert!(
        found
            .iter()
            .any(|a| a.name.as_deref() == Some(name.as_str()))
    );
    assert!(found.iter().all(|a| {
        a.name
            .as_deref()
            .unwrap()
            .to_uppercase()
            .starts_with(&prefix)
    }));

    let inactive = read(
        client
            .all_actors(ActorQuery {
                active: Some(false),
                ..ActorQuery::default()
            })
            .await
            .unwrap(),
    );
    assert!(!inactive.is_empty());
    assert!(inactive.iter().all(|a| a.active == Some(false)));
}

#[tokio::test]
async fn actors_by_id_and_by_name() {
    let (_server, client) = start().await;
    let all = read(client.all_actors(ActorQuery::default()).await.unwrap());
    let someone = all.iter().find(|a| a.manager_actor_id.is_some()).unwrap();
    let id = someone.actor_id.clone().unwrap();
    let name = someone.name.clone().unwrap();
    assert_eq!(&client.actor(&id, false).await.unwrap(), someone);
    assert_eq!(&client.actor(&id, true).await.unwrap(), someone);
    assert_eq!(&client.actor_by_name(&name, false).await.unwrap(), someone);
    assert_eq!(&client.actor_by_name(&name, true).await.unwrap(), someone);
    let manager = client
        .actor(someone.manager_actor_id.as_deref().unwrap(), false)
        .await
        .unwrap();
    assert!(manager.name.is_some());

    assert!(matches!(
        client.actor("no-such-actor", false).await,
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        client.actor_by_name("nobody@example.com", false).await,
        Err(ApiError::NotFound(_))
    ));
    assert!(matches!(
        client.actor_by_name("nobody@example.com", true).await,
        Err(ApiError::NotFound(_))
    ));
    // The exact name only: another case is not the actor.
    assert!(matches!(
        client.actor_by_name(&name.to_uppercase(), false).await,
        Err(ApiError::NotFound(_))
    ));
}

#[tokio::test]
async fn actors_update_reads_back_and_null_clears() {
    let (_server, client) = start().await;
    let all = read(client.all_actors(ActorQuery::default()).await.unwrap());
    let id = all[3].actor_id.clone().unwrap();
    let before = all[3].clone();

    let changed = client
        .update_actor(
            &id,
            &ActorUpdate {
                notes: Some(Some("leaving for a competitor".into())),
                end_date: Some(Some("2026-12-18".into())),
                ..ActorUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(changed.notes.as_deref(), Some("leaving for a competitor"));
    assert_eq!(changed.end_date.as_deref(), Some("2026-12-18"));
    assert_eq!(changed.start_date, before.start_date);
    let again = client.actor(&id, false).await.unwrap();
    assert_eq!(again, changed);

    let cleared = client
        .update_actor(
            &id,
            &ActorUpdate {
                notes: Some(None),
                start_date: Some(None),
                ..ActorUpdate::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.notes, None);
    assert_eq!(cleared.start_date, None);
    assert_eq!(cleared.end_date.as_deref(), Some("2026-12-18"));
    assert_eq!(client.actor(&id, false).await.unwrap(), cleared);

    // A malformed date is refused before any request; an unknown id is not found.
    let bad = ActorUpdate {
        end_date: Some(Some("18/12/2026".into())),
        ..ActorUpdate::default()
    };
    assert!(matches!(
        client.update_actor(&id, &bad).await,
        Err(ApiError::InvalidInput(_))
    ));
    assert!(matches!(
        client
            .update_actor(
                "no-such-actor",
                &ActorUpdate {
                    notes: Some(Some("x".into())),
                    ..ActorUpdate::default()
                }
            )
            .await,
        Err(ApiError::NotFound(_))
    ));
}

/// What the demo tenant answers the raw wire: explicit nulls, `active` in any case,
/// page sizes past 500 and malformed dates refused with a JSON error.
#[tokio::test]
async fn actors_wire_checks() {
    let (server, _client) = start().await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    let token: serde_json::Value = http
        .post(format!("{base}/v1/oauth"))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let get = |path: String| http.get(format!("{base}{path}")).bearer_auth(&token).send();

    let r = get("/v1/actors/actor/search?active=true&pageSize=500&page=1".into())
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let actors = body["actors"].as_array().unwrap();
    assert!(!actors.is_empty());
    assert!(actors.iter().all(|a| a["active"] == true));
    let first = actors[0].as_object().unwrap();
    assert_eq!(first.len(), 19);
    assert!(first["parentActorId"].is_null());
    let id = first["actorId"].as_str().unwrap().to_string();

    let r = get("/v1/actors/actor/search?pageSize=501".into())
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = get("/v1/actors/actor/id/nobody".into()).await.unwrap();
    assert_eq!(r.status(), 404);
    let r = get("/v1/actors/actor/search".into()).await.unwrap();
    assert_eq!(r.status(), 200);

    let r = http
        .patch(format!("{base}/v1/actors/actor/id/{id}"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"endDate": "2026-13-01"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    assert!(err["message"].as_str().unwrap().contains("endDate"));
    let r = http
        .patch(format!("{base}/v1/actors/actor/id/{id}"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"notes": "x".repeat(2001)}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}
