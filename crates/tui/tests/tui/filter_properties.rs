//! Typing can never crash the filter languages: the alert filter parser and the
//! file-event query compiler answer any text, at any `now`, with a query or an
//! error, and an error's span always lies within the text on character boundaries.
//! The `/` line of the TUI keeps its error in step with the text and always renders.
//!
//! Cases follow proptest's defaults; set `PROPTEST_CASES` to run more.

use chrono::{DateTime, Utc};
use crossterm::event::KeyCode;
use proptest::prelude::*;
use triage42_core::filter::SortSpec;
use triage42_core::filter::file_events::compile_at;
use triage42_core::filter::{self, ParseError, Span};
use triage42_tui::msg::Msg;
use triage42_tui::state::State;
use triage42_tui::update::update;

use crate::support;

// ---------------------------------------------------------------- strategies

/// Any instant chrono can hold, with the two ends of time themselves often.
fn any_now() -> impl Strategy<Value = DateTime<Utc>> {
    let first = DateTime::<Utc>::MIN_UTC.timestamp();
    let last = DateTime::<Utc>::MAX_UTC.timestamp();
    prop_oneof![
        Just(DateTime::<Utc>::MIN_UTC),
        Just(DateTime::<Utc>::MAX_UTC),
        Just(support::now()),
        (first..=last).prop_map(|secs| DateTime::from_timestamp(secs, 0).unwrap()),
    ]
}

/// Whole numbers around every limit an age meets: i64, chrono's TimeDelta and dates.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        // Every length up to well past i64, so each limit falls in some length.
        4 => "[1-9][0-9]{0,22}",
        1 => "[+-][0-9]{1,22}",
        1 => (0u32..1000).prop_map(|n| n.to_string()),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<i128>().prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "0",
            "-0",
            "+7",
            "100000000",
            "99999999",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "٣",
            "７",
        ])
        .prop_map(str::to_string),
    ]
}

fn unit() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => prop::sample::select(vec!["m", "h", "d", "w"]),
        1 => prop::sample::select(vec![
            "M", "D", "y", "s", "0", "é", "ß", "日", "🦀", "\u{301}", "\u{0}", "\u{7f}", "",
        ]),
    ]
}

fn age() -> impl Strategy<Value = String> {
    (number(), unit()).prop_map(|(n, u)| format!("{n}{u}"))
}

fn day() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (2000i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => (any::<i32>(), 0u32..14, 0u32..33).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => prop::sample::select(vec![
            "+262143-12-31",
            "-262144-01-01",
            "+262144-01-01",
            "2026-13-45",
            "2026-02-29",
            "2026-11",
            "9999999999-01-01",
        ])
        .prop_map(str::to_string),
    ]
}

fn days() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => day(),
        2 => (day(), day()).prop_map(|(a, b)| format!("{a}..{b}")),
        1 => Just("..".to_string()),
    ]
}

/// Bits of text that stress the scanner: quotes, separators, brackets, odd characters.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\"",
            "\"\"",
            ",",
            ",,",
            "|",
            "||",
            "(",
            ")",
            "any(",
            "any:",
            "any",
            ":",
            "!",
            "!=",
            "~",
            "=",
            "é",
            "e\u{301}",
            "🦀",
            "日本",
            "\u{0}",
            "\t",
            "\n",
            "\r",
            "\u{1b}[2J",
            "\u{85}",
            "\u{a0}",
            "\u{3000}",
            "\u{200b}",
            "\u{feff}",
            "\u{10ffff}",
            "\u{7f}",
        ])
        .prop_map(str::to_string),
        "\\PC{0,6}",
        "[\\x00-\\x1f\\x7f-\\u{a0}]{1,3}",
    ]
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z@._-]{1,8}",
        "[A-Za-z0-9éñ日]{1,6}",
        "\"[a-z ,|é]{0,8}\"",
    ]
}

fn one_of(names: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(names.to_vec()).prop_map(str::to_string)
}

