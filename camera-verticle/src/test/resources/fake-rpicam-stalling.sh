#!/bin/sh
# Stands in for rpicam-vid: writes the JPEG named by --fake-frame a few times, then hangs without
# exiting or writing, like a camera whose pipeline froze. exec, so that SIGTERM reaches the sleep.
frame=""
count=3
while [ $# -gt 0 ]; do
  case "$1" in
    --fake-frame) frame="$2"; shift ;;
    --fake-count) count="$2"; shift ;;
  esac
  shift
done
i=0
while [ "$i" -lt "$count" ]; do
  cat "$frame"
  i=$((i + 1))
  sleep 0.1
done
exec sleep 600
