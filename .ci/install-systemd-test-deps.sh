#!/usr/bin/env bash
# Installs what the real-systemd tests need and creates (or reuses) the cached
# Debian 12 container root they boot with systemd-nspawn.
#
#   .ci/install-systemd-test-deps.sh               install packages, ensure the cached root
#   .ci/install-systemd-test-deps.sh --print-root  same, then print the root's path on stdout
#   .ci/install-systemd-test-deps.sh --rebuild     build the root again even if cached
#   .ci/install-systemd-test-deps.sh --prune       also delete cached roots of other inputs
#   .ci/install-systemd-test-deps.sh --no-apt      skip the package step (the root only)
#
# Idempotent: a second run installs nothing and takes about a second.
# Everything it does is logged to stderr; stdout carries only the path (--print-root).
# Environment: PORTABLE_SERVICE_TEST_CACHE (default /var/cache/portable-service-tests),
#              PORTABLE_SERVICE_TEST_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

log() { printf '[install-systemd-test-deps] %s\n' "$*" >&2; }
die() { printf '[install-systemd-test-deps] ERROR: %s\n' "$*" >&2; exit 1; }

print_root=0 rebuild=0 prune=0 apt=1
for arg in "$@"; do
  case "$arg" in
    --print-root) print_root=1 ;;
    --rebuild) rebuild=1 ;;
    --prune) prune=1 ;;
    --no-apt) apt=0 ;;
    -h|--help) sed -n '2,14p' "$0" >&2; exit 0 ;;
    *) die "unknown argument '$arg' (see --help)" ;;
  esac
done

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap, systemd-nspawn and loop devices need it)"
[[ -r /etc/debian_version ]] || die "needs a Debian-based host (apt-get, debootstrap)"

# ---------------------------------------------------------------------------
# 1. Host packages.
#   debootstrap           builds the container root
#   debian-archive-keyring  lets debootstrap verify the archive
#   systemd-container     systemd-nspawn (boot), systemd-dissect and portablectl on the host
#   systemd               pulled in by systemd-container; named for clarity
#   squashfs-tools        mksquashfs/unsquashfs for the hand-made test images
#   util-linux            nsenter (run commands in the container), setpriv
#   perl-base             the tiny socket server copied into a test image (Essential anyway)
# ---------------------------------------------------------------------------
host_packages=(debootstrap debian-archive-keyring systemd systemd-container squashfs-tools util-linux perl-base)

if (( apt )); then
  missing=()
  for p in "${host_packages[@]}"; do
    if ! dpkg-query -W -f='${db:Status-Status}\n' "$p" 2>/dev/null | grep -qx installed; then
      missing+=("$p")
    fi
  done
  if (( ${#missing[@]} )); then
    log "installing host packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2 || die "apt-get update failed"
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
      || die "apt-get install ${missing[*]} failed"
  else
    log "host packages already installed: ${host_packages[*]}"
  fi
fi
for tool in debootstrap systemd-nspawn nsenter mksquashfs; do
  command -v "$tool" >/dev/null || die "'$tool' not found after installing packages"
done

# ---------------------------------------------------------------------------
# 2. The cached container root: debootstrap into a temp dir, customize, rename.
# The cache key hashes every input that changes the root's contents, including
# the text of customize_root below, so editing it rebuilds.
# ---------------------------------------------------------------------------
suite=bookworm
variant=minbase
include=systemd,systemd-sysv,dbus,systemd-container
arch=$(dpkg --print-architecture)
mirror=${PORTABLE_SERVICE_TEST_MIRROR:-http://deb.debian.org/debian}
cache=${PORTABLE_SERVICE_TEST_CACHE:-/var/cache/portable-service-tests}

# Runs against the fresh root (not booted). Keep it small: every change here
# changes the cache key.
customize_root() {
  local root=$1
  # debootstrap copies the host's /etc/hostname; without one, the container keeps the
  # host name nspawn gives it (its unique --machine= name).
  rm -f "$root/etc/hostname"
  # Nothing in the container may wait for a login prompt or a network, or start
  # periodic jobs (apt, fstrim...) in the middle of a test.
  local unit
  for unit in console-getty.service getty@.service systemd-networkd-wait-online.service \
      apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer \
      fstrim.timer systemd-tmpfiles-clean.timer; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
  done
  # Journal in memory only (the root is booted with --volatile=overlay anyway).
  mkdir -p "$root/etc/systemd/journald.conf.d"
  printf '[Journal]\nStorage=volatile\n' > "$root/etc/systemd/journald.conf.d/10-tests.conf"
  # A smaller root: no downloaded packages or apt lists are needed at run time.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
}

key_input=$(printf 'suite=%s\nvariant=%s\ninclude=%s\narch=%s\n%s\n' \
  "$suite" "$variant" "$include" "$arch" "$(declare -f customize_root)")
key=$(printf '%s' "$key_input" | sha256sum | cut -c1-16)
root="$cache/rootfs-$key"
stamp=".portable-service-tests-rootfs"

mkdir -p "$cache"
exec 9>"$cache/.lock"
log "waiting for the cache lock $cache/.lock"
flock 9

root_ok() { [[ -f "$1/$stamp" && -x "$1/usr/bin/portablectl" && -x "$1/lib/systemd/systemd" ]]; }

if (( rebuild )) && [[ -e $root ]]; then
  log "--rebuild: removing $root"
  rm -rf --one-file-system "$root"
fi

if root_ok "$root"; then
  log "cached container root is up to date: $root"
else
  [[ -e $root ]] && { log "incomplete cached root $root: removing it"; rm -rf --one-file-system "$root"; }
  tmp=$(mktemp -d "$cache/.build-$key-XXXXXX")
  cleanup_tmp() {
    # debootstrap may leave /proc, /sys, /dev/pts mounted inside on failure.
    local m
    for m in $(awk -v p="$tmp/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r); do
      umount -l "$m" 2>/dev/null || true
    done
    rm -rf --one-file-system "$tmp"
  }
  trap cleanup_tmp EXIT
  log "building the container root (key $key): debootstrap --variant=$variant --include=$include $suite from $mirror"
  start=$SECONDS
  # Downloaded packages are kept in $cache/debs: a rebuild (new inputs) downloads only what changed.
  mkdir -p "$cache/debs"
  if ! debootstrap --variant="$variant" --include="$include" --arch="$arch" --cache-dir="$cache/debs" \
        "$suite" "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
    tail -n 40 "$tmp/debootstrap.log" >&2
    [[ -f $tmp/root/debootstrap/debootstrap.log ]] && tail -n 40 "$tmp/root/debootstrap/debootstrap.log" >&2
    die "debootstrap failed (log above)"
  fi
  log "debootstrap took $((SECONDS - start)) s"
  customize_root "$tmp/root"
  printf '%s\nbuilt=%s\n' "$key_input" "$(date -u +%FT%TZ)" > "$tmp/root/$stamp"
  root_ok "$tmp/root" || die "the new root at $tmp/root lacks portablectl or systemd"
  mv -T "$tmp/root" "$root"
  trap - EXIT
  cleanup_tmp
  log "container root ready: $root ($(du -sh --one-file-system "$root" | cut -f1))"
fi

if (( prune )); then
  for old in "$cache"/rootfs-* "$cache"/.build-*; do
    [[ -e $old && $old != "$root" ]] || continue
    log "--prune: removing $old"
    rm -rf --one-file-system "$old"
  done
fi

if (( print_root )); then
  printf '%s\n' "$root"
fi
