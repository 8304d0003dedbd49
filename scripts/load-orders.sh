#!/usr/bin/env bash
# Measures POST /api/orders and GET /api/orders/{id} with wrk against a release build.
# Usage: scripts/load-orders.sh [DATABASE_URL]   (default: a fresh SQLite file)
# Env: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 2), PORT (default 18181).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18181}
work=$(mktemp -d)
url=${1:-sqlite://$work/load.db}
bin=target/release/chatorder
[ -x "$bin" ] || cargo build --release
RUST_LOG=warn "$bin" serve --addr "127.0.0.1:$PORT" --database-url "$url" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
base="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -sf "$base/api/health" >/dev/null && break; sleep 0.1; done
user="load$RANDOM$RANDOM"
curl -sf -XPOST "$base/api/register" -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"password123\"}" >/dev/null
TOKEN=$(curl -sf -XPOST "$base/api/login" -H 'content-type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"password123\"}" | sed 's/.*"token":"\([^"]*\)".*/\1/')
export TOKEN
echo "== POST /api/orders on $url ($THREADS threads, $CONNECTIONS connections, $DURATION)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/post-order.lua "$base/api/orders"
id=$(curl -sf "$base/api/orders?per_page=1" -H "authorization: Bearer $TOKEN" | sed 's/.*"orders":\[{"id":\([0-9]*\).*/\1/')
echo "== GET /api/orders/$id on $url"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/get-order.lua "$base/api/orders/$id"
echo "== status codes seen by the server"
curl -sf "$base/metrics" | grep '^http_requests_total' | grep -E 'route="/api/orders(/\{id\})?"'
