# Turns bench/cache.sh's results (tree codec case run wall cpu cached_blocks, tab-separated) into its markdown table:
# per tree and codec the median wall and CPU time of each case, and issue 17's two ratios. Under load from other
# processes wall times swing more than the 3% being checked, so the CPU ratio is printed beside the wall one.
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
}

END {
  print "| tree | codec | cold, empty cache: wall s / CPU s | cold, --no-cache: wall s / CPU s | empty / no cache, wall (≤ 1.03) | same, CPU | rebuild, warm cache: wall s / CPU s | rebuild / cold, wall (≤ 0.10) | blocks from cache | changed tree, --no-cache: wall s |"
  print "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  for (c = 1; c <= cases; c++) {
    split(order[c], k, SUBSEP)
    p = order[c] SUBSEP
    cw = median(wall[p "cold-empty-cache"]); cc = median(cpu[p "cold-empty-cache"])
    nw = median(wall[p "cold-no-cache"]); nc = median(cpu[p "cold-no-cache"])
    rw = median(wall[p "rebuild-warm-cache"]); rc = median(cpu[p "rebuild-warm-cache"])
    printf "| %s | %s | %.2f / %.2f | %.2f / %.2f | %.3f %s | %.3f | %.2f / %.2f | %.3f %s | %s | %.2f |\n", \
      k[1], k[2], cw, cc, nw, nc, cw / nw, mark(cw / nw <= 1.03), cc / nc, rw, rc, rw / cw, mark(rw / cw <= 0.10), cached[order[c]], median(wall[p "changed-no-cache"])
  }
}
