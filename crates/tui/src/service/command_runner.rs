//! Runs one of the analyst's commands: `sh -c COMMAND` with the items on its standard
//! input, its output (standard output and error, as they come) sent back in lines.
//! The child is killed if the task is stopped (the pane closed while it runs). What
//! it reads is made by the worker, which reads the items from the tenant if need be.

use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::sync::mpsc::UnboundedSender;

use crate::msg::Msg;
use crate::state::CustomCommand;

/// Lines sent back together, so a chatty command does not wake the loop per line.
const LINES_PER_MESSAGE: usize = 64;

/// Runs `command` with `input` on its standard input; `count` items of `kind`
/// ("alerts", "sessions") are said in its environment.
pub async fn run(
    sender: &UnboundedSender<Msg>,
    run_id: u64,
    command: &CustomCommand,
    count: usize,
    kind: &str,
    input: Vec<u8>,
) -> Result<String, String> {
    let mut child = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(&command.command)
        .env("TRIAGE42_COUNT", count.to_string())
        .env("TRIAGE42_KIND", kind)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start sh: {e}"))?;
    let stdin = child.stdin.take();
    let feed = async move {
        if let Some(mut stdin) = stdin {
            // A command that does not read its input closes the pipe: not an error.
            let _ = stdin.write_all(&input).await;
            let _ = stdin.shutdown().await;
        }
    };
    let (lines_out, lines_err) = (
        child.stdout.take().map(BufReader::new),
        child.stderr.take().map(BufReader::new),
    );
    let forward = async move {
        let (mut out, mut err) = (lines_out, lines_err);
        let mut batch = Vec::new();
        loop {
            let line = tokio::select! {
                line = next_line(&mut out), if out.is_some() => match line {
                    Some(line) => line,
                    None => { out = None; continue; }
                },
                line = next_line(&mut err), if err.is_some() => match line {
                    Some(line) => line,
                    None => { err = None; continue; }
                },
                else => break,
            };
            batch.push(line);
            if batch.len() >= LINES_PER_MESSAGE {
                let lines = std::mem::take(&mut batch);
                let _ = sender.send(Msg::CommandOutput { run_id, lines });
            }
        }
        if !batch.is_empty() {
            let _ = sender.send(Msg::CommandOutput {
                run_id,
                lines: batch,
            });
        }
    };
    let ((), ()) = tokio::join!(feed, forward);
    let status = child
        .wait()
        .await
        .map_err(|e| format!("could not wait for the command: {e}"))?;
    if status.success() {
        Ok("exit status 0".into())
    } else {
        Err(match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "stopped by a signal".into(),
        })
    }
}

/// The next line of a stream (bytes that are not UTF-8 replaced; the pane sanitises
/// it), `None` at its end or on a read error.
async fn next_line<R: tokio::io::AsyncBufRead + Unpin>(reader: &mut Option<R>) -> Option<String> {
    let reader = reader.as_mut()?;
    let mut bytes = Vec::new();
    match reader.read_until(b'\n', &mut bytes).await {
        Ok(0) | Err(_) => None,
        Ok(_) => {
            while bytes.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                bytes.pop();
            }
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}
