//! The one sanitiser for text that came from a server, used before any of it reaches a
//! terminal: the TUI, the CLI's tables, error messages, CSV exports and the clipboard.
//!
//! Insiders name their own files. A name can carry escape sequences (move the cursor,
//! set the title, write the clipboard with OSC 52), bidi controls that show
//! `invoice\u{202E}gpj.exe` as `invoiceexe.jpg`, or invisible characters that make two
//! names look alike. Every such character becomes a visible marker: `␛` for ESC, the
//! control pictures `␀`–`␟` and `␡` for the other C0 controls and DEL, and `⟨U+202E⟩`
//! for C1 controls, bidi controls and invisible characters. Widths are measured per
//! grapheme with East Asian widths, and truncation never splits a grapheme.
//!
//! JSON output is not passed through here: JSON escapes controls itself and must stay exact.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Shown for a tab in a one-line cell.
pub const TAB_MARK: char = '⇥';
/// Shown for a line break (LF, CR or CRLF) in a one-line cell.
pub const NEWLINE_MARK: char = '↵';
/// Shown at the end of a shortened text.
pub const ELLIPSIS: char = '…';

/// How a character is shown.
enum Shown {
    /// As itself.
    Plain,
    /// As this visible stand-in.
    Mark(char),
    /// As `⟨U+XXXX⟩`.
    CodePoint,
}

/// Bidi embedding, override, isolate and mark characters: they reorder what follows.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room and show nothing, so they hide in names.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Pictographs that a zero-width joiner legitimately glues into one emoji (👩‍💻).
fn is_pictograph(c: char) -> bool {
    matches!(c, '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1FAFF}')
}

fn shown(c: char, prev: Option<char>, next: Option<char>) -> Shown {
    match c {
        '\u{1B}' => Shown::Mark('␛'),
        '\u{7F}' => Shown::Mark('␡'),
        // The control pictures block mirrors C0: U+2400 + code.
        '\u{0}'..='\u{1F}' => {
            char::from_u32(0x2400 | u32::from(c)).map_or(Shown::CodePoint, Shown::Mark)
        }
        '\u{80}'..='\u{9F}' => Shown::CodePoint,
        '\u{200D}' if prev.is_some_and(is_pictograph) && next.is_some_and(is_pictograph) => {
            Shown::Plain
        }
        c if is_bidi_control(c) || is_invisible(c) => Shown::CodePoint,
        _ => Shown::Plain,
    }
}

/// Whether `c` must never be written to a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_invisible(c)
}

/// Text for a one-line cell: line breaks become `↵`, tabs `⇥`, every other control,
/// bidi or invisible character a visible marker. Borrowed when nothing needed changing.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(8));
    let mut chars = text.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                // CRLF is one line break.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push(NEWLINE_MARK);
            }
            '\n' => out.push(NEWLINE_MARK),
            '\t' => out.push(TAB_MARK),
            _ => push_shown(&mut out, c, prev, chars.peek().copied()),
        }
        prev = Some(c);
    }
    Cow::Owned(out)
}

/// Text that may span lines (a note, a description, an error with a caret line): line
/// breaks are kept as `\n`, tabs become four spaces, everything else as in [`one_line`].
pub fn multi_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len().saturating_add(8));
    let mut chars = text.chars().peekable();
    let mut prev = None;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' => out.push('\n'),
            '\t' => out.push_str("    "),
            _ => push_shown(&mut out, c, prev, chars.peek().copied()),
        }
        prev = Some(c);
    }
    Cow::Owned(out)
}

fn push_shown(out: &mut String, c: char, prev: Option<char>, next: Option<char>) {
    match shown(c, prev, next) {
        Shown::Plain => out.push(c),
        Shown::Mark(mark) => out.push(mark),
        Shown::CodePoint => {
            // Writing to a String cannot fail.
            let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
        }
    }
}

/// Columns `text` takes on a terminal, counted per grapheme.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// `text` shortened to at most `max` columns, ending in `…` when something was cut.
/// Never splits a grapheme; a wide character that does not fit is left out whole.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    let room = max.saturating_sub(1);
    let mut out = String::new();
    let mut used: usize = 0;
    for grapheme in text.graphemes(true) {
        let w = UnicodeWidthStr::width(grapheme);
        match used.checked_add(w) {
            Some(total) if total <= room => {
                out.push_str(grapheme);
                used = total;
            }
            _ => break,
        }
    }
    if max > 0 {
        out.push(ELLIPSIS);
    }
    Cow::Owned(out)
}

