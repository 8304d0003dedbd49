#!/usr/bin/env bash
# Browser suite: builds the server, installs playwright-core (no browser download) and runs
# the end-to-end tests in Debian's Chromium. Screenshots land in docs/screenshots/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Chromium is missing: installing Debian's chromium"
  for attempt in 1 2 3 4 5; do
    if apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }; then break; fi
    echo "apt is busy (attempt $attempt); retrying"; sleep 10
  done
fi

(cd "$root" && cargo build --locked --bin chatorder)
cd "$here"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node --test --test-concurrency=1 --test-reporter=spec e2e.mjs
