#!/usr/bin/env bash
# Like bench/instructions-per-request.sh, over a window three times longer:
#   bash bench/instructions-per-request-long.sh [checkout-dir]
# The frozen sofoot workload (bench/sofoot-instructions.json) with its
# traffic held at 767 requests/s throughout (bench/instructions-long-run.mjs);
# two runs, 150 s and 1,000 s, subtracted: 651,950 requests. Why: valgrind's
# count moves from run to run with V8's compilation and GC timing, by about
# ±50 instructions per request over the standard window (230,100 requests)
# and by about ±20 over this one (1 December 2026). Takes about 2 minutes.
set -euo pipefail
dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    node --single-threaded "$here/instructions-long-run.mjs" "$dir" "$1" 2>&1 |
    grep -E 'I\s+refs' | awk '{gsub(",", "", $4); print $4}'
}
short=$(count 150)
long=$(count 1000)
# 850 s more of arrivals at 767/s: 651,950 requests.
echo "$dir: sofoot (767/s held) $(( (long - short) / 651950 )) instructions per request"
