#!/usr/bin/env bash
# Fuzzing: builds every cargo-fuzz target in fuzz/ and runs each for SECONDS (default
# 600), at low priority, one after the other. Prints per target the executions, the
# coverage and whether it crashed; exits 1 when any target crashed. See docs/fuzzing.md.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (env: TARGETS="parse dialogue" to pick some)
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
secs=${1:-600}
# Address sanitizer buys nothing for a crate that forbids unsafe code and halves the
# speed; overflow checks and debug assertions stay on (cargo-fuzz's default).
flags=(--sanitizer none)

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked || exit 2
nice -n 19 cargo +nightly fuzz build "${flags[@]}" || exit 2

targets=${TARGETS:-$(cargo +nightly fuzz list)}
mkdir -p artifacts
crashed=0
summary=()
for t in $targets; do
  mkdir -p "corpus/$t" "artifacts/$t"
  log="artifacts/$t.log"
  echo "== $t: ${secs}s (log: fuzz/$log)"
  # New inputs go to corpus/$t (not committed); seeds/$t is read only.
  nice -n 19 cargo +nightly fuzz run "${flags[@]}" "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$secs" -timeout=30 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]* corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -1)
  if [ "$rc" -eq 0 ]; then
    status="no crash"
  else
    crashed=1
    artifact=$(grep -o 'artifacts/[^ ]*' "$log" | tail -1)
    status="CRASHED (exit $rc; input: fuzz/${artifact:-artifacts/$t/}; log: fuzz/$log)"
    grep -m1 -A3 "panicked at" "$log" || tail -20 "$log"
  fi
  line="$t: ${execs:-?} executions (${speed:-?}/s), ${cov:-no coverage line}: $status"
  echo "$line"
  summary+=("$line")
done
echo
echo "== summary (${secs}s per target)"
printf '%s\n' "${summary[@]}"
exit "$crashed"
