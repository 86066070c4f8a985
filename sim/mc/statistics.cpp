#include "sim/mc/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

// Order statistics wanted at most: the two around each of the five percentiles.
constexpr std::size_t kMaxRanks = 10;
// From this many values on, percentiles are located by counting into bins first.
constexpr std::size_t kBinnedFrom = 4096;

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

// The values at the ascending, distinct ranks[0..count) of [first, last) (0 the smallest), into
// out[0..count), reordering the range. The middle rank is selected first, then the others within
// the part on their side of it, as above.
void select_ranks(double* first, double* last, const std::size_t* ranks, double* out,
                  std::size_t count) {
  struct Part {
    std::size_t first, last;  // ranks[first, last)
    double *lo, *hi;          // the part of the range that holds them
  };
  Part stack[2 * kMaxRanks];
  std::size_t depth = 0;
  stack[depth++] = {0, count, first, last};
  while (depth > 0) {
    const Part part = stack[--depth];
    if (part.first >= part.last) continue;
    const std::size_t middle = (part.first + part.last) / 2;
    double* const at = first + ranks[middle];
    std::nth_element(part.lo, at, part.hi);
    out[middle] = *at;
    stack[depth++] = {part.first, middle, part.lo, at};
    stack[depth++] = {middle + 1, part.last, at + 1, part.hi};
  }
}

// The same pairs as select_order_statistic_pairs, for a large sample whose lowest and highest
// values are finite and differ (at_lowest and at_highest values equal them), without
// reordering it. An order statistic among the lowest or the highest values is known from their
// counts (columns often hold a mass of zeros, or of a cap). The others are located by counting
// the values in between into bins of equal width (a value's bin never decreases as the value
// grows, so every value of a bin is at most every value of the next): each lies in a known bin
// at a known rank, and only those bins' values are then selected among. Two passes over the
// sample instead of a selection over most of it: several times faster. False (nothing done)
// when the spread of the values cannot be divided into bins.
bool select_pairs_by_bins(const std::vector<double>& values, double lowest, double highest,
                          std::size_t at_lowest, std::size_t at_highest, const std::size_t* below,
                          OrderStatisticPair* pairs, std::size_t count) {
  constexpr std::size_t kBins = 4096;
  const double scale = static_cast<double>(kBins) / (highest - lowest);
  if (!std::isfinite(scale) || !(scale > 0) || values.size() > UINT32_MAX) return false;
  // (Through int: from 0 to just over kBins, and a conversion to unsigned costs more.)
  const auto bin_of = [&](double value) {
    return static_cast<std::size_t>(
        std::min(static_cast<int>(kBins) - 1, static_cast<int>((value - lowest) * scale)));
  };
  const auto between = [&](double value) { return value != lowest && value != highest; };
  const std::size_t n = values.size();
  const std::size_t first_highest = n - at_highest;
  // The ranks wanted (0 the smallest), ascending and distinct.
  std::size_t ranks[kMaxRanks], wanted = 0, wanted_between = 0;
  for (std::size_t i = 0; i < count; ++i) {
    for (const std::size_t rank : {below[i], std::min(below[i] + 1, n - 1)}) {
      if (wanted == 0 || ranks[wanted - 1] < rank) ranks[wanted++] = rank;
    }
  }
  // Whether the r-th rank wanted falls among the values between the lowest and the highest.
  const auto rank_between = [&](std::size_t r) {
    return ranks[r] >= at_lowest && ranks[r] < first_highest;
  };
  double found[kMaxRanks];
  for (std::size_t r = 0; r < wanted; ++r) {
    if (ranks[r] < at_lowest) found[r] = lowest;
    if (ranks[r] >= first_highest) found[r] = highest;
    wanted_between += rank_between(r);
  }
  if (wanted_between > 0) {
    // (Without branches: whether a value is between, or in a wanted bin, follows no pattern
    // that a branch predictor could learn, and a mispredicted branch per value would cost more
    // than all the rest.)
    std::vector<std::uint32_t> in_bin(kBins, 0);
    for (double value : values)
      in_bin[bin_of(value)] += between(value);
    // Each rank between: its bin and its rank within the bin.
    std::size_t rank_bin[kMaxRanks] = {}, rank_in_bin[kMaxRanks] = {};
    std::size_t bin = 0, before = at_lowest;  // values below the bin `bin`
    for (std::size_t r = 0; r < wanted; ++r) {
      if (!rank_between(r)) continue;
      while (before + in_bin[bin] <= ranks[r])
        before += in_bin[bin++];
      rank_bin[r] = bin;
      rank_in_bin[r] = ranks[r] - before;
    }
    // The wanted bins' values, gathered bin after bin: wanted bin b is slot slot_of[b] (from 1;
    // 0 for the others), its values from start[slot]. Values of slot 0 all go to one spare
    // place at the end, which is never read.
    std::vector<std::uint8_t> slot_of(kBins, 0);
    std::size_t start[kMaxRanks + 1], slots = 0;
    start[0] = 0;
    for (std::size_t r = 0; r < wanted; ++r) {
      if (!rank_between(r) || slot_of[rank_bin[r]] != 0) continue;
      ++slots;
      slot_of[rank_bin[r]] = static_cast<std::uint8_t>(slots);
      start[slots] = start[slots - 1] + in_bin[rank_bin[r]];
    }
    std::vector<double> chosen(start[slots] + 1);
    std::size_t filled[kMaxRanks + 1];
    filled[0] = start[slots];  // the spare place
    std::copy(start, start + slots, filled + 1);
    for (double value : values) {
      const std::size_t slot = slot_of[bin_of(value)] * static_cast<std::size_t>(between(value));
      chosen[filled[slot]] = value;
      filled[slot] += slot != 0;
    }
    // Each wanted bin's ranks selected within it (the ranks of one bin are neighbours).
    for (std::size_t r = 0; r < wanted;) {
      if (!rank_between(r)) {
        ++r;
        continue;
      }
      std::size_t last = r + 1;
      while (last < wanted && rank_between(last) && rank_bin[last] == rank_bin[r])
        ++last;
      double* const first = chosen.data() + start[slot_of[rank_bin[r]] - 1];
      select_ranks(first, first + in_bin[rank_bin[r]], rank_in_bin + r, found + r, last - r);
      r = last;
    }
  }
  const auto value_at = [&](std::size_t rank) {
    return found[std::lower_bound(ranks, ranks + wanted, rank) - ranks];
  };
  for (std::size_t i = 0; i < count; ++i) {
    pairs[i].low = value_at(below[i]);
    pairs[i].high = value_at(std::min(below[i] + 1, n - 1));
  }
  return true;
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
  } else if (n < kBinnedFrom || !select_pairs_by_bins(values, lowest, highest, at_lowest,
                                                      at_highest, below, pairs, 5)) {
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
