#!/usr/bin/env bash
# Regenerates tests/golden/*.txt from the current model, on purpose: review the diff before
# committing it, since every changed number is a changed result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
DEALSIM_REGENERATE_GOLDENS=1 build/tests/dealsim_model_tests "[golden]"
git --no-pager diff --stat -- tests/golden || true
