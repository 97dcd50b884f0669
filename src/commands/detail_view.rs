//! The detail views of `alerts show` and `sessions show` (`--format detail`, the
//! default on a terminal): an alert's or a session's fields as `Label: value` lines,
//! then what it holds (observations and their files; indicators, alerts, files, state
//! history and notes), fitted to the terminal's width. Every server value passes the
//! sanitiser on its way through [`Sheet`].

use std::io::Write;

use super::sheet::{Sheet, Value, count, or_dash, span, when};
use crate::api::{
    AlertDetails, ApiError, FileEventPage, Item, ObservationData, ObservationPayload, Session,
    severity_name,
};
use crate::tui::state::human_size;

/// The files listed for one observation or session; the JSON formats have every one.
const FILES_SHOWN: usize = 50;
/// Raw observation data that could not be read is shown up to here: enough to see what it is.
const RAW_SHOWN: usize = 600;

/// Each alert's detail view, one after the other, to stdout.
pub(crate) fn print_alerts(alerts: &[&AlertDetails], width: usize) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    for (index, alert) in alerts.iter().enumerate() {
        if index > 0 {
            writeln!(out, "\n{}", "─".repeat(width.clamp(20, 80)))?;
            writeln!(out)?;
        }
        out.write_all(alert_sheet(alert, width).as_bytes())?;
    }
    out.flush()
}

/// One session's detail view to stdout, with its file events when they were asked for.
pub(crate) fn print_session(
    session: &Session,
    events: Option<&Result<FileEventPage, ApiError>>,
    width: usize,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(session_sheet(session, events, width).as_bytes())?;
    out.flush()
}

pub(crate) fn alert_sheet(d: &AlertDetails, width: usize) -> String {
    let a = &d.summary;
    let mut sheet = Sheet::new(width);
    let mut state = a
        .state
        .as_ref()
        .map(|s| s.as_wire().to_string())
        .unwrap_or_else(|| "—".into());
    if let Some(by) = a
        .state_last_modified_by
        .as_deref()
        .filter(|b| !b.is_empty())
    {
        state.push_str(&format!(" (by {by}, {})", when(a.state_last_modified_at)));
    }
    let mut fields = vec![
        ("Rule", Value::One(or_dash(a.name.as_deref()))),
        (
            "Severity",
            Value::One(or_dash(a.risk_severity.as_ref().map(|s| s.as_wire()))),
        ),
        ("State", Value::One(state)),
        ("Actor", Value::One(or_dash(a.actor.as_deref()))),
    ];
    if let Some(target) = a
        .target
        .as_deref()
        .filter(|t| !t.trim().is_empty() && *t != "N/A")
    {
        fields.push(("Target", Value::One(target.to_string())));
    }
    fields.extend([
        ("Created", Value::One(when(a.created_at))),
        ("Id", Value::One(a.id.clone())),
        (
            "Description",
            Value::Lines(or_dash(a.description.as_deref())),
        ),
    ]);
    let watchlists: Vec<String> = a.watchlists.iter().filter_map(|w| w.name.clone()).collect();
    if !watchlists.is_empty() {
        fields.push(("Watchlists", Value::List(watchlists)));
    }
    match d
        .note
        .as_ref()
        .filter(|n| n.message.as_deref().is_some_and(|m| !m.trim().is_empty()))
    {
        Some(note) => {
            fields.push((
                "Note",
                Value::Lines(note.message.clone().unwrap_or_default()),
            ));
            fields.push((
                "",
                Value::One(format!(
                    "by {}, {}",
                    or_dash(note.last_modified_by.as_deref()),
                    when(note.last_modified_at)
                )),
            ));
        }
        None => fields.push(("Note", Value::One("—".into()))),
    }
    sheet.fields(0, &fields);
    sheet.blank();
    sheet.heading(0, &format!("Observations ({})", d.observations.len()));
    for (index, o) in d.observations.iter().enumerate() {
        sheet.heading(
            2,
            &format!(
                "{}. {}",
                index.saturating_add(1),
                or_dash(o.observation_type.as_deref())
            ),
        );
        match &o.data {
            ObservationPayload::Parsed(data) => {
                observation(&mut sheet, o.observed_at, data);
            }
            ObservationPayload::Malformed { raw, error } => {
                sheet.fields(
                    4,
                    &[
                        ("Observed", Value::One(when(o.observed_at))),
                        ("Data", Value::One(format!("unreadable: {error}"))),
                        ("As sent", Value::One(excerpt(raw))),
                    ],
                );
            }
            ObservationPayload::Empty => {
                sheet.fields(
                    4,
                    &[
                        ("Observed", Value::One(when(o.observed_at))),
                        ("Data", Value::One("none".into())),
                    ],
                );
            }
        }
    }
    sheet.into_string()
}

