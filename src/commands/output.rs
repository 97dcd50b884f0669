//! Output for scriptable commands: tables for people, JSON, JSON Lines and CSV for pipes.
//!
//! The format names are those of the official CLIs, accepted in any case: `table`, `csv`,
//! `json` (one array), `json-lines` (also `jsonl`, `ndjson`), `json-pretty` (each item
//! indented, one after the other, as incydr prints it) and `raw-json` (each item's JSON on
//! a line of its own, as code42cli's RAW-JSON); `detail` (`Label: value` lines, one item
//! after the other) is for people, as `table` is.

use std::io::{IsTerminal, Write};

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Columns for people; every cell passes the sanitiser.
    Table,
    /// One JSON array.
    Json,
    /// One JSON object a line (JSON Lines).
    #[value(alias = "json-lines", alias = "ndjson")]
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
    /// Each item indented, one after the other (incydr's json-pretty).
    JsonPretty,
    /// Each item's JSON on a line of its own (code42cli's RAW-JSON).
    RawJson,
    /// `Label: value` lines, one item after the other; every value passes the sanitiser.
    Detail,
}

impl Format {
    /// JSON of some kind: one array, JSON Lines, indented items or raw JSON lines.
    pub fn is_json(self) -> bool {
        matches!(
            self,
            Format::Json | Format::Jsonl | Format::JsonPretty | Format::RawJson
        )
    }

    /// Whether this format indents each item (`json` and `json-pretty`).
    pub fn is_pretty(self) -> bool {
        matches!(self, Format::Json | Format::JsonPretty)
    }

    /// A table on a terminal, JSON Lines when piped.
    pub fn resolve(requested: Option<Format>) -> Format {
        requested.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Jsonl
        })
    }

    /// For the `show` commands: the detail view on a terminal, JSON Lines when piped.
    pub fn resolve_show(requested: Option<Format>) -> Format {
        requested.unwrap_or(if std::io::stdout().is_terminal() {
            Format::Detail
        } else {
            Format::Jsonl
        })
    }
}

/// Writes rows as they come, so `--all` keeps memory flat for streaming formats.
/// An output that can take a buffer of whole rows as it is, without copying it (the
/// output thread); others write it as any bytes.
pub trait LinesOut: Write {
    fn write_owned(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        self.write_all(&bytes)
    }
}

impl LinesOut for std::io::StdoutLock<'static> {}
impl LinesOut for Vec<u8> {}

impl<W: LinesOut + ?Sized> LinesOut for Box<W> {
    fn write_owned(&mut self, bytes: Vec<u8>) -> std::io::Result<()> {
        (**self).write_owned(bytes)
    }
}

pub struct RowWriter<W: Write> {
    out: W,
    format: Format,
    columns: Vec<String>,
    width: usize,
    table_rows: Vec<Vec<String>>,
    rows_written: usize,
    csv: CsvSafety,
    /// Columns a table may leave out to fit its width, first to go first.
    may_leave_out: Vec<String>,
}

impl<W: Write> RowWriter<W> {
    pub fn new(
        out: W,
        format: Format,
        columns: Vec<String>,
        width: usize,
    ) -> std::io::Result<Self> {
        let mut w = RowWriter {
            out,
            format,
            columns,
            width,
            table_rows: Vec::new(),
            rows_written: 0,
            csv: CsvSafety::EXACT,
            may_leave_out: Vec::new(),
        };
        match format {
            Format::Csv => {
                let header = w
                    .columns
                    .iter()
                    .map(|c| csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",");
                writeln!(w.out, "{header}")?;
            }
            Format::Json => write!(w.out, "[")?,
            _ => {}
        }
        Ok(w)
    }

    /// CSV for a spreadsheet (`guard`): controls shown as markers, formulas defused.
    /// Without it the cells are exact, but on a terminal controls are shown as markers
    /// all the same (they would act on it).
    pub fn spreadsheet_safe(mut self, guard: bool) -> Self {
        self.csv = CsvSafety {
            sanitise: guard || std::io::stdout().is_terminal(),
            formula_guard: guard,
        };
        self
    }

    /// Columns a table may leave out when it does not fit its width, first to go first
    /// (the default columns of a command; columns asked for with `--columns` stay).
    pub fn may_leave_out(mut self, columns: &[&str]) -> Self {
        self.may_leave_out = columns.iter().map(|c| c.to_string()).collect();
        self
    }

