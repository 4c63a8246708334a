#!/usr/bin/env bash
# Machine instructions per simulated request on the sofoot scenario, for a
# built checkout of this project (default: this one):
#   bash bench/instructions-per-request.sh [checkout-dir]
# Why instructions and not seconds: this machine's speed drifts by ±20%
# from one minute to the next, while valgrind's instruction count is
# deterministic. Two runs (200 s and 500 s of sofoot's constant-rate
# phase, 767 requests/s) are subtracted, which removes start-up and
# compilation. The workload is this checkout's frozen copy of the 2014
# sofoot scenario (bench/sofoot-instructions.json), whatever the checkout
# measured, so that two checkouts are compared on the same requests. Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail
dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    node --single-threaded "$here/instructions-run.mjs" "$dir" "$1" 2>&1 |
    grep -E 'I\s+refs' | awk '{gsub(",", "", $4); print $4}'
}
short=$(count 200)
long=$(count 500)
# 300 s more of arrivals at 767/s: 230,100 requests.
echo "$dir: sofoot $(( (long - short) / 230100 )) instructions per request"
