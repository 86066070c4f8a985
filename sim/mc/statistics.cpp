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

namespace {

// The k-th and (k+1)-th smallest values (the k-th twice when k is the last).
struct OrderStatisticPair {
  double low, high;
};

// The pairs at the ascending positions below[0..count) of values, reordering it. The middle
// position is selected first, then the others within the part on their side of it: each
// selection works on a part of what the previous one did, and the (k+1)-th smallest is the
// least of the part above k only, up to the next position already in place.
void select_order_statistic_pairs(std::vector<double>& values, const std::size_t* below,
                                  OrderStatisticPair* pairs, std::size_t count) {
  const std::size_t n = values.size();
  // Positions [first, last) of below[], within values' part [lo, hi); what lies before lo is no
  // greater and what lies from hi on no less than anything in the part.
  struct Part {
    std::size_t first, last, lo, hi;
  };
  Part stack[12];  // enough for the five percentiles
  std::size_t depth = 0;
  stack[depth++] = {0, count, 0, n};
  const auto data = values.begin();
  while (depth > 0) {
    const Part part = stack[--depth];
    if (part.first >= part.last) continue;
    const std::size_t middle = (part.first + part.last) / 2;
    const std::size_t k = below[middle];
    // Equal positions (few values) are found once and copied.
    std::size_t same_first = middle, same_last = middle + 1;
    while (same_first > part.first && below[same_first - 1] == k)
      --same_first;
    while (same_last < part.last && below[same_last] == k)
      ++same_last;
    const auto at = data + static_cast<std::ptrdiff_t>(k);
    std::nth_element(data + static_cast<std::ptrdiff_t>(part.lo), at,
                     data + static_cast<std::ptrdiff_t>(part.hi));
    OrderStatisticPair pair;
    pair.low = *at;
    if (k + 1 >= n)
      pair.high = pair.low;
    else if (k + 1 < part.hi)
      pair.high = *std::min_element(at + 1, data + static_cast<std::ptrdiff_t>(part.hi));
    else
      pair.high = *(at + 1);  // in place already
    for (std::size_t i = same_first; i < same_last; ++i)
      pairs[i] = pair;
    stack[depth++] = {part.first, same_first, part.lo, k};
    stack[depth++] = {same_last, part.last, k + 1, part.hi};
  }
}

}  // namespace

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
  // of sorting keeps summarising large runs cheap.
  std::size_t below[5];
  for (int i = 0; i < 5; ++i)
    below[i] = static_cast<std::size_t>(std::floor(quantiles[i] * static_cast<double>(n - 1)));
  OrderStatisticPair pairs[5];
  if (two_valued) {
    for (int i = 0; i < 5; ++i) {
      pairs[i].low = order_statistic(below[i]);
      pairs[i].high = below[i] + 1 < n ? order_statistic(below[i] + 1) : pairs[i].low;
    }
  } else {
    select_order_statistic_pairs(values, below, pairs, 5);
  }
  for (int i = 0; i < 5; ++i) {
    const double position = quantiles[i] * static_cast<double>(n - 1);
    // + 0.0: a -0.0 among zeros prints as 0
    const double low = pairs[i].low + 0.0, high = pairs[i].high + 0.0;
    *results[i] = low + (position - static_cast<double>(below[i])) * (high - low);
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
