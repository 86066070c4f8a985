// Writes the results of a run to HDF5, in netCDF-4 style: dimension scales `replication`,
// `month`, `year`, `contract_year`, `provider`, `class`, `commitment`, so that
// xarray.open_dataset(path, engine="h5netcdf") opens it with named dimensions and coordinates.
// The format is documented in output/README.md.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "models/metrics.hpp"
#include "models/scenario/scenario.hpp"

namespace models {

struct RunInfo {
  std::string version;
  std::string scenario_path;
  std::string command_line;
  std::uint64_t seed = 0;
  std::uint64_t replications_requested = 0;
  unsigned threads = 1;
  bool complete = true;
};

// Writes `results` (replications 0 .. results.size() - 1) atomically to `path`. Throws
// sim::IoError when the file cannot be written; the previous file, if any, is then untouched.
void write_results_file(const std::filesystem::path& path, const Scenario& scenario,
                        const MetricCatalog& catalog, const std::vector<ReplicationResult>& results,
                        const RunInfo& info);

}  // namespace models
