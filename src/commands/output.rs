//! Output for scriptable commands: tables for people, JSON, JSON Lines and CSV for pipes.
//!
//! The format names are those of the official CLIs, accepted in any case: `table`, `csv`,
//! `json` (one array), `json-lines` (also `jsonl`, `ndjson`), `json-pretty` (each item
//! indented, one after the other, as incydr prints it) and `raw-json` (each item's JSON on
//! a line of its own, as code42cli's RAW-JSON).

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
}

/// Writes rows as they come, so `--all` keeps memory flat for streaming formats.
pub struct RowWriter<W: Write> {
    out: W,
    format: Format,
    columns: Vec<String>,
    width: usize,
    table_rows: Vec<Vec<String>>,
    rows_written: usize,
    csv: CsvSafety,
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

    pub fn row(&mut self, row: &Value) -> std::io::Result<()> {
        match self.format {
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

    pub fn finish(mut self) -> std::io::Result<usize> {
        match self.format {
            Format::Json => writeln!(
                self.out,
                "{}]",
                if self.rows_written > 0 { "\n" } else { "" }
            )?,
            Format::Table => {
                let text = render_table(&self.columns, &self.table_rows, self.width);
                write!(self.out, "{text}")?;
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
    text_of(v)
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(text_of).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
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

/// Columns sized to their content, the widest shrunk until the table fits `width`.
/// Every cell passes the sanitiser, so a table is safe to print on a terminal.
pub fn render_table(columns: &[String], rows: &[Vec<String>], width: usize) -> String {
    let header: Vec<String> = columns
        .iter()
        .map(|c| sanitize::one_line(&c.to_uppercase()).into_owned())
        .collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|c| sanitize::one_line(c).into_owned())
                .collect()
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|c| display_width(c)).collect();
    for row in &body {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(c));
        }
    }
    let gaps = columns.len().saturating_sub(1).saturating_mul(2);
    // Identifiers are what scripts and people copy: they are never shortened.
    let keep: Vec<bool> = columns
        .iter()
        .map(|c| matches!(c.as_str(), "id" | "number" | "eventId" | "event.id"))
        .collect();
    let total = |widths: &[usize]| widths.iter().fold(gaps, |sum, w| sum.saturating_add(*w));
    while total(&widths) > width.max(20) {
        let widest = widths
            .iter_mut()
            .zip(&keep)
            .filter(|(_, keep)| !**keep)
            .map(|(w, _)| w)
            .max_by_key(|w| **w);
        match widest {
            Some(w) if *w > 6 => *w = w.saturating_sub(1),
            _ => break,
        }
    }
    let line = |cells: &[String]| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let t = truncate(c, *w);
                let pad = w.saturating_sub(display_width(&t));
                format!("{t}{}", " ".repeat(pad))
            })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = line(&header);
    for row in &body {
        out.push_str(&line(row));
    }
    out
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
