# Turns bench/cache.sh's results (tree codec case run wall cpu cached_blocks, tab-separated) into its markdown table:
# per tree and codec the median wall and CPU time of each case, and issue 17's two ratios. Each ratio is the median of
# the runs' own ratios, of builds made one after the other: this VM's speed drifts by 10-20% from one minute to the
# next (neighbours on the host), more than the 3% being checked, and a ratio of two medians taken minutes apart
# measures the drift. The CPU ratio is printed beside the wall one.
BEGIN { FS = "\t" }

function median(list,   n, i, j, t, v) {
  n = split(list, v, " ")
  for (i = 2; i <= n; i++) { t = v[i]; for (j = i - 1; j >= 1 && v[j] + 0 > t + 0; j--) v[j + 1] = v[j]; v[j + 1] = t }
  return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function mark(ok) { return ok ? "✓" : "✗" }

{
  key = $1 SUBSEP $2 SUBSEP $3
  wall[key] = (key in wall ? wall[key] " " : "") $5
  cpu[key] = (key in cpu ? cpu[key] " " : "") $6
  if ($3 == "rebuild-warm-cache") cached[$1 SUBSEP $2] = $7
  if (!(($1 SUBSEP $2) in seen)) { seen[$1 SUBSEP $2] = 1; order[++cases] = $1 SUBSEP $2 }
  run[key SUBSEP $4 SUBSEP "wall"] = $5
  run[key SUBSEP $4 SUBSEP "cpu"] = $6
  runs[$1 SUBSEP $2 SUBSEP $4] = 1
}

# The median over the runs of tree and codec p (ending in SUBSEP) of case a's measure over case b's.
function paired(p, a, b, measure,   r, list, n) {
  list = ""
  for (r in runs) {
    if (index(r SUBSEP, p) != 1) continue
    n = substr(r, length(p) + 1)
    list = list (list == "" ? "" : " ") run[p a SUBSEP n SUBSEP measure] / run[p b SUBSEP n SUBSEP measure]
  }
  return median(list)
}

END {
  print "| tree | codec | cold, empty cache: wall s / CPU s | cold, --no-cache: wall s / CPU s | empty / no cache, wall (≤ 1.03), median of the runs' | same, CPU | rebuild, warm cache: wall s / CPU s | rebuild / cold, wall (≤ 0.10), median of the runs' | blocks from cache | changed tree, --no-cache: wall s |"
  print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (c = 1; c <= cases; c++) {
    split(order[c], k, SUBSEP)
    p = order[c] SUBSEP
    cw = median(wall[p "cold-empty-cache"]); cc = median(cpu[p "cold-empty-cache"])
    nw = median(wall[p "cold-no-cache"]); nc = median(cpu[p "cold-no-cache"])
    rw = median(wall[p "rebuild-warm-cache"]); rc = median(cpu[p "rebuild-warm-cache"])
    empty = paired(p, "cold-empty-cache", "cold-no-cache", "wall"); emptyCpu = paired(p, "cold-empty-cache", "cold-no-cache", "cpu")
    rebuild = paired(p, "rebuild-warm-cache", "cold-empty-cache", "wall")
    printf "| %s | %s | %.2f / %.2f | %.2f / %.2f | %.3f %s | %.3f | %.2f / %.2f | %.3f %s | %s | %.2f |\n", \
      k[1], k[2], cw, cc, nw, nc, empty, mark(empty <= 1.03), emptyCpu, rw, rc, rebuild, mark(rebuild <= 0.10), cached[order[c]], median(wall[p "changed-no-cache"])
  }
}
