#!/usr/bin/env bash
# Installs what the test suite runs against: the real squashfs tools, the kernel's loop mounts, veritysetup, openssl and
# sfdisk (the oracles for verity, signatures and disk images), setfacl (POSIX ACLs on contents), Nix, and the systemd
# container roots (Debian 12 with systemd 252, Debian 13 with systemd 257). Idempotent; needs root (CI runs as root).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

packages=(squashfs-tools squashfs-tools-ng liblzo2-2 liblz4-1 libzstd1 attr acl util-linux time gcc clang binutils python3 coreutils cryptsetup-bin openssl fdisk)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-test-deps: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for extra in install-nix.sh install-systemd-test-deps.sh; do
  if [ -f "$here/../.ci/$extra" ]; then
    bash "$here/../.ci/$extra"
  fi
done
