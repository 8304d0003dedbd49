#!/usr/bin/env bash
# Chat turns under load: a release server on a fresh database, `chatorder loadtest`
# against it, then the audit line, every status code the server answered (from its
# own /metrics) and its memory. Exits non-zero on anything lost or doubled or any 5xx.
#
#   scripts/load-chat.sh [sqlite|mysql]      (env: CUSTOMERS=64, DURATION=30, BIN)
#   CUSTOMERS=200 DURATION=60 scripts/load-chat.sh mysql     # the soak of docs/reliability.md
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend=${1:-sqlite}
customers=${CUSTOMERS:-64}; duration=${DURATION:-30}
[ -x "$BIN" ] || cargo build --release --locked --quiet
work=$(mktemp -d)
db="chatorder_load_$$"
url=$(fresh_db "$backend" "$db")
port=$(free_port)
pid=$(start_server "$port" "$url" "$work/server.log")
cleanup() {
  kill "$pid" 2>/dev/null || true
  [ "$backend" = mysql ] && mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $db"
  true
}
trap cleanup EXIT
echo "== $customers customers for ${duration}s on $backend"
status=0
"$BIN" loadtest --url "http://127.0.0.1:$port" --customers "$customers" --duration "$duration" \
  >"$work/load.out" 2>"$work/load.err" || status=1
check_summary "$work/load.out" || status=1
echo "== responses by status (server's /metrics)"
curl -fsS "http://127.0.0.1:$port/metrics" | grep '^http_requests_total' \
  | sed 's/.*status="\([0-9]*\)".* \([0-9.e+]*\)$/\1 \2/' \
  | awk '{n[$1]+=$2} END {for (s in n) printf "   %s: %d\n", s, n[s]}' | sort | tee "$work/status.txt"
if grep -q '^   5' "$work/status.txt"; then echo "server errors (5xx) seen"; status=1; fi
echo "== server memory: $(( $(ps -o rss= -p "$pid") / 1024 )) MB RSS"
exit "$status"
