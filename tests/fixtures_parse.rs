//! Every example body of the wire reference parses with our models, and our request
//! builders produce the same shapes as the reference requests.

use std::path::PathBuf;

use serde_json::Value;
use triage42::api::cases::{CaseFileEventPage, CasePage};
use triage42::api::models::{AlertDetailsResponse, RuleMetadataPage, RuleUsers};
use triage42::api::{
    AlertFilter, AlertPage, AlertQuery, Case, FileEventPage, FilterField, ObservationPayload,
    RuleDetails,
};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/api/fixtures"
    ))
}

fn parse<T: serde::de::DeserializeOwned>(name: &str, text: &str) {
    if let Err(e) = serde_json::from_str::<T>(text) {
        panic!("{name}: {e}");
    }
}

#[test]
fn every_fixture_is_understood() {
    let dir = fixtures();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        if std::env::var("CI").is_ok() {
            panic!("fixtures not found at {}", dir.display());
        }
        eprintln!("fixtures not found at {}: skipped", dir.display());
        return;
    };
    let mut seen = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let value: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        seen += 1;
        match name.as_str() {
            "query-alerts-response.json" => parse::<AlertPage>(&name, &text),
            "query-details-response.json" | "query-details-response-devportal.json" => {
                let r: AlertDetailsResponse =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!r.alerts.is_empty());
                for a in &r.alerts {
                    for o in &a.observations {
                        // The portal's example has a trailing comma: kept as malformed, not fatal.
                        assert!(
                            !matches!(o.data, ObservationPayload::Empty),
                            "{name}: data lost"
                        );
                    }
                }
            }
            "query-details-aggregate-response.json" => {
                let alert = value.get("alert").cloned().expect("has alert");
                parse::<triage42::api::AlertAggregate>(&name, &alert.to_string());
            }
            "query-rule-metadata-response.json" => parse::<RuleMetadataPage>(&name, &text),
            "alert-rules-v2-response.json" => parse::<Vec<RuleDetails>>(&name, &text),
            "alert-rule-users-v2-response.json" => parse::<RuleUsers>(&name, &text),
            "file-events-v2-response.json" | "error-400-file-events-problems.json" => {
                parse::<FileEventPage>(&name, &text)
            }
            "file-events-v1-response.json" => assert!(value["fileEvents"].is_array(), "{name}"),
            "case-create-response.json" | "case-get-response.json" => parse::<Case>(&name, &text),
            "cases-list-response.json" => parse::<CasePage>(&name, &text),
            "case-file-events-response.json" => parse::<CaseFileEventPage>(&name, &text),
            "oauth-response.json" | "oauth-token-legacy-response.json" => {
                assert!(value["access_token"].is_string())
            }
            "auth-jwt-response.json" => assert!(value["data"]["v3_user_token"].is_string()),
            "customer-my-response.json" => {
                assert!(value["tenantUid"].is_string() || value["data"]["tenantUid"].is_string())
            }
            "customer-response.json" => assert!(value["tenantId"].is_string()),
            "server-env-response.json" => {
                assert!(value["stsBaseUrl"].is_string() || value["data"]["stsBaseUrl"].is_string())
            }
            "error-400-case-closed.json" | "error-400-case-name-exists.json" => {
                assert!(text.contains("NO_EDITS_ONCE_CLOSED") || text.contains("NAME_EXISTS"))
            }
            "query-alerts-request.json" | "query-alerts-request-py42.json" => {
                assert!(
                    value["groups"].is_array() && value["pgNum"].is_number(),
                    "{name}"
                )
            }
            "query-details-request.json" | "query-details-request-py42.json" => {
                assert!(value["alertIds"].is_array())
            }
            "query-details-aggregate-request.json" => assert!(value["alertId"].is_string()),
            "query-rule-metadata-request.json" => assert_eq!(value["pgNum"], 0),
            "update-state-request.json" | "update-state-request-no-note.json" => {
                assert!(value["alertIds"].is_array() && value.get("note").is_some())
            }
            "add-note-request.json" => assert!(value["note"].is_string()),
            "case-create-request.json" | "case-update-request.json" => {
                assert!(value["name"].is_string())
            }
            "case-add-file-events-request.json" => assert!(value["events"].is_array()),
            "file-events-v2-request.json"
            | "file-events-v2-request-py42.json"
            | "file-events-v1-request.json"
            | "file-events-grouping-request.json" => assert!(value["groups"].is_array()),
            "file-events-grouping-response.json" => assert!(value["groups"].is_array()),
            "sessions-response.json" => assert!(value["items"].is_array()),
            "session-add-note-request.json"
            | "session-change-state-request.json"
            | "session-change-states-response.json" => {
                assert!(value.is_object())
            }
            other => panic!("fixture {other} is not covered by this test"),
        }
    }
    assert!(seen >= 40, "only {seen} fixtures found");
}

#[test]
fn our_alert_query_has_the_reference_request_shape() {
    let text = std::fs::read_to_string(fixtures().join("query-alerts-request.json"));
    let Ok(text) = text else { return };
    let reference: Value = serde_json::from_str(&text).unwrap();
    let ours = AlertQuery::all(vec![AlertFilter::eq(FilterField::AlertState, "OPEN")])
        .to_wire_json("abcd-1234");
    let keys = |v: &Value| {
        v.as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(keys(&ours), keys(&reference));
    let group_keys = |v: &Value| keys(&v["groups"][0]);
    assert_eq!(group_keys(&ours), group_keys(&reference));
    let filter_keys = |v: &Value| keys(&v["groups"][0]["filters"][0]);
    assert_eq!(filter_keys(&ours), filter_keys(&reference));
}
