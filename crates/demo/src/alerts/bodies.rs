//! The alerts service's JSON bodies: summaries, details with their observation data
//! (a JSON document inside a string), and notes.

use serde_json::{Value, json};

use crate::store::{Alert, Note, Store, TENANT_ID, alert_ts};
use crate::watchlist_records::{DEPARTING_WATCHLIST, HIGH_IMPACT_WATCHLIST};

fn watchlists(store: &Store, a: &Alert) -> Value {
    match store.rule(a.rule).source {
        "Departing Employee" => {
            json!([{"type$": "WATCHLIST", "id": DEPARTING_WATCHLIST, "name": "Departing Employee", "type": "DEPARTING_EMPLOYEE", "isSignificant": true}])
        }
        "High Risk Employee" => {
            json!([{"type$": "WATCHLIST", "id": HIGH_IMPACT_WATCHLIST, "name": "High Risk Employee", "type": "HIGH_IMPACT_EMPLOYEE", "isSignificant": true}])
        }
        _ => json!([]),
    }
}

pub fn summary_json(store: &Store, a: &Alert, type_tag: &str) -> serde_json::Map<String, Value> {
    let rule = store.rule(a.rule);
    let actor = store.actor(a.actor);
    let mut m = serde_json::Map::new();
    m.insert("type$".into(), json!(type_tag));
    m.insert("tenantId".into(), json!(TENANT_ID));
    m.insert("type".into(), json!(rule.rule_type));
    m.insert("name".into(), json!(rule.name));
    m.insert("description".into(), json!(rule.description));
    m.insert("actor".into(), json!(actor.email));
    m.insert("actorId".into(), json!(actor.id));
    m.insert("target".into(), json!("N/A"));
    m.insert("severity".into(), json!(rule.severity));
    m.insert("riskSeverity".into(), json!(a.risk_severity));
    m.insert("ruleId".into(), json!(rule.id));
    m.insert("ruleSource".into(), json!(rule.source));
    m.insert("watchlists".into(), watchlists(store, a));
    m.insert("id".into(), json!(a.id));
    m.insert("createdAt".into(), json!(alert_ts(&a.created_at)));
    m.insert("state".into(), json!(a.state));
    if let Some(by) = &a.state_last_modified_by {
        m.insert("stateLastModifiedBy".into(), json!(by));
    }
    if let Some(at) = &a.state_last_modified_at {
        m.insert("stateLastModifiedAt".into(), json!(alert_ts(at)));
    }
    m
}

pub(super) fn note_json(n: &Note) -> Value {
    json!({"type$": "NOTE", "id": n.id, "lastModifiedAt": alert_ts(&n.last_modified_at),
           "lastModifiedBy": n.last_modified_by, "message": n.message})
}

/// The observation `data` document; the wire carries it as a JSON string.
pub fn observation_data(store: &Store, o: &crate::store::Observation) -> Value {
    let mut categories: Vec<(&str, u64, u64)> = Vec::new();
    let mut files = Vec::new();
    let mut total = 0u64;
    for ev in o.events.iter().filter_map(|e| store.event_at(e)) {
        let doc = store.document(ev.document);
        total = total.saturating_add(doc.size);
        match categories.iter_mut().find(|c| c.0 == doc.category) {
            Some(c) => {
                c.1 = c.1.saturating_add(1);
                c.2 = c.2.saturating_add(doc.size);
            }
            None => categories.push((doc.category, 1, doc.size)),
        }
        let mut file = json!({"type$": "OBSERVED_FILE", "eventId": ev.id, "name": doc.name,
            "category": doc.category, "size": doc.size, "observedAt": alert_ts(&ev.timestamp),
            "riskSeverityInfo": {"type$": "RISK_SEVERITY_INFO", "score": ev.risk_score(), "severity": ev.risk_severity(),
                "matchedRiskIndicators": ev.indicators().iter().map(|(n, w)| json!({"type$": "RISK_INDICATOR", "name": n, "weight": w})).collect::<Vec<_>>()}});
        if let Some(file) = file.as_object_mut().filter(|_| !ev.directory.is_empty()) {
            file.insert("path".into(), json!(ev.directory));
        }
        files.push(file);
    }
    let cloud = o.obs_type == "FedCloudSharePermissions";
    let mut data = json!({
        "type$": if cloud { "OBSERVED_CLOUD_SHARE_ACTIVITY" } else { "OBSERVED_ENDPOINT_ACTIVITY" },
        "id": o.id,
        "sources": o.sources(),
        "exposureTypes": o.exposure_types(),
        "exposureTypeIsSignificant": true,
        "fileCategoryIsSignificant": false,
        "firstActivityAt": alert_ts(&o.first_activity_at),
        "lastActivityAt": alert_ts(&o.last_activity_at),
        "fileCount": o.events.len(),
        "totalFileSize": total,
        "fileCategories": categories.iter().map(|(c, n, s)| json!({"type$": "OBSERVED_FILE_CATEGORY", "category": c, "fileCount": n, "totalFileSize": s, "isSignificant": false})).collect::<Vec<_>>(),
        "files": files,
        "isRemoteActivity": false,
    });
    if let Some(data) = data.as_object_mut() {
        if cloud {
            data.insert(
                "outsideTrustedDomainsEmails".into(),
                json!(o.outside_emails),
            );
            data.insert(
                "outsideTrustedDomainsEmailsCount".into(),
                json!(o.outside_emails.len()),
            );
        } else {
            data.insert("syncToServices".into(), json!(o.sync_to_services()));
            data.insert("sendingIpAddresses".into(), json!(o.sending_ips()));
        }
    }
    data
}

pub fn details_json(store: &Store, a: &Alert) -> Value {
    let mut m = summary_json(store, a, "ALERT_DETAILS");
    let observations: Vec<Value> = a
        .observations
        .iter()
        .map(|o| {
            json!({"type$": "OBSERVATION", "id": o.id, "observedAt": alert_ts(&o.observed_at),
                   "lastObservedAt": alert_ts(&o.last_activity_at), "type": o.obs_type,
                   "data": observation_data(store, o).to_string()})
        })
        .collect();
    m.insert("observations".into(), Value::Array(observations));
    if let Some(n) = &a.note {
        m.insert("note".into(), note_json(n));
    }
    if let Some(disorder) = a.disorder {
        crate::messy::details(disorder, &mut m);
    }
    Value::Object(m)
}
