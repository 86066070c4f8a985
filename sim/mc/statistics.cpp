#include "sim/mc/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sim {

double percentile_of_sorted(const std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

SampleSummary summarize(std::vector<double> values) {
  return summarize_in_place(values);
}

SampleSummary summarize_in_place(std::vector<double>& values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  SampleSummary summary;
  summary.count = values.size();
  if (values.empty()) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    summary.mean = summary.standard_deviation = summary.standard_error = nan;
    summary.p5 = summary.p25 = summary.p50 = summary.p75 = summary.p95 = nan;
    return summary;
  }
  // Two passes (the mean, then squared deviations from it): stable for large, similar values,
  // and without a division per value.
  const std::size_t n = values.size();
  double sum = 0, lowest = values[0], highest = values[0];
  for (double value : values) {
    sum += value;
    lowest = std::min(lowest, value);
    highest = std::max(highest, value);
  }
  const double mean = sum / static_cast<double>(n);
  double squares = 0;
  std::size_t at_lowest = 0, at_highest = 0;
  for (double value : values) {
    squares += (value - mean) * (value - mean);
    at_lowest += value == lowest;
    at_highest += value == highest;
  }
  summary.mean = mean;
  summary.standard_deviation = n > 1 ? std::sqrt(squares / static_cast<double>(n - 1)) : 0.0;
  summary.standard_error = summary.standard_deviation / std::sqrt(static_cast<double>(n));
  const double quantiles[5] = {0.05, 0.25, 0.50, 0.75, 0.95};
  double* results[5] = {&summary.p5, &summary.p25, &summary.p50, &summary.p75, &summary.p95};
  // A column of at most two values (0/1 indicators, constants) has its order statistics by
  // counting: the first at_lowest are the lowest, the rest the highest.
  const bool two_valued = lowest == highest || at_lowest + at_highest == n;
  auto order_statistic = [&](std::size_t k) { return k < at_lowest ? lowest : highest; };
  // Otherwise percentiles need only a few order statistics: selecting them (linear time) instead
  // of sorting keeps summarising large runs cheap. Quantiles ascend, so each selection works on
  // the part above the previous one.
  auto begin = values.begin();
  for (int i = 0; i < 5; ++i) {
    const double position = quantiles[i] * static_cast<double>(n - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    double low, high;
    if (two_valued) {
      low = order_statistic(below) + 0.0;  // + 0.0: a -0.0 among zeros prints as 0
      high = below + 1 < n ? order_statistic(below + 1) + 0.0 : low;
    } else {
      const auto at = values.begin() + static_cast<std::ptrdiff_t>(below);
      std::nth_element(begin, at, values.end());
      low = *at;
      high = below + 1 < n ? *std::min_element(at + 1, values.end()) : low;
      begin = at;
    }
    *results[i] = low + (position - static_cast<double>(below)) * (high - low);
  }
  return summary;
}

Interval wilson_interval(double successes, double trials, double z) {
  if (trials <= 0)
    return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double p = successes / trials, z2 = z * z;
  const double center = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const double half =
      z / (1 + z2 / trials) * std::sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials));
  return {std::max(0.0, center - half), std::min(1.0, center + half)};
}

}  // namespace sim
