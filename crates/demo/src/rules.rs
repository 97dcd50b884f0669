//! Alert rules as the rules services show them: v2 rule details and users, v1 rule criteria.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problems::{case_bad_request, rules_bad_request, service_extractor};
use super::state::{Caller, DemoState};
use super::store::{Rule, Store, case_ts};

service_extractor!(
    /// Path parameters of the v2 rules service; a path that is not UTF-8 is a 400.
    path RulesPath => rules_bad_request
);
service_extractor!(
    /// A JSON body for the v1 rule look-ups; one they cannot read is a 400 with a `problem`.
    json RuleJson => case_bad_request
);

fn rule_json(store: &Store, r: &Rule) -> Value {
    let (cloud, endpoint) = match r.rule_type {
        "FED_CLOUD_SHARE_PERMISSIONS" => (true, false),
        "FED_COMPOSITE" => (true, true),
        _ => (false, true),
    };
    let username = if r.watched_users.is_empty() {
        Value::Null
    } else {
        json!({"mode": "INCLUDE", "usernames": r.watched_users})
    };
    let _ = store;
    json!({
        "name": r.name, "description": r.description, "severity": "", "source": "", "isEnabled": r.is_enabled,
        "notifications": {"isEnabled": true, "contacts": [{"isEnabled": true, "type": "EMAIL", "address": "soc@example.com"}]},
        "education": null,
        "vectors": {"cloudSharing": if cloud { json!({"box": {"publicViaLink": true}, "googleDrive": {"publicViaLink": true, "outsideTrustedDomains": true}}) } else { Value::Null },
                    "download": null, "email": null,
                    "fileUpload": if endpoint { json!({"personalCloudStorage": true, "webmail": true}) } else { Value::Null },
                    "removableMedia": if endpoint { json!({"isEnabled": true}) } else { Value::Null }},
        "filters": {"fileCategory": null, "fileName": null, "fileTypeMismatch": r.rule_type == "FED_FILE_TYPE_MISMATCH",
                    "fileVolume": null, "riskIndicator": null,
                    "riskSeverity": {"low": r.severity == "LOW", "moderate": true, "high": true, "critical": true},
                    "username": username, "watchlist": null},
        "id": r.id, "createdAt": case_ts(&r.created_at), "createdBy": r.created_by,
        "modifiedAt": case_ts(&r.created_at), "modifiedBy": r.created_by, "isSystemRule": false
    })
}

pub async fn list_v2(
    State(st): State<DemoState>,
    _c: Caller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    // 0-based pages; a size of 0 is read as 1.
    let number = |name: &str, default: i64| match q.get(name) {
        None => Some(default),
        Some(v) => v.parse::<i64>().ok().filter(|n| *n >= 0),
    };
    let Some(page) = number("PageNumber", 0) else {
        return rules_bad_request("PageNumber must be a number, 0 or more");
    };
    let Some(size) = number("PageSize", 10).map(|s| s.max(1)) else {
        return rules_bad_request("PageSize must be a number, 1 or more");
    };
    let Some(start) = page.checked_mul(size).and_then(|s| usize::try_from(s).ok()) else {
        return rules_bad_request("PageNumber * PageSize is too large");
    };
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let rules: Vec<Value> = store
        .rules
        .iter()
        .skip(start)
        .take(size)
        .map(|r| rule_json(&store, r))
        .collect();
    Json(Value::Array(rules)).into_response()
}

pub async fn get_v2(
    State(st): State<DemoState>,
    _c: Caller,
    RulesPath(id): RulesPath<String>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    match store.rules.iter().find(|r| r.id == id) {
        Some(r) => Json(rule_json(&store, r)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(json!({"title": "Not Found", "status": 404, "detail": format!("no rule {id}")})),
        )
            .into_response(),
    }
}

pub async fn users_v2(
    State(st): State<DemoState>,
    _c: Caller,
    RulesPath(id): RulesPath<String>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let Some(r) = store.rules.iter().find(|r| r.id == id) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"title": "Not Found", "status": 404})),
        )
            .into_response();
    };
    if r.watched_users.is_empty() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"title": "Bad Request", "status": 400,
            "detail": "Rule has no username criterion"})),
        )
            .into_response();
    }
    let users: Vec<Value> = r
        .watched_users
        .iter()
        .map(|u| json!({"userIdFromAuthority": store.user_uid(u), "aliases": [u]}))
        .collect();
    Json(json!({"id": r.id, "users": users, "mode": "INCLUDE"})).into_response()
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleIdsRequest {
    #[serde(default)]
    pub rule_ids: Vec<String>,
    #[serde(default)]
    pub rule_id: Option<String>,
}

pub async fn query_rule_v1(
    State(st): State<DemoState>,
    _c: Caller,
    RuleJson(req): RuleJson<RuleIdsRequest>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let rules: Vec<Value> = store.rules.iter().filter(|r| req.rule_ids.contains(&r.id)).map(|r| {
        json!({"tenantId": super::store::TENANT_ID, "name": r.name, "description": r.description, "severity": r.severity,
               "isEnabled": r.is_enabled, "ruleSource": r.source, "id": r.id, "createdAt": case_ts(&r.created_at),
               "createdBy": r.created_by, "modifiedAt": case_ts(&r.created_at), "modifiedBy": r.created_by, "isSystem": false})
    }).collect();
    Json(json!({"rules": rules})).into_response()
}

pub async fn query_users_v1(
    State(st): State<DemoState>,
    _c: Caller,
    RuleJson(req): RuleJson<RuleIdsRequest>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let id = req
        .rule_id
        .or_else(|| req.rule_ids.first().cloned())
        .unwrap_or_default();
    let Some(r) = store.rules.iter().find(|r| r.id == id) else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"problem": "RULE_NOT_FOUND"})),
        )
            .into_response();
    };
    let users: Vec<Value> = r
        .watched_users
        .iter()
        .map(|u| json!({"userIdFromAuthority": store.user_uid(u), "userAliasList": [u]}))
        .collect();
    let mode = if r.watched_users.is_empty() {
        "ALL_USERS"
    } else {
        "SPECIFIED_USERS"
    };
    Json(json!({"users": users, "usersToAlertOn": mode})).into_response()
}