    pub fn row(&mut self, row: &Value) -> std::io::Result<()> {
        match self.format {
            // One item after the other, a blank line between them.
            Format::Detail => {
                if self.rows_written > 0 {
                    writeln!(self.out)?;
                }
                let text = record(&self.columns, row, self.width);
                self.out.write_all(text.as_bytes())?;
            }
            Format::Jsonl | Format::RawJson => {
                serde_json::to_writer(&mut self.out, row)?;
                writeln!(self.out)?;
            }
            Format::JsonPretty => {
                serde_json::to_writer_pretty(&mut self.out, row)?;
                writeln!(self.out)?;
            }
            Format::Json => {
                if self.rows_written > 0 {
                    write!(self.out, ",")?;
                }
                writeln!(self.out)?;
                serde_json::to_writer_pretty(&mut self.out, row)?;
            }
            Format::Csv => {
                let line = self
                    .columns
                    .iter()
                    .map(|c| self.csv.cell(&cell(row, c)))
                    .collect::<Vec<_>>()
                    .join(",");
                writeln!(self.out, "{line}")?;
            }
            // Tables go to a terminal: every cell passes the sanitiser.
            Format::Table => self.table_rows.push(
                self.columns
                    .iter()
                    .map(|c| sanitize::one_line(&cell(row, c)).into_owned())
                    .collect(),
            ),
        }
        self.rows_written = self.rows_written.saturating_add(1);
        Ok(())
    }

    /// A row already serialised as JSON in this writer's format ([`Format::is_json`];
    /// indented for [`Format::is_pretty`], compact otherwise), without its newline: the
    /// writer frames it as [`RowWriter::row`] would. Tables and CSV never get one.
    pub fn serialized(&mut self, json: &[u8]) -> std::io::Result<()> {
        match self.format {
            Format::Json => {
                if self.rows_written > 0 {
                    write!(self.out, ",")?;
                }
                writeln!(self.out)?;
                self.out.write_all(json)?;
            }
            _ => {
                self.out.write_all(json)?;
                writeln!(self.out)?;
            }
        }
        self.rows_written = self.rows_written.saturating_add(1);
        Ok(())
    }

    /// `count` rows already serialised as compact JSON, each followed by a newline, for
    /// a format that writes each row on a line of its own (not [`Format::Json`], whose
    /// rows are framed otherwise and go one by one).
    pub fn serialized_lines(&mut self, lines: &[u8], count: usize) -> std::io::Result<()> {
        if self.format == Format::Json {
            for line in lines.split_inclusive(|b| *b == b'\n') {
                self.serialized(line.strip_suffix(b"\n").unwrap_or(line))?;
            }
            return Ok(());
        }
        self.out.write_all(lines)?;
        self.rows_written = self.rows_written.saturating_add(count);
        Ok(())
    }

    /// As [`Self::serialized_lines`], with the lines (all of `lines`) handed over whole.
    pub fn serialized_lines_owned(&mut self, lines: Vec<u8>, count: usize) -> std::io::Result<()>
    where
        W: LinesOut,
    {
        if self.format == Format::Json {
            return self.serialized_lines(&lines, count);
        }
        self.out.write_owned(lines)?;
        self.rows_written = self.rows_written.saturating_add(count);
        Ok(())
    }

