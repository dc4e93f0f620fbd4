#!/usr/bin/env bash
# MJPEG stream benchmark (docs/BENCHMARKS.md, section "MJPEG stream"). Each case starts the real product,
# the launcher fat jar with the Pi flags (./pistream jvm-options) and a config written here (all four
# roles, synthetic cameras at 1080p24 and 480p24, caps raised), then a raw-socket load client in another
# JVM; measures for CASE_SECONDS (default 15) after a 2 s warm-up and appends a row to OUT.
#   bench/run-stream-bench.sh                        every case
#   CASE_SECONDS=5 CASES="100x1080 1000x480" bench/run-stream-bench.sh
#   JAR=/path/other-all.jar bench/run-stream-bench.sh   measure another build of the server
# The fat jar is built with `mvn -q -B package -DskipTests` at the root when missing (BUILD=1 forces it).
set -euo pipefail
cd "$(dirname "$0")/.."

CASE_SECONDS=${CASE_SECONDS:-15}
PORT=${PORT:-18090}
CLIENT_THREADS=${CLIENT_THREADS:-1}
CASES=${CASES:-"1x1080 5x1080 20x1080 100x1080 1000x480 mixed overcap"}
JAR=${JAR:-launcher/target/launcher-0.1.0-SNAPSHOT-all.jar}
OUT=${OUT:-bench/target/stream-bench.md}

if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -B package -DskipTests
fi
mvn -q -B -pl bench -am package -DskipTests

# A private copy of what runs, so that a parallel build cannot replace classes in the middle of a case.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$JAR" "$WORK/server.jar"
cp -r bench/target/classes "$WORK/bench-classes"
cp -r bench/target/lib "$WORK/lib"
CLIENT_CP="$WORK/bench-classes:$WORK/lib/*"

cat > "$WORK/bench.yaml" <<YAML
node:
  id: bench
  roles: [storage, sensor, camera, web]
http:
  host: 127.0.0.1
  port: $PORT
  stream:
    maxConnections: 1100
storage:
  dataDir: $WORK/data
camera:
  defaultProfile: p1080
  profiles:
    - {name: p1080, width: 1920, height: 1080, fps: 24, quality: 80, viewerCap: 2000}
    - {name: p480, width: 854, height: 480, fps: 24, quality: 80, viewerCap: 2000}
  cameras:
    - {id: cam1080, source: synthetic, profile: p1080}
    - {id: cam480, source: synthetic, profile: p480}
    - id: capped
      source: synthetic
      profiles: [{name: p1080, width: 1920, height: 1080, fps: 24, quality: 80, viewerCap: 5}]
YAML

SERVER_FLAGS=$(./pistream jvm-options)
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$(dirname "$OUT")"
if [ ! -s "$OUT" ]; then
  {
    echo "| case | viewers | fps min | fps median | first frame median ms | first frame p95 ms | server CPU (% of a core) | core-s per GB | server RSS MB | client CPU (% of a core) | Mbit/s delivered | frames skipped | notes |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } > "$OUT"
fi

run_case() {
  local label=$1 path=$2 viewers=$3 slow=$4 over_cap=$5
  rm -rf "$WORK/data"
  # shellcheck disable=SC2086
  java $SERVER_FLAGS -jar "$WORK/server.jar" --config "$WORK/bench.yaml" > "$WORK/server.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 300); do
    if [ "$(curl -sf "http://127.0.0.1:$PORT/api/cameras" 2>/dev/null | grep -o '"camera":"c[a-z0-9]*"' | sort -u | wc -l)" -ge 3 ]; then break; fi
    sleep 0.2
  done
  echo "== $label: $viewers viewers on $path" >&2
  java -Xmx256m -XX:+UseSerialGC -cp "$CLIENT_CP" io.pistream.bench.StreamBenchClient "label=$label" "port=$PORT" \
    "path=$path" "viewers=$viewers" "slow=$slow" slowBytesPerSec=20000 "seconds=$CASE_SECONDS" "pid=$server" \
    "clkTck=$CLK_TCK" "overCap=$over_cap" "threads=$CLIENT_THREADS" "out=$OUT" \
    || echo "case $label failed; server log: $(tail -5 "$WORK/server.log")" >&2
  if grep -q "LEAK\|OutOfMemoryError\|OutOfDirectMemoryError" "$WORK/server.log"; then
    echo "server log of $label reports: $(grep -m3 "LEAK\|OutOfMemoryError\|OutOfDirectMemoryError" "$WORK/server.log")" >&2
  fi
  kill "$server"
  wait "$server" 2>/dev/null || true
}

for c in $CASES; do
  case $c in
    1x1080)   run_case "1080p24" /stream/cam1080.mjpg 1 0 0 ;;
    5x1080)   run_case "1080p24" /stream/cam1080.mjpg 5 0 0 ;;
    20x1080)  run_case "1080p24" /stream/cam1080.mjpg 20 0 0 ;;
    100x1080) run_case "1080p24" /stream/cam1080.mjpg 100 0 0 ;;
    1000x480) run_case "480p24" /stream/cam480.mjpg 1000 0 0 ;;
    mixed)    run_case "1080p24 mixed" /stream/cam1080.mjpg 100 10 0 ;;
    overcap)  run_case "1080p24 over cap (cap 5)" /stream/capped.mjpg 5 0 20 ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
done

cat "$OUT"
