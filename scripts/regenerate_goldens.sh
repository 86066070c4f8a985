#!/usr/bin/env bash
# Regenerates tests/golden/*.txt (summaries of every shipped scenario) and
# tests/golden/baseline_1000.datasets (a digest of every dataset of a 1,000-replication baseline
# run) from the current model, on purpose: review the diff before committing it, since every
# changed number is a changed result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
DEALSIM_REGENERATE_GOLDENS=1 build/tests/dealsim_model_tests "[golden]"
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
build/dealsim run scenarios/baseline.yaml --reps 1000 --threads 2 --quiet --out "$run/baseline.h5" >/dev/null
/usr/bin/python3 scripts/dataset_digest.py "$run/baseline.h5" > tests/golden/baseline_1000.datasets
git --no-pager diff --stat -- tests/golden || true
