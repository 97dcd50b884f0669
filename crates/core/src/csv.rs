//! CSV cells and records (RFC 4180), safe for a spreadsheet when asked: what the
//! commands' output and the TUI's exports both write.

/// How CSV cells are written for a file a person will open in a spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvSafety {
    /// Controls, bidi and invisible characters become visible markers (one line per cell).
    pub sanitise: bool,
    /// Text a spreadsheet would run as a formula gets a leading `'`.
    pub formula_guard: bool,
}

impl CsvSafety {
    /// Exact data, for pipes.
    pub const EXACT: CsvSafety = CsvSafety {
        sanitise: false,
        formula_guard: false,
    };

    pub fn cell(self, value: &str) -> String {
        let text = if self.sanitise {
            crate::sanitize::one_line(value)
        } else {
            std::borrow::Cow::Borrowed(value)
        };
        if self.formula_guard {
            csv_field(&formula_guarded(&text))
        } else {
            csv_field(&text)
        }
    }
}

/// Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading
/// tab or carriage return) gets a leading `'`, which makes it plain text.
pub fn formula_guarded(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
    }
}

/// One CSV field: quoted when it holds a comma, quote, CR or LF; quotes doubled.
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// One CSV record, its cells written as `safety` says, ended with CRLF.
pub fn csv_record(fields: &[String], safety: CsvSafety) -> String {
    let quoted: Vec<String> = fields.iter().map(|f| safety.cell(f)).collect();
    // RFC 4180 ends records with CRLF.
    format!("{}\r\n", quoted.join(","))
}
