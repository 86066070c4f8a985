#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "sim/kernel/random_stream.hpp"
#include "sim/mc/statistics.hpp"

namespace {
// The summary's percentiles are those computed from the sorted sample.
void require_percentiles_of(const sim::SampleSummary& summary, const std::vector<double>& sorted) {
  REQUIRE(summary.p5 == sim::percentile_of_sorted(sorted, 0.05));
  REQUIRE(summary.p25 == sim::percentile_of_sorted(sorted, 0.25));
  REQUIRE(summary.p50 == sim::percentile_of_sorted(sorted, 0.50));
  REQUIRE(summary.p75 == sim::percentile_of_sorted(sorted, 0.75));
  REQUIRE(summary.p95 == sim::percentile_of_sorted(sorted, 0.95));
}
}  // namespace

TEST_CASE("statistics: percentiles by selection equal those of the sorted sample",
          "[engine][statistics]") {
  const auto size = GENERATE(1, 2, 3, 4, 5, 6, 7, 10, 20, 21, 101, 1000, 4097);
  const bool ties = GENERATE(true, false);
  sim::RandomStream random(static_cast<std::uint64_t>(size));
  std::vector<double> values;
  for (int i = 0; i < size; ++i) {
    const double value = random.normal(0, 10);
    values.push_back(ties ? std::floor(value) : value);
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const sim::SampleSummary summary = sim::summarize(values);
  REQUIRE(summary.count == static_cast<std::size_t>(size));
  require_percentiles_of(summary, sorted);
}

TEST_CASE("statistics: columns of one or two values (indicators) have the sorted percentiles",
          "[engine][statistics]") {
  // Such columns take a counting path, not selection: it must give the same numbers.
  const auto size = GENERATE(1, 2, 3, 19, 20, 21, 1000);
  const auto share = GENERATE(0.0, 0.03, 0.5, 0.96, 1.0);
  sim::RandomStream random(static_cast<std::uint64_t>(size) * 7 + 1);
  for (const auto& [low, high] :
       {std::pair{0.0, 1.0}, std::pair{-3.5, 7.25}, std::pair{2.0, 2.0}}) {
    std::vector<double> values;
    for (int i = 0; i < size; ++i)
      values.push_back(random.uniform01() < share ? high : low);
    values.push_back(NAN);
    std::vector<double> sorted;
    std::copy_if(values.begin(), values.end(), std::back_inserter(sorted),
                 [](double v) { return !std::isnan(v); });
    std::sort(sorted.begin(), sorted.end());
    const sim::SampleSummary summary = sim::summarize(values);
    REQUIRE(summary.count == static_cast<std::size_t>(size));
    require_percentiles_of(summary, sorted);
  }
}

TEST_CASE("statistics: large samples of every shape have the sorted percentiles",
          "[engine][statistics]") {
  // From 4,096 values on, the percentiles are located by counting into bins of equal width
  // first. Shapes that put most values in one bin, bins at the ends, values that the bins cannot
  // divide (infinite, or too close together) and a mass of zeros with a tail (a penalty) must
  // give the numbers of the sorted sample, bit for bit.
  const auto size = GENERATE(4095, 4096, 10000, 100001);
  const auto shape = GENERATE(range(0, 9));
  sim::RandomStream random(static_cast<std::uint64_t>(size) * 13 + static_cast<unsigned>(shape));
  std::vector<double> values;
  for (int i = 0; i < size; ++i) {
    const double u = random.uniform01();
    switch (shape) {
      case 0:
        values.push_back(random.normal(100, 15));
        break;
      case 1:
        values.push_back(random.lognormal(0, 3));
        break;  // most in the lowest bins
      case 2:
        values.push_back(u < 0.96 ? 0.0 : random.exponential(0.1));
        break;
      case 3:
        values.push_back(u < 0.5 ? -0.0 : (u < 0.97 ? 0.0 : random.normal(0, 1)));
        break;
      case 4:
        values.push_back(u < 0.999 ? random.normal(0, 1) : 1e300);
        break;  // far outlier
      case 5:
        values.push_back(u < 0.01 ? -INFINITY : random.normal(0, 1));
        break;
      case 6:
        values.push_back(i == 0 ? -1e308 : (i == 1 ? 1e308 : random.normal(0, 1)));
        break;
      case 7:
        values.push_back(1.0 + static_cast<double>(i % 3) * 1e-300);
        break;  // too close
      default:
        values.push_back(u < 0.1 ? NAN : std::floor(random.normal(0, 3)));
        break;
    }
  }
  std::vector<double> sorted;
  std::copy_if(values.begin(), values.end(), std::back_inserter(sorted),
               [](double v) { return !std::isnan(v); });
  std::sort(sorted.begin(), sorted.end());
  const sim::SampleSummary summary = sim::summarize(values);
  REQUIRE(summary.count == sorted.size());
  // + 0.0 as the summary does: the sorted sample may hold -0.0 where it holds 0.0.
  const auto same = [](double a, double b) {
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
  };
  for (const auto& [q, p] :
       {std::pair{0.05, summary.p5}, std::pair{0.25, summary.p25}, std::pair{0.50, summary.p50},
        std::pair{0.75, summary.p75}, std::pair{0.95, summary.p95}}) {
    const double position = q * static_cast<double>(sorted.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const double low = sorted[below] + 0.0;
    const double high = sorted[std::min(below + 1, sorted.size() - 1)] + 0.0;
    const double expected = low + (position - static_cast<double>(below)) * (high - low);
    INFO("shape " << shape << ", size " << size << ", q " << q);
    REQUIRE(same(p, expected));
  }
}

TEST_CASE("statistics: known answers for a small sample, NaN skipped", "[engine][statistics]") {
  const sim::SampleSummary summary = sim::summarize({4, NAN, 1, 3, 2, 5});
  REQUIRE(summary.count == 5);
  REQUIRE(summary.mean == 3.0);
  REQUIRE(summary.standard_deviation == Approx(std::sqrt(2.5)));
  REQUIRE(summary.standard_error == Approx(std::sqrt(2.5 / 5)));
  REQUIRE(summary.p50 == 3.0);
  REQUIRE(summary.p25 == 2.0);
  REQUIRE(summary.p5 == Approx(1.2));  // numpy: percentile([1..5], 5) = 1.2
  REQUIRE(std::isnan(sim::summarize({NAN}).mean));
}

TEST_CASE("statistics: the Wilson interval matches published values", "[engine][statistics]") {
  // 8 successes in 10 trials, z = 1.96: [0.4902, 0.9433] (Newcombe 1998, table I).
  const sim::Interval interval = sim::wilson_interval(8, 10);
  REQUIRE(interval.low == Approx(0.4902).margin(1e-4));
  REQUIRE(interval.high == Approx(0.9433).margin(1e-4));
  const sim::Interval none = sim::wilson_interval(0, 100);
  REQUIRE(none.low == Approx(0.0).margin(1e-12));
  REQUIRE(none.high == Approx(0.0370).margin(1e-4));
}
