//! Sessions against the demo tenant over real HTTP on loopback: every filter, ordering,
//! paging, details and events, state changes in chunks and by query, and notes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use triage42_api::audit::{Change, ChangeKind, ChangeLog, Outcome};

use crate::support::Recorded;
use triage42_api::{
    AlertQuery, ApiError, Client, ClientConfig, Item, Session, SessionOrder, SessionQuery,
    SessionState,
};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

async fn start(seed: u64) -> DemoServer {
    DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 300,
            seed,
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

fn read_all(items: Vec<Item<Session>>) -> Vec<Session> {
    items
        .into_iter()
        .map(|i| match i {
            Item::Read(s) => s,
            Item::Unreadable(u) => panic!("unreadable session: {u:?}"),
        })
        .collect()
}

/// Every session, with and without alerts (the service has no "both": two searches).
async fn everything(client: &Client) -> Vec<Session> {
    both(client, SessionQuery::default()).await
}

/// The sessions of `query`, with alerts and then without.
async fn both(client: &Client, query: SessionQuery) -> Vec<Session> {
    let mut out = Vec::new();
    for has_alerts in [true, false] {
        let q = SessionQuery {
            has_alerts: Some(has_alerts),
            ..query.clone()
        };
        out.extend(read_all(client.all_sessions(q).await.unwrap()));
    }
    out
}

async fn ids_of(client: &Client, query: SessionQuery) -> HashSet<String> {
    let ids: Vec<String> = if query.has_alerts.is_none() {
        both(client, query).await
    } else {
        read_all(client.all_sessions(query).await.unwrap())
    }
    .into_iter()
    .map(|s| s.session_id)
    .collect();
    let set: HashSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "a session came twice");
    set
}

fn ids_where(all: &[Session], pred: impl Fn(&Session) -> bool) -> HashSet<String> {
    all.iter()
        .filter(|s| pred(s))
        .map(|s| s.session_id.clone())
        .collect()
}

/// A query over sessions with and without alerts (run as two searches by `ids_of`).
fn any() -> SessionQuery {
    SessionQuery {
        has_alerts: None,
        ..SessionQuery::default()
    }
}

