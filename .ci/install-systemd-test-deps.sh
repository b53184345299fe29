#!/usr/bin/env bash
# Installs what the real-systemd tests need and creates (or reuses) the cached
# container roots they boot with systemd-nspawn: Debian 12 bookworm (systemd 252)
# and Debian 13 trixie (systemd 257).
#
#   .ci/install-systemd-test-deps.sh                   install packages, ensure both cached roots
#   .ci/install-systemd-test-deps.sh --suite trixie    only that root (bookworm|trixie|all; repeatable)
#   .ci/install-systemd-test-deps.sh --print-root      same, then print each root's path on stdout,
#                                                      one line per suite, in the order asked
#   .ci/install-systemd-test-deps.sh --rebuild         build the roots again even if cached
#   .ci/install-systemd-test-deps.sh --prune           also delete cached roots of other inputs
#   .ci/install-systemd-test-deps.sh --no-apt          skip the package step (the roots only)
#
# Idempotent: a second run installs nothing and takes about a second.
# Everything it does is logged to stderr; stdout carries only the paths (--print-root).
# Environment: PORTABLE_SERVICE_TEST_CACHE (default /var/cache/portable-service-tests),
#              PORTABLE_SERVICE_TEST_MIRROR (default http://deb.debian.org/debian).
set -euo pipefail

log() { printf '[install-systemd-test-deps] %s\n' "$*" >&2; }
die() { printf '[install-systemd-test-deps] ERROR: %s\n' "$*" >&2; exit 1; }

known_suites=(bookworm trixie)
print_root=0 rebuild=0 prune=0 apt=1
suites=()
while (( $# )); do
  arg=$1; shift
  case "$arg" in
    --suite=*|--suite)
      if [[ $arg == --suite ]]; then (( $# )) || die "--suite needs a value"; value=$1; shift; else value=${arg#--suite=}; fi
      case "$value" in
        all) suites+=("${known_suites[@]}") ;;
        bookworm|trixie) suites+=("$value") ;;
        *) die "unknown suite '$value' (bookworm, trixie or all)" ;;
      esac ;;
    --print-root) print_root=1 ;;
    --rebuild) rebuild=1 ;;
    --prune) prune=1 ;;
    --no-apt) apt=0 ;;
    -h|--help) sed -n '2,17p' "$0" >&2; exit 0 ;;
    *) die "unknown argument '$arg' (see --help)" ;;
  esac
