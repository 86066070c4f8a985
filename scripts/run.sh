#!/usr/bin/env bash
# Installs what is missing, builds in Release, and runs the baseline scenario, writing
# output/baseline.h5 and printing a summary. Extra arguments go to `dealsim run`, e.g.
#   scripts/run.sh --reps 2000 --threads 2
set -euo pipefail
cd "$(dirname "$0")/.."
echo "run.sh: checking the Debian packages dealsim needs (a bare machine installs them: minutes)" >&2
scripts/setup.sh
scripts/build.sh >/dev/null
echo "run.sh: running the baseline" >&2
exec build/dealsim run scenarios/baseline.yaml --force "$@"
