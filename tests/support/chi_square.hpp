// Pearson's chi-square goodness-of-fit test of counts against a discrete distribution, for tests
// that check a sampler's distribution rather than its mean.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

namespace test_support {

// The p-value of `counts` (counts[k] = how often value k was drawn; values beyond the vector
// were never drawn) against `probability(k)` for k = 0, 1, .... Neighbouring values are pooled
// until each cell expects at least 5 draws (the textbook condition for the chi-square
// approximation); the tail beyond the last cell is pooled into it.
inline double chi_square_p_value(const std::vector<long>& counts,
                                 const std::function<double(long)>& probability) {
  long total = 0;
  for (long count : counts)
    total += count;
  const auto n = static_cast<double>(total);
  std::vector<double> observed, expected;
  double cell_observed = 0, cell_expected = 0, covered = 0;
  for (long k = 0; covered < 1 - 1e-12 && k < 10'000'000; ++k) {
    const double p = probability(k);
    covered += p;
    cell_expected += n * p;
    cell_observed += k < static_cast<long>(counts.size()) ? static_cast<double>(counts[k]) : 0.0;
    if (cell_expected >= 5) {
      observed.push_back(cell_observed);
      expected.push_back(cell_expected);
      cell_observed = cell_expected = 0;
    }
  }
  // The remainder (and any count beyond the covered values) joins the last cell.
  double beyond = 0;
  for (long count : counts)
    beyond += static_cast<double>(count);
  for (double o : observed)
    beyond -= o;
  observed.back() += beyond;
  expected.back() += n - [&] {
    double sum = 0;
    for (double e : expected)
      sum += e;
    return sum;
  }();
  double statistic = 0;
  for (std::size_t i = 0; i < observed.size(); ++i)
    statistic += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  const boost::math::chi_squared distribution(static_cast<double>(observed.size() - 1));
  return boost::math::cdf(boost::math::complement(distribution, statistic));
}

}  // namespace test_support
