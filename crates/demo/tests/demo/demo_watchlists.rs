//! The watchlists service and the actors' families over raw HTTP: the keys the incydr
//! SDK reads, both spellings of the page size, the members the seed puts on each list
//! (matching the actors and the alerts' rules), changes and counts, and the 404s.

use serde_json::{Value, json};
use triage42_demo::{DemoConfig, DemoServer};

struct Tenant {
    _server: DemoServer,
    base: String,
    http: reqwest::Client,
    token: String,
}

impl Tenant {
    async fn start() -> Tenant {
        let server = DemoServer::start(
            "127.0.0.1:0".parse().unwrap(),
            DemoConfig {
                alerts: 200,
                seed: 3,
                ..DemoConfig::default()
            },
        )
        .await
        .unwrap();
        let http = reqwest::Client::new();
        let base = server.base_url();
        let r: Value = http
            .post(format!("{base}/v1/oauth"))
            .basic_auth("demo-client", Some("demo-secret"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Tenant {
            _server: server,
            base,
            http,
            token: r["access_token"].as_str().unwrap().to_string(),
        }
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    async fn lists(&self) -> Vec<Value> {
        let (status, page) = self.get("/v2/watchlists?page=1&pageSize=100").await;
        assert_eq!(status, 200);
        page["watchlists"].as_array().unwrap().clone()
    }

    async fn members(&self, w: &Value) -> Vec<Value> {
        let id = w["watchlistId"].as_str().unwrap();
        let (status, page) = self.get(&format!("/v2/watchlists/{id}/members")).await;
        assert_eq!(status, 200);
        page["watchlistMembers"].as_array().unwrap().clone()
    }

    async fn actors(&self) -> Vec<Value> {
        let (_, page) = self.get("/v1/actors/actor/search?pageSize=500").await;
        page["actors"].as_array().unwrap().clone()
    }
}

fn of_type<'a>(lists: &'a [Value], kind: &str) -> &'a Value {
    lists.iter().find(|w| w["listType"] == kind).unwrap()
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[tokio::test]
async fn seeded_lists_hold_the_actors_their_names_promise() {
    let t = Tenant::start().await;
    let lists = t.lists().await;
    let kinds: Vec<&str> = lists
        .iter()
        .map(|w| w["listType"].as_str().unwrap())
        .collect();
    for kind in [
        "DEPARTING_EMPLOYEE",
        "HIGH_IMPACT_EMPLOYEE",
        "FLIGHT_RISK",
        "NEW_EMPLOYEE",
        "CONTRACT_EMPLOYEE",
        "CUSTOM",
    ] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    for w in &lists {
        let keys: Vec<&String> = w.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "description",
                "listType",
                "stats",
                "tenantId",
                "title",
                "watchlistId"
            ]
        );
        assert!(is_uuid(w["watchlistId"].as_str().unwrap()), "{w}");
        assert!(w["stats"]["includedActorsCount"].is_u64());
    }
    let custom = of_type(&lists, "CUSTOM");
    assert_eq!(custom["title"], "Source code access");
    assert!(custom["description"].is_string());
    assert_eq!(custom["stats"]["includedDepartmentsCount"], 1);

