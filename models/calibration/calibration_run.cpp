#include "models/calibration/calibration_run.hpp"

#include <algorithm>
#include <map>

#include "models/calibration/candidate_evaluator.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/cluster.hpp"

namespace models {

std::vector<StoredCandidate> CalibrationState::stored() const {
  std::vector<StoredCandidate> all;
  const auto& records = smc.records();
  for (std::size_t g = 0; g < records.size(); ++g) {
    for (Eigen::Index i = 0; i < records[g].candidates.rows(); ++i) {
      StoredCandidate candidate{g, static_cast<std::uint64_t>(i), {}, {}};
      for (Eigen::Index j = 0; j < records[g].candidates.cols(); ++j)
        candidate.values.push_back(records[g].candidates(i, j));
      for (Eigen::Index k = 0; k < records[g].statistics.cols(); ++k)
        candidate.statistics.push_back(records[g].statistics(i, k));
      all.push_back(std::move(candidate));
    }
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (!results[i]) continue;
    StoredCandidate candidate{smc.generation(), i, {}, *results[i]};
    for (Eigen::Index j = 0; j < current.cols(); ++j)
      candidate.values.push_back(current(static_cast<Eigen::Index>(i), j));
    all.push_back(std::move(candidate));
  }
  return all;
}

std::size_t CalibrationState::present() const {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const auto& r) { return r.has_value(); }));
}

void CalibrationState::advance() {
  if (current.rows() > 0 && present() == results.size()) {
    Eigen::MatrixXd statistics(current.rows(), static_cast<Eigen::Index>(results[0]->size()));
    for (Eigen::Index i = 0; i < current.rows(); ++i) {
      const auto& row = *results[static_cast<std::size_t>(i)];
      for (Eigen::Index k = 0; k < statistics.cols(); ++k)
        statistics(i, k) = row[static_cast<std::size_t>(k)];
    }
    smc.complete(current, statistics);
    current.resize(0, current.cols());
    results.clear();
  }
  if (current.rows() == 0 && !smc.finished()) {
    current = smc.propose();
    results.assign(static_cast<std::size_t>(current.rows()), std::nullopt);
  }
}

CalibrationState replay(const CalibrationSpec& spec, const std::vector<StoredCandidate>& stored,
                        const std::string& file) {
  std::map<std::uint64_t, std::vector<const StoredCandidate*>> by_generation;
  for (const auto& candidate : stored)
    by_generation[candidate.generation].push_back(&candidate);
  CalibrationState state(spec);
  state.advance();
  for (const auto& [generation, candidates] : by_generation) {
    if (generation != state.smc.generation() || state.current.rows() == 0) {
      throw sim::IoError(file + ": holds candidates of generation " + std::to_string(generation) +
                         ", but generation " + std::to_string(state.smc.generation()) +
                         (state.current.rows() == 0 ? " ended the run" : " is incomplete") +
                         ": not a file of this calibration");
    }
    for (const StoredCandidate* candidate : candidates) {
      const auto i = static_cast<Eigen::Index>(candidate->index);
      bool same = candidate->index < state.results.size() &&
                  candidate->values.size() == static_cast<std::size_t>(state.current.cols()) &&
                  candidate->statistics.size() == spec.targets.size();
      for (Eigen::Index j = 0; same && j < state.current.cols(); ++j)
        same = state.current(i, j) == candidate->values[static_cast<std::size_t>(j)];
      if (!same) {
        throw sim::IoError(file + ": candidate " + std::to_string(candidate->index) +
                           " of generation " + std::to_string(generation) +
                           " is not what this calibration proposes: the file was written by "
                           "another calibration, scenario, seed or version");
      }
      state.results[candidate->index] = candidate->statistics;
    }
    state.advance();
  }
  return state;
}

