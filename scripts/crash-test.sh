#!/usr/bin/env bash
# Crash safety: under load, SIGKILL the server, start it again on the same database,
# let the load finish, then audit that every answered message and every confirmed
# order is there exactly once, and that every conversation carried on to its end
# (the load tool resends an unanswered turn with the same Idempotency-Key).
#
#   scripts/crash-test.sh [sqlite|mysql] [ROUNDS]     (env: DURATION, CUSTOMERS, BIN)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
backend=${1:-sqlite}; rounds=${2:-5}
duration=${DURATION:-20}; customers=${CUSTOMERS:-16}
[ -x "$BIN" ] || cargo build --release --locked --quiet
work=$(mktemp -d)
passed=0
for round in $(seq 1 "$rounds"); do
  port=$(free_port)
  url=$(fresh_db "$backend" "chatorder_crash_$round")
  log="$work/server-$round.log"
  pid=$(start_server "$port" "$url" "$log")
  "$BIN" loadtest --url "http://127.0.0.1:$port" --customers "$customers" --duration "$duration" \
    >"$work/load-$round.out" 2>"$work/load-$round.err" &
  load=$!
  sleep $(( duration / 3 ))
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  echo "round $round: killed the server (SIGKILL) mid-load, restarting"
  sleep 1
  pid=$(start_server "$port" "$url" "$log")
  if wait "$load" && check_summary "$work/load-$round.out" \
    && ! grep -q "giving the conversation up" "$work/load-$round.err"; then
    passed=$((passed + 1)); echo "round $round: nothing lost or doubled"
  else
    echo "round $round: FAILED (see $work)"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
  [ "$backend" = mysql ] && mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE chatorder_crash_$round"
done
echo "crash test ($backend): $passed of $rounds rounds passed"
[ "$passed" -eq "$rounds" ]