#[tokio::test]
async fn every_filter_returns_exactly_the_sessions_it_describes() {
    let server = start(5).await;
    let client = client_of(&server, None);
    let all = everything(&client).await;
    assert!(all.len() > 100, "{} sessions", all.len());

    // has_alerts: the default is the alert queue.
    let with = ids_where(&all, |s| !s.triggered_alerts.is_empty());
    let without = ids_where(&all, |s| s.triggered_alerts.is_empty());
    assert!(!with.is_empty() && !without.is_empty());
    assert_eq!(ids_of(&client, SessionQuery::default()).await, with);
    let no_alerts = SessionQuery {
        has_alerts: Some(false),
        ..SessionQuery::default()
    };
    assert_eq!(ids_of(&client, no_alerts).await, without);

    let check = |name: &str, got: HashSet<String>, want: HashSet<String>| {
        assert!(!want.is_empty(), "{name}: the seed has no such session");
        assert_eq!(got, want, "{name}");
    };

    let actor = all[0].actor_id.clone().unwrap();
    check(
        "actor",
        ids_of(
            &client,
            SessionQuery {
                actor_id: Some(actor.clone()),
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| s.actor_id.as_deref() == Some(actor.as_str())),
    );

    let mut begins: Vec<_> = all.iter().map(|s| s.begin_time.unwrap()).collect();
    begins.sort();
    let (lo, hi) = (begins[begins.len() / 4], begins[begins.len() * 3 / 4]);
    check(
        "time range",
        ids_of(
            &client,
            SessionQuery {
                on_or_after: Some(lo),
                before: Some(hi),
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| {
            let b = s.begin_time.unwrap();
            b >= lo && b < hi
        }),
    );

    check(
        "type",
        ids_of(
            &client,
            SessionQuery {
                session_type: Some("ACCOUNT_TAKE_OVER".into()),
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| {
            s.session_type.as_deref() == Some("ACCOUNT_TAKE_OVER")
        }),
    );

    let indicator = all
        .iter()
        .find_map(|s| s.risk_indicators.first())
        .unwrap()
        .id
        .clone()
        .unwrap();
    check(
        "risk indicator",
        ids_of(
            &client,
            SessionQuery {
                risk_indicators: vec![indicator.clone()],
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| {
            s.risk_indicators
                .iter()
                .any(|r| r.id.as_deref() == Some(indicator.as_str()))
        }),
    );

    for states in [
        vec![SessionState::Open],
        vec![SessionState::Closed, SessionState::OpenNewData],
        vec![SessionState::InProgress],
    ] {
        check(
            &format!("state {states:?}"),
            ids_of(
                &client,
                SessionQuery {
                    states: states.clone(),
                    ..any()
                },
            )
            .await,
            ids_where(&all, |s| states.contains(s.state().unwrap())),
        );
    }
    // Every state of the spec, and incydr's extra one, occurs in the seed.
    let seen: HashSet<String> = all
        .iter()
        .map(|s| s.state().unwrap().as_wire().to_string())
        .collect();
    for state in [
        "OPEN",
        "IN_PROGRESS",
        "CLOSED",
        "CLOSED_TP",
        "CLOSED_FP",
        "OPEN_NEW_DATA",
    ] {
        assert!(seen.contains(state), "no {state} session in {seen:?}");
    }

    check(
        "severity",
        ids_of(
            &client,
            SessionQuery {
                severities: vec![3, 4],
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| matches!(s.severity(), Some(3 | 4))),
    );

    let rule = all
        .iter()
        .find_map(|s| s.triggered_alerts.first())
        .unwrap()
        .rule_id
        .clone()
        .unwrap();
    check(
        "rule",
        ids_of(
            &client,
            SessionQuery {
                rule_ids: vec![rule.clone()],
                ..any()
            },
        )
        .await,
        ids_where(&all, |s| {
            s.triggered_alerts
                .iter()
                .any(|a| a.rule_id.as_deref() == Some(rule.as_str()))
        }),
    );

    // Watchlists are the alerts' watchlists: read them from the alerts service.
    let alerts: Vec<_> = client
        .search_all_alerts(AlertQuery::default().page_size(500))
        .collect::<Vec<_>>()
        .await;
    let mut watch: HashMap<String, Vec<String>> = HashMap::new();
    for a in alerts {
        let Item::Read(a) = a.unwrap() else { continue };
        for w in a.watchlists {
            watch.entry(w.id.unwrap()).or_default().push(a.id.clone());
        }
    }
    assert!(!watch.is_empty());
    for (watchlist, alert_ids) in watch {
        check(
            "watchlist",
            ids_of(
                &client,
                SessionQuery {
                    watchlist_ids: vec![watchlist.clone()],
                    ..any()
                },
            )
            .await,
            ids_where(&all, |s| {
                s.triggered_alerts
                    .iter()
                    .any(|t| alert_ids.contains(t.alert_id.as_ref().unwrap()))
            }),
        );
    }

    // Content inspection in the spec's words and in incydr's.
    for (asked, status) in [
        ("PII_FOUND", "PII_FOUND"),
        ("FOUND", "PII_FOUND"),
        ("NOT_FOUND", "PII_NOT_FOUND"),
        ("PENDING", "PENDING"),
    ] {
        check(
            asked,
            ids_of(
                &client,
                SessionQuery {
                    content_inspection_status: Some(asked.into()),
                    ..any()
                },
            )
            .await,
            ids_where(&all, |s| s.inspection_status().as_deref() == Some(status)),
        );
    }
    let found = all
        .iter()
        .find(|s| s.inspection_status().as_deref() == Some("PII_FOUND"))
        .unwrap();
    assert_eq!(
        found.content_inspection_results.detected_on_alerts,
        vec!["PII"]
    );
}

#[tokio::test]
async fn ordering_and_zero_based_paging() {
    let server = start(6).await;
    let client = client_of(&server, None);
    let all = read_all(client.all_sessions(SessionQuery::default()).await.unwrap());
    // end_time descending is the default.
    let ends: Vec<_> = all.iter().map(|s| s.end_time.unwrap()).collect();
    assert!(ends.windows(2).all(|w| w[0] >= w[1]));
    let asc = read_all(
        client
            .all_sessions(SessionQuery {
                descending: false,
                ..SessionQuery::default()
            })
            .await
            .unwrap(),
    );
    assert!(asc.windows(2).all(|w| w[0].end_time <= w[1].end_time));
    let by_score = read_all(
        client
            .all_sessions(SessionQuery {
                order_by: SessionOrder::Score,
                ..SessionQuery::default()
            })
            .await
            .unwrap(),
    );
    assert!(by_score.windows(2).all(|w| w[0].score() >= w[1].score()));

    // Pages of 7 from page 0 cover everything once, and agree on the total.
    let mut seen = Vec::new();
    let mut page_number = 0;
    loop {
        let page = client
            .search_sessions(&SessionQuery {
                page_size: 7,
                page_number,
                ..SessionQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(page.total_count as usize, all.len());
        let n = page.items.len();
        seen.extend(read_all(page.items).into_iter().map(|s| s.session_id));
        if n < 7 {
            break;
        }
        page_number += 1;
    }
    let expected: Vec<String> = all.iter().map(|s| s.session_id.clone()).collect();
    assert_eq!(seen, expected);

    // The direction in upper case (the spec) and lower case (incydr); bad values are 400s.
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let get = |query: &'static str| {
        let http = http.clone();
        let url = format!("{}/v1/sessions?{query}", server.base_url());
        let token = token.clone();
        async move {
            let r = http.get(url).bearer_auth(token).send().await.unwrap();
            (
                r.status().as_u16(),
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    let (status, upper) = get("has_alerts=false&sort_direction=ASC&page_size=5").await;
    assert_eq!(status, 200);
    let (_, lower) = get("has_alerts=false&sort_direction=asc&page_size=5").await;
    assert_eq!(upper, lower);
    for bad in [
        "page_size=0",
        "page_size=1001",
        "page_number=-1",
        "sort_direction=sideways",
        "order_by=name",
        "state=DONE",
        "severity=7",
        "has_alerts=maybe",
        "on_or_after=yesterday",
        "content_inspection_status=MAYBE",
    ] {
        let (status, body) = get(bad).await;
        assert_eq!(status, 400, "{bad}");
        assert!(body["msg"].as_str().is_some(), "{bad}: {body}");
    }
    // Repeated parameters and comma lists mean the same.
    let (_, repeated) = get("state=OPEN&state=CLOSED&page_size=1000").await;
    let (_, commas) = get("state=OPEN,CLOSED&page_size=1000").await;
    assert_eq!(repeated, commas);
}

#[tokio::test]
async fn a_session_its_alerts_and_its_events_are_the_tenants_own() {
    let server = start(7).await;
    let client = client_of(&server, None);
    let sessions = read_all(client.all_sessions(SessionQuery::default()).await.unwrap());
    let session = sessions
        .iter()
        .find(|s| s.triggered_alerts.len() > 1)
        .unwrap_or(&sessions[0]);
    let one = client.session(&session.session_id).await.unwrap();
    assert_eq!(&one, session);
    let alert_ids: Vec<String> = one
        .triggered_alerts
        .iter()
        .map(|a| a.alert_id.clone().unwrap())
        .collect();
    let details = client.alert_details(&alert_ids).await.unwrap();
    assert_eq!(details.len(), alert_ids.len());
    let mut observed = HashSet::new();
    for d in details {
        let Item::Read(d) = d else { panic!() };
        assert_eq!(d.summary.actor_id, one.actor_id);
        for o in &d.observations {
            for f in &o.data.data().unwrap().files {
                observed.insert(f.event_id.clone().unwrap());
            }
        }
    }
    let events = client.session_events(&one.session_id).await.unwrap();
    let event_ids: HashSet<String> = events
        .file_events
        .iter()
        .map(|e| match e {
            Item::Read(e) => e.event.id.clone().unwrap(),
            Item::Unreadable(u) => panic!("{u:?}"),
        })
        .collect();
    assert_eq!(event_ids, observed);
    assert_eq!(events.total_count as usize, event_ids.len());

    // Unknown sessions are 404s; a session without alerts has no events.
    assert!(matches!(
        client.session("no-such-session").await,
        Err(ApiError::NotFound(_))
    ));
    let quiet = read_all(
        client
            .all_sessions(SessionQuery {
                has_alerts: Some(false),
                ..SessionQuery::default()
            })
            .await
            .unwrap(),
    );
    assert!(matches!(
        client.session_events(&quiet[0].session_id).await,
        Err(ApiError::NotFound(_))
    ));

    // The same seed gives the same sessions.
    let again = start(7).await;
    let other = client_of(&again, None);
    let twin = read_all(other.all_sessions(SessionQuery::default()).await.unwrap());
    let ids = |s: &[Session]| s.iter().map(|s| s.session_id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&twin), ids(&sessions));
}

#[tokio::test]
async fn state_changes_go_in_chunks_of_100_each_journaled() {
    let server = start(8).await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let all = everything(&client).await;
    let ids: Vec<String> = all.iter().take(230).map(|s| s.session_id.clone()).collect();
    assert_eq!(ids.len(), 230);
    client
        .update_session_state(&ids, SessionState::ClosedTp, None)
        .await
        .unwrap();
    let after = everything(&client).await;
    for s in after.iter().filter(|s| ids.contains(&s.session_id)) {
        assert_eq!(s.state(), Some(&SessionState::ClosedTp));
        // The latest entry is the current state, and it names who set it.
        assert!(s.states.last().unwrap().user_id.is_some());
    }
    let recorded = log.0.lock().unwrap().clone();
    let intents: Vec<&Change> = recorded
        .iter()
        .filter(|(_, o)| o.is_none())
        .map(|(c, _)| c)
        .collect();
    assert_eq!(
        intents.iter().map(|c| c.ids.len()).collect::<Vec<_>>(),
        vec![100, 100, 30]
    );
    assert!(intents.iter().all(|c| matches!(
        &c.what,
        ChangeKind::SessionState { state, note: None } if state == "CLOSED_TP"
    )));
    assert_eq!(
        recorded
            .iter()
            .filter(|(_, o)| matches!(o, Some(Outcome::Ok { .. })))
            .count(),
        3
    );

    // Setting the current state again leaves the history alone.
    let before = client.session(&ids[0]).await.unwrap().states.len();
    client
        .update_session_state(&ids[..1], SessionState::ClosedTp, None)
        .await
        .unwrap();
    assert_eq!(client.session(&ids[0]).await.unwrap().states.len(), before);

    // Unknown states are refused before sending; OPEN_NEW_DATA is the service's own.
    assert!(matches!(
        client
            .update_session_state(&ids[..1], SessionState::Other("DONE".into()), None)
            .await,
        Err(ApiError::InvalidInput(_))
    ));
    assert!(matches!(
        client
            .update_session_state(&ids[..1], SessionState::OpenNewData, None)
            .await,
        Err(ApiError::BadRequest(_))
    ));
    assert!(matches!(
        client
            .update_session_state(&["nope".to_string()], SessionState::Open, None)
            .await,
        Err(ApiError::NotFound(_))
    ));

    // More than 100 ids in one call (as the SDK sends them) is the documented 400.
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = http
        .post(format!("{}/v1/sessions/change-state", server.base_url()))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&serde_json::json!({"ids": ids[..101], "newState": "OPEN"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let body: serde_json::Value = r.json().await.unwrap();
    assert!(body["msg"].as_str().unwrap().contains("100"));
    assert_eq!(
        client.session(&ids[0]).await.unwrap().state(),
        Some(&SessionState::ClosedTp)
    );
}

#[tokio::test]
async fn notes_accumulate_and_a_state_change_can_carry_one() {
    let server = start(9).await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let id = everything(&client).await[0].session_id.clone();
    client.add_session_note(&id, "first look").await.unwrap();
    client.add_session_note(&id, "second look").await.unwrap();
    client
        .update_session_state(
            std::slice::from_ref(&id),
            SessionState::ClosedFp,
            Some("closing: benign"),
        )
        .await
        .unwrap();
    let s = client.session(&id).await.unwrap();
    let notes: Vec<&str> = s
        .notes
        .iter()
        .filter_map(|n| n.content.as_deref())
        .collect();
    assert_eq!(notes, vec!["first look", "second look", "closing: benign"]);
    assert!(
        s.notes
            .iter()
            .all(|n| n.user_id.is_some() && n.id.is_some())
    );
    assert_eq!(s.state(), Some(&SessionState::ClosedFp));
    let notes_journaled = log
        .0
        .lock()
        .unwrap()
        .iter()
        .filter(|(c, o)| o.is_none() && matches!(c.what, ChangeKind::SessionNote { .. }))
        .count();
    assert_eq!(notes_journaled, 3);

    // Too long is refused before sending; 2000 UTF-16 units is the limit.
    let long = "x".repeat(2001);
    assert!(matches!(
        client.add_session_note(&id, &long).await,
        Err(ApiError::InvalidInput(_))
    ));
    client
        .add_session_note(&id, &"y".repeat(2000))
        .await
        .unwrap();
    assert!(matches!(
        client.add_session_note("no-such-session", "x").await,
        Err(ApiError::NotFound(_))
    ));
    // A session holds at most 100 notes.
    for n in 4..100 {
        client
            .add_session_note(&id, &format!("n{n}"))
            .await
            .unwrap();
    }
    assert!(matches!(
        client.add_session_note(&id, "one too many").await,
        Err(ApiError::BadRequest(_))
    ));
}

#[tokio::test]
async fn a_change_with_a_note_says_which_sessions_are_wholly_done_when_it_fails() {
    let server = start(9).await;
    let client = client_of(&server, None);
    let all = everything(&client).await;
    let ids: Vec<String> = all
        .iter()
        .filter(|s| s.state() == Some(&SessionState::Open) && s.notes.len() < 3)
        .take(3)
        .map(|s| s.session_id.clone())
        .collect();
    assert_eq!(ids.len(), 3);
    // The second session cannot take another note: it holds the most a session can.
    for n in client.session(&ids[1]).await.unwrap().notes.len()..100 {
        client
            .add_session_note(&ids[1], &format!("n{n}"))
            .await
            .unwrap();
    }
    let mut completed = Vec::new();
    let result = client
        .update_session_state_tracked(
            &ids,
            SessionState::ClosedTp,
            Some("confirmed with HR"),
            &mut completed,
        )
        .await;
    assert!(matches!(result, Err(ApiError::BadRequest(_))), "{result:?}");
    assert_eq!(completed, ids[..1]);
    // Retrying the ones not done adds the note to none of those that have it.
    let first = client.session(&ids[0]).await.unwrap();
    let noted = |s: &Session| {
        s.notes
            .iter()
            .filter(|n| n.content.as_deref() == Some("confirmed with HR"))
            .count()
    };
    assert_eq!(noted(&first), 1);
    assert_eq!(first.state(), Some(&SessionState::ClosedTp));
    let mut completed = Vec::new();
    client
        .update_session_state_tracked(
            &ids[2..],
            SessionState::ClosedTp,
            Some("confirmed with HR"),
            &mut completed,
        )
        .await
        .unwrap();
    assert_eq!(completed, ids[2..]);
    assert_eq!(noted(&client.session(&ids[0]).await.unwrap()), 1);
    assert_eq!(noted(&client.session(&ids[2]).await.unwrap()), 1);
}

#[tokio::test]
async fn a_change_by_query_follows_its_continuation_tokens() {
    let server = start(10).await;
    let log = Arc::new(Recorded::default());
    let client = client_of(&server, Some(log.clone()));
    let all = everything(&client).await;
    let open = ids_where(&all, |s| {
        s.state() == Some(&SessionState::Open) && !s.triggered_alerts.is_empty()
    });
    assert!(open.len() > 100, "{} open sessions", open.len());
    let query = SessionQuery {
        states: vec![SessionState::Open],
        ..SessionQuery::default()
    };
    let calls = client
        .update_sessions_by_query(&query, SessionState::InProgress)
        .await
        .unwrap();
    assert_eq!(calls, open.len().div_ceil(100));
    let after = everything(&client).await;
    let alerted = |s: &Session| !s.triggered_alerts.is_empty();
    assert!(
        after
            .iter()
            .all(|s| !alerted(s) || s.state() != Some(&SessionState::Open))
    );
    // Sessions without alerts were outside the query and stay open.
    assert!(
        after
            .iter()
            .filter(|s| !alerted(s))
            .all(|s| s.state() == Some(&SessionState::Open))
    );
    assert_eq!(
        ids_where(&after, |s| alerted(s)
            && s.state() == Some(&SessionState::InProgress)),
        ids_where(&all, |s| alerted(s)
            && matches!(
                s.state(),
                Some(SessionState::Open | SessionState::InProgress)
            ))
    );
    let recorded = log.0.lock().unwrap();
    assert!(matches!(
        &recorded[0].0.what,
        ChangeKind::SessionStateByQuery { state, query } if state == "IN_PROGRESS" && query.contains("state=OPEN")
    ));
    assert!(matches!(
        recorded.last().unwrap().1,
        Some(Outcome::Ok { .. })
    ));
}

#[test]
fn the_reference_fixture_and_both_inspection_shapes_read() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/api/fixtures/sessions-response.json"
    );
    if let Ok(text) = std::fs::read_to_string(path) {
        let page: triage42_api::SessionPage = serde_json::from_str(&text).unwrap();
        assert_eq!(page.total_count, 1);
        let s = read_all(page.items).remove(0);
        assert_eq!(s.session_id, "123-session-1");
        assert_eq!(s.actor_name.as_deref(), Some("test_actor_name"));
        assert_eq!(s.state(), Some(&SessionState::Open));
        assert_eq!(s.content_inspection_results.detected_on_alerts, vec!["PII"]);
        assert_eq!(
            s.begin_time.map(|t| t.timestamp_millis()),
            Some(1_704_067_200_000)
        );
        assert_eq!(
            s.triggered_alerts[0].rule_name.as_deref(),
            Some("rule name")
        );
    }
    // The spec's shape, odd values, a state the client does not know, and one session
    // that cannot be read beside one that can.
    let text = r#"{"items": [
        {"sessionId": 42, "criticalEvents": "3", "beginTime": "2026-11-01T10:00:00Z",
         "states": [{"state": "OPEN", "sourceTimestamp": 1},
                    {"state": null, "stateV2": "ESCALATED", "sourceTimestamp": 2}],
         "scores": [{"score": 70, "severity": 3, "sourceTimestamp": 5},
                    {"score": "20", "severity": "1", "sourceTimestamp": 1}],
         "contentInspectionResults": {"status": "PII_FOUND",
            "eventResults": [{"eventId": "e1", "piiType": "SSN", "status": "PII_FOUND"}]},
         "notes": null, "riskIndicators": {"id": "r", "name": "n", "weight": "7"}},
        {"actorId": "no session id"}
    ], "totalCount": "2"}"#;
    let page: triage42_api::SessionPage = serde_json::from_str(text).unwrap();
    assert_eq!(page.total_count, 2);
    let Item::Read(s) = &page.items[0] else {
        panic!()
    };
    assert_eq!(s.session_id, "42");
    assert_eq!(s.critical_events, 3);
    assert_eq!(s.state(), Some(&SessionState::Other("ESCALATED".into())));
    assert_eq!((s.score(), s.severity()), (Some(70), Some(3)));
    assert_eq!(s.inspection_status().as_deref(), Some("PII_FOUND"));
    assert_eq!(
        s.content_inspection_results.event_results[0].pii_type,
        vec!["SSN"]
    );
    assert_eq!(s.risk_indicators[0].weight, Some(7));
    assert!(matches!(&page.items[1], Item::Unreadable(_)));
}

#[tokio::test]
async fn malformed_requests_get_a_400_with_a_message() {
    let server = start(11).await;
    let client = client_of(&server, None);
    let id = everything(&client).await[0].session_id.clone();
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();
    let base = server.base_url();
    let cases: Vec<(String, &str)> = vec![
        (format!("{base}/v1/sessions/change-state"), "{not json"),
        (
            format!("{base}/v1/sessions/change-state"),
            r#"{"ids": "x", "newState": "OPEN"}"#,
        ),
        (
            format!("{base}/v1/sessions/change-state"),
            r#"{"ids": [], "newState": "OPEN"}"#,
        ),
        (
            format!("{base}/v1/sessions/change-state"),
            r#"{"ids": ["a"], "newState": 7}"#,
        ),
        (
            format!("{base}/v1/sessions/change-state"),
            r#"{"ids": ["a"]}"#,
        ),
        (
            format!("{base}/v1/sessions/{id}/change-state"),
            r#"{"newState": "LATER"}"#,
        ),
        (
            format!("{base}/v1/sessions/change-states"),
            r#"{"continuationToken": "bogus", "newState": "OPEN"}"#,
        ),
        (
            format!("{base}/v1/sessions/change-states?severity=x"),
            r#"{"newState": "OPEN"}"#,
        ),
        (
            format!("{base}/v1/sessions/{id}/add-note"),
            r#"{"noteContent": ""}"#,
        ),
        (
            format!("{base}/v1/sessions/{id}/add-note"),
            r#"{"noteContent": ["x"]}"#,
        ),
        (format!("{base}/v1/sessions/{id}/add-note"), "[]"),
    ];
    for (url, body) in cases {
        let r = http
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 400, "{url} {body}");
        let v: serde_json::Value = r.json().await.unwrap();
        assert!(v["msg"].is_string(), "{url} {body}: {v}");
    }
    // Nothing changed the session, and the tenant still answers.
    let s = client.session(&id).await.unwrap();
    assert!(s.notes.is_empty());
    // Without a token: 401.
    let r = http
        .get(format!("{base}/v1/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}
