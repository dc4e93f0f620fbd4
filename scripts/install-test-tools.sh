#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real clients, only when one is missing, so
# that `./pistream test` passes on a fresh machine and costs nothing on a prepared one.
set -euo pipefail

# command -> Debian package
declare -A TOOLS=(
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [chromium]=chromium
  [chromedriver]=chromium-driver
)

missing=()
for tool in "${!TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${TOOLS[$tool]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "missing test tools: ${missing[*]}; install them (apt-get install ${missing[*]}) or run as root" >&2
  exit 1
fi
echo "installing test tools: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
