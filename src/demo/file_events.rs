//! Forensic search: v2 and v1 file-event searches and grouping.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::alerts::parse_when;
use super::server::{Caller, DemoState};
use super::store::{FileEvent, Store, event_ts};

pub const MAX_PAGE: i64 = 10_000;

#[derive(Debug, Deserialize, Clone)]
pub struct EventFilter {
    pub term: String,
    pub operator: String,
    #[serde(default)]
    pub value: Value,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
pub struct EventGroup {
    #[serde(default)]
    pub filter_clause: Option<String>,
    #[serde(default)]
    pub filters: Vec<EventFilter>,
    #[serde(default)]
    pub subgroup_clause: Option<String>,
    #[serde(default)]
    pub subgroups: Vec<EventGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSearch {
    #[serde(default)]
    pub group_clause: Option<String>,
    #[serde(default)]
    pub groups: Vec<EventGroup>,
    #[serde(default)]
    pub pg_num: Option<i64>,
    #[serde(default)]
    pub pg_size: Option<i64>,
    #[serde(default)]
    pub pg_token: Option<String>,
    #[serde(default)]
    pub srt_dir: Option<String>,
    #[serde(default)]
    pub srt_key: Option<String>,
}

pub fn v2_json(store: &Store, e: &FileEvent) -> Value {
    let actor = &store.actors[e.actor as usize];
    let doc = &store.documents[e.document as usize];
    let cloud = e.observer != "Endpoint";
    json!({
        "@timestamp": event_ts(&e.timestamp),
        "event": {"id": e.id, "inserted": e.inserted.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string(),
                  "ingested": event_ts(&e.inserted), "action": e.action, "observer": e.observer,
                  "shareType": if cloud { json!(["SharedViaLink"]) } else { json!([]) },
                  "vector": e.vector, "detectorDisplayName": null, "relatedEvents": []},
        "user": {"email": actor.email, "id": actor.id, "deviceUid": if cloud { Value::Null } else { json!(actor.device_uid) }},
        "file": {"name": doc.name, "directory": if e.directory.is_empty() { Value::Null } else { json!(e.directory) },
                 "category": doc.category, "categoryByBytes": doc.category, "categoryByExtension": doc.category,
                 "mimeType": doc.mime_type, "mimeTypeByBytes": doc.mime_type, "mimeTypeByExtension": doc.mime_type,
                 "sizeInBytes": doc.size, "owner": actor.email,
                 "created": event_ts(&(e.timestamp - Duration::days(30))), "modified": event_ts(&(e.timestamp - Duration::hours(2))),
                 "hash": {"md5": doc.md5, "sha256": doc.sha256, "md5Error": null, "sha256Error": null},
                 "id": if cloud { json!(format!("drive-{}", &doc.md5[..12])) } else { Value::Null },
                 "url": if cloud { json!(format!("https://drive.example/file/{}", &doc.md5[..12])) } else { Value::Null },
                 "directoryId": [], "cloudDriveId": null, "classifications": [], "acquiredFrom": []},
        "source": {"category": e.source_category, "name": e.source_name, "domain": null, "ip": e.source_ip,
                   "privateIp": ["10.20.30.40"], "operatingSystem": if e.directory.starts_with("C:") { "Windows 11" } else { "macOS 15" },
                   "email": null, "removableMedia": null, "tabs": [], "domains": []},
        "destination": {"category": e.destination_category, "name": e.destination_name, "ip": null, "privateIp": null,
                        "operatingSystem": null, "email": null,
                        "removableMedia": if e.destination_category == Some("Removable Media") {
                            json!({"vendor": "SanDisk", "name": "Ultra USB 3.0", "serialNumber": "4C530001", "capacity": 64_000_000_000u64,
                                   "busType": "USB", "mediaName": "SanDisk Ultra", "volumeName": ["BACKUP"], "partitionId": []})
                        } else { Value::Null },
                        "tabs": e.tab_url.as_ref().map(|u| json!([{"title": e.destination_name, "url": u, "titleError": null, "urlError": null}])).unwrap_or(json!([])),
                        "accountName": null, "accountType": null, "domains": [], "remoteHostname": null,
                        "user": {"email": if cloud { json!(["partner@gmail.com"]) } else { json!([]) }}},
        "process": {"executable": e.process, "owner": e.process.map(|_| actor.email.clone())},
        "risk": {"score": e.risk_score, "severity": e.risk_severity,
                 "indicators": e.indicators.iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
                 "trusted": false, "trustReason": null,
                 "untrustedValues": {"accountNames": [], "domains": [], "gitRepositoryUris": [], "slackWorkspaces": [], "urlPaths": []}},
        "git": null, "report": null, "responseControls": null
    })
}

pub fn v1_json(store: &Store, e: &FileEvent) -> Value {
    let actor = &store.actors[e.actor as usize];
    let doc = &store.documents[e.document as usize];
    json!({
        "eventId": e.id, "eventType": match e.action { "file-created" | "removable-media-created" | "sync-app-created" => "CREATED",
            "file-modified" | "sync-app-modified" | "removable-media-modified" => "MODIFIED", "file-deleted" => "DELETED",
            "application-read" => "READ_BY_APP", _ => "MODIFIED" },
        "eventTimestamp": event_ts(&e.timestamp), "insertionTimestamp": event_ts(&e.inserted),
        "filePath": if e.directory.is_empty() { Value::Null } else { json!(e.directory) }, "fileName": doc.name, "fileType": "FILE",
        "fileCategory": doc.category.to_uppercase(), "fileSize": doc.size, "fileOwner": actor.email,
        "md5Checksum": doc.md5, "sha256Checksum": doc.sha256, "deviceUserName": actor.email, "osHostName": e.source_name,
        "publicIpAddress": e.source_ip, "privateIpAddresses": ["10.20.30.40"], "deviceUid": actor.device_uid,
        "userUid": actor.id, "actor": actor.email, "source": e.observer, "exposure": [],
        "processName": e.process, "processOwner": e.process.map(|_| actor.email.clone()),
        "tabUrl": e.tab_url, "riskScore": e.risk_score, "riskSeverity": e.risk_severity,
        "riskIndicators": e.indicators.iter().map(|(n, w)| json!({"name": n, "weight": w})).collect::<Vec<_>>(),
        "destinationCategory": e.destination_category, "destinationName": e.destination_name, "fieldErrors": []
    })
}

/// v1 flat terms mapped onto v2 dotted terms.
fn v1_term(term: &str) -> String {
    match term {
        "eventId" => "event.id",
        "eventType" => "event.action",
        "eventTimestamp" => "@timestamp",
        "insertionTimestamp" => "event.inserted",
        "fileName" => "file.name",
        "filePath" => "file.directory",
        "fileCategory" => "file.category",
        "fileSize" => "file.sizeInBytes",
        "md5Checksum" => "file.hash.md5",
        "sha256Checksum" => "file.hash.sha256",
        "deviceUserName" | "actor" => "user.email",
        "osHostName" => "source.name",
        "publicIpAddress" => "source.ip",
        "processName" => "process.executable",
        "riskSeverity" => "risk.severity",
        "riskScore" => "risk.score",
        "riskIndicatorNames" => "risk.indicators.name",
        "destinationName" => "destination.name",
        "destinationCategory" => "destination.category",
        "tabUrls" => "destination.tabs.url",
        "userUid" => "user.id",
        other => other,
    }
    .to_string()
}

/// The values a dotted term has on an event (arrays flattened).
fn term_values(store: &Store, e: &FileEvent, term: &str) -> Vec<Value> {
    let doc = &store.documents[e.document as usize];
    let actor = &store.actors[e.actor as usize];
    match term {
        "event.id" => return vec![json!(e.id)],
        "file.hash.md5" => return vec![json!(doc.md5)],
        "file.hash.sha256" => return vec![json!(doc.sha256)],
        "file.name" => return vec![json!(doc.name)],
        "user.email" => return vec![json!(actor.email)],
        "@timestamp" => return vec![json!(event_ts(&e.timestamp))],
        "risk.score" => return vec![json!(e.risk_score)],
        _ => {}
    }
    let doc_json = v2_json(store, e);
    let mut current = vec![&doc_json];
    let key = term.strip_prefix('@').map(|t| format!("@{t}"));
    if let Some(k) = key {
        return doc_json.get(&k).cloned().into_iter().collect();
    }
    for part in term.split('.') {
        let mut next = Vec::new();
        for v in current {
            match v.get(part) {
                Some(Value::Array(items)) => next.extend(items.iter()),
                Some(Value::Null) | None => {}
                Some(other) => next.push(other),
            }
        }
        current = next;
    }
    current
        .into_iter()
        .flat_map(|v| match v {
            Value::Array(items) => items.clone(),
            other => vec![other.clone()],
        })
        .collect()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != ' ' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

fn wildcard_match(pattern: &str, text: &str) -> bool {
    let p = pattern.to_lowercase();
    let t = text.to_lowercase();
    if !p.contains('*') {
        return p == t || norm(&p) == norm(&t);
    }
    let parts: Vec<&str> = p.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        match t[pos..].find(part) {
            Some(found) if i > 0 || found == 0 => pos += found + part.len(),
            _ => return false,
        }
    }
    parts.last().is_some_and(|l| l.is_empty()) || t.ends_with(parts.last().unwrap_or(&""))
}

/// ISO-8601 durations such as `P14D`, `PT15M`, `P1DT2H`.
fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.strip_prefix('P')?;
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let mut total = Duration::zero();
    let mut num = String::new();
    for c in date.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        total += match c {
            'Y' => Duration::days(365 * n),
            'M' => Duration::days(30 * n),
            'W' => Duration::weeks(n),
            'D' => Duration::days(n),
            _ => return None,
        };
    }
    for c in time.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().ok()?;
        num.clear();
        total += match c {
            'H' => Duration::hours(n),
            'M' => Duration::minutes(n),
            'S' => Duration::seconds(n),
            _ => return None,
        };
    }
    Some(total)
}

