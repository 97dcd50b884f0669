//! Deterministic, realistic seed data: the same seed always gives the same tenant.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SubsecRound, TimeDelta, Utc};

use super::store::{
    Actor, Alert, CHANNELS, Case, Document, EventId, EventRange, FileEvent, Observation, Rule,
    Store, Sym, Uuid,
};

/// splitmix64: tiny, fast and stable across releases, so a seed means the same data forever.
#[derive(Debug, Clone)]
pub struct Prng(u64);

impl Prng {
    pub fn new(seed: u64) -> Self {
        Prng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64().checked_rem(n).unwrap_or(0)
        }
    }
    /// One of `items`; `None` only when there are none.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(usize::try_from(self.below(items.len() as u64)).ok()?)
    }
    pub fn pick_copy<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        self.pick(items).copied()
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// A uuid kept as its two random words (written out as [`Prng::uuid`] writes it).
    pub fn uuid_words(&mut self) -> Uuid {
        let a = self.next_u64();
        let b = self.next_u64();
        Uuid { a, b }
    }
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        // One per alert: written without the formatting machinery, which was a quarter
        // of the seed's time.
        String::from_utf8(super::store::uuid_bytes(a, b).to_vec()).unwrap_or_else(|_| {
            let mut text = String::with_capacity(36);
            let _ = super::store::write_uuid(a, b, &mut text);
            text
        })
    }
    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(len);
        s
    }
}

const FIRST: &[&str] = &[
    "ada", "bruno", "carla", "dmitri", "elena", "farid", "grace", "hiro", "ines", "jamal", "kofi",
    "lena", "marco", "nadia", "oscar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "victor",
    "wen", "ximena", "yusuf", "zoe", "bob", "alice", "mei", "omar",
];
const LAST: &[&str] = &[
    "okafor",
    "lindqvist",
    "moreau",
    "tanaka",
    "garcia",
    "novak",
    "haddad",
    "kowalski",
    "silva",
    "brennan",
    "ivanova",
    "mensah",
    "castillo",
    "fischer",
    "nakamura",
    "oconnell",
    "rahman",
];
const DEPARTMENTS: &[&str] = &[
    "Engineering",
    "Sales",
    "Finance",
    "Legal",
    "Marketing",
    "Research",
    "Support",
    "HR",
];

struct RuleTemplate {
    name: &'static str,
    description: &'static str,
    rule_type: &'static str,
    source: &'static str,
    severity: &'static str,
}

