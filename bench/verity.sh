#!/usr/bin/env bash
# Verity's cost (issue 15: at most 5 % of the build time of the .NET runtime folder). `portable-service build` of the
# runtime tree (as contents of a one-unit portable service, xz 1M, --no-cache) plain, with --verity, and with --verity
# signed by an RSA key, alternating the order run by run; prints per case the median wall and CPU time and the ratio to
# the plain build. Every verity build is checked with `veritysetup verify` when veritysetup is there.
#
#   bench/verity.sh                  3 runs (about 4 minutes on 2 idle cores)
#   options: --runs N  --codec xz-1M|gzip-9|zstd-15  --work DIR  --report FILE
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
script=verity.sh
source "$repo/bench/lib.sh"
runs=3
codec="xz-1M"
work=""
report=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --codec) codec="$2"; shift ;;
    --work) work="$2"; shift ;;
    --report) report="$(realpath -m "$2")"; shift ;;
    -h|--help) bench_help "$0"; exit 0 ;;
    *) bench_unknown_argument "$1" ;;
  esac
  shift
done
bench_require "apt-get install time clang openssl" dotnet clang openssl /usr/bin/time
case "$codec" in
  xz-1M) comp="xz -Xdict-size 100%" ;;
  gzip-9) comp="gzip -Xcompression-level 9" ;;
  zstd-15) comp="zstd -Xcompression-level 15" ;;
  *) echo "verity.sh: unknown codec $codec" >&2; exit 2 ;;
esac

bench_workdir ps-verity-bench
mkdir -p "$work/out"
export SOURCE_DATE_EPOCH=0
bench_publish_cli

source "$repo/bench/trees.sh"
src="$(runtime_tree)"
find "$src" -type f -print0 | xargs -0 cat >/dev/null
printf '[Service]\nType=oneshot\nExecStart=/usr/bin/true\n' >"$work/bench.service"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -subj /CN=bench -days 3650 2>/dev/null

results="$work/results.tsv"
: >"$results"
build() {
  local case="$1" run="$2" wall user sys
  shift 2
  rm -rf "$work/out"/*
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "${cli[@]}" build --pname bench --version 1 --unit "$work/bench.service" \
    --content "$src:/opt/dotnet" --squash-compression "$comp" --no-cache -o "$work/out" --quiet "$@" \
    2>"$work/log/build.err" || { cat "$work/log/build.err" >&2; exit 1; }
  read -r wall user sys <"$work/time.txt"
  if [ "$case" != plain ] && command -v veritysetup >/dev/null; then
    veritysetup verify "$work/out/bench_1.raw" "$work/out/bench_1.verity" "$(cat "$work/out/bench_1.roothash")" \
      || { echo "verity.sh: veritysetup verify failed for $case run $run" >&2; exit 1; }
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$case" "$run" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(stat -c %s "$work/out/bench_1.raw")" >>"$results"
  log "$case run $run: ${wall}s wall"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
for run in $(seq 1 "$runs"); do
  cases=(plain verity signed)
  # Rotate the order run by run, so a load change hits every case alike.
  for i in 0 1 2; do
    c="${cases[$(( (i + run) % 3 ))]}"
    case "$c" in
      plain) build plain "$run" ;;
      verity) build verity "$run" --verity ;;
      signed) build signed "$run" --verity --private-key "$work/key.pem" --certificate "$work/cert.pem" ;;
    esac
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "Run of $started on $(hostname): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores;"
  echo "load average $load_before before, $load_after after. Commit $(git -C "$repo" rev-parse --short HEAD), ours Native AOT publish;"
  echo "the .NET runtime folder ($(du -sm "$src" | cut -f1) MiB) with $codec, --no-cache. Medians of $runs run(s)."
  echo
  awk -F '\t' '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    { wall[$1] = wall[$1] " " $3; cpu[$1] = cpu[$1] " " $4; size[$1] = $5 }
    END {
      print "| case | wall s | CPU s | wall / plain (≤ 1.05) | CPU / plain | image bytes |"
      print "| --- | ---: | ---: | ---: | ---: | ---: |"
      pw = median(wall["plain"]); pc = median(cpu["plain"])
      split("plain verity signed", order, " ")
      for (k = 1; k <= 3; k++) {
        c = order[k]; w = median(wall[c]); u = median(cpu[c])
        printf "| %s | %.2f | %.2f | %.3f%s | %.3f | %d |\n", c, w, u, w / pw, (c == "plain" ? "" : (w / pw <= 1.05 ? " ✓" : " ✗")), u / pc, size[c]
      }
    }' "$results"
} | tee "$work/report.md"
[ -z "$report" ] || cp "$work/report.md" "$report"