    pub fn finish(mut self) -> std::io::Result<usize> {
        match self.format {
            Format::Json => writeln!(
                self.out,
                "{}]",
                if self.rows_written > 0 { "\n" } else { "" }
            )?,
            Format::Table => {
                let fitted = fit_table(
                    &self.columns,
                    &self.table_rows,
                    self.width,
                    &self.may_leave_out,
                );
                write!(self.out, "{}", fitted.text)?;
                if !fitted.left_out.is_empty() {
                    let notice = format!(
                        "Not shown at {} columns: {} (--columns picks the columns)",
                        self.width,
                        fitted.left_out.join(", ")
                    );
                    for line in super::sheet::wrap(&notice, self.width) {
                        eprintln!("{line}");
                    }
                }
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.rows_written)
    }
}

/// A column's text: dotted names reach into nested objects; lists are joined.
pub fn cell(row: &Value, column: &str) -> String {
    let mut v = row;
    for part in column.split('.') {
        match v.get(part) {
            Some(next) => v = next,
            None => return String::new(),
        }
    }
    crate::export_columns::cell_text(v)
}

use crate::csv::CsvSafety;
/// The TUI's export and the commands write CSV the same way.
pub use crate::csv::csv_field;
use crate::sanitize;

fn display_width(s: &str) -> usize {
    sanitize::width(s)
}

fn truncate(s: &str, width: usize) -> String {
    sanitize::truncate(s, width).into_owned()
}

/// Identifiers are what scripts and people copy: they are never shortened.
fn is_id(column: &str) -> bool {
    matches!(column, "id" | "number" | "change")
        || column.ends_with("Id")
        || column.ends_with(".id")
}

/// Columns of a few fixed words (states, severities): cut, they would be guessed at, so
/// they keep their width while a column of text can give way or be left out.
fn is_word(column: &str) -> bool {
    matches!(
        column,
        "state"
            | "currentState"
            | "status"
            | "riskSeverity"
            | "severityName"
            | "severity"
            | "risk.severity"
            | "outcome"
            | "listType"
    )
}

/// A column's header: a shorter word for the wordy names of the default columns (the
/// JSON formats and `--columns` keep the field names), else the name in capitals.
fn header(column: &str) -> String {
    let word = match column {
        "createdAt" => "created",
        "riskSeverity" | "severityName" | "risk.severity" => "severity",
        "currentState" => "state",
        "actorName" => "actor",
        "beginTime" => "begin",
        "endTime" => "end",
        "alertCount" => "alerts",
        "riskIndicatorNames" => "indicators",
        "updatedAt" => "updated",
        "assigneeUsername" => "assignee",
        "subjectUsername" => "subject",
        "@timestamp" | "eventTimestamp" => "time",
        "event.action" => "action",
        "user.email" => "user",
        "file.name" | "fileName" => "file",
        "file.directory" => "directory",
        "filePath" => "path",
        "destination.name" => "destination",
        "fileCount" => "file count",
        "listType" => "type",
        "stats.includedActorsCount" => "included",
        "stats.excludedActorsCount" => "excluded",
        "stats.includedDepartmentsCount" => "departments",
        "actorname" => "actor",
        "addedTime" => "added",
        other => other,
    };
    sanitize::one_line(&word.to_uppercase()).into_owned()
}

/// A time as a table shows it, in UTC: `12-06 17:52` in `year`, `2025-12-06 17:52`
/// in another. `None` when `text` is not an RFC 3339 time.
fn short_time(text: &str, year: i32) -> Option<String> {
    use chrono::Datelike;
    let at = chrono::DateTime::parse_from_rfc3339(text.trim())
        .ok()?
        .with_timezone(&chrono::Utc);
    Some(if at.year() == year {
        at.format("%m-%d %H:%M").to_string()
    } else {
        at.format("%Y-%m-%d %H:%M").to_string()
    })
}

/// Below this, a column of text is not shortened while another column can be left
/// out instead: a dozen characters still say which rule or person it is.
const TEXT_FLOOR: usize = 12;
/// The least a column of text is shortened to when nothing more can be left out.
const TEXT_MIN: usize = 6;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Never shortened.
    Id,
    /// Every value a time, already short, or one of a few words: shortened only when
    /// nothing else can give way.
    Fixed,
    /// Shortened with `…` when the table is too wide.
    Text,
}

struct Column {
    name: String,
    header: String,
    cells: Vec<String>,
    kind: Kind,
    /// The width it takes unshortened.
    natural: usize,
    empty: bool,
}

/// A table laid out to a width.
pub struct Fitted {
    pub text: String,
    /// The columns left out to fit, in the order they were given.
    pub left_out: Vec<String>,
}

