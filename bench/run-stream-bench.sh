#!/usr/bin/env bash
# MJPEG stream benchmark (docs/BENCHMARKS.md, section "MJPEG stream"). Each case starts the server in
# its own JVM with the Pi flags (./pistream jvm-options) and a load client in another JVM, measures for
# CASE_SECONDS (default 15) after a 2 s warm-up, and appends a row to bench/target/stream-bench.md.
#   bench/run-stream-bench.sh            every case
#   CASE_SECONDS=5 bench/run-stream-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CASE_SECONDS=${CASE_SECONDS:-15}
PORT=${PORT:-18090}

mvn -q -B -ntp -pl web-verticle,bench package -DskipTests

# A private copy of what runs, so that a parallel build cannot replace classes in the middle of a case.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp -r bench/target/classes "$WORK/bench-classes"
cp -r web-verticle/target/classes "$WORK/web-classes"
cp -r bench/target/lib "$WORK/lib"
CP="$WORK/bench-classes:$WORK/web-classes:$WORK/lib/*"
for jar in ~/.m2/repository/ch/qos/logback/logback-classic/1.5.38/logback-classic-1.5.38.jar \
           ~/.m2/repository/ch/qos/logback/logback-core/1.5.38/logback-core-1.5.38.jar; do
  [ -f "$jar" ] && CP="$CP:$jar"
done

SERVER_FLAGS=$(./pistream jvm-options)
CLK_TCK=$(getconf CLK_TCK)
OUT=bench/target/stream-bench.md
{
  echo "| case | viewers | fps min | fps median | first frame median ms | first frame p95 ms | server CPU (% of a core) | core-s per GB | server RSS MB | Mbit/s delivered | frames skipped | notes |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT"

run_case() {
  local label=$1 path=$2 viewers=$3 slow=$4 over_cap=$5 max_connections=$6
  # shellcheck disable=SC2086
  java $SERVER_FLAGS -cp "$CP" io.pistream.bench.StreamBenchServer "$PORT" "$max_connections" > "$WORK/server.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 150); do
    if curl -sf "http://127.0.0.1:$PORT/api/cameras" 2>/dev/null | grep -q capped; then break; fi
    sleep 0.2
  done
  echo "== $label: $viewers viewers on $path" >&2
  java -Xmx1g -cp "$CP" io.pistream.bench.StreamBenchClient "label=$label" "port=$PORT" "path=$path" \
    "viewers=$viewers" "slow=$slow" slowBytesPerSec=20000 "seconds=$CASE_SECONDS" "pid=$server" \
    "clkTck=$CLK_TCK" "overCap=$over_cap" "out=$OUT" || echo "case $label failed; server log: $(tail -5 "$WORK/server.log")" >&2
  kill "$server"
  wait "$server" 2>/dev/null || true
}

run_case "1080p24" /stream/cam1080.mjpg 1 0 0 1100
run_case "1080p24" /stream/cam1080.mjpg 5 0 0 1100
run_case "1080p24" /stream/cam1080.mjpg 20 0 0 1100
run_case "1080p24" /stream/cam1080.mjpg 100 0 0 1100
run_case "480p24" /stream/cam480.mjpg 1000 0 0 1100
run_case "1080p24 mixed" /stream/cam1080.mjpg 100 10 0 1100
run_case "1080p24 over cap (cap 5)" /stream/capped.mjpg 5 0 20 1100

cat "$OUT"
