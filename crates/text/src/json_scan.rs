//! A reader of JSON text that reads where the text lies and borrows what it finds: no
//! tree, no copies, one pass. It reads two kinds of text with the same moves:
//!
//! - a document of its own ([`Plain`]);
//! - a document written as the text of a JSON string inside another ([`InString`]),
//!   as the alerts service carries an observation's `data`: there each `"` of the inner
//!   document is written `\"`, each `\` as `\\`, and the inner document is read without
//!   being unescaped first.
//!
//! It is strict where `serde_json` is strict and gives up (`None`) on anything it does
//! not read exactly as `serde_json` would: the callers then take the reading that
//! `serde_json` does. So "`None`" never means "invalid"; it means "not here".

/// Where the text lies: a document of its own, or the text of a JSON string.
pub trait Level {
    const IN_STRING: bool;
}

/// A document of its own.
pub struct Plain;
/// A document written as the text of a JSON string.
pub struct InString;

impl Level for Plain {
    const IN_STRING: bool = false;
}
impl Level for InString {
    const IN_STRING: bool = true;
}

/// How deep [`Scan::skip`] follows arrays and objects before it gives up (serde_json
/// stops at 128).
const MAX_DEPTH: u32 = 100;

/// A string as it lies in the text, less its quotes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RawStr<'a> {
    /// The bytes between the quotes, as they are in the text.
    pub raw: &'a str,
    /// Whether it holds an escape.
    pub escaped: bool,
    /// Whether `serde_json` writes its value back as these same bytes (at the same
    /// level): every escape is one it writes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
    /// `\u00XX` in lower case for the other control characters) and nothing it writes
    /// plainly is escaped. Inside a string ([`InString`]) only canonical strings are
    /// read at all.
    pub canonical: bool,
}

/// A cursor over JSON text at one [`Level`].
pub struct Scan<'a, L> {
    text: &'a str,
    pos: usize,
    level: std::marker::PhantomData<L>,
}

impl<'a, L: Level> Scan<'a, L> {
    /// A cursor at `pos` of `text`.
    pub fn at(text: &'a str, pos: usize) -> Self {
        Scan {
            text,
            pos,
            level: std::marker::PhantomData,
        }
    }

    /// Where the cursor is.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The whole text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Moves the cursor to `pos`.
    pub fn jump(&mut self, pos: usize) {
        self.pos = pos;
    }

    fn byte_at(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn byte(&self) -> Option<u8> {
        self.byte_at(self.pos)
    }

    fn advance(&mut self, by: usize) {
        self.pos = self.pos.saturating_add(by);
    }

    /// Past whitespace: inside a string also the escaped `\n`, `\r` and `\t`, which are
    /// whitespace of the inner document.
    fn ws(&mut self) {
        loop {
            match self.byte() {
                Some(b' ') => self.advance(1),
                Some(b'\n' | b'\r' | b'\t') if !L::IN_STRING => self.advance(1),
                Some(b'\\')
                    if L::IN_STRING
                        && matches!(
                            self.byte_at(self.pos.saturating_add(1)),
                            Some(b'n' | b'r' | b't')
                        ) =>
                {
                    self.advance(2)
                }
                _ => return,
            }
        }
    }

    /// The next byte of the document past whitespace, not taken: `"` for a string's
    /// start at either level; `None` at the end of the text and, inside a string, at
    /// the end of the outer string.
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        match self.byte()? {
            b'"' if L::IN_STRING => None,
            b'\\' if L::IN_STRING => match self.byte_at(self.pos.saturating_add(1))? {
                b'"' => Some(b'"'),
                _ => Some(b'\\'),
            },
            b => Some(b),
        }
    }

