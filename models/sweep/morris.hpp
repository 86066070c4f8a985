// Morris screening of sweep results: elementary effects along the trajectories of a Morris
// design (models/sweep/design.hpp), for ranking many inputs with few points.
//
// Along a trajectory each input moves once, by delta of its quantile range, the others fixed:
// its elementary effect is the change in the output divided by that move (signed: a move down
// divides by -delta). Over the r trajectories (Morris 1991; Campolongo et al. 2007):
//   mu*    mean |effect|: how much the input matters (the ranking measure);
//   mu     mean effect: its direction (near 0 with a large mu*: effects of both signs);
//   sigma  standard deviation of the effects: non-linearity or interactions.
// Effects are in the output's unit per whole quantile range of the input (a move of the input
// from its lowest to its highest value, were the output linear). The intervals resample the
// trajectories (seeded percentile bootstrap).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace models {

struct MorrisEffects {
  // One entry per parameter.
  Eigen::VectorXd mu_star, mu_star_low, mu_star_high, mu, sigma, sigma_low, sigma_high;
};

// From outputs `y` (one per point, trajectories of d + 1 rows each) and the design's points (in
// the parameters' own values, from which each step's input and direction are read); `delta` is
// morris_delta(levels).
MorrisEffects morris_effects(const Eigen::VectorXd& y, const Eigen::MatrixXd& points, double delta,
                             std::size_t resamples, std::uint64_t seed);

// The same for several metrics as [metric][parameter] tables, row-major; metric k's bootstrap
// is seeded with seed + k.
struct MorrisTables {
  std::vector<double> mu_star, mu_star_low, mu_star_high, mu, sigma, sigma_low, sigma_high;
};
MorrisTables morris_tables(const std::vector<Eigen::VectorXd>& metrics,
                           const Eigen::MatrixXd& points, double delta, std::size_t resamples,
                           std::uint64_t seed);

}  // namespace models
