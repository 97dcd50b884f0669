//! The console endpoints py42 and code42cli use before any data call: tenant, user,
//! login configuration, and service discovery through the key-value store.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::DEMO_USERNAME;
use super::state::{Caller, DemoState, base_url_of};
use super::store::TENANT_ID;

const TENANT_NAME: &str = "Example Corp (demo)";
const REGISTRATION_KEY: &str = "DEMO-4242-4242-4242";

pub async fn customer_my(_c: Caller) -> Response {
    Json(json!({"data": {"tenantUid": TENANT_ID, "name": TENANT_NAME, "registrationKey": REGISTRATION_KEY,
        "deploymentModel": "PUBLIC", "maintenanceMode": false,
        "masterServicesAgreement": {"accepted": true, "acceptanceRequired": false}}})).into_response()
}

pub async fn customer(_c: Caller) -> Response {
    Json(json!({"name": TENANT_NAME, "registrationKey": REGISTRATION_KEY, "tenantId": TENANT_ID}))
        .into_response()
}

pub async fn user_my(State(st): State<DemoState>, caller: Caller) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let username = if caller.0 == super::DEMO_CLIENT_ID {
        caller.0.clone()
    } else {
        DEMO_USERNAME.to_string()
    };
    let uid = store
        .user_uid(&username)
        .unwrap_or_else(|| "920256648733700755".to_string());
    Json(
        json!({"data": {"userId": 42, "userUid": uid, "username": username, "email": username,
        "firstName": "Demo", "lastName": "Analyst", "active": true, "blocked": false,
        "tenantId": TENANT_ID, "roles": ["Security Center User", "Customer Cloud Admin"]}}),
    )
    .into_response()
}

pub async fn login_configuration(Query(q): Query<HashMap<String, String>>) -> Response {
    let _ = q.get("username");
    Json(json!({"data": {"loginType": "LOCAL"}})).into_response()
}

pub async fn server_env(State(_st): State<DemoState>, headers: HeaderMap, _c: Caller) -> Response {
    Json(json!({"data": {"stsBaseUrl": base_url_of(&headers), "timezone": "UTC", "serverTime": chrono::Utc::now().timestamp_millis()}})).into_response()
}

/// Key-value look-up of a service's base URL: plain text, no token needed.
pub async fn service_url(Path(key): Path<String>, headers: HeaderMap) -> Response {
    let known = [
        "AlertService-API_URL",
        "FedObserver-API_URL",
        "FORENSIC_SEARCH-API_URL",
        "CASES_API-URL",
        "AUDIT-LOG_API-URL",
        "TRUSTED-DOMAINS_API-URL",
        "watchlists-API_URL",
        "EXFILTRATED-DATA-SERVICE_API-URL",
    ];
    if !known.contains(&key.as_str()) && !key.ends_with("_URL") && !key.ends_with("-URL") {
        return (StatusCode::NOT_FOUND, "no such key").into_response();
    }
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        base_url_of(&headers),
    )
        .into_response()
}