fn list(item: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(item, 1..4).prop_map(|items| items.join(","))
}

/// A term as a person would type it: a real field, one of its operators, fitting values.
fn valid_term() -> impl Strategy<Value = String> {
    let text_field = one_of(&[
        "actor",
        "rule",
        "rule-id",
        "rule_id",
        "source",
        "type",
        "description",
        "Actor",
    ]);
    let states = list(one_of(&[
        "open",
        "resolved",
        "pending",
        "in_progress",
        "In-Progress",
    ]));
    let severities = list(one_of(&[
        "low", "moderate", "medium", "high", "CRITICAL", "none", "no_risk",
    ]));
    let list_op = one_of(&[":", "=", "!=", "!:"]);
    prop_oneof![
        3 => (text_field.clone(), list_op.clone(), list(word()))
            .prop_map(|(f, o, v)| format!("{f}{o}{v}")),
        1 => (text_field, one_of(&["~", "!~"]), word()).prop_map(|(f, o, v)| format!("{f}{o}{v}")),
        1 => (list_op.clone(), states).prop_map(|(o, v)| format!("state{o}{v}")),
        1 => (list_op, severities).prop_map(|(o, v)| format!("severity{o}{v}")),
        4 => (one_of(&["since", "before", "SINCE"]), prop_oneof![3 => age(), 1 => day()])
            .prop_map(|(f, v)| format!("{f}:{v}")),
        2 => (one_of(&["on", "created"]), days()).prop_map(|(f, v)| format!("{f}:{v}")),
    ]
}

/// A term with something wrong: an unknown field, a wrong operator, a missing or odd value.
fn broken_term() -> impl Strategy<Value = String> {
    let field = prop_oneof![
        4 => one_of(filter::FIELD_NAMES),
        1 => one_of(&["colour", "", "-", "é", "日付"]),
    ];
    let op = one_of(&[":", "!=", "!:", "~", "!~", "=", "", "!", "::"]);
    let value = prop_oneof![word(), age(), days(), junk(), Just(String::new())];
    prop_oneof![
        4 => (field, op, list(value)).prop_map(|(f, o, v)| format!("{f}{o}{v}")),
        1 => junk(),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        12 => Just(" "),
        1 => prop::sample::select(vec!["  ", "\t", "\u{3000}", "\u{85}", "\n", ""]),
    ]
}

/// Near-valid alert filters: terms from a grammar of real fields, operators and values,
/// joined by AND or OR in any of the written forms, with now and then one broken term.
fn near_valid_filter() -> impl Strategy<Value = String> {
    let term = prop_oneof![6 => valid_term(), 1 => broken_term()];
    let form = prop_oneof![
        6 => Just(("", "", None)),
        2 => Just(("", "", Some("|"))),
        1 => Just(("", "", Some(" | "))),
        1 => Just(("any: ", "", None)),
        1 => Just(("any(", ")", None)),
        1 => Just((" any( ", " )  ", None)),
        1 => prop::sample::select(vec!["any(", "|", "\"", ")", "any:any:"])
            .prop_map(|odd| (odd, "", None)),
        1 => prop::sample::select(vec!["|", ")", "\"", " any(", "any:"])
            .prop_map(|odd| ("", odd, None)),
    ];
    (form, prop::collection::vec((term, separator()), 0..5)).prop_map(
        |((prefix, suffix, pipe), terms)| {
            let mut text = prefix.to_string();
            for (i, (term, sep)) in terms.iter().enumerate() {
                if i > 0 {
                    text.push_str(pipe.unwrap_or(sep));
                }
                text.push_str(term);
            }
            text.push_str(suffix);
            text
        },
    )
}

/// Arbitrary text, near-valid filters, and near-valid filters with junk spliced in.
fn alert_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        1 => "[a-z:!=~,|()\" \t0-9é-]{0,30}",
        6 => near_valid_filter(),
        2 => (near_valid_filter(), any::<prop::sample::Index>(), junk()).prop_map(
            |(text, at, insert)| splice(&text, at, &insert)
        ),
    ]
}

