//! Random, mostly malformed searches against one demo tenant: every answer is a 200 or a
//! 400, never a 5xx and never a dropped connection.
//!
//! Runs proptest's default number of cases; `PROPTEST_CASES` raises it.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Map, Value, json};
use triage42_demo::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DemoConfig, DemoServer};

/// One tenant, one runtime and one token for every case of every property.
struct Tenant {
    runtime: tokio::runtime::Runtime,
    http: reqwest::Client,
    base: String,
    token: String,
    _server: DemoServer,
}

fn tenant() -> &'static Tenant {
    static TENANT: OnceLock<Tenant> = OnceLock::new();
    TENANT.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let http = reqwest::Client::new();
        let (server, token) = runtime.block_on(async {
            let server = DemoServer::start(
                "127.0.0.1:0".parse().expect("address"),
                DemoConfig {
                    alerts: 30,
                    seed: 11,
                    ..DemoConfig::default()
                },
            )
            .await
            .expect("demo tenant");
            let answer: Value = http
                .post(format!("{}/v1/oauth", server.base_url()))
                .basic_auth(DEMO_CLIENT_ID, Some(DEMO_CLIENT_SECRET))
                .send()
                .await
                .expect("login")
                .json()
                .await
                .expect("token body");
            let token = answer["access_token"]
                .as_str()
                .expect("access_token")
                .to_string();
            (server, token)
        });
        Tenant {
            runtime,
            http,
            base: server.base_url(),
            token,
            _server: server,
        }
    })
}

/// Posts `body` (raw text) and returns the status and the answer parsed as JSON.
fn post(path: &str, body: String) -> Result<(u16, Value), String> {
    let t = tenant();
    t.runtime.block_on(async {
        let answer = t
            .http
            .post(format!("{}{path}", t.base))
            .bearer_auth(&t.token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("no answer: {e}"))?;
        let status = answer.status().as_u16();
        let text = answer
            .text()
            .await
            .map_err(|e| format!("answer cut off: {e}"))?;
        let value = serde_json::from_str(&text)
            .map_err(|e| format!("status {status}, body is not JSON ({e}): {text}"))?;
        Ok((status, value))
    })
}

// ---- strategies ----

fn digits() -> BoxedStrategy<String> {
    prop_oneof![
        3 => (0u64..400).prop_map(|n| n.to_string()),
        2 => any::<u64>().prop_map(|n| n.to_string()),
        3 => "[0-9]{12,30}",
        1 => Just(String::new()),
    ]
    .boxed()
}

/// ISO-8601-ish durations, many of them far too long or malformed.
fn duration() -> BoxedStrategy<String> {
    prop_oneof![
        (digits(), select(vec!["Y", "M", "W", "D", ""])).prop_map(|(n, u)| format!("P{n}{u}")),
        (digits(), select(vec!["H", "M", "S", "D"])).prop_map(|(n, u)| format!("PT{n}{u}")),
        (digits(), digits(), digits()).prop_map(|(d, h, m)| format!("P{d}DT{h}H{m}M")),
        (digits(), digits()).prop_map(|(y, w)| format!("P{y}Y{w}W")),
        "P[0-9YMWDTHS-]{0,14}",
        ".{0,14}",
    ]
    .boxed()
}

/// Dates and date-times, including years far outside chrono's range.
fn date() -> BoxedStrategy<String> {
    prop_oneof![
        (any::<i32>(), 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (any::<i64>(), 0u32..25, 0u32..61)
            .prop_map(|(y, h, s)| format!("{y:+}-12-31T{h:02}:59:{s:02}.999Z")),
        (-300_000i64..300_000, 0i32..24, 0i32..60, any::<bool>()).prop_map(|(y, oh, om, east)| {
            let sign = if east { '+' } else { '-' };
            format!("{y}-01-01T00:00:00{sign}{oh:02}:{om:02}")
        }),
        (1900i32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02} 12:00:00.5")),
        any::<i64>().prop_map(|n| n.to_string()),
        select(vec![
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+23:59",
            "+262143-12-31",
            "-262144-01-01",
            "262143-12-31T23:59:59Z",
            "9223372036854775807",
            "-9223372036854775808",
        ])
        .prop_map(String::from),
        "[0-9T:Z+. -]{0,30}",
    ]
    .boxed()
}

/// Any JSON scalar the wire can carry, leaning towards the awkward ones.
fn leaf() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        select(vec![i64::MAX, i64::MIN, 0, -1, 1, 10_000, 10_001]).prop_map(Value::from),
        ".{0,16}".prop_map(Value::from),
        duration().prop_map(Value::from),
        date().prop_map(Value::from),
        select(vec![
            "OPEN", "HIGH", "*", "a*b*", "*.xlsx", "CRITICAL", "Endpoint", "",
        ])
        .prop_map(Value::from),
    ]
    .boxed()
}

