#!/usr/bin/env bash
# MJPEG stream benchmark (docs/BENCHMARKS.md, section "MJPEG stream"). Each case runs every server in
# SERVERS, one after the other, against the same raw-socket load client in another JVM, with the Pi flags
# (./pistream jvm-options):
#   pistream  the launcher fat jar with a config written here (all four roles: storage, simulated sensor,
#             synthetic cameras at 1080p24 and 480p24 with caps raised, web), as users run it;
#   minimal   bench's MinimalFanOut: one HTTP verticle, the same synthetic JPEGs, a 24 fps timer, one
#             pooled direct buffer per frame written to every viewer with room; no event bus, no other parts;
#   before    the jar named by BEFORE_JAR (another build of pistream), when set.
# Measures for CASE_SECONDS (default 15) after a 2 s warm-up, appends a row per server to OUT, and prints
# pistream's ratios to the minimal fan-out (CPU per delivered byte, RSS difference) at the end.
#   bench/run-stream-bench.sh                                       every case
#   CASE_SECONDS=5 CASES="100x1080 1000x480" bench/run-stream-bench.sh
#   BEFORE_JAR=/path/old-all.jar SERVERS="before pistream minimal" bench/run-stream-bench.sh
# The fat jar is built with `mvn -q -B package -DskipTests` at the root when missing (BUILD=1 forces it).
set -euo pipefail
cd "$(dirname "$0")/.."

CASE_SECONDS=${CASE_SECONDS:-15}
PORT=${PORT:-18090}
CLIENT_THREADS=${CLIENT_THREADS:-1}
CASES=${CASES:-"idle 1x1080 5x1080 20x1080 100x1080 1000x480 mixed overcap burst500 ladder noladder"}
SERVERS=${SERVERS:-"pistream minimal"}
JAR=${JAR:-launcher/target/launcher-0.1.0-SNAPSHOT-all.jar}
OUT=${OUT:-bench/target/stream-bench.md}
TSV=${OUT%.md}.tsv

if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -B package -DskipTests
fi
mvn -q -B -pl bench -am package -DskipTests

# A private copy of what runs, so that a parallel build cannot replace classes in the middle of a case.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$JAR" "$WORK/server.jar"
if [ -n "${BEFORE_JAR:-}" ]; then cp "$BEFORE_JAR" "$WORK/before.jar"; fi
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
    # the fan-out cases measure the fan-out against the minimal one, which has no budget
    uplinkMbps: 0
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

# The ladder cases: the packed http.stream defaults (maxConnections 100, uplinkMbps 300) and the packed
# 1080p24 profile (viewerCap 5), with the default ladder [24, 12, 6, 1] and with the ladder off.
cat > "$WORK/ladder.yaml" <<YAML
node:
  id: bench
  roles: [storage, sensor, camera, web]
http:
  host: 127.0.0.1
  port: $PORT
storage:
  dataDir: $WORK/data
camera:
  cameras:
    - {id: cam0, source: synthetic}
    - {id: noladder, source: synthetic, ladderFps: [24]}
YAML

SERVER_FLAGS=$(./pistream jvm-options)
CLK_TCK=$(getconf CLK_TCK)
mkdir -p "$(dirname "$OUT")"
: > "$TSV"
if [ ! -s "$OUT" ]; then
  {
    echo "| server | case | viewers | fps min | fps median | first frame median ms | first frame p95 ms | worst stall ms | server CPU (% of a core) | core-s per GB | server RSS MB | client CPU (% of a core) | Mbit/s delivered | frames skipped | notes |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  } > "$OUT"
fi

# Starts one server in the background and waits until it serves; sets SERVER_PID.
start_server() {
  local server=$1 width=$2 height=$3
  rm -rf "$WORK/data"
  case $server in
    pistream|before)
      local jar=$WORK/server.jar
      [ "$server" = before ] && jar=$WORK/before.jar
      # shellcheck disable=SC2086
      java $SERVER_FLAGS -jar "$jar" --config "$WORK/${CONFIG:-bench}.yaml" > "$WORK/server.log" 2>&1 &
      SERVER_PID=$!
      local cameras=3
      [ "${CONFIG:-bench}" = ladder ] && cameras=2
      for _ in $(seq 1 300); do
        if [ "$(curl -sf "http://127.0.0.1:$PORT/api/cameras" 2>/dev/null | grep -oE '"(camera|id)":"[a-z0-9]*"' | sort -u | wc -l)" -ge "$cameras" ]; then break; fi
        sleep 0.2
      done
      ;;
    minimal)
      # shellcheck disable=SC2086
      java $SERVER_FLAGS -cp "$CLIENT_CP" io.pistream.bench.MinimalFanOut "port=$PORT" "width=$width" "height=$height" \
        fps=24 quality=80 frames=48 > "$WORK/server.log" 2>&1 &
      SERVER_PID=$!
      for _ in $(seq 1 300); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
        sleep 0.2
      done
      ;;
    *) echo "unknown server $server" >&2; exit 2 ;;
  esac
}

