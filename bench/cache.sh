#!/usr/bin/env bash
# Measures the block cache (issue 17) with our CLI (`portable-service squash`, a Native AOT publish). Per tree and
# codec, each run: a cold build with an empty cache and a cold build with --no-cache (in alternating order), then
# 1 MiB of the tree's largest file rewritten in a copy of the tree and that copy rebuilt with the warm cache, and
# built once more with --no-cache as the reference. It prints the medians and checks issue 17's targets: the rebuild
# takes at most 0.10 of the cold build's wall time, the empty cache costs at most 3% over --no-cache, and both the
# cold and the rebuilt images equal, byte for byte, the --no-cache images of the same trees.
#
#   bench/cache.sh                runtime tree, xz 1M, gzip 9 and zstd 15, 3 runs
#   options: --runs N  --trees runtime,libs  --codecs xz-1M,gzip-9,zstd-15  --work DIR  --report FILE
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
script=cache.sh
source "$repo/bench/lib.sh"
jobs="$(nproc)"
runs=3
trees="runtime"
codecs="xz-1M,gzip-9,zstd-15"
work=""
report=""

while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --trees) trees="$2"; shift ;;
    --codecs) codecs="$2"; shift ;;
    --work) work="$2"; shift ;;
    --report) report="$(realpath -m "$2")"; shift ;;
    -h|--help) bench_help "$0"; exit 0 ;;
    *) bench_unknown_argument "$1" ;;
  esac
  shift
done

bench_require "apt-get install time perl clang" dotnet clang perl /usr/bin/time
bench_workdir ps-cache-bench
mkdir -p "$work/trees" "$work/img"
# A fixed superblock time: otherwise each image says when it was made, and no two would compare equal.
export SOURCE_DATE_EPOCH=0
results="$work/cache-results.tsv"
: > "$results"
bench_publish_cli

# runtime_tree, libs_tree (small_tree too, but its files are each below a block: nothing to rewrite 1 MiB of).
source "$repo/bench/trees.sh"

# A copy of the tree with 1 MiB of its largest file, from offset 1 MiB, rewritten with seeded random bytes.
changed_tree() {
  local tree="$1" src="$2" dst="$work/trees/$1-changed"
  if [ ! -d "$dst" ]; then
    cp -a "$src" "$dst.tmp"
    local largest
    largest="$(find "$dst.tmp" -type f -printf '%s\t%p\n' | sort -n | tail -1 | cut -f2)"
    perl -e 'srand(17); print pack("C*", map { int rand 256 } 1 .. 1048576)' \
      | dd of="$largest" bs=1M seek=1 count=1 conv=notrunc status=none
    log "tree $tree-changed: 1 MiB of ${largest#"$dst.tmp/"} rewritten"
    mv "$dst.tmp" "$dst"
  fi
  echo "$dst"
}

declare -A codec_args=(
  [xz-1M]="xz -Xdict-size 100%|1M"
  [xz-128K]="xz -Xdict-size 100%|128K"
  [gzip-9]="gzip -Xcompression-level 9|1M"
  [zstd-15]="zstd -Xcompression-level 15|1M"
  [lz4]="lz4|1M"
)

# Runs one build under /usr/bin/time; appends: tree codec case run wall cpu cached_blocks.
build() {
  local tree="$1" codec="$2" case="$3" run="$4" src="$5" out="$6" comp block wall user sys cached
  shift 6
  IFS='|' read -r comp block <<<"${codec_args[$codec]}"
  rm -f "$out"
  /usr/bin/time -f '%e %U %S' -o "$work/time.txt" "${cli[@]}" squash "$src" "$out" --comp "$comp" -b "$block" --processors "$jobs" --json "$@" \
    >"$work/log/squash.json" 2>"$work/log/squash.err" || { cat "$work/log/squash.err" >&2; exit 1; }
  if [ -s "$work/log/squash.err" ]; then
    echo "cache.sh: $tree $codec $case printed:" >&2; cat "$work/log/squash.err" >&2; exit 1
  fi
  read -r wall user sys <"$work/time.txt"
  cached="$(sed -n 's/.*"cachedBlocks":\([0-9]*\).*/\1/p' "$work/log/squash.json")"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tree" "$codec" "$case" "$run" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$cached" >>"$results"
  log "$tree $codec run $run: $case ${wall}s wall, $cached blocks from the cache"
}

same() {
  cmp -s "$1" "$2" || { echo "cache.sh: $1 and $2 differ" >&2; exit 1; }
}

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u '+%Y-%m-%d %H:%M UTC')"
IFS=, read -ra tree_list <<<"$trees"
IFS=, read -ra codec_list <<<"$codecs"
for tree in "${tree_list[@]}"; do
  case "$tree" in
    runtime) src="$(runtime_tree)" ;;
    libs) src="$(libs_tree)" ;;
    *) echo "cache.sh: unknown tree $tree (runtime or libs)" >&2; exit 2 ;;
  esac
  changed="$(changed_tree "$tree" "$src")"
  find "$src" "$changed" -type f -print0 | xargs -0 cat >/dev/null
  for codec in "${codec_list[@]}"; do
    [ -n "${codec_args[$codec]:-}" ] || { echo "cache.sh: unknown codec $codec" >&2; exit 2; }
    for run in $(seq 1 "$runs"); do
      cache="$work/cache"
      rm -rf "$cache"
      # Alternate which cold build goes first, so neither always follows the same neighbour.
      if [ $((run % 2)) = 1 ]; then
        build "$tree" "$codec" cold-empty-cache "$run" "$src" "$work/img/cold.sqfs" --cache "$cache"
        build "$tree" "$codec" cold-no-cache "$run" "$src" "$work/img/nocache.sqfs" --no-cache
      else
        build "$tree" "$codec" cold-no-cache "$run" "$src" "$work/img/nocache.sqfs" --no-cache
        build "$tree" "$codec" cold-empty-cache "$run" "$src" "$work/img/cold.sqfs" --cache "$cache"
      fi
      same "$work/img/cold.sqfs" "$work/img/nocache.sqfs"
      build "$tree" "$codec" rebuild-warm-cache "$run" "$changed" "$work/img/rebuilt.sqfs" --cache "$cache"
      build "$tree" "$codec" changed-no-cache "$run" "$changed" "$work/img/reference.sqfs" --no-cache
      same "$work/img/rebuilt.sqfs" "$work/img/reference.sqfs"
    done
  done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

{
  echo "Run of $started on $(hostname): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $jobs cores;"
  echo "load average $load_before before, $load_after after. Commit $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- src || echo ' (modified)'),"
  echo "ours Native AOT publish. Medians of $runs run(s). Every cold image with an empty cache equalled the --no-cache image, and"
  echo "every rebuilt image the --no-cache image of the changed tree, byte for byte (cmp)."
  echo
  awk -f "$repo/bench/cache-report.awk" "$results"
} | tee "$work/cache-report.md"
[ -z "$report" ] || cp "$work/cache-report.md" "$report"
