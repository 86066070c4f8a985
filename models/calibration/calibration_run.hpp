// A calibration in progress, and running it: generation after generation, each a sweep of
// candidates run on this process's threads, across the ranks of an MPI job (candidates handed
// out one at a time from a shared counter), or one shard's share of a generation.
//
// The state is a deterministic function of the candidates' simulated statistics (see
// abc_smc.hpp): a resumed run, a shard or a merge replays the stored candidates and reaches the
// same state bit for bit.
#pragma once

#include <Eigen/Core>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/calibration/abc_smc.hpp"
#include "models/calibration/calibration_spec.hpp"
#include "sim/mc/cluster.hpp"

namespace models {

class CandidateEvaluator;

// A simulated candidate as a file stores it.
struct StoredCandidate {
  std::uint64_t generation = 0, index = 0;
  std::vector<double> values, statistics;
};

struct CalibrationState {
  explicit CalibrationState(const CalibrationSpec& spec)
      : smc(spec.inputs, spec.targets, spec.method, spec.seed) {}
  AbcSmc smc;
  // The generation in progress (smc.generation()): its candidates and those simulated so far.
  Eigen::MatrixXd current;
  std::vector<std::optional<std::vector<double>>> results;

  // Every simulated candidate, completed generations first, in (generation, index) order.
  std::vector<StoredCandidate> stored() const;
  std::size_t present() const;
  // Completes the current generation when every candidate is simulated, then proposes the next
  // one unless the run has finished.
  void advance();
};

// Rebuilds the state from stored candidates (any order). Throws sim::IoError naming `file` when
// a stored candidate is not what this calibration proposes (another calibration's file) or
// lies outside its generation.
CalibrationState replay(const CalibrationSpec& spec, const std::vector<StoredCandidate>& stored,
                        const std::string& file);

struct CalibrationExecution {
  const CalibrationSpec& spec;
  const CandidateEvaluator& evaluator;
  unsigned threads = 1;  // per rank
  sim::Cluster& cluster;
  std::atomic<bool>& interrupted;  // set by a signal; on return, true on every rank if on any
  std::uint64_t shard_index = 0, shard_count = 0;  // 1-based K of N; 0 when not sharded
  // On a single process, after each candidate (generation_done false) and after each completed
  // generation (true); it may write a checkpoint (and throw sim::IoError, which ends the run).
  std::function<void(const CalibrationState&, bool generation_done)> on_progress;
};

struct CalibrationOutcome {
  std::size_t simulated = 0;  // candidates simulated by this run, every rank's
  std::string error;          // why the simulation failed; empty when it did not
};

// Runs generations until the calibration finishes or is interrupted; with a shard, completes
// what the stored candidates allow and simulates this shard's share of the next generation.
CalibrationOutcome run_calibration(const CalibrationExecution& execution, CalibrationState& state);

}  // namespace models
