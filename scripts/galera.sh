#!/usr/bin/env bash
# Three MariaDB nodes in one Galera cluster on this machine, for the scale-out tests
# (docs/scaling.md). Never touches the MariaDB on 3306.
#
#   scripts/galera.sh start          bootstrap node 1, join 2 and 3, wait until all are Synced
#   scripts/galera.sh stop           shut every node down cleanly
#   scripts/galera.sh status         each node's state, cluster size and last committed seqno
#   scripts/galera.sh kill N         SIGKILL node N (1-3)
#   scripts/galera.sh restart N      start node N again; it rejoins by IST; wait until Synced
#   scripts/galera.sh reset          stop, delete every data directory, start afresh
#
# Node N listens for SQL on 127.0.0.1:(3306+N) as root without a password, for Galera
# on 4567+10(N-1) (IST on the port after it, rsync SST on 4444+10(N-1)). Data, config,
# socket and error log live in $GALERA_DIR/nodeN (default /var/tmp/chatorder-galera),
# owned by the `mysql` user: the nodes run as `mysql`, because the rsync state transfer
# fails with "Permission denied" when they run as root.
set -euo pipefail

BASE=${GALERA_DIR:-/var/tmp/chatorder-galera}
NODES=(1 2 3)
PROVIDER=/usr/lib/galera/libgalera_smm.so
MARIADBD=${MARIADBD:-/usr/sbin/mariadbd}
SYNC_WAIT=${GALERA_SYNC_WAIT:-180}   # seconds a node may take to reach Synced

die() { echo "galera.sh: $*" >&2; exit 1; }
sql_port() { echo $((3306 + $1)); }
gcomm_port() { echo $((4567 + 10 * ($1 - 1))); }
dir() { echo "$BASE/node$1"; }
sock() { echo "$(dir "$1")/mysqld.sock"; }
pidfile() { echo "$(dir "$1")/mysqld.pid"; }
nodepid() { echo "$(dir "$1")/node.pid"; }
node_arg() { case "${1:-}" in 1|2|3) ;; *) die "NODE must be 1, 2 or 3, got '${1:-}'" ;; esac; }

# Installs Debian's Galera provider when it is missing (mariadb-server must be there).
ensure_packages() {
  [ -x "$MARIADBD" ] || die "$MARIADBD is missing: install Debian's mariadb-server"
  local need=()
  [ -e "$PROVIDER" ] || need+=(galera-4)
  command -v rsync >/dev/null || need+=(rsync)
  command -v socat >/dev/null || need+=(socat)
  [ "${#need[@]}" -eq 0 ] && return 0
  echo "galera.sh: installing ${need[*]} from Debian"
  local attempt
  for attempt in 1 2 3 4 5 6; do
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; }; then
      break
    fi
    echo "galera.sh: apt is busy or failing (attempt $attempt); retrying in 10 s"; sleep 10
  done
  [ -e "$PROVIDER" ] || die "COULD NOT INSTALL THE GALERA PACKAGES (galera-4): no cluster can be started"
}

write_config() {
  local n=$1 d; d=$(dir "$n")
  local cluster="" m
  for m in "${NODES[@]}"; do cluster+="${cluster:+,}127.0.0.1:$(gcomm_port "$m")"; done
  local base; base=$(gcomm_port "$n")
  cat >"$d/my.cnf" <<EOF
[mysqld]
user=mysql
datadir=$d/data
socket=$(sock "$n")
pid-file=$(pidfile "$n")
port=$(sql_port "$n")
bind-address=127.0.0.1
log-error=$d/error.log
skip-name-resolve
max_connections=400
innodb_buffer_pool_size=128M
innodb_log_file_size=64M
# Galera's requirements: row-based replication, InnoDB, interleaved auto-increment locks.
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
# Durability comes from the other nodes holding the write set; flushing once a second
# is the usual Galera setting.
innodb_flush_log_at_trx_commit=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=chatorder
wsrep_cluster_address=gcomm://$cluster
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$base
wsrep_provider_options="base_port=$base;ist.recv_addr=127.0.0.1:$((base + 1));gcache.size=256M"
wsrep_sst_method=rsync
wsrep_sst_receive_address=127.0.0.1:$((4444 + 10 * (n - 1)))
wsrep_slave_threads=4
EOF
}

