#!/usr/bin/env bash
# Cluster benchmark (docs/BENCHMARKS.md, section "Cluster"). Two nodes of the real product (the launcher
# fat jar with the Pi flags from ./pistream jvm-options), clustered on 127.0.0.1 with a TCP-IP member list:
#   camnode  camera only, one synthetic 1080p24 camera
#   hub      storage + web
# Measures
#   1. join time, JOINS times (default 3): camnode started -> "joined the cluster" in its log, and ->
#      the hub's /api/nodes lists it online;
#   2. the remote camera through the hub: VIEWERS (default "1 5") viewers of /stream/camnode/cam0.mjpg
#      for CASE_SECONDS (default 15) after 2 s warm-up: fps, latency from capture (X-Timestamp) to
#      arrival, and the CPU and RSS of both node JVMs.
#   bench/run-cluster-bench.sh
#   CASE_SECONDS=5 VIEWERS=1 JOINS=1 bench/run-cluster-bench.sh
# The fat jar is built with `mvn -q -B package -DskipTests` when missing (BUILD=1 forces it).
set -euo pipefail
cd "$(dirname "$0")/.."

CASE_SECONDS=${CASE_SECONDS:-15}
VIEWERS=${VIEWERS:-"1 5"}
JOINS=${JOINS:-3}
HTTP_PORT=${HTTP_PORT:-18190}
HZ_HUB=${HZ_HUB:-15701}
HZ_CAM=${HZ_CAM:-15702}
JAR=${JAR:-launcher/target/launcher-0.1.0-SNAPSHOT-all.jar}
OUT=${OUT:-bench/target/cluster-bench.md}

if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -B package -DskipTests
fi

WORK=$(mktemp -d)
PIDS=()
STARTED=
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
cp "$JAR" "$WORK/node.jar"
cp bench/src/main/java/io/pistream/bench/RemoteStreamProbe.java "$WORK/"

write_config() {
  local id=$1 roles=$2 hz=$3
  cat > "$WORK/$id.yaml" <<YAML
node:
  id: $id
  roles: [$roles]
cluster:
  enabled: true
  host: 127.0.0.1
  port: $hz
  members: ["127.0.0.1:$HZ_HUB", "127.0.0.1:$HZ_CAM"]
  eventBusPort: 0
http:
  host: 127.0.0.1
  port: $HTTP_PORT
storage:
  dataDir: $WORK/data-$id
camera:
  cameras:
    - {id: cam0, source: synthetic, profile: high}
YAML
}
write_config hub "storage, web" "$HZ_HUB"
write_config camnode "camera" "$HZ_CAM"

FLAGS=$(./pistream jvm-options)
CLK_TCK=$(getconf CLK_TCK)
# Not called in $(...): the pid must land in this shell's PIDS for the cleanup.
start_node() {
  local id=$1
  # shellcheck disable=SC2086
  java $FLAGS -jar "$WORK/node.jar" --config "$WORK/$id.yaml" >> "$WORK/$id.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
now_ms() { date +%s%3N; }
wait_for() {  # wait_for <seconds> <command...>
  local deadline=$(( $(date +%s) + $1 )); shift
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then echo "timed out waiting for: $*" >&2; return 1; fi
    sleep 0.05
  done
}
camnode_online() { curl -sf "http://127.0.0.1:$HTTP_PORT/api/nodes" | grep -q '"node":"camnode"[^}]*"online":true'; }
camnode_offline() { ! curl -sf "http://127.0.0.1:$HTTP_PORT/api/nodes" | grep -q '"node":"camnode"[^}]*"online":true'; }
camera_listed() { curl -sf "http://127.0.0.1:$HTTP_PORT/api/cameras" | grep -q '"node":"camnode"'; }

mkdir -p "$(dirname "$OUT")"
{
  echo "## cluster bench $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, flags: $FLAGS"
  echo
} >> "$OUT"

start_node hub
HUB=$STARTED
wait_for 120 grep -q "web started" "$WORK/hub.log"
echo "hub up: $(grep -o 'joined the cluster in [0-9]* ms' "$WORK/hub.log")" | tee -a "$OUT"

echo "| join | camnode: joined the cluster (its log) | camnode: process start -> listed online by the hub |" >> "$OUT"
echo "|---|---|---|" >> "$OUT"
CAM=""
for i in $(seq 1 "$JOINS"); do
  if [ -n "$CAM" ]; then
    kill "$CAM"; wait "$CAM" 2>/dev/null || true
    wait_for 60 camnode_offline
  fi
  : > "$WORK/camnode.log"
  started=$(now_ms)
  start_node camnode
  CAM=$STARTED
  wait_for 120 camnode_online
  listed=$(( $(now_ms) - started ))
  joined=$(grep -o 'joined the cluster in [0-9]* ms' "$WORK/camnode.log" | grep -o '[0-9]*')
  echo "| $i | $joined ms | $listed ms |" | tee -a "$OUT"
done

wait_for 60 camera_listed
echo >> "$OUT"
echo "| viewers on the hub | fps min | fps median | latency median ms | latency p95 ms | latency max ms | Mbit/s to viewers | hub CPU % of a core | camnode CPU % of a core | hub RSS MB | camnode RSS MB |" >> "$OUT"
echo "|---|---|---|---|---|---|---|---|---|---|---|" >> "$OUT"
for viewers in $VIEWERS; do
  # Warm-up happens inside the probe (first 2 s not counted); CPU is sampled over the counted window.
  java -Xmx128m -XX:+UseSerialGC "$WORK/RemoteStreamProbe.java" "http://127.0.0.1:$HTTP_PORT/stream/camnode/cam0.mjpg" \
    "$CASE_SECONDS" "$viewers" > "$WORK/probe.out" 2> "$WORK/probe.err" &
  probe=$!
  sleep 2
  hub0=$(cpu_ticks "$HUB"); cam0=$(cpu_ticks "$CAM"); t0=$(now_ms)
  sleep "$CASE_SECONDS"
  hub1=$(cpu_ticks "$HUB"); cam1=$(cpu_ticks "$CAM"); t1=$(now_ms)
  hub_rss=$(rss_mb "$HUB"); cam_rss=$(rss_mb "$CAM")
  wait "$probe" || { cat "$WORK/probe.err" >&2; exit 1; }
  elapsed=$(( t1 - t0 ))
  hub_cpu=$(( (hub1 - hub0) * 1000 * 100 / CLK_TCK / elapsed ))
  cam_cpu=$(( (cam1 - cam0) * 1000 * 100 / CLK_TCK / elapsed ))
  line=$(cat "$WORK/probe.out")
  val() { echo "$line" | grep -o "$1=[^ ]*" | cut -d= -f2; }
  echo "| $viewers | $(val fpsMin) | $(val fpsMedian) | $(val latencyMedianMs) | $(val latencyP95Ms) | $(val latencyMaxMs) | $(val mbitPerSec) | $hub_cpu | $cam_cpu | $hub_rss | $cam_rss |" | tee -a "$OUT"
done
echo >> "$OUT"
grep -h "WARN\|ERROR" "$WORK/hub.log" "$WORK/camnode.log" | grep -v "CP Subsystem" | head -20 >&2 || true
echo "results appended to $OUT" >&2