namespace {

// Every rank's (index, statistics) results, gathered on rank 0 and sent back to every rank, so
// that all ranks complete the generation identically. Returns how many arrived.
std::size_t share_results(sim::Cluster& cluster, const std::vector<double>& computed,
                          std::size_t targets, CalibrationState& state) {
  std::vector<std::uint8_t> all;
  for (const auto& part : cluster.gather(sim::bytes_of(computed)))
    all.insert(all.end(), part.begin(), part.end());
  cluster.broadcast(all);
  const std::vector<double> values = sim::doubles_of(all);
  std::size_t arrived = 0;
  for (std::size_t at = 0; at + targets < values.size(); at += targets + 1) {
    const auto index = static_cast<std::size_t>(values[at]);
    state.results[index] =
        std::vector<double>(values.begin() + static_cast<long>(at + 1),
                            values.begin() + static_cast<long>(at + 1 + targets));
    ++arrived;
  }
  return arrived;
}

// Simulates the candidates `todo` of the current generation; false when interrupted.
bool run_generation(const CalibrationExecution& execution, const std::vector<std::size_t>& todo,
                    CalibrationState& state, CalibrationOutcome& outcome,
                    std::uint64_t& task_base) {
  sim::Cluster& cluster = execution.cluster;
  std::vector<double> computed;  // this rank's (index, statistics...) when distributed
  std::vector<double> statistics;
  bool finished = true;
  while (!execution.interrupted) {
    const std::uint64_t task = cluster.next_task() - task_base;
    if (task >= todo.size()) break;
    const std::size_t index = todo[task];
    try {
      if (!execution.evaluator.evaluate(state.current.row(static_cast<Eigen::Index>(index)),
                                        execution.threads, &execution.interrupted, statistics)) {
        finished = false;
        break;
      }
    } catch (const sim::SimulationError& error) {
      // Caught here, so that every rank still reaches the collective calls below.
      outcome.error = error.what();
      finished = false;
      break;
    }
    if (cluster.distributed()) {
      computed.push_back(static_cast<double>(index));
      computed.insert(computed.end(), statistics.begin(), statistics.end());
      continue;
    }
    state.results[index] = statistics;
    ++outcome.simulated;
    if (execution.on_progress) execution.on_progress(state, false);
  }
  // Each rank asked once past the end of the list.
  task_base += todo.size() + static_cast<std::uint64_t>(cluster.size());
  if (cluster.distributed()) {
    const bool failed = cluster.any(!outcome.error.empty());
    if (failed && outcome.error.empty()) outcome.error = "the simulation failed on another rank";
    execution.interrupted = cluster.any(execution.interrupted.load() || !finished);
    outcome.simulated += share_results(cluster, computed, execution.spec.targets.size(), state);
  }
  return finished && !execution.interrupted && outcome.error.empty();
}

}  // namespace

CalibrationOutcome run_calibration(const CalibrationExecution& execution, CalibrationState& state) {
  CalibrationOutcome outcome;
  std::uint64_t task_base = 0;
  const bool sharded = execution.shard_count > 0;
  try {
    while (!execution.interrupted) {
      const std::uint64_t before = state.smc.generation();
      state.advance();
      const bool single = !execution.cluster.distributed();
      if (state.smc.generation() != before && execution.on_progress && single)
        execution.on_progress(state, true);
      if (state.current.rows() == 0) break;  // finished
      std::vector<std::size_t> todo;
      for (std::size_t i = 0; i < state.results.size(); ++i) {
        if (!state.results[i] &&
            (!sharded || i % execution.shard_count == execution.shard_index - 1))
          todo.push_back(i);
      }
      if (sharded && todo.empty()) break;  // this shard's share is done: merge the shards
      if (!run_generation(execution, todo, state, outcome, task_base)) break;
      if (sharded) {
        if (state.present() == state.results.size()) {
          state.advance();
          if (execution.on_progress && single) execution.on_progress(state, true);
        }
        break;
      }
    }
  } catch (const sim::SimulationError& error) {
    outcome.error = error.what();
  }
  return outcome;
}

}  // namespace models