# Whether node N's mariadbd is alive (the pid we started, and still a mariadbd).
running() {
  local p; p=$(nodepid "$1")
  [ -s "$p" ] && [ "$(cat "/proc/$(cat "$p")/comm" 2>/dev/null)" = mariadbd ]
}

# The node's wsrep_local_state_comment ("Synced", "Joining", …), empty when it does not answer.
state() {
  mysql --protocol=socket -S "$(sock "$1")" -u root -N -B \
    -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | awk '{print $2}' || true
}

wait_synced() {
  local n=$1 i s
  for i in $(seq 1 $((SYNC_WAIT * 2))); do
    s=$(state "$n")
    [ "$s" = Synced ] && { echo "node $n: Synced"; return 0; }
    running "$n" || { tail -30 "$(dir "$n")/error.log" >&2; die "node $n exited (log above: $(dir "$n")/error.log)"; }
    sleep 0.5
  done
  tail -30 "$(dir "$n")/error.log" >&2
  die "node $n did not reach Synced within ${SYNC_WAIT}s (state: ${s:-no answer})"
}

# The position a node killed mid-flight reached (its grastate.dat says seqno -1 then):
# read from InnoDB by `mariadbd --wsrep-recover`, as Debian's galera_recovery does, so
# the node asks the others for the missing write sets only (IST), not a full copy (SST).
recovered_position() {
  local n=$1 d; d=$(dir "$n")
  grep -qs '^seqno: *-1' "$d/data/grastate.dat" || return 0
  local log="$d/recover.log"
  rm -f "$log"
  "$MARIADBD" --defaults-file="$d/my.cnf" --wsrep-recover --log-error="$log" </dev/null >/dev/null 2>&1 || true
  chown mysql:mysql "$log" 2>/dev/null || true
  sed -n 's/.*WSREP: Recovered position: *\([0-9a-f-]*:[0-9-]*\).*/\1/p' "$log" | tail -1
}

# start_node N [--wsrep-new-cluster]
start_node() {
  local n=$1; shift
  if running "$n"; then echo "node $n: already running"; return 0; fi
  local d; d=$(dir "$n")
  mkdir -p "$d/data"
  write_config "$n"
  chown -R mysql:mysql "$d"
  local position extra=()
  position=$(recovered_position "$n")
  if [ -n "$position" ]; then
    echo "node $n: recovered position $position"
    extra+=(--wsrep-start-position="$position")
  fi
  # Detached from this shell's session, so it outlives the script; output to the error
  # log. Its pid is kept by us: mariadbd writes its own pid file only once it has joined.
  setsid "$MARIADBD" --defaults-file="$d/my.cnf" "${extra[@]}" "$@" </dev/null >>"$d/error.log" 2>&1 &
  echo $! >"$d/node.pid"
}

# Root may connect over TCP without a password (as on 3306); made on node 1 before the
# others join, so the state transfer carries it.
grant_tcp_root() {
  mysql --protocol=socket -S "$(sock 1)" -u root -e "
    CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
    GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
}

