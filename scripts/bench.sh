#!/usr/bin/env bash
# Builds Release and runs the project's benchmarks, printing the figures that the issues set bars
# for. Each line compares dealsim with a reference measured in the same run, so ratios hold on a
# noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null

echo "== engine: hold model, 5 million events, one thread (median of 5 alternating rounds)"
build/tests/dealsim_bench_hold 5000000 1000 10000 1000000
