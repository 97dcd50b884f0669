//! The accepted TCP connections, wrapped so that a fault can cut one off at the byte level.
//!
//! hyper owns the socket and answers whatever the handler returns, so a handler cannot
//! close its connection by itself. Each accepted stream is therefore wrapped in a
//! [`FaultyStream`] sharing a [`Connection`] handle with the requests it carries (through
//! `ConnectInfo`). A fault sets the handle; the stream then refuses hyper's writes:
//!
//! - [`Connection::cut`]: every later write fails, so hyper gives up on the connection
//!   before a byte of the answer leaves and drops the socket: the client sees the
//!   connection close with no status line.
//! - [`Connection::cut_after_flush`]: writes go through until hyper next flushes, which it
//!   does only once everything it buffered is in the kernel; then the write side is shut
//!   down (FIN after the data) and hyper is told the connection failed. Used to send an
//!   answer's head and part of its body, and nothing more.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll, ready};

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

const OPEN: u8 = 0;
const CUT_AFTER_FLUSH: u8 = 1;
const CUT: u8 = 2;

/// A handle on one accepted connection, reachable from its requests.
#[derive(Debug, Clone, Default)]
pub struct Connection(Arc<AtomicU8>);

impl Connection {
    /// From now on nothing more is sent: the connection closes as soon as hyper writes.
    pub fn cut(&self) {
        self.0.store(CUT, Ordering::SeqCst);
    }

    /// What hyper has buffered so far is sent, then the connection closes.
    pub fn cut_after_flush(&self) {
        let _ = self
            .0
            .compare_exchange(OPEN, CUT_AFTER_FLUSH, Ordering::SeqCst, Ordering::SeqCst);
    }

    fn state(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

fn cut_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::ConnectionAborted,
        "connection cut by fault injection",
    )
}

/// The listener of the demo tenant: TCP, no Nagle, every stream a [`FaultyStream`].
pub struct FaultyListener(pub TcpListener);

impl Listener for FaultyListener {
    type Io = FaultyStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (tcp, addr) = Listener::accept(&mut self.0).await;
        // Nagle plus delayed ACKs would stall small request/response pairs.
        let _ = tcp.set_nodelay(true);
        let stream = FaultyStream {
            tcp,
            connection: Connection::default(),
        };
        (stream, addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

impl Connected<IncomingStream<'_, FaultyListener>> for Connection {
    fn connect_info(stream: IncomingStream<'_, FaultyListener>) -> Self {
        stream.io().connection.clone()
    }
}

/// A TCP stream that stops carrying bytes when its [`Connection`] is cut.
pub struct FaultyStream {
    tcp: TcpStream,
    connection: Connection,
}

impl AsyncRead for FaultyStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.connection.state() == CUT {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for FaultyStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.connection.state() == CUT {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.connection.state() == CUT {
            return Poll::Ready(Err(cut_error()));
        }
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.connection.state() {
            CUT => Poll::Ready(Err(cut_error())),
            CUT_AFTER_FLUSH => {
                // hyper flushes the stream only once all it buffered has been written.
                ready!(Pin::new(&mut self.tcp).poll_flush(cx))?;
                let _ = ready!(Pin::new(&mut self.tcp).poll_shutdown(cx));
                self.connection.cut();
                Poll::Ready(Err(cut_error()))
            }
            _ => Pin::new(&mut self.tcp).poll_flush(cx),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.connection.state() == CUT {
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}
