#include "models/sweep/morris.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/error.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

// effects(t, j): input j's elementary effect on trajectory t.
Eigen::MatrixXd elementary_effects(const Eigen::VectorXd& y, const Eigen::MatrixXd& points,
                                   double delta) {
  const Eigen::Index d = points.cols(), r = points.rows() / (d + 1);
  SIM_CHECK(points.rows() == r * (d + 1) && y.size() == points.rows(),
            "a Morris design has trajectories of d + 1 points");
  Eigen::MatrixXd effects = Eigen::MatrixXd::Constant(r, d, std::nan(""));
  for (Eigen::Index t = 0; t < r; ++t) {
    for (Eigen::Index k = 1; k <= d; ++k) {
      const Eigen::Index row = t * (d + 1) + k;
      // The input that moved: the one column that differs from the previous point.
      for (Eigen::Index j = 0; j < d; ++j) {
        const double before = points(row - 1, j), after = points(row, j);
        if (before == after) continue;
        const double move = after > before ? delta : -delta;
        effects(t, j) = (y(row) - y(row - 1)) / move;
      }
    }
  }
  return effects;
}

struct Summary {
  double mu_star, mu, sigma;
};

Summary summarize(const Eigen::MatrixXd& effects, Eigen::Index j,
                  const std::vector<Eigen::Index>& rows) {
  double sum = 0, absolute = 0;
  std::size_t count = 0;
  for (const Eigen::Index t : rows) {
    const double effect = effects(t, j);
    if (std::isnan(effect)) continue;
    sum += effect;
    absolute += std::abs(effect);
    ++count;
  }
  Summary summary{std::nan(""), std::nan(""), std::nan("")};
  if (count == 0) return summary;
  const double n = static_cast<double>(count);
  summary.mu = sum / n;
  summary.mu_star = absolute / n;
  double squares = 0;
  for (const Eigen::Index t : rows) {
    const double effect = effects(t, j);
    if (!std::isnan(effect)) squares += (effect - summary.mu) * (effect - summary.mu);
  }
  summary.sigma = count > 1 ? std::sqrt(squares / (n - 1)) : 0.0;
  return summary;
}

double percentile(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return std::nan("");
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(position);
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

}  // namespace

MorrisEffects morris_effects(const Eigen::VectorXd& y, const Eigen::MatrixXd& points, double delta,
                             std::size_t resamples, std::uint64_t seed) {
  const Eigen::MatrixXd effects = elementary_effects(y, points, delta);
  const Eigen::Index r = effects.rows(), d = effects.cols();
  MorrisEffects result;
  for (auto* vector : {&result.mu_star, &result.mu_star_low, &result.mu_star_high, &result.mu,
                       &result.sigma, &result.sigma_low, &result.sigma_high})
    vector->resize(d);
  std::vector<Eigen::Index> rows(static_cast<std::size_t>(r));
  for (Eigen::Index t = 0; t < r; ++t)
    rows[static_cast<std::size_t>(t)] = t;
  for (Eigen::Index j = 0; j < d; ++j) {
    const Summary summary = summarize(effects, j, rows);
    result.mu_star(j) = summary.mu_star;
    result.mu(j) = summary.mu;
    result.sigma(j) = summary.sigma;
  }
  std::vector<std::vector<double>> mu_star(static_cast<std::size_t>(d)),
      sigma(static_cast<std::size_t>(d));
  sim::RandomStream stream = sim::RandomStreams(seed, 0).stream("morris/bootstrap");
  for (std::size_t b = 0; b < resamples && r > 0; ++b) {
    for (auto& row : rows)
      row = std::min<Eigen::Index>(
          r - 1, static_cast<Eigen::Index>(stream.uniform01() * static_cast<double>(r)));
    for (Eigen::Index j = 0; j < d; ++j) {
      const Summary summary = summarize(effects, j, rows);
      mu_star[static_cast<std::size_t>(j)].push_back(summary.mu_star);
      sigma[static_cast<std::size_t>(j)].push_back(summary.sigma);
    }
  }
  for (Eigen::Index j = 0; j < d; ++j) {
    const auto k = static_cast<std::size_t>(j);
    const bool none = mu_star[k].empty();
    result.mu_star_low(j) = none ? result.mu_star(j) : percentile(mu_star[k], 0.025);
    result.mu_star_high(j) = none ? result.mu_star(j) : percentile(mu_star[k], 0.975);
    result.sigma_low(j) = none ? result.sigma(j) : percentile(sigma[k], 0.025);
    result.sigma_high(j) = none ? result.sigma(j) : percentile(sigma[k], 0.975);
  }
  return result;
}

MorrisTables morris_tables(const std::vector<Eigen::VectorXd>& metrics,
                           const Eigen::MatrixXd& points, double delta, std::size_t resamples,
                           std::uint64_t seed) {
  const std::size_t m = metrics.size(), d = static_cast<std::size_t>(points.cols());
  MorrisTables tables;
  std::vector<double>* columns[] = {&tables.mu_star,   &tables.mu_star_low, &tables.mu_star_high,
                                    &tables.mu,        &tables.sigma,       &tables.sigma_low,
                                    &tables.sigma_high};
  for (auto* column : columns)
    column->assign(m * d, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    const MorrisEffects effects = morris_effects(metrics[k], points, delta, resamples, seed + k);
    const Eigen::VectorXd* sources[] = {
        &effects.mu_star, &effects.mu_star_low, &effects.mu_star_high, &effects.mu,
        &effects.sigma,   &effects.sigma_low,   &effects.sigma_high};
    for (std::size_t c = 0; c < std::size(columns); ++c) {
      for (std::size_t j = 0; j < d; ++j)
        (*columns[c])[k * d + j] = (*sources[c])(static_cast<Eigen::Index>(j));
    }
  }
  return tables;
}

}  // namespace models
