#!/usr/bin/env bash
# Builds the Debian package: target/debian/triage42_<version>-1_<arch>.deb, with the
# binary, the manual page and the bash, zsh and fish completions where Debian puts
# them. The manual page and completions are generated from the binary just built, so
# they always describe it. Then lists the package's contents and checks them.
#
#   bash packaging/deb.sh        # needs cargo-deb (installed here if missing) and dpkg-deb
set -euo pipefail
cd "$(dirname "$0")/.."

command -v cargo-deb >/dev/null || cargo install cargo-deb --locked
command -v dpkg-deb >/dev/null || { echo "dpkg-deb is needed (apt-get install dpkg)" >&2; exit 1; }

cargo build --release
BIN=target/release/triage42
ASSETS=target/deb-assets
rm -rf "$ASSETS"
mkdir -p "$ASSETS/completions"
"$BIN" man > "$ASSETS/triage42.1"
gzip -9 -n -f "$ASSETS/triage42.1"
"$BIN" completions bash > "$ASSETS/completions/triage42"
"$BIN" completions zsh > "$ASSETS/completions/_triage42"
"$BIN" completions fish > "$ASSETS/completions/triage42.fish"

cargo deb --no-build --output target/debian/
DEB="$(ls -t target/debian/triage42_*.deb | head -n1)"
echo "== $DEB"
CONTENTS="$(dpkg-deb -c "$DEB")"
echo "$CONTENTS"
for path in \
  ./usr/bin/triage42 \
  ./usr/share/man/man1/triage42.1.gz \
  ./usr/share/bash-completion/completions/triage42 \
  ./usr/share/zsh/vendor-completions/_triage42 \
  ./usr/share/fish/vendor_completions.d/triage42.fish; do
  grep -q " $path\$" <<<"$CONTENTS" || { echo "missing from the package: $path" >&2; exit 1; }
done
# The binary in the package is the one that runs: it prints its version.
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
dpkg-deb -x "$DEB" "$WORK"
"$WORK/usr/bin/triage42" --version
zcat "$WORK/usr/share/man/man1/triage42.1.gz" | grep -q '^\.TH triage42 1'
echo "package ok: $DEB"