    /// Takes `b`, one of `{}[]:,`, past whitespace.
    pub fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.byte()? == b).then(|| self.advance(1))
    }

    /// Takes `b` if it comes next; whether it did.
    fn eat_if(&mut self, b: u8) -> bool {
        self.eat(b).is_some()
    }

    /// Only whitespace is left of a document of its own.
    pub fn at_end(&mut self) -> bool {
        self.ws();
        self.pos >= self.text.len()
    }

    /// Takes the closing quote of the outer string, past whitespace of the inner
    /// document; the cursor is then after the outer string.
    pub fn close_outer_string(&mut self) -> Option<()> {
        self.ws();
        (L::IN_STRING && self.byte()? == b'"').then(|| self.advance(1))
    }

    /// A string.
    pub fn string(&mut self) -> Option<RawStr<'a>> {
        self.ws();
        if L::IN_STRING {
            self.nested_string()
        } else {
            self.plain_string()
        }
    }

    fn plain_string(&mut self) -> Option<RawStr<'a>> {
        if self.byte()? != b'"' {
            return None;
        }
        let bytes = self.text.as_bytes();
        let start = self.pos.saturating_add(1);
        // Most strings have no escape: their text runs to the closing quote.
        let end = plain_run(bytes, start);
        if bytes.get(end) == Some(&b'"') {
            let raw = self.text.get(start..end)?;
            self.pos = end.saturating_add(1);
            return Some(RawStr {
                raw,
                escaped: false,
                canonical: true,
            });
        }
        self.plain_string_from(start)
    }

    /// [`Self::plain_string`] for a string with an escape (or not a string at all), read
    /// from `start`, just after its opening quote.
    #[cold]
    #[inline(never)]
    fn plain_string_from(&mut self, start: usize) -> Option<RawStr<'a>> {
        let bytes = self.text.as_bytes();
        let mut i = start;
        let mut escaped = false;
        let mut canonical = true;
        loop {
            i = plain_run(bytes, i);
            match *bytes.get(i)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match *bytes.get(i.saturating_add(1))? {
                        b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't' => i = i.saturating_add(2),
                        b'/' => {
                            canonical = false;
                            i = i.saturating_add(2);
                        }
                        b'u' => {
                            let hex = bytes.get(i.saturating_add(2)..i.saturating_add(6))?;
                            let code = hex_value(hex)?;
                            // A lone or paired surrogate: left to serde_json.
                            if (0xd800..0xe000).contains(&code) {
                                return None;
                            }
                            canonical &= canonical_u_escape(hex, code);
                            i = i.saturating_add(6);
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                _ => i = i.saturating_add(1),
            }
        }
        let raw = self.text.get(start..i)?;
        self.pos = i.saturating_add(1);
        Some(RawStr {
            raw,
            escaped,
            canonical,
        })
    }

    /// A string of the inner document: `\"…\"`. Only canonical strings are read; the
    /// escapes of the inner document are `\\` and the escape's letter escaped for the
    /// outer string (`\\\"`, `\\\\`, `\\n`, `\\u001b`, …).
    fn nested_string(&mut self) -> Option<RawStr<'a>> {
        let bytes = self.text.as_bytes();
        if self.byte()? != b'\\' || self.byte_at(self.pos.saturating_add(1))? != b'"' {
            return None;
        }
        let start = self.pos.saturating_add(2);
        // Most strings have no escape: their text runs to the closing `\"`.
        let end = plain_run(bytes, start);
        if bytes.get(end) == Some(&b'\\') && bytes.get(end.saturating_add(1)) == Some(&b'"') {
            let raw = self.text.get(start..end)?;
            self.pos = end.saturating_add(2);
            return Some(RawStr {
                raw,
                escaped: false,
                canonical: true,
            });
        }
        self.nested_string_from(start)
    }

    /// [`Self::nested_string`] for a string with an escape (or not a string at all),
    /// read from `start`, just after its opening `\"`.
    #[cold]
    #[inline(never)]
    fn nested_string_from(&mut self, start: usize) -> Option<RawStr<'a>> {
        let bytes = self.text.as_bytes();
        let mut i = start;
        let mut escaped = false;
        loop {
            i = plain_run(bytes, i);
            match *bytes.get(i)? {
                b'\\' => match *bytes.get(i.saturating_add(1))? {
                    // The inner string's closing quote.
                    b'"' => break,
                    // An escape of the inner document: what follows, unescaped once.
                    b'\\' => {
                        escaped = true;
                        match *bytes.get(i.saturating_add(2))? {
                            b'\\' => match *bytes.get(i.saturating_add(3))? {
                                b'"' | b'\\' => i = i.saturating_add(4),
                                _ => return None,
                            },
                            b'b' | b'f' | b'n' | b'r' | b't' => i = i.saturating_add(3),
                            b'u' => {
                                let hex = bytes.get(i.saturating_add(3)..i.saturating_add(7))?;
                                let code = hex_value(hex)?;
                                if !canonical_u_escape(hex, code) {
                                    return None;
                                }
                                i = i.saturating_add(7);
                            }
                            _ => return None,
                        }
                    }
                    // A raw control character in the inner string, or an escape the
                    // outer string did not need.
                    _ => return None,
                },
                // The outer string ends inside the inner one.
                b'"' => return None,
                0..=0x1f => return None,
                _ => i = i.saturating_add(1),
            }
        }
        let raw = self.text.get(start..i)?;
        self.pos = i.saturating_add(2);
        Some(RawStr {
            raw,
            escaped,
            canonical: true,
        })
    }

    /// An object's key (without escapes) and its colon.
    pub fn key(&mut self) -> Option<&'a str> {
        let key = self.string()?;
        if key.escaped {
            return None;
        }
        self.eat(b':')?;
        Some(key.raw)
    }

    /// A number, as written; its grammar checked.
    pub fn number(&mut self) -> Option<&'a str> {
        self.ws();
        let start = self.pos;
        self.eat_byte(b'-');
        match self.byte()? {
            b'0' => self.advance(1),
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat_byte(b'.') {
            self.require_digits()?;
        }
        if self.eat_byte(b'e') || self.eat_byte(b'E') {
            if !self.eat_byte(b'+') {
                self.eat_byte(b'-');
            }
            self.require_digits()?;
        }
        self.text.get(start..self.pos)
    }

    fn eat_byte(&mut self, b: u8) -> bool {
        let here = self.byte() == Some(b);
        if here {
            self.advance(1);
        }
        here
    }

    fn digits(&mut self) {
        while matches!(self.byte(), Some(b'0'..=b'9')) {
            self.advance(1);
        }
    }

    fn require_digits(&mut self) -> Option<()> {
        matches!(self.byte(), Some(b'0'..=b'9')).then(|| self.digits())
    }

    /// `true`, `false` or `null` if `word` comes next (taken).
    pub fn literal(&mut self, word: &str) -> bool {
        self.ws();
        let end = self.pos.saturating_add(word.len());
        let here = self.text.get(self.pos..end) == Some(word);
        if here {
            self.pos = end;
        }
        here
    }

    /// `null`, taken.
    pub fn null(&mut self) -> bool {
        self.literal("null")
    }

    /// A boolean, taken.
    pub fn boolean(&mut self) -> Option<bool> {
        if self.literal("true") {
            Some(true)
        } else if self.literal("false") {
            Some(false)
        } else {
            None
        }
    }

    /// Every member of an object, each handed to `member` with its key; `member` takes
    /// the value.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, &'a str) -> Option<()>,
    ) -> Option<()> {
        self.eat(b'{')?;
        if self.eat_if(b'}') {
            return Some(());
        }
        loop {
            let key = self.key()?;
            member(self, key)?;
            match self.peek()? {
                b',' => self.advance(1),
                b'}' => {
                    self.advance(1);
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Every element of an array, each handed to `element`, which takes it.
    pub fn array(&mut self, mut element: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.eat(b'[')?;
        if self.eat_if(b']') {
            return Some(());
        }
        loop {
            element(self)?;
            match self.peek()? {
                b',' => self.advance(1),
                b']' => {
                    self.advance(1);
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Past one value of any shape, checked as it goes.
    pub fn skip(&mut self) -> Option<()> {
        self.skip_at(0)
    }

    fn skip_at(&mut self, depth: u32) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let deeper = depth.saturating_add(1);
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|s, _| s.skip_at(deeper)),
            b'[' => self.array(|s| s.skip_at(deeper)),
            b't' | b'f' => self.boolean().map(drop),
            b'n' => self.null().then_some(()),
            _ => self.number().map(drop),
        }
    }

    /// The text from `start` to the cursor.
    pub fn since(&self, start: usize) -> Option<&'a str> {
        self.text.get(start..self.pos)
    }
}

/// Where the plain run of a string's text (no `"`, `\\` or control character) that
/// starts at `i` ends: read eight bytes at a time.
fn plain_run(bytes: &[u8], start: usize) -> usize {
    let Some(rest) = bytes.get(start..) else {
        return start;
    };
    // Whole words by an iterator: no bounds to check word by word.
    let mut words = rest.chunks_exact(8);
    let mut i = start;
    for word in words.by_ref() {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        let stop = special_bytes(u64::from_le_bytes(word));
        if stop != 0 {
            return i.saturating_add((stop.trailing_zeros() / 8) as usize);
        }
        i = i.saturating_add(8);
    }
    // The last few bytes (fewer than a word) are left to the caller's byte by byte.
    i
}

/// The bytes of a little-endian word that end a plain run of a string (`"`, `\` or a
/// control character): the high bit of each such byte set, and possibly of bytes after
/// the first one, never before it.
fn special_bytes(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_in = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let quote = zero_in(word ^ (ONES.wrapping_mul(u64::from(b'"'))));
    let backslash = zero_in(word ^ (ONES.wrapping_mul(u64::from(b'\\'))));
    let control = word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word & HIGH;
    quote | backslash | control
}

/// The value of four hex digits.
fn hex_value(hex: &[u8]) -> Option<u32> {
    hex.iter().try_fold(0u32, |n, &b| {
        let digit = char::from(b).to_digit(16)?;
        n.checked_mul(16)?.checked_add(digit)
    })
}

/// Whether `\uXXXX` (its four digits `hex`, value `code`) is how serde_json writes that
/// character: a control character without a short escape, in lower case.
fn canonical_u_escape(hex: &[u8], code: u32) -> bool {
    code < 0x20
        && !matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)
        && hex.iter().all(|b| !b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// Every string of a document of its own, in order, through the scanner.
    fn strings_of(text: &str) -> Option<Vec<RawStr<'_>>> {
        let mut s = Scan::<Plain>::at(text, 0);
        let mut out = Vec::new();
        collect(&mut s, &mut out)?;
        s.at_end().then_some(out)
    }

    fn collect<'a, L: Level>(s: &mut Scan<'a, L>, out: &mut Vec<RawStr<'a>>) -> Option<()> {
        match s.peek()? {
            b'"' => out.push(s.string()?),
            b'{' => s.object(|s, _| collect(s, out))?,
            b'[' => s.array(|s| collect(s, out))?,
            _ => s.skip()?,
        }
        Some(())
    }

    #[test]
    fn plain_strings_keep_their_text_and_say_whether_it_is_canonical() {
        let text =
            r#"{"a": "plain", "b": ["x\"y\\z\n", "\/", "\u001b", "\u001B", "\u00e9", "\t"]}"#;
        let strings = strings_of(text).unwrap();
        let seen: Vec<(&str, bool, bool)> = strings
            .iter()
            .map(|s| (s.raw, s.escaped, s.canonical))
            .collect();
        assert_eq!(
            seen,
            vec![
                ("plain", false, true),
                (r#"x\"y\\z\n"#, true, true),
                (r#"\/"#, true, false),
                (r#"\u001b"#, true, true),
                (r#"\u001B"#, true, false),
                (r#"\u00e9"#, true, false),
                (r#"\t"#, true, true),
            ]
        );
    }

    #[test]
    fn what_serde_json_refuses_is_not_read() {
        for text in [
            "{\"a\": \"raw\u{1}control\"}",
            r#"{"a": "\x"}"#,
            r#"{"a": "\ud800"}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            r#"{"a": -}"#,
            r#"{"a": 1e}"#,
            r#"{"a": [1,]}"#,
            r#"{"a": tru}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1} x"#,
            r#"{"a": "unterminated}"#,
        ] {
            assert!(strings_of(text).is_none(), "{text}");
        }
    }

    /// A document of any shape, small, with strings of every kind of character.
    fn any_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(|n| serde_json::json!(n)),
            any::<u64>().prop_map(|n| serde_json::json!(n)),
            (-1e12f64..1e12).prop_map(|n| serde_json::json!(n)),
            "(\\PC|[\"\\\\/\u{0}-\u{1f}\u{7f}\u{2028}]){0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-z$]{1,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// The strings of a document in order, as serde_json reads them.
    fn serde_strings(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| serde_strings(i, out)),
            Value::Object(m) => m.iter().for_each(|(_, v)| serde_strings(v, out)),
            _ => {}
        }
    }

    /// The scanner's strings (keys left out), each unescaped by serde_json.
    fn scanned_strings(text: &str) -> Option<Vec<String>> {
        let strings = strings_of(text)?;
        Some(
            strings
                .iter()
                .map(|s| serde_json::from_str::<String>(&format!("\"{}\"", s.raw)).unwrap())
                .collect(),
        )
    }

    proptest! {
        /// Compact and indented documents read to the same strings as serde_json's,
        /// and a canonical string is written back by serde_json as it lies.
        #[test]
        fn documents_read_as_serde_json_reads_them(v in any_value()) {
            let mut want = Vec::new();
            serde_strings(&v, &mut want);
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                prop_assert_eq!(scanned_strings(&text), Some(want.clone()));
                for s in strings_of(&text).unwrap() {
                    let value: String = serde_json::from_str(&format!("\"{}\"", s.raw)).unwrap();
                    let again = serde_json::to_string(&value).unwrap();
                    prop_assert_eq!(s.canonical, again[1..again.len() - 1] == *s.raw, "{:?}", s);
                }
            }
        }

        /// A document written as the text of a string reads, inside that string, to
        /// the same strings, each as serde_json writes it twice (so canonical).
        #[test]
        fn documents_in_strings_read_as_serde_json_reads_them(v in any_value()) {
            let inner = serde_json::to_string(&v).unwrap();
            let outer = serde_json::to_string(&inner).unwrap();
            let mut s = Scan::<InString>::at(&outer, 1);
            let mut got = Vec::new();
            prop_assert!(collect(&mut s, &mut got).is_some(), "{}", outer);
            prop_assert!(s.close_outer_string().is_some());
            prop_assert_eq!(s.pos(), outer.len());
            let mut want = Vec::new();
            serde_strings(&v, &mut want);
            let got: Vec<String> = got.iter().map(|r| r.raw.to_string()).collect();
            let want: Vec<String> = want
                .iter()
                .map(|w| {
                    let once = serde_json::to_string(w).unwrap();
                    let twice = serde_json::to_string(&once[1..once.len() - 1]).unwrap();
                    twice[1..twice.len() - 1].to_string()
                })
                .collect();
            prop_assert_eq!(got, want);
        }

        /// Any text at all: what the scanner reads, serde_json reads.
        #[test]
        fn what_the_scanner_reads_serde_json_reads(text in "[{}\\[\\]\",:a-z0-9\\\\ .eE+-]{0,24}") {
            if strings_of(&text).is_some() {
                prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{}", text);
            }
        }
    }
}
