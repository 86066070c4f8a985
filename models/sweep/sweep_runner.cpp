#include "models/sweep/sweep_runner.hpp"

#include <optional>

#include "models/sweep/point_builder.hpp"

#include "models/experiment/experiment.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

std::uint64_t point_seed(const SweepSpec& spec, std::uint64_t point) {
  if (spec.common_random_numbers) return spec.seed;
  return sim::splitmix64(spec.seed ^ sim::splitmix64(point + 1));
}

bool run_point(const SweepSpec& spec, const PointBuilder& points, std::uint64_t point,
               unsigned threads, const std::atomic<bool>* interrupt, PointResult& result) {
  const Scenario scenario = points.scenario(point);
  std::optional<MetricCatalog> own_catalog;
  if (!points.fast()) own_catalog.emplace(scenario);
  const MetricCatalog& catalog = points.fast() ? *points.shared_catalog() : *own_catalog;
  std::vector<std::size_t> kept;
  for (const auto& name : spec.metrics)
    kept.push_back(catalog.scalar_index(name));

  ExperimentPlan plan;
  plan.replications = spec.replications;
  if (!spec.until_metric.empty()) {
    plan.until = PrecisionTarget{catalog.scalar_index(spec.until_metric), spec.until_relative,
                                 spec.until_batch, spec.until_max};
  }
  plan.threads = threads;
  plan.interrupt = interrupt;
  // columns[m][r]: the kept metrics of each replication, in replication order.
  std::vector<std::vector<double>> columns(kept.size());
  const ExperimentOutcome outcome =
      run_experiment(scenario, catalog, plan, [&](std::uint64_t, ReplicationResult&& replication) {
        for (std::size_t m = 0; m < kept.size(); ++m)
          columns[m].push_back(replication.scalars[kept[m]]);
      });
  const bool finished =
      outcome.target_met ||
      outcome.replications == (plan.until ? plan.until->max_replications : plan.replications);
  if (!finished) return false;  // interrupted: the point is run again on --resume

  result.point = point;
  result.replications = outcome.replications;
  result.summaries.clear();
  result.values.clear();
  for (const auto& column : columns) {
    result.summaries.push_back(sim::summarize(column));
    if (spec.keep_replications)
      result.values.insert(result.values.end(), column.begin(), column.end());
  }
  return true;
}

}  // namespace models
