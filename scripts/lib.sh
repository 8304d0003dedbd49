# Shared helpers for the reliability scripts: start/stop a release server, wait for it.
# Sourced, not run.

BIN=${BIN:-target/release/chatorder}
MYSQL_ROOT=${MYSQL_ROOT:-mysql://root@127.0.0.1:3306}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# fresh_db BACKEND NAME: prints a database URL for a new, empty database.
fresh_db() {
  case "$1" in
    sqlite) local dir; dir=$(mktemp -d); echo "sqlite://$dir/$2.db" ;;
    mysql) mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $2"; echo "$MYSQL_ROOT/$2" ;;
    *) echo "backend must be sqlite or mysql" >&2; return 1 ;;
  esac
}

# start_server PORT DATABASE_URL LOGFILE: starts the server in the background, prints its pid.
# Rate limits are off (CHATORDER_RATE_LIMITS=off): the load tool is one address sending
# thousands of turns per customer; set RATE_LIMITS=on to measure with them.
start_server() {
  JWT_SECRET=${JWT_SECRET:-reliability-test-secret-0123456789abcdef} \
  CHATORDER_RATE_LIMITS=${RATE_LIMITS:-off} \
    "$BIN" serve --addr "127.0.0.1:$1" --database-url "$2" >>"$3" 2>&1 &
  local pid=$!
  for _ in $(seq 1 200); do
    curl -fsS "http://127.0.0.1:$1/api/health" >/dev/null 2>&1 && { echo "$pid"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "server exited; log: $3" >&2; tail -20 "$3" >&2; return 1; }
    sleep 0.1
  done
  echo "server did not become healthy; log: $3" >&2
  return 1
}

# check_summary FILE: the loadtest summary must report nothing lost or doubled.
check_summary() {
  local line; line=$(tail -n 1 "$1")
  echo "   $line"
  case "$line" in
    *"lost_messages=0 lost_orders=0 duplicate_orders=0"*) return 0 ;;
    *) return 1 ;;
  esac
}
