#!/usr/bin/env bash
# Storage benchmark (docs/BENCHMARKS.md): ingest rate through the storage verticle and history-query
# latency on one year of 2-second data for two sensors, over the bus and over HTTP.
#   bench/run-storage-bench.sh            build, generate the year once (reused), measure
# The measuring JVM runs with the Pi's flags from `./pistream jvm-options`; the one-off data
# generation runs with the JVM's defaults (it is setup, not measured).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=bench/target/storage-bench
mvn -o -q -B -pl storage-verticle install -DskipTests
mvn -o -q -B -pl bench package -DskipTests
CP="bench/target/classes:bench/target/lib/*"

mkdir -p "$WORK"
java -cp "$CP" io.pistream.bench.StorageBenchData "$WORK/year"
# shellcheck disable=SC2046
exec java $(./pistream jvm-options) -cp "$CP" io.pistream.bench.StorageBench "$WORK"