fn json_value() -> BoxedStrategy<Value> {
    leaf()
        .prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(".{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
            ]
        })
        .boxed()
}

/// Mostly `typed`, now and then a JSON value of any type in its place. Kept rare: one
/// wrong type anywhere makes the whole body unreadable, and most bodies should get further.
fn rarely_wrong(typed: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![40 => typed, 1 => json_value()].boxed()
}

fn term(known: &'static [&'static str]) -> BoxedStrategy<Value> {
    rarely_wrong(
        prop_oneof![
            6 => select(known).prop_map(Value::from),
            2 => ".{0,12}".prop_map(Value::from),
        ]
        .boxed(),
    )
}

const TIME_OPERATORS: &[&str] = &["ON_OR_AFTER", "ON_OR_BEFORE", "BEFORE", "AFTER", "ON"];

const OTHER_OPERATORS: &[&str] = &[
    "IS",
    "IS_NOT",
    "IS_ANY",
    "IS_NONE",
    "EXISTS",
    "DOES_NOT_EXIST",
    "GREATER_THAN",
    "LESS_THAN",
    "CONTAINS",
    "DOES_NOT_CONTAIN",
    "is",
];

/// Any operator: a known one, a made-up one, or not even a string.
fn operator() -> BoxedStrategy<Value> {
    prop_oneof![
        2 => select(TIME_OPERATORS).prop_map(Value::from),
        1 => select(vec!["WITHIN_THE_LAST", "within_the_last"]).prop_map(Value::from),
        4 => select(OTHER_OPERATORS).prop_map(Value::from),
        1 => ".{0,10}".prop_map(Value::from),
    ]
    .boxed()
}

fn filter_value() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => leaf(),
        2 => duration().prop_map(Value::from),
        2 => date().prop_map(Value::from),
        1 => json_value(),
        1 => prop::collection::vec(".{0,8}".prop_map(Value::from), 0..5).prop_map(Value::Array),
    ]
    .boxed()
}

fn make_filter(term: Value, operator: Value, value: Option<Value>) -> Value {
    let mut f = json!({"term": term, "operator": operator});
    if let Some(value) = value {
        f["value"] = value;
    }
    f
}

/// A filter whose value mostly suits its operator (dates for date operators, durations for
/// `WITHIN_THE_LAST`), so that most reach evaluation; sometimes anything at all.
fn filter(known: &'static [&'static str]) -> BoxedStrategy<Value> {
    let suited_value =
        |values: BoxedStrategy<Value>| prop_oneof![8 => values.prop_map(Some), 1 => Just(None)];
    let filters = prop_oneof![
        3 => (
            term(known),
            select(TIME_OPERATORS).prop_map(Value::from),
            suited_value(date().prop_map(Value::from).boxed()),
        )
            .prop_map(|(t, o, v)| make_filter(t, o, v)),
        3 => (
            term(known),
            Just(Value::from("WITHIN_THE_LAST")),
            suited_value(duration().prop_map(Value::from).boxed()),
        )
            .prop_map(|(t, o, v)| make_filter(t, o, v)),
        3 => (term(known), select(OTHER_OPERATORS).prop_map(Value::from), suited_value(leaf()))
            .prop_map(|(t, o, v)| make_filter(t, o, v)),
        2 => (term(known), rarely_wrong(operator()), prop::option::of(filter_value()))
            .prop_map(|(t, o, v)| make_filter(t, o, v)),
    ]
    .boxed();
    rarely_wrong(filters)
}

fn clause() -> BoxedStrategy<Value> {
    rarely_wrong(
        prop_oneof![
            6 => select(vec!["AND", "OR", "and", "or"]).prop_map(Value::from),
            1 => ".{0,6}".prop_map(Value::from),
        ]
        .boxed(),
    )
}

/// A value for an optional text field such as `srtKey` or `pgToken`.
fn text_field() -> BoxedStrategy<Value> {
    rarely_wrong(
        prop_oneof![
            6 => ".{0,12}".prop_map(Value::from),
            2 => select(vec!["", "asc", "desc", "DESC", "event.id", "@timestamp", "CreatedAt"])
                .prop_map(Value::from),
            1 => Just(Value::Null),
        ]
        .boxed(),
    )
}