/// `insert` put into `text` at a character boundary picked by `at`.
fn splice(text: &str, at: prop::sample::Index, insert: &str) -> String {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let cut = boundaries[at.index(boundaries.len())];
    format!("{}{insert}{}", &text[..cut], &text[cut..])
}

fn event_token() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        6 => one_of(&["md5", "sha256", "user", "name", "dir", "path", "action", "id"]),
        1 => one_of(&["SINCE", "risk", "colour", "", "é"]),
    ];
    prop_oneof![
        4 => (key, prop_oneof![word(), junk()]).prop_map(|(k, v)| format!("{k}:{v}")),
        6 => (one_of(&["since", "before"]), prop_oneof![3 => age(), 1 => days(), 1 => junk()])
            .prop_map(|(k, v)| format!("{k}:{v}")),
        2 => number().prop_map(|n| format!("risk>{n}")),
        1 => junk().prop_map(|j| format!("risk>{j}")),
        1 => junk(),
    ]
}

fn event_text() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => any::<String>(),
        4 => prop::collection::vec((event_token(), separator()), 0..5).prop_map(|tokens| {
            tokens.into_iter().map(|(t, s)| format!("{t}{s}")).collect::<String>()
        }),
    ]
}

// ---------------------------------------------------------------- checks

fn span_fits(text: &str, span: &Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn check_alert_filter(text: &str, now: DateTime<Utc>) -> Result<(), TestCaseError> {
    match filter::parse(text, now) {
        Ok(query) => {
            for term in &query.terms {
                prop_assert!(span_fits(text, &term.span), "term span {:?}", term.span);
            }
            // The rest of the way to the wire must not panic either.
            filter::to_alert_query(&query, SortSpec::default(), 0, 100).to_wire_json("t");
        }
        Err(ParseError { message, span }) => {
            prop_assert!(span_fits(text, &span), "error span {span:?}: {message}");
            prop_assert!(!message.is_empty());
        }
    }
    Ok(())
}

fn check_event_query(text: &str, now: DateTime<Utc>) -> Result<(), TestCaseError> {
    match compile_at(text, now) {
        Ok(query) => {
            query.to_wire_json();
        }
        Err(message) => prop_assert!(!message.is_empty()),
    }
    Ok(())
}

proptest! {
    #[test]
    fn alert_filters_parse_or_point_inside_the_text(text in alert_text(), now in any_now()) {
        check_alert_filter(&text, now)?;
    }

    #[test]
    fn every_prefix_of_a_filter_parses_or_points_inside_it(text in near_valid_filter()) {
        // What the `/` line sees as the filter is typed, one character at a time.
        let now = support::now();
        for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
            check_alert_filter(&text[..end], now)?;
        }
    }

    #[test]
    fn event_queries_compile_or_are_usage_errors(text in event_text(), now in any_now()) {
        check_event_query(&text, now)?;
    }
}

// ---------------------------------------------------------------- the `/` line

fn typing(text: &str) -> impl Iterator<Item = Msg> + '_ {
    text.chars().map(support::char_key)
}

fn editing_state() -> State {
    let mut state = support::new_state();
    update(&mut state, support::char_key('/'));
    assert!(state.filter.editing);
    state
}

/// The error shown is the one of the text shown, and its span fits that text.
fn assert_error_in_step(state: &State) {
    let text = state.filter.input.value();
    assert_eq!(
        state.filter.error,
        filter::parse(text, state.now).err(),
        "{text:?}"
    );
    if let Some(error) = &state.filter.error {
        assert!(span_fits(text, &error.span), "{text:?} {error:?}");
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Type(String),
    Paste(String),
    Key(KeyCode),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => alert_text().prop_map(Edit::Type),
        3 => alert_text().prop_map(Edit::Paste),
        2 => prop::sample::select(vec![
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Backspace,
            KeyCode::Delete,
        ])
        .prop_map(Edit::Key),
    ]
}

