//! The alerts service's bodies written straight to bytes, with no JSON tree in between.
//!
//! Each struct lists its fields in the order the tree in `bodies` writes them (its maps
//! sort their keys), so the bytes are the same; a test checks every alert of a seeded
//! tenant. Alerts that `--messy` writes oddly keep going through the tree.

use serde::Serialize;
use serde::ser::Serializer;

use crate::store::{
    Alert, EventId, Indicators, Note, Observation, Store, Sym, TENANT_ID, Uuid, alert_ts_bytes,
    write_alert_ts,
};
use triage42_text::json_in_string::JsonInString;

/// A timestamp written the way the alerts service writes it.
struct Ts<'a>(&'a chrono::DateTime<chrono::Utc>);

impl Serialize for Ts<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match alert_ts_bytes(self.0)
            .as_ref()
            .map(|b| std::str::from_utf8(b))
        {
            Some(Ok(text)) => s.serialize_str(text),
            _ => {
                let mut buf = String::with_capacity(28);
                write_alert_ts(self.0, &mut buf);
                s.serialize_str(&buf)
            }
        }
    }
}

#[derive(Serialize)]
struct Watchlist {
    id: &'static str,
    #[serde(rename = "isSignificant")]
    is_significant: bool,
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "type$")]
    tag: &'static str,
}

const DEPARTING: [Watchlist; 1] = [Watchlist {
    id: crate::watchlist_records::DEPARTING_WATCHLIST,
    is_significant: true,
    name: "Departing Employee",
    kind: "DEPARTING_EMPLOYEE",
    tag: "WATCHLIST",
}];
const HIGH_RISK: [Watchlist; 1] = [Watchlist {
    id: crate::watchlist_records::HIGH_IMPACT_WATCHLIST,
    is_significant: true,
    name: "High Risk Employee",
    kind: "HIGH_IMPACT_EMPLOYEE",
    tag: "WATCHLIST",
}];

fn watchlists(source: &str) -> &'static [Watchlist] {
    match source {
        "Departing Employee" => &DEPARTING,
        "High Risk Employee" => &HIGH_RISK,
        _ => &[],
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NoteBody<'a> {
    id: &'a str,
    last_modified_at: Ts<'a>,
    last_modified_by: &'a str,
    message: &'a str,
    #[serde(rename = "type$")]
    tag: &'static str,
}

impl<'a> NoteBody<'a> {
    fn of(n: &'a Note) -> Self {
        NoteBody {
            id: &n.id,
            last_modified_at: Ts(&n.last_modified_at),
            last_modified_by: &n.last_modified_by,
            message: &n.message,
            tag: "NOTE",
        }
    }
}

/// An alert's summary fields (the details add a note and observations after `name`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AlertBody<'a> {
    actor: &'a str,
    actor_id: &'a str,
    created_at: Ts<'a>,
    description: &'a str,
    id: &'a str,
    name: &'a str,
    risk_severity: &'a str,
    rule_id: &'a str,
    rule_source: &'a str,
    severity: &'a str,
    state: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_last_modified_at: Option<Ts<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state_last_modified_by: Option<&'a str>,
    target: &'static str,
    tenant_id: &'static str,
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(rename = "type$")]
    tag: &'static str,
    watchlists: &'static [Watchlist],
}

