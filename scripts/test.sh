#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test: ctest (Catch2)
# and the Python tests. Exits non-zero on any failure.
#   scripts/test.sh             the normal Release configuration, in build/
#   scripts/test.sh --sanitize  AddressSanitizer + UndefinedBehaviorSanitizer, in build-sanitize/
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=build
cmake_options=(-DCMAKE_BUILD_TYPE=Release -DDEALSIM_WERROR=ON -DDEALSIM_SANITIZE=OFF)
for arg in "$@"; do
  case "$arg" in
    --sanitize)
      build_dir=build-sanitize
      cmake_options=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DDEALSIM_WERROR=ON -DDEALSIM_SANITIZE=ON
                     -DDEALSIM_BENCHMARKS=OFF)
      export DEALSIM_SANITIZED=1
      ;;
    *) echo "test.sh: unknown option '$arg' (expected --sanitize)" >&2; exit 2 ;;
  esac
done

# Open MPI too, so that the MPI sweep test runs (it is skipped where mpirun is missing).
scripts/setup.sh --mpi
# The Release build is profile-guided, as scripts/build.sh makes it: the tests run what users run.
if [[ "$build_dir" == build ]]; then
  source scripts/pgo_options.sh
  cmake_options+=("${pgo_options[@]}")
fi
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f "$build_dir/CMakeCache.txt" ]] && generator=(-G Ninja)
source scripts/build_progress.sh
echo "test.sh: configuring $build_dir/" >&2
cmake -S . -B "$build_dir" "${generator[@]}" "${cmake_options[@]}" >/dev/null
build_with_progress test.sh "$build_dir"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
# One leak inside libhdf5 on a full disk is suppressed; the file says why.
export LSAN_OPTIONS="suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
echo "test.sh: running the C++ tests (ctest)" >&2
# A line per test started or passed is noise: failures print in full, then the count.
status=0
ctest --test-dir "$build_dir" --output-on-failure --parallel "$(nproc)" |
  grep -v -E "^ *[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed|^ +Start +[0-9]+: " || status=${PIPESTATUS[0]}
[[ $status -eq 0 ]] || exit "$status"

# Python tests use Debian's interpreter, which has h5py, pandas and xarray.
echo "test.sh: running the Python tests (pytest, a few minutes)" >&2
DEALSIM_BUILD="$PWD/$build_dir" /usr/bin/python3 -m pytest -q tests/python

# Each fuzz target for a short, bounded time (scripts/fuzz.sh SECONDS runs them longer): a
# crash, leak or hang found here fails the tests like any other.
if command -v clang++ >/dev/null 2>&1; then
  scripts/fuzz.sh 30
else
  echo "test.sh: clang++ is missing, so the fuzz targets did not run (scripts/setup.sh --fuzz)" >&2
fi
