// What the fuzz targets run, shared with the replay test so that every saved case is checked in
// every build, not only in the fuzzing one.
//
// A harness accepts any bytes. Bad input must end in models::InputError (a located message);
// anything else that escapes (another exception, a crash, a sanitizer report, a hang) is a defect.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace fuzz {

// A private folder laid out like the repository (scenarios/, tests/scenarios/valid/ and
// tests/fuzz/regressions/), created on first use and removed at exit. Inputs are written where
// the saved cases live, so that a case's `extends:` or `scenario:` resolves the same way in the
// repository and here; the shipped scenarios are copied beside them for seeds that refer to
// their neighbours.
// REQUIRES: `source_dir` is the project's source folder.
const std::filesystem::path& workspace(const std::filesystem::path& source_dir);

// Writes `data` as tests/fuzz/regressions/scenario/fuzz_input.yaml in the workspace, loads and
// validates it, builds the metric catalog and draws replication 0's parameters. Throws nothing but
// models::InputError.
void scenario_input(const std::filesystem::path& workspace, const std::uint8_t* data,
                    std::size_t size);

// Writes `data` as tests/fuzz/regressions/sweep/fuzz_input.yaml in the workspace and loads it
// (validation and the design's points). Throws nothing but models::InputError.
void sweep_input(const std::filesystem::path& workspace, const std::uint8_t* data,
                 std::size_t size);

// Writes `data` as tests/fuzz/regressions/calibration/fuzz_input.yaml in the workspace, loads it
// (validation against its base scenario), and proposes the first generation. Throws nothing but
// models::InputError.
void calibration_input(const std::filesystem::path& workspace, const std::uint8_t* data,
                       std::size_t size);

}  // namespace fuzz
