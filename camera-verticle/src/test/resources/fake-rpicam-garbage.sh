#!/bin/sh
# Stands in for rpicam-vid on a bad cable: between good JPEGs (--fake-frame) it writes text, the first
# half of a JPEG and a start marker that never ends, for ever.
frame=""
while [ $# -gt 0 ]; do
  case "$1" in
    --fake-frame) frame="$2"; shift ;;
  esac
  shift
done
size=$(wc -c < "$frame")
while true; do
  yes 'garbage on the wire' | head -c 3000
  head -c $((size / 2)) "$frame"
  cat "$frame"
  printf '\377\330'
  yes 'more' | head -c 2000
  cat "$frame"
  sleep 0.1
done
