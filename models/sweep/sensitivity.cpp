#include "models/sweep/sensitivity.hpp"

#include <algorithm>
#include <vector>

#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

// Point estimates of the indices from rows `rows` of the base sample.
void estimate(const Eigen::VectorXd& y, Eigen::Index n, Eigen::Index d,
              const std::vector<Eigen::Index>& rows, Eigen::VectorXd& first,
              Eigen::VectorXd& total) {
  const auto m = static_cast<double>(rows.size());
  Eigen::VectorXd a(rows.size()), b(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    a(static_cast<Eigen::Index>(k)) = y(rows[k]);
    b(static_cast<Eigen::Index>(k)) = y(n + rows[k]);
  }
  const double mean = (a.sum() + b.sum()) / (2 * m);
  const double variance =
      ((a.array() - mean).square().sum() + (b.array() - mean).square().sum()) / (2 * m - 1);
  first.resize(d);
  total.resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    Eigen::VectorXd ab(rows.size());
    for (std::size_t k = 0; k < rows.size(); ++k)
      ab(static_cast<Eigen::Index>(k)) = y(n * (2 + i) + rows[k]);
    first(i) = variance > 0 ? (b.array() * (ab - a).array()).mean() / variance : 0.0;
    total(i) = variance > 0 ? (a - ab).array().square().mean() / (2 * variance) : 0.0;
  }
}

double percentile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

}  // namespace

SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index n, Eigen::Index d,
                           std::size_t resamples, std::uint64_t seed) {
  SobolIndices indices;
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(n));
  for (Eigen::Index k = 0; k < n; ++k)
    rows[static_cast<std::size_t>(k)] = k;
  estimate(y, n, d, rows, indices.first, indices.total);
  std::vector<std::vector<double>> first(static_cast<std::size_t>(d)),
      total(static_cast<std::size_t>(d));
  sim::RandomStream stream = sim::RandomStreams(seed, 0).stream("sobol/bootstrap");
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
  indices.first_low.resize(d), indices.first_high.resize(d), indices.total_low.resize(d),
      indices.total_high.resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    const auto& f = first[static_cast<std::size_t>(i)];
    const auto& t = total[static_cast<std::size_t>(i)];
    indices.first_low(i) = f.empty() ? indices.first(i) : percentile(f, 0.025);
    indices.first_high(i) = f.empty() ? indices.first(i) : percentile(f, 0.975);
    indices.total_low(i) = t.empty() ? indices.total(i) : percentile(t, 0.025);
    indices.total_high(i) = t.empty() ? indices.total(i) : percentile(t, 0.975);
  }
  return indices;
}

Tornado tornado(const Eigen::VectorXd& y, Eigen::Index d) {
  Tornado result;
  result.base = y(0);
  result.low.resize(d), result.high.resize(d), result.swing.resize(d);
  for (Eigen::Index i = 0; i < d; ++i) {
    result.low(i) = y(1 + 2 * i);
    result.high(i) = y(2 + 2 * i);
    result.swing(i) = std::abs(result.high(i) - result.low(i));
  }
  return result;
}

SobolTables sobol_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index base_points,
                         Eigen::Index parameters, std::size_t resamples, std::uint64_t seed) {
  const std::size_t m = metrics.size(), d = static_cast<std::size_t>(parameters);
  SobolTables tables;
  for (auto* table : {&tables.first, &tables.first_low, &tables.first_high, &tables.total,
                      &tables.total_low, &tables.total_high})
    table->assign(m * d, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    const SobolIndices indices =
        sobol_indices(metrics[k], base_points, parameters, resamples, seed + k);
    for (std::size_t j = 0; j < d; ++j) {
      const auto jj = static_cast<Eigen::Index>(j);
      tables.first[k * d + j] = indices.first(jj);
      tables.first_low[k * d + j] = indices.first_low(jj);
      tables.first_high[k * d + j] = indices.first_high(jj);
      tables.total[k * d + j] = indices.total(jj);
      tables.total_low[k * d + j] = indices.total_low(jj);
      tables.total_high[k * d + j] = indices.total_high(jj);
    }
  }
  return tables;
}

TornadoTables tornado_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index parameters) {
  const std::size_t m = metrics.size(), d = static_cast<std::size_t>(parameters);
  TornadoTables tables;
  tables.low.assign(m * d, 0.0);
  tables.high.assign(m * d, 0.0);
  tables.swing.assign(m * d, 0.0);
  tables.base.assign(m, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    const Tornado table = tornado(metrics[k], parameters);
    tables.base[k] = table.base;
    for (std::size_t j = 0; j < d; ++j) {
      tables.low[k * d + j] = table.low(static_cast<Eigen::Index>(j));
      tables.high[k * d + j] = table.high(static_cast<Eigen::Index>(j));
      tables.swing[k * d + j] = table.swing(static_cast<Eigen::Index>(j));
    }
  }
  return tables;
}

}  // namespace models
