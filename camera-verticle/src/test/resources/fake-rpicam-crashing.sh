#!/bin/sh
# Stands in for rpicam-vid: writes the JPEG named by --fake-frame a few times, then crashes.
# Every other argument (the real rpicam-vid options) is ignored.
frame=""
count=3
while [ $# -gt 0 ]; do
  case "$1" in
    --fake-frame) frame="$2"; shift ;;
    --fake-count) count="$2"; shift ;;
  esac
  shift
done
echo "fake camera: started" >&2
i=0
while [ "$i" -lt "$count" ]; do
  cat "$frame"
  i=$((i + 1))
  sleep 0.1
done
echo "ERROR: fake camera lost its sensor" >&2
exit 3