fn alert_body<'a>(store: &'a Store, a: &'a Alert, tag: &'static str) -> AlertBody<'a> {
    let rule = store.rule(a.rule);
    let actor = store.actor(a.actor);
    AlertBody {
        actor: &actor.email,
        actor_id: &actor.id,
        created_at: Ts(&a.created_at),
        description: &rule.description,
        id: &a.id,
        name: &rule.name,
        risk_severity: a.risk_severity,
        rule_id: &rule.id,
        rule_source: rule.source,
        severity: rule.severity,
        state: &a.state,
        state_last_modified_at: a.state_last_modified_at.as_ref().map(Ts),
        state_last_modified_by: a.state_last_modified_by.as_deref(),
        target: "N/A",
        tenant_id: TENANT_ID,
        kind: rule.rule_type,
        tag,
        watchlists: watchlists(rule.source),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Indicator {
    name: &'static str,
    #[serde(rename = "type$")]
    tag: &'static str,
    weight: u32,
}

/// A file event's indicators, written as a list of [`Indicator`].
struct IndicatorList(Indicators);

impl Serialize for IndicatorList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|&(name, weight)| Indicator {
            name,
            tag: "RISK_INDICATOR",
            weight,
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RiskInfo {
    matched_risk_indicators: IndicatorList,
    score: u32,
    severity: &'static str,
    #[serde(rename = "type$")]
    tag: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileBody<'a> {
    category: &'a str,
    event_id: &'a EventId,
    name: &'a str,
    observed_at: Ts<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    risk_severity_info: RiskInfo,
    size: u64,
    #[serde(rename = "type$")]
    tag: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CategoryBody<'a> {
    category: &'a str,
    file_count: u64,
    is_significant: bool,
    total_file_size: u64,
    #[serde(rename = "type$")]
    tag: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DataBody<'a> {
    exposure_type_is_significant: bool,
    exposure_types: &'a [&'static str],
    file_categories: Vec<CategoryBody<'a>>,
    file_category_is_significant: bool,
    file_count: usize,
    files: Vec<FileBody<'a>>,
    first_activity_at: Ts<'a>,
    id: &'a Uuid,
    is_remote_activity: bool,
    last_activity_at: Ts<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_trusted_domains_emails: Option<&'a [Sym]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_trusted_domains_emails_count: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sending_ip_addresses: Option<&'a [Sym]>,
    sources: &'a [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    sync_to_services: Option<&'a [&'static str]>,
    total_file_size: u64,
    #[serde(rename = "type$")]
    tag: &'static str,
}

/// The observation `data` document (the bytes of `observation_data(..).to_string()`) as
/// the text of a JSON string, less its quotes.
fn write_nested_observation_data(
    store: &Store,
    o: &Observation,
    out: &mut Vec<u8>,
) -> serde_json::Result<()> {
    data_body(store, o).serialize(&mut serde_json::Serializer::with_formatter(
        out,
        JsonInString,
    ))
}

fn data_body<'a>(store: &'a Store, o: &'a Observation) -> DataBody<'a> {
    let mut categories: Vec<CategoryBody<'_>> = Vec::new();
    let mut files = Vec::with_capacity(o.events.len());
    let mut total = 0u64;
    for ev in o.events.iter().filter_map(|e| store.event_at(e)) {
        let doc = store.document(ev.document);
        total = total.saturating_add(doc.size);
        match categories.iter_mut().find(|c| c.category == doc.category) {
            Some(c) => {
                c.file_count = c.file_count.saturating_add(1);
                c.total_file_size = c.total_file_size.saturating_add(doc.size);
            }
            None => categories.push(CategoryBody {
                category: doc.category,
                file_count: 1,
                is_significant: false,
                total_file_size: doc.size,
                tag: "OBSERVED_FILE_CATEGORY",
            }),
        }
        files.push(FileBody {
            category: doc.category,
            event_id: &ev.id,
            name: &doc.name,
            observed_at: Ts(&ev.timestamp),
            path: Some(ev.directory.as_str()).filter(|d| !d.is_empty()),
            risk_severity_info: RiskInfo {
                matched_risk_indicators: IndicatorList(ev.indicators()),
                score: ev.risk_score(),
                severity: ev.risk_severity(),
                tag: "RISK_SEVERITY_INFO",
            },
            size: doc.size,
            tag: "OBSERVED_FILE",
        });
    }
    let cloud = o.obs_type == "FedCloudSharePermissions";
    DataBody {
        exposure_type_is_significant: true,
        exposure_types: o.exposure_types(),
        file_categories: categories,
        file_category_is_significant: false,
        file_count: o.events.len(),
        files,
        first_activity_at: Ts(&o.first_activity_at),
        id: &o.id,
        is_remote_activity: false,
        last_activity_at: Ts(&o.last_activity_at),
        outside_trusted_domains_emails: cloud.then_some(o.outside_emails.as_slice()),
        outside_trusted_domains_emails_count: cloud.then_some(o.outside_emails.len()),
        sending_ip_addresses: (!cloud).then_some(o.sending_ips()),
        sources: o.sources(),
        sync_to_services: (!cloud).then_some(o.sync_to_services()),
        total_file_size: total,
        tag: if cloud {
            "OBSERVED_CLOUD_SHARE_ACTIVITY"
        } else {
            "OBSERVED_ENDPOINT_ACTIVITY"
        },
    }
}

/// An alert's details, as `details_json` writes them: the summary's fields with the note
/// and observations after `name`.
pub fn write_details(store: &Store, a: &Alert, out: &mut Vec<u8>) -> serde_json::Result<()> {
    if a.disorder.is_some() {
        return serde_json::to_writer(out, &super::details_json(store, a));
    }
    let body = alert_body(store, a, "ALERT_DETAILS");
    out.extend_from_slice(b"{\"actor\":");
    serde_json::to_writer(&mut *out, body.actor)?;
    out.extend_from_slice(b",\"actorId\":");
    serde_json::to_writer(&mut *out, body.actor_id)?;
    out.extend_from_slice(b",\"createdAt\":");
    serde_json::to_writer(&mut *out, &body.created_at)?;
    out.extend_from_slice(b",\"description\":");
    serde_json::to_writer(&mut *out, body.description)?;
    out.extend_from_slice(b",\"id\":");
    serde_json::to_writer(&mut *out, body.id)?;
    out.extend_from_slice(b",\"name\":");
    serde_json::to_writer(&mut *out, body.name)?;
    if let Some(note) = a.note.as_deref() {
        out.extend_from_slice(b",\"note\":");
        serde_json::to_writer(&mut *out, &NoteBody::of(note))?;
    }
    out.extend_from_slice(b",\"observations\":[");
    for (i, o) in a.observations.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"data\":\"");
        write_nested_observation_data(store, o, out)?;
        out.extend_from_slice(b"\",\"id\":");
        serde_json::to_writer(&mut *out, &o.id)?;
        out.extend_from_slice(b",\"lastObservedAt\":");
        serde_json::to_writer(&mut *out, &Ts(&o.last_activity_at))?;
        out.extend_from_slice(b",\"observedAt\":");
        serde_json::to_writer(&mut *out, &Ts(&o.observed_at))?;
        out.extend_from_slice(b",\"type\":");
        serde_json::to_writer(&mut *out, o.obs_type)?;
        out.extend_from_slice(b",\"type$\":\"OBSERVATION\"}");
    }
    out.extend_from_slice(b"],\"riskSeverity\":");
    serde_json::to_writer(&mut *out, body.risk_severity)?;
    out.extend_from_slice(b",\"ruleId\":");
    serde_json::to_writer(&mut *out, body.rule_id)?;
    out.extend_from_slice(b",\"ruleSource\":");
    serde_json::to_writer(&mut *out, body.rule_source)?;
    out.extend_from_slice(b",\"severity\":");
    serde_json::to_writer(&mut *out, body.severity)?;
    out.extend_from_slice(b",\"state\":");
    serde_json::to_writer(&mut *out, body.state)?;
    if let Some(at) = &body.state_last_modified_at {
        out.extend_from_slice(b",\"stateLastModifiedAt\":");
        serde_json::to_writer(&mut *out, at)?;
    }
    if let Some(by) = body.state_last_modified_by {
        out.extend_from_slice(b",\"stateLastModifiedBy\":");
        serde_json::to_writer(&mut *out, by)?;
    }
    out.extend_from_slice(b",\"target\":");
    serde_json::to_writer(&mut *out, body.target)?;
    out.extend_from_slice(b",\"tenantId\":");
    serde_json::to_writer(&mut *out, body.tenant_id)?;
    out.extend_from_slice(b",\"type\":");
    serde_json::to_writer(&mut *out, body.kind)?;
    out.extend_from_slice(b",\"type$\":");
    serde_json::to_writer(&mut *out, body.tag)?;
    out.extend_from_slice(b",\"watchlists\":");
    serde_json::to_writer(&mut *out, body.watchlists)?;
    out.push(b'}');
    Ok(())
}

