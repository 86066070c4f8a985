#!/usr/bin/env bash
# Builds Release and runs the project's benchmarks, printing the figures that the issues set bars
# for. Each comparison is measured in the same run, so ratios hold on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
scripts/build.sh >/dev/null

echo "== engine: hold model, 5 million events, one thread (median of 5 alternating rounds)"
hold=$(build/tests/dealsim_bench_hold 5000000 1000 10000 1000000)
echo "$hold"

echo "== engine against SimPy: the same hold model, N=1000, 1 million events (median of 3)"
simpy=$(for _ in 1 2 3; do /usr/bin/python3 tests/bench/simpy_hold.py 1000000 1000; done | sort -g | sed -n 2p)
dealsim=$(echo "$hold" | awk '/^hold N=1000:/ {print $4}')
awk -v d="$dealsim" -v s="$simpy" \
  'BEGIN {printf "hold N=1000: dealsim %.2e ev/s, SimPy %.2e ev/s, dealsim/SimPy %.1f\n", d, s, d / s}'