/// Columns sized to their content and fitted to `width`: ids are never shortened, times
/// are short (in UTC) and, as states and severities, shortened only as a last resort;
/// columns empty on every row are left out first, then the columns
/// of `may_leave_out` in its order while the text columns would get narrower than a
/// dozen characters; what is left of the width goes to the text columns, the widest
/// shortened first, with `…`. Every cell passes the sanitiser, so a table is safe to
/// print on a terminal.
pub fn fit_table(
    columns: &[String],
    rows: &[Vec<String>],
    width: usize,
    may_leave_out: &[String],
) -> Fitted {
    use chrono::Datelike;
    let year = chrono::Utc::now().year();
    let table: Vec<Column> = columns
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let raw: Vec<&str> = rows
                .iter()
                .map(|row| row.get(index).map(String::as_str).unwrap_or(""))
                .collect();
            let times: Vec<Option<String>> = raw.iter().map(|c| short_time(c, year)).collect();
            let all_times = times.iter().any(Option::is_some)
                && raw
                    .iter()
                    .zip(&times)
                    .all(|(c, t)| c.trim().is_empty() || t.is_some());
            let cells: Vec<String> = raw
                .iter()
                .zip(times)
                .map(|(c, t)| t.unwrap_or_else(|| sanitize::one_line(c).into_owned()))
                .collect();
            let kind = if is_id(name) {
                Kind::Id
            } else if all_times || is_word(name) {
                Kind::Fixed
            } else {
                Kind::Text
            };
            let header = header(name);
            let natural = cells
                .iter()
                .map(|c| display_width(c))
                .fold(display_width(&header), usize::max);
            Column {
                name: name.clone(),
                empty: !rows.is_empty() && cells.iter().all(|c| c.trim().is_empty()),
                header,
                cells,
                kind,
                natural,
            }
        })
        .collect();
    let mut shown: Vec<bool> = vec![true; table.len()];
    let mut widths: Vec<usize> = table.iter().map(|c| c.natural).collect();
    let total = |shown: &[bool], widths: &[usize]| {
        let count = shown.iter().filter(|s| **s).count();
        shown
            .iter()
            .zip(widths)
            .filter(|(s, _)| **s)
            .fold(count.saturating_sub(1).saturating_mul(2), |sum, (_, w)| {
                sum.saturating_add(*w)
            })
    };
    // Shortens the widest column of `kind` by one, down to `floor`; false when none can be.
    let shrink = |shown: &[bool], widths: &mut [usize], kind: Kind, floor: usize| -> bool {
        let widest = widths
            .iter_mut()
            .zip(shown)
            .zip(&table)
            .filter(|((w, s), c)| **s && c.kind == kind && **w > floor.min(c.natural))
            .map(|((w, _), _)| w)
            .max_by_key(|w| **w);
        match widest {
            Some(w) => {
                *w = w.saturating_sub(1);
                true
            }
            None => false,
        }
    };
    if total(&shown, &widths) > width {
        for (s, c) in shown.iter_mut().zip(&table) {
            if c.empty {
                *s = false;
            }
        }
    }
    let mut leave_out = may_leave_out.iter();
    loop {
        while total(&shown, &widths) > width && shrink(&shown, &mut widths, Kind::Text, TEXT_FLOOR)
        {
        }
        if total(&shown, &widths) <= width {
            break;
        }
        let next = leave_out.by_ref().find_map(|name| {
            table
                .iter()
                .zip(&shown)
                .position(|(c, s)| *s && c.name == *name)
        });
        match next {
            Some(index) => {
                if let Some(s) = shown.get_mut(index) {
                    *s = false;
                }
                // The others start again from their full width.
                for (w, c) in widths.iter_mut().zip(&table) {
                    *w = c.natural;
                }
            }
            None => {
                for kind in [Kind::Text, Kind::Fixed] {
                    while total(&shown, &widths) > width
                        && shrink(&shown, &mut widths, kind, TEXT_MIN)
                    {}
                }
                break;
            }
        }
    }
    let left_out = table
        .iter()
        .zip(&shown)
        .filter(|(c, s)| !**s && !c.empty)
        .map(|(c, _)| c.name.clone())
        .collect();
    let line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|((c, w), _)| {
                let t = truncate(c, *w);
                let pad = w.saturating_sub(display_width(&t));
                format!("{t}{}", " ".repeat(pad))
            })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut text = line(table.iter().map(|c| c.header.as_str()).collect());
    for index in 0..rows.len() {
        text.push_str(&line(
            table
                .iter()
                .map(|c| c.cells.get(index).map(String::as_str).unwrap_or(""))
                .collect(),
        ));
    }
    Fitted { text, left_out }
}

/// [`fit_table`] with every column kept.
pub fn render_table(columns: &[String], rows: &[Vec<String>], width: usize) -> String {
    fit_table(columns, rows, width, &[]).text
}

/// One item as `column: value` lines (the `detail` format): the values sanitised, lists
/// joined with `, `, times as `2026-12-06 17:52:03 UTC`, nothing as `—`.
pub fn record(columns: &[String], row: &Value, width: usize) -> String {
    use super::sheet::{Sheet, Value as Shown};
    let fields: Vec<(&str, Shown)> = columns
        .iter()
        .map(|c| {
            let mut v = row;
            for part in c.split('.') {
                v = v.get(part).unwrap_or(&Value::Null);
            }
            (c.as_str(), Shown::Lines(readable(v)))
        })
        .collect();
    let mut sheet = Sheet::new(width);
    sheet.fields(0, &fields);
    sheet.into_string()
}

