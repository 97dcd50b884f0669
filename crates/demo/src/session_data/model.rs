//! Sessions derived from the tenant's alerts: an actor's alerts within a day form one
//! session, whose events are the alerts' file events. Every actor also has one quiet
//! session without alerts. The same seed gives the same sessions.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::source::{AlertFacts, EventFacts, EventRef};
use crate::store::Sym;
use crate::store::TENANT_ID;

/// The states a session can be in; the spec's six and incydr's `CLOSED_TP_BENIGN`.
pub const STATES: [&str; 7] = [
    "OPEN",
    "IN_PROGRESS",
    "CLOSED",
    "CLOSED_TP",
    "CLOSED_TP_BENIGN",
    "CLOSED_FP",
    "OPEN_NEW_DATA",
];

/// Content-inspection statuses, in the spec's words.
pub const INSPECTION: [&str; 4] = ["PII_FOUND", "PII_NOT_FOUND", "PENDING", "UNPROCESSED"];

/// The longest stretch of one actor's alerts that make one session.
const WINDOW_HOURS: i64 = 24;

#[derive(Debug, Clone)]
pub struct SessionNote {
    pub id: String,
    pub content: String,
    pub at: i64,
    pub user: String,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub weight: u32,
    pub event_count: u32,
}

#[derive(Debug, Clone)]
pub struct Score {
    pub score: u32,
    pub severity: u8,
    pub at: i64,
}

#[derive(Debug, Clone)]
pub struct StateEntry {
    pub state: String,
    pub at: i64,
    pub user: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Triggered {
    pub alert_id: String,
    /// Shared with the other alerts of the rule.
    pub rule_id: Sym,
    pub rule_name: Sym,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    pub actor_id: String,
    pub actor_name: String,
    pub kind: &'static str,
    pub begin: i64,
    pub end: i64,
    pub last_updated: i64,
    /// Events by severity: no risk, low, moderate, high, critical.
    pub counts: [u32; 5],
    pub context_summary: String,
    pub exfiltration_summary: String,
    pub notes: Vec<SessionNote>,
    pub indicators: Vec<Indicator>,
    pub scores: Vec<Score>,
    pub states: Vec<StateEntry>,
    pub alerts: Vec<Triggered>,
    pub watchlists: Vec<&'static str>,
    /// One of [`INSPECTION`].
    pub inspection: &'static str,
    /// Its file events, in the order its alerts name them.
    pub events: Vec<EventRef>,
    /// The id of the first of them (content inspection results name it).
    pub first_event_id: Option<String>,
}

impl Session {
    /// The current state: the latest entry of the history.
    pub fn state(&self) -> &str {
        self.states
            .last()
            .map(|s| s.state.as_str())
            .unwrap_or("OPEN")
    }

    pub fn score(&self) -> u32 {
        self.scores.last().map(|s| s.score).unwrap_or(0)
    }

    pub fn severity(&self) -> u8 {
        self.scores.last().map(|s| s.severity).unwrap_or(0)
    }
}

/// FNV-1a, for ids that depend only on the data.
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// A UUID-shaped id made from `parts`.
pub fn uuid_of(parts: &[&str]) -> String {
    let a = fnv(parts);
    let b = fnv(&[&a.to_string(), "b"]);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0xfff,
        b & 0xffff_ffff_ffff
    )
}

/// The id of a risk indicator, from its name.
pub fn indicator_id(name: &str) -> String {
    uuid_of(&["risk-indicator", name])
}

pub fn severity_rank(s: &str) -> u8 {
    // The store's own spellings first: this runs for every event of every session.
    match s {
        "CRITICAL" => return 4,
        "HIGH" => return 3,
        "MODERATE" => return 2,
        "LOW" => return 1,
        "NO_RISK_INDICATED" => return 0,
        _ => {}
    }
    match crate::wire::norm(s).as_str() {
        "critical" => 4,
        "high" => 3,
        "moderate" => 2,
        "low" => 1,
        _ => 0,
    }
}

