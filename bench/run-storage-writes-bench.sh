#!/usr/bin/env bash
# Disk bytes written per stored reading, one sensor every 2 s (docs/BENCHMARKS.md, "Storage: disk writes
# per reading"): the storage verticle in a child JVM, its /proc/<pid>/io write_bytes, for each flush window.
#   bench/run-storage-writes-bench.sh                       the old and the new default, and two between
#   WINDOWS=60000,720000 READINGS=9000 bench/run-storage-writes-bench.sh
# Run it on the disk you care about: the work directory must not be on tmpfs (see findmnt -T).
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=${WORK:-bench/target/storage-writes-bench}
mvn -q -B -pl bench -am package -DskipTests
CP="bench/target/classes:bench/target/lib/*"
mkdir -p "$WORK"
findmnt -T "$WORK" || true
exec java -cp "$CP" io.pistream.bench.StorageWritesBench "$WORK" "${WINDOWS:-1000,600000,720000,900000}" "${READINGS:-48000}" \
  -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData
