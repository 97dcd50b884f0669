//! Writing alert or session rows to CSV (RFC 4180) or JSON Lines; the reducer decides
//! what, the loop writes.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::csv::{CsvSafety, csv_record};
use crate::state::{AlertRow, SessionRow};

/// The file formats an export can take, picked by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    JsonLines,
}

impl ExportFormat {
    /// `.csv` → CSV, `.jsonl`/`.json` → JSON Lines; anything else is refused in plain words.
    pub fn from_path(path: &str) -> Result<ExportFormat, String> {
        let extension = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Ok(ExportFormat::Csv),
            Some("jsonl") | Some("json") => Ok(ExportFormat::JsonLines),
            Some(other) => Err(format!(
                "unknown extension .{other}: use .csv, .jsonl or .json"
            )),
            None => Err("the file name needs an extension: .csv, .jsonl or .json".into()),
        }
    }
}

/// The columns of an export, in order.
pub const EXPORT_COLUMNS: [&str; 6] = ["id", "created", "severity", "state", "rule_name", "actor"];

/// A file name in the current directory that says what and when.
pub fn default_export_name(now: DateTime<Utc>) -> String {
    format!("triage42-alerts-{}.csv", now.format("%Y%m%d-%H%M%S"))
}

/// As [`default_export_name`], for the session list.
pub fn default_sessions_export_name(now: DateTime<Utc>) -> String {
    format!("triage42-sessions-{}.csv", now.format("%Y%m%d-%H%M%S"))
}

/// A row that can be exported: its columns, in order, and its values for them.
pub trait ExportRow {
    const COLUMNS: &'static [&'static str];
    /// One value per column.
    fn fields(&self) -> Vec<String>;
}

fn rfc3339(at: Option<DateTime<Utc>>) -> String {
    at.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl ExportRow for AlertRow {
    const COLUMNS: &'static [&'static str] = &EXPORT_COLUMNS;
    fn fields(&self) -> Vec<String> {
        vec![
            self.id.clone(),
            rfc3339(self.created),
            self.severity.label().to_string(),
            self.state.label().to_string(),
            self.rule_name.clone(),
            self.actor.clone(),
        ]
    }
}

/// The columns of a session export, in order.
pub const SESSION_EXPORT_COLUMNS: [&str; 9] = [
    "id",
    "actor",
    "severity",
    "score",
    "state",
    "begin",
    "end",
    "alerts",
    "risk_indicators",
];

impl ExportRow for SessionRow {
    const COLUMNS: &'static [&'static str] = &SESSION_EXPORT_COLUMNS;
    fn fields(&self) -> Vec<String> {
        let indicators: Vec<&str> = self
            .risk_indicators
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        vec![
            self.id.clone(),
            self.actor.clone(),
            self.severity.label().to_string(),
            self.score.map(|s| s.to_string()).unwrap_or_default(),
            self.state.label().to_string(),
            rfc3339(self.begin),
            rfc3339(self.end),
            self.alert_count.to_string(),
            indicators.join("; "),
        ]
    }
}

/// One JSON Lines record: an object with the columns as keys, in column order.
fn json_record(columns: &[&str], fields: Vec<String>) -> serde_json::Result<String> {
    let mut parts = Vec::with_capacity(columns.len());
    for (column, value) in columns.iter().zip(fields) {
        parts.push(format!(
            "{}:{}",
            serde_json::to_string(column)?,
            serde_json::to_string(&value)?
        ));
    }
    Ok(format!("{{{}}}", parts.join(",")))
}

