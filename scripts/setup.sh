#!/usr/bin/env bash
# Installs what dealsim needs from Debian's packages, only what is missing; quiet when all is
# present. Usage: scripts/setup.sh [--mpi] [--bench] [--fuzz]
#   --mpi    Open MPI, for cluster sweeps
#   --bench  what scripts/bench.sh compares against (SimPy), times with (hyperfine) and profiles
#            with (perf; valgrind where perf may not sample)
#   --fuzz   clang and libFuzzer's runtime, for scripts/fuzz.sh
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config clang-format
  libeigen3-dev libboost-random-dev libyaml-cpp-dev libhdf5-dev libdeflate-dev catch2 libcli11-dev
  python3 python3-yaml python3-h5py python3-pandas python3-numpy python3-matplotlib python3-xarray
  python3-h5netcdf python3-nbclient python3-nbconvert python3-ipykernel python3-pytest
  chromium  # the HTML report's test opens it in a real browser
)
for arg in "$@"; do
  case "$arg" in
    --mpi) packages+=(openmpi-bin libopenmpi-dev) ;;
    --bench) packages+=(python3-simpy3 hyperfine time linux-perf valgrind) ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    *) echo "setup.sh: unknown option '$arg' (expected --mpi, --bench or --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "setup.sh: installing ${#missing[@]} Debian packages (a few minutes on a bare machine): ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
