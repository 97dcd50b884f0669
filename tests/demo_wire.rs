//! The demo tenant's wire-level traps, checked with raw HTTP.

use base64::Engine;
use serde_json::{Value, json};
use triage42::demo::{DemoConfig, DemoServer};

async fn start(alerts: usize) -> (DemoServer, reqwest::Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig { alerts, seed: 3 },
    )
    .await
    .unwrap();
    (server, reqwest::Client::new())
}

async fn token(server: &DemoServer, http: &reqwest::Client) -> String {
    // Basic auth and no body at all, as the incydr SDK sends it.
    let r = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth("demo-client", Some("demo-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["token_type"], "bearer");
    assert!(v["expires_in"].is_u64());
    v["access_token"].as_str().unwrap().to_string()
}

async fn post(http: &reqwest::Client, url: String, token: &str, body: Value) -> (u16, Value) {
    let r = http
        .post(url)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn tokens_are_jwt_shaped_with_a_tenant_and_required_everywhere() {
    let (server, http) = start(40).await;
    let t = token(&server, &http).await;
    let parts: Vec<&str> = t.split('.').collect();
    assert_eq!(parts.len(), 3);
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .unwrap(),
    )
    .unwrap();
    assert!(claims["tenantUid"].as_str().is_some_and(|s| !s.is_empty()));

    let url = format!("{}/v1/alerts/query-alerts", server.base_url());
    let body = json!({"tenantId": claims["tenantUid"], "groupClause": "AND", "groups": [], "pgNum": 0, "pgSize": 5, "srtKey": "CreatedAt", "srtDirection": "desc"});
    assert_eq!(
        http.post(&url).json(&body).send().await.unwrap().status(),
        401
    );
    let forged = format!("{}.{}.sig", parts[0], parts[1]);
    assert_eq!(post(&http, url.clone(), &forged, body.clone()).await.0, 401);
    let (status, page) = post(&http, url, &t, body).await;
    assert_eq!(status, 200);
    assert_eq!(page["type$"], "ALERT_QUERY_RESPONSE");
    assert_eq!(page["totalCount"], 40);
    assert_eq!(page["alerts"].as_array().unwrap().len(), 5);

    let wrong = http
        .post(format!("{}/v1/oauth", server.base_url()))
        .basic_auth("demo-client", Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    // The key-value look-ups answer without a token, as plain text.
    let kv = http
        .get(format!("{}/v1/AlertService-API_URL", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(kv.status(), 200);
    assert_eq!(kv.text().await.unwrap(), server.base_url());
}

#[tokio::test]
async fn filters_and_sort_direction_are_case_insensitive_and_rule_types_match_both_spellings() {
    let (server, http) = start(120).await;
    let t = token(&server, &http).await;
    let url = format!("{}/svc/api/v1/query-alerts", server.base_url());
    let query = |term: &str, value: &str, dir: &str| {
        json!({"tenantId": "x", "groupClause": "AND", "pgNum": 0, "pgSize": 500,
        "srtKey": "CreatedAt", "srtDirection": dir, "groups": [{"filterClause": "AND", "filters": [{"term": term, "operator": "IS", "value": value}]}]})
    };
    let a = post(
        &http,
        url.clone(),
        &t,
        query("riskSeverity", "HIGH", "desc"),
    )
    .await
    .1;
    let b = post(
        &http,
        url.clone(),
        &t,
        query("RiskSeverity", "HIGH", "DESC"),
    )
    .await
    .1;
    assert_eq!(a["totalCount"], b["totalCount"]);
    assert!(a["totalCount"].as_u64().unwrap() > 0);
    let c = post(
        &http,
        url.clone(),
        &t,
        query("type", "FedEndpointExfiltration", "asc"),
    )
    .await
    .1;
    let d = post(
        &http,
        url,
        &t,
        query("Type", "FED_ENDPOINT_EXFILTRATION", "asc"),
    )
    .await
    .1;
    assert_eq!(c["totalCount"], d["totalCount"]);
    assert!(
        c["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["type"] == "FED_ENDPOINT_EXFILTRATION")
    );
}

#[tokio::test]
async fn limits_are_enforced_and_nothing_changes() {
    let (server, http) = start(120).await;
    let t = token(&server, &http).await;
    let base = server.base_url();
    let page = post(&http, format!("{base}/v1/alerts/query-alerts"), &t,
        json!({"tenantId": "x", "groupClause": "AND", "groups": [], "pgNum": 0, "pgSize": 120, "srtKey": "CreatedAt", "srtDirection": "ASC"})).await.1;
    let ids: Vec<Value> = page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    let (status, _) = post(
        &http,
        format!("{base}/v1/alerts/query-details"),
        &t,
        json!({"alertIds": ids[..101]}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &http,
        format!("{base}/v1/alerts/update-state"),
        &t,
        json!({"tenantId": "x", "alertIds": ids[..101], "state": "RESOLVED", "note": "n"}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &http,
        format!("{base}/v1/alerts/add-note"),
        &t,
        json!({"tenantId": "x", "alertId": ids[0], "note": "y".repeat(2001)}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &http,
        format!("{base}/v1/alerts/update-state"),
        &t,
        json!({"tenantId": "x", "alertIds": [ids[0]], "state": "SNOOZED", "note": null}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = post(
        &http,
        format!("{base}/v1/alerts/update-state"),
        &t,
        json!({"tenantId": "x", "alertIds": [ids[0], "missing"], "state": "PENDING", "note": "z"}),
    )
    .await;
    assert_eq!(status, 404);
    let details = post(
        &http,
        format!("{base}/v1/alerts/query-details"),
        &t,
        json!({"alertIds": [ids[0]]}),
    )
    .await
    .1;
    let alert = &details["alerts"][0];
    assert_ne!(
        alert["note"]["message"], "z",
        "a failed batch must change nothing"
    );
    assert!(
        alert["observations"][0]["data"].is_string(),
        "observation data is a JSON string"
    );
}

#[tokio::test]
async fn file_event_tokens_end_with_null_and_every_file_has_a_url_key() {
    let (server, http) = start(30).await;
    let t = token(&server, &http).await;
    let url = format!("{}/v2/file-events", server.base_url());
    let mut token_value = Value::String(String::new());
    let mut seen = 0;
    let total;
    loop {
        let (status, page) = post(&http, url.clone(), &t, json!({"groupClause": "AND", "groups": [], "pgNum": 1, "pgSize": 25, "pgToken": token_value, "srtDir": "asc", "srtKey": "event.id"})).await;
        assert_eq!(status, 200);
        let page_total = page["totalCount"].as_u64().unwrap();
        for e in page["fileEvents"].as_array().unwrap() {
            assert!(e["file"].as_object().unwrap().contains_key("url"));
            seen += 1;
        }
        match &page["nextPgToken"] {
            Value::Null => {
                total = page_total;
                break;
            }
            Value::String(s) => {
                assert!(!s.is_empty(), "the end is null, never an empty string");
                token_value = Value::String(s.clone());
            }
            other => panic!("unexpected token {other}"),
        }
    }
    assert_eq!(seen, total);
    let (status, body) = post(&http, url, &t, json!({"groups": [{"filterClause": "AND", "filters": [{"term": "@timestamp", "operator": "SOMETIME", "value": "x"}]}], "pgNum": 1, "pgSize": 5})).await;
    assert_eq!(status, 400);
    assert!(
        body["problems"].is_array(),
        "400s carry the problems envelope"
    );
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_size_is_followed_by_an_empty_page() {
    let (server, http) = start(60).await;
    let t = token(&server, &http).await;
    let url = format!("{}/v1/alerts/query-alerts", server.base_url());
    let page = |n: u32| json!({"tenantId": "x", "groupClause": "AND", "groups": [], "pgNum": n, "pgSize": 30, "srtKey": "CreatedAt", "srtDirection": "DESC"});
    assert_eq!(
        post(&http, url.clone(), &t, page(1)).await.1["alerts"]
            .as_array()
            .unwrap()
            .len(),
        30
    );
    let last = post(&http, url, &t, page(2)).await.1;
    assert_eq!(last["alerts"], json!([]));
    assert_eq!(last["totalCount"], 60);
}

#[tokio::test]
async fn a_hundred_thousand_alerts_seed_and_answer() {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts: 100_000,
            seed: 1,
        },
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let t = token(&server, &http).await;
    let page = post(&http, format!("{}/v1/alerts/query-alerts", server.base_url()), &t,
        json!({"tenantId": "x", "groupClause": "AND", "groups": [{"filterClause": "AND", "filters": [{"term": "State", "operator": "IS", "value": "OPEN"}]}],
               "pgNum": 3, "pgSize": 100, "srtKey": "RiskSeverity", "srtDirection": "DESC"})).await.1;
    assert!(page["totalCount"].as_u64().unwrap() > 40_000);
    assert_eq!(page["alerts"].as_array().unwrap().len(), 100);
}