const RULES: &[RuleTemplate] = &[
    RuleTemplate {
        name: "Departing Employee Exfiltration",
        description: "Files moved by users on the departing employee watchlist",
        rule_type: "FED_ENDPOINT_EXFILTRATION",
        source: "Departing Employee",
        severity: "HIGH",
    },
    RuleTemplate {
        name: "Departing Employee Cloud Sharing",
        description: "Departing employees sharing files outside the company",
        rule_type: "FED_CLOUD_SHARE_PERMISSIONS",
        source: "Departing Employee",
        severity: "HIGH",
    },
    RuleTemplate {
        name: "Source Code to Removable Media",
        description: "Source code copied to USB drives",
        rule_type: "FED_ENDPOINT_EXFILTRATION",
        source: "Alerting",
        severity: "HIGH",
    },
    RuleTemplate {
        name: "Personal Cloud Upload",
        description: "Uploads to personal cloud storage from corporate endpoints",
        rule_type: "FED_ENDPOINT_EXFILTRATION",
        source: "Alerting",
        severity: "MEDIUM",
    },
    RuleTemplate {
        name: "Public Link Sharing",
        description: "Files shared with anyone who has the link",
        rule_type: "FED_CLOUD_SHARE_PERMISSIONS",
        source: "Alerting",
        severity: "MEDIUM",
    },
    RuleTemplate {
        name: "High Risk Employee Activity",
        description: "Any exfiltration by users on the high risk watchlist",
        rule_type: "FED_COMPOSITE",
        source: "High Risk Employee",
        severity: "HIGH",
    },
    RuleTemplate {
        name: "File Type Mismatch - Archives",
        description: "Archives renamed to look like images or documents",
        rule_type: "FED_FILE_TYPE_MISMATCH",
        source: "Alerting",
        severity: "LOW",
    },
    RuleTemplate {
        name: "Sensitive Spreadsheets to Webmail",
        description: "Spreadsheets uploaded to webmail in a browser",
        rule_type: "FED_ENDPOINT_EXFILTRATION",
        source: "Alerting",
        severity: "MEDIUM",
    },
    RuleTemplate {
        name: "Finance Documents Leaving",
        description: "Finance department files leaving through any vector",
        rule_type: "FED_COMPOSITE",
        source: "Alerting",
        severity: "HIGH",
    },
    RuleTemplate {
        name: "Contractor Bulk Download",
        description: "Large downloads by contractors",
        rule_type: "FED_ENDPOINT_EXFILTRATION",
        source: "High Risk Employee",
        severity: "LOW",
    },
    RuleTemplate {
        name: "Git Push to Unknown Repository",
        description: "Pushes to repositories outside the trusted list",
        rule_type: "FED_COMPOSITE",
        source: "Alerting",
        severity: "MEDIUM",
    },
    RuleTemplate {
        name: "Outside Trusted Domains",
        description: "Cloud files shared with untrusted domains",
        rule_type: "FED_CLOUD_SHARE_PERMISSIONS",
        source: "Alerting",
        severity: "LOW",
    },
];

struct DocTemplate {
    stem: &'static str,
    ext: &'static str,
    category: &'static str,
    mime: &'static str,
}

