//! Ids from the command line or, with `-`, from stdin: one a line, or JSON Lines as the
//! commands themselves print them (the id is taken from the first field that has one).

use std::io::BufRead;

use serde_json::Value;

use super::CommandError;

/// Where a file event's id is in the JSON Lines of `events search` (`event.id`), of
/// `cases events` (`eventId`) and of other tools (`id`).
pub(crate) const EVENT_ID_FIELDS: &[&[&str]] = &[&["event", "id"], &["eventId"], &["id"]];

/// Where an alert's id is in the JSON Lines of `alerts search`.
pub(crate) const ALERT_ID_FIELDS: &[&[&str]] = &[&["id"]];

/// Where a session's id is in the JSON Lines of `sessions search` (`sessionId`), as the
/// incydr CLI writes it (`session_id`), and of other tools (`id`).
pub(crate) const SESSION_ID_FIELDS: &[&[&str]] = &[&["sessionId"], &["session_id"], &["id"]];

/// The ids of `args`, or of stdin when `args` is just `-` (`noun` names them in errors:
/// "alert", "session", "event").
pub(crate) fn read_ids(
    args: &[String],
    fields: &[&[&str]],
    noun: &str,
) -> Result<Vec<String>, CommandError> {
    if args != ["-"] {
        return Ok(args.to_vec());
    }
    let ids = parse_lines(std::io::stdin().lock(), fields, noun)?;
    if ids.is_empty() {
        return Err(CommandError::Usage(format!("no {noun} ids on stdin")));
    }
    Ok(ids)
}

fn field<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut v = v;
    for part in path {
        v = v.get(part)?;
    }
    v.as_str().filter(|s| !s.is_empty())
}

/// Plain lines are ids as they are; a line starting with `{` is JSON whose id is the
/// first of `fields` present. Blank lines are skipped; anything else is a usage error
/// naming the line.
pub(crate) fn parse_lines(
    input: impl BufRead,
    fields: &[&[&str]],
    noun: &str,
) -> Result<Vec<String>, CommandError> {
    let mut ids = Vec::new();
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        let number = n.saturating_add(1);
        if text.starts_with('{') {
            let v: Value = serde_json::from_str(text)
                .map_err(|e| CommandError::Usage(format!("stdin line {number}: not JSON: {e}")))?;
            match fields.iter().find_map(|path| field(&v, path)) {
                Some(id) => ids.push(id.to_string()),
                None => {
                    let names: Vec<String> = fields.iter().map(|p| p.join(".")).collect();
                    return Err(CommandError::Usage(format!(
                        "stdin line {number}: no {noun} id ({}) in the JSON: {}",
                        names.join(", "),
                        crate::sanitize::one_line(text)
                    )));
                }
            }
        } else if text.chars().any(char::is_whitespace) {
            return Err(CommandError::Usage(format!(
                "stdin line {number}: expected one {noun} id a line, got {:?}",
                crate::sanitize::one_line(text)
            )));
        } else {
            ids.push(text.to_string());
        }
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_and_json_lines_give_ids() {
        let input = "a1\n\n  b2  \n{\"event\":{\"id\":\"c3\"},\"@timestamp\":\"x\"}\n{\"eventId\":\"d4\"}\n";
        let ids = parse_lines(input.as_bytes(), EVENT_ID_FIELDS, "event").unwrap();
        assert_eq!(ids, ["a1", "b2", "c3", "d4"]);
        let input = "{\"session_id\":\"s1\"}\n{\"sessionId\":\"s2\",\"id\":\"x\"}\ns3\n";
        let ids = parse_lines(input.as_bytes(), SESSION_ID_FIELDS, "session").unwrap();
        assert_eq!(ids, ["s1", "s2", "s3"]);
    }

    #[test]
    fn a_json_line_without_an_id_is_quoted_inert() {
        let e = parse_lines(
            "{\"name\":\"\\u001b]0;pwned\\u0007\"}\n".as_bytes(),
            ALERT_ID_FIELDS,
            "alert",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("stdin line 1: no alert id (id) in the JSON: "),
            "{e}"
        );
        assert!(!e.contains('\u{1b}') && !e.contains('\u{7}'), "{e:?}");
    }

    #[test]
    fn bad_lines_are_usage_errors_naming_the_line() {
        let e = parse_lines("a\n{\"x\":1}\n".as_bytes(), EVENT_ID_FIELDS, "event").unwrap_err();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert_eq!(e.exit_code(), 2);
        let e = parse_lines("{nope\n".as_bytes(), EVENT_ID_FIELDS, "event").unwrap_err();
        assert_eq!(e.exit_code(), 2);
        let e = parse_lines("two ids\n".as_bytes(), EVENT_ID_FIELDS, "event").unwrap_err();
        assert_eq!(e.exit_code(), 2);
    }
}
