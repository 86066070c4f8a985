#include "models/calibration/abc_smc.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/calibration/prior_density.hpp"
#include "sim/kernel/error.hpp"
#include "sim/kernel/random_stream.hpp"

namespace models {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The lower Cholesky factor of the kernel's covariance, twice the population's weighted
// covariance; a ridge is added when the population has collapsed onto a subspace.
Eigen::MatrixXd kernel_factor(const Population& population) {
  const Eigen::Index d = population.values.cols();
  const Eigen::Map<const Eigen::VectorXd> w(population.weights.data(),
                                            static_cast<Eigen::Index>(population.weights.size()));
  const double total = w.sum();
  const Eigen::RowVectorXd mean = (w.transpose() * population.values) / total;
  const Eigen::MatrixXd centred = population.values.rowwise() - mean;
  Eigen::MatrixXd covariance = 2.0 * (centred.transpose() * w.asDiagonal() * centred) / total;
  double ridge = 1e-12 * std::max(1.0, covariance.diagonal().cwiseAbs().maxCoeff());
  for (int attempt = 0; attempt < 60; ++attempt) {
    Eigen::LLT<Eigen::MatrixXd> factor(covariance);
    if (factor.info() == Eigen::Success) return factor.matrixL();
    covariance += ridge * Eigen::MatrixXd::Identity(d, d);
    ridge *= 10;
  }
  SIM_CHECK(false, "calibration: the population's covariance cannot be factored");
  return {};
}

}  // namespace

AbcSmc::AbcSmc(const std::vector<FreeInput>& inputs, const std::vector<Target>& targets,
               const AbcSmcSettings& settings, std::uint64_t seed)
    : settings_(settings), seed_(seed) {
  for (const auto& input : inputs)
    priors_.push_back(input.prior);
  for (const auto& target : targets) {
    reported_.push_back(target.value);
    sd_.push_back(target.sd);
  }
}

bool AbcSmc::finished() const {
  if (records_.empty()) return false;
  if (records_.size() >= settings_.max_generations) return true;
  return records_.size() >= 2 && records_.back().acceptance <= settings_.min_acceptance;
}

double AbcSmc::log_prior(const Eigen::Ref<const Eigen::RowVectorXd>& values) const {
  double total = 0;
  for (std::size_t j = 0; j < priors_.size(); ++j)
    total += log_prior_density(priors_[j], values(static_cast<Eigen::Index>(j)));
  return total;
}

Eigen::MatrixXd AbcSmc::propose() const {
  const auto d = static_cast<Eigen::Index>(priors_.size());
  sim::RandomStream stream = sim::RandomStreams(seed_, generation()).stream("calibration/proposal");
  if (records_.empty()) {
    Eigen::MatrixXd candidates(static_cast<Eigen::Index>(settings_.particles), d);
    for (Eigen::Index i = 0; i < candidates.rows(); ++i) {
      for (Eigen::Index j = 0; j < d; ++j)
        candidates(i, j) = priors_[static_cast<std::size_t>(j)].draw(stream);
    }
    return candidates;
  }
  const Eigen::MatrixXd& factor = kernel_;
  std::vector<double> cumulative(population_.weights.size());
  std::partial_sum(population_.weights.begin(), population_.weights.end(), cumulative.begin());
  const auto count = static_cast<Eigen::Index>(settings_.particles - settings_.kept());
  Eigen::MatrixXd candidates(count, d);
  Eigen::VectorXd z(d);
  for (Eigen::Index i = 0; i < count; ++i) {
    bool inside = false;
    for (int attempt = 0; attempt < 100000 && !inside; ++attempt) {
      const double u = stream.uniform01() * cumulative.back();
      const auto ancestor = static_cast<Eigen::Index>(std::min<std::ptrdiff_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(),
          static_cast<std::ptrdiff_t>(cumulative.size()) - 1));
      for (Eigen::Index j = 0; j < d; ++j)
        z(j) = stream.normal(0, 1);
      candidates.row(i) = population_.values.row(ancestor) + (factor * z).transpose();
      inside = std::isfinite(log_prior(candidates.row(i)));
    }
    SIM_CHECK(inside, "calibration: proposals practically never land inside the priors' support");
  }
  return candidates;
}

