// Replays the fuzz targets' saved cases and seeds through the same harness as libFuzzer, in every
// build: a case that once crashed, hung or leaked must now end in a located InputError.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "../fuzz/fuzz_harness.hpp"
#include "models/scenario/diagnostics.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& folder, const std::string& extension = "") {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder)) {
    if (entry.is_regular_file() && (extension.empty() || entry.path().extension() == extension))
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Runs one input; returns the error text, "" when it loaded. Any other exception fails the test.
template <typename Harness>
std::string replay(Harness harness, const fs::path& file) {
  const auto& workspace = fuzz::workspace(test_support::source_dir());
  const std::string bytes = read_bytes(file);
  try {
    harness(workspace, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  } catch (const models::InputError& error) {
    return error.what();
  }
  return "";
}

// Replays every saved case of `target` (scenario or sweep) and checks the messages it names;
// returns how many there were.
template <typename Harness>
std::size_t check_saved_cases(Harness harness, const std::string& target) {
  const auto cases = files_in(test_support::source_dir() / "tests/fuzz/regressions" / target);
  for (const fs::path& file : cases) {
    INFO(file.filename().string());
    const std::string text = replay(harness, file);
    INFO(text);
    REQUIRE_FALSE(text.empty());
    // The harness writes the input as fuzz_input.yaml: compare from the line number on.
    const auto expected = test_support::expectations(file);
    REQUIRE_FALSE(expected.empty());
    for (const std::string& expectation : expected)
      CHECK_THAT(text, Catch::Contains(expectation.substr(expectation.find(':'))));
  }
  return cases.size();
}

}  // namespace

TEST_CASE("fuzz: every saved scenario case ends in the located error it names", "[fuzz]") {
  REQUIRE(check_saved_cases(fuzz::scenario_input, "scenario") >= 14);
}

TEST_CASE("fuzz: every saved sweep case ends in the error it names", "[fuzz]") {
  REQUIRE(check_saved_cases(fuzz::sweep_input, "sweep") >= 4);
}

TEST_CASE("fuzz: every saved calibration case ends in the error it names", "[fuzz]") {
  REQUIRE(check_saved_cases(fuzz::calibration_input, "calibration") >= 1);
}

TEST_CASE("fuzz: the seeds replay through the harness without anything but input errors",
          "[fuzz]") {
  const fs::path source = test_support::source_dir();
  std::size_t loaded = 0, refused = 0;
  for (const fs::path& folder : {source / "scenarios", source / "tests/scenarios/invalid",
                                 source / "tests/scenarios/valid"}) {
    for (const fs::path& file : files_in(folder, ".yaml")) {
      INFO(file.string());
      (replay(fuzz::scenario_input, file).empty() ? loaded : refused) += 1;
    }
  }
  for (const fs::path& folder : {source / "scenarios/sweeps", source / "tests/sweeps/invalid"}) {
    for (const fs::path& file : files_in(folder, ".yaml")) {
      INFO(file.string());
      (replay(fuzz::sweep_input, file).empty() ? loaded : refused) += 1;
    }
  }
  // The shipped scenarios and sweeps load (their neighbours are in the workspace); the invalid
  // ones are refused.
  CHECK(loaded >= 10);
  CHECK(refused >= 16);
}
