// Sensitivity analysis of sweep results: the tornado table (Sobol indices: sobol.hpp).
#pragma once

#include <Eigen/Core>
#include <vector>

namespace models {

struct Tornado {
  // One entry per parameter: the output with the parameter at its low and high (others at
  // base), the base output, and |high - low|.
  Eigen::VectorXd low, high, swing;
  double base = 0;
};

// From outputs `y` of a one-at-a-time design (base, then low and high of each parameter).
Tornado tornado(const Eigen::VectorXd& y, Eigen::Index parameters);

// Tornado tables of several metrics: low, high and swing [metric][parameter], base [metric].
struct TornadoTables {
  std::vector<double> low, high, swing, base;
};
TornadoTables tornado_tables(const std::vector<Eigen::VectorXd>& metrics, Eigen::Index parameters);

}  // namespace models