/// A filter group; file-event groups may nest subgroups.
fn group(known: &'static [&'static str], nested: bool) -> BoxedStrategy<Value> {
    let flat = (
        prop::option::of(clause()),
        prop::collection::vec(filter(known), 0..4),
    )
        .prop_map(|(c, filters)| {
            let mut g = json!({"filters": filters});
            if let Some(c) = c {
                g["filterClause"] = c;
            }
            g
        });
    if !nested {
        return flat.boxed();
    }
    flat.prop_recursive(2, 12, 3, |inner| {
        (
            prop::option::of(clause()),
            prop::collection::vec(inner, 0..3),
        )
            .prop_map(|(c, subgroups)| {
                let mut g = json!({"subgroups": subgroups});
                if let Some(c) = c {
                    g["subgroupClause"] = c;
                }
                g
            })
    })
    .boxed()
}

/// A paging number: absent, plausible, extreme, or of the wrong type.
fn number_field() -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        12 => Just(None),
        12 => (-3i64..30).prop_map(|n| Some(json!(n))),
        3 => any::<i64>().prop_map(|n| Some(json!(n))),
        3 => select(vec![i64::MAX, i64::MIN, 10_000, 10_001, 500, 501, 0, -1])
            .prop_map(|n| Some(json!(n))),
        // Not an i64 at all.
        1 => prop_oneof![
            select(vec![json!(u64::MAX), json!(1e300), json!(-1e300), json!(0.5), json!("1")]),
            json_value(),
        ]
        .prop_map(Some),
    ]
    .boxed()
}

/// A whole search body, or now and then something that is not a search at all.
fn search_body(
    known: &'static [&'static str],
    nested: bool,
    extra: &'static [&'static str],
) -> BoxedStrategy<Value> {
    let fields = (
        prop::option::of(clause()),
        rarely_wrong(
            prop::collection::vec(group(known, nested), 0..4)
                .prop_map(Value::Array)
                .boxed(),
        ),
        number_field(),
        number_field(),
        prop::collection::vec((select(extra), text_field()), 0..3),
    )
        .prop_map(|(group_clause, groups, pg_num, pg_size, others)| {
            let mut body = Map::new();
            if let Some(c) = group_clause {
                body.insert("groupClause".into(), c);
            }
            body.insert("groups".into(), groups);
            if let Some(n) = pg_num {
                body.insert("pgNum".into(), n);
            }
            if let Some(n) = pg_size {
                body.insert("pgSize".into(), n);
            }
            for (k, v) in others {
                body.insert(k.to_string(), v);
            }
            Value::Object(body)
        });
    prop_oneof![
        20 => fields,
        1 => json_value(),
    ]
    .boxed()
}

const EVENT_TERMS: &[&str] = &[
    "@timestamp",
    "event.id",
    "event.action",
    "event.inserted",
    "event.observer",
    "file.name",
    "file.category",
    "file.sizeInBytes",
    "file.hash.md5",
    "user.email",
    "risk.score",
    "risk.severity",
    "risk.indicators.name",
    "destination.tabs.url",
    "source.ip",
    "eventTimestamp",
    "insertionTimestamp",
    "fileName",
    "riskScore",
    "deviceUserName",
];

const EVENT_EXTRAS: &[&str] = &["pgToken", "srtKey", "srtDir", "groupClause"];

const ALERT_TERMS: &[&str] = &[
    "CreatedAt",
    "DateObserved",
    "State",
    "StateLastModifiedAt",
    "RiskSeverity",
    "Severity",
    "Type",
    "Actor",
    "ActorId",
    "AlertId",
    "Name",
    "RuleId",
    "RuleSource",
    "notes",
];

const ALERT_EXTRAS: &[&str] = &["srtKey", "srtDirection", "tenantId"];

fn check(path: &str, body: &Value, list: &str) -> Result<(), TestCaseError> {
    let (status, answer) = post(path, body.to_string())
        .map_err(|e| TestCaseError::fail(format!("POST {path} {body}: {e}")))?;
    prop_assert!(
        status == 200 || status == 400,
        "POST {path} {body}: status {status}: {answer}"
    );
    prop_assert!(
        answer[list].is_array(),
        "POST {path} {body}: no `{list}` in {answer}"
    );
    if status == 400 {
        prop_assert!(
            answer["problems"][0]["type"].is_string(),
            "POST {path} {body}: a 400 names its problem: {answer}"
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn file_event_searches_answer_200_or_400(
        path in select(vec!["/v2/file-events", "/v1/file-events"]),
        body in search_body(EVENT_TERMS, true, EVENT_EXTRAS),
    ) {
        check(path, &body, "fileEvents")?;
    }

    #[test]
    fn alert_searches_answer_200_or_400(
        path in select(vec!["/v1/alerts/query-alerts", "/svc/api/v1/query-alerts"]),
        body in search_body(ALERT_TERMS, false, ALERT_EXTRAS),
    ) {
        check(path, &body, "alerts")?;
    }
}