std::vector<double> AbcSmc::distances(const Eigen::MatrixXd& statistics,
                                      std::uint64_t generation) const {
  sim::RandomStream stream = sim::RandomStreams(seed_, generation).stream("calibration/error");
  std::vector<double> result(static_cast<std::size_t>(statistics.rows()));
  const auto targets = static_cast<double>(reported_.size());
  for (Eigen::Index i = 0; i < statistics.rows(); ++i) {
    double squares = 0;
    for (std::size_t k = 0; k < reported_.size(); ++k) {
      // Drawn for every target even after a NaN, so that later candidates' errors stay put.
      const double error = sd_[k] * stream.normal(0, 1);
      const double noisy = statistics(i, static_cast<Eigen::Index>(k)) + error;
      const double standardised = (noisy - reported_[k]) / sd_[k];
      squares += standardised * standardised;
    }
    const double distance = std::sqrt(squares / targets);
    result[static_cast<std::size_t>(i)] = std::isnan(distance) ? kInfinity : distance;
  }
  return result;
}

std::vector<double> AbcSmc::proposal_weights(const Eigen::MatrixXd& candidates) const {
  std::vector<double> weights(static_cast<std::size_t>(candidates.rows()), 1.0);
  if (records_.empty()) return weights;
  const Eigen::MatrixXd& factor = kernel_;
  const double total = std::accumulate(population_.weights.begin(), population_.weights.end(), 0.0);
  const auto n = static_cast<Eigen::Index>(population_.weights.size());
  std::vector<double> log_terms(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < candidates.rows(); ++i) {
    // log sum_j (w_j / W) exp(-|L^-1 (theta - theta_j)|^2 / 2), by log-sum-exp.
    double largest = -kInfinity;
    for (Eigen::Index j = 0; j < n; ++j) {
      const Eigen::VectorXd difference =
          (candidates.row(i) - population_.values.row(j)).transpose();
      const Eigen::VectorXd standardised = factor.triangularView<Eigen::Lower>().solve(difference);
      const double term = std::log(population_.weights[static_cast<std::size_t>(j)] / total) -
                          0.5 * standardised.squaredNorm();
      log_terms[static_cast<std::size_t>(j)] = term;
      largest = std::max(largest, term);
    }
    double sum = 0;
    for (const double term : log_terms)
      sum += std::exp(term - largest);
    weights[static_cast<std::size_t>(i)] =
        std::exp(log_prior(candidates.row(i)) - (largest + std::log(sum)));
  }
  return weights;
}

void AbcSmc::complete(const Eigen::MatrixXd& candidates, const Eigen::MatrixXd& statistics) {
  GenerationRecord record;
  record.candidates = candidates;
  record.statistics = statistics;
  record.distances = distances(statistics, generation());
  const std::vector<double> weights = proposal_weights(candidates);
  if (!records_.empty()) {
    const double previous = records_.back().tolerance;
    const auto within = std::count_if(record.distances.begin(), record.distances.end(),
                                      [&](double distance) { return distance < previous; });
    record.acceptance = static_cast<double>(within) / static_cast<double>(record.distances.size());
  }
  // The pool: the kept population, then the new candidates; the K nearest are kept (ties in
  // pool order).
  Population pool = population_;
  const Eigen::Index old_count = pool.values.rows(), added = candidates.rows();
  pool.values.conservativeResize(old_count + added, candidates.cols());
  pool.values.bottomRows(added) = candidates;
  pool.statistics.conservativeResize(old_count + added, statistics.cols());
  pool.statistics.bottomRows(added) = statistics;
  pool.weights.insert(pool.weights.end(), weights.begin(), weights.end());
  pool.distances.insert(pool.distances.end(), record.distances.begin(), record.distances.end());
  pool.generation.insert(pool.generation.end(), static_cast<std::size_t>(added), generation());
  std::vector<std::size_t> order(pool.weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return pool.distances[a] < pool.distances[b];
  });
  order.resize(std::min<std::size_t>(order.size(), settings_.kept()));
  Population kept;
  kept.values.resize(static_cast<Eigen::Index>(order.size()), pool.values.cols());
  kept.statistics.resize(static_cast<Eigen::Index>(order.size()), pool.statistics.cols());
  for (std::size_t r = 0; r < order.size(); ++r) {
    kept.values.row(static_cast<Eigen::Index>(r)) =
        pool.values.row(static_cast<Eigen::Index>(order[r]));
    kept.statistics.row(static_cast<Eigen::Index>(r)) =
        pool.statistics.row(static_cast<Eigen::Index>(order[r]));
    kept.weights.push_back(pool.weights[order[r]]);
    kept.distances.push_back(pool.distances[order[r]]);
    kept.generation.push_back(pool.generation[order[r]]);
  }
  population_ = std::move(kept);
  record.tolerance = population_.distances.back();
  double sum = 0, squares = 0;
  for (const double w : population_.weights) {
    sum += w;
    squares += w * w;
  }
  record.effective_size = squares > 0 ? sum * sum / squares : 0;
  records_.push_back(std::move(record));
  if (!finished()) kernel_ = kernel_factor(population_);
}

}  // namespace models
