#!/usr/bin/env bash
# Installs the Debian packages pistream needs, only those missing, so that the README's two commands
# work on a fresh Debian machine and cost nothing on a prepared one.
#   scripts/install-tools.sh build   what building needs (JDK 17, Maven, npm for the dashboard's client)
#   scripts/install-tools.sh test    that, plus the real clients and servers the tests drive (ffmpeg, Chromium,
#                                    the Mosquitto MQTT broker, openssl for test certificates, and what checks
#                                    the Debian package: dpkg-deb, systemd-analyze, shellcheck)
set -euo pipefail

# command -> Debian package
declare -A BUILD_TOOLS=(
  [javac]=openjdk-17-jdk-headless
  [mvn]=maven
  [npm]=npm
)
declare -A TEST_TOOLS=(
  [ffmpeg]=ffmpeg
  [ffprobe]=ffmpeg
  [chromium]=chromium
  [chromedriver]=chromium-driver
  [mosquitto]=mosquitto
  [mosquitto_passwd]=mosquitto
  [openssl]=openssl
  [dpkg-deb]=dpkg
  [systemd-analyze]=systemd
  [shellcheck]=shellcheck
  [promtool]=prometheus
)

missing=()
check() {
  local -n tools=$1
  for tool in "${!tools[@]}"; do
    # mosquitto lives in /usr/sbin, which a non-login PATH may lack.
    PATH="$PATH:/usr/sbin:/sbin" command -v "$tool" >/dev/null 2>&1 || missing+=("${tools[$tool]}")
  done
}

case "${1:-}" in
  build) check BUILD_TOOLS ;;
  test) check BUILD_TOOLS; check TEST_TOOLS ;;
  *) echo "usage: $0 build|test" >&2; exit 2 ;;
esac
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "missing tools; install these packages (Debian names): ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