/// A value as the `detail` format shows it.
fn readable(v: &Value) -> String {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|at| {
                at.with_timezone(&chrono::Utc)
                    .format("%Y-%m-%d %H:%M:%S UTC")
                    .to_string()
            })
            .unwrap_or_else(|_| s.clone()),
        Value::Array(items) => items
            .iter()
            .map(readable)
            .filter(|s| s != "—")
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    if text.trim().is_empty() {
        "—".into()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_escapes_commas_quotes_and_newlines() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn tables_fit_the_width() {
        let cols = vec!["id".to_string(), "name".to_string()];
        let rows = vec![vec!["1".into(), "x".repeat(200)]];
        let t = render_table(&cols, &rows, 40);
        assert!(t.lines().all(|l| display_width(l) <= 40), "{t}");
        assert!(t.contains('…'));
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn narrow_tables_keep_ids_whole_and_leave_out_columns_in_order() {
        let cols = strings(&["id", "createdAt", "riskSeverity", "state", "name", "actor"]);
        let id = "79663bdb-008f-4de5-a1a0-d9e45ffc0945";
        let rows = vec![strings(&[
            id,
            "2020-12-06T17:52:03.123Z",
            "MODERATE",
            "IN_PROGRESS",
            "High Risk Employee Activity",
            "lena.rahman@example.com",
        ])];
        let leave = strings(&["createdAt", "state"]);
        let wide = fit_table(&cols, &rows, 200, &leave);
        assert!(wide.left_out.is_empty());
        assert!(
            wide.text
                .contains("2020-12-06 17:52  MODERATE  IN_PROGRESS"),
            "{}",
            wide.text
        );
        assert!(wide.text.starts_with("ID  "), "{}", wide.text);
        let narrow = fit_table(&cols, &rows, 80, &leave);
        assert_eq!(narrow.left_out, ["createdAt", "state"]);
        assert!(
            narrow.text.lines().all(|l| display_width(l) <= 80),
            "{}",
            narrow.text
        );
        let row = narrow.text.lines().nth(1).unwrap();
        assert!(
            row.starts_with(&format!("{id}  MODERATE  High Risk Empl")),
            "{row}"
        );
        assert!(row.contains("lena.rahman@"), "{row}");
        // However narrow, an id stays whole.
        let tiny = fit_table(&cols, &rows, 30, &[]);
        assert!(tiny.text.contains(id), "{}", tiny.text);
    }

    #[test]
    fn empty_columns_go_first_and_times_of_this_year_are_short() {
        use chrono::Datelike;
        let now = chrono::Utc::now();
        let this_year = format!("{}-03-04T05:06:07Z", now.year());
        let cols = strings(&["sessionId", "endTime", "note", "actorName"]);
        let rows = vec![
            strings(&[
                "s-1",
                &this_year,
                "",
                "someone with a long name@example.com",
            ]),
            strings(&["s-2", "", "", "x"]),
        ];
        let fitted = fit_table(&cols, &rows, 40, &[]);
        assert!(
            fitted.left_out.is_empty(),
            "an empty column is not worth naming"
        );
        assert!(!fitted.text.contains("NOTE"), "{}", fitted.text);
        assert!(
            fitted.text.contains("s-1        03-04 05:06  someone"),
            "{}",
            fitted.text
        );
        // The header says what the column is, in a word.
        assert!(
            fitted.text.starts_with("SESSIONID  END          ACTOR"),
            "{}",
            fitted.text
        );
        // Not a time: shown as it is.
        assert_eq!(short_time("2026-13-01", now.year()), None);
    }

    #[test]
    fn records_are_label_value_lines() {
        let cols = strings(&["id", "note", "files", "gone"]);
        let row = json!({"id": "a1", "note": "two\nlines", "files": ["x", "y"]});
        assert_eq!(
            record(&cols, &row, 80),
            "id:    a1\nnote:  two\n       lines\nfiles: x, y\ngone:  —\n"
        );
    }

    #[test]
    fn tables_show_hostile_text_inert() {
        let cols = vec!["name".to_string()];
        let rows = vec![vec![
            "a\u{1b}]0;pwned\u{7}b\u{202e}gpj.exe\nnext".to_string(),
        ]];
        let t = render_table(&cols, &rows, 200);
        assert!(!t.contains('\u{1b}') && !t.contains('\u{7}') && !t.contains('\u{202e}'));
        assert!(t.contains("a␛]0;pwned␇b⟨U+202E⟩gpj.exe↵next"), "{t}");
        assert_eq!(t.lines().count(), 2);
    }

    #[test]
    fn cells_reach_into_nested_values() {
        let row = json!({"a": {"b": 3}, "l": ["x", "y"], "n": null});
        assert_eq!(cell(&row, "a.b"), "3");
        assert_eq!(cell(&row, "l"), "x;y");
        assert_eq!(cell(&row, "n"), "");
        assert_eq!(cell(&row, "missing"), "");
    }
}