fn ms(t: &DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// Sessions of `alerts` (and one quiet session per actor), with `event` to look up
/// their file events.
pub fn derive(
    alerts: &[AlertFacts<'_>],
    actors: &[(String, String)],
    event: impl Fn(EventRef) -> Option<EventFacts>,
    event_id: impl Fn(EventRef) -> Option<String>,
) -> Vec<Session> {
    let mut sorted: Vec<&AlertFacts<'_>> = alerts.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.actor_id, a.created_at, &a.id).cmp(&(&b.actor_id, b.created_at, &b.id))
    });
    let mut groups: Vec<Vec<&AlertFacts<'_>>> = Vec::new();
    for a in sorted {
        let joins = groups.last().and_then(|g| g.first()).is_some_and(|first| {
            first.actor_id == a.actor_id
                && a.created_at.signed_duration_since(first.created_at)
                    <= chrono::TimeDelta::hours(WINDOW_HOURS)
        });
        match groups.last_mut() {
            Some(g) if joins => g.push(a),
            _ => groups.push(vec![a]),
        }
    }
    let mut out: Vec<Session> = groups
        .iter()
        .enumerate()
        .map(|(n, g)| with_alerts(n, g, &event, &event_id))
        .collect();
    let earliest = alerts
        .iter()
        .map(|a| ms(&a.created_at))
        .min()
        .unwrap_or(1_704_067_200_000);
    for (i, (id, email)) in actors.iter().enumerate() {
        out.push(quiet(i, id, email, earliest));
    }
    out
}

