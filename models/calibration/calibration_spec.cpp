#include "models/calibration/calibration_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/metrics/metrics.hpp"
#include "models/scenario/input_hash.hpp"

namespace models {

std::uint64_t AbcSmcSettings::kept() const {
  const auto count = static_cast<std::uint64_t>(std::floor(alpha * static_cast<double>(particles)));
  return std::max<std::uint64_t>(count, 2);
}

std::string calibration_hash(const CalibrationSpec& spec) {
  return input_hash(spec.text, spec.scenario_text, spec.seed);
}

ResolvedTarget resolve_target(const Target& target, const MetricCatalog& catalog) {
  ResolvedTarget resolved;
  if (!target.metric.empty()) {
    resolved.scalar = catalog.scalar_index(target.metric);
    return resolved;
  }
  resolved.is_series = true;
  for (std::size_t s = 0; s < catalog.series().size(); ++s) {
    const SeriesInfo& info = catalog.series()[s];
    if (info.name != target.series) continue;
    resolved.offset = catalog.series_offset(s);
    resolved.steps = info.steps;
    for (std::size_t row = 0; row < info.labels.size(); ++row) {
      if (target.label.empty() || info.labels[row] == target.label) resolved.rows.push_back(row);
    }
  }
  return resolved;
}

double target_value(const Target& target, const ResolvedTarget& resolved,
                    const ReplicationResult& replication) {
  if (!resolved.is_series) return replication.scalars[resolved.scalar];
  double total = 0;
  for (const std::size_t row : resolved.rows) {
    const double* values = replication.series.data() + resolved.offset + row * resolved.steps;
    for (std::size_t step = target.first_step; step <= target.last_step; ++step)
      total += values[step];
  }
  if (!target.reduce_sum) total /= static_cast<double>(target.last_step - target.first_step + 1);
  return total;
}

}  // namespace models
