#!/usr/bin/env bash
# Installs Debian's Nix (nix-bin) for offline, single-user use as root, idempotently.
# Afterwards, as root and without network:
#   nix-build -E 'derivation { name="a"; system="x86_64-linux"; builder="/bin/sh"; args=["-c" "echo hi > $out"]; PATH="/usr/bin:/bin"; }'
# works. The closure tests use it as the oracle for Nix's references.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "install-nix.sh: must run as root (it installs a Debian package and writes /etc/nix/nix.conf)" >&2
  exit 1
fi

if ! command -v nix-store >/dev/null 2>&1 || ! command -v nix-build >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends nix-bin; then
    apt-get update
    apt-get install -y --no-install-recommends nix-bin
  fi
fi

# Single-user, offline: no build users, no sandbox (no namespaces needed), no binary caches.
mkdir -p /etc/nix
conf=/etc/nix/nix.conf
want=$(cat <<'CONF'
# Written by .ci/install-nix.sh: single-user, offline Nix for the closure tests.
build-users-group =
sandbox = false
substituters =
trusted-substituters =
require-sigs = false
experimental-features = nix-command
connect-timeout = 1
fallback = false
CONF
)
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$want" ]; then
  printf '%s\n' "$want" > "$conf"
fi

# The store and its state directories (the package creates some; make sure all exist, owned by root).
mkdir -p /nix/store /nix/var/nix/db /nix/var/nix/gcroots /nix/var/nix/profiles /nix/var/nix/temproots /nix/var/nix/userpool /nix/var/log/nix/drvs
chmod 1775 /nix/store 2>/dev/null || true

# Talk to the store directly, never to a daemon (nix-daemon may be installed but is not running).
unset NIX_REMOTE || true

# Smoke test: build a trivial derivation, offline.
out=$(NIX_REMOTE= nix-build --no-out-link -E 'derivation { name = "install-nix-smoke"; system = builtins.currentSystem; builder = "/bin/sh"; args = [ "-c" "echo hi > $out" ]; PATH = "/usr/bin:/bin"; }')
if [ "$(cat "$out")" != "hi" ]; then
  echo "install-nix.sh: smoke build produced unexpected output at $out" >&2
  exit 1
fi
echo "install-nix.sh: nix ready ($(nix-store --version)), smoke build at $out"
