//! OSC 52 clipboard sequences, sent so they reach the outer terminal over SSH.
//!
//! Inside tmux the plain sequence is sent: tmux (with `set-clipboard on`, its default
//! `external` for applications is not enough) sets its own buffer from it and forwards it
//! to the outer terminal, while a sequence wrapped for passthrough is dropped unless
//! `allow-passthrough` is on (tmux 3.3 and later). GNU screen forwards nothing it does
//! not understand, so there the sequence goes wrapped in a DCS string. No terminal
//! answers an OSC 52 write, so a copy can never be confirmed.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Largest base64 payload sent; many terminals drop longer sequences.
pub const MAX_OSC52_BASE64: usize = 74_994;

/// The multiplexer between us and the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Multiplexer {
    None,
    Tmux,
    Screen,
}

impl Multiplexer {
    /// From `$TMUX` (set inside tmux) and `$TERM` (`screen*` inside GNU screen).
    pub fn detect(tmux: Option<&str>, term: Option<&str>) -> Multiplexer {
        if tmux.is_some_and(|t| !t.is_empty()) {
            Multiplexer::Tmux
        } else if term.is_some_and(|t| t.starts_with("screen")) {
            Multiplexer::Screen
        } else {
            Multiplexer::None
        }
    }

    pub fn from_env() -> Multiplexer {
        Multiplexer::detect(
            std::env::var("TMUX").ok().as_deref(),
            std::env::var("TERM").ok().as_deref(),
        )
    }
}

/// Length of the base64 form of `len` bytes.
pub fn base64_len(len: usize) -> usize {
    len.div_ceil(3).saturating_mul(4)
}

/// The bytes to write so the terminal puts `text` on the clipboard.
pub fn osc52_sequence(text: &str, multiplexer: Multiplexer) -> String {
    let sequence = format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()));
    match multiplexer {
        Multiplexer::None | Multiplexer::Tmux => sequence,
        Multiplexer::Screen => format!("\x1bP{sequence}\x1b\\"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_sequence() {
        assert_eq!(
            osc52_sequence("alert-1", Multiplexer::None),
            "\x1b]52;c;YWxlcnQtMQ==\x07"
        );
    }

    #[test]
    fn tmux_gets_the_plain_sequence_it_understands() {
        assert_eq!(
            osc52_sequence("hi", Multiplexer::Tmux),
            "\x1b]52;c;aGk=\x07"
        );
    }

    #[test]
    fn screen_uses_a_dcs_wrapper() {
        assert_eq!(
            osc52_sequence("hi", Multiplexer::Screen),
            "\x1bP\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    #[test]
    fn multiplexer_from_environment() {
        assert_eq!(
            Multiplexer::detect(Some("/tmp/tmux-1/default,1,0"), Some("screen")),
            Multiplexer::Tmux
        );
        assert_eq!(
            Multiplexer::detect(None, Some("screen.xterm-256color")),
            Multiplexer::Screen
        );
        assert_eq!(
            Multiplexer::detect(Some(""), Some("xterm")),
            Multiplexer::None
        );
    }

    #[test]
    fn base64_length_matches_the_encoder() {
        for len in 0..10 {
            let text = "x".repeat(len);
            assert_eq!(base64_len(len), STANDARD.encode(text).len());
        }
    }
}
