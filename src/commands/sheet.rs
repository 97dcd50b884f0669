//! Text laid out for a terminal of a given width: `Label: value` lines whose values
//! wrap under themselves, headings and indented lists. Every value passes the
//! sanitiser here (labels and headings are the program's own words).

use chrono::{DateTime, Utc};

use crate::sanitize;

/// The narrowest a value column gets, however long its label and narrow the terminal:
/// below this the value overflows rather than breaking every few characters.
const MIN_ROOM: usize = 16;

/// How a value is shown.
pub(crate) enum Value {
    /// One line: line breaks and tabs show as `↵` and `⇥` (names, ids, states).
    One(String),
    /// Text that may span lines (a note, a description): its line breaks are kept.
    Lines(String),
    /// Items joined with `, `, each kept whole on a line when it fits; `—` when none.
    List(Vec<String>),
}

/// A label and its value; an empty label continues the value of the line above.
pub(crate) type Field<'a> = (&'a str, Value);

/// Lines of text, built up and then printed at once.
pub(crate) struct Sheet {
    width: usize,
    out: String,
}

impl Sheet {
    pub(crate) fn new(width: usize) -> Sheet {
        Sheet {
            width: width.max(20),
            out: String::new(),
        }
    }

    pub(crate) fn into_string(self) -> String {
        self.out
    }

    pub(crate) fn blank(&mut self) {
        self.out.push('\n');
    }

    /// A heading at `indent`, on one line (sanitised: it may name a server's type).
    pub(crate) fn heading(&mut self, indent: usize, text: &str) {
        self.line(indent, &sanitize::one_line(text));
    }

    /// `Label: value` lines at `indent`, their values lined up one column past the
    /// longest label; a value too long for the line wraps under itself. Returns the
    /// column the values start at.
    pub(crate) fn fields(&mut self, indent: usize, fields: &[Field<'_>]) -> usize {
        let label_width = fields
            .iter()
            .map(|(label, _)| sanitize::width(&sanitize::one_line(label)))
            .max()
            .unwrap_or(0)
            .saturating_add(2);
        for (label, value) in fields {
            let head = if label.is_empty() {
                String::new()
            } else {
                format!("{}:", sanitize::one_line(label))
            };
            match value {
                Value::One(text) => {
                    let lines = [sanitize::one_line(text).into_owned()];
                    self.hanging(indent, &head, label_width, &lines);
                }
                Value::Lines(text) => {
                    let lines: Vec<String> = sanitize::multi_line(text)
                        .split('\n')
                        .map(str::to_string)
                        .collect();
                    self.hanging(indent, &head, label_width, &lines);
                }
                Value::List(items) => self.list(indent, &head, label_width, items),
            }
        }
        indent.saturating_add(label_width)
    }

    /// Sanitised one-line text (a name, a path) at `indent`, wrapped under itself.
    pub(crate) fn item(&mut self, indent: usize, text: &str) {
        self.hanging(indent, "", 0, &[sanitize::one_line(text).into_owned()]);
    }

    /// Text that may span lines (a note), sanitised, at `indent`; each line wraps
    /// under itself.
    pub(crate) fn paragraph(&mut self, indent: usize, text: &str) {
        let lines: Vec<String> = sanitize::multi_line(text)
            .split('\n')
            .map(str::to_string)
            .collect();
        self.hanging(indent, "", 0, &lines);
    }

    /// `head` padded to `head_width` at `indent`, then the items joined with `, `: a line
    /// breaks between items where it can, and inside an item only when it is longer
    /// than a line.
    fn list(&mut self, indent: usize, head: &str, head_width: usize, items: &[String]) {
        let items: Vec<String> = items
            .iter()
            .map(|i| sanitize::one_line(i).into_owned())
            .filter(|i| !i.trim().is_empty())
            .collect();
        if items.is_empty() {
            return self.hanging(indent, head, head_width, &["—".to_string()]);
        }
        let start = indent.saturating_add(head_width);
        let room = self.width.saturating_sub(start).max(MIN_ROOM);
        let mut lines: Vec<String> = Vec::new();
        let mut line = String::new();
        for (index, item) in items.iter().enumerate() {
            // Every item but the last is followed by a comma.
            let item = if index.saturating_add(1) < items.len() {
                format!("{item},")
            } else {
                item.clone()
            };
            let needed = sanitize::width(&item).saturating_add(usize::from(!line.is_empty()));
            if sanitize::width(&line).saturating_add(needed) <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&item);
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let mut pieces = wrap(&item, room);
            line = pieces.pop().unwrap_or_default();
            lines.extend(pieces);
        }
        lines.push(line);
        // Each line already fits: set out as they are, one under the other.
        let head_width = head_width.max(sanitize::width(head).saturating_add(1));
        let pad = " ".repeat(head_width.saturating_sub(sanitize::width(head)));
        for (index, text) in lines.iter().enumerate() {
            if index == 0 {
                self.line(indent, &format!("{head}{pad}{text}"));
            } else {
                self.line(indent.saturating_add(head_width), text);
            }
        }
    }

    /// `head` padded to `head_width` at `indent`, then `lines` wrapped to the room
    /// left, every line after the first starting under the first one's text.
    fn hanging(&mut self, indent: usize, head: &str, head_width: usize, lines: &[String]) {
        // A label always has a space after it, however long.
        let head_width = if head.is_empty() {
            head_width
        } else {
            head_width.max(sanitize::width(head).saturating_add(1))
        };
        let start = indent.saturating_add(head_width);
        let room = self.width.saturating_sub(start).max(MIN_ROOM);
        let pad = " ".repeat(head_width.saturating_sub(sanitize::width(head)));
        let mut first = true;
        for line in lines {
            for piece in wrap(line, room) {
                if first {
                    let text = format!("{head}{pad}{piece}");
                    self.line(indent, &text);
                    first = false;
                } else {
                    self.line(start, &piece);
                }
            }
        }
        if first {
            self.line(indent, head);
        }
    }

