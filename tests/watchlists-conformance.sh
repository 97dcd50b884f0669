#!/usr/bin/env bash
# The official incydr SDK and CLI against the watchlists, actor-family and case-update
# APIs (tests/watchlists_conformance.py), in the conformance kit's virtualenv. It
# installs nothing: run the kit's run.sh first, which creates the venv.
#
#   bash tests/watchlists-conformance.sh URL [CLIENT_ID SECRET]
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
URL="${1:?usage: watchlists-conformance.sh URL [CLIENT_ID SECRET]}"
VENV="${C42K_VENV:-/tmp/peers-venv}"
if ! "$VENV/bin/python" -c 'import incydr' 2>/dev/null || [ ! -x "$VENV/bin/incydr" ]; then
  echo "no incydr SDK and CLI in $VENV: run the conformance kit's run.sh first" >&2
  exit 2
fi
# As the kit does: no proxy, no CA bundle, no incydr settings from the environment.
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
for v in $(env | sed -n 's/^\(INCYDR_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export PYTHONWARNINGS=ignore PYTHONDONTWRITEBYTECODE=1
exec "$VENV/bin/python" "$HERE/watchlists_conformance.py" "$URL" "${2:-demo-client}" "${3:-demo-secret}"
