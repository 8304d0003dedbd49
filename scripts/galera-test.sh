#!/usr/bin/env bash
# A database node killed under load: three chatorder servers, each on its own node of
# a three-node Galera cluster (scripts/galera.sh), `chatorder loadtest` sending every
# request to the next server in turn; a third of the way in, one node gets SIGKILL,
# stays down a while under load, then rejoins by IST. Afterwards the audit:
#   - no acknowledged turn or order lost, none doubled, every transcript exactly the
#     answered turns (the load tool's read-back), no conversation given up, no turn
#     refused with a 4xx;
#   - no 500 from any server (503 with Retry-After while a node is down is expected);
#   - each server's event stream (a staff member watching GET /api/events from before
#     the load) delivered every event row exactly once.
# Exits non-zero when any round fails. Figures of each round go to the summary at the end.
#
#   scripts/galera-test.sh [--rounds N] [--seconds S]
#   env: ROUNDS (default 3), DURATION (seconds, default 30), CUSTOMERS (64), BIN, DOWN (seconds a node stays down, default DURATION/4)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
rounds=${ROUNDS:-3}; seconds=${DURATION:-30}; customers=${CUSTOMERS:-64}
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--seconds S]" >&2; exit 2 ;;
  esac
done
down=${DOWN:-$(( seconds / 4 ))}
[ -x "$BIN" ] || cargo build --release --locked --quiet

scripts/galera.sh start
work=$(mktemp -d)
echo "galera test: $rounds round(s) of ${seconds}s, $customers customers, work files in $work"

node_sql() { mysql --protocol=tcp -h 127.0.0.1 -P "$((3306 + $1))" -u root -N -B -e "$2"; }
# Sum of a wsrep status counter over the nodes but $2 (the one killed: its counters
# start again from zero when it restarts).
wsrep_sum() {
  local total=0 n v
  for n in 1 2 3; do
    [ "$n" = "${2:-}" ] && continue
    v=$(node_sql "$n" "SHOW STATUS LIKE '$1'" 2>/dev/null | awk '{print $2}') || v=0
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  true
}
trap cleanup EXIT

passed=0
summary=()
for round in $(seq 1 "$rounds"); do
  db="chatorder_galera_$round"
  node_sql 1 "DROP DATABASE IF EXISTS $db"
  ports=(); pids=(); urls=()
  # One server per node; the first creates the database and migrates it, then the others.
  for n in 1 2 3; do
    port=$(free_port)
    pid=$(start_server "$port" "mysql://root@127.0.0.1:$((3306 + n))/$db" "$work/server-$round-$n.log")
    ports+=("$port"); pids+=("$pid"); urls+=(--url "http://127.0.0.1:$port")
  done

  # A staff member watching each server's stream for the whole round.
  echo "staff-password-123" | "$BIN" user create --username watcher --role staff \
    --database-url "mysql://root@127.0.0.1:3307/$db" >/dev/null
  token=$(curl -fsS -XPOST "http://127.0.0.1:${ports[0]}/api/login" -H 'content-type: application/json' \
    -d '{"username":"watcher","password":"staff-password-123"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
  for port in "${ports[@]}"; do
    curl -fsSN "http://127.0.0.1:$port/api/events" -H "authorization: Bearer $token" \
      >"$work/events-$round-$port.txt" 2>/dev/null &
    pids+=("$!")
  done

  victim=$(( (round - 1) % 3 + 1 ))
  cert0=$(wsrep_sum wsrep_local_cert_failures "$victim"); bf0=$(wsrep_sum wsrep_local_bf_aborts "$victim")
  "$BIN" loadtest "${urls[@]}" --customers "$customers" --duration "$seconds" \
    >"$work/load-$round.out" 2>"$work/load-$round.err" &
  load=$!
  sleep $(( seconds / 3 ))
  scripts/galera.sh kill "$victim"
  sleep "$down"
  t0=$(date +%s)
  scripts/galera.sh restart "$victim" | sed 's/^/   /'
  rejoin=$(( $(date +%s) - t0 ))
  failed=""
  wait "$load" || failed+=" loadtest-exit"
  cert=$(( $(wsrep_sum wsrep_local_cert_failures "$victim") - cert0 ))
  bf=$(( $(wsrep_sum wsrep_local_bf_aborts "$victim") - bf0 ))
  check_summary "$work/load-$round.out" || failed+=" lost-or-doubled"
  grep -q "giving the conversation up" "$work/load-$round.err" && failed+=" conversation-given-up"
  grep -q "could not start" "$work/load-$round.err" && failed+=" customer-could-not-start"
  # A turn refused with a 4xx (a 409 is resent, and logged with ", retrying").
  grep -E 'turn .*: HTTP 4[0-9][0-9] ' "$work/load-$round.err" | grep -qv 'retrying$' && failed+=" turn-refused-4xx"

  # Responses by status over the three servers; any 500 fails the round.
  statuses=$(for port in "${ports[@]}"; do curl -fsS "http://127.0.0.1:$port/metrics"; done | grep '^http_requests_total' \
    | sed 's/.*status="\([0-9]*\)".* \([0-9.e+]*\)$/\1 \2/' | awk '{n[$1]+=$2} END {for (s in n) printf "%s:%d ", s, n[s]}')
  case " $statuses" in *" 500:"*) failed+=" http-500" ;; esac

  # Every event row the round wrote must reach every stream exactly once. A stream on
  # the server whose node was down catches up when the node is back: wait for it, bounded.
  written=$(node_sql 1 "SELECT COUNT(*) FROM $db.events")
  streams=""
  for port in "${ports[@]}"; do
    f="$work/events-$round-$port.txt"
    for _ in $(seq 1 120); do
      [ "$(grep '^id: ' "$f" | sort -u | wc -l)" -ge "$written" ] && break
      sleep 0.5
    done
    got=$(grep -c '^id: ' "$f" || true); distinct=$(grep '^id: ' "$f" | sort -u | wc -l)
    streams+=" :$port=$got/$distinct"
    { [ "$got" -eq "$written" ] && [ "$distinct" -eq "$written" ]; } || failed+=" events-:$port"
  done

  line=$(tail -n 1 "$work/load-$round.out")
  retried=$(grep -c 'retrying' "$work/load-$round.err" || true)
  result="round $round: node $victim killed for ${down}s + ${rejoin}s to rejoin; $line; turns resent=$retried; \
statuses: $statuses; certification failures=$cert, brute-force aborts=$bf (the two other nodes); events written=$written, streamed (sent/distinct):$streams"
  if [ -z "$failed" ]; then
    passed=$((passed + 1)); echo "$result"; echo "round $round: PASSED"
  else
    echo "$result"; echo "round $round: FAILED:$failed (see $work)"
  fi
  summary+=("$result")
  cleanup
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  node_sql 1 "DROP DATABASE IF EXISTS $db" || true
done

echo
printf '%s\n' "${summary[@]}"
echo "galera test: $passed of $rounds rounds passed"
[ "$passed" -eq "$rounds" ]
