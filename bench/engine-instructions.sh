#!/usr/bin/env bash
# Machine instructions of the engine alone, for a built checkout (default: this one):
#   bash bench/engine-instructions.sh [checkout-dir]
# an M/M/8 request (ρ = 0.8) through two minimal components on the engine
# (no model: compare bench/mmc-instructions.sh), and a pop + push of the
# hold model with 25 and 10,000 events pending. Two run lengths are
# subtracted (start-up and compilation cancel). Needs valgrind.
set -euo pipefail
dir=$(cd "${1:-$(dirname "$0")/..}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
    node --single-threaded "$here/engine-instructions-run.mjs" "$dir" "$@" 2>&1 |
    grep -E 'I\s+refs' | awk '{gsub(",", "", $4); print $4}'
}
short=$(count mmc 200000); long=$(count mmc 1200000)
echo "$dir: engine-only M/M/8 $(( (long - short) / 1000000 )) instructions per request"
for pending in 25 10000; do
  short=$(count hold "$pending" 200000); long=$(count hold "$pending" 1200000)
  echo "$dir: hold model, $pending pending: $(( (long - short) / 1000000 )) instructions per pop + push"
done
