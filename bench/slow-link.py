#!/usr/bin/env python3
"""The TUI on a slow link, as a user sees it: the real binary in tmux against
`triage42 serve --latency MS` (every response MS late).

Measures (from the screen, polled with `tmux capture-pane`, and the bytes the TUI
writes, piped out of the pane with `tmux pipe-pane`):
  first frame   start of the TUI -> its first screen (the list still loading)
  first rows    start of the TUI -> the first rows on screen
  after j       `j` sent -> the next alert's details on screen (its id in the detail
                title and its fields shown), MOVES times, a second apart; and the bytes
                written to the terminal for each of those moves
  idle          bytes written in the 3 s after the last move (nothing changes)

    python3 bench/slow-link.py                         # target/release/triage42, 300 ms
    BIN=target/debug/triage42 LATENCY=300 MOVES=10 python3 bench/slow-link.py

Polling costs a few ms per look (a tmux process each time): the figures are upper
bounds by that much. Run it on a quiet machine, or compare two binaries alternately.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("BIN", "target/release/triage42")
LATENCY = os.environ.get("LATENCY", "300")
MOVES = int(os.environ.get("MOVES", "10"))
SOCKET = f"slow-link-{os.getpid()}"


def tmux(*args):
    return subprocess.run(
        ["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", "s")


def wait(done, what, limit=30.0):
    start = time.monotonic()
    while True:
        text = screen()
        if done(text):
            return time.monotonic(), text
        if time.monotonic() - start > limit:
            sys.exit(f"{what} never appeared:\n{text}")
        time.sleep(0.002)


def details_shown(text):
    """The selected alert's details are on screen: a long note can push its
    observations below the pane, so it is the waiting texts that must be gone."""
    return (
        detail_id(text) is not None
        and "Loading details" not in text
        and "Details load when the selection settles" not in text
        and "Name " in text
    )


def detail_id(text):
    at = text.find("Detail ")
    if at < 0:
        return None
    return text[at + len("Detail "):].split()[0].rstrip("─")


def main():
    server = subprocess.Popen(
        [BIN, "serve", "--addr", "127.0.0.1:0", "--alerts", "2000", "--latency", LATENCY],
        stdout=subprocess.PIPE,
        text=True,
    )
    url = next(w for w in server.stdout.readline().split() if w.startswith("http://"))
    log = tempfile.mkdtemp()
    command = (
        f"env TRIAGE42_JOURNAL={log}/journal.jsonl INCYDR_URL={url} "
        "INCYDR_API_CLIENT_ID=demo-client INCYDR_API_CLIENT_SECRET=demo-secret "
        f"{BIN} --log-file {log}/log"
    )
    try:
        piped = os.path.join(log, "pane.bytes")
        started = time.monotonic()
        tmux("new-session", "-d", "-s", "s", "-x", "120", "-y", "40", command)
        tmux("pipe-pane", "-t", "s", "-o", f"cat >> {piped}")
        drawn, _ = wait(lambda t: "triage42" in t, "the first frame")
        first_frame = (drawn - started) * 1000
        shown, _ = wait(lambda t: "Alerts 1/" in t and "Loading" not in t, "the first rows")
        first_rows = (shown - started) * 1000

        def written():
            try:
                return os.path.getsize(piped)
            except OSError:
                return 0

        wait(details_shown, "the first details")
        moves = []
        sizes = []
        for _ in range(MOVES):
            time.sleep(1.0)
            before = detail_id(screen())
            size_before = written()
            sent = time.monotonic()
            tmux("send-keys", "-t", "s", "j")
            shown, _ = wait(
                lambda t: detail_id(t) not in (None, before) and details_shown(t),
                "the next alert's details",
            )
            moves.append((shown - sent) * 1000)
            # What the move wrote, the read ahead included, once it has settled.
            time.sleep(0.8)
            sizes.append(written() - size_before)
        idle_from = written()
        time.sleep(3.0)
        idle = written() - idle_from
        print(f"binary {BIN}, every response {LATENCY} ms late")
        print(f"first frame: {first_frame:.0f} ms (includes starting the process)")
        print(f"first frame with rows: {first_rows:.0f} ms (includes starting the process)")
        print("bytes written per move: " + " ".join(str(n) for n in sizes))
        print(f"bytes per move, median of {MOVES}: {statistics.median(sizes):.0f}")
        print(f"bytes written in 3 s idle: {idle}")
        print("after j: " + " ".join(f"{m:.0f}" for m in moves) + " ms")
        print(f"after j, median of {MOVES}: {statistics.median(moves):.0f} ms")
    finally:
        tmux("kill-server")
        server.kill()


if __name__ == "__main__":
    main()