pub struct Problem {
    pub kind: &'static str,
    pub description: String,
    pub filter: Option<EventFilter>,
}

fn problem(kind: &'static str, description: impl Into<String>, f: Option<&EventFilter>) -> Problem {
    Problem {
        kind,
        description: description.into(),
        filter: f.cloned(),
    }
}

fn eval(
    store: &Store,
    e: &FileEvent,
    f: &EventFilter,
    now: DateTime<Utc>,
    v1: bool,
) -> Result<bool, Problem> {
    let term = if v1 { v1_term(&f.term) } else { f.term.clone() };
    let op = f.operator.to_ascii_uppercase();
    let values = term_values(store, e, &term);
    let as_time = |v: &Value| parse_when(&text(v));
    let wanted_time = || {
        parse_when(&text(&f.value)).ok_or_else(|| problem("ILLEGAL_VALUE", "not a date", Some(f)))
    };
    let list = || -> Vec<String> {
        match &f.value {
            Value::Array(items) => items.iter().map(text).collect(),
            other => vec![text(other)],
        }
    };
    Ok(match op.as_str() {
        "IS" => {
            let w = list();
            values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_NOT" => {
            let w = list();
            !values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_ANY" => {
            let w = list();
            values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "IS_NONE" => {
            let w = list();
            !values
                .iter()
                .any(|v| w.iter().any(|p| wildcard_match(p, &text(v))))
        }
        "EXISTS" => !values.is_empty(),
        "DOES_NOT_EXIST" => values.is_empty(),
        "ON_OR_AFTER" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t >= w)
        }
        "ON_OR_BEFORE" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t <= w)
        }
        "BEFORE" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t < w)
        }
        "AFTER" => {
            let w = wanted_time()?;
            values.iter().filter_map(as_time).any(|t| t > w)
        }
        "ON" => {
            let w = wanted_time()?;
            values
                .iter()
                .filter_map(as_time)
                .any(|t| t.date_naive() == w.date_naive())
        }
        "WITHIN_THE_LAST" => {
            let d = parse_duration(&text(&f.value))
                .ok_or_else(|| problem("ILLEGAL_VALUE", "not an ISO-8601 duration", Some(f)))?;
            values.iter().filter_map(as_time).any(|t| t >= now - d)
        }
        "GREATER_THAN" | "LESS_THAN" => {
            let w: f64 = text(&f.value)
                .parse()
                .map_err(|_| problem("ILLEGAL_VALUE", "not a number", Some(f)))?;
            values
                .iter()
                .filter_map(|v| v.as_f64().or_else(|| text(v).parse().ok()))
                .any(|n| if op == "GREATER_THAN" { n > w } else { n < w })
        }
        _ => {
            return Err(problem(
                "ILLEGAL_OPERATOR",
                format!("unknown operator {}", f.operator),
                Some(f),
            ));
        }
    })
}

