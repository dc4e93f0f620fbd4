#!/usr/bin/env bash
# Installs, upgrades, removes and purges the Debian package in a fresh Debian bookworm chroot, the way a
# Pi owner would (apt install ./pistream_*.deb), and checks what each step leaves behind. The pre-release
# check of packaging/ (docs/RASPBERRY-PI.md); it needs root, debootstrap and the Debian mirror.
#   scripts/deb-chroot-test.sh [DEB]     DEB: default packaging/target/pistream_*_all.deb (mvn package)
# Environment: PISTREAM_CHROOT_MIRROR (default http://deb.debian.org/debian), PISTREAM_CHROOT_KEEP=1 keeps
# the chroot for a look afterwards, PISTREAM_CHROOT_PORT (default 18080) is the port the server is tried on.
# dpkg-query's formats are ${Field}, not shell expansions.
# shellcheck disable=SC2016
set -euo pipefail
cd "$(dirname "$0")/.."

MIRROR=${PISTREAM_CHROOT_MIRROR:-http://deb.debian.org/debian}
PORT=${PISTREAM_CHROOT_PORT:-18080}
SUITE=bookworm

deb=${1:-}
if [ -z "$deb" ]; then
  deb=$(find packaging/target -maxdepth 1 -name 'pistream_*_all.deb' | head -n 1)
fi
if [ -z "$deb" ] || [ ! -f "$deb" ]; then
  echo "no package: build it first (mvn -B -DskipTests package), or name it: $0 DEB" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0 needs root (debootstrap, chroot, mount)" >&2
  exit 2
fi
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install -y debootstrap" >&2; exit 2; }

started=$SECONDS
checks=0
step() { printf '\n== %s (%d s)\n' "$*" $((SECONDS - started)); }
ok() { checks=$((checks + 1)); printf '  ok   %s\n' "$*"; }
fail() { printf '  FAIL %s\n' "$*" >&2; exit 1; }
check() { # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1
  shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

root=$(mktemp -d /var/tmp/pistream-chroot.XXXXXX)
# it becomes /: mktemp's 0700 would lock every user but root out of the whole tree
chmod 0755 "$root"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  for m in dev/pts dev proc; do
    mountpoint -q "$root/$m" && umount -l "$root/$m"
  done
  if [ "${PISTREAM_CHROOT_KEEP:-0}" = 1 ]; then
    echo "chroot kept in $root" >&2
  else
    rm -rf "$root"
  fi
}
trap cleanup EXIT

in_root() { chroot "$root" "$@"; }
apt_in_root() { in_root env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o Dpkg::Options::=--force-confold "$@"; }
owner_mode() { in_root stat -c '%U:%G %a' "$1"; }
version_installed() { in_root dpkg-query -W -f='${Version}' pistream; }
status_of() { in_root dpkg-query -W -f='${db:Status-Abbrev}' pistream 2>/dev/null | tr -d ' ' || true; }

step "debootstrap $SUITE (minbase) from $MIRROR into $root"
debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$root.debootstrap.log" 2>&1 \
  || { tail -n 30 "$root.debootstrap.log" >&2; fail "debootstrap"; }
rm -f "$root.debootstrap.log"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# What Raspberry Pi OS has and minbase lacks: deb-systemd-helper (the postinst enables the unit with it).
apt_in_root update >/dev/null
apt_in_root install --no-install-recommends init-system-helpers >/dev/null
ok "chroot ready, $(in_root dpkg-query -W -f='${Version}' base-files) base-files"

step "apt install ./$(basename "$deb") (pulls in a Java 17 runtime through java17-runtime-headless)"
cp "$deb" "$root/tmp/"
apt_in_root install "/tmp/$(basename "$deb")" >"$root/tmp/install.log" 2>&1 \
  || { tail -n 40 "$root/tmp/install.log" >&2; fail "apt install"; }
first_version=$(version_installed)
check "installed: pistream $first_version" [ "$(status_of)" = ii ]
check "a Java 17 runtime came with it: $(in_root java -version 2>&1 | head -n 1)" sh -c "chroot '$root' java -version 2>&1 | grep -q '\"17'"
for f in /usr/bin/pistream /usr/share/pistream/pistream.jar /usr/lib/systemd/system/pistream.service \
  /etc/pistream/config.yaml /etc/pistream/jvm.options /usr/share/doc/pistream/config.yaml.reference \
  /usr/share/doc/pistream/copyright /usr/share/doc/pistream/changelog.Debian.gz; do
  check "$f" [ -f "$root$f" ]
done
check "/usr/bin/pistream is root:root 755" [ "$(owner_mode /usr/bin/pistream)" = "root:root 755" ]
check "user pistream: system user, home /var/lib/pistream, no login shell" \
  sh -c "chroot '$root' getent passwd pistream | grep -q '^pistream:x:[0-9]*:[0-9]*:[^:]*:/var/lib/pistream:/usr/sbin/nologin$'"
check "uid below 1000 (a system user)" [ "$(in_root id -u pistream)" -lt 1000 ]
check "group gpio was created" sh -c "chroot '$root' getent group gpio >/dev/null"
groups=$(in_root id -nG pistream)
check "pistream is in groups: $groups" sh -c "echo ' $groups ' | grep -q ' video ' && echo ' $groups ' | grep -q ' gpio '"
check "/var/lib/pistream is pistream:pistream 750" [ "$(owner_mode /var/lib/pistream)" = "pistream:pistream 750" ]
check "/var/log/pistream is pistream:pistream 750" [ "$(owner_mode /var/log/pistream)" = "pistream:pistream 750" ]
check "/etc/pistream/config.yaml is root:pistream 640 (it may hold password hashes)" \
  [ "$(owner_mode /etc/pistream/config.yaml)" = "root:pistream 640" ]
check "pistream.service enabled (multi-user.target.wants)" \
  [ -L "$root/etc/systemd/system/multi-user.target.wants/pistream.service" ]
check "no systemd running here, so nothing was started" sh -c "! pgrep -f '[/]usr/share/pistream/pistream.jar' >/dev/null"

step "the command"
check "pistream help" sh -c "chroot '$root' pistream help | grep -q 'pistream backup FILE'"
hash=$(echo 'correct horse battery staple' | in_root pistream hash-password)
check "pistream hash-password prints a hash: ${hash:0:28}..." [ "${hash#\$pbkdf2-sha256\$}" != "$hash" ]
check "pistream hash-password --token prints a token and its hash" \
  sh -c "chroot '$root' pistream hash-password --token 2>/dev/null | grep -q '^tokenHash: '"

step "the server as the service would run it (as pistream, with /etc/pistream), on a port from an edited config"
sed -i "s/^  port: 8080$/  port: $PORT/" "$root/etc/pistream/config.yaml"
echo "# edited by deb-chroot-test" >>"$root/etc/pistream/config.yaml"
cp "$root/etc/pistream/config.yaml" "$root/tmp/config.edited"
# root starts it: the wrapper drops to user pistream itself and execs java, so $! is the JVM
chroot "$root" pistream run >"$root/tmp/server.log" 2>&1 &
server_pid=$!
up=""
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; then up=yes; break; fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.5
done
[ -n "$up" ] || { tail -n 40 "$root/tmp/server.log" >&2; fail "server answered /health on $PORT"; }
ok "server up, /health on $PORT: $(curl -fsS "http://127.0.0.1:$PORT/health")"
is_service_jvm() { [ "$(stat -c %u "/proc/$1")" = "$(in_root id -u pistream)" ] && [ "$(cat "/proc/$1/comm")" = java ]; }
check "it runs as pistream (uid $(in_root id -u pistream)), the JVM itself (no runuser/su in between)" \
  is_service_jvm "$server_pid"
check "the database is in /var/lib/pistream, owned by pistream" [ "$(owner_mode /var/lib/pistream/pistream.db | cut -d' ' -f1)" = pistream:pistream ]
kill -TERM "$server_pid"
stopped=""
for _ in $(seq 1 120); do
  kill -0 "$server_pid" 2>/dev/null || { stopped=yes; break; }
  sleep 0.5
done
server_pid=""
[ -n "$stopped" ] || fail "server stopped within 60 s of SIGTERM"
ok "server stopped on SIGTERM: $(grep -c . "$root/tmp/server.log") log lines, last: $(tail -n 1 "$root/tmp/server.log")"
in_root runuser -u pistream -- sh -c 'echo keep-me >/var/lib/pistream/marker'
db_sum=$(md5sum <"$root/var/lib/pistream/pistream.db")

step "upgrade to a rebuilt package with a higher version and changed conffiles"
work=$(mktemp -d)
dpkg-deb -R "$deb" "$work/pkg"
next_version="${first_version}+chroot1"
sed -i "s/^Version: .*/Version: $next_version/" "$work/pkg/DEBIAN/control"
echo "# changed in $next_version" >>"$work/pkg/etc/pistream/jvm.options"
echo "# changed in $next_version" >>"$work/pkg/etc/pistream/config.yaml"
(cd "$work/pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
dpkg-deb -b "$work/pkg" "$root/tmp/pistream_${next_version}_all.deb" >/dev/null
rm -rf "$work"
check "$next_version sorts after $first_version" dpkg --compare-versions "$next_version" gt "$first_version"
apt_in_root install "/tmp/pistream_${next_version}_all.deb" >"$root/tmp/upgrade.log" 2>&1 \
  || { tail -n 40 "$root/tmp/upgrade.log" >&2; fail "upgrade"; }
check "installed: pistream $(version_installed)" [ "$(version_installed)" = "$next_version" ]
check "the edited config.yaml was kept" cmp -s "$root/etc/pistream/config.yaml" "$root/tmp/config.edited"
check "the package's new config.yaml is beside it as config.yaml.dpkg-dist" \
  grep -q "changed in $next_version" "$root/etc/pistream/config.yaml.dpkg-dist"
check "the unedited jvm.options was updated" grep -q "changed in $next_version" "$root/etc/pistream/jvm.options"
check "config.yaml still root:pistream 640" [ "$(owner_mode /etc/pistream/config.yaml)" = "root:pistream 640" ]
check "the data survived (database unchanged, marker there)" \
  sh -c "[ \"\$(md5sum <'$root/var/lib/pistream/pistream.db')\" = '$db_sum' ] && grep -q keep-me '$root/var/lib/pistream/marker'"
check "user pistream still there" sh -c "chroot '$root' id pistream >/dev/null"

step "remove"
apt_in_root remove pistream >"$root/tmp/remove.log" 2>&1 || { tail -n 40 "$root/tmp/remove.log" >&2; fail "remove"; }
check "removed, config files kept (status $(status_of))" [ "$(status_of)" = rc ]
check "/usr/bin/pistream and the jar are gone" sh -c "[ ! -e '$root/usr/bin/pistream' ] && [ ! -e '$root/usr/share/pistream/pistream.jar' ]"
check "the data is kept" sh -c "[ -f '$root/var/lib/pistream/pistream.db' ] && [ -f '$root/var/lib/pistream/marker' ]"
check "the edited config is kept" cmp -s "$root/etc/pistream/config.yaml" "$root/tmp/config.edited"
check "user pistream is kept (it owns the data)" sh -c "chroot '$root' id pistream >/dev/null"

step "purge"
apt_in_root purge pistream >"$root/tmp/purge.log" 2>&1 || { tail -n 40 "$root/tmp/purge.log" >&2; fail "purge"; }
check "purged (not known to dpkg any more)" [ -z "$(status_of)" ]
check "/var/lib/pistream is gone" [ ! -e "$root/var/lib/pistream" ]
check "/var/log/pistream is gone" [ ! -e "$root/var/log/pistream" ]
check "/etc/pistream is gone" [ ! -e "$root/etc/pistream" ]
check "user and group pistream are gone" sh -c "! chroot '$root' getent passwd pistream && ! chroot '$root' getent group pistream"
check "group gpio stays" sh -c "chroot '$root' getent group gpio >/dev/null"
check "no enablement symlink left" [ ! -e "$root/etc/systemd/system/multi-user.target.wants/pistream.service" ]

step "done: $checks checks passed in $((SECONDS - started)) s"
