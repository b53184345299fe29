# The benchmark trees, shared by run.sh and cache.sh; sourced with $work set. Each function prints the tree's path,
# generating it under $work/trees on first use.

runtime_tree() {
  # The newest Microsoft.NETCore.App on the machine (~78 MiB), used in place.
  ls -d /usr/share/dotnet/shared/Microsoft.NETCore.App/*/ 2>/dev/null | sort -V | tail -1 | sed 's:/$::'
}

libs_tree() {
  # ~300 MiB of shared libraries: regular *.so* files of /usr/lib/x86_64-linux-gnu under 24 MiB each (so that a few
  # giants such as libLLVM or the mesa megadriver's copies do not make up the tree), in byte order of their paths,
  # taken until 300 MiB are reached, copied with their relative paths. On Debian 12 that is 910 files, 288 MiB.
  local dst="$work/trees/libs" src=/usr/lib/x86_64-linux-gnu
  if [ ! -d "$dst" ]; then
    mkdir -p "$dst.tmp"
    (cd "$src" && find . -type f -name '*.so*' -size -24M -printf '%s\t%P\n' | LC_ALL=C sort -t $'\t' -k2 \
      | awk -F '\t' -v limit=$((300 * 1048576)) 'total >= limit { exit } { total += $1; print $2 }' \
      | xargs -d '\n' cp --parents -t "$dst.tmp")
    mv "$dst.tmp" "$dst"
  fi
  echo "$dst"
}

small_tree() {
  # 20,000 files of 128 B to 8 KiB in 100 directories: text-like words from a seeded generator, so they compress.
  local dst="$work/trees/small"
  if [ ! -d "$dst" ]; then
    mkdir -p "$dst.tmp"
    perl -e '
      srand(6);
      my @letters = ("a" .. "z");
      my @words = map { join "", map { $letters[rand @letters] } 1 .. 2 + int rand 9 } 1 .. 4096;
      for my $i (0 .. 19999) {
        my $dir = sprintf "%s/d%02d", $ARGV[0], $i % 100;
        mkdir $dir;
        my $size = 128 + int rand(8192 - 128 + 1);
        my $text = "";
        while (length $text < $size) {
          $text .= join(" ", map { $words[rand @words] } 1 .. 8) . (rand() < 0.3 ? " " . int(rand 1e6) : "") . "\n";
        }
        open my $fh, ">", sprintf("%s/f%05d.txt", $dir, $i) or die $!;
        print $fh substr($text, 0, $size);
        close $fh;
      }' "$dst.tmp"
    mv "$dst.tmp" "$dst"
  fi
  echo "$dst"
}
