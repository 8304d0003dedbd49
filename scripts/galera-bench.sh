#!/usr/bin/env bash
# Throughput on the local Galera cluster (scripts/galera.sh), nothing killed: the same
# load (`chatorder loadtest`, CUSTOMERS customers, DURATION seconds) against
#   one    one server on node 1 (the cluster still replicates every commit to 2 and 3)
#   three  three servers, one per node, every request to the next server in turn
#   same1  WRITERS clients (12) writing TURNS messages (50) each to one conversation, one server
#   same3  the same through three servers, one per node: the writes conflict across nodes
# and the Galera conflict counters of each run. Figures for docs/scaling.md.
#
#   scripts/galera-bench.sh [one|three|same1|same3]...   (default: one three same1 same3;
#                                                          env: CUSTOMERS, DURATION, WRITERS, TURNS, BIN)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
customers=${CUSTOMERS:-64}; duration=${DURATION:-30}
[ -x "$BIN" ] || cargo build --release --locked --quiet
scripts/galera.sh start >/dev/null
work=$(mktemp -d)
node_sql() { mysql --protocol=tcp -h 127.0.0.1 -P "$((3306 + $1))" -u root -N -B -e "$2"; }
wsrep_sum() {
  local total=0 n v
  for n in 1 2 3; do v=$(node_sql "$n" "SHOW STATUS LIKE '$1'" | awk '{print $2}'); total=$((total + ${v:-0})); done
  echo "$total"
}
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
status=0
for setup in "${@:-one three same1 same3}"; do
  for what in $setup; do
    db="chatorder_bench_$what"
    node_sql 1 "DROP DATABASE IF EXISTS $db"
    case "$what" in one|same1) nodes=(1) ;; three|same3) nodes=(1 2 3) ;; *) echo "one, three, same1 or same3, not $what" >&2; exit 2 ;; esac
    urls=(); pids=()
    for n in "${nodes[@]}"; do
      port=$(free_port)
      pids+=("$(start_server "$port" "mysql://root@127.0.0.1:$((3306 + n))/$db" "$work/$what-$n.log")")
      urls+=(--url "http://127.0.0.1:$port")
    done
    cert0=$(wsrep_sum wsrep_local_cert_failures); bf0=$(wsrep_sum wsrep_local_bf_aborts)
    case "$what" in
      same*)
        bases=(); for ((i = 1; i < ${#urls[@]}; i += 2)); do bases+=("${urls[$i]}"); done
        python3 scripts/galera-conflicts.py "${WRITERS:-12}" "${TURNS:-50}" "${bases[@]}" >"$work/$what.out" 2>&1 || status=1 ;;
      *)
        "$BIN" loadtest "${urls[@]}" --customers "$customers" --duration "$duration" >"$work/$what.out" 2>"$work/$what.err" || status=1
        check_summary "$work/$what.out" >/dev/null || status=1 ;;
    esac
    echo "$what: $(tail -n 1 "$work/$what.out") certification_failures=$(( $(wsrep_sum wsrep_local_cert_failures) - cert0 )) bf_aborts=$(( $(wsrep_sum wsrep_local_bf_aborts) - bf0 ))"
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    pids=()
    node_sql 1 "DROP DATABASE IF EXISTS $db"
  done
done
exit "$status"