    fn line(&mut self, indent: usize, text: &str) {
        let line = format!("{:indent$}{text}", "");
        self.out.push_str(line.trim_end());
        self.out.push('\n');
    }
}

/// `text` (already sanitised, one line) broken into lines of at most `room` columns:
/// at spaces where it can, and a word longer than a line after its last `/` or `\`
/// that fits (paths), else wherever the line is full.
pub(crate) fn wrap(text: &str, room: usize) -> Vec<String> {
    let room = room.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used: usize = 0;
    for (index, word) in text.split(' ').enumerate() {
        let width = sanitize::width(word);
        let needed = if index == 0 {
            width
        } else {
            width.saturating_add(1)
        };
        if used.saturating_add(needed) <= room {
            if index > 0 {
                line.push(' ');
            }
            line.push_str(word);
            used = used.saturating_add(needed);
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while sanitize::width(rest) > room {
            let (head, tail) = split_at_width(rest, room);
            if head.is_empty() {
                break;
            }
            lines.push(head.to_string());
            rest = tail;
        }
        line.push_str(rest);
        used = sanitize::width(rest);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The longest start of `word` that fits in `room` columns, ended after its last `/` or
/// `\` when that keeps at least half the room, and the rest. Never splits a character
/// from the marks that follow it.
fn split_at_width(word: &str, room: usize) -> (&str, &str) {
    let mut used: usize = 0;
    let mut end = 0;
    let mut after_separator = None;
    for (at, c) in word.char_indices() {
        let next = at.saturating_add(c.len_utf8());
        let width = word.get(at..next).map(sanitize::width).unwrap_or(1);
        if width > 0 && used.saturating_add(width) > room {
            break;
        }
        used = used.saturating_add(width);
        end = next;
        if matches!(c, '/' | '\\') && used.saturating_mul(2) >= room {
            after_separator = Some(next);
        }
    }
    let end = match after_separator {
        // A separator that ends the word anyway is no better a place than the room's end.
        Some(at) if at < end => at,
        _ => end,
    };
    word.split_at_checked(end).unwrap_or((word, ""))
}

/// A time for a person: `2026-12-06 17:52:03 UTC`, or `—`.
pub(crate) fn when(at: Option<DateTime<Utc>>) -> String {
    at.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|| "—".into())
}

/// A span of time, the day said once when both ends fall on it.
pub(crate) fn span(from: Option<DateTime<Utc>>, to: Option<DateTime<Utc>>) -> String {
    match (from, to) {
        (Some(a), Some(b)) if a.date_naive() == b.date_naive() => format!(
            "{} → {} UTC",
            a.format("%Y-%m-%d %H:%M:%S"),
            b.format("%H:%M:%S")
        ),
        (from, to) => format!("{} → {}", when(from), when(to)),
    }
}

/// The text, or `—` when there is none.
pub(crate) fn or_dash(value: Option<&str>) -> String {
    value
        .filter(|v| !v.trim().is_empty())
        .unwrap_or("—")
        .to_string()
}

/// `1 file`, `3 files`.
pub(crate) fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_at_spaces_and_long_words_after_a_slash() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("C:/Users/lena.rahman/Documents/Finance/", 22),
            ["C:/Users/lena.rahman/", "Documents/Finance/"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // Wide characters are counted as two columns and never split.
        assert_eq!(wrap("日本語テキスト", 5), ["日本", "語テ", "キス", "ト"]);
        // A combining mark stays with its letter.
        assert_eq!(wrap("abe\u{301}cd", 3), ["abe\u{301}", "cd"]);
    }

    #[test]
    fn wrapped_values_continue_under_the_value() {
        let mut sheet = Sheet::new(30);
        sheet.fields(
            0,
            &[
                ("Rule", Value::One("a rule with a rather long name".into())),
                ("Description", Value::Lines("first\nsecond line".into())),
            ],
        );
        let text = sheet.into_string();
        assert_eq!(
            text,
            "Rule:        a rule with a\n             rather long name\nDescription: first\n             second line\n"
        );
        assert!(text.lines().all(|l| sanitize::width(l) <= 30), "{text}");
    }

    #[test]
    fn lists_break_between_items() {
        let mut sheet = Sheet::new(40);
        let items = [
            "Archive (1, 747.1 MB)",
            "Spreadsheet (1, 4.0 MB)",
            "Pdf (2, 1 MB)",
        ];
        sheet.fields(
            0,
            &[
                ("Categories", Value::List(items.map(String::from).to_vec())),
                ("None", Value::List(Vec::new())),
            ],
        );
        assert_eq!(
            sheet.into_string(),
            "Categories: Archive (1, 747.1 MB),\n            Spreadsheet (1, 4.0 MB),\n            Pdf (2, 1 MB)\nNone:       —\n"
        );
    }

    #[test]
    fn values_are_sanitised() {
        let mut sheet = Sheet::new(80);
        sheet.fields(0, &[("Name", Value::One("a\u{1b}]0;x\u{7}\nb".into()))]);
        sheet.paragraph(2, "note\u{202e}\nnext");
        let text = sheet.into_string();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202e}'),
            "{text}"
        );
        assert!(text.contains("a␛]0;x␇↵b"), "{text}");
        assert!(text.contains("  note⟨U+202E⟩\n  next\n"), "{text}");
    }
}
