#include "models/sweep/sobol.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

double clip(double value) {
  return std::clamp(value, 0.0, 1.0);
}

// Point estimates of the indices (not yet clipped) from rows `rows` of the base sample.
void estimate(const Eigen::VectorXd& y, Eigen::Index n, Eigen::Index d,
              const std::vector<Eigen::Index>& rows, Eigen::VectorXd& first,
              Eigen::VectorXd& total) {
  const auto m = static_cast<double>(rows.size());
  double sum = 0, squares = 0;
  for (const Eigen::Index row : rows) {
    sum += y(row) + y(n + row);
  }
  const double mean = sum / (2 * m);
  for (const Eigen::Index row : rows) {
    squares += (y(row) - mean) * (y(row) - mean) + (y(n + row) - mean) * (y(n + row) - mean);
  }
  const double variance = squares / (2 * m - 1);
  first.resize(d);
  total.resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    double product = 0, pair_sum = 0, pair_squares = 0, jump = 0;
    for (const Eigen::Index row : rows) {
      const double a = y(row), b = y(n + row), ab = y(n * (2 + i) + row);
      product += b * ab;
      pair_sum += b + ab;
      pair_squares += b * b + ab * ab;
      jump += (a - ab) * (a - ab);
    }
    const double pair_mean = pair_sum / (2 * m);
    const double pair_variance = pair_squares / (2 * m) - pair_mean * pair_mean;
    first(i) = pair_variance > 0 ? (product / m - pair_mean * pair_mean) / pair_variance : 0;
    total(i) = variance > 0 ? jump / m / (2 * variance) : 0;
  }
}

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

std::vector<Eigen::Index> first_rows(Eigen::Index count) {
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(count));
  for (Eigen::Index k = 0; k < count; ++k)
    rows[static_cast<std::size_t>(k)] = k;
  return rows;
}

// The percentile bootstrap of the N-row estimates: their 2.5th and 97.5th percentiles.
void bootstrap(const Eigen::VectorXd& y, Eigen::Index n, Eigen::Index d, std::size_t resamples,
               std::uint64_t seed, SobolIndices& indices) {
  std::vector<std::vector<double>> first(static_cast<std::size_t>(d)),
      total(static_cast<std::size_t>(d));
  sim::RandomStream stream = sim::RandomStreams(seed, 0).stream("sobol/bootstrap");
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  Eigen::VectorXd sample_first, sample_total;
  for (std::size_t r = 0; r < resamples; ++r) {
    for (auto& row : rows)
      row = std::min<Eigen::Index>(
          n - 1, static_cast<Eigen::Index>(stream.uniform01() * static_cast<double>(n)));
    estimate(y, n, d, rows, sample_first, sample_total);
    for (Eigen::Index i = 0; i < d; ++i) {
      first[static_cast<std::size_t>(i)].push_back(sample_first(i));
      total[static_cast<std::size_t>(i)].push_back(sample_total(i));
    }
  }
  for (auto* vector :
       {&indices.first_low, &indices.first_high, &indices.total_low, &indices.total_high})
    vector->resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    const auto& f = first[static_cast<std::size_t>(i)];
    const auto& t = total[static_cast<std::size_t>(i)];
    indices.first_low(i) = f.empty() ? indices.first(i) : percentile(f, 0.025);
    indices.first_high(i) = f.empty() ? indices.first(i) : percentile(f, 0.975);
    indices.total_low(i) = t.empty() ? indices.total(i) : percentile(t, 0.025);
    indices.total_high(i) = t.empty() ? indices.total(i) : percentile(t, 0.975);
  }
}

// The convergence check, on the estimates before clipping (clipping narrows the interval of an
// index near 0 or 1, and would make the check too strict there). The N/2 estimate minus the N
// one has about the N estimate's standard error, a quarter of its interval's width: a
// difference beyond the width is a 4-sigma event when nothing drifts, so the check passes for
// every index of a sweep that is not drifting, and fails where the estimates still move.
bool converged(const SobolIndices& raw, Eigen::Index d) {
  for (Eigen::Index i = 0; i < d; ++i) {
    const double first_tolerance =
        std::max(kConvergenceFloor, raw.first_high(i) - raw.first_low(i));
    const double total_tolerance =
        std::max(kConvergenceFloor, raw.total_high(i) - raw.total_low(i));
    if (std::abs(raw.first(i) - raw.first_half(i)) > first_tolerance ||
        std::abs(raw.total(i) - raw.total_half(i)) > total_tolerance)
      return false;
  }
  return true;
}

}  // namespace

SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index n, Eigen::Index d,
                           std::size_t resamples, std::uint64_t seed) {
  SobolIndices indices;
  estimate(y, n, d, first_rows(n), indices.first, indices.total);
  bootstrap(y, n, d, resamples, seed, indices);
  estimate(y, n, d, first_rows(std::max<Eigen::Index>(1, n / 2)), indices.first_half,
           indices.total_half);
  indices.converged = converged(indices, d);
  for (auto* vector :
       {&indices.first, &indices.first_low, &indices.first_high, &indices.total, &indices.total_low,
        &indices.total_high, &indices.first_half, &indices.total_half})
    *vector = vector->unaryExpr(&clip);
  return indices;
}

SobolTables sobol_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index base_points,
                         Eigen::Index parameters, std::size_t resamples, std::uint64_t seed) {
  const std::size_t m = metrics.size(), d = static_cast<std::size_t>(parameters);
  SobolTables tables;
  std::vector<double>* columns[] = {&tables.first,      &tables.first_low, &tables.first_high,
                                    &tables.total,      &tables.total_low, &tables.total_high,
                                    &tables.first_half, &tables.total_half};
  for (auto* table : columns)
    table->assign(m * d, 0.0);
  tables.converged.assign(m, 0);
  for (std::size_t k = 0; k < m; ++k) {
    const SobolIndices indices =
        sobol_indices(metrics[k], base_points, parameters, resamples, seed + k);
    const Eigen::VectorXd* sources[] = {
        &indices.first,     &indices.first_low,  &indices.first_high, &indices.total,
        &indices.total_low, &indices.total_high, &indices.first_half, &indices.total_half};
    for (std::size_t c = 0; c < std::size(columns); ++c) {
      for (std::size_t j = 0; j < d; ++j)
        (*columns[c])[k * d + j] = (*sources[c])(static_cast<Eigen::Index>(j));
    }
    tables.converged[k] = indices.converged ? 1 : 0;
  }
  return tables;
}

}  // namespace models
