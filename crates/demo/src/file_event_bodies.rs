//! File events as the v2 and v1 searches write them.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::store::{FileEvent, Store, event_ts};

/// `t` moved back by `by`; `t` itself where that would leave chrono's range.
fn earlier(t: DateTime<Utc>, by: TimeDelta) -> DateTime<Utc> {
    t.checked_sub_signed(by).unwrap_or(t)
}

pub fn v2_json(store: &Store, e: &FileEvent) -> Value {
    let actor = store.actor(e.actor);
    let doc = store.document(e.document);
    let cloud = e.observer() != "Endpoint";
    let drive_id = doc.md5.get(..12).unwrap_or(&doc.md5);
    json!({
        "@timestamp": event_ts(&e.timestamp),
        "event": {"id": e.id, "inserted": e.inserted.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string(),
                  "ingested": event_ts(&e.inserted), "action": e.action(), "observer": e.observer(),
                  "shareType": if cloud { json!(["SharedViaLink"]) } else { json!([]) },
                  "vector": e.vector(), "detectorDisplayName": null, "relatedEvents": []},
        "user": {"email": actor.email, "id": actor.id, "deviceUid": if cloud { Value::Null } else { json!(actor.device_uid) }},
        "file": {"name": doc.name, "directory": if e.directory.is_empty() { Value::Null } else { json!(e.directory) },
                 "category": doc.category, "categoryByBytes": doc.category, "categoryByExtension": doc.category,
                 "mimeType": doc.mime_type, "mimeTypeByBytes": doc.mime_type, "mimeTypeByExtension": doc.mime_type,
                 "sizeInBytes": doc.size, "owner": actor.email,
                 "created": event_ts(&earlier(e.timestamp, TimeDelta::days(30))), "modified": event_ts(&earlier(e.timestamp, TimeDelta::hours(2))),
                 "hash": {"md5": doc.md5, "sha256": doc.sha256, "md5Error": null, "sha256Error": null},
                 "id": if cloud { json!(format!("drive-{drive_id}")) } else { Value::Null },
                 "url": if cloud { json!(format!("https://drive.example/file/{drive_id}")) } else { Value::Null },
                 "directoryId": [], "cloudDriveId": null, "classifications": [], "acquiredFrom": []},
        "source": {"category": e.source_category(), "name": e.source_name, "domain": null, "ip": e.source_ip,
                   "privateIp": ["10.20.30.40"], "operatingSystem": if e.directory.starts_with("C:") { "Windows 11" } else { "macOS 15" },
                   "email": null, "removableMedia": null, "tabs": [], "domains": []},
        "destination": {"category": e.destination_category(), "name": e.destination_name(), "ip": null, "privateIp": null,
                        "operatingSystem": null, "email": null,
                        "removableMedia": if e.destination_category() == Some("Removable Media") {
                            json!({"vendor": "SanDisk", "name": "Ultra USB 3.0", "serialNumber": "4C530001", "capacity": 64_000_000_000u64,
                                   "busType": "USB", "mediaName": "SanDisk Ultra", "volumeName": ["BACKUP"], "partitionId": []})
                        } else { Value::Null },
                        "tabs": e.tab_url.as_ref().map(|u| json!([{"title": e.destination_name(), "url": u, "titleError": null, "urlError": null}])).unwrap_or(json!([])),
                        "accountName": null, "accountType": null, "domains": [], "remoteHostname": null,
                        "user": {"email": if cloud { json!(["partner@gmail.com"]) } else { json!([]) }}},
        "process": {"executable": e.process(), "owner": e.process().map(|_| actor.email.clone())},
        "risk": {"score": e.risk_score(), "severity": e.risk_severity(),
                 "indicators": e.indicators().iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
                 "trusted": false, "trustReason": null,
                 "untrustedValues": {"accountNames": [], "domains": [], "gitRepositoryUris": [], "slackWorkspaces": [], "urlPaths": []}},
        "git": null, "report": null, "responseControls": null
    })
}

pub fn v1_json(store: &Store, e: &FileEvent) -> Value {
    let actor = store.actor(e.actor);
    let doc = store.document(e.document);
    json!({
        "eventId": e.id, "eventType": match e.action() { "file-created" | "removable-media-created" | "sync-app-created" => "CREATED",
            "file-modified" | "sync-app-modified" | "removable-media-modified" => "MODIFIED", "file-deleted" => "DELETED",
            "application-read" => "READ_BY_APP", _ => "MODIFIED" },
        "eventTimestamp": event_ts(&e.timestamp), "insertionTimestamp": event_ts(&e.inserted),
        "filePath": if e.directory.is_empty() { Value::Null } else { json!(e.directory) }, "fileName": doc.name, "fileType": "FILE",
        "fileCategory": doc.category.to_uppercase(), "fileSize": doc.size, "fileOwner": actor.email,
        "md5Checksum": doc.md5, "sha256Checksum": doc.sha256, "deviceUserName": actor.email, "osHostName": e.source_name,
        "publicIpAddress": e.source_ip, "privateIpAddresses": ["10.20.30.40"], "deviceUid": actor.device_uid,
        "userUid": actor.id, "actor": actor.email, "source": e.observer(), "exposure": [],
        "processName": e.process(), "processOwner": e.process().map(|_| actor.email.clone()),
        "tabUrl": e.tab_url, "riskScore": e.risk_score(), "riskSeverity": e.risk_severity(),
        "riskIndicators": e.indicators().iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
        "destinationCategory": e.destination_category(), "destinationName": e.destination_name(), "fieldErrors": []
    })
}
