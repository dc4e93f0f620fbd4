#!/usr/bin/env bash
# Start-up benchmark (docs/OPERATIONS.md, "Start time and memory"): starts the fat jar on embedded
# defaults (every role, simulated sensor, synthetic camera, SQLite in a fresh data dir) with the Pi flags
# (./pistream jvm-options), RUNS times (default 5), and prints for each run the time from launching java
# to the first 200 from /ready, and the resident memory (VmRSS) once READY_SECONDS (default 40) have passed.
#   bench/run-startup-bench.sh
#   RUNS=3 bench/run-startup-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
RSS_AFTER_SECONDS=${RSS_AFTER_SECONDS:-40}
PORT=${PORT:-18095}
JAR=${JAR:-launcher/target/launcher-0.1.0-SNAPSHOT-all.jar}
if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -B package -DskipTests
fi

WORK=$(mktemp -d)
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp "$JAR" "$WORK/server.jar"
FLAGS=$(./pistream jvm-options)

echo "| run | ready after ms | RSS MB at ${RSS_AFTER_SECONDS} s |"
echo "|---|---|---|"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data"
  started=$(date +%s%N)
  # shellcheck disable=SC2086
  PISTREAM_HTTP_PORT=$PORT PISTREAM_STORAGE_DATADIR=$WORK/data java $FLAGS -jar "$WORK/server.jar" > "$WORK/server.log" 2>&1 &
  PID=$!
  ready_ms=-
  for _ in $(seq 1 1200); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready" 2>/dev/null)" = 200 ]; then
      ready_ms=$(( ($(date +%s%N) - started) / 1000000 ))
      break
    fi
    sleep 0.05
  done
  waited=$(( ($(date +%s%N) - started) / 1000000000 ))
  if [ "$waited" -lt "$RSS_AFTER_SECONDS" ]; then sleep $(( RSS_AFTER_SECONDS - waited )); fi
  rss_mb=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$PID/status")
  echo "| $run | $ready_ms | $rss_mb |"
  kill "$PID"
  wait "$PID" 2>/dev/null || true
done
