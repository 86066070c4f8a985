#include "models/sweep/sensitivity.hpp"

#include <cmath>

namespace models {

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