/// Writes the rows in `format`; a header line comes first in CSV. CSV cells are
/// sanitised (a person will open the file), with the formula guard when `formula_guard`;
/// JSON Lines stay exact (JSON escapes what needs escaping).
pub fn write_rows<R: ExportRow>(
    out: &mut impl Write,
    rows: &[R],
    format: ExportFormat,
    formula_guard: bool,
) -> io::Result<()> {
    match format {
        ExportFormat::Csv => {
            let safety = CsvSafety {
                sanitise: true,
                formula_guard,
            };
            let header: Vec<String> = R::COLUMNS.iter().map(|c| c.to_string()).collect();
            out.write_all(csv_record(&header, CsvSafety::EXACT).as_bytes())?;
            for row in rows {
                out.write_all(csv_record(&row.fields(), safety).as_bytes())?;
            }
        }
        ExportFormat::JsonLines => {
            for row in rows {
                out.write_all(json_record(R::COLUMNS, row.fields())?.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()
}

/// Why an export was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The file is there already; it is replaced only when asked to (holds the path).
    Exists(String),
    /// Which path and why, in plain words.
    Failed(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Exists(path) => write!(f, "{path} exists; it was not overwritten"),
            ExportError::Failed(reason) => f.write_str(reason),
        }
    }
}

impl From<String> for ExportError {
    fn from(reason: String) -> Self {
        ExportError::Failed(reason)
    }
}

impl From<&str> for ExportError {
    fn from(reason: &str) -> Self {
        ExportError::Failed(reason.to_string())
    }
}

/// Writes the export file. An existing file is replaced only when `overwrite` is set:
/// otherwise the file is created new (atomically), and `ExportError::Exists` says it was there.
pub fn write_export<R: ExportRow>(
    path: &Path,
    rows: &[R],
    format: ExportFormat,
    formula_guard: bool,
    overwrite: bool,
) -> Result<(), ExportError> {
    let shown = path.display();
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    // What was exported (ids, actors, file names, notes) is its owner's alone.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let file = options.open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            ExportError::Exists(shown.to_string())
        } else {
            ExportError::Failed(format!("Could not write {shown}: {}", plain_io_error(&e)))
        }
    })?;
    let mut out = io::BufWriter::new(file);
    write_rows(&mut out, rows, format, formula_guard).map_err(|e| {
        ExportError::Failed(format!("Could not write {shown}: {}", plain_io_error(&e)))
    })
}

/// Writes `rows` to `path` (relative to the current directory); `Ok` holds the absolute path written.
pub fn export_to_file<R: ExportRow>(
    path: &str,
    rows: &[R],
    format: ExportFormat,
    formula_guard: bool,
    overwrite: bool,
) -> Result<String, ExportError> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| PathBuf::from(path));
    write_export(&absolute, rows, format, formula_guard, overwrite)?;
    Ok(absolute.display().to_string())
}

fn plain_io_error(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        io::ErrorKind::NotFound => "no such directory".into(),
        io::ErrorKind::IsADirectory => "it is a directory".into(),
        io::ErrorKind::StorageFull => "the disk is full".into(),
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".into(),
        _ => {
            let text = error.to_string();
            // "No space left (os error 28)" → "no space left"
            let text = text.split(" (os error").next().unwrap_or(&text);
            text.to_lowercase()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csv::csv_field;

    #[test]
    fn plain_fields_are_left_alone() {
        assert_eq!(csv_field("alert-1"), "alert-1");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn commas_quotes_and_newlines_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line1\nline2"), "\"line1\nline2\"");
        assert_eq!(csv_field("cr\rhere"), "\"cr\rhere\"");
    }

    #[test]
    fn records_end_with_crlf() {
        assert_eq!(
            csv_record(&["x".into(), "y,z".into()], CsvSafety::EXACT),
            "x,\"y,z\"\r\n"
        );
    }

    #[test]
    fn formulas_are_defused_when_guarded() {
        let guarded = CsvSafety {
            sanitise: true,
            formula_guard: true,
        };
        assert_eq!(
            guarded.cell("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(guarded.cell("+1"), "'+1");
        assert_eq!(guarded.cell("-2"), "'-2");
        assert_eq!(guarded.cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(guarded.cell("plain"), "plain");
        assert_eq!(guarded.cell("a\u{1b}[2Jb\nc"), "a␛[2Jb↵c");
        assert_eq!(CsvSafety::EXACT.cell("=1"), "=1");
    }

    #[test]
    fn extension_picks_the_format() {
        assert_eq!(ExportFormat::from_path("a.csv"), Ok(ExportFormat::Csv));
        assert_eq!(ExportFormat::from_path("a.CSV"), Ok(ExportFormat::Csv));
        assert_eq!(
            ExportFormat::from_path("a.jsonl"),
            Ok(ExportFormat::JsonLines)
        );
        assert_eq!(
            ExportFormat::from_path("dir/a.json"),
            Ok(ExportFormat::JsonLines)
        );
        assert!(
            ExportFormat::from_path("a.txt")
                .unwrap_err()
                .contains(".txt")
        );
        assert!(ExportFormat::from_path("noext").is_err());
    }

    #[test]
    fn default_name_carries_the_time() {
        let at = DateTime::parse_from_rfc3339("2026-03-04T05:06:07Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            default_export_name(at),
            "triage42-alerts-20260304-050607.csv"
        );
    }
}