bootstrap_node() {
  # The node that stopped last is safe to bootstrap. After SIGKILLs none is: the one
  # that got furthest (highest recovered seqno) is forced, so no committed write set is
  # thrown away (this is a test cluster; a real one would have an operator decide).
  local n m best=-2 seqno
  for m in "${NODES[@]}"; do
    grep -qs '^safe_to_bootstrap: 1' "$(dir "$m")/data/grastate.dat" && { echo "$m"; return 0; }
  done
  n=1
  for m in "${NODES[@]}"; do
    [ -f "$(dir "$m")/data/grastate.dat" ] || continue
    write_config "$m"; chown -R mysql:mysql "$(dir "$m")"
    seqno=$(recovered_position "$m"); seqno=${seqno##*:}
    [ -n "$seqno" ] || seqno=$(sed -n 's/^seqno: *//p' "$(dir "$m")/data/grastate.dat")
    if [ "${seqno:--1}" -gt "$best" ]; then best=${seqno:--1}; n=$m; fi
  done
  [ -f "$(dir "$n")/data/grastate.dat" ] && sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(dir "$n")/data/grastate.dat"
  echo "$n"
}

cmd_start() {
  ensure_packages
  id mysql >/dev/null 2>&1 || die "there is no mysql user (install mariadb-server)"
  mkdir -p "$BASE"; chown mysql:mysql "$BASE"
  local any=0 n
  for n in "${NODES[@]}"; do running "$n" && any=1; done
  if [ "$any" -eq 0 ]; then
    if [ ! -d "$(dir 1)/data/mysql" ]; then
      echo "node 1: creating the data directory"
      mkdir -p "$(dir 1)/data"; chown -R mysql:mysql "$(dir 1)"
      mariadb-install-db --user=mysql --datadir="$(dir 1)/data" --auth-root-authentication-method=socket \
        --skip-test-db >"$(dir 1)/install.log" 2>&1 || { cat "$(dir 1)/install.log" >&2; die "mariadb-install-db failed"; }
    fi
    local first; first=$(bootstrap_node)
    echo "node $first: bootstrapping the cluster"
    start_node "$first" --wsrep-new-cluster
    wait_synced "$first"
    if [ "$first" = 1 ]; then grant_tcp_root; fi
  fi
  for n in "${NODES[@]}"; do
    if ! running "$n"; then echo "node $n: joining"; start_node "$n"; fi
  done
  for n in "${NODES[@]}"; do wait_synced "$n"; done
  cmd_status
}

cmd_stop() {
  local n
  for n in 3 2 1; do
    if running "$n"; then
      local pid; pid=$(cat "$(nodepid "$n")")
      echo "node $n: shutting down"
      mysqladmin --protocol=socket -S "$(sock "$n")" -u root shutdown 2>/dev/null || kill "$pid" 2>/dev/null || true
      local i
      for i in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && { echo "node $n: still running after 60 s, SIGKILL"; kill -9 "$pid" || true; }
    fi
  done
  true
}

cmd_status() {
  local n
  for n in "${NODES[@]}"; do
    if running "$n"; then
      local line
      line=$(mysql --protocol=socket -S "$(sock "$n")" -u root -N -B -e "SHOW STATUS WHERE Variable_name IN
        ('wsrep_local_state_comment','wsrep_cluster_size','wsrep_last_committed','wsrep_ready')" 2>/dev/null \
        | awk '{printf "%s=%s ", $1, $2}' || true)
      echo "node $n (127.0.0.1:$(sql_port "$n"), pid $(cat "$(nodepid "$n")")): ${line:-not answering}"
    else
      echo "node $n (127.0.0.1:$(sql_port "$n")): down"
    fi
  done
}

cmd_kill() {
  node_arg "${1:-}"
  running "$1" || die "node $1 is not running"
  local pid; pid=$(cat "$(nodepid "$1")")
  kill -9 "$pid"
  local i
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo "node $1: killed (SIGKILL, pid $pid)"
}

cmd_restart() {
  node_arg "${1:-}"
  local n=$1
  if running "$n"; then cmd_kill "$n"; fi
  local other m
  other=""
  for m in "${NODES[@]}"; do [ "$m" != "$n" ] && running "$m" && other=$m; done
  [ -n "$other" ] || die "no other node is running: use '$0 start'"
  echo "node $n: rejoining"
  local from; from=$(( $(wc -l <"$(dir "$n")/error.log" 2>/dev/null || echo 0) + 1 ))
  start_node "$n"
  wait_synced "$n"
  # How it caught up: "IST received" (the gap from the others' gcache) or a full SST.
  tail -n "+$from" "$(dir "$n")/error.log" | grep -E "Receiving IST:|IST received|SST completed|State transfer required" \
    | sed 's/^/   /' || true
}

cmd_reset() {
  cmd_stop
  rm -rf "$BASE"
  cmd_start
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  kill) cmd_kill "${2:-}" ;;
  restart) cmd_restart "${2:-}" ;;
  reset) cmd_reset ;;
  *) echo "usage: $0 start|stop|status|kill NODE|restart NODE|reset" >&2; exit 2 ;;
esac
