#!/usr/bin/env bash
# Classification benchmark: throughput of `followup-bot classify` (intent + entities + dates,
# one JSON line per message) over 100,000 realistic messages, and per-message latency of the
# intent classifier alone (from eval-nlu). Usage: tests/bench/classify.sh [RUNS]  (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-3}"
[ -x build/followup-bot ] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The held-out messages, repeated: realistic lengths and vocabulary, never seen in training
# (the older set, the development set and the frozen set in real people's voices: long
# forum posts included).
{ tail -n +2 tests/nlu/eval.tsv | cut -f2; tail -n +2 tests/nlu/dev.tsv | cut -f3;
  tail -n +2 tests/nlu/realistic.tsv | cut -f3; } > "$work/one.txt"
lines=$(wc -l < "$work/one.txt")
: > "$work/input.txt"
while [ "$(wc -l < "$work/input.txt")" -lt 100000 ]; do cat "$work/one.txt" >> "$work/input.txt"; done
head -n 100000 "$work/input.txt" > "$work/msgs.txt"
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  FOLLOWUP_TIMEZONE=America/New_York build/followup-bot classify --latency < "$work/msgs.txt" \
    > "$work/out.jsonl" 2> "$work/latency.txt"
  end=$(date +%s.%N)
  n=$(wc -l < "$work/out.jsonl")
  python3 -c "import sys; s=$end-$start; print(f'run $run: {int($n)} messages in {s:.2f} s = {int($n)/s:,.0f} messages/s (classify: intent, entities, dates, JSON out; includes start-up and training)')"
  echo "run $run: $(cat "$work/latency.txt")"
done
build/followup-bot eval-nlu | grep -E "understanding:|trained on" || true
