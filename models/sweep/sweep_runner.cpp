#include "models/sweep/sweep_runner.hpp"

#include <cmath>

#include "models/deal/deal_replication.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/kernel/random_stream.hpp"
#include "sim/mc/replication_runner.hpp"

namespace models {

std::uint64_t point_seed(const SweepSpec& spec, std::uint64_t point) {
  if (spec.common_random_numbers) return spec.seed;
  return sim::splitmix64(spec.seed ^ sim::splitmix64(point + 1));
}

bool run_point(const SweepSpec& spec, const ScenarioTemplate& base, std::uint64_t point,
               unsigned threads, const std::atomic<bool>* interrupt, PointResult& result) {
  Scenario scenario = base.instantiate(point_overrides(spec, static_cast<Eigen::Index>(point)));
  scenario.seed = point_seed(spec, point);
  const MetricCatalog catalog(scenario);
  std::vector<std::size_t> kept;
  for (const auto& name : spec.metrics)
    kept.push_back(catalog.scalar_index(name));
  const std::size_t until = spec.until_metric.empty() ? 0 : catalog.scalar_index(spec.until_metric);

  // values[r * metrics + m]: each replication writes its own row, so no ordering is needed.
  std::vector<double> values, until_values;
  std::uint64_t done = 0;
  const std::uint64_t target = spec.until_metric.empty() ? spec.replications : spec.until_max;
  for (;;) {
    const std::uint64_t batch =
        spec.until_metric.empty() ? target : std::min(spec.until_batch, target - done);
    values.resize((done + batch) * kept.size());
    until_values.resize(done + batch);
    sim::ReplicationRunOptions options;
    options.first = done;
    options.count = batch;
    options.threads = threads;
    options.interrupt = interrupt;
    const std::size_t completed = sim::run_replications(options, [&](std::size_t index) {
      const ReplicationResult replication = run_replication(scenario, catalog, index);
      for (std::size_t m = 0; m < kept.size(); ++m)
        values[index * kept.size() + m] = replication.scalars[kept[m]];
      until_values[index] = replication.scalars[until];
    });
    if (completed < batch) return false;  // interrupted: the point is run again on --resume
    done += batch;
    if (spec.until_metric.empty() || done >= target) break;
    const sim::SampleSummary summary = sim::summarize(until_values);
    if (summary.count >= 2 &&
        sim::kZ95 * summary.standard_error < spec.until_relative * std::abs(summary.mean)) {
      break;
    }
  }
  result.point = point;
  result.replications = done;
  result.summaries.clear();
  std::vector<double> column(done);
  for (std::size_t m = 0; m < kept.size(); ++m) {
    for (std::uint64_t r = 0; r < done; ++r)
      column[r] = values[r * kept.size() + m];
    result.summaries.push_back(sim::summarize(column));
  }
  result.values.clear();
  if (spec.keep_replications) {
    for (std::size_t m = 0; m < kept.size(); ++m) {
      for (std::uint64_t r = 0; r < done; ++r)
        result.values.push_back(values[r * kept.size() + m]);
    }
  }
  return true;
}

}  // namespace models
