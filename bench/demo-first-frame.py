#!/usr/bin/env python3
"""`triage42 demo --alerts N` as a user sees it: the real binary in tmux, from the
start of the process to the first rows on screen (polled with `tmux capture-pane`),
and `triage42 serve --alerts N`: from the start of the process to its URL on stdout.
Runs alternate between the binaries given, ROUNDS times; prints each and the medians.

    python3 bench/demo-first-frame.py target/release/triage42 /tmp/before/triage42
    ALERTS=100000 ROUNDS=5 python3 bench/demo-first-frame.py BIN...

Polling costs a few ms per look (a tmux process each time): the figures are upper
bounds by that much.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ALERTS = os.environ.get("ALERTS", "100000")
ROUNDS = int(os.environ.get("ROUNDS", "5"))
SOCKET = f"first-frame-{os.getpid()}"


def tmux(*args):
    return subprocess.run(
        ["tmux", "-L", SOCKET, "-f", "/dev/null", *args],
        capture_output=True, text=True, check=False,
    ).stdout


def first_frame(binary):
    log = tempfile.mkdtemp()
    command = (f"env TRIAGE42_JOURNAL={log}/journal.jsonl "
               f"{binary} --log-file {log}/log demo --alerts {ALERTS}")
    started = time.monotonic()
    tmux("new-session", "-d", "-s", "s", "-x", "120", "-y", "40", command)
    try:
        while True:
            text = tmux("capture-pane", "-p", "-t", "s")
            if "Alerts 1/" in text and "Loading" not in text:
                return (time.monotonic() - started) * 1000
            if time.monotonic() - started > 60:
                sys.exit(f"no rows from {binary}:\n{text}")
            time.sleep(0.002)
    finally:
        tmux("kill-server")


def serve_url(binary):
    started = time.monotonic()
    server = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "--alerts", ALERTS],
                              stdout=subprocess.PIPE, text=True)
    server.stdout.readline()
    elapsed = (time.monotonic() - started) * 1000
    server.kill()
    server.wait()
    return elapsed


def main():
    binaries = sys.argv[1:] or ["target/release/triage42"]
    frames = {b: [] for b in binaries}
    urls = {b: [] for b in binaries}
    for _ in range(ROUNDS):
        for b in binaries:
            frames[b].append(first_frame(b))
            urls[b].append(serve_url(b))
    for b in binaries:
        print(f"{b}: demo --alerts {ALERTS} first frame with rows "
              + " ".join(f"{f:.0f}" for f in frames[b])
              + f" ms, median {statistics.median(frames[b]):.0f} ms; "
              + "serve URL after " + " ".join(f"{u:.0f}" for u in urls[b])
              + f" ms, median {statistics.median(urls[b]):.0f} ms")


if __name__ == "__main__":
    main()
