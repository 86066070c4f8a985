// The HDF5 file of a calibration: the posterior (the kept particles with their weights), each
// generation's tolerance and acceptance, each target's reported value against the posterior's
// simulated one, every simulated candidate (so that --resume and merge can continue it), draws
// from the priors (to plot against the posterior) and the provenance. Flat datasets with netCDF
// dimension scales, so that xarray opens it. Documented in output/README.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "models/calibration/calibration_run.hpp"
#include "models/calibration/calibration_spec.hpp"

namespace models {

struct CalibrationFileInfo {
  std::string version, command_line;
  std::uint64_t shard_index = 0, shard_count = 0;  // 1-based K of N; 0 when not sharded
};

// Writes the state atomically to `path`. Throws sim::IoError; sim::DestinationExists when
// `replace` is false and `path` exists by the time it is written.
void write_calibration_file(const std::filesystem::path& path, const CalibrationSpec& spec,
                            const CalibrationState& state, const CalibrationFileInfo& info,
                            bool replace);

struct CalibrationFileContents {
  std::string hash, calibration_text, calibration_path, scenario_text, scenario_path;
  std::uint64_t seed = 0;
  bool finished = false;
  std::vector<std::string> inputs;  // paths
  std::vector<StoredCandidate> candidates;
  // The posterior: particles x inputs, row-major, and normalised weights.
  std::vector<double> posterior_values, posterior_weights;
};

// Reads what a calibration file needs for --resume, merge and run --posterior, checking sizes
// before anything is used. Throws sim::IoError naming the file and what is wrong.
CalibrationFileContents read_calibration_file(const std::filesystem::path& path);

// Whether `path` is a calibration file (its root attribute kind is "calibration").
bool is_calibration_file(const std::filesystem::path& path);

// "triangular(0.25, 0.5, 0.8)": a prior as written, for reports.
std::string describe_prior(const Parameter& prior);

}  // namespace models