/// An observation's fields, then its files under the `Files` line.
fn observation(
    sheet: &mut Sheet,
    observed: Option<chrono::DateTime<chrono::Utc>>,
    data: &ObservationData,
) {
    let categories: Vec<String> = data
        .file_categories
        .iter()
        .map(|c| {
            let facts: Vec<String> = c
                .file_count
                .map(|n| n.to_string())
                .into_iter()
                .chain(c.total_file_size.map(human_size))
                .collect();
            let name = or_dash(c.category.as_deref());
            if facts.is_empty() {
                name
            } else {
                format!("{name} ({})", facts.join(", "))
            }
        })
        .collect();
    let listed = data.files.len();
    let files = match (data.file_count, data.total_file_size) {
        (Some(n), Some(size)) => format!("{}, {} in all", count_u64(n), human_size(size)),
        (Some(n), None) => count_u64(n),
        (None, Some(size)) => format!("{} in all", human_size(size)),
        (None, None) => count(listed, "file", "files"),
    };
    let mut fields = vec![
        ("Observed", Value::One(when(observed))),
        (
            "Activity",
            Value::One(span(data.first_activity_at, data.last_activity_at)),
        ),
        ("Exposure", Value::List(data.exposure_types.clone())),
        ("Sources", Value::List(data.sources.clone())),
        ("Destinations", Value::List(data.destinations())),
    ];
    if !data.sending_ip_addresses.is_empty() {
        fields.push((
            "Sending IPs",
            Value::List(data.sending_ip_addresses.clone()),
        ));
    }
    if let Some(remote) = data.is_remote_activity {
        fields.push((
            "Remote",
            Value::One(if remote { "yes" } else { "no" }.into()),
        ));
    }
    fields.push(("Categories", Value::List(categories)));
    fields.push(("Files", Value::One(files)));
    let column = sheet.fields(4, &fields);
    for file in data.files.iter().take(FILES_SHOWN) {
        let mut facts = Vec::new();
        if let Some(size) = file.size {
            facts.push(human_size(size));
        }
        facts.extend(file.category.clone());
        facts.extend(file.risk_severity().map(str::to_string));
        sheet.item(
            column,
            &format!("{}  {}", or_dash(file.name.as_deref()), facts.join(" · ")),
        );
        if let Some(path) = file.path.as_deref().filter(|p| !p.is_empty()) {
            sheet.item(column.saturating_add(2), path);
        }
    }
    if listed > FILES_SHOWN {
        sheet.item(
            column,
            &format!(
                "… and {} more (--format json lists every one)",
                listed.saturating_sub(FILES_SHOWN)
            ),
        );
    }
}

fn count_u64(n: u64) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

/// The start of raw server text (sanitised when shown).
fn excerpt(raw: &str) -> String {
    let shown: String = raw.chars().take(RAW_SHOWN).collect();
    if raw.chars().nth(RAW_SHOWN).is_some() {
        format!("{shown}…")
    } else {
        shown
    }
}