fn eval_group(
    store: &Store,
    e: &FileEvent,
    g: &EventGroup,
    now: DateTime<Utc>,
    v1: bool,
) -> Result<bool, Problem> {
    if !g.subgroups.is_empty() {
        let any = g
            .subgroup_clause
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
        let mut r = !any;
        for sg in &g.subgroups {
            let m = eval_group(store, e, sg, now, v1)?;
            if any { r |= m } else { r &= m }
        }
        return Ok(r);
    }
    if g.filters.is_empty() {
        return Ok(true);
    }
    let any = g
        .filter_clause
        .as_deref()
        .is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    let mut r = !any;
    for f in &g.filters {
        let m = eval(store, e, f, now, v1)?;
        if any { r |= m } else { r &= m }
    }
    Ok(r)
}

fn count_filters(groups: &[EventGroup]) -> usize {
    groups
        .iter()
        .map(|g| g.filters.len() + count_filters(&g.subgroups))
        .sum()
}

pub fn matching<'a>(
    store: &'a Store,
    groups: &[EventGroup],
    group_clause: Option<&str>,
    v1: bool,
) -> Result<Vec<&'a FileEvent>, Problem> {
    if count_filters(groups) > 1024 {
        return Err(problem(
            "MAX_FILTERS_EXCEEDED",
            "at most 1024 criteria",
            None,
        ));
    }
    let now = Utc::now();
    let any = group_clause.is_some_and(|c| c.eq_ignore_ascii_case("OR"));
    let mut out = Vec::new();
    for e in &store.file_events {
        let mut r = !any;
        for g in groups {
            let m = eval_group(store, e, g, now, v1)?;
            if any { r |= m } else { r &= m }
        }
        if groups.is_empty() || r {
            out.push(e);
        }
    }
    Ok(out)
}

