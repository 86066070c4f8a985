// Runs a sweep's share of points (all of them, or one shard's) on this process or across the
// ranks of an MPI job: points are handed out one at a time from a counter shared by all ranks,
// so whoever is free takes the next; each point runs through the experiment pipeline
// (run_point). At the end, rank 0 holds every rank's results.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/sweep/sweep_runner.hpp"
#include "sim/mc/cluster.hpp"

namespace models {

struct SweepExecution {
  const SweepSpec& spec;
  const ScenarioTemplate& base;  // the sweep's base scenario, parsed once
  unsigned threads = 1;          // per rank
  sim::Cluster& cluster;
  std::atomic<bool>& interrupted;  // set by a signal; on return, true on every rank if on any
  // On a single process, called after each point with the number of points present; it may
  // write a checkpoint (and throw sim::IoError, which ends the run).
  std::function<void(std::size_t present)> on_point;
};

struct SweepShareOutcome {
  std::size_t computed = 0;  // points computed in this run, by every rank (rank 0's count)
  // Why a point failed (its scenario rejected the values, or the simulation failed), on the
  // rank where it failed; `failed` is true on every rank if any failed.
  std::optional<InputError> input_error;
  std::string simulation_error;
  bool failed = false;
};

// Runs the points `todo` (global indices) and stores their results in `results` (indexed by
// point; on rank 0, every rank's). Stops early, keeping finished points, when interrupted.
SweepShareOutcome run_sweep_share(const SweepExecution& execution,
                                  const std::vector<std::uint64_t>& todo,
                                  std::vector<std::optional<PointResult>>& results);

}  // namespace models