done
(( ${#suites[@]} )) || suites=("${known_suites[@]}")

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
# 2. The cached container roots, one per suite: debootstrap into a temp dir,
# customize, rename. The cache key hashes every input that changes a root's
# contents, including the text of customize_root below, so editing it rebuilds.
# Both suites share the customization (and bookworm's key is what it was before
# trixie was added, so an existing bookworm root stays valid).
#   bookworm  Debian 12, systemd 252
#   trixie    Debian 13, systemd 257; bookworm's debian-archive-keyring (2023.3+deb12u2)
#             has the trixie keys and its debootstrap a trixie script (merged /usr, as
#             trixie requires: debootstrap's default).
# ---------------------------------------------------------------------------
variant=minbase
include=systemd,systemd-sysv,dbus,systemd-container
# trixie only (issue 15): systemd-repart --make-ddi=portable makes the DDIs that inspect is tested on; its
# stock portable definitions format the root as erofs (erofs-utils), squashfs with mksquashfs (squashfs-tools);
# 257 dlopen()s libcryptsetup for dm-verity (only Recommended there; 252 links it), without it verity is "not supported".
# bookworm's key stays as it was.
trixie_extra=systemd-repart,erofs-utils,squashfs-tools,libcryptsetup12
include_of() { if [[ $1 == trixie ]]; then printf '%s,%s' "$include" "$trixie_extra"; else printf '%s' "$include"; fi; }
arch=$(dpkg --print-architecture)
mirror=${PORTABLE_SERVICE_TEST_MIRROR:-http://deb.debian.org/debian}
cache=${PORTABLE_SERVICE_TEST_CACHE:-/var/cache/portable-service-tests}
stamp=".portable-service-tests-rootfs"

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

root_ok() { [[ -f "$1/$stamp" && -x "$1/usr/bin/portablectl" && -x "$1/lib/systemd/systemd" ]]; }

key_input_of() {
  printf 'suite=%s\nvariant=%s\ninclude=%s\narch=%s\n%s\n' \
    "$1" "$variant" "$(include_of "$1")" "$arch" "$(declare -f customize_root)"
}
root_of() {
  local key_input
  key_input=$(key_input_of "$1")
  printf '%s/rootfs-%s' "$cache" "$(printf '%s' "$key_input" | sha256sum | cut -c1-16)"
}

tmp=
cleanup_tmp() {
  [[ -n $tmp ]] || return 0
  # debootstrap may leave /proc, /sys, /dev/pts mounted inside on failure.
  local m
  for m in $(awk -v p="$tmp/" 'index($2, p) == 1 { print $2 }' /proc/self/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$tmp"
  tmp=
}
trap cleanup_tmp EXIT

ensure_root() {
  local suite=$1 key_input key root start
  key_input=$(key_input_of "$suite")
  key=$(printf '%s' "$key_input" | sha256sum | cut -c1-16)
  root="$cache/rootfs-$key"

  if (( rebuild )) && [[ -e $root ]]; then
    log "--rebuild: removing $root"
    rm -rf --one-file-system "$root"
  fi

  if root_ok "$root"; then
    log "cached $suite container root is up to date: $root"
    return 0
  fi
  [[ -e $root ]] && { log "incomplete cached root $root: removing it"; rm -rf --one-file-system "$root"; }
  tmp=$(mktemp -d "$cache/.build-$key-XXXXXX")
  log "building the $suite container root (key $key): debootstrap --variant=$variant --include=$(include_of "$suite") $suite from $mirror"
  start=$SECONDS
  # Downloaded packages are kept in $cache/debs: a rebuild (new inputs) downloads only what changed.
  mkdir -p "$cache/debs"
  if ! debootstrap --variant="$variant" --include="$(include_of "$suite")" --arch="$arch" --cache-dir="$cache/debs" \
        "$suite" "$tmp/root" "$mirror" >"$tmp/debootstrap.log" 2>&1; then
    tail -n 40 "$tmp/debootstrap.log" >&2
    [[ -f $tmp/root/debootstrap/debootstrap.log ]] && tail -n 40 "$tmp/root/debootstrap/debootstrap.log" >&2
    die "debootstrap of $suite failed (log above)"
  fi
  log "debootstrap of $suite took $((SECONDS - start)) s"
  customize_root "$tmp/root"
  printf '%s\nbuilt=%s\n' "$key_input" "$(date -u +%FT%TZ)" > "$tmp/root/$stamp"
  root_ok "$tmp/root" || die "the new $suite root at $tmp/root lacks portablectl or systemd"
  mv -T "$tmp/root" "$root"
  cleanup_tmp
  log "$suite container root ready: $root ($(du -sh --one-file-system "$root" | cut -f1))"
}

mkdir -p "$cache"
exec 9>"$cache/.lock"
log "waiting for the cache lock $cache/.lock"
flock 9

declare -A wanted=()
for suite in "${suites[@]}"; do
  [[ -n ${wanted[$suite]:-} ]] && continue
  wanted[$suite]=1
  ensure_root "$suite"
done

if (( prune )); then
  # Keeps the current root of every known suite, not only of those asked for.
  declare -A keep=()
  for suite in "${known_suites[@]}"; do keep[$(root_of "$suite")]=1; done
  for old in "$cache"/rootfs-* "$cache"/.build-*; do
    [[ -e $old && -z ${keep[$old]:-} ]] || continue
    log "--prune: removing $old"
    rm -rf --one-file-system "$old"
  done
fi

if (( print_root )); then
  for suite in "${suites[@]}"; do
    root_of "$suite"
    printf '\n'
  done
fi