fn sort_events(
    store: &Store,
    events: &mut [&FileEvent],
    key: Option<&str>,
    dir: Option<&str>,
    v1: bool,
) {
    let key = key
        .map(|k| if v1 { v1_term(k) } else { k.to_string() })
        .unwrap_or_else(|| "event.id".into());
    let desc = dir.is_some_and(|d| d.eq_ignore_ascii_case("desc"));
    events.sort_by(|a, b| {
        let ord = match key.as_str() {
            "event.id" => a.id.cmp(&b.id),
            "@timestamp" => a.timestamp.cmp(&b.timestamp),
            "event.inserted" => a.inserted.cmp(&b.inserted),
            "risk.score" => a.risk_score.cmp(&b.risk_score),
            other => text(term_values(store, a, other).first().unwrap_or(&Value::Null)).cmp(&text(
                term_values(store, b, other).first().unwrap_or(&Value::Null),
            )),
        }
        .then_with(|| a.id.cmp(&b.id));
        if desc { ord.reverse() } else { ord }
    });
}

fn envelope(
    events: Vec<Value>,
    next: Option<String>,
    total: usize,
    problems: Option<Vec<Value>>,
) -> Value {
    json!({"fileEvents": events, "nextPgToken": next, "problems": problems, "totalCount": total})
}

fn problem_response(status: StatusCode, p: Problem) -> Response {
    let bad = p
        .filter
        .map(|f| json!({"term": f.term, "operator": f.operator, "value": f.value}));
    (
        status,
        Json(envelope(
            vec![],
            None,
            0,
            Some(vec![
                json!({"type": p.kind, "description": p.description, "badFilter": bad}),
            ]),
        )),
    )
        .into_response()
}

