#!/usr/bin/env bash
# Fuzzes the squashfs reader (open, walk, list, look up, read every file and link, extract) with AFL++ and SharpFuzz,
# starting from the seed images in fuzz/corpus.
#
#   fuzz/run.sh [SECONDS]        default 180; CI calls it as is
#
# Installs what it needs when missing (afl++ from apt when root, the sharpfuzz tool into fuzz/.build/tools), builds the
# harness fuzz/Squashfs.Fuzz in Release, instruments Squashfs.dll, runs afl-fuzz for SECONDS, then replays every crash
# and hang it saved. Exits 1, printing each crashing input and its exception, if the reader failed in any way other than
# InvalidDataException / NotSupportedException (IOException from the extraction target), or hung. Findings stay in
# fuzz/.build/findings (FUZZ_WORK overrides fuzz/.build); copy a crash to tests/Squashfs.Tests/Fuzz/ once fixed.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-180}"
work="${FUZZ_WORK:-$PWD/.build}"
mkdir -p "$work"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends afl++ >/dev/null || { apt-get update >/dev/null && apt-get install -y --no-install-recommends afl++ >/dev/null; }
  else
    echo "fuzz/run.sh: afl-fuzz is missing; install afl++ (apt-get install afl++)" >&2
    exit 1
  fi
fi

tools="$work/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

bin="$work/bin"
replay="$work/replay"
rm -rf "$bin" "$replay"
dotnet build Squashfs.Fuzz/Squashfs.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; echo "fuzz/run.sh: building the harness failed" >&2; exit 1; }
# Replays run without AFL, so they need the uninstrumented reader (instrumented code writes AFL's shared map).
cp -r "$bin" "$replay"
# Only our reader is instrumented: coverage of the codec packages would only dilute the map.
"$tools/sharpfuzz" "$bin/Squashfs.dll" >/dev/null

findings="$work/findings"
rm -rf "$findings" "$work/tmp"
# The harness's scratch folders: afl-fuzz ends its target with SIGKILL, so whatever it leaves stays in here.
mkdir -p "$work/tmp"
export TMPDIR="$work/tmp"
# dotnet is not an AFL-instrumented binary (SharpFuzz speaks the fork-server protocol itself); the machine is shared,
# so no CPU pinning or frequency checks; inputs come on stdin.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_FORKSRV_INIT_TMOUT=60000
echo "fuzz/run.sh: fuzzing for ${seconds}s (afl-fuzz $(dpkg-query -W -f '${Version}' afl++ 2>/dev/null || echo '?'))"
afl-fuzz -V "$seconds" -t 10000 -m none -i corpus -o "$findings" -- dotnet "$bin/Squashfs.Fuzz.dll" >"$work/afl.log" 2>&1 || {
  tail -n 40 "$work/afl.log" >&2
  echo "fuzz/run.sh: afl-fuzz failed to run" >&2
  exit 1
}

stats="$findings/default/fuzzer_stats"
stat() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "fuzz/run.sh: $(stat execs_done) executions ($(stat execs_per_sec)/s), $(stat corpus_count) paths, $(stat saved_crashes) crashes, $(stat saved_hangs) hangs, $(stat run_time)s"

mapfile -t crashes < <(find "$findings/default/crashes" "$findings/default/hangs" -type f -name 'id:*' 2>/dev/null | sort)
failed=0
for input in "${crashes[@]}"; do
  # A hang that replays within the time limit was the shared machine being slow, not the reader.
  if ! timeout 60 dotnet "$replay/Squashfs.Fuzz.dll" --replay "$input"; then
    echo "FUZZ FAILURE: $input (replay it: dotnet $replay/Squashfs.Fuzz.dll --replay '$input')" >&2
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "fuzz/run.sh: the reader crashed or hung on the inputs above" >&2
  exit 1
fi
echo "fuzz/run.sh: no crashes"
