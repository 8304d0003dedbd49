#!/usr/bin/env bash
# Two server processes on one MariaDB database; the load tool alternates between them
# on every request, so each conversation is served by both. Audits as crash-test.sh,
# and checks that the live event stream of each server (GET /api/events, as staff)
# delivered every event the run wrote, exactly once.
#
#   scripts/multi-server.sh     (env: DURATION, CUSTOMERS, BIN)
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

# A staff member watching each server's stream for the whole run.
echo "staff-password-123" | "$BIN" user create --username watcher --role staff --database-url "$url" >/dev/null
token=$(curl -fsS -XPOST "http://127.0.0.1:$a/api/login" -H 'content-type: application/json' \
  -d '{"username":"watcher","password":"staff-password-123"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
for port in "$a" "$b"; do
  curl -fsSN "http://127.0.0.1:$port/api/events" -H "authorization: Bearer $token" >"$work/events-$port.txt" 2>/dev/null &
done

"$BIN" loadtest --url "http://127.0.0.1:$a" --url "http://127.0.0.1:$b" \
  --customers "$customers" --duration "$duration" >"$work/load.out"
check_summary "$work/load.out"

# Every event row the run wrote must reach both streams exactly once.
sleep 2
written=$(mysql --protocol=tcp -h 127.0.0.1 -u root -N -e "SELECT COUNT(*) FROM chatorder_multi.events")
status=0
for port in "$a" "$b"; do
  got=$(grep -c '^id: ' "$work/events-$port.txt" || true)
  distinct=$(grep '^id: ' "$work/events-$port.txt" | sort -u | wc -l)
  echo "   server :$port streamed $got events ($distinct distinct) of $written written"
  [ "$got" -eq "$written" ] && [ "$distinct" -eq "$written" ] || status=1
done
kill %1 %2 2>/dev/null || true
[ "$status" -eq 0 ] && echo "multi-server: nothing lost or doubled, every event delivered by both servers"
exit "$status"
