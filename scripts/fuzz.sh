#!/usr/bin/env bash
# Runs the libFuzzer targets over scenario, sweep and calibration files, each for SECONDS (default 60),
# one after the other, with AddressSanitizer and UndefinedBehaviorSanitizer.
#   scripts/fuzz.sh [SECONDS] [scenario|sweep|calibration]...
# Seeds come from the shipped scenarios and sweeps and the saved regression cases; what the
# fuzzer learns is kept in build-fuzz/corpus/<target>/ (not in git). A finding stops the run with
# exit 1 and leaves the input as build-fuzz/crash-*, leak-*, timeout-* or oom-*: save it under
# tests/fuzz/regressions/<target>/ with a name saying what it broke, fix the code, and the replay
# test (dealsim_model_tests "[fuzz]") keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -ge 1 ]] || {
  echo "fuzz.sh: SECONDS must be a whole number of seconds, at least 1 (got '$seconds')" >&2
  exit 2
}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(scenario sweep calibration)
for target in "${targets[@]}"; do
  [[ "$target" == scenario || "$target" == sweep || "$target" == calibration ]] || {
    echo "fuzz.sh: unknown target '$target' (expected scenario, sweep or calibration)" >&2
    exit 2
  }
done

scripts/setup.sh --fuzz
echo "fuzz.sh: building the fuzz targets in build-fuzz/ (clang, ASan+UBSan)" >&2
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f build-fuzz/CMakeCache.txt ]] && generator=(-G Ninja)
cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DDEALSIM_FUZZ=ON \
  -DDEALSIM_TESTS=OFF -DDEALSIM_BENCHMARKS=OFF -DDEALSIM_MPI=OFF >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in "${targets[@]}"; do
  corpus=build-fuzz/corpus/$target
  log=build-fuzz/fuzz-$target.$$.log  # one per run: runs may overlap
  seeds=build-fuzz/seeds/$target
  mkdir -p "$corpus" "$seeds"
  if [[ $target == scenario ]]; then
    cp scenarios/*.yaml tests/scenarios/valid/*.yaml tests/scenarios/invalid/*.yaml "$seeds/"
  elif [[ $target == sweep ]]; then
    cp scenarios/sweeps/*.yaml tests/sweeps/invalid/*.yaml "$seeds/"
  else
    cp scenarios/calibration/*.yaml tests/calibrations/*.yaml tests/calibrations/invalid/*.yaml "$seeds/"
  fi
  cp tests/fuzz/regressions/"$target"/* "$seeds/" 2>/dev/null || true
  echo "fuzz.sh: fuzzing $target files for $seconds s" >&2
  # -timeout: a sweep input loads its base scenario and checks every extreme, seconds under ASan
  # on a busy machine; a hang runs far longer. -rss_limit_mb: the input limits keep far below it.
  build-fuzz/tests/fuzz/fuzz_"$target" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=30 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix=build-fuzz/ \
    -dict=tests/fuzz/yaml.dict 2>"$log" || {
      tail -n 60 "$log" >&2
      echo "fuzz.sh: $target: a finding, see $log" >&2
      exit 1
    }
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" |
    sed "s/^/fuzz.sh: $target: /" >&2
done
