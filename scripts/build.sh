#!/usr/bin/env bash
# Configures and builds dealsim in build/ (Release). Extra arguments go to CMake's configure step,
# e.g. scripts/build.sh -DDEALSIM_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
generator=()
command -v ninja >/dev/null 2>&1 && [[ ! -f build/CMakeCache.txt ]] && generator=(-G Ninja)
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build --parallel "$(nproc)"