    let actors = t.actors().await;
    let departing = t.members(of_type(&lists, "DEPARTING_EMPLOYEE")).await;
    for a in actors.iter().filter(|a| !a["endDate"].is_null()) {
        assert!(
            departing.iter().any(|m| m["actorId"] == a["actorId"]),
            "{} leaves and is on the list",
            a["name"]
        );
    }
    let contract = t.members(of_type(&lists, "CONTRACT_EMPLOYEE")).await;
    let contractors: Vec<&Value> = actors
        .iter()
        .filter(|a| a["employeeType"] == "contractor")
        .collect();
    assert_eq!(contract.len(), contractors.len());
    for m in departing.iter().chain(&contract) {
        let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["actorId", "actorname", "addedTime"]);
        assert!(m["addedTime"].as_str().unwrap().ends_with('Z'));
        let actor = actors
            .iter()
            .find(|a| a["actorId"] == m["actorId"])
            .unwrap();
        assert_eq!(m["actorname"], actor["name"]);
    }

    // The alerts of the departing-employee rules name the list by its id.
    let (_, claims) = t.get("/v1/customer").await;
    let body = json!({"tenantId": claims["tenantId"], "groupClause": "AND", "groups": [],
        "pgNum": 0, "pgSize": 500, "srtKey": "CreatedAt", "srtDirection": "desc"});
    let r = t
        .http
        .post(format!("{}/v1/alerts/query-alerts", t.base))
        .bearer_auth(&t.token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let alerts: Value = r.json().await.unwrap();
    let named: Vec<&Value> = alerts["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["watchlists"].as_array().unwrap())
        .collect();
    assert!(!named.is_empty());
    for w in named {
        let list = lists.iter().find(|l| l["watchlistId"] == w["id"]).unwrap();
        assert_eq!(list["listType"], w["type"]);
    }
}

#[tokio::test]
async fn pages_take_either_spelling_and_an_actor_filter() {
    let t = Tenant::start().await;
    let lists = t.lists().await;
    let contract = of_type(&lists, "CONTRACT_EMPLOYEE")["watchlistId"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/v2/watchlists/{contract}/included-actors");
    let (_, all) = t.get(&path).await;
    let total = all["totalCount"].as_u64().unwrap();
    assert!(total > 3);
    let (_, snake) = t.get(&format!("{path}?page=2&page_size=2")).await;
    let (_, camel) = t.get(&format!("{path}?page=2&pageSize=2")).await;
    assert_eq!(snake, camel);
    assert_eq!(snake["includedActors"].as_array().unwrap().len(), 2);
    assert_eq!(snake["includedActors"][0], all["includedActors"][2]);
    assert_eq!(snake["totalCount"], total);

    let (_, two) = t.get("/v2/watchlists?page=1&pageSize=2").await;
    assert_eq!(two["watchlists"].as_array().unwrap().len(), 2);
    assert_eq!(two["totalCount"], lists.len());
    let (_, last) = t.get("/v2/watchlists?page=3&pageSize=2").await;
    assert_eq!(last["watchlists"][1], lists[5]);

    let someone = all["includedActors"][0]["actorId"].as_str().unwrap();
    let (_, theirs) = t
        .get(&format!("/v2/watchlists?actorId={someone}&pageSize=100"))
        .await;
    let theirs = theirs["watchlists"].as_array().unwrap();
    assert!(theirs.iter().any(|w| w["watchlistId"] == contract.as_str()));
    let (_, none) = t.get("/v2/watchlists?actorId=nobody").await;
    assert_eq!(none["totalCount"], 0);
    assert_eq!(t.get("/v2/watchlists?pageSize=0").await.0, 400);
}

#[tokio::test]
async fn included_actors_added_and_removed_move_the_counts() {
    let t = Tenant::start().await;
    let lists = t.lists().await;
    let new = of_type(&lists, "NEW_EMPLOYEE");
    let id = new["watchlistId"].as_str().unwrap();
    let before = new["stats"]["includedActorsCount"].as_u64().unwrap();
    let actors = t.actors().await;
    let (_, included) = t.get(&format!("/v2/watchlists/{id}/included-actors")).await;
    let outsider = actors
        .iter()
        .find(|a| {
            !included["includedActors"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["actorId"] == a["actorId"])
        })
        .unwrap();
    let actor_id = outsider["actorId"].as_str().unwrap();

    let add = format!("/v2/watchlists/{id}/included-actors/add");
    let (status, body) = t
        .post(&add, json!({"actorIds": [actor_id], "watchlistId": id}))
        .await;
    assert_eq!((status, body.as_str()), (200, ""));
    let (status, one) = t
        .get(&format!("/v2/watchlists/{id}/included-actors/{actor_id}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(one["actorname"], outsider["name"]);
    assert!(one["addedTime"].is_string());
    let (_, now) = t.get(&format!("/v2/watchlists/{id}")).await;
    assert_eq!(now["stats"]["includedActorsCount"], before + 1);
    assert_eq!(
        t.get(&format!("/v2/watchlists/{id}/members/{actor_id}"))
            .await
            .0,
        200
    );
    // Again: nothing changes, the first time is kept.
    t.post(&add, json!({"actorIds": [actor_id]})).await;
    let (_, again) = t
        .get(&format!("/v2/watchlists/{id}/included-actors/{actor_id}"))
        .await;
    assert_eq!(again, one);

    // An unknown actor in the batch: 404 naming it, and nothing of the batch is done.
    let other = actors
        .iter()
        .find(|a| a["actorId"] != outsider["actorId"])
        .unwrap();
    let (status, body) = t
        .post(
            &add,
            json!({"actorIds": [other["actorId"], "no-such-actor"]}),
        )
        .await;
    assert_eq!(status, 404);
    assert!(body.contains("Actor not found: no-such-actor"), "{body}");
    let many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
    assert_eq!(t.post(&add, json!({"actorIds": many})).await.0, 400);
    assert_eq!(t.post(&add, json!({"actorIds": []})).await.0, 400);

    let (status, _) = t
        .post(
            &format!("/v2/watchlists/{id}/included-actors/delete"),
            json!({"actorIds": [actor_id]}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, after) = t.get(&format!("/v2/watchlists/{id}")).await;
    assert_eq!(after["stats"]["includedActorsCount"], before);
    assert_eq!(
        t.get(&format!("/v2/watchlists/{id}/included-actors/{actor_id}"))
            .await
            .0,
        404
    );
}

#[tokio::test]
async fn unknown_ids_are_404s_and_lists_are_made_and_deleted() {
    let t = Tenant::start().await;
    let missing = "00000000-0000-4000-8000-000000000000";
    for path in [
        format!("/v2/watchlists/{missing}"),
        format!("/v2/watchlists/{missing}/members"),
        format!("/v2/watchlists/{missing}/included-actors"),
        format!("/v2/watchlists/{missing}/excluded-actors"),
        format!("/v2/watchlists/{missing}/included-departments"),
        format!("/v2/watchlists/{missing}/included-directory-groups"),
    ] {
        let (status, body) = t.get(&path).await;
        assert_eq!(status, 404, "{path}");
        assert_eq!(body["error"], "Not Found");
        assert_eq!(
            body["message"],
            format!("Watchlist not found: {missing}"),
            "{path}"
        );
    }
    let (status, _) = t
        .post(
            &format!("/v2/watchlists/{missing}/included-actors/add"),
            json!({"actorIds": ["x"]}),
        )
        .await;
    assert_eq!(status, 404);

    // One list of a type; custom lists need a title.
    let (status, _) = t
        .post("/v2/watchlists", json!({"watchlistType": "NEW_EMPLOYEE"}))
        .await;
    assert_eq!(status, 409);
    let (status, _) = t
        .post("/v2/watchlists", json!({"watchlistType": "CUSTOM"}))
        .await;
    assert_eq!(status, 400);
    let (status, made) = t
        .post(
            "/v2/watchlists",
            json!({"watchlistType": "PERFORMANCE_CONCERNS", "title": null, "description": null}),
        )
        .await;
    assert_eq!(status, 200);
    let made: Value = serde_json::from_str(&made).unwrap();
    let id = made["watchlistId"].as_str().unwrap();
    assert!(is_uuid(id));
    assert_eq!(made["stats"]["includedActorsCount"], 0);
    assert_eq!(t.lists().await.len(), 7);
    let r = t
        .http
        .delete(format!("{}/v2/watchlists/{id}", t.base))
        .bearer_auth(&t.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(t.get(&format!("/v2/watchlists/{id}")).await.0, 404);
    assert_eq!(t.lists().await.len(), 6);
}

#[tokio::test]
async fn an_actor_is_its_own_family() {
    let t = Tenant::start().await;
    let actors = t.actors().await;
    let a = &actors[3];
    let id = a["actorId"].as_str().unwrap();
    let name = a["name"].as_str().unwrap();
    let (status, family) = t.get(&format!("/v1/actors/actor/id/{id}/family")).await;
    assert_eq!(status, 200);
    assert_eq!(family["parent"], *a);
    assert_eq!(family["children"], json!([]));
    let (_, by_name) = t.get(&format!("/v1/actors/actor/name/{name}/family")).await;
    assert_eq!(by_name, family);
    let (status, body) = t.get("/v1/actors/actor/id/nobody/family").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "Not Found");
}
