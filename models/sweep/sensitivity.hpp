// Sensitivity analysis of sweep results: Sobol indices and the tornado table.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace models {

struct SobolIndices {
  // One entry per parameter; *_low and *_high bound the bootstrap 95 % interval.
  Eigen::VectorXd first, first_low, first_high, total, total_low, total_high;
};

// Sobol indices from outputs `y` in Saltelli's layout (A: N rows, B: N rows, then AB_i for each of
// d parameters). First order: Saltelli (2010), S_i = mean(yB (yAB_i - yA)) / V; total: Jansen
// (1999), ST_i = mean((yA - yAB_i)^2) / (2 V); V is the variance of yA and yB together. The
// interval resamples the N base rows with replacement `resamples` times (seeded).
SobolIndices sobol_indices(const Eigen::VectorXd& y, Eigen::Index base_points,
                           Eigen::Index parameters, std::size_t resamples, std::uint64_t seed);

struct Tornado {
  // One entry per parameter: the output with the parameter at its low and high (others at
  // base), the base output, and |high - low|.
  Eigen::VectorXd low, high, swing;
  double base = 0;
};

// From outputs `y` of a one-at-a-time design (base, then low and high of each parameter).
Tornado tornado(const Eigen::VectorXd& y, Eigen::Index parameters);

// Sobol indices of several metrics as [metric][parameter] tables, row-major; metric k's
// bootstrap is seeded with seed + k.
struct SobolTables {
  std::vector<double> first, first_low, first_high, total, total_low, total_high;
};
SobolTables sobol_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index base_points,
                         Eigen::Index parameters, std::size_t resamples, std::uint64_t seed);

// Tornado tables of several metrics: low, high and swing [metric][parameter], base [metric].
struct TornadoTables {
  std::vector<double> low, high, swing, base;
};
TornadoTables tornado_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index parameters);

}  // namespace models
