#!/usr/bin/env bash
# Kill -9 trials of the storage verticle (docs/RELIABILITY.md): the same trials as KillTrialsTest,
# with more kills. A child JVM runs the storage verticle on one database and is killed with SIGKILL at
# random moments: while readings arrive, while a large prune runs, during a schema migration. After each
# kill the database must open, pass PRAGMA integrity_check, hold every reading acknowledged a flush window
# before the kill, and have rollups equal to its raw rows.
#   scripts/kill-trials.sh                    40 kills while feeding, 10 while pruning, 10 during migrations
#   scripts/kill-trials.sh 100 20 20 [seed]   other numbers; the seed repeats the same kill moments
#   SETTINGS='{"flushEveryMillis": 2000}' PAUSE_MS=200 MAX_KILL_MS=20000 scripts/kill-trials.sh 10 0 0
#                                             flushes by the timer: fewer readings, a longer life per trial
# Prints one line per trial; exits non-zero at the first trial that fails.
set -euo pipefail
cd "$(dirname "$0")/.."

FEED=${1:-40}
PRUNE=${2:-10}
MIGRATE=${3:-10}
WORK=storage-verticle/target/kill-trials

# test-compile builds the trial classes; the classpath file lands in each module's target/.
mvn -q -B -pl storage-verticle -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath
CP="storage-verticle/target/test-classes:storage-verticle/target/classes:$(cat storage-verticle/target/test.classpath)"

mkdir -p "$WORK"
exec java -Xmx256m -DkillTrials.settings="${SETTINGS:-"{}"}" -DkillTrials.pauseMs="${PAUSE_MS:-10}" \
  -DkillTrials.maxKillMs="${MAX_KILL_MS:-8000}" -cp "$CP" io.pistream.storage.KillTrials "$WORK" "$FEED" "$PRUNE" "$MIGRATE" ${4:+"$4"}
