#!/usr/bin/env bash
# Two server processes on one MariaDB database; the load tool alternates between them
# on every request, so each conversation is served by both. Audits as crash-test.sh.
#
#   scripts/multi-server.sh     (env: DURATION, CUSTOMERS)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
duration=${DURATION:-30}; customers=${CUSTOMERS:-64}
[ -x "$BIN" ] || cargo build --release --locked --quiet
work=$(mktemp -d)
url=$(fresh_db mysql chatorder_multi)
a=$(free_port); pa=$(start_server "$a" "$url" "$work/a.log")
b=$(free_port); pb=$(start_server "$b" "$url" "$work/b.log")
trap 'kill $pa $pb 2>/dev/null || true; mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS chatorder_multi"' EXIT
"$BIN" loadtest --url "http://127.0.0.1:$a" --url "http://127.0.0.1:$b" \
  --customers "$customers" --duration "$duration" >"$work/load.out"
check_summary "$work/load.out"