/// An alert's search summary, as `summary_json` (and `--messy`) write it.
pub fn write_summary(store: &Store, a: &Alert, out: &mut Vec<u8>) -> serde_json::Result<()> {
    if let Some(disorder) = a.disorder {
        let mut m = super::summary_json(store, a, "ALERT_SUMMARY");
        crate::messy::summary(disorder, &mut m);
        return serde_json::to_writer(out, &m);
    }
    serde_json::to_writer(out, &alert_body(store, a, "ALERT_SUMMARY"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::generate;
    use chrono::{DateTime, Duration, Utc};

    fn anchor() -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(1_773_500_966_535_897_000)
    }

    fn check(store: &Store) {
        for a in &store.alerts {
            let mut got = Vec::new();
            write_details(store, a, &mut got).unwrap();
            let want = serde_json::to_vec(&super::super::details_json(store, a)).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "details of {}",
                a.id
            );
            let mut got = Vec::new();
            write_summary(store, a, &mut got).unwrap();
            let mut m = super::super::summary_json(store, a, "ALERT_SUMMARY");
            if let Some(d) = a.disorder {
                crate::messy::summary(d, &mut m);
            }
            assert_eq!(got, serde_json::to_vec(&m).unwrap(), "summary of {}", a.id);
        }
    }

    #[test]
    fn the_bytes_are_those_of_the_json_tree() {
        let mut store = generate(1500, 7, anchor());
        // A changed state and a note written with odd characters, as the handlers do.
        if let Some(a) = store.alerts.get_mut(3) {
            a.state = "RESOLVED".into();
            a.state_last_modified_by = Some("x\"y@example.com".into());
            a.state_last_modified_at = Some(anchor() + Duration::nanoseconds(123_456_789));
            a.note = Some(Box::new(Note {
                id: "9".into(),
                message: "line\nbreak \u{1b}[2J \u{202e} \"quoted\"".into(),
                last_modified_at: anchor(),
                last_modified_by: "soc@example.com".into(),
            }));
        }
        check(&store);
        crate::messy::apply(&mut store);
        check(&store);
    }

    #[test]
    fn timestamps_match_the_format_string() {
        let mut t = anchor();
        for step in [
            0i64,
            1,
            999,
            1_000_000,
            86_399_999_999_999,
            7_777_777_777_777_777,
        ] {
            t += Duration::nanoseconds(step);
            assert_eq!(
                crate::store::alert_ts(&t),
                t.format("%Y-%m-%dT%H:%M:%S%.6f0Z").to_string()
            );
        }
        for t in [
            DateTime::<Utc>::UNIX_EPOCH,
            DateTime::<Utc>::MIN_UTC,
            DateTime::<Utc>::MAX_UTC,
        ] {
            assert_eq!(
                crate::store::alert_ts(&t),
                t.format("%Y-%m-%dT%H:%M:%S%.6f0Z").to_string()
            );
        }
    }
}
