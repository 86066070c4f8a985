#include "fuzz_harness.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "models/calibration/abc_smc.hpp"
#include "models/calibration/calibration_spec.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/parameter.hpp"
#include "models/scenario/scenario.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace fuzz {

namespace fs = std::filesystem;

namespace {

fs::path created_workspace;

void remove_workspace() {
  std::error_code ignored;
  fs::remove_all(created_workspace, ignored);
}

void write_file(const fs::path& path, const std::uint8_t* data, std::size_t size) {
  std::ofstream stream(path, std::ios::binary | std::ios::trunc);
  stream.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

const fs::path& workspace(const fs::path& source_dir) {
  if (created_workspace.empty()) {
    created_workspace =
        fs::temp_directory_path() / ("dealsim-fuzz-" + std::to_string(static_cast<long>(getpid())));
    fs::remove_all(created_workspace);
    // The repository's layout, so that a saved case resolves its references (extends:,
    // scenario:, a table's file) as it does under tests/fuzz/regressions/.
    const auto options = fs::copy_options::recursive;
    fs::create_directories(created_workspace / "tests/scenarios");
    fs::copy(source_dir / "scenarios", created_workspace / "scenarios", options);
    fs::copy(source_dir / "tests/scenarios/valid", created_workspace / "tests/scenarios/valid",
             options);
    // Seeds taken from the shipped scenarios and sweeps refer to their neighbours
    // (extends: baseline.yaml, scenario: ../baseline.yaml): copies beside the inputs resolve them.
    for (const char* target : {"scenario", "sweep", "calibration"}) {
      const fs::path folder = created_workspace / "tests/fuzz/regressions" / target;
      fs::create_directories(folder);
      for (const auto& entry : fs::directory_iterator(source_dir / "scenarios")) {
        if (entry.path().extension() == ".yaml") {
          fs::copy(entry.path(), folder / entry.path().filename());
          fs::copy(entry.path(), folder.parent_path() / entry.path().filename(),
                   fs::copy_options::overwrite_existing);
        }
      }
    }
    // Calibration seeds from tests/calibrations name linear.yaml, beside them or one level up.
    for (const fs::path& folder : {created_workspace / "tests/fuzz/regressions/calibration",
                                   created_workspace / "tests/fuzz/regressions"}) {
      fs::copy(source_dir / "tests/calibrations/linear.yaml", folder / "linear.yaml",
               fs::copy_options::overwrite_existing);
    }
    std::atexit(remove_workspace);
  }
  return created_workspace;
}

void scenario_input(const fs::path& workspace, const std::uint8_t* data, std::size_t size) {
  const fs::path file = workspace / "tests/fuzz/regressions/scenario/fuzz_input.yaml";
  write_file(file, data, size);
  const models::Scenario scenario = models::load_scenario(file.string());
  const models::MetricCatalog catalog(scenario);
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  (void)catalog;
  (void)values;
}

void sweep_input(const fs::path& workspace, const std::uint8_t* data, std::size_t size) {
  const fs::path file = workspace / "tests/fuzz/regressions/sweep/fuzz_input.yaml";
  write_file(file, data, size);
  const models::SweepSpec spec = models::load_sweep(file.string());
  (void)spec;
}

void calibration_input(const fs::path& workspace, const std::uint8_t* data, std::size_t size) {
  const fs::path file = workspace / "tests/fuzz/regressions/calibration/fuzz_input.yaml";
  write_file(file, data, size);
  const models::CalibrationSpec spec = models::load_calibration(file.string());
  // Bounded: the proposal costs particles x inputs draws, and the schema caps particles.
  models::AbcSmc smc(spec.inputs, spec.targets, spec.method, spec.seed);
  (void)smc.propose();
}

}  // namespace fuzz
