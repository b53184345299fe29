#!/usr/bin/env bash
# Runs the whole test suite against the real tools (installs them first when run as root), then a short fuzz run of the
# squashfs reader (FUZZ_SECONDS, default 120; 0 skips it), and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
if [ "$(id -u)" -eq 0 ]; then
  bash scripts/install-test-deps.sh || { echo "installing the test prerequisites failed"; echo "0 passed, 1 failed"; exit 1; }
else
  echo "test.sh: not root, so prerequisites are not installed and tests that mount images will fail" >&2
fi

results="$(mktemp -d)"
dotnet test PortableService.slnx --logger "trx" --results-directory "$results" "$@" 2>&1 | tee "$results/console.log"
status=${PIPESTATUS[0]}

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# A short coverage-guided fuzz of the squashfs reader (AFL++ + SharpFuzz; it installs afl++, so root only) counts as one test.
if [ "$(id -u)" -eq 0 ] && [ "${FUZZ_SECONDS:-120}" != 0 ]; then
  if bash fuzz/run.sh "${FUZZ_SECONDS:-120}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
fi

# A test host that crashed or a build that failed reports no counts: count it as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
rm -rf "$results"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