pub(crate) fn session_sheet(
    s: &Session,
    events: Option<&Result<FileEventPage, ApiError>>,
    width: usize,
) -> String {
    let mut sheet = Sheet::new(width);
    let mut severity = s
        .severity()
        .map(|n| severity_name(n).to_string())
        .unwrap_or_else(|| "—".into());
    if let Some(score) = s.score() {
        severity.push_str(&format!(" (score {score})"));
    }
    let events_line = format!(
        "critical {} · high {} · moderate {} · low {} · no risk {}",
        s.critical_events, s.high_events, s.moderate_events, s.low_events, s.no_risk_events
    );
    let fields = vec![
        ("Actor", Value::One(or_dash(s.actor_name.as_deref()))),
        ("Severity", Value::One(severity)),
        ("State", Value::One(or_dash(s.state().map(|x| x.as_wire())))),
        ("Begin", Value::One(when(s.begin_time))),
        ("End", Value::One(when(s.end_time))),
        ("Updated", Value::One(when(s.last_updated))),
        ("Events", Value::One(events_line)),
        ("Type", Value::One(or_dash(s.session_type.as_deref()))),
        (
            "Inspection",
            Value::One(or_dash(s.inspection_status().as_deref())),
        ),
        ("Id", Value::One(s.session_id.clone())),
        (
            "Context",
            Value::Lines(or_dash(s.context_summary.as_deref())),
        ),
        (
            "Exfiltration",
            Value::Lines(or_dash(s.exfiltration_summary.as_deref())),
        ),
    ];
    sheet.fields(0, &fields);

    sheet.blank();
    sheet.heading(0, &format!("Risk indicators ({})", s.risk_indicators.len()));
    for indicator in &s.risk_indicators {
        let mut facts = Vec::new();
        if let Some(weight) = indicator.weight {
            facts.push(format!("weight {weight}"));
        }
        if let Some(n) = indicator.event_count {
            facts.push(format!("{n} {}", if n == 1 { "event" } else { "events" }));
        }
        sheet.item(
            2,
            &format!(
                "{}  {}",
                or_dash(indicator.name.as_deref()),
                facts.join(" · ")
            ),
        );
    }

    sheet.blank();
    sheet.heading(0, &format!("Alerts ({})", s.triggered_alerts.len()));
    for alert in &s.triggered_alerts {
        sheet.item(
            2,
            &format!(
                "{}  {}",
                or_dash(alert.alert_id.as_deref()),
                or_dash(alert.rule_name.as_deref())
            ),
        );
    }

    if let Some(events) = events {
        sheet.blank();
        session_files(&mut sheet, events, &s.session_id);
    }

    sheet.blank();
    sheet.heading(0, &format!("State history ({})", s.states.len()));
    for change in &s.states {
        let by = change
            .user_id
            .as_deref()
            .filter(|u| !u.is_empty())
            .map(|u| format!(" by {u}"))
            .unwrap_or_default();
        sheet.item(
            2,
            &format!(
                "{}  {}{by}",
                when(change.source_timestamp),
                or_dash(change.current().map(|x| x.as_wire()))
            ),
        );
    }

    sheet.blank();
    sheet.heading(0, &format!("Notes ({})", s.notes.len()));
    for note in &s.notes {
        let by = note
            .user_id
            .as_deref()
            .filter(|u| !u.is_empty())
            .map(|u| format!(" by {u}"))
            .unwrap_or_default();
        sheet.item(2, &format!("{}{by}", when(note.source_timestamp)));
        sheet.paragraph(4, &or_dash(note.content.as_deref()));
    }
    sheet.into_string()
}

/// The files of a session's file events: name, size, category, risk, where each went
/// and the folder it came from.
fn session_files(sheet: &mut Sheet, events: &Result<FileEventPage, ApiError>, id: &str) {
    let page = match events {
        Ok(page) => page,
        Err(e) => {
            sheet.fields(
                0,
                &[(
                    "Files",
                    Value::One(format!("the session's file events could not be read: {e}")),
                )],
            );
            return;
        }
    };
    let read: Vec<&crate::api::FileEvent> = page
        .file_events
        .iter()
        .filter_map(|e| match e {
            Item::Read(e) => Some(e),
            Item::Unreadable(_) => None,
        })
        .collect();
    let unreadable = page.file_events.len().saturating_sub(read.len());
    let total = usize::try_from(page.total_count)
        .unwrap_or(usize::MAX)
        .max(page.file_events.len());
    let mut heading = format!("Files ({}", count(total, "file event", "file events"));
    if unreadable > 0 {
        heading.push_str(&format!(", {unreadable} of them unreadable"));
    }
    heading.push(')');
    sheet.heading(0, &heading);
    for event in read.iter().take(FILES_SHOWN) {
        let file = event.file.as_ref();
        let mut facts = Vec::new();
        if let Some(size) = file.and_then(|f| f.size_in_bytes) {
            facts.push(human_size(size));
        }
        facts.extend(file.and_then(|f| f.category.clone()));
        facts.extend(event.risk.as_ref().and_then(|r| r.severity.clone()));
        let to = event
            .destination
            .as_ref()
            .and_then(|d| d.name.clone().or_else(|| d.category.clone()))
            .map(|d| format!(" → {d}"))
            .unwrap_or_default();
        sheet.item(
            2,
            &format!(
                "{}  {}{to}",
                or_dash(file.and_then(|f| f.name.as_deref())),
                facts.join(" · ")
            ),
        );
        if let Some(dir) = file
            .and_then(|f| f.directory.as_deref())
            .filter(|d| !d.is_empty())
        {
            sheet.item(4, dir);
        }
    }
    let not_listed = total.saturating_sub(read.len().min(FILES_SHOWN).saturating_add(unreadable));
    if not_listed > 0 {
        sheet.item(
            2,
            &format!("… and {not_listed} more: triage42 sessions events {id}"),
        );
    }
}
