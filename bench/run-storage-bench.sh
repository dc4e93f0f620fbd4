#!/usr/bin/env bash
# Storage benchmark (docs/BENCHMARKS.md): ingest rate through the storage verticle and history-query
# latency on one year of 2-second data for two sensors, over the bus and over HTTP.
#   bench/run-storage-bench.sh                      build, generate the year once (reused), measure
#   PARTS=history bench/run-storage-bench.sh        only the history latencies (PARTS=ingest: only ingest)
#   HTTP_CLIENT=same-jvm bench/run-storage-bench.sh the HTTP client inside the server JVM, as before
# The server JVM (storage, web, the bus load and the readings arriving) runs with the Pi's flags from
# `./pistream jvm-options`. The HTTP client runs in a JVM of its own with the JDK's defaults, as a
# browser would; the one-off data generation also runs with the defaults (it is setup, not measured).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=bench/target/storage-bench
# -am builds the modules the bench uses from this working tree, so nothing stale comes from ~/.m2.
mvn -q -B -pl bench -am package -DskipTests
CP="bench/target/classes:bench/target/lib/*"

mkdir -p "$WORK"
java -cp "$CP" io.pistream.bench.StorageBenchData "$WORK/year"
# shellcheck disable=SC2046
exec java $(./pistream jvm-options) -DstorageBench.httpClient="${HTTP_CLIENT:-separate-jvm}" -cp "$CP" \
  io.pistream.bench.StorageBench "$WORK" "${PARTS:-ingest,history}"
