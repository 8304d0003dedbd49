#!/usr/bin/env bash
# Extra CI checks run by .ci/run after cargo test: the browser suite (tests/browser) in
# Debian's Chromium, from a clean `npm ci`, then a short crash test on each backend
# (the debug binary `cargo test` built). Exits non-zero when any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium"
  for attempt in 1 2 3 4 5 6; do
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }; then break; fi
    echo "apt is busy (attempt $attempt); retrying in 10 s"; sleep 10
  done
fi

echo "== npm ci (tests/browser)"
(cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)

echo "== browser tests"
tests/browser/run.sh

echo "== crash test, short form (SIGKILL mid-load, one round per backend; docs/reliability.md has the full runs)"
BIN=target/debug/chatorder DURATION=9 CUSTOMERS=8 scripts/crash-test.sh sqlite 1
BIN=target/debug/chatorder DURATION=9 CUSTOMERS=8 scripts/crash-test.sh mysql 1

echo "== the fuzz crate still compiles against the library (its targets run in scripts/fuzz.sh)"
cargo check --manifest-path fuzz/Cargo.toml --lib --locked
