#!/usr/bin/env bash
# Soak run (docs/RELIABILITY.md, "Soak"): a whole node on the Pi flags (./pistream jvm-options) with a
# reading every second, viewers joining and leaving its camera, history queries and a camera restart
# every 5 minutes, for SOAK_MINUTES (default 30). Prints the server's resident memory, threads and open
# files, and their slopes over the second half of the run, and appends that row to OUT. Not in CI.
#   bench/run-soak.sh                     30 minutes
#   SOAK_MINUTES=5 bench/run-soak.sh      a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

SOAK_MINUTES=${SOAK_MINUTES:-30}
PORT=${PORT:-18095}
JAR=${JAR:-launcher/target/launcher-0.1.0-SNAPSHOT-all.jar}
OUT=${OUT:-bench/target/soak.md}

if [ "${BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
  mvn -q -B package -DskipTests
fi
mvn -q -B -pl bench -am package -DskipTests

WORK=$(mktemp -d)
trap 'kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp "$JAR" "$WORK/server.jar"
cat > "$WORK/soak.yaml" <<YAML
node:
  id: soak
http:
  host: 127.0.0.1
  port: $PORT
storage:
  dataDir: $WORK/data
sensor:
  delivery:
    spoolDir: $WORK/data
  sensors:
    - {id: ceiling, driver: simulated, intervalSeconds: 1}
YAML

# shellcheck disable=SC2046
java $(./pistream jvm-options) -jar "$WORK/server.jar" --config "$WORK/soak.yaml" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  if curl -sf "http://127.0.0.1:$PORT/api/cameras" 2>/dev/null | grep -q cam0; then break; fi
  sleep 0.2
done
mkdir -p "$(dirname "$OUT")"
if [ ! -s "$OUT" ]; then
  {
    echo "| date | length | RSS (slope) | threads (slope) | open files (slope) | history queries | viewer sessions (bytes) | camera restarts |"
    echo "|---|---|---|---|---|---|---|---|"
  } > "$OUT"
fi
java -Xmx128m -cp "bench/target/classes:bench/target/lib/*" io.pistream.bench.SoakClient "port=$PORT" "pid=$SERVER_PID" \
  "minutes=$SOAK_MINUTES" "out=$OUT"
echo "server log: $(grep -c . "$WORK/server.log") lines, $(grep -c ' ERROR ' "$WORK/server.log" || true) errors, $(grep -c ' WARN ' "$WORK/server.log" || true) warnings"
grep ' ERROR \| WARN ' "$WORK/server.log" | head -20 || true
