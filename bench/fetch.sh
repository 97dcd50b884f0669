#!/usr/bin/env bash
# Every alert with its details as JSON Lines, three ways, on one demo tenant:
#   triage42   triage42 alerts search --all --details --format jsonl
#   raw        the bare sequential raw-HTTP loop (benches/raw_loop.rs: pages of 500,
#              details 100 at a time, bodies not decoded)
#   sdk        the official incydr SDK (/work/shared/bench/sdk_fetch_all.py)
# run alternating, ROUNDS times (default 5); prints each run, the medians and the ratios.
#
#   bench/fetch.sh                       # 10,000 alerts, seed 3, 5 rounds
#   ROUNDS=9 ALERTS=2000 bench/fetch.sh
#   IN_FLIGHT=8 bench/fetch.sh           # triage42 --in-flight
#   BEFORE=/tmp/old/triage42 bench/fetch.sh   # also an older build, alternating ("before")
#   LATENCY=100 bench/fetch.sh           # every answer 100 ms late (serve --latency), a far tenant
#
# Environment: CONFORMANCE_KIT (default /work/shared/conformance) holds the kit whose
# virtualenv has the SDK; SDK_PYTHON overrides that interpreter (default: the kit's
# C42K_VENV, else /tmp/peers-venv, /bin/python); SDK_SCRIPT the script (default
# $CONFORMANCE_KIT/../bench/sdk_fetch_all.py); SKIP_SDK=1 leaves the SDK out.
# TRIAGE42_BIN and RAW_LOOP_BIN use ready-built binaries instead of building them; the
# tenant is served by TRIAGE42_BIN. BEFORE names a second triage42 binary whose client
# runs in the same rounds (its `alerts search` against the same tenant).
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-5}"
ALERTS="${ALERTS:-10000}"
SEED="${SEED:-3}"
LATENCY="${LATENCY:-0}"
IN_FLIGHT="${IN_FLIGHT:-4}"
CONFORMANCE_KIT="${CONFORMANCE_KIT:-/work/shared/conformance}"
SDK_PYTHON="${SDK_PYTHON:-${C42K_VENV:-/tmp/peers-venv}/bin/python}"
SDK_SCRIPT="${SDK_SCRIPT:-$CONFORMANCE_KIT/../bench/sdk_fetch_all.py}"

TRIAGE42="${TRIAGE42_BIN:-}"
if [ -z "$TRIAGE42" ]; then
  echo "building (release) ..." >&2
  cargo build --release --bin triage42 >&2
  TRIAGE42=target/release/triage42
fi
RAW_LOOP="${RAW_LOOP_BIN:-}"
if [ -z "$RAW_LOOP" ]; then
  RAW_LOOP="$(cargo bench --bench raw_loop --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "raw_loop" and m.get("executable"):
        print(m["executable"])')"
fi
[ -x "$RAW_LOOP" ] || { echo "raw_loop bench binary not found" >&2; exit 1; }
if [ "${SKIP_SDK:-0}" != 1 ] && ! "$SDK_PYTHON" -c 'import incydr' 2>/dev/null; then
  echo "no incydr SDK at $SDK_PYTHON (run $CONFORMANCE_KIT/run.sh once, or set SDK_PYTHON / SKIP_SDK=1)" >&2
  exit 1
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

LATENCY_FLAG=()
[ "$LATENCY" != 0 ] && LATENCY_FLAG=(--latency "$LATENCY")
"$TRIAGE42" serve --addr 127.0.0.1:0 --alerts "$ALERTS" --seed "$SEED" "${LATENCY_FLAG[@]}" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER_PID=$!
for _ in $(seq 1 300); do
  URL="$(head -n1 "$WORK/serve.out" 2>/dev/null || true)"
  [ -n "$URL" ] && break
  sleep 0.1
done
[ -n "$URL" ] || { echo "the tenant did not start" >&2; cat "$WORK/serve.err" >&2; exit 1; }
echo "tenant: $URL ($ALERTS alerts, seed $SEED, latency $LATENCY ms)" >&2

export INCYDR_URL="$URL" INCYDR_API_CLIENT_ID=demo-client INCYDR_API_CLIENT_SECRET=demo-secret
export TRIAGE42_JOURNAL="$WORK/journal.jsonl"

run_triage42() { "$TRIAGE42" alerts search --all --details --format jsonl --in-flight "$IN_FLIGHT"; }
run_before() { "$BEFORE" alerts search --all --details --format jsonl --in-flight "$IN_FLIGHT"; }
run_raw() { "$RAW_LOOP" "$URL"; }
run_sdk() { "$SDK_PYTHON" "$SDK_SCRIPT" "$URL"; }

KINDS=(triage42 raw)
[ -n "${BEFORE:-}" ] && KINDS+=(before)
[ "${SKIP_SDK:-0}" = 1 ] || KINDS+=(sdk)

# One warm-up of each (connections, page cache), not counted.
for k in "${KINDS[@]}"; do "run_$k" >/dev/null; done

for r in $(seq 1 "$ROUNDS"); do
  for k in "${KINDS[@]}"; do
    start=$(date +%s%N)
    "run_$k" >"$WORK/$k.out"
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    echo "$ms" >>"$WORK/$k.times"
    printf 'round %d  %-9s %6d ms  %s lines, %s bytes\n' "$r" "$k" "$ms" \
      "$(wc -l <"$WORK/$k.out")" "$(wc -c <"$WORK/$k.out")" >&2
  done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo
echo "median of $ROUNDS alternating rounds, $ALERTS alerts (wall ms):"
for k in "${KINDS[@]}"; do printf '  %-9s %8s\n' "$k" "$(median "$WORK/$k.times")"; done
T=$(median "$WORK/triage42.times"); R=$(median "$WORK/raw.times")
awk -v t="$T" -v r="$R" 'BEGIN { printf "  triage42 / raw loop : %.2fx (goal <= 1.0x)\n", t / r }'
if [ -n "${BEFORE:-}" ]; then
  B=$(median "$WORK/before.times")
  awk -v t="$T" -v b="$B" 'BEGIN { printf "  before / triage42   : %.2fx\n", b / t }'
fi
if [ "${SKIP_SDK:-0}" != 1 ]; then
  S=$(median "$WORK/sdk.times")
  awk -v t="$T" -v s="$S" 'BEGIN { printf "  SDK / triage42      : %.1fx faster (goal >= 10x, aim 20x)\n", s / t }'
fi
