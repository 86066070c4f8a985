// libFuzzer entry point, compiled once per target with DEALSIM_FUZZ_HARNESS naming the harness
// (fuzz::scenario_input or fuzz::sweep_input). Built with clang when DEALSIM_FUZZ=ON; run by
// scripts/fuzz.sh. A crash, a leak, a timeout or an exception other than models::InputError is a
// finding: save the input under tests/fuzz/regressions/<target>/ so the replay test keeps it.
#include <cstddef>
#include <cstdint>

#include "fuzz_harness.hpp"
#include "models/scenario/diagnostics.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto& folder = fuzz::workspace(DEALSIM_SOURCE_DIR);
  try {
    DEALSIM_FUZZ_HARNESS(folder, data, size);
  } catch (const models::InputError&) {
    // A located message: the expected answer to bad input.
  }
  return 0;
}