proptest! {
    #[test]
    fn the_filter_line_survives_any_typing_and_pasting(
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut state = editing_state();
        for edit in edits {
            match edit {
                Edit::Type(text) => {
                    for msg in typing(&text) {
                        update(&mut state, msg);
                    }
                }
                Edit::Paste(text) => {
                    update(&mut state, Msg::Paste(text));
                }
                Edit::Key(code) => {
                    update(&mut state, support::key(code));
                }
            }
            prop_assert!(state.filter.editing);
            assert_error_in_step(&state);
            support::screen(&state, 60, 8);
        }
    }

    #[test]
    fn the_filter_line_renders_whatever_span_it_holds(
        text in alert_text(),
        start in 0usize..64,
        len in 0usize..64,
    ) {
        let mut state = editing_state();
        update(&mut state, Msg::Paste(text));
        state.filter.error = Some(ParseError {
            message: "stale".into(),
            span: start..start.saturating_add(len),
        });
        support::screen(&state, 40, 6);
        state.filter.error = Some(ParseError {
            message: "reversed".into(),
            span: Span { start: start.saturating_add(len), end: start },
        });
        support::screen(&state, 40, 6);
    }
}

#[test]
fn typing_an_age_too_far_back_marks_it_instead_of_crashing() {
    let mut state = editing_state();
    for msg in typing("since:100000000d") {
        update(&mut state, msg);
    }
    let error = state.filter.error.clone().expect("an error");
    assert_eq!(error.message, "since:100000000d is too far back");
    assert_eq!(error.span, 6..16);
    let screen = support::screen(&state, 80, 24);
    assert!(
        screen.contains("^ since:100000000d is too far back"),
        "{screen}"
    );
}

#[test]
fn pasting_re_parses_so_the_mark_stays_on_the_bad_token() {
    let mut state = editing_state();
    for msg in typing("a:") {
        update(&mut state, msg);
    }
    assert_eq!(
        state.filter.error.as_ref().map(|e| e.span.clone()),
        Some(1..2)
    );
    // Pasting before the error moves the text under its old span, into the middle of `é`.
    update(&mut state, support::key(KeyCode::Home));
    update(&mut state, Msg::Paste("é".into()));
    assert_eq!(state.filter.input.value(), "éa:");
    assert_eq!(
        state.filter.error.as_ref().map(|e| e.span.clone()),
        Some(3..4)
    );
    let screen = support::screen(&state, 80, 24);
    assert!(screen.contains("/ éa:"), "{screen}");
    // The caret sits under the `:`, after the prompt, `é` and `a`.
    assert!(screen.contains("\"    ^ `éa` needs a value"), "{screen}");
}

#[test]
fn a_stale_span_inside_a_character_shows_the_text_unmarked() {
    let mut state = editing_state();
    update(&mut state, Msg::Paste("éa:".into()));
    state.filter.error = Some(ParseError {
        message: "stale".into(),
        span: 1..2,
    });
    let screen = support::screen(&state, 80, 24);
    assert!(screen.contains("/ éa:"), "{screen}");
    assert!(screen.contains("^ stale"), "{screen}");
}

#[test]
fn ages_out_of_range_are_errors_in_both_languages() {
    let now = support::now();
    for text in ["since:100000000d", "since:99999999w"] {
        let error = filter::parse(text, now).unwrap_err();
        assert_eq!(error.message, format!("{text} is too far back"));
        assert_eq!(error.span, 6..text.len());
        match compile_at(text, now) {
            Err(message) => {
                assert!(message.contains(text), "{message}");
                assert!(message.contains("too far back"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(filter::parse("since:7d", DateTime::<Utc>::MIN_UTC).is_err());
    assert!(compile_at("since:7d", DateTime::<Utc>::MIN_UTC).is_err());
    match compile_at("since:7é", now) {
        Err(message) => assert!(message.contains("since:7é"), "{message}"),
        other => panic!("{other:?}"),
    }
}
