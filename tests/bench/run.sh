#!/usr/bin/env bash
# Load benchmark: Telegram updates from 10,000 users posted over keep-alive connections to the
# real server (durable SQLite in a temporary directory), replies delivered to a fake Bot API on
# loopback. Usage: tests/bench/run.sh [SECONDS] [CONNECTIONS] [RUNS]   (defaults 10 16 3)
# Needs wrk (apt-get install wrk) and a release build in build/.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
connections="${2:-16}"
runs="${3:-3}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -x build/followup-bot ] && [ -x build/followup-fake-api ] || {
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build -j2; }

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
metric() { curl -s "http://127.0.0.1:$1/metrics" | awk -v m="$2" '$1==m {print $2}'; }

for run in $(seq 1 "$runs"); do
  work=$(mktemp -d)
  api_port=$(port)
  bot_port=$(port)
  build/followup-fake-api "$api_port" "$work/api-count" 2>"$work/api.log" &
  api_pid=$!
  FOLLOWUP_LISTEN="127.0.0.1:$bot_port" FOLLOWUP_DB="$work/bench.db" FOLLOWUP_SEND_RATE=0 FOLLOWUP_USER_RATE=0 \
  FOLLOWUP_TELEGRAM_TOKEN=1:BENCH FOLLOWUP_TELEGRAM_SECRET=bench-secret \
  FOLLOWUP_TELEGRAM_API="http://127.0.0.1:$api_port" build/followup-bot serve 2>"$work/bot.log" &
  bot_pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$bot_port/healthz" >/dev/null && break; sleep 0.1; done

  /usr/bin/time -f "wrk_cpu_s=%U+%S" -o "$work/wrk-time" wrk -t"${WRK_THREADS:-1}" -c"$connections" -d"${seconds}s" --latency -s tests/bench/updates.lua \
    "http://127.0.0.1:$bot_port/telegram/webhook" > "$work/wrk.txt"
  # Wait for the outbox to drain (at most 60 s).
  for _ in $(seq 1 600); do
    [ "$(metric "$bot_port" followup_outbox_depth)" = "0" ] && break; sleep 0.1
  done
  received=$(metric "$bot_port" followup_updates_received_total)
  sent=$(metric "$bot_port" followup_replies_sent_total)
  commits=$(metric "$bot_port" followup_store_commits_total)
  committed=$(metric "$bot_port" followup_store_committed_messages_total)
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$bot_pid/status")
  bot_cpu=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$bot_pid/stat")
  api_cpu=$(awk '{printf "%.1f", ($14+$15)/100}' "/proc/$api_pid/stat")
  kill -TERM "$bot_pid"; wait "$bot_pid" || true
  kill -TERM "$api_pid"; wait "$api_pid" || true
  api_count=$(cat "$work/api-count")
  grep "^BENCH" "$work/wrk.txt" | sed "s/^BENCH/run $run:/"; echo "run $run: $(cat "$work/wrk-time")"
  echo "run $run: updates_received=$received replies_sent=$sent api_received=$api_count peak_rss_mb=$((rss_kb / 1024)) bot_cpu_s=$bot_cpu fake_api_cpu_s=$api_cpu"
  echo "run $run: store_commits=$commits messages_per_commit=$(awk -v a="$committed" -v b="$commits" 'BEGIN {printf "%.1f", b ? a / b : 0}')"
  rm -rf "$work"
done
