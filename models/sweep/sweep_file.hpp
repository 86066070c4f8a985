// The HDF5 file of a sweep: the points table, a per-point summary of every kept metric,
// optionally every replication's values, and for complete Sobol and one-at-a-time sweeps the
// indices and the tornado table. Documented in output/README.md.
//
// A sweep file holds any subset of the points (an interrupted sweep, or one shard), with their
// global indices, so that `--resume` and `merge` can complete it; the same points always give the
// same datasets, whatever the threads, shards or ranks that computed them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "models/sweep/sweep_runner.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace models {

struct SweepFileInfo {
  std::string version, command_line;
  bool complete = true;                            // every point of this file's share is present
  std::uint64_t shard_index = 0, shard_count = 0;  // 1-based K of N; 0 when not sharded
};

// Identifies a sweep: its resolved text, its base scenario's and its seed. Files of the same
// sweep (shards, an interrupted run) carry the same hash.
std::string sweep_hash(const SweepSpec& spec);

// Writes `results` (one per point present, any order) atomically to `path`. Throws sim::IoError;
// sim::DestinationExists when `replace` is false and `path` exists by the time it is written.
void write_sweep_file(const std::filesystem::path& path, const SweepSpec& spec,
                      const std::vector<std::optional<PointResult>>& results,
                      const SweepFileInfo& info, bool replace);

struct SweepFileContents {
  std::string hash;
  bool complete = false;
  std::uint64_t points_total = 0, shard_index = 0, shard_count = 0;
  std::vector<std::string> metrics;
  std::vector<PointResult> results;  // points distinct, each below points_total
};

// Reads a sweep file written by write_sweep_file, checking it before anything is used: every
// dataset's size agrees with the points and metrics, the points are distinct and below
// points_total, the shard numbers are consistent, the kept values add up. Throws sim::IoError
// naming the file and what is wrong (a damaged or hand-made file), never crashes on one.
SweepFileContents read_sweep_file(const std::filesystem::path& path, bool with_values);

}  // namespace models
