# What the benchmark scripts share; sourced by run.sh, cache.sh and verity.sh after their own arguments are read.
# Each script sets $script (its name for messages) first.

log() { printf '%s %s\n' "$(date +%T)" "$*" >&2; }

# The comment block at the top of the calling script, as its --help.
bench_help() { sed -n '2,/^set -euo/p' "$1" | sed '$d; s/^# \{0,1\}//'; }

bench_unknown_argument() { echo "$script: unknown argument $1 (see --help)" >&2; exit 2; }

# bench_require "apt-get install ..." TOOL...: stops when a tool is missing, saying how to get it.
bench_require() {
  local hint="$1" tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$script: $tool is missing ($hint)" >&2; exit 1; }
  done
}

# bench_workdir PREFIX: $work is the --work folder, or a fresh temporary one removed on exit; its log/ is created.
bench_workdir() {
  if [ -z "$work" ]; then
    work="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    trap 'rm -rf "$work"' EXIT
  fi
  mkdir -p "$work/log"
}

# bench_publish_cli [--jit]: publishes our CLI into $work/cli once per run, as a release would be (Native AOT; with
# --jit ReadyToRun, run by dotnet), and sets the array cli to the command that runs it.
bench_publish_cli() {
  local rid build
  rid="$(dotnet --info | awk '/^ RID:/ { print $2 }')"
  rm -rf "$work/cli"
  if [ "${1:-}" = --jit ]; then
    log "publishing portable-service (Release, ReadyToRun, run by dotnet) into $work/cli"
    build=(dotnet publish "$repo/src/PortableService.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o "$work/cli")
    cli=(dotnet "$work/cli/portable-service.dll")
  else
    log "publishing portable-service (Release, Native AOT) into $work/cli"
    build=(dotnet publish "$repo/src/PortableService.Cli" -c Release -r "$rid" -p:PublishAot=true -o "$work/cli")
    cli=("$work/cli/portable-service")
  fi
  "${build[@]}" --nologo -v quiet -clp:NoSummary >"$work/log/build.txt" 2>&1 || { cat "$work/log/build.txt" >&2; exit 1; }
}
