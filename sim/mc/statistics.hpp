// Summary statistics of a sample, and confidence intervals.
#pragma once

#include <cstddef>
#include <vector>

namespace sim {

struct SampleSummary {
  std::size_t count = 0;  // finite values used (NaN values are skipped)
  double mean = 0, standard_deviation = 0, standard_error = 0;
  double p5 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

// Skips NaN values; all fields are NaN when no finite value remains. Percentiles interpolate
// linearly between order statistics (type 7, as numpy's default).
SampleSummary summarize(std::vector<double> values);
// The same, reordering `values` (and dropping its NaN values) instead of copying it.
SampleSummary summarize_in_place(std::vector<double>& values);

// Linear-interpolation percentile of sorted values, q in [0, 1]. REQUIRES: !sorted.empty().
double percentile_of_sorted(const std::vector<double>& sorted, double q);

struct Interval {
  double low = 0, high = 0;
};
// The standard normal quantile of 0.975: a 95 % two-sided interval is mean +- kZ95 standard
// errors.
inline constexpr double kZ95 = 1.959963984540054;

// Wilson score interval for a proportion with `successes` out of `trials` (z = 1.96 for 95 %).
Interval wilson_interval(double successes, double trials, double z = kZ95);

}  // namespace sim
