#!/usr/bin/env bash
# Benchmarks our squashfs writer (`portable-service squash`) against `mksquashfs -processors $(nproc)` and
# `gensquashfs -j $(nproc)` on the same trees and codecs. Runs alternate between the tools within one session, so
# load from other processes hits all three alike; per tree and codec it prints the median wall time, CPU time, peak
# RSS and image size, and the ratios ours/mksquashfs and ours/gensquashfs against the targets of issue 6.
# Every image is listed with `unsquashfs -l` and compared with the source tree; our first image of each case is also
# extracted and compared byte for byte, so a fast broken image cannot win.
#
#   bench/run.sh                 the whole benchmark: 3 trees x 5 codecs x 3 runs, then the closure timing
#   bench/run.sh --quick         one run, runtime and small trees, xz 1M and gzip 9: a check in about two minutes
#   options: --runs N  --trees runtime,libs,small  --codecs xz-1M,xz-128K,gzip-9,zstd-15,lz4  --no-closure
#            --work DIR (keep generated trees and images there; default a fresh temp dir, removed at the end)
#            --report FILE (also write the markdown report there)
#            --jit (run a ReadyToRun publish of the CLI with `dotnet` instead of the Native AOT one: ~0.1 s more startup)
# Our CLI is published once for this machine with Native AOT (`dotnet publish -r RID -p:PublishAot=true`), as a
# release binary would be: it starts in ~30 ms where the JIT-hosted CLI takes ~130 ms.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
script=run.sh
source "$repo/bench/lib.sh"
jobs="$(nproc)"
runs=3
trees="runtime,libs,small"
codecs="xz-1M,xz-128K,gzip-9,zstd-15,lz4"
closure=1
jit=0
work=""
report=""

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) runs=1; trees="runtime,small"; codecs="xz-1M,gzip-9"; closure=0 ;;
    --runs) runs="$2"; shift ;;
    --trees) trees="$2"; shift ;;
    --codecs) codecs="$2"; shift ;;
    --no-closure) closure=0 ;;
    --jit) jit=1 ;;
    --work) work="$2"; shift ;;
    --report) report="$(realpath -m "$2")"; shift ;;
    -h|--help) bench_help "$0"; exit 0 ;;
    *) bench_unknown_argument "$1" ;;
  esac
  shift
done

bench_require "apt-get install squashfs-tools squashfs-tools-ng time perl clang" \
  mksquashfs gensquashfs unsquashfs dotnet perl /usr/bin/time $([ "$jit" = 1 ] || echo clang)
bench_workdir ps-bench
mkdir -p "$work/trees" "$work/img"
results="$work/results.tsv"
: > "$results"

# --- our CLI, compiled once in Release and run as a dll, never through `dotnet run` ---------------------------------
bench_publish_cli $([ "$jit" = 1 ] && echo --jit)

# --- trees ------------------------------------------------------------------------------------------------------------
# runtime_tree, libs_tree, small_tree
source "$repo/bench/trees.sh"

declare -A tree_path
IFS=, read -ra tree_list <<<"$trees"
for tree in "${tree_list[@]}"; do
  case "$tree" in
    runtime) tree_path[$tree]="$(runtime_tree)" ;;
    libs) tree_path[$tree]="$(libs_tree)" ;;
    small) tree_path[$tree]="$(small_tree)" ;;
    *) echo "run.sh: unknown tree $tree" >&2; exit 2 ;;
  esac
  [ -d "${tree_path[$tree]}" ] || { echo "run.sh: tree $tree not found" >&2; exit 1; }
  # The listing every image of this tree must show, and a first read so that all tools find the files cached.
  (cd "${tree_path[$tree]}" && find . -mindepth 1 | sed 's:^\./::' | LC_ALL=C sort) >"$work/$tree.list"
  find "${tree_path[$tree]}" -type f -print0 | xargs -0 cat >/dev/null
  log "tree $tree: ${tree_path[$tree]}, $(wc -l <"$work/$tree.list") entries, $(du -sm --apparent-size "${tree_path[$tree]}" | cut -f1) MiB"
done

