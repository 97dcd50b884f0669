//! The demo tenant's wire-level traps, checked with raw HTTP.

use base64::Engine;
use serde_json::{Value, json};
use triage42_demo::{DemoConfig, DemoServer};

async fn start(alerts: usize) -> (DemoServer, reqwest::Client) {
    let server = DemoServer::start(
        "127.0.0.1:0".parse().unwrap(),
        DemoConfig {
            alerts,
            seed: 3,
            ..DemoConfig::default()
        },
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
            ..DemoConfig::default()
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

/// Which error shape a service answers a bad request with.
#[derive(Clone, Copy, Debug)]
enum Shape {
    /// Alerts: `problems[{type, badFilter}]` and a `message`.
    Alerts,
    /// Forensic search: the `fileEvents` envelope with `problems[{type, description}]`.
    FileEvents,
    /// Cases and v1 rule look-ups: `{"problem", "description"}`.
    Problem,
    /// v2 rules: `{"title", "status", "detail"}`.
    Rules,
}

/// Sends a raw request; a dropped connection comes back as status 0.
async fn raw(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    token: &str,
    body: Option<&str>,
) -> (u16, Value) {
    let mut req = http.request(method.clone(), url).bearer_auth(token);
    if let Some(body) = body {
        req = req
            .header("content-type", "application/json")
            .body(body.to_string());
    }
    let r = match req.send().await {
        Ok(r) => r,
        // Status 0: the connection was dropped without an answer.
        Err(e) => {
            return (
                0,
                Value::String(format!("{method} {url} {body:?}: no answer: {e}")),
            );
        }
    };
    let status = r.status().as_u16();
    let text = r.text().await.unwrap_or_default();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn assert_bad_request(what: &str, shape: Shape, status: u16, body: &Value) {
    assert_eq!(status, 400, "{what}: expected 400, got {status}: {body}");
    let reason = match shape {
        Shape::Alerts => {
            assert_eq!(body["alerts"], json!([]), "{what}: {body}");
            assert!(body["problems"][0]["type"].is_string(), "{what}: {body}");
            body["message"].as_str()
        }
        Shape::FileEvents => {
            assert_eq!(body["fileEvents"], json!([]), "{what}: {body}");
            assert!(body["problems"][0]["type"].is_string(), "{what}: {body}");
            body["problems"][0]["description"].as_str()
        }
        Shape::Problem => {
            assert!(body["problem"].is_string(), "{what}: {body}");
            body["description"].as_str()
        }
        Shape::Rules => {
            assert_eq!(body["status"], 400, "{what}: {body}");
            body["detail"].as_str()
        }
    };
    assert!(
        reason.is_some_and(|r| !r.trim().is_empty()),
        "{what}: the body says why: {body}"
    );
}

fn kind_of(shape: Shape, body: &Value) -> String {
    match shape {
        Shape::Alerts | Shape::FileEvents => body["problems"][0]["type"].as_str(),
        Shape::Problem => body["problem"].as_str(),
        Shape::Rules => body["title"].as_str(),
    }
    .unwrap_or_default()
    .to_string()
}

#[tokio::test]
async fn hostile_requests_get_a_400_in_the_service_shape_and_the_server_keeps_answering() {
    use reqwest::Method;
    let (server, http) = start(40).await;
    let t = token(&server, &http).await;
    let base = server.base_url();
    let max = i64::MAX;
    let huge_ids =
        serde_json::to_string(&(0..5000).map(|i| format!("id-{i}")).collect::<Vec<_>>()).unwrap();
    let many_filters = serde_json::to_string(
        &(0..1100)
            .map(|_| json!({"term": "file.name", "operator": "IS", "value": "x"}))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let many_groups = serde_json::to_string(&vec![json!({}); 5000]).unwrap();
    let within = |d: &str| {
        format!(
            r#"{{"groups": [{{"filters": [{{"term": "@timestamp", "operator": "WITHIN_THE_LAST", "value": "{d}"}}]}}], "pgNum": 1, "pgSize": 10}}"#
        )
    };
    let on_or_after = |when: &str| {
        format!(
            r#"{{"groups": [{{"filters": [{{"term": "@timestamp", "operator": "ON_OR_AFTER", "value": {when}}}]}}], "pgNum": 1, "pgSize": 10}}"#
        )
    };

    let mut cases: Vec<(Method, String, Option<String>, Shape, &str)> = Vec::new();
    for path in ["/v1/alerts/query-alerts", "/svc/api/v1/query-alerts"] {
        for (body, kind) in [
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 500}}"#),
                "InvalidPageNumber",
            ),
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 2}}"#),
                "InvalidPageNumber",
            ),
            (r#"{"pgNum": 0, "pgSize": -1}"#.into(), "InvalidPageSize"),
            (r#"{"pgNum": -1, "pgSize": 10}"#.into(), "InvalidPageNumber"),
            (r#"{"pgNum": 0, "pgSize": 1e300}"#.into(), "InvalidRequest"),
            (
                r#"{"pgNum": 18446744073709551615}"#.into(),
                "InvalidRequest",
            ),
            (r#"{"pgNum": "zero"}"#.into(), "InvalidRequest"),
            (r#"{"pgNum": 1.5}"#.into(), "InvalidRequest"),
            (r#"{"groups": "all"}"#.into(), "InvalidRequest"),
            (
                r#"{"groups": [{"filters": [{"term": 7, "operator": "IS"}]}]}"#.into(),
                "InvalidRequest",
            ),
            (r#"[1, 2, 3]"#.into(), "InvalidRequest"),
            (r#"{"pgNum": 0,"#.into(), "InvalidRequest"),
        ] {
            cases.push((Method::POST, path.into(), Some(body), Shape::Alerts, kind));
        }
    }
    for path in ["/v1/alerts/query-details", "/v1/alerts/update-state"] {
        cases.push((
            Method::POST,
            path.into(),
            Some(format!(r#"{{"alertIds": {huge_ids}, "state": "OPEN"}}"#)),
            Shape::Alerts,
            "MaxFiltersExceeded",
        ));
        cases.push((
            Method::POST,
            path.into(),
            Some(r#"{"alertIds": {"a": 1}, "state": "OPEN"}"#.into()),
            Shape::Alerts,
            "InvalidRequest",
        ));
    }
    cases.push((
        Method::POST,
        "/v1/alerts/add-note".into(),
        Some(r#"{"alertId": "x", "note": 42}"#.into()),
        Shape::Alerts,
        "InvalidRequest",
    ));
    for path in [
        "/v1/alerts/rules/query-rule-metadata",
        "/svc/api/v1/rules/query-rule-metadata",
    ] {
        for (body, kind) in [
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 500}}"#),
                "InvalidPageNumber",
            ),
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 3}}"#),
                "InvalidPageNumber",
            ),
            (r#"{"pgNum": 0, "pgSize": -5}"#.into(), "InvalidPageSize"),
            (r#"{"pgNum": -1, "pgSize": 5}"#.into(), "InvalidPageNumber"),
            (r#"{"pgSize": "many"}"#.into(), "InvalidRequest"),
        ] {
            cases.push((Method::POST, path.into(), Some(body), Shape::Alerts, kind));
        }
    }
    for path in [
        "/v2/file-events",
        "/v1/file-events",
        "/forensic-search/queryservice/api/v2/fileevent",
        "/forensic-search/queryservice/api/v1/fileevent",
    ] {
        for (body, kind) in [
            (within("P99999999999999D"), "ILLEGAL_VALUE"),
            (within("P9999999999999999999D"), "ILLEGAL_VALUE"),
            (within("P99999999999Y"), "ILLEGAL_VALUE"),
            (within("P9999999999999W"), "ILLEGAL_VALUE"),
            (within("PT9999999999999999H"), "ILLEGAL_VALUE"),
            (within("PT9223372036854775807S"), "ILLEGAL_VALUE"),
            (within("P106751991167300DT1S"), "ILLEGAL_VALUE"),
            (within("P14"), "ILLEGAL_VALUE"),
            (within("P"), "ILLEGAL_VALUE"),
            (on_or_after(r#""+275760-09-13T00:00:00Z""#), "ILLEGAL_VALUE"),
            (on_or_after(r#""-262145-01-01""#), "ILLEGAL_VALUE"),
            (on_or_after(r#""9223372036854775807""#), "ILLEGAL_VALUE"),
            (on_or_after("-9223372036854775808"), "ILLEGAL_VALUE"),
            (on_or_after("1e308"), "ILLEGAL_VALUE"),
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 2}}"#),
                "INVALID_PAGE_NUMBER",
            ),
            (
                format!(r#"{{"pgNum": {max}, "pgSize": 10000}}"#),
                "INVALID_PAGE_NUMBER",
            ),
            (r#"{"pgNum": 1, "pgSize": -1}"#.into(), "INVALID_PAGE_SIZE"),
            (
                r#"{"pgNum": -3, "pgSize": 10}"#.into(),
                "INVALID_PAGE_NUMBER",
            ),
            (r#"{"pgNum": "1", "pgSize": 10}"#.into(), "INVALID_REQUEST"),
            (r#"{"pgSize": 1e20}"#.into(), "INVALID_REQUEST"),
            (r#"{"pgToken": 12, "pgSize": 10}"#.into(), "INVALID_REQUEST"),
            (
                r#"{"groups": [{"filters": {"term": "x"}}]}"#.into(),
                "INVALID_REQUEST",
            ),
            (r#"null"#.into(), "INVALID_REQUEST"),
            (
                format!(r#"{{"groups": [{{"filters": {many_filters}}}]}}"#),
                "MAX_FILTERS_EXCEEDED",
            ),
            (
                format!(r#"{{"groups": {many_groups}}}"#),
                "MAX_FILTERS_EXCEEDED",
            ),
        ] {
            cases.push((
                Method::POST,
                path.into(),
                Some(body),
                Shape::FileEvents,
                kind,
            ));
        }
    }
    for (body, kind) in [
        (
            r#"{"groupingTerm": "file.category", "size": -1}"#,
            "INVALID_REQUEST",
        ),
        (r#"{"groups": []}"#, "INVALID_REQUEST"),
    ] {
        cases.push((
            Method::POST,
            "/v2/file-events/grouping".into(),
            Some(body.into()),
            Shape::FileEvents,
            kind,
        ));
    }
    for prefix in ["/v1/cases", "/api/v1/case"] {
        for (query, kind) in [
            (format!("pgNum={max}&pgSize=2"), "INVALID_PAGE_NUMBER"),
            ("pgNum=18446744073709551615".into(), "INVALID_PAGE_NUMBER"),
            ("pgNum=1&pgSize=-1".into(), "INVALID_PAGE_SIZE"),
            ("pgNum=0".into(), "INVALID_PAGE_NUMBER"),
        ] {
            cases.push((
                Method::GET,
                format!("{prefix}?{query}"),
                None,
                Shape::Problem,
                kind,
            ));
        }
        for (query, kind) in [
            (format!("pgNum={max}&pgSize=2"), "INVALID_PAGE_NUMBER"),
            (
                "pgNum=18446744073709551615&pgSize=18446744073709551615".into(),
                "INVALID_PAGE_NUMBER",
            ),
            ("pgNum=-1".into(), "INVALID_PAGE_NUMBER"),
            ("pgSize=-10".into(), "INVALID_PAGE_SIZE"),
            ("pgSize=lots".into(), "INVALID_PAGE_SIZE"),
        ] {
            cases.push((
                Method::GET,
                format!("{prefix}/1/fileevent?{query}"),
                None,
                Shape::Problem,
                kind,
            ));
        }
        cases.push((
            Method::POST,
            format!("{prefix}/1/fileevent"),
            Some(format!(r#"{{"events": {huge_ids}}}"#)),
            Shape::Problem,
            "TOO_MANY_EVENTS",
        ));
        cases.push((
            Method::PUT,
            format!("{prefix}/1"),
            Some(r#"{"name": 12}"#.into()),
            Shape::Problem,
            "INVALID_REQUEST",
        ));
        cases.push((
            Method::POST,
            prefix.into(),
            Some(r#"{"name": ["a"]}"#.into()),
            Shape::Problem,
            "INVALID_REQUEST",
        ));
        cases.push((
            Method::GET,
            format!("{prefix}/%FF%FE"),
            None,
            Shape::Problem,
            "INVALID_REQUEST",
        ));
    }
    for (query, title) in [
        ("PageNumber=18446744073709551615&PageSize=2", "Bad Request"),
        (
            "PageNumber=9223372036854775807&PageSize=9223372036854775807",
            "Bad Request",
        ),
        ("PageNumber=9223372036854775807&PageSize=2", "Bad Request"),
        ("PageSize=-1", "Bad Request"),
        ("PageNumber=first", "Bad Request"),
    ] {
        cases.push((
            Method::GET,
            format!("/v2/alert-rules?{query}"),
            None,
            Shape::Rules,
            title,
        ));
    }
    for path in [
        "/v1/alert-rules/query-users",
        "/svc/api/v1/Rules/query-endpoint-exfiltration-rule",
    ] {
        cases.push((
            Method::POST,
            path.into(),
            Some(r#"{"ruleIds": "all", "ruleId": 4}"#.into()),
            Shape::Problem,
            "INVALID_REQUEST",
        ));
    }

    let mut failures = Vec::new();
    for (method, path, body, shape, kind) in &cases {
        let url = format!("{base}{path}");
        let what = format!(
            "{method} {path} {}",
            body.as_deref()
                .unwrap_or("")
                .chars()
                .take(120)
                .collect::<String>()
        );
        let (status, answer) = raw(&http, method.clone(), &url, &t, body.as_deref()).await;
        let checked = std::panic::catch_unwind(|| {
            assert_bad_request(&what, *shape, status, &answer);
            assert_eq!(kind_of(*shape, &answer), *kind, "{what}: {answer}");
        });
        if checked.is_err() {
            failures.push(format!("{what} -> {status}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );

    // Still serving, and nothing was changed by the failed requests.
    let (status, page) = post(
        &http,
        format!("{base}/v1/alerts/query-alerts"),
        &t,
        json!({"groupClause": "AND", "groups": [], "pgNum": 0, "pgSize": 100}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(page["totalCount"], 40);
    let (status, events) = raw(
        &http,
        Method::GET,
        &format!("{base}/v1/cases/1/fileevent"),
        &t,
        None,
    )
    .await;
    assert_eq!(status, 200, "{events}");
    assert!(
        events["events"]
            .as_array()
            .is_some_and(|e| !e.is_empty() && e.len() < 10)
    );
}

#[tokio::test]
async fn valid_paging_edges_still_answer_200() {
    use reqwest::Method;
    let (server, http) = start(40).await;
    let t = token(&server, &http).await;
    let base = server.base_url();
    // Pages past the end are empty, not errors, as long as the arithmetic fits.
    let (status, page) = post(
        &http,
        format!("{base}/v1/alerts/query-alerts"),
        &t,
        json!({"pgNum": 1_000_000_000_000i64, "pgSize": 500}),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["alerts"], json!([]));
    assert_eq!(page["totalCount"], 40);
    let (status, page) = post(
        &http,
        format!("{base}/v1/alerts/rules/query-rule-metadata"),
        &t,
        json!({"pgNum": 1_000_000, "pgSize": 100_000}),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["ruleMetadata"], json!([]));
    let (status, page) = post(
        &http,
        format!("{base}/v2/file-events"),
        &t,
        json!({"pgNum": 10_000, "pgSize": 1}),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let (status, page) = post(&http, format!("{base}/v2/file-events"), &t,
        json!({"groups": [{"filters": [{"term": "@timestamp", "operator": "WITHIN_THE_LAST", "value": "P1Y2M3W4DT5H6M7S"}]}], "pgNum": 1, "pgSize": 10000})).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["totalCount"].as_u64().is_some_and(|n| n > 0));
    let (status, page) = raw(
        &http,
        Method::GET,
        &format!("{base}/v1/cases?pgNum=1000000&pgSize=1000000"),
        &t,
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["cases"], json!([]));
    let (status, page) = raw(
        &http,
        Method::GET,
        &format!("{base}/v2/alert-rules?PageNumber=1000&PageSize=1000"),
        &t,
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page, json!([]));
}
