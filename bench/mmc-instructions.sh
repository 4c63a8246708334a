#!/usr/bin/env bash
# Machine instructions per simulated M/M/8 request (ρ = 0.8), through the
# full model and through the bare loop, for a built checkout of this
# project (default: this one):
#   bash bench/mmc-instructions.sh [checkout-dir]
# Why instructions: see bench/instructions-per-request.sh. Two runs (200,000
# and 1,200,000 requests) are subtracted, which removes start-up and
# compilation. Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail
dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    node --single-threaded "$here/mmc-instructions-run.mjs" "$dir" "$1" "$2" 2>&1 |
    grep -E 'I\s+refs' | awk '{gsub(",", "", $4); print $4}'
}
for mode in engine bare; do
  short=$(count "$mode" 200000)
  long=$(count "$mode" 1200000)
  echo "$dir: M/M/8 $mode $(( (long - short) / 1000000 )) instructions per request"
done