# --- codecs: the same settings in each tool's syntax --------------------------------------------------------------------
# name -> "our --comp | block size | mksquashfs options | gensquashfs options"
declare -A codec_args=(
  # gensquashfs 1.2 rejects "dictsize=100%" although its help lists it; 100% of the block is its default.
  [xz-1M]="xz -Xdict-size 100%|1M|-comp xz -Xdict-size 100% -b 1M|-c xz -b 1048576"
  [xz-128K]="xz -Xdict-size 100%|128K|-comp xz -Xdict-size 100% -b 128K|-c xz -b 131072"
  [gzip-9]="gzip -Xcompression-level 9|1M|-comp gzip -Xcompression-level 9 -b 1M|-c gzip -X level=9 -b 1048576"
  [zstd-15]="zstd -Xcompression-level 15|1M|-comp zstd -Xcompression-level 15 -b 1M|-c zstd -X level=15 -b 1048576"
  [lz4]="lz4|1M|-comp lz4 -b 1M|-c lz4 -b 1048576"
)
IFS=, read -ra codec_list <<<"$codecs"
for codec in "${codec_list[@]}"; do
  [ -n "${codec_args[$codec]:-}" ] || { echo "run.sh: unknown codec $codec" >&2; exit 2; }
done

# Prints the command line of one tool for one case, one argument a line.
command_for() {
  local tool="$1" src="$2" codec="$3" out="$4" ours block mk gen
  IFS='|' read -r ours block mk gen <<<"${codec_args[$codec]}"
  case "$tool" in
    # --no-cache: this compares cold builds; bench/cache.sh measures the block cache.
    ours) printf '%s\n' "${cli[@]}" squash "$src" "$out" --comp "$ours" -b "$block" --processors "$jobs" --no-cache ;;
    mksquashfs) printf '%s\n' mksquashfs "$src" "$out" $mk -noappend -processors "$jobs" -quiet -no-progress ;;
    gensquashfs) printf '%s\n' gensquashfs -D "$src" $gen -j "$jobs" -f -q "$out" ;;
  esac
}

# Checks an image: unsquashfs must list exactly the source tree; with a third argument, extract and compare bytes.
verify() {
  local image="$1" tree="$2" deep="${3:-}"
  unsquashfs -l "$image" >"$work/listing.raw" 2>"$work/log/unsquashfs.txt" || { echo "unsquashfs -l failed on $image" >&2; return 1; }
  sed -n 's:^squashfs-root/::p' "$work/listing.raw" | LC_ALL=C sort >"$work/listing.txt"
  cmp -s "$work/listing.txt" "$work/$tree.list" || { echo "$image does not list the tree $tree" >&2; diff "$work/$tree.list" "$work/listing.txt" | head >&2; return 1; }
  if [ -n "$deep" ]; then
    rm -rf "$work/extract"
    unsquashfs -n -d "$work/extract" "$image" >/dev/null 2>&1 || { echo "unsquashfs cannot extract $image" >&2; return 1; }
    diff -r --no-dereference "${tree_path[$tree]}" "$work/extract" >/dev/null || { echo "$image differs from the tree $tree" >&2; return 1; }
    rm -rf "$work/extract"
  fi
}

