#!/usr/bin/env bash
# Extra CI checks run by .ci/run after cargo test: the browser suite (tests/browser) in
# Debian's Chromium, from a clean `npm ci`, then a short crash test on each backend
# (the debug binary `cargo test` built), and a short Galera run (a database node killed
# under load, scripts/galera-test.sh). Exits non-zero when any of them fails.
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
# The main build's target folder: the dependencies clippy checked are reused.
CARGO_TARGET_DIR=target cargo check --manifest-path fuzz/Cargo.toml --lib --locked

echo "== Galera, short form (three local nodes, one killed under load, one round of 20 s; docs/scaling.md has the full runs)"
# galera.sh installs Debian's galera-4 when it is missing and fails loudly when it cannot.
if ! scripts/galera.sh start; then
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! THE GALERA CLUSTER COULD NOT BE STARTED (are Debian's galera-4 and rsync installable?)"
  echo "!!! The scale-out test cannot run: failing."
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  exit 1
fi
BIN=target/debug/chatorder CUSTOMERS=32 DOWN=5 scripts/galera-test.sh --rounds 1 --seconds 20
scripts/galera.sh stop