/// `text` shortened to at most `max` columns by cutting its middle (`…` in its place), so
/// that its end stays visible: for paths, whose last parts say the most. The end gets
/// two thirds of the room. Never splits a grapheme.
pub fn truncate_middle(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    if max < 3 {
        return truncate(text, max);
    }
    let room = max.saturating_sub(1);
    let tail_room = room.saturating_mul(2).div_ceil(3);
    let head_room = room.saturating_sub(tail_room);
    let graphemes: Vec<&str> = text.graphemes(true).collect();
    let mut tail: Vec<&str> = Vec::new();
    let mut used: usize = 0;
    for grapheme in graphemes.iter().rev() {
        match used.checked_add(UnicodeWidthStr::width(*grapheme)) {
            Some(total) if total <= tail_room => {
                tail.push(grapheme);
                used = total;
            }
            _ => break,
        }
    }
    // What the tail left unused goes to the head.
    let head_room = head_room.saturating_add(tail_room.saturating_sub(used));
    let mut out = String::new();
    let mut used: usize = 0;
    for grapheme in graphemes {
        match used.checked_add(UnicodeWidthStr::width(grapheme)) {
            Some(total) if total <= head_room => {
                out.push_str(grapheme);
                used = total;
            }
            _ => break,
        }
    }
    out.push(ELLIPSIS);
    out.extend(tail.into_iter().rev());
    Cow::Owned(out)
}

/// One-line, sanitised and shortened in the middle to `max` columns: a table cell
/// whose end matters most (a path).
pub fn cell_middle(text: &str, max: usize) -> String {
    truncate_middle(&one_line(text), max).into_owned()
}

/// One-line, sanitised and shortened to `max` columns: what a table cell shows.
pub fn cell(text: &str, max: usize) -> String {
    truncate(&one_line(text), max).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn middle_truncation_keeps_the_end() {
        assert_eq!(
            truncate_middle("/Users/bob/Documents", 30),
            "/Users/bob/Documents"
        );
        assert_eq!(truncate_middle("/Users/bob/Documents/", 10), "/Us…ments/");
        assert_eq!(width(&truncate_middle("/a/日本語のファイル/b", 9)), 9);
        assert_eq!(truncate_middle("abcdef", 2), "a…");
        assert_eq!(cell_middle("a\u{1b}b/c/d/e/f/g", 6), "a…/f/g");
    }

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(one_line("report.pdf"), Cow::Borrowed(_)));
        assert!(matches!(multi_line("two\nlines"), Cow::Borrowed(_)));
        assert!(matches!(one_line("日本語のファイル.txt"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_controls_become_markers() {
        assert_eq!(one_line("a\u{1b}[2Jb"), "a␛[2Jb");
        assert_eq!(one_line("bell\u{7}"), "bell␇");
        assert_eq!(one_line("nul\u{0}"), "nul␀");
        assert_eq!(one_line("del\u{7f}"), "del␡");
        assert_eq!(one_line("c1\u{9b}31m"), "c1⟨U+009B⟩31m");
        assert_eq!(one_line("\u{1b}]52;c;ZXZpbA==\u{7}"), "␛]52;c;ZXZpbA==␇");
    }

    #[test]
    fn bidi_and_invisible_characters_are_shown() {
        assert_eq!(one_line("invoice\u{202e}gpj.exe"), "invoice⟨U+202E⟩gpj.exe");
        assert_eq!(one_line("a\u{2066}b\u{2069}"), "a⟨U+2066⟩b⟨U+2069⟩");
        assert_eq!(one_line("pay\u{200b}roll"), "pay⟨U+200B⟩roll");
        assert_eq!(one_line("\u{feff}bom"), "⟨U+FEFF⟩bom");
        assert_eq!(one_line("soft\u{ad}hyphen"), "soft⟨U+00AD⟩hyphen");
        assert_eq!(one_line("line\u{2028}sep"), "line⟨U+2028⟩sep");
        assert_eq!(one_line("tag\u{e0041}"), "tag⟨U+E0041⟩");
        // A joiner inside an emoji sequence is the emoji; elsewhere it hides.
        assert_eq!(one_line("👩\u{200d}💻"), "👩\u{200d}💻");
        assert_eq!(one_line("a\u{200d}b"), "a⟨U+200D⟩b");
    }

    #[test]
    fn line_breaks_and_tabs_in_one_line_cells() {
        assert_eq!(one_line("a\nb\r\nc\rd\te"), "a↵b↵c↵d⇥e");
        assert_eq!(multi_line("a\nb\r\nc\rd\te\u{1b}"), "a\nb\nc\nd    e␛");
    }

    #[test]
    fn nothing_unsafe_survives() {
        let nasty: String = (0u32..0x110000)
            .filter_map(char::from_u32)
            .filter(|c| is_unsafe(*c))
            .collect();
        assert!(!one_line(&nasty).chars().any(is_unsafe));
        assert!(
            !multi_line(&nasty)
                .chars()
                .any(|c| c != '\n' && is_unsafe(c))
        );
    }

    #[test]
    fn width_counts_graphemes_and_wide_characters() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("日本"), 4);
        assert_eq!(width("e\u{301}"), 1);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn truncation_never_splits_a_grapheme() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("日本語", 4), "日…");
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(
            truncate("e\u{301}e\u{301}e\u{301}x", 3),
            "e\u{301}e\u{301}…"
        );
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
        assert!(width(&truncate("👩\u{200d}💻👩\u{200d}💻", 3)) <= 3);
    }

    #[test]
    fn cells_are_sanitised_before_they_are_measured() {
        assert_eq!(cell("a\u{202e}bcdef", 6), "a⟨U+2…");
        assert_eq!(width(&cell("x\u{1b}[31mred", 5)), 5);
    }
}
