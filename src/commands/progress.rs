//! What the search commands say on stderr besides their rows: progress for `--all` on a
//! terminal (nothing at all when stderr is a file or a pipe), and a notice when a search
//! without `--all` stopped short of everything the tenant has. Also the filter of
//! `--checkpoint`, applied to the rows on their way out.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::CommandError;
use super::checkpoint::Checkpoint;
use super::output::RowWriter;
use crate::api::{AlertQuery, Client, FileEventQuery};

/// `4213` as `4,213`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len().saturating_add(digits.len() / 3));
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len().saturating_sub(i)) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The line for a search cut short, or `None` when nothing was left out.
pub(crate) fn partial_notice(shown: usize, total: u64, noun: &str) -> Option<String> {
    let shown = u64::try_from(shown).unwrap_or(u64::MAX);
    (total > shown).then(|| {
        format!(
            "{} of {} {noun} shown; use --all for every one",
            thousands(shown),
            thousands(total)
        )
    })
}

/// How many alerts match `query`, asked with a one-alert page.
pub(crate) async fn alerts_total(client: &Client, query: &AlertQuery) -> Option<u64> {
    let probe = query.clone().page_size(1).page(0);
    client
        .search_alerts(&probe)
        .await
        .ok()
        .map(|p| p.total_count)
}

/// How many file events match `query`, asked with a one-event page.
pub(crate) async fn events_total(client: &Client, query: &FileEventQuery) -> Option<u64> {
    let probe = query.clone().page_size(1);
    client
        .search_file_events(&probe)
        .await
        .ok()
        .map(|p| p.total_count)
}

/// Progress on stderr ("1,500 / 4,213 alerts"), redrawn at most ten times a second.
pub(crate) struct Progress {
    noun: &'static str,
    total: Option<u64>,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    /// Progress only when stderr is a terminal: scripts and tests see nothing.
    pub(crate) fn on_terminal(noun: &'static str) -> Option<Progress> {
        std::io::stderr().is_terminal().then_some(Progress {
            noun,
            total: None,
            last: None,
            drawn: false,
        })
    }

    pub(crate) fn with_total(mut self, total: Option<u64>) -> Progress {
        self.total = total;
        self
    }

    fn tick(&mut self, fetched: usize) {
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.saturating_duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        self.last = Some(now);
        let fetched = thousands(u64::try_from(fetched).unwrap_or(u64::MAX));
        let line = match self.total {
            Some(total) => format!("{fetched} / {} {} fetched", thousands(total), self.noun),
            None => format!("{fetched} {} fetched", self.noun),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[K{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    fn clear(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
            self.drawn = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.clear();
    }
}

/// The rows of a search on their way to the writer: counted for the progress and the
/// partial notice, and filtered by the checkpoint when there is one.
pub(crate) struct Sink<W: Write> {
    writer: RowWriter<W>,
    checkpoint: Option<Checkpoint>,
    progress: Option<Progress>,
    /// Rows offered, new or not.
    seen: usize,
}

/// A search's output, written in full.
pub(crate) struct Written {
    pub(crate) seen: usize,
    checkpoint: Option<Checkpoint>,
}

impl Written {
    /// Moves the checkpoint, if any, past what this run returned.
    pub(crate) fn save_checkpoint(&self) -> Result<(), CommandError> {
        match &self.checkpoint {
            Some(c) => c.save(),
            None => Ok(()),
        }
    }
}

impl<W: Write> Sink<W> {
    pub(crate) fn new(
        writer: RowWriter<W>,
        checkpoint: Option<Checkpoint>,
        progress: Option<Progress>,
    ) -> Self {
        Sink {
            writer,
            checkpoint,
            progress,
            seen: 0,
        }
    }

    pub(crate) fn row(&mut self, row: &Value) -> std::io::Result<()> {
        self.seen = self.seen.saturating_add(1);
        if let Some(p) = &mut self.progress {
            p.tick(self.seen);
        }
        if self.checkpoint.as_mut().is_none_or(|c| c.admit(row)) {
            self.writer.row(row)?;
        }
        Ok(())
    }

    /// Whether rows may come ready-made ([`Sink::serialized`]): only when no checkpoint
    /// has to look into each row.
    pub(crate) fn passes_lines(&self) -> bool {
        self.checkpoint.is_none()
    }

    /// A row already serialised in the output's JSON format (see
    /// [`RowWriter::serialized`]). Only for a sink that
    /// [`passes_lines`](Sink::passes_lines); a checkpoint would see nothing of it.
    pub(crate) fn serialized(&mut self, json: &[u8]) -> std::io::Result<()> {
        self.seen = self.seen.saturating_add(1);
        if let Some(p) = &mut self.progress {
            p.tick(self.seen);
        }
        self.writer.serialized(json)
    }

    /// `count` rows already serialised, each on a line of its own
    /// ([`RowWriter::serialized_lines`]); as [`Sink::serialized`], only for a sink that
    /// [`passes_lines`](Sink::passes_lines).
    pub(crate) fn serialized_lines(&mut self, lines: &[u8], count: usize) -> std::io::Result<()> {
        self.seen = self.seen.saturating_add(count);
        if let Some(p) = &mut self.progress {
            p.tick(self.seen);
        }
        self.writer.serialized_lines(lines, count)
    }

    /// As [`Sink::serialized_lines`], with the lines (all of `lines`) handed over whole.
    pub(crate) fn serialized_lines_owned(
        &mut self,
        lines: Vec<u8>,
        count: usize,
    ) -> std::io::Result<()>
    where
        W: super::output::LinesOut,
    {
        self.seen = self.seen.saturating_add(count);
        if let Some(p) = &mut self.progress {
            p.tick(self.seen);
        }
        self.writer.serialized_lines_owned(lines, count)
    }

    pub(crate) fn finish(mut self) -> std::io::Result<Written> {
        if let Some(p) = &mut self.progress {
            p.clear();
        }
        self.writer.finish()?;
        Ok(Written {
            seen: self.seen,
            checkpoint: self.checkpoint,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4213), "4,213");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn the_notice_only_when_some_were_left_out() {
        assert_eq!(
            partial_notice(100, 4213, "alerts").as_deref(),
            Some("100 of 4,213 alerts shown; use --all for every one")
        );
        assert_eq!(partial_notice(100, 100, "alerts"), None);
    }
}
