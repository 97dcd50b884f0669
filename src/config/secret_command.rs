//! Running a profile's `secret_command`: only when the secret is needed, with a time
//! limit, and without ever repeating what the command wrote (either stream may hold
//! the secret).

use std::io::Read;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{ConfigError, Secret};

/// How long a `secret_command` may take unless the profile says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest `secret_command_timeout_secs` accepted.
pub const MAX_TIMEOUT_SECS: u64 = 600;

/// Output kept from each stream; the rest is read and dropped so the command never blocks.
const KEPT_OUTPUT: u64 = 64 * 1024;
const POLL: Duration = Duration::from_millis(10);

/// A command that prints the secret on its first line. Its `Debug` does not show the
/// command, which may carry the secret itself (`printf s3cret`).
#[derive(Clone, PartialEq, Eq)]
pub struct SecretCommand {
    pub(crate) command: String,
    pub timeout: Duration,
}

impl std::fmt::Debug for SecretCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretCommand")
            .field("command", &"****")
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl SecretCommand {
    pub fn new(command: impl Into<String>, timeout: Duration) -> SecretCommand {
        SecretCommand {
            command: command.into(),
            timeout,
        }
    }

    /// Runs `sh -c COMMAND` with stdin closed and returns the first line it printed.
    /// A command still running after the timeout is killed, with everything it started.
    pub fn run(&self, profile: &str) -> Result<Secret, ConfigError> {
        let fail = |message: String| ConfigError::SecretCommand {
            profile: profile.to_string(),
            message,
        };
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(&self.command)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Its own process group, so a timeout stops what it started too.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .map_err(|e| fail(format!("could not start sh: {e}")))?;
        let stdout = child.stdout.take().map(drain);
        let stderr = child.stderr.take().map(drain);
        let started = Instant::now();
        let left = |timeout: Duration| timeout.saturating_sub(started.elapsed());

        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if left(self.timeout).is_zero() => {
                    stop(&mut child);
                    return Err(fail(self.timed_out()));
                }
                Ok(None) => std::thread::sleep(POLL.min(left(self.timeout))),
                Err(e) => {
                    stop(&mut child);
                    return Err(fail(format!("could not wait for it: {e}")));
                }
            }
        };
        // Whatever it started in the background may still hold its output open.
        let grace = left(self.timeout).max(Duration::from_millis(200));
        let out = stdout.map(|rx| rx.recv_timeout(grace));
        let err = stderr.map(|rx| rx.recv_timeout(grace));
        let (Some(Ok(out)), Some(Ok(err))) = (out, err) else {
            stop(&mut child);
            return Err(fail(self.timed_out()));
        };

        if !status.success() {
            return Err(fail(format!(
                "it {}{}",
                describe_status(status),
                stderr_note(&err)
            )));
        }
        let text = String::from_utf8(out)
            .map_err(|_| fail(format!("its output is not UTF-8{}", stderr_note(&err))))?;
        // `pass` and friends print the secret on the first line.
        let first = text.lines().next().unwrap_or("").trim();
        if first.is_empty() {
            return Err(fail(format!("it printed nothing{}", stderr_note(&err))));
        }
        Ok(Secret::new(first))
    }

    fn timed_out(&self) -> String {
        format!(
            "it did not finish within {} s and was stopped (it runs without a terminal, so it \
             cannot ask for anything; raise secret_command_timeout_secs if it is just slow)",
            self.timeout.as_secs_f32()
        )
    }
}

/// Reads a stream to its end on a thread, keeping the first `KEPT_OUTPUT` bytes; the
/// receiver gets them at end of stream. A thread that cannot start yields nothing.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    let _ = std::thread::Builder::new()
        .name("secret_command".into())
        .spawn(move || {
            let mut kept = Vec::new();
            let _ = (&mut pipe).take(KEPT_OUTPUT).read_to_end(&mut kept);
            let _ = std::io::copy(&mut pipe, &mut std::io::sink());
            let _ = tx.send(kept);
        });
    rx
}

/// Kills the command and its process group, and reaps it.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        let pid = child.id();
        // The child leads its own group (process_group(0)), so its id names the group.
        if pid > 1 {
            let _ = Command::new("sh")
                .arg("-c")
                .arg("kill -s KILL -- \"-$1\" 2>/dev/null")
                .arg("sh")
                .arg(pid.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        return format!("exited with status {code}");
    }
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        return format!("was ended by signal {signal}");
    }
    "ended abnormally".into()
}

/// What the command wrote to stderr is never repeated: it may quote the secret. Only
/// that there was some, and where to look.
fn stderr_note(stderr: &[u8]) -> String {
    let lines = String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    match lines {
        0 => String::new(),
        1 => "; its one line of error output is not shown, as it may hold the secret (run the \
              command yourself to see it)"
            .into(),
        n => format!(
            "; its {n} lines of error output are not shown, as they may hold the secret (run \
             the command yourself to see them)"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(command: &str, timeout_ms: u64) -> Result<Secret, String> {
        SecretCommand::new(command, Duration::from_millis(timeout_ms))
            .run("p")
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_first_line_is_the_secret() {
        let s = run("printf '  hunter2 \\nsecond line\\n'", 5000).unwrap();
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn failures_report_the_status_but_never_the_output() {
        let e = run("echo hunter2; echo hunter2 >&2; exit 4", 5000).unwrap_err();
        assert_eq!(
            e,
            "secret_command of profile p failed: it exited with status 4; its one line of \
             error output is not shown, as it may hold the secret (run the command yourself \
             to see it)"
        );
        let e = run("true", 5000).unwrap_err();
        assert_eq!(e, "secret_command of profile p failed: it printed nothing");
        let e = run("printf '\\377\\n'", 5000).unwrap_err();
        assert!(e.ends_with("its output is not UTF-8"), "{e}");
    }

    #[test]
    fn a_command_that_hangs_is_stopped() {
        let started = Instant::now();
        let e = run("echo hunter2 >&2; sleep 30", 300).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(
            e.starts_with(
                "secret_command of profile p failed: it did not finish within 0.3 s and was stopped"
            ),
            "{e}"
        );
        assert!(!e.contains("hunter2"));
        // Exited, but left something holding its output open.
        let started = Instant::now();
        let e = run("sleep 30 & echo hunter2", 300).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(e.contains("did not finish within 0.3 s"), "{e}");
    }

    #[test]
    fn debug_does_not_show_the_command() {
        let c = SecretCommand::new("printf hunter2", DEFAULT_TIMEOUT);
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