fn with_alerts(
    n: usize,
    group: &[&AlertFacts<'_>],
    event: &impl Fn(EventRef) -> Option<EventFacts>,
    event_id: &impl Fn(EventRef) -> Option<String>,
) -> Session {
    let first = group.first().copied();
    let actor_id = first.map(|a| a.actor_id.to_string()).unwrap_or_default();
    let actor_name = first.map(|a| a.actor_email.to_string()).unwrap_or_default();
    let alert_ids: Vec<&str> = group.iter().map(|a| a.id).collect();
    let id = uuid_of(&alert_ids);
    let mut event_ids: Vec<EventRef> = Vec::with_capacity(
        group
            .iter()
            .fold(0, |n, a| n.saturating_add(a.event_ids.len())),
    );
    for a in group {
        for e in &a.event_ids {
            if !event_ids.contains(e) {
                event_ids.push(*e);
            }
        }
    }
    let events: Vec<EventFacts> = event_ids.iter().filter_map(|&e| event(e)).collect();
    let mut counts = [0u32; 5];
    let mut indicators: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut destinations: BTreeMap<&str, u32> = BTreeMap::new();
    for e in &events {
        if let Some(c) = counts.get_mut(usize::from(severity_rank(e.risk_severity))) {
            *c = c.saturating_add(1);
        }
        for &(name, weight) in &e.indicators {
            let entry = indicators.entry(name).or_insert((weight, 0));
            entry.0 = entry.0.max(weight);
            entry.1 = entry.1.saturating_add(1);
        }
        if let Some(d) = e.destination {
            let c = destinations.entry(d).or_default();
            *c = c.saturating_add(1);
        }
    }
    let begin = events
        .iter()
        .map(|e| ms(&e.timestamp))
        .chain(group.iter().map(|a| ms(&a.created_at)))
        .min()
        .unwrap_or(0);
    let end = events
        .iter()
        .map(|e| ms(&e.timestamp))
        .chain(group.iter().map(|a| ms(&a.created_at)))
        .max()
        .unwrap_or(begin);
    // The score history: one entry per alert, as each raised the session's risk.
    let mut scores = Vec::new();
    let mut score = 0u32;
    let mut severity = 0u8;
    for a in group {
        let alert_score = a
            .event_ids
            .iter()
            .filter_map(|e| events.iter().find(|x| x.id == *e))
            .map(|e| e.risk_score)
            .max()
            .unwrap_or(0);
        score = score.max(alert_score);
        severity = severity.max(severity_rank(a.risk_severity));
        scores.push(Score {
            score,
            severity,
            at: ms(&a.created_at),
        });
    }
    let states = initial_states(n, group, begin, end);
    let mut watchlists: Vec<&'static str> = Vec::new();
    for a in group {
        for w in a.watchlist_ids {
            if !watchlists.contains(w) {
                watchlists.push(w);
            }
        }
    }
    let top = indicators
        .iter()
        .max_by_key(|(_, (w, c))| (*w, *c))
        .map(|(name, _)| *name)
        .unwrap_or("no risk indicator");
    let exfiltration_summary = if destinations.is_empty() {
        format!("{} file events; none left the organisation.", events.len())
    } else {
        let to: Vec<String> = destinations
            .iter()
            .map(|(d, c)| format!("{c} to {d}"))
            .collect();
        format!(
            "{} file events moved files: {}.",
            events.len(),
            to.join(", ")
        )
    };
    let context_summary = format!(
        "{actor_name} triggered {} alert{} ({}); strongest indicator: {top}.",
        group.len(),
        if group.len() == 1 { "" } else { "s" },
        group
            .iter()
            .map(|a| a.rule_name)
            .collect::<Vec<_>>()
            .join(", ")
    );
    let last_updated = states.iter().map(|s| s.at).max().unwrap_or(end).max(end);
    Session {
        id,
        actor_id,
        actor_name,
        kind: if n % 13 == 12 {
            "ACCOUNT_TAKE_OVER"
        } else {
            "STANDARD"
        },
        begin,
        end,
        last_updated,
        counts,
        context_summary,
        exfiltration_summary,
        notes: Vec::new(),
        indicators: indicators
            .into_iter()
            .map(|(name, (weight, event_count))| Indicator {
                id: indicator_id(name),
                name: name.to_string(),
                weight,
                event_count,
            })
            .collect(),
        scores,
        states,
        alerts: group
            .iter()
            .map(|a| Triggered {
                alert_id: a.id.to_string(),
                rule_id: Sym::new(a.rule_id),
                rule_name: Sym::new(a.rule_name),
            })
            .collect(),
        watchlists,
        inspection: INSPECTION.get(n % 4).copied().unwrap_or("PENDING"),
        first_event_id: event_ids.first().and_then(|&e| event_id(e)),
        events: event_ids,
    }
}

/// The state history of a new session, from its alerts' states.
fn initial_states(n: usize, group: &[&AlertFacts<'_>], begin: i64, end: i64) -> Vec<StateEntry> {
    let open = |at| StateEntry {
        state: "OPEN".into(),
        at,
        user: None,
    };
    let by = |state: &str, at: i64| StateEntry {
        state: state.into(),
        at,
        user: Some("analyst@example.com".into()),
    };
    let states: Vec<&str> = group.iter().map(|a| a.state).collect();
    let resolved = states.iter().filter(|s| **s == "RESOLVED").count();
    let later = end.saturating_add(3_600_000);
    if resolved == states.len() && resolved > 0 {
        let closed = ["CLOSED", "CLOSED_TP", "CLOSED_FP", "CLOSED_TP_BENIGN"]
            .get(n % 4)
            .copied()
            .unwrap_or("CLOSED");
        vec![open(begin), by(closed, later)]
    } else if resolved > 0 {
        vec![
            open(begin),
            by("CLOSED", later),
            StateEntry {
                state: "OPEN_NEW_DATA".into(),
                at: later.saturating_add(60_000),
                user: None,
            },
        ]
    } else if states
        .iter()
        .any(|s| *s == "IN_PROGRESS" || *s == "PENDING")
    {
        vec![open(begin), by("IN_PROGRESS", later)]
    } else {
        vec![open(begin)]
    }
}

/// An actor's session without alerts: routine activity, no events kept.
fn quiet(i: usize, actor_id: &str, email: &str, earliest: i64) -> Session {
    let hours = i64::try_from(i).unwrap_or(0).saturating_mul(3_600_000);
    let begin = earliest.saturating_add(hours);
    let end = begin.saturating_add(1_800_000);
    let routine = u32::try_from(i % 5).unwrap_or(0).saturating_add(2);
    Session {
        id: uuid_of(&["quiet", actor_id]),
        actor_id: actor_id.to_string(),
        actor_name: email.to_string(),
        kind: "STANDARD",
        begin,
        end,
        last_updated: end,
        counts: [routine, 0, 0, 0, 0],
        context_summary: format!("{email}: routine activity."),
        exfiltration_summary: "No exfiltration observed.".into(),
        notes: Vec::new(),
        indicators: Vec::new(),
        scores: vec![Score {
            score: 0,
            severity: 0,
            at: end,
        }],
        states: vec![StateEntry {
            state: "OPEN".into(),
            at: begin,
            user: None,
        }],
        alerts: Vec::new(),
        watchlists: Vec::new(),
        inspection: "UNPROCESSED",
        events: Vec::new(),
        first_event_id: None,
    }
}

/// A session as `GET /v1/sessions` writes it, with both shapes of the content
/// inspection results (incydr's `detectedOnAlerts` and the spec's `status`).
pub fn session_json(s: &Session) -> Value {
    let detected: Vec<&str> = if s.inspection == "PII_FOUND" {
        vec!["PII"]
    } else {
        Vec::new()
    };
    let event_results: Vec<Value> = if s.inspection == "PII_FOUND" {
        s.first_event_id
            .as_ref()
            .map(|e| vec![json!({"eventId": e, "piiType": ["SSN"], "status": "PII_FOUND"})])
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    json!({
        "sessionId": s.id,
        "tenantId": TENANT_ID,
        "actorId": s.actor_id,
        "actorName": s.actor_name,
        "userId": s.actor_id,
        "type": s.kind,
        "beginTime": s.begin,
        "endTime": s.end,
        "firstObserved": s.begin,
        "lastUpdated": s.last_updated,
        "noRiskEvents": s.counts[0],
        "lowEvents": s.counts[1],
        "moderateEvents": s.counts[2],
        "highEvents": s.counts[3],
        "criticalEvents": s.counts[4],
        "contextSummary": s.context_summary,
        "exfiltrationSummary": s.exfiltration_summary,
        "notes": s.notes.iter().map(|n| json!({"id": n.id, "content": n.content, "sourceTimestamp": n.at, "userId": n.user})).collect::<Vec<_>>(),
        "riskIndicators": s.indicators.iter().map(|r| json!({"id": r.id, "name": r.name, "weight": r.weight, "eventCount": r.event_count})).collect::<Vec<_>>(),
        "scores": s.scores.iter().map(|x| json!({"score": x.score, "severity": x.severity, "sourceTimestamp": x.at})).collect::<Vec<_>>(),
        "states": s.states.iter().map(|x| json!({"state": x.state, "stateV2": x.state, "sourceTimestamp": x.at, "userId": x.user})).collect::<Vec<_>>(),
        "triggeredAlerts": s.alerts.iter().map(|a| json!({"alertId": a.alert_id, "lessonId": null, "ruleId": a.rule_id, "ruleName": a.rule_name})).collect::<Vec<_>>(),
        "contentInspectionResults": {"detectedOnAlerts": detected, "status": s.inspection, "eventResults": event_results},
    })
}

/// The tenant's sessions and what has been done to them.
#[derive(Debug, Default)]
pub struct SessionStore {
    pub sessions: Vec<Session>,
    pub index: HashMap<String, usize>,
    pub next_note: u64,
}

impl SessionStore {
    pub fn new(sessions: Vec<Session>) -> SessionStore {
        let index = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        SessionStore {
            sessions,
            index,
            next_note: 1,
        }
    }

    pub fn get(&self, id: &str) -> Option<&Session> {
        self.index.get(id).and_then(|&i| self.sessions.get(i))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Session> {
        let i = *self.index.get(id)?;
        self.sessions.get_mut(i)
    }
}
