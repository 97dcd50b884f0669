//! Output written on a thread of its own. A command that lists thousands of alerts
//! writes tens of megabytes; on the single-threaded runtime of the commands, each
//! write to a file or pipe would stop the reading of the answers under way for as long
//! as the kernel takes. Here a write only hands its bytes over (small writes gathered
//! into large buffers first, a buffer of whole rows handed over as it is, uncopied);
//! the thread writes them in order, and the first error it meets is given back by the
//! next write or flush.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

/// Small writes are gathered up to this size before they are handed over.
const GATHER_BYTES: usize = 1 << 17;

/// How many handed-over buffers may wait for the thread before a write waits too (so
/// memory stays bounded when the output is slower than the network).
const QUEUED_BUFFERS: usize = 8;

enum Message {
    Bytes(Vec<u8>),
    /// Flush, then answer on the channel given.
    Flush(SyncSender<io::Result<()>>),
}

/// A writer whose writes are done on a thread of its own, in order.
pub(crate) struct WriterThread {
    /// Small writes not yet handed over.
    gathered: Vec<u8>,
    sender: Option<SyncSender<Message>>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl WriterThread {
    /// Starts the thread that writes to `out`.
    pub(crate) fn new<W: Write + Send + 'static>(out: W) -> io::Result<Self> {
        let (sender, receiver) = sync_channel(QUEUED_BUFFERS);
        let thread = std::thread::Builder::new()
            .name("output".to_string())
            .spawn(move || write_all_of(out, &receiver))?;
        Ok(WriterThread {
            gathered: Vec::new(),
            sender: Some(sender),
            thread: Some(thread),
        })
    }

    fn send(&mut self, message: Message) -> io::Result<()> {
        let sent = self
            .sender
            .as_ref()
            .is_some_and(|sender| sender.send(message).is_ok());
        if sent {
            return Ok(());
        }
        // The thread has stopped: on an error, which it returns.
        Err(self
            .stop()
            .err()
            .unwrap_or_else(|| io::Error::new(io::ErrorKind::BrokenPipe, "the output was closed")))
    }

    /// Hands over what was gathered, if anything.
    fn send_gathered(&mut self) -> io::Result<()> {
        if self.gathered.is_empty() {
            return Ok(());
        }
        let gathered = std::mem::take(&mut self.gathered);
        self.send(Message::Bytes(gathered))
    }

    /// Ends the thread once it has written everything; its first error, if any.
    fn stop(&mut self) -> io::Result<()> {
        self.sender = None;
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the output thread failed"))),
            None => Ok(()),
        }
    }
}

/// The thread's work: every buffer in order, until the channel closes or a write fails.
fn write_all_of<W: Write>(mut out: W, messages: &Receiver<Message>) -> io::Result<()> {
    while let Ok(message) = messages.recv() {
        match message {
            Message::Bytes(bytes) => {
                out.write_all(&bytes)?;
                crate::api::buffers::give(bytes);
            }
            Message::Flush(done) => {
                let flushed = out.flush();
                let failed = flushed
                    .as_ref()
                    .err()
                    .map(|e| io::Error::new(e.kind(), e.to_string()));
                let _ = done.send(flushed);
                if let Some(e) = failed {
                    return Err(e);
                }
            }
        }
    }
    out.flush()
}

impl Write for WriterThread {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.gathered.len().saturating_add(buf.len()) > GATHER_BYTES {
            self.send_gathered()?;
        }
        if self.gathered.is_empty() && buf.len() >= GATHER_BYTES {
            self.send(Message::Bytes(buf.to_vec()))?;
        } else {
            if self.gathered.capacity() == 0 {
                self.gathered = crate::api::buffers::take(GATHER_BYTES);
            }
            self.gathered.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    /// Waits until everything handed over is written and flushed.
    fn flush(&mut self) -> io::Result<()> {
        self.send_gathered()?;
        let (done, flushed) = sync_channel(1);
        self.send(Message::Flush(done))?;
        match flushed.recv() {
            Ok(result) => result,
            Err(_) => self.stop(),
        }
    }
}

impl super::output::LinesOut for WriterThread {
    fn write_owned(&mut self, bytes: Vec<u8>) -> io::Result<()> {
        self.send_gathered()?;
        if bytes.is_empty() {
            return Ok(());
        }
        self.send(Message::Bytes(bytes))
    }
}

impl Drop for WriterThread {
    /// What was written is still written out (an error then has nobody to tell).
    fn drop(&mut self) {
        let _ = self.send_gathered();
        let _ = self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer into shared memory that fails once it holds `fail_after` bytes.
    #[derive(Clone)]
    struct Shared {
        bytes: Arc<Mutex<Vec<u8>>>,
        fail_after: usize,
    }

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let mut bytes = self.bytes.lock().unwrap();
            if bytes.len() + buf.len() > self.fail_after {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            bytes.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writes_everything_in_order_by_the_flush() {
        let shared = Shared {
            bytes: Arc::default(),
            fail_after: usize::MAX,
        };
        let mut out = WriterThread::new(shared.clone()).unwrap();
        let mut expected = Vec::new();
        for i in 0..100_000u32 {
            let line = format!("line {i}\n");
            // Small writes, a large one, and whole buffers handed over, mixed.
            match i % 1000 {
                500 => {
                    let big = line.repeat(30_000);
                    out.write_all(big.as_bytes()).unwrap();
                    expected.extend_from_slice(big.as_bytes());
                }
                999 => {
                    use crate::commands::output::LinesOut;
                    out.write_owned(line.clone().into_bytes()).unwrap();
                    expected.extend_from_slice(line.as_bytes());
                }
                _ => {
                    out.write_all(line.as_bytes()).unwrap();
                    expected.extend_from_slice(line.as_bytes());
                }
            }
        }
        out.flush().unwrap();
        assert_eq!(*shared.bytes.lock().unwrap(), expected);
    }

    #[test]
    fn drop_still_writes_what_was_handed_over() {
        let shared = Shared {
            bytes: Arc::default(),
            fail_after: usize::MAX,
        };
        {
            let mut out = WriterThread::new(shared.clone()).unwrap();
            out.write_all(b"last words").unwrap();
        }
        assert_eq!(*shared.bytes.lock().unwrap(), b"last words");
    }

    #[test]
    fn a_failed_write_is_reported_by_the_flush_and_every_write_after_it() {
        let shared = Shared {
            bytes: Arc::default(),
            fail_after: 10,
        };
        let mut out = WriterThread::new(shared.clone()).unwrap();
        out.write_all(b"12345").unwrap();
        out.flush().unwrap();
        // This one fails on the thread; the flush after it says so, and so does any
        // write after that.
        out.write_all(b"678901234").unwrap();
        assert_eq!(out.flush().unwrap_err().kind(), io::ErrorKind::StorageFull);
        let mut refused = false;
        for _ in 0..10 {
            if out.write_all(&[b'x'; GATHER_BYTES]).is_err() {
                refused = true;
                break;
            }
        }
        assert!(refused, "writes go on being taken after the output failed");
        assert_eq!(*shared.bytes.lock().unwrap(), b"12345");
    }
}
