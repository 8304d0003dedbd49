#!/usr/bin/env bash
# Instructions per utterance of `chatorder parse` (engine + acts + JSON) over the PIZZA
# dev set, counted by valgrind's callgrind: the set is parsed once and twice, and the
# difference divided by its size is the marginal cost of one utterance (start-up and
# catalog load cancel out). Counts instructions, not time, so it is repeatable.
#   scripts/parse-cost.sh [PIZZA_dev.json]   (release build: cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
DEV=${1:-../shared/data/pizza/PIZZA_dev.json}
BIN=${BIN:-target/release/chatorder}
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    line = line.strip()
    if line:
        print(json.loads(line)["dev.SRC"])' "$DEV" > "$work/once.txt"
cat "$work/once.txt" "$work/once.txt" > "$work/twice.txt"
n=$(wc -l < "$work/once.txt")
count() {
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$BIN" parse < "$1" > /dev/null 2> "$work/vg.log"
  grep -m1 "Collected" "$work/vg.log" | awk '{print $4}' | tr -d ','
}
once=$(count "$work/once.txt")
twice=$(count "$work/twice.txt")
echo "utterances: $n; instructions: once $once, twice $twice"
echo "per utterance (marginal): $(( (twice - once) / n ))"
