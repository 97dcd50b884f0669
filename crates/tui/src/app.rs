//! The loop: wait for a terminal event, a call result, a timer or a signal;
//! drain what is queued; apply `update`; run the effects; draw only if something changed.

use std::io::Write;
use std::time::Duration;

use color_eyre::eyre::WrapErr;
use crossterm::event::{Event, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Size};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::clipboard::{self, Multiplexer};
use crate::effect::{Call, Effect, LocalEffect};
use crate::msg::{ListMsg, Msg};
use crate::state::{State, View};
use crate::term::{TerminalGuard, Tui};
use crate::{ui, update};

const SPINNER_INTERVAL: Duration = Duration::from_millis(120);

/// How often the loop looks whether the terminal has hung up (a dropped SSH session).
const HANGUP_CHECK: Duration = Duration::from_secs(1);

/// How long the reader of the terminal waits for input before it looks again.
const READ_WAIT: Duration = Duration::from_millis(250);

/// What the reader of the terminal hands the loop.
enum TerminalInput {
    Event(Event),
    /// It could not be read; the reader has stopped.
    Failed(String),
    /// It has hung up; the reader has stopped.
    Closed,
}

/// Whether the terminal on standard input has hung up (its other end closed, as when an
/// SSH session drops): reads then return nothing, at once, for ever.
fn terminal_hung_up() -> bool {
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        // The terminal is not standard input (it is /dev/tty): the reader's errors and
        // the signals say when it goes.
        return false;
    }
    let fd = stdin.as_fd();
    let mut fds = [rustix::event::PollFd::new(
        &fd,
        rustix::event::PollFlags::IN,
    )];
    let now = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match rustix::event::poll(&mut fds, Some(&now)) {
        Ok(_) => fds.iter().any(|fd| {
            fd.revents().intersects(
                rustix::event::PollFlags::HUP
                    | rustix::event::PollFlags::ERR
                    | rustix::event::PollFlags::NVAL,
            )
        }),
        Err(_) => false,
    }
}

/// Reads the terminal on a thread of its own, so that the loop never waits inside the
/// terminal library: once a terminal has hung up, its reads return nothing at once and
/// the library's read loops on them without returning, which on the loop's thread would
/// stop signals, results and the stop itself from being handled. The thread ends when
/// the terminal fails or hangs up, or when the loop is gone.
fn spawn_terminal_reader() -> std::io::Result<UnboundedReceiver<TerminalInput>> {
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    std::thread::Builder::new()
        .name("terminal".into())
        .spawn(move || {
            loop {
                if terminal_hung_up() {
                    let _ = sender.send(TerminalInput::Closed);
                    return;
                }
                let input = match crossterm::event::poll(READ_WAIT) {
                    Ok(false) if sender.is_closed() => return,
                    Ok(false) => continue,
                    Ok(true) => match crossterm::event::read() {
                        Ok(event) => TerminalInput::Event(event),
                        Err(error) => TerminalInput::Failed(error.to_string()),
                    },
                    Err(error) => TerminalInput::Failed(error.to_string()),
                };
                let stop = !matches!(input, TerminalInput::Event(_));
                if sender.send(input).is_err() || stop {
                    return;
                }
            }
        })?;
    Ok(receiver)
}

