#!/usr/bin/env bash
# The whole test suite: unit, HTTP integration, rendered-screen snapshots and
# tmux end-to-end tests, then the official Code42 clients against the demo
# tenant (the conformance kit, when it sits beside the repository) and the incydr
# SDK and CLI on sessions, actors and watchlists, in the kit's virtualenv.
#
#   bash tests/run-all.sh
#
# Everything is built once, optimised (the release-tests profile: release
# without LTO, which would be repeated for every test binary), and the same
# binary serves the conformance run.
set -euo pipefail
cd "$(dirname "$0")/.."

KIT="${TRIAGE42_CONFORMANCE_KIT:-../shared/conformance}"

echo "== cargo test --profile release-tests --workspace"
cargo test --profile release-tests --workspace

BIN="target/release-tests/triage42"
[ -x "$BIN" ] || cargo build --profile release-tests

if [ ! -f "$KIT/run.sh" ]; then
  if [ "${TRIAGE42_REQUIRE_CONFORMANCE:-0}" = 1 ]; then
    echo "conformance kit not found at $KIT" >&2
    exit 1
  fi
  echo "== conformance kit not found at $KIT: skipped"
  exit 0
fi

echo "== conformance: official clients against triage42 serve"
OUT="$(mktemp)"
"$BIN" serve --addr 127.0.0.1:0 >"$OUT" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -f "$OUT"' EXIT
URL=""
for _ in $(seq 1 100); do
  URL="$(head -n1 "$OUT" 2>/dev/null | tr -d '\r')"
  case "$URL" in http://*) break ;; esac
  sleep 0.1
done
case "$URL" in http://*) ;; *) echo "demo tenant did not start:" >&2; cat "$OUT" >&2; exit 1 ;; esac
bash "$KIT/run.sh" "$URL" --keep-going

# The kit's run.sh has made its virtualenv; the sessions checks use it as it is.
echo "== sessions: the incydr SDK and CLI against triage42 serve"
bash tests/sessions-conformance.sh "$URL"
echo "== actors: the incydr SDK and CLI against triage42 serve"
bash tests/actors-conformance.sh "$URL"
echo "== watchlists, actor families, case updates: the incydr SDK and CLI against triage42 serve"
bash tests/watchlists-conformance.sh "$URL"