run_case() {
  local label=$1 path=$2 viewers=$3 slow=$4 over_cap=$5 width=$6 height=$7 servers=$8
  for server in $servers; do
    start_server "$server" "$width" "$height"
    echo "== $server, $label: $viewers viewers on $path" >&2
    java -Xmx256m -XX:+UseSerialGC -cp "$CLIENT_CP" io.pistream.bench.StreamBenchClient "server=$server" "label=$label" \
      "port=$PORT" "path=$path" "viewers=$viewers" "slow=$slow" slowBytesPerSec=20000 "seconds=$CASE_SECONDS" \
      "pid=$SERVER_PID" "clkTck=$CLK_TCK" "overCap=$over_cap" "threads=$CLIENT_THREADS" "out=$OUT" "tsv=$TSV" \
      "untilRefused=${UNTIL_REFUSED:-false}" \
      || echo "case $label on $server failed; server log: $(tail -5 "$WORK/server.log")" >&2
    if grep -q "LEAK\|OutOfMemoryError\|OutOfDirectMemoryError" "$WORK/server.log"; then
      echo "server log of $label on $server reports: $(grep -m3 "LEAK\|OutOfMemoryError\|OutOfDirectMemoryError" "$WORK/server.log")" >&2
    fi
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  done
}

# The cases with caps and slow readers measure pistream's own rules: the minimal fan-out has none.
pistream_only() {
  local kept=""
  for server in $SERVERS; do [ "$server" != minimal ] && kept="$kept $server"; done
  echo "$kept"
}

for c in $CASES; do
  case $c in
    idle)     run_case "idle" - 0 0 0 1920 1080 "$SERVERS" ;;
    1x1080)   run_case "1080p24" /stream/cam1080.mjpg 1 0 0 1920 1080 "$SERVERS" ;;
    5x1080)   run_case "1080p24" /stream/cam1080.mjpg 5 0 0 1920 1080 "$SERVERS" ;;
    20x1080)  run_case "1080p24" /stream/cam1080.mjpg 20 0 0 1920 1080 "$SERVERS" ;;
    100x1080) run_case "1080p24" /stream/cam1080.mjpg 100 0 0 1920 1080 "$SERVERS" ;;
    1000x480) run_case "480p24" /stream/cam480.mjpg 1000 0 0 854 480 "$SERVERS" ;;
    mixed)    run_case "1080p24 mixed" /stream/cam1080.mjpg 100 10 0 1920 1080 "$(pistream_only)" ;;
    overcap)  run_case "1080p24 over cap (cap 5)" /stream/capped.mjpg 5 0 20 1920 1080 "$(pistream_only)" ;;
    # 500 connections to the capped camera (the packed default's cap): the 5 admitted keep their rate and
    # RSS stays put while 495 are refused back to back (issue 10; StreamBurstTest opens them all at once).
    burst500) run_case "1080p24 burst of 500 (cap 5)" /stream/capped.mjpg 5 0 495 1920 1080 "$(pistream_only)" ;;
    # Issue 13: viewers join one at a time until one is refused, on the packed defaults (uplinkMbps 300,
    # viewerCap 5, ladder 24/12/6/1); noladder is the same camera with ladderFps [24]: the cap before the ladder.
    ladder)   CONFIG=ladder UNTIL_REFUSED=true run_case "1080p24 ladder, 300 Mbit/s" /stream/cam0.mjpg 100 0 0 1920 1080 "$(pistream_only)" ;;
    noladder) CONFIG=ladder UNTIL_REFUSED=true run_case "1080p24 ladder off (cap 5)" /stream/noladder.mjpg 100 0 0 1920 1080 "$(pistream_only)" ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
done

cat "$OUT"
echo
echo "Ratios to the minimal fan-out (this run's rows in $TSV):"
awk -F'\t' '
  { key = $2 " x " $3; cpu[$1, key] = $4; gb[$1, key] = $5; rss[$1, key] = $6; if (!(key in seen)) { seen[key] = 1; order[++n] = key } servers[$1] = 1 }
  END {
    for (i = 1; i <= n; i++) {
      key = order[i]
      if (!(("minimal", key) in rss)) continue
      for (s in servers) {
        if (s == "minimal" || !((s, key) in rss)) continue
        if (gb["minimal", key] > 0) {
          printf "%s, %s viewers: %s CPU per delivered byte %.2fx the minimal fan-out'"'"'s, RSS %+.1f MB\n", s, key, s, gb[s, key] / gb["minimal", key], rss[s, key] - rss["minimal", key]
        } else {
          printf "%s, %s: %s idle CPU %.1f%% of a core (minimal %.1f%%), RSS %+.1f MB\n", s, key, s, cpu[s, key], cpu["minimal", key], rss[s, key] - rss["minimal", key]
        }
      }
    }
  }' "$TSV"
