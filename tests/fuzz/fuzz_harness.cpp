#include "fuzz_harness.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "models/metrics.hpp"
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
    fs::create_directories(created_workspace);
    fs::copy(source_dir / "scenarios", created_workspace / "scenarios",
             fs::copy_options::recursive);
    std::atexit(remove_workspace);
  }
  return created_workspace;
}

void scenario_input(const fs::path& workspace, const std::uint8_t* data, std::size_t size) {
  const fs::path file = workspace / "scenarios" / "fuzz_input.yaml";
  write_file(file, data, size);
  const models::Scenario scenario = models::load_scenario(file.string());
  const models::MetricCatalog catalog(scenario);
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  (void)catalog;
  (void)values;
}

void sweep_input(const fs::path& workspace, const std::uint8_t* data, std::size_t size) {
  const fs::path file = workspace / "scenarios" / "sweeps" / "fuzz_input.yaml";
  write_file(file, data, size);
  const models::SweepSpec spec = models::load_sweep(file.string());
  (void)spec;
}

}  // namespace fuzz
