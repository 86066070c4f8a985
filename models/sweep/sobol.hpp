// Sobol indices of sweep results: how much of an output's variance each input explains, alone
// (first order) and with its interactions (total).
//
// Outputs come from Saltelli's layout: N rows of sample A, N rows of sample B, then for each of
// the d parameters the N rows AB_i (A with column i taken from B). A dealsim output is a mean
// over replications, so it carries noise; the estimators are those that behave best with noisy
// outputs:
//   first order  Janon et al. (2014): the pairs (yB, yAB_i) share only input i, and
//                S_i = (mean(yB yAB_i) - m_i^2) / (mean((yB^2 + yAB_i^2) / 2) - m_i^2),
//                m_i = mean((yB + yAB_i) / 2); asymptotically efficient, and never above 1.
//   total        Jansen (1999): ST_i = mean((yA - yAB_i)^2) / (2 V), V the variance of yA and
//                yB together.
// Both are fractions of variance, so estimates and intervals are clipped to [0, 1]: a value
// outside is sampling error. Noise that is not shared between points counts as part of every
// input's total index (it is variance no input explains alone), never of a first-order index.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace models {

struct SobolIndices {
  // One entry per parameter, each in [0, 1]. *_low and *_high bound the bootstrap 95 % interval
  // (percentiles of `resamples` estimates on the N base rows drawn with replacement).
  Eigen::VectorXd first, first_low, first_high, total, total_low, total_high;
  // The convergence check: the same estimators on the first N/2 base rows. The difference
  // between the N/2 and N estimates has about the N estimate's standard error.
  Eigen::VectorXd first_half, total_half;
  // Every index's N/2 estimate is within max(kConvergenceFloor, the width of its N interval) of
  // its N estimate (before clipping): when nothing drifts between the halves, a difference that
  // large is a 4-sigma event.
  bool converged = false;
};

// Below this, a change between N/2 and N is immaterial to the reading of an index.
constexpr double kConvergenceFloor = 0.05;
// An interval wider than this is too wide to rank inputs by; summaries warn of it.
constexpr double kWideInterval = 0.2;

// The indices of outputs `y` in Saltelli's layout with N = base_points rows per block and d =
// parameters. The bootstrap is seeded, so the intervals reproduce.
SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index base_points,
                           Eigen::Index parameters, std::size_t resamples, std::uint64_t seed);

// Sobol indices of several metrics as [metric][parameter] tables, row-major, and each metric's
// convergence (1 or 0); metric k's bootstrap is seeded with seed + k.
struct SobolTables {
  std::vector<double> first, first_low, first_high, total, total_low, total_high, first_half,
      total_half;
  std::vector<std::int64_t> converged;
};
SobolTables sobol_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index base_points,
                         Eigen::Index parameters, std::size_t resamples, std::uint64_t seed);

}  // namespace models
