#include "models/sweep/sweep_execution.hpp"

#include <algorithm>

#include "models/sweep/point_builder.hpp"
#include "models/sweep/point_codec.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/cluster.hpp"

namespace models {
namespace {

// Every rank's encoded results, gathered on rank 0 into `results`; returns how many arrived.
std::size_t gather_points(sim::Cluster& cluster, const std::vector<double>& computed,
                          std::vector<std::optional<PointResult>>& results) {
  std::size_t arrived = 0;
  for (const auto& part : cluster.gather(sim::bytes_of(computed))) {
    for (auto& result : decode_points(part)) {
      results[result.point] = std::move(result);
      ++arrived;
    }
  }
  return arrived;
}

}  // namespace

SweepShareOutcome run_sweep_share(const SweepExecution& execution,
                                  const std::vector<std::uint64_t>& todo,
                                  std::vector<std::optional<PointResult>>& results) {
  sim::Cluster& cluster = execution.cluster;
  SweepShareOutcome outcome;
  std::size_t present = results.size() - static_cast<std::size_t>(std::count(
                                             results.begin(), results.end(), std::nullopt));
  std::vector<double> computed;  // this rank's results, encoded, when distributed
  try {
    const PointBuilder points(execution.spec, execution.base);
    while (!execution.interrupted) {
      const std::uint64_t task = cluster.next_task();
      if (task >= todo.size()) break;
      PointResult result;
      if (!run_point(execution.spec, points, todo[task], execution.threads, &execution.interrupted,
                     result))
        break;
      if (cluster.distributed()) {
        encode_point(result, computed);
        continue;
      }
      results[todo[task]] = std::move(result);
      ++outcome.computed;
      if (execution.on_point) execution.on_point(++present);
    }
  } catch (const InputError& error) {
    outcome.input_error = error;
    outcome.failed = true;
  } catch (const sim::SimulationError& error) {
    outcome.simulation_error = error.what();
    outcome.failed = true;
  }
  if (cluster.distributed()) {
    outcome.failed = cluster.any(outcome.failed);
    execution.interrupted = cluster.any(execution.interrupted.load());
    outcome.computed = gather_points(cluster, computed, results);
  }
  return outcome;
}

}  // namespace models