const DOCS: &[DocTemplate] = &[
    DocTemplate {
        stem: "customer_list",
        ext: "xlsx",
        category: "Spreadsheet",
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    DocTemplate {
        stem: "q3_forecast",
        ext: "xlsx",
        category: "Spreadsheet",
        mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    DocTemplate {
        stem: "salary_bands",
        ext: "csv",
        category: "Spreadsheet",
        mime: "text/csv",
    },
    DocTemplate {
        stem: "roadmap_2027",
        ext: "pptx",
        category: "Presentation",
        mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
    DocTemplate {
        stem: "board_deck",
        ext: "pptx",
        category: "Presentation",
        mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    },
    DocTemplate {
        stem: "merger_terms",
        ext: "docx",
        category: "Document",
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    DocTemplate {
        stem: "design_spec",
        ext: "docx",
        category: "Document",
        mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
    DocTemplate {
        stem: "contract_signed",
        ext: "pdf",
        category: "Pdf",
        mime: "application/pdf",
    },
    DocTemplate {
        stem: "patent_draft",
        ext: "pdf",
        category: "Pdf",
        mime: "application/pdf",
    },
    DocTemplate {
        stem: "billing_service",
        ext: "zip",
        category: "Archive",
        mime: "application/zip",
    },
    DocTemplate {
        stem: "repo_backup",
        ext: "tar.gz",
        category: "Archive",
        mime: "application/gzip",
    },
    DocTemplate {
        stem: "pricing_engine",
        ext: "rs",
        category: "SourceCode",
        mime: "text/x-rust",
    },
    DocTemplate {
        stem: "auth_handler",
        ext: "py",
        category: "SourceCode",
        mime: "text/x-python",
    },
    DocTemplate {
        stem: "deploy",
        ext: "sh",
        category: "Script",
        mime: "text/x-shellscript",
    },
    DocTemplate {
        stem: "whiteboard",
        ext: "png",
        category: "Image",
        mime: "image/png",
    },
    DocTemplate {
        stem: "team_offsite",
        ext: "jpg",
        category: "Image",
        mime: "image/jpeg",
    },
    DocTemplate {
        stem: "product_demo",
        ext: "mp4",
        category: "Video",
        mime: "video/mp4",
    },
    DocTemplate {
        stem: "installer",
        ext: "exe",
        category: "Executable",
        mime: "application/x-msdownload",
    },
    DocTemplate {
        stem: "dev_vm",
        ext: "vmdk",
        category: "VirtualDiskImage",
        mime: "application/octet-stream",
    },
    DocTemplate {
        stem: "all_hands",
        ext: "m4a",
        category: "Audio",
        mime: "audio/mp4",
    },
];

/// The channels of endpoint observations: the first `ENDPOINT_CHANNELS` of [`CHANNELS`].
const ENDPOINT_CHANNELS: u8 = 6;
/// The channels of cloud observations, after the endpoint ones.
const CLOUD_CHANNELS: u8 = 3;

const OUTSIDE_DOMAINS: &[&str] = &[
    "gmail.com",
    "protonmail.com",
    "rival-corp.example",
    "outlook.com",
];

/// The `i`-th of `items`, counting round and round.
fn cyclic<T: Copy>(items: &[T], i: usize) -> Option<T> {
    items.get(i.checked_rem(items.len())?).copied()
}

/// `t + by` for the generator's offsets, which are far inside chrono's range.
fn later(t: DateTime<Utc>, by: TimeDelta) -> DateTime<Utc> {
    t.checked_add_signed(by).unwrap_or(t)
}

/// `t - by` for the generator's offsets.
fn earlier(t: DateTime<Utc>, by: TimeDelta) -> DateTime<Utc> {
    t.checked_sub_signed(by).unwrap_or(t)
}

/// What the file events of an actor's alerts repeat.
struct ActorTexts {
    documents: Sym,
    projects: Sym,
    hostname: Sym,
    github: Sym,
}

/// Builds the whole tenant. `now` anchors the 88-day window of creation times.
pub fn generate(alert_count: usize, seed: u64, now: DateTime<Utc>) -> Store {
    // Millisecond precision, so every timestamp survives the wire formats exactly.
    let now = now.trunc_subsecs(3);
    let mut rng = Prng::new(seed);
    let mut store = Store {
        next_case_number: 1,
        next_note_id: 1,
        ..Store::default()
    };

    let mut used = HashMap::new();
    // 60 actors: first names in order, round after round (`round` counts from 0).
    let names = (0usize..).flat_map(|round| FIRST.iter().map(move |first| (round, *first)));
    for (i, (round, first)) in names.take(60).enumerate() {
        let last = cyclic(LAST, i.wrapping_mul(7).wrapping_add(round)).unwrap_or_default();
        let mut email = format!("{first}.{last}@example.com");
        if used.insert(email.clone(), ()).is_some() {
            email = format!("{first}.{last}{i}@example.com");
        }
        let hostname = format!(
            "{}-{}",
            first.get(..3).unwrap_or(first).to_uppercase(),
            rng.hex(6).to_uppercase()
        );
        store.actors.push(Actor {
            email,
            id: format!(
                "{}",
                900_000_000_000_000_000u64.wrapping_add(rng.below(99_999_999_999_999_999))
            ),
            device_uid: format!(
                "{}",
                1_000_000_000_000_000_000u64.wrapping_add(rng.below(999_999_999_999_999_999))
            ),
            hostname,
            department: rng.pick_copy(DEPARTMENTS).unwrap_or_default(),
        });
    }

    store.actor_profiles = super::actor_profiles::profiles(&store.actors);

    for (i, t) in RULES.iter().enumerate() {
        let watched = (0..3)
            .filter_map(|_| rng.pick(&store.actors).map(|a| a.email.clone()))
            .collect();
        store.rules.push(Rule {
            id: rng.uuid(),
            name: t.name.to_string(),
            description: t.description.to_string(),
            rule_type: t.rule_type,
            source: t.source,
            severity: t.severity,
            created_at: earlier(
                now,
                Duration::days((i as i64).wrapping_mul(11).wrapping_add(200)),
            ),
            created_by: "admin@example.com".to_string(),
            is_enabled: i.wrapping_add(1) != RULES.len(),
            watched_users: if t.source == "Alerting" {
                Vec::new()
            } else {
                watched
            },
        });
    }

    // A pool of files shared across actors, so one hash turns up in many events.
    let doc_pool = (alert_count / 2).clamp(40, 5000);
    // The templates in order, round after round; `version` counts from 1.
    let docs = (1usize..).flat_map(|version| DOCS.iter().map(move |t| (version, t)));
    for (version, t) in docs.take(doc_pool) {
        let suffix = if version == 1 {
            String::new()
        } else {
            format!("_v{version}")
        };
        let size = match t.category {
            "Video" | "VirtualDiskImage" => rng.below(4_000_000_000).wrapping_add(50_000_000),
            "Archive" => rng.below(900_000_000).wrapping_add(1_000_000),
            "SourceCode" | "Script" => rng.below(60_000).wrapping_add(800),
            _ => rng.below(8_000_000).wrapping_add(20_000),
        };
        store.documents.push(Document {
            name: format!("{}{}.{}", t.stem, suffix, t.ext),
            category: t.category,
            mime_type: t.mime,
            size,
            md5: rng.hex(32),
            sha256: rng.hex(64),
        });
    }

    // The text file events repeat, made once: each actor's folders, host name and
    // repository link, each address, each channel's upload link.
    let empty = Sym::new("");
    let actor_texts: Vec<ActorTexts> = store
        .actors
        .iter()
        .map(|a| {
            let user_dir = a.email.split('@').next().unwrap_or("user");
            ActorTexts {
                documents: Sym::new(&format!("C:/Users/{user_dir}/Documents/")),
                projects: Sym::new(&format!("/Users/{user_dir}/Projects/")),
                hostname: Sym::new(&a.hostname),
                github: Sym::new(&format!("https://github.com/{user_dir}/scratch")),
            }
        })
        .collect();
    let channel_urls: Vec<Option<Sym>> = CHANNELS
        .iter()
        .map(|c| {
            c.destination_name.map(|d| match d {
                "Gmail" => Sym::new("https://mail.google.com/mail/u/0/#inbox"),
                "Slack" => Sym::new("https://app.slack.com/client"),
                other => Sym::new(&format!(
                    "https://{}.example/upload",
                    other.to_lowercase().replace(' ', "")
                )),
            })
        })
        .collect();
    let mut source_ips: HashMap<u64, Sym> = HashMap::new();
    let [open, resolved, pending, in_progress] =
        ["OPEN", "RESOLVED", "PENDING", "IN_PROGRESS"].map(Sym::new);
    let soc_lead = Sym::new("soc.lead@example.com");
    // Each outside address (a first name at an outside domain), made once: the picks
    // below draw the same two numbers `pick_copy` would.
    let outside_addresses: Vec<Sym> = FIRST
        .iter()
        .flat_map(|name| {
            OUTSIDE_DOMAINS
                .iter()
                .map(move |domain| Sym::new(&format!("{name}@{domain}")))
        })
        .collect();
    // Each rule's watched users as positions in the actors, found once instead of by
    // comparing addresses for every alert (the first actor of an address, as before).
    let watched_actors: Vec<Vec<usize>> = store
        .rules
        .iter()
        .map(|r| {
            r.watched_users
                .iter()
                .map(|email| {
                    store
                        .actors
                        .iter()
                        .position(|a| a.email == *email)
                        .unwrap_or(0)
                })
                .collect()
        })
        .collect();
    // About 4.5 file events an alert.
    store.file_events.reserve(alert_count.saturating_mul(9) / 2);
    store.alerts.reserve(alert_count);
    store.alert_index.reserve(alert_count);

    // Creation times over the last 88 days: an alert's events come a little before it,
    // and the official CLI searches only days that begin within the last 90, so even
    // the oldest event's whole day must be inside that, at any time of day.
    let window_secs = 88 * 24 * 3600;
    let mut created: Vec<i64> = (0..alert_count)
        .map(|_| rng.below(window_secs) as i64)
        .collect();
    created.sort_unstable();
    for (n, offset) in created.into_iter().enumerate() {
        let rule_idx = rng.below(store.rules.len() as u64) as usize;
        let (rule_type, watched) = store
            .rules
            .get(rule_idx)
            .map(|r| (r.rule_type, r.watched_users.as_slice()))
            .unwrap_or_default();
        let actor_idx = if !watched.is_empty() && rng.chance(60) {
            watched_actors
                .get(rule_idx)
                .and_then(|actors| rng.pick_copy(actors))
                .unwrap_or(0)
        } else {
            rng.below(store.actors.len() as u64) as usize
        };
        let created_at = earlier(
            earlier(now, Duration::seconds(offset)),
            Duration::milliseconds(rng.below(1000) as i64),
        );
        let cloud = rule_type == "FED_CLOUD_SHARE_PERMISSIONS"
            || (rule_type == "FED_COMPOSITE" && rng.chance(30));
        let obs_count = (rng.below(2) as usize).wrapping_add(1);
        let mut observations = Vec::with_capacity(obs_count);
        let mut top_score = 0;
        let texts = actor_texts.get(actor_idx);
        for o in 0..obs_count {
            let channel_idx = if cloud {
                ENDPOINT_CHANNELS.saturating_add(rng.below(u64::from(CLOUD_CHANNELS)) as u8)
            } else {
                rng.below(u64::from(ENDPOINT_CHANNELS)) as u8
            };
            let Some(channel) = CHANNELS.get(usize::from(channel_idx)) else {
                continue;
            };
            let obs_type = if cloud {
                "FedCloudSharePermissions"
            } else if rule_type == "FED_FILE_TYPE_MISMATCH" {
                "FedFileTypeMismatch"
            } else {
                "FedEndpointExfiltration"
            };
            let lead_minutes = (o as i64).wrapping_add(1).wrapping_mul(5).wrapping_add(10);
            let first_activity = earlier(created_at, Duration::minutes(lead_minutes));
            let file_count = (rng.below(5) as usize).wrapping_add(1);
            let first_event = store.file_events.len() as u32;
            let octet = rng.below(254).wrapping_add(1);
            let source_ip = *source_ips
                .entry(octet)
                .or_insert_with(|| Sym::new(&format!("203.0.113.{octet}")));
            let tab_url = match channel.destination_name {
                Some("GitHub") => texts.map(|t| t.github),
                Some(_) => channel_urls
                    .get(usize::from(channel_idx))
                    .copied()
                    .flatten(),
                None => None,
            };
            for f in 0..file_count {
                let document = rng.below(store.documents.len() as u64) as u32;
                let spread = (f as i64)
                    .wrapping_mul(37)
                    .wrapping_add(rng.below(240) as i64);
                let timestamp = later(first_activity, Duration::seconds(spread));
                let mut score = (rng.below(8) as u32).wrapping_add(3);
                if n.is_multiple_of(3) {
                    score = score.max(7);
                }
                top_score = top_score.max(score);
                let directory = if cloud {
                    empty
                } else if rng.chance(50) {
                    texts.map_or(empty, |t| t.documents)
                } else {
                    texts.map_or(empty, |t| t.projects)
                };
                let position = store.file_events.len() as u32;
                let (a, b) = (rng.next_u64(), rng.next_u64());
                let id = EventId::Seeded {
                    a,
                    b,
                    n: rng.below(1_000_000_000_000),
                    position,
                };
                let inserted = later(
                    timestamp,
                    Duration::milliseconds((rng.below(90_000) as i64).wrapping_add(30_000)),
                );
                let observer = if cloud {
                    (rng.below(3) as u8).saturating_add(1)
                } else {
                    0
                };
                store.file_events.push(FileEvent {
                    id,
                    timestamp,
                    inserted,
                    actor: actor_idx as u16,
                    document,
                    channel: channel_idx,
                    observer,
                    risk_score: u8::try_from(score).unwrap_or(u8::MAX),
                    mismatch: rule_type == "FED_FILE_TYPE_MISMATCH",
                    directory,
                    source_name: texts.map_or(empty, |t| t.hostname),
                    source_ip,
                    tab_url,
                });
            }
            let outside_emails = if cloud {
                (0..rng.below(3).wrapping_add(1))
                    .map(|_| {
                        let name = rng.below(FIRST.len() as u64) as usize;
                        let domain = rng.below(OUTSIDE_DOMAINS.len() as u64) as usize;
                        outside_addresses
                            .get(
                                name.saturating_mul(OUTSIDE_DOMAINS.len())
                                    .saturating_add(domain),
                            )
                            .copied()
                            .unwrap_or(empty)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            observations.push(Observation {
                id: rng.uuid_words(),
                obs_type,
                observed_at: earlier(created_at, Duration::minutes((o as i64).wrapping_mul(3))),
                first_activity_at: first_activity,
                last_activity_at: later(first_activity, Duration::minutes(10)),
                channel: channel_idx,
                events: EventRange {
                    start: first_event,
                    len: file_count as u32,
                },
                sending_ip: (!cloud).then_some(source_ip),
                outside_emails,
            });
        }
        let risk_severity = match rng.below(100) {
            0..=14 => "CRITICAL",
            15..=44 => "HIGH",
            45..=74 => "MODERATE",
            75..=96 => "LOW",
            _ => "NO_RISK_INDICATED",
        };
        let _ = top_score;
        let state = match rng.below(100) {
            0..=54 => "OPEN",
            55..=79 => "RESOLVED",
            80..=89 => "PENDING",
            _ => "IN_PROGRESS",
        };
        let modified = state != "OPEN";
        let id = rng.uuid();
        store
            .alert_index
            .insert(&id, store.alerts.len(), &store.alerts);
        store.alerts.push(Alert {
            id,
            rule: rule_idx as u16,
            actor: actor_idx as u16,
            created_at,
            risk_severity,
            state: match state {
                "OPEN" => open,
                "RESOLVED" => resolved,
                "PENDING" => pending,
                _ => in_progress,
            },
            state_last_modified_by: modified.then_some(soc_lead),
            state_last_modified_at: modified
                .then(|| later(created_at, Duration::hours(3)).min(now)),
            note: None,
            observations,
            disorder: None,
        });
    }

    // A few notes, and a few cases that already hold evidence.
    for alert in store.alerts.iter_mut().step_by(7).take(alert_count / 7) {
        let id = store.next_note_id;
        store.next_note_id = id.wrapping_add(1);
        alert.note = Some(Box::new(super::store::Note {
            id: format!("{id}"),
            message: "Reviewed with the user's manager; waiting on HR.".to_string(),
            last_modified_at: later(alert.created_at, Duration::hours(5)).min(now),
            last_modified_by: "soc.lead@example.com".to_string(),
        }));
    }
    let case_names = [
        "Q3 forecast leak",
        "Departing engineer - source code",
        "Public links on finance drive",
    ];
    // Every third alert, for as many cases as there are names and alerts.
    let sources = case_names.iter().zip(store.alerts.iter().step_by(3));
    for (i, (name, alert)) in sources.enumerate() {
        let events = alert
            .observations
            .first()
            .map(|o| {
                o.events
                    .iter()
                    .filter_map(|e| store.file_events.get(e as usize))
                    .map(|e| e.id.to_string())
                    .collect()
            })
            .unwrap_or_default();
        let subject = store
            .actors
            .get(usize::from(alert.actor))
            .map(|a| a.id.clone());
        let created_at = later(alert.created_at, Duration::hours(8)).min(now);
        store.cases.push(Case {
            number: store.next_case_number,
            name: name.to_string(),
            description: Some(format!("Opened from alert {}", alert.id)),
            findings: Some("Initial triage: files confirmed leaving the device.".to_string()),
            subject,
            assignee: store.actors.get(1).map(|a| a.id.clone()),
            status: if i == 2 {
                "CLOSED".to_string()
            } else {
                "OPEN".to_string()
            },
            created_at,
            updated_at: created_at,
            created_by: "soc.lead@example.com".to_string(),
            last_modified_by: "soc.lead@example.com".to_string(),
            events,
        });
        store.next_case_number = store.next_case_number.wrapping_add(1);
    }
    store.watchlists = super::watchlist_seed::watchlists(&store, now);
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    /// FNV-1a over the Debug form of everything generated (maps excluded: their order varies).
    fn fingerprint(store: &Store) -> u64 {
        let text = format!(
            "{:?}{:?}{:?}{:?}{:?}{:?}{}{}",
            store.rules,
            store.actors,
            store.documents,
            store.alerts,
            store.file_events,
            store.cases,
            store.next_case_number,
            store.next_note_id
        );
        // The field `--messy` adds is not generated data; the hashes predate it.
        let text = text.replace(", disorder: None", "");
        text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        })
    }

    /// 2026-03-14T15:09:26.535897Z
    fn anchor() -> DateTime<Utc> {
        DateTime::from_timestamp_nanos(1_773_500_966_535_897_000)
    }

    fn rss_mib() -> f64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find(|l| l.starts_with("VmRSS:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// Where the memory of a large tenant goes (run with `--ignored --nocapture`,
    /// alone, in a release profile for the times).
    #[test]
    #[ignore]
    fn memory_of_a_large_tenant() {
        let before = rss_mib();
        let t = std::time::Instant::now();
        let store = generate(100_000, 3, anchor());
        let seeded = t.elapsed();
        let after_store = rss_mib();
        let sessions = crate::sessions::derive(&store);
        let after_sessions = rss_mib();
        println!(
            "store: {} alerts, {} file events in {seeded:.2?}, +{:.0} MiB; sessions ({}) +{:.0} MiB in {:.2?}",
            store.alerts.len(),
            store.file_events.len(),
            after_store - before,
            sessions.sessions.len(),
            after_sessions - after_store,
            t.elapsed() - seeded,
        );
    }

    #[test]
    fn the_same_seed_always_gives_the_same_tenant() {
        let mut mismatches = Vec::new();
        for (alerts, seed, expected) in [
            (500, 42, 0xc931_972f_0d43_9917u64),
            (37, 3, 0xa2db_c607_8b14_f2f6),
            (2_000, 1, 0x3e90_a379_30ba_976d),
            (1, 9, 0xeb0f_d27c_1ee5_08fb),
            (0, 5, 0x03a3_f37c_e5ef_4486),
        ] {
            let store = generate(alerts, seed, anchor());
            assert_eq!(store.alerts.len(), alerts);
            assert_eq!(store.alert_index.len(), alerts);
            // Every alert is found by its id through the hashed index; others are not.
            for a in &store.alerts {
                assert!(store.alert(&a.id).is_some_and(|found| found.id == a.id));
            }
            assert!(store.alert("no-such-alert").is_none());
            // Seeded events are found by the position their ids name, with no index.
            assert!(store.event_index.is_empty());
            for e in &store.file_events {
                let id = e.id.to_string();
                assert!(store.event(&id).is_some_and(|found| found.id == *id));
            }
            let got = fingerprint(&store);
            mismatches.extend((got != expected).then_some((alerts, seed, got)));
        }
        assert!(mismatches.is_empty(), "{mismatches:#x?}");
    }
}
