#!/usr/bin/env bash
# Makes the profile of a profile-guided build (GCC): builds an instrumented dealsim in
# build/pgo/instrumented, runs the training workloads with it and leaves the profile in
# build/pgo/profile. scripts/build.sh and scripts/test.sh then compile build/ with it
# (-DDEALSIM_PGO=use). The training is what analysts run most: the baseline and each alternative
# scenario, with and without a ledger, on one thread and two; a Sobol sweep; an ABC-SMC
# calibration; summaries. About 20 s, and only when the instrumented build changed; set DEALSIM_PGO=0 to build without a profile.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD/build/pgo
profile=$root/profile
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f $root/instrumented/CMakeCache.txt ]] && generator=(-G Ninja)
cmake -S . -B "$root/instrumented" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release -DDEALSIM_TESTS=OFF \
  -DDEALSIM_BENCHMARKS=OFF -DDEALSIM_PGO=generate -DDEALSIM_PGO_PROFILE="$profile" >/dev/null
source scripts/build_progress.sh
build_with_progress pgo.sh "$root/instrumented" dealsim

dealsim=$root/instrumented/dealsim
# A profile made by this instrumented build is still the one to use.
[[ -f $profile/complete && $profile/complete -nt $dealsim ]] && exit 0

echo "pgo.sh: training the profile-guided build (about 10 s)" >&2
# Counts add up over runs: each training starts from an empty profile.
rm -rf "$profile"
mkdir -p "$profile"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
train() { "$dealsim" "$@" --quiet >/dev/null; }

train run scenarios/baseline.yaml --reps 3000 --threads 1 --out "$work/baseline.h5"
train run scenarios/baseline.yaml --reps 500 --threads 2 --ledger --out "$work/ledger.h5"
for scenario in scenarios/*.yaml; do
  train run "$scenario" --reps 300 --threads 2 --out "$work/alternative.h5" --force
done
"$dealsim" summary "$work/baseline.h5" --all >/dev/null
sed -e "s|scenario: ../baseline.yaml|scenario: $PWD/scenarios/baseline.yaml|" -e 's/^  points: .*/  points: 8/' \
  scenarios/sweeps/sobol.yaml >"$work/sobol.yaml"
train sweep "$work/sobol.yaml" --threads 2 --out "$work/sobol.h5"
sed -e "s|scenario: ../baseline.yaml|scenario: $PWD/scenarios/baseline.yaml|" \
  -e 's/particles: [0-9]*/particles: 60/' -e 's/max_generations: [0-9]*/max_generations: 2/' \
  scenarios/calibration/baseline.yaml >"$work/calibration.yaml"
train calibrate "$work/calibration.yaml" --threads 2 --out "$work/calibration.h5"
touch "$profile/complete"
