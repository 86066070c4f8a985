// Approximate Bayesian computation by sequential Monte Carlo, adaptive population form
// (Lenormand, Jabot and Deffuant 2013, "Adaptive approximate Bayesian computation for complex
// models"), with the reported figures' uncertainty as a model of error ("noisy ABC": Wilkinson
// 2013; Fearnhead and Prangle 2012).
//
// Generation 0 draws N candidates from the priors. Generation g >= 1 draws N - K candidates
// (K = floor(alpha N) kept) from the kept population: an ancestor by weight, moved by a normal
// kernel of twice the population's weighted covariance, redrawn until inside the priors'
// support; its weight is prior / sum_j w_j kernel(theta - theta_j). Each candidate's simulated
// statistics get the targets' error added (sd_k z, z standard normal), and its distance is the
// root mean square of (noisy - reported) / sd over the targets. The K nearest of the old
// population and the new candidates are kept; the tolerance is the K-th distance. The run stops
// when the share of new candidates within the previous tolerance is at most min_acceptance, or
// after max_generations. As the tolerance shrinks, the kept population approaches the posterior
// of the inputs given reported = simulated + error, error ~ N(0, sd^2).
//
// Everything random comes from streams of (seed, generation), so the run is a deterministic
// function of the candidates' simulated statistics: a process that is given the statistics of
// earlier generations (a resumed run, another shard) rebuilds exactly the same state.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "models/calibration/calibration_spec.hpp"

namespace models {

struct Population {
  Eigen::MatrixXd values;      // [particle, input]
  Eigen::MatrixXd statistics;  // [particle, target]: simulated, before the error is added
  std::vector<double> weights, distances;
  std::vector<std::uint64_t> generation;  // where each particle was born
};

struct GenerationRecord {
  Eigen::MatrixXd candidates;     // [candidate, input]
  Eigen::MatrixXd statistics;     // [candidate, target], as simulated
  std::vector<double> distances;  // with the error added
  double tolerance = 0;           // after this generation: the kept-th distance
  double acceptance = 1;          // share of new candidates within the previous tolerance
  double effective_size = 0;      // of the kept population: (sum w)^2 / sum w^2
};

class AbcSmc {
 public:
  AbcSmc(const std::vector<FreeInput>& inputs, const std::vector<Target>& targets,
         const AbcSmcSettings& settings, std::uint64_t seed);

  // The generation whose candidates are wanted next (0 at first).
  std::uint64_t generation() const { return records_.size(); }
  // Whether the run has stopped (no further generation).
  bool finished() const;
  // The candidates of the next generation. Throws sim::SimulationError when the proposal
  // practically never lands inside the priors' support.
  Eigen::MatrixXd propose() const;
  // Completes the next generation with its candidates (from propose()) and their simulated
  // statistics, in candidate order.
  void complete(const Eigen::MatrixXd& candidates, const Eigen::MatrixXd& statistics);

  const std::vector<GenerationRecord>& records() const { return records_; }
  const Population& population() const { return population_; }

 private:
  std::vector<double> distances(const Eigen::MatrixXd& statistics, std::uint64_t generation) const;
  std::vector<double> proposal_weights(const Eigen::MatrixXd& candidates) const;
  double log_prior(const Eigen::Ref<const Eigen::RowVectorXd>& values) const;

  std::vector<Parameter> priors_;
  std::vector<double> reported_, sd_;
  AbcSmcSettings settings_;
  std::uint64_t seed_;
  std::vector<GenerationRecord> records_;
  Population population_;
  // The proposal kernel's lower Cholesky factor (twice the population's weighted covariance),
  // computed once per population: the next generation's proposals and their weights use it.
  Eigen::MatrixXd kernel_;
};

}  // namespace models