/// Turns a terminal event into a message; `None` for events that change nothing.
pub fn message_of(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// Runs the TUI until the user quits or a signal arrives. `run_call` starts the
/// calls to the server; their results come back on `messages`.
///
/// Stopping with changes queued (quit, SIGTERM, SIGHUP, the terminal gone) drops the
/// queue, waits up to `STOP_WAIT` for the change in flight, and once the terminal is
/// restored says on stderr what was done and what was not.
pub async fn run(
    mut state: State,
    mut run_call: impl FnMut(Call),
    sender: UnboundedSender<Msg>,
    mut messages: UnboundedReceiver<Msg>,
) -> color_eyre::Result<()> {
    let mut guard = TerminalGuard::enter().wrap_err("could not set up the terminal")?;
    let mut terminate = signal(SignalKind::terminate()).wrap_err("could not watch SIGTERM")?;
    let mut hangup = signal(SignalKind::hangup()).wrap_err("could not watch SIGHUP")?;
    let mut events = spawn_terminal_reader().wrap_err("could not read the terminal")?;
    let mut hangup_check = tokio::time::interval(HANGUP_CHECK);
    hangup_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut spinner = tokio::time::interval(SPINNER_INTERVAL);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Set once the terminal cannot be read or written (a dropped SSH session): the loop
    // then only finishes what it was doing.
    let mut terminal_gone = false;
    let mut stop_deadline: Option<tokio::time::Instant> = None;
    // Set by `LocalEffect::Quit`: the loop ends after the message that asked for it.
    let mut quitting = false;
    let mut picture = Picture::new()?;

    let size = guard.terminal.size()?;
    update::update(&mut state, Msg::Resize(size.width, size.height));
    for effect in update::init(&mut state) {
        perform(
            effect,
            &mut guard.terminal,
            &sender,
            &mut run_call,
            &mut quitting,
            &mut picture,
        )?;
    }
    draw(&mut guard.terminal, &state, &mut picture)?;

    loop {
        let pending = state.has_pending();
        let deadline = async {
            match stop_deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        let first = tokio::select! {
            input = events.recv(), if !terminal_gone => match input {
                Some(TerminalInput::Event(event)) => message_of(event),
                Some(TerminalInput::Failed(error)) => {
                    tracing::warn!("could not read the terminal: {error}");
                    terminal_gone = true;
                    Some(Msg::Terminate("the terminal could not be read".into()))
                }
                Some(TerminalInput::Closed) | None => {
                    terminal_gone = true;
                    Some(Msg::Terminate("the terminal closed".into()))
                }
            },
            // The reader may be caught in the terminal library when the terminal hangs
            // up; the loop looks for itself.
            _ = hangup_check.tick(), if !terminal_gone => {
                if terminal_hung_up() {
                    terminal_gone = true;
                    Some(Msg::Terminate("the terminal closed".into()))
                } else {
                    None
                }
            }
            Some(msg) = messages.recv() => Some(msg),
            _ = terminate.recv() => Some(Msg::Terminate("SIGTERM".into())),
            _ = hangup.recv() => Some(Msg::Terminate("SIGHUP".into())),
            () = deadline => Some(Msg::StopDeadline),
            _ = spinner.tick(), if pending => Some(Msg::Tick),
        };
        let mut batch: Vec<Msg> = first.into_iter().collect();
        // Bursts (held keys, pasted text, several results) become one frame.
        if !terminal_gone {
            while let Ok(input) = events.try_recv() {
                match input {
                    TerminalInput::Event(event) => batch.extend(message_of(event)),
                    TerminalInput::Failed(error) => {
                        tracing::warn!("could not read the terminal: {error}");
                        terminal_gone = true;
                        batch.push(Msg::Terminate("the terminal could not be read".into()));
                        break;
                    }
                    TerminalInput::Closed => {
                        terminal_gone = true;
                        batch.push(Msg::Terminate("the terminal closed".into()));
                        break;
                    }
                }
            }
        }
        while let Ok(msg) = messages.try_recv() {
            batch.push(msg);
        }
        if batch.is_empty() {
            continue;
        }
        // The reducer has no clock; relative filter dates count from the time of the batch.
        state.now = chrono::Utc::now();
        let mut batch = std::collections::VecDeque::from(batch);
        while let Some(msg) = batch.pop_front() {
            // Nothing after the last message: a key queued behind a signal must not start
            // changes that nobody would send or journal.
            if quitting {
                break;
            }
            for effect in update::update(&mut state, msg) {
                if let Err(error) = perform(
                    effect,
                    &mut guard.terminal,
                    &sender,
                    &mut run_call,
                    &mut quitting,
                    &mut picture,
                ) {
                    tracing::warn!("the terminal is gone: {error:#}");
                    terminal_gone = true;
                    batch.push_back(Msg::Terminate("the terminal is gone".into()));
                }
            }
        }
        if quitting {
            break;
        }
        if state.stopping.is_some() && stop_deadline.is_none() {
            let now = tokio::time::Instant::now();
            stop_deadline = Some(now.checked_add(crate::state::STOP_WAIT).unwrap_or(now));
        }
        if !terminal_gone && let Err(error) = draw(&mut guard.terminal, &state, &mut picture) {
            tracing::warn!("the terminal is gone: {error:#}");
            terminal_gone = true;
            for effect in update::update(&mut state, Msg::Terminate("the terminal is gone".into()))
            {
                // The terminal is gone: what the loop would do on it fails and is left out.
                if let Err(error) = perform(
                    effect,
                    &mut guard.terminal,
                    &sender,
                    &mut run_call,
                    &mut quitting,
                    &mut picture,
                ) {
                    tracing::debug!("left out with the terminal gone: {error:#}");
                }
            }
            if quitting {
                break;
            }
        }
    }
    drop(guard);
    // After a dropped session there may be no stderr to write to: nothing to do then.
    let mut stderr = std::io::stderr().lock();
    for line in update::exit_report(&state) {
        tracing::info!("on exit: {line}");
        // The lines name ids the server sent.
        let _ = writeln!(stderr, "triage42: {}", crate::sanitize::one_line(&line));
    }
    Ok(())
}

/// Hands a call to the worker or runs a local effect.
fn perform(
    effect: Effect,
    terminal: &mut Tui,
    sender: &UnboundedSender<Msg>,
    run_call: &mut impl FnMut(Call),
    quitting: &mut bool,
    picture: &mut Picture,
) -> color_eyre::Result<()> {
    match effect {
        Effect::Call(call) => {
            run_call(call);
            Ok(())
        }
        Effect::Local(local) => run_local(local, terminal, sender, quitting, picture),
    }
}

fn run_local(
    effect: LocalEffect,
    terminal: &mut Tui,
    sender: &UnboundedSender<Msg>,
    quitting: &mut bool,
    picture: &mut Picture,
) -> color_eyre::Result<()> {
    match effect {
        LocalEffect::ScheduleDetail { view, id, delay } => {
            let sender = sender.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let due = match view {
                    View::Alerts => Msg::Alerts(ListMsg::DetailDue(id)),
                    View::Sessions => Msg::Sessions(ListMsg::DetailDue(id)),
                    View::Cases => Msg::Cases(ListMsg::DetailDue(id)),
                };
                let _ = sender.send(due);
            });
        }
        LocalEffect::ScheduleWatch { generation, delay } => {
            let sender = sender.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                let _ = sender.send(Msg::WatchDue(generation));
            });
        }
        LocalEffect::ClearScreen => {
            terminal.clear()?;
            // The next frame is drawn whole, even if it is the same picture.
            picture.forget();
        }
        LocalEffect::WriteExport {
            path,
            format,
            rows,
            formula_guard,
            overwrite,
        } => {
            let sender = sender.clone();
            tokio::task::spawn_blocking(move || {
                let result = rows.write(&path, format, formula_guard, overwrite);
                let _ = sender.send(Msg::Exported {
                    count: rows.len(),
                    result,
                });
            });
        }
        LocalEffect::WriteView { file, name, view } => {
            let sender = sender.clone();
            tokio::task::spawn_blocking(move || {
                let result = crate::saved_views_file::write(&file, &name, view.as_ref());
                let _ = sender.send(Msg::ViewWritten {
                    name,
                    saved: view.is_some(),
                    result,
                });
            });
        }
        LocalEffect::ReadJournal { path } => {
            let sender = sender.clone();
            tokio::task::spawn_blocking(move || {
                let result = crate::journal::read_records(&path)
                    .map(|records| crate::journal::summarise(&records))
                    .map_err(|e| format!("Could not read {}: {e}", path.display()));
                let _ = sender.send(Msg::JournalLoaded { result });
            });
        }
        LocalEffect::CopyToClipboard { text } => {
            let sequence = clipboard::osc52_sequence(&text, Multiplexer::from_env());
            let out = terminal.backend_mut();
            out.write_all(sequence.as_bytes())
                .and_then(|()| out.flush())
                .wrap_err("could not write the clipboard sequence")?;
        }
        LocalEffect::Quit => *quitting = true,
        // On the loop, as the drafts are: a small file written once per line run by hand,
        // and two writes in flight at once would share the temporary file.
        LocalEffect::StoreCommandHistory { path, lines } => {
            if let Err(error) = crate::state::store_history(&path, &lines) {
                tracing::warn!(
                    "could not write the command history to {}: {error}",
                    path.display()
                );
            }
        }
        LocalEffect::StoreDrafts { path, drafts } => {
            if let Err(error) = crate::state::drafts::store(&path, &drafts) {
                tracing::warn!("could not write the drafts to {}: {error}", path.display());
            }
        }
    }
    Ok(())
}

