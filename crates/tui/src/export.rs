//! Writing alerts or sessions to CSV (RFC 4180), a JSON array or JSON Lines, with the
//! columns and values of the commands' output (`crate::export_columns`); the reducer
//! decides what, the loop writes.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::csv::{CsvSafety, csv_record};
use crate::export_columns::{Object, Record, cell_text};

/// The file formats an export can take, picked by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    /// One JSON array, as `--format json` of the commands writes it.
    Json,
    /// One JSON object a line.
    JsonLines,
}

impl ExportFormat {
    /// `.csv` → CSV, `.json` → a JSON array, `.jsonl` (or `.ndjson`) → JSON Lines, in
    /// any case; any other name is refused in plain words.
    pub fn from_path(path: &str) -> Result<ExportFormat, String> {
        let extension = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("csv") => Ok(ExportFormat::Csv),
            Some("json") => Ok(ExportFormat::Json),
            Some("jsonl") | Some("ndjson") => Ok(ExportFormat::JsonLines),
            Some(other) => Err(format!(
                "unknown extension .{other}: use .csv, .json or .jsonl"
            )),
            None => Err("the file name needs an extension: .csv, .json or .jsonl".into()),
        }
    }
}

/// The path typed with a leading `~` or `~/` put in the home directory; any other path
/// as typed (relative to the working directory). `~name` is not expanded.
pub fn expand_home(path: &str, home: Option<&Path>) -> Result<String, String> {
    let rest = match path.strip_prefix('~') {
        Some("") => "",
        Some(rest) if rest.starts_with('/') => rest.trim_start_matches('/'),
        _ => return Ok(path.to_string()),
    };
    let Some(home) = home else {
        return Err("HOME is not set, so ~ cannot be expanded: type the whole path".into());
    };
    let expanded = if rest.is_empty() {
        home.to_path_buf()
    } else {
        home.join(rest)
    };
    expanded
        .into_os_string()
        .into_string()
        .map_err(|_| "HOME is not UTF-8 text, so ~ cannot be expanded: type the whole path".into())
}

/// A file name in the current directory that says what and when.
pub fn default_export_name(now: DateTime<Utc>) -> String {
    format!("triage42-alerts-{}.csv", now.format("%Y%m%d-%H%M%S"))
}

/// As [`default_export_name`], for the session list.
pub fn default_sessions_export_name(now: DateTime<Utc>) -> String {
    format!("triage42-sessions-{}.csv", now.format("%Y%m%d-%H%M%S"))
}

/// As [`default_export_name`], for the cases list.
pub fn default_cases_export_name(now: DateTime<Utc>) -> String {
    format!("triage42-cases-{}.csv", now.format("%Y%m%d-%H%M%S"))
}

/// Writes the records in `format`. CSV has a header line of the columns, and its
/// cells sanitised (a person will open the file), with the formula guard when
/// `formula_guard`. JSON stays exact (JSON escapes what needs escaping): a JSON array
/// laid out as the commands' `--format json`, or one object a line; each object has
/// the columns as keys, in column order.
pub fn write_rows<R: Record>(
    out: &mut impl Write,
    records: &[R],
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
            for record in records {
                let cells: Vec<String> = record.values().iter().map(cell_text).collect();
                out.write_all(csv_record(&cells, safety).as_bytes())?;
            }
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            for (index, record) in records.iter().enumerate() {
                if index > 0 {
                    out.write_all(b",")?;
                }
                out.write_all(b"\n")?;
                serde_json::to_writer_pretty(&mut *out, &Object::of(record))?;
            }
            out.write_all(if records.is_empty() { b"]\n" } else { b"\n]\n" })?;
        }
        ExportFormat::JsonLines => {
            for record in records {
                serde_json::to_writer(&mut *out, &Object::of(record))?;
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
pub fn write_export<R: Record>(
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

/// Writes `rows` to `path` (relative to the current directory; a `~` is expanded
/// before, by the reducer); `Ok` holds the absolute path written.
pub fn export_to_file<R: Record>(
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
            Ok(ExportFormat::Json)
        );
        assert_eq!(
            ExportFormat::from_path("a.NDJSON"),
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
    fn a_leading_tilde_is_the_home_directory() {
        let home = Path::new("/home/ana");
        assert_eq!(
            expand_home("~/x.csv", Some(home)).unwrap(),
            "/home/ana/x.csv"
        );
        assert_eq!(
            expand_home("~//out/x.json", Some(home)).unwrap(),
            "/home/ana/out/x.json"
        );
        assert_eq!(expand_home("~", Some(home)).unwrap(), "/home/ana");
        // Anything else is as typed.
        for typed in ["x.csv", "out/~/x.csv", "/tmp/x.csv", "~bob/x.csv", "~x.csv"] {
            assert_eq!(expand_home(typed, Some(home)).unwrap(), typed);
            assert_eq!(expand_home(typed, None).unwrap(), typed);
        }
        let error = expand_home("~/x.csv", None).unwrap_err();
        assert!(error.starts_with("HOME is not set"), "{error}");
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
