#!/usr/bin/env bash
# Configures and builds dealsim in build/ (Release). Extra arguments go to CMake's configure step,
# e.g. scripts/build.sh -DDEALSIM_WERROR=ON. With GCC the build is profile-guided: scripts/pgo.sh
# makes the profile first (about 10 s beyond the compile); DEALSIM_PGO=0 builds without it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build_progress.sh
source scripts/pgo_options.sh
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f build/CMakeCache.txt ]] && generator=(-G Ninja)
echo "build.sh: configuring build/ (Release${pgo_options[1]:+, profile-guided})" >&2
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "${pgo_options[@]}" "$@" >/dev/null
build_with_progress build.sh build
