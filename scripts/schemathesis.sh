#!/usr/bin/env bash
# Contract fuzzing: schemathesis against the live /api/openapi.json, with every check,
# once signed in as an admin and once as a customer. Any failure (a 5xx, a status code,
# content type, header or body the document does not describe, valid data refused,
# invalid data accepted, …) makes the script exit non-zero.
#
#   scripts/schemathesis.sh [sqlite|mysql|both]     (default sqlite)
#   env: EXAMPLES (test cases per operation and phase, default 50), SEED,
#        BUILD=release|debug|none (none: use $BIN as it is)
#
# Each backend gets a fresh database (SQLite in a temp dir; MariaDB at $MYSQL_ROOT, a
# random database dropped afterwards) and temp copies of menu/ and intents/, so the
# run changes nothing in the checkout. schemathesis is installed into .venv when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/lib.sh

SCHEMATHESIS_VERSION=4.32.5
VENV=${SCHEMATHESIS_VENV:-.venv}
examples=${EXAMPLES:-50}
seed=${SEED:-$RANDOM}
backends=${1:-sqlite}
[ "$backends" = both ] && backends="sqlite mysql"

st="$VENV/bin/schemathesis"
if ! "$st" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  echo "== installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

case "${BUILD:-release}" in
  release) cargo build --release --locked --quiet ;;
  debug) BIN=target/debug/chatorder; cargo build --locked --quiet ;;
  none) [ -x "$BIN" ] || { echo "BUILD=none but $BIN is missing" >&2; exit 2; } ;;
  *) echo "BUILD must be release, debug or none" >&2; exit 2 ;;
esac

work=$(mktemp -d)
cp -r menu intents "$work/"
export CHATORDER_MENU="$work/menu" CHATORDER_INTENTS="$work/intents"
password="schemathesis-$RANDOM-$RANDOM"
pid=""
dropdb=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
  [ -n "$dropdb" ] && mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $dropdb"
  return 0
}
trap cleanup EXIT

# login PORT USERNAME: prints a bearer token.
login() {
  curl -fsS "http://127.0.0.1:$1/api/login" -H 'Content-Type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$password\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

failed=0
summary=()
for backend in $backends; do
  db=chatorder_schemathesis_$$_$RANDOM
  url=$(fresh_db "$backend" "$db")
  [ "$backend" = mysql ] && dropdb=$db
  for role in admin customer; do
    printf '%s\n' "$password" | "$BIN" user create --username "st-$role" --role "$role" --database-url "$url" >/dev/null
  done
  port=$(free_port)
  log="$work/server-$backend.log"
  pid=$(start_server "$port" "$url" "$log")
  base="http://127.0.0.1:$port"
  # Both tokens first: the fuzzed logins soon throttle this client address (429).
  declare -A tokens
  for role in admin customer; do tokens[$role]=$(login "$port" "st-$role"); done
  for role in admin customer; do
    token=${tokens[$role]}
    echo "== schemathesis $SCHEMATHESIS_VERSION on $backend as $role (seed $seed, $examples examples)"
    # use_after_free is the one check left out: it expects a resource to be gone after a
    # DELETE, and DELETE /api/orders/{id} cancels an order and keeps it with its history
    # by design (the read after it shows status `cancelled`); DELETE /api/webhooks/{id}
    # does remove its endpoint (404 after), but the check cannot be kept for it alone. The
    # schemathesis.toml beside this script documents the other, per-operation exceptions.
    set +e
    (cd "$work" && "$root/$st" --config-file "$root/scripts/schemathesis.toml" run "$base/api/openapi.json" \
      --header "Authorization: Bearer $token" \
      --checks all --exclude-checks use_after_free \
      --phases examples,coverage,fuzzing,stateful \
      --max-examples "$examples" \
      --seed "$seed" \
      --workers 1 \
      --request-timeout 10 \
      --generation-database none \
      --no-color 2>&1 | tee "$work/schemathesis-$backend-$role.out")
    rc=$?
    set -e
    # "operations tested: 16, test cases: 875 generated, 875 passed, 8 skipped"
    line=$(awk '/^ *Tested:/ {ops=$2} /^Test cases:/ {getline; sub(/^ +/, ""); cases=$0}
                END {printf "operations tested: %s, test cases: %s", ops, cases}' "$work/schemathesis-$backend-$role.out")
    if [ "$rc" -eq 0 ]; then
      summary+=("$backend/$role: passed. $line")
    else
      summary+=("$backend/$role: FAILED (exit $rc). $line")
      failed=1
    fi
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  if grep -qiE 'panicked|internal error' "$log"; then
    summary+=("$backend: the server log has an internal error or panic: $log")
    failed=1
  fi
  if [ -n "$dropdb" ]; then
    mysql --protocol=tcp -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS $dropdb"; dropdb=""
  fi
done

echo
echo "== summary (schemathesis $SCHEMATHESIS_VERSION, seed $seed; logs in $work)"
printf '   %s\n' "${summary[@]}"
exit "$failed"
