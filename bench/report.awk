# Turns bench/run.sh's results (tree codec tool run wall user sys rss_kib size, tab-separated) into two markdown
# tables: the medians per tool, and the ratios ours/mksquashfs and ours/gensquashfs checked against issue 6's targets.
# Variables: jobs (cores), names (trees, comma-separated, in order), order (codecs, likewise).

function median(key,    n, i, j, v, t) {
  n = count[key]
  for (i = 1; i <= n; i++) v[i] = values[key, i]
  for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] > v[j]; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function add(key, value) { values[key, ++count[key]] = value }

function mark(ok) { return ok ? " ✓" : " ✗" }

# The wall-time target ours/mksquashfs of a case, or 0 when the issue sets none.
function wall_target(tree, codec) {
  if (tree == "small") return 0.80
  if (codec == "xz-1M") return 0.90
  if (codec == "gzip-9") return 0.60
  if (codec == "zstd-15") return 0.90
  if (codec == "lz4") return 1.0
  return 0
}

{
  key = $1 SUBSEP $2 SUBSEP $3
  add(key SUBSEP "wall", $5)
  add(key SUBSEP "cpu", $6 + $7)
  add(key SUBSEP "rss", $8 / 1024)
  if ($9 == "unreadable") bad[key] = 1; else add(key SUBSEP "size", $9)
  seen[key] = 1
}

END {
  nt = split(names, trees, ",")
  nc = split(order, codecs, ",")
  split("ours mksquashfs gensquashfs", tools, " ")

  print "| tree | codec | tool | wall s | CPU s | CPU busy | peak RSS MiB | image bytes |"
  print "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for (a = 1; a <= nt; a++) for (b = 1; b <= nc; b++) for (c = 1; c <= 3; c++) {
    key = trees[a] SUBSEP codecs[b] SUBSEP tools[c]
    if (!(key in seen)) continue
    w = median(key SUBSEP "wall"); u = median(key SUBSEP "cpu")
    m[key, "wall"] = w; m[key, "cpu"] = u; m[key, "rss"] = median(key SUBSEP "rss"); m[key, "size"] = median(key SUBSEP "size")
    busy = w > 0 ? 100 * u / (w * jobs) : 0
    printf "| %s | %s | %s | %.2f | %.2f | %.0f%% | %.0f | %s |\n", trees[a], codecs[b], tools[c], w, u, busy, m[key, "rss"], (key in bad) ? "unreadable by unsquashfs" : sprintf("%d", m[key, "size"])
  }

  print ""
  print "| tree | codec | wall ours/mk (target) | wall ours/gen | CPU ours/mk | size ours/mk (≤ 1.005) | size ours/gen | RSS ours MiB (≤ 100) | RSS ours/mk | CPU busy ours (xz ≥ 90%) |"
  print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (a = 1; a <= nt; a++) for (b = 1; b <= nc; b++) {
    o = trees[a] SUBSEP codecs[b] SUBSEP "ours"; k = trees[a] SUBSEP codecs[b] SUBSEP "mksquashfs"; g = trees[a] SUBSEP codecs[b] SUBSEP "gensquashfs"
    if (!(o in seen) || !(k in seen) || !(g in seen)) continue
    wr = m[o, "wall"] / m[k, "wall"]; t = wall_target(trees[a], codecs[b])
    sr = m[o, "size"] / m[k, "size"]
    busy = 100 * m[o, "cpu"] / (m[o, "wall"] * jobs)
    # A reference image that unsquashfs cannot read is not a result to compare with.
    gw = (g in bad) ? "(unreadable)" : sprintf("%.2f", m[o, "wall"] / m[g, "wall"])
    gs = (g in bad) ? "(unreadable)" : sprintf("%.4f", m[o, "size"] / m[g, "size"])
    printf "| %s | %s | %.2f%s | %s | %.2f | %.4f%s | %s | %.0f%s | %.2f | %s |\n", trees[a], codecs[b], \
      wr, t ? sprintf(" (%.2f)%s", t, mark(wr <= t)) : "", gw, m[o, "cpu"] / m[k, "cpu"], \
      sr, mark(sr <= 1.005), gs, m[o, "rss"], mark(m[o, "rss"] <= 100), m[o, "rss"] / m[k, "rss"], \
      codecs[b] ~ /^xz/ ? sprintf("%.0f%%%s", busy, mark(busy >= 90)) : sprintf("%.0f%%", busy)
  }

  # Memory must not grow with the input: the libraries tree is ~4x the runtime folder.
  flat = ""
  for (b = 1; b <= nc; b++) {
    r = "runtime" SUBSEP codecs[b] SUBSEP "ours"; l = "libs" SUBSEP codecs[b] SUBSEP "ours"
    if ((r in seen) && (l in seen)) flat = flat sprintf("%s %s%.2f%s", flat == "" ? "" : ",", codecs[b] " ", m[l, "rss"] / m[r, "rss"], mark(m[l, "rss"] / m[r, "rss"] <= 1.10))
  }
  if (flat != "") { print ""; print "Peak RSS of ours, libs tree / runtime tree (≤ 1.10):" flat "." }
}
