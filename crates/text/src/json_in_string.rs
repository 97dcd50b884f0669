//! JSON written as the text of a JSON string, in one pass: the form in which the alerts
//! service carries an observation's `data` (a JSON document inside a string). Both the
//! demo tenant, which writes that form, and the client, which passes it on, write it
//! with [`JsonInString`] instead of writing the document and then escaping it whole.

use serde_json::ser::{CharEscape, Formatter};

/// A `serde_json` formatter for compact JSON that comes out as the inside of a string
/// (less its quotes): every quote, backslash and escape the document holds is escaped
/// once more. Compact JSON has a `"` or `\` only where a string begins or ends or a
/// character is escaped, and no raw control characters, so those are the only places
/// the outer escaping changes anything.
pub struct JsonInString;

impl Formatter for JsonInString {
    fn begin_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\\\"")
    }

    fn end_string<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\\\"")
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        escape: CharEscape,
    ) -> std::io::Result<()> {
        // The escape `\x` written as the text of a string: `\\` and `x`, escaped.
        let tail: &[u8] = match escape {
            CharEscape::Quote => b"\\\\\\\"",
            CharEscape::ReverseSolidus => b"\\\\\\\\",
            CharEscape::Solidus => b"\\\\/",
            CharEscape::Backspace => b"\\\\b",
            CharEscape::FormFeed => b"\\\\f",
            CharEscape::LineFeed => b"\\\\n",
            CharEscape::CarriageReturn => b"\\\\r",
            CharEscape::Tab => b"\\\\t",
            CharEscape::AsciiControl(byte) => {
                let hex = |v: u8| {
                    b"0123456789abcdef"
                        .get(usize::from(v & 0xf))
                        .copied()
                        .unwrap_or(b'0')
                };
                return w.write_all(&[b'\\', b'\\', b'u', b'0', b'0', hex(byte >> 4), hex(byte)]);
            }
        };
        w.write_all(tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Serialize;

    /// What the formatter must give: the document written out, then written as a string.
    fn escaped_twice(v: &serde_json::Value) -> String {
        let inner = serde_json::to_string(v).unwrap();
        let outer = serde_json::to_string(&inner).unwrap();
        outer[1..outer.len() - 1].to_string()
    }

    fn in_string(v: &serde_json::Value) -> String {
        let mut out = Vec::new();
        v.serialize(&mut serde_json::Serializer::with_formatter(
            &mut out,
            JsonInString,
        ))
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    proptest! {
        #[test]
        fn any_document_comes_out_as_its_text_escaped_once_more(
            text in "(\\PC|[\"\\\\/\u{0}-\u{1f}\u{7f}\u{2028}]){0,30}",
            n in proptest::num::i64::ANY,
        ) {
            let v = serde_json::json!({"a": text, "list": [n, null, true, text], "type$": {"x": 1.5}});
            prop_assert_eq!(in_string(&v), escaped_twice(&v));
        }
    }
}
