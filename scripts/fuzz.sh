#!/usr/bin/env bash
# The request fuzz of the test suite, longer: random requests (every route, parameter and method, hostile
# paths and bodies) against a whole node with login on (launcher RequestFuzzTest).
#   scripts/fuzz.sh [REQUESTS] [SEED]     default 50000 requests, a random seed (printed, to repeat a run)
set -euo pipefail
cd "$(dirname "$0")/.."
requests="${1:-50000}"
seed_flag=()
if [ -n "${2:-}" ]; then
  seed_flag=("-Dpistream.fuzz.seed=$2")
fi
exec mvn -B -ntp verify -pl launcher -am -Dtest=RequestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  "-Dpistream.fuzz.requests=$requests" "${seed_flag[@]}"