fn search(st: &DemoState, q: EventSearch, v1: bool) -> Response {
    let pg_size = q.pg_size.unwrap_or(100);
    if !(1..=MAX_PAGE).contains(&pg_size) {
        return problem_response(
            StatusCode::BAD_REQUEST,
            problem("INVALID_PAGE_SIZE", "pgSize must be 1 to 10000", None),
        );
    }
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let mut found = match matching(&store, &q.groups, q.group_clause.as_deref(), v1) {
        Ok(f) => f,
        Err(p) => return problem_response(StatusCode::BAD_REQUEST, p),
    };
    sort_events(
        &store,
        &mut found,
        q.srt_key.as_deref(),
        q.srt_dir.as_deref(),
        v1,
    );
    let total = found.len();
    let render = |e: &FileEvent| {
        if v1 {
            v1_json(&store, e)
        } else {
            v2_json(&store, e)
        }
    };
    match q.pg_token {
        Some(token) => {
            // py42 backslash-escapes quotes inside tokens it sends back.
            let token = token.replace("\\\"", "\"");
            let start = if token.is_empty() {
                0
            } else {
                match found.iter().position(|e| e.id == token) {
                    Some(i) => i + 1,
                    None => {
                        return problem_response(
                            StatusCode::BAD_REQUEST,
                            problem("INVALID_PAGE_TOKEN", "unknown page token", None),
                        );
                    }
                }
            };
            let page: Vec<&FileEvent> = found
                .iter()
                .skip(start)
                .take(pg_size as usize)
                .copied()
                .collect();
            let more = start + page.len() < total;
            let next = if more {
                page.last().map(|e| e.id.clone())
            } else {
                None
            };
            Json(envelope(
                page.into_iter().map(render).collect(),
                next,
                total,
                None,
            ))
            .into_response()
        }
        None => {
            let pg_num = q.pg_num.unwrap_or(1);
            if pg_num < 1 || pg_num * pg_size > MAX_PAGE {
                return problem_response(
                    StatusCode::BAD_REQUEST,
                    problem(
                        "INVALID_PAGE_NUMBER",
                        "pgNum * pgSize must not exceed 10000",
                        None,
                    ),
                );
            }
            let start = ((pg_num - 1) * pg_size) as usize;
            let page: Vec<Value> = found
                .iter()
                .skip(start)
                .take(pg_size as usize)
                .map(|e| render(e))
                .collect();
            Json(envelope(page, None, total, None)).into_response()
        }
    }
}

pub async fn search_v2(
    State(st): State<DemoState>,
    _c: Caller,
    Json(q): Json<EventSearch>,
) -> Response {
    search(&st, q, false)
}

pub async fn search_v1(
    State(st): State<DemoState>,
    _c: Caller,
    Json(q): Json<EventSearch>,
) -> Response {
    search(&st, q, true)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupingRequest {
    #[serde(default)]
    pub group_clause: Option<String>,
    #[serde(default)]
    pub groups: Vec<EventGroup>,
    pub grouping_term: String,
    #[serde(default)]
    pub size: Option<usize>,
}

pub async fn grouping(
    State(st): State<DemoState>,
    _c: Caller,
    Json(q): Json<GroupingRequest>,
) -> Response {
    let store = st.store.read().unwrap_or_else(|e| e.into_inner());
    let found = match matching(&store, &q.groups, q.group_clause.as_deref(), false) {
        Ok(f) => f,
        Err(p) => return problem_response(StatusCode::BAD_REQUEST, p),
    };
    let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
    for e in found {
        for v in term_values(&store, e, &q.grouping_term) {
            *counts.entry(text(&v)).or_default() += 1;
        }
    }
    let mut groups: Vec<(String, u64)> = counts.into_iter().collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    groups.truncate(q.size.unwrap_or(1000));
    let groups: Vec<Value> = groups
        .into_iter()
        .map(|(v, n)| json!({"value": v, "docCount": n}))
        .collect();
    Json(json!({"groups": groups, "problems": null})).into_response()
}