# Runs one tool on one case under /usr/bin/time and appends: tree codec tool run wall user sys rss_kib size.
measure() {
  local tool="$1" tree="$2" codec="$3" run="$4" out="$work/img/$1.sqfs" command wall user sys rss
  mapfile -t command < <(command_for "$tool" "${tree_path[$tree]}" "$codec" "$out")
  rm -f "$out"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" "${command[@]}" >"$work/log/$tool.txt" 2>&1; then
    echo "run.sh: $tool failed on $tree/$codec:" >&2; cat "$work/log/$tool.txt" >&2; exit 1
  fi
  read -r wall user sys rss <"$work/time.txt"
  local size
  size="$(stat -c %s "$out")"
  if ! verify "$out" "$tree" "$([ "$tool" = ours ] && [ "$run" = 1 ] && echo deep)"; then
    # Ours must be right; a reference tool's unreadable image is reported as such instead of being compared.
    [ "$tool" = ours ] && exit 1
    size=unreadable
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tree" "$codec" "$tool" "$run" "$wall" "$user" "$sys" "$rss" "$size" >>"$results"
  log "$tree $codec run $run: $tool ${wall}s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')s CPU, $((rss / 1024)) MiB"
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
tools=(ours mksquashfs gensquashfs)
for tree in "${tree_list[@]}"; do
  for codec in "${codec_list[@]}"; do
    for run in $(seq 1 "$runs"); do
      # Rotate who goes first, so no tool always runs right after the same neighbour.
      for k in 0 1 2; do
        measure "${tools[$(((run - 1 + k) % 3))]}" "$tree" "$codec" "$run"
      done
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- closure + layout of ~1000 ELF binaries ---------------------------------------------------------------------------
closure_line=""
if [ "$closure" = 1 ]; then
  bins="$work/trees/bins"
  if [ ! -d "$bins" ]; then
    mkdir -p "$bins.tmp"
    # The first 1000 ELF files (programs and libraries) in byte order of their paths, hard-linked when possible.
    find /usr/bin /usr/sbin /usr/libexec /usr/lib/x86_64-linux-gnu -type f 2>/dev/null | LC_ALL=C sort >"$work/candidates.txt"
    perl -nle 'open my $f, "<", $_ or next; read $f, my $magic, 4; next unless $magic eq "\x7fELF"; print; exit if ++$n == 1000' \
      "$work/candidates.txt" >"$work/elf.txt"
    while read -r f; do
      name="$(echo "${f#/usr/}" | tr / _)"
      ln "$f" "$bins.tmp/$name" 2>/dev/null || cp "$f" "$bins.tmp/$name"
    done <"$work/elf.txt"
    mv "$bins.tmp" "$bins"
  fi
  printf '{ "pname": "bench", "version": "1", "units": [{ "name": "bench.service", "text": "[Service]\\nExecStart=/bin/true\\n" }], "contents": ["%s"] }\n' "$bins" >"$work/bench.json"
  log "closure: $(ls "$bins" | wc -l) ELF binaries"
  dotnet build "$repo/bench/ClosureTiming" -c Release -o "$work/closure-timing" --nologo -v quiet -clp:NoSummary >"$work/log/build-closure.txt" 2>&1 \
    || { cat "$work/log/build-closure.txt" >&2; exit 1; }
  rm -f "$work/closure-cli.txt"
  for run in $(seq 1 5); do
    /usr/bin/time -f '%e' -o "$work/time.txt" "${cli[@]}" closure --allow-missing "$work/bench.json" >/dev/null 2>&1
    cat "$work/time.txt" >>"$work/closure-cli.txt"
  done
  dotnet "$work/closure-timing/ClosureTiming.dll" "$work/bench.json" 5 >"$work/closure-stages.txt"
  closure_line="$(awk '{ print }' "$work/closure-stages.txt"); \`portable-service closure\` (whole process) median $(sort -n "$work/closure-cli.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }') s"
fi

# --- report -------------------------------------------------------------------------------------------------------------
{
  echo "Run of $started on $(hostname): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $jobs cores,"
  echo "$(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(uname -sr); load average $load_before before, $load_after after."
  echo "Commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src || echo ' (modified)'), $(mksquashfs -version | head -1),"
  echo "$(gensquashfs --version | head -1), .NET $(dotnet --list-runtimes | awk '/NETCore/ { v = $2 } END { print v }'), ours $([ "$jit" = 1 ] && echo "ReadyToRun publish run by dotnet" || echo "Native AOT publish")."
  echo "Medians of $runs run(s) per cell; ratios are ours / the other tool's medians."
  echo
  awk -F '\t' -v jobs="$jobs" -v names="$trees" -v order="$codecs" -f "$repo/bench/report.awk" "$results"
  if [ -n "$closure_line" ]; then
    echo
    echo "Closure of 1000 ELF binaries plus layout (target < 1 s): $closure_line."
  fi
} | tee "$work/report.md"
[ -z "$report" ] || cp "$work/report.md" "$report"