/// The last picture put on the terminal (cells and cursor), rendered off screen first:
/// a frame that would change nothing writes nothing, so a watch refresh that found
/// nothing new, a timer or a result for another view sends no byte down the link.
struct Picture {
    offscreen: Terminal<TestBackend>,
    last: Option<(Buffer, Option<Position>)>,
}

impl Picture {
    fn new() -> color_eyre::Result<Picture> {
        Ok(Picture {
            offscreen: Terminal::new(TestBackend::new(1, 1))?,
            last: None,
        })
    }

    fn forget(&mut self) {
        self.last = None;
    }

    /// Renders `state` at `size` off screen; true when it differs from the last picture.
    fn changed(&mut self, size: Size, state: &State) -> color_eyre::Result<bool> {
        self.offscreen.backend_mut().resize(size.width, size.height);
        let buffer = self
            .offscreen
            .draw(|frame| ui::draw(frame, state))?
            .buffer
            .clone();
        let backend = self.offscreen.backend();
        let picture = (
            buffer,
            backend.cursor_visible().then(|| backend.cursor_position()),
        );
        if self.last.as_ref() == Some(&picture) {
            return Ok(false);
        }
        self.last = Some(picture);
        Ok(true)
    }
}

fn draw(terminal: &mut Tui, state: &State, picture: &mut Picture) -> color_eyre::Result<()> {
    if !picture.changed(terminal.size()?, state)? {
        return Ok(());
    }
    crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::draw(frame, state))?;
    crossterm::execute!(terminal.backend_mut(), EndSynchronizedUpdate)?;
    Ok(())
}
