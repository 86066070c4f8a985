# Sourced by scripts/build.sh and scripts/test.sh: makes the profile (scripts/pgo.sh) when the
# compiler is GCC and DEALSIM_PGO is not 0, and sets pgo_options to the CMake options that build
# with it (or without any profile).
pgo_options=(-DDEALSIM_PGO=)
if [[ "${DEALSIM_PGO:-1}" != 0 ]] && "${CXX:-c++}" -v 2>&1 | grep -q '^gcc version'; then
  scripts/pgo.sh
  pgo_options=(-DDEALSIM_PGO=use "-DDEALSIM_PGO_PROFILE=$PWD/build/pgo/profile")
fi
