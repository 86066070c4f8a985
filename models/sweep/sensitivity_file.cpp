#include "models/sweep/sensitivity_file.hpp"

#include <Eigen/Core>
#include <string>
#include <utility>

#include "models/sweep/design.hpp"
#include "models/sweep/morris.hpp"
#include "models/sweep/sensitivity.hpp"
#include "models/sweep/sobol.hpp"
#include "sim/io/hdf5_writer.hpp"

namespace models {

void write_sensitivity(sim::Hdf5Writer& writer, const SweepSpec& spec,
                       const std::vector<const PointResult*>& present) {
  const std::size_t p = present.size(), d = spec.parameters.size(), m = spec.metrics.size();
  if (p != static_cast<std::size_t>(spec.points.rows())) return;
  std::vector<Eigen::VectorXd> means(m, Eigen::VectorXd(static_cast<Eigen::Index>(p)));
  for (std::size_t k = 0; k < m; ++k) {
    for (std::size_t i = 0; i < p; ++i)
      means[k](static_cast<Eigen::Index>(i)) = present[i]->summaries[k].mean;
  }
  auto write_table = [&](const std::string& name, const std::vector<double>& table) {
    writer.write_array(name, table, {m, d});
    writer.attach_dimension(name, "metric", 0);
    writer.attach_dimension(name, "parameter", 1);
  };
  if (spec.design == DesignKind::Sobol) {
    const SobolTables sobol =
        sobol_tables(means, static_cast<Eigen::Index>(spec.design_points),
                     static_cast<Eigen::Index>(d), spec.bootstrap, spec.design_seed);
    writer.create_group("sobol");
    const std::pair<const char*, const std::vector<double>*> tables[] = {
        {"first_order", &sobol.first},           {"first_order_low", &sobol.first_low},
        {"first_order_high", &sobol.first_high}, {"total", &sobol.total},
        {"total_low", &sobol.total_low},         {"total_high", &sobol.total_high},
        {"first_order_half", &sobol.first_half}, {"total_half", &sobol.total_half}};
    for (const auto& [name, table] : tables)
      write_table(std::string("sobol/") + name, *table);
    writer.write("sobol/converged", sobol.converged);
    writer.attach_dimension("sobol/converged", "metric", 0);
    writer.set_attribute("/sobol", "estimators",
                         std::string("first order: Janon et al. (2014); total: Jansen (1999); "
                                     "clipped to [0, 1]"));
    writer.set_attribute(
        "/sobol", "convergence_rule",
        std::string("converged: every index's estimate on the first N/2 base points "
                    "within max(convergence_floor, the width of its 95 % "
                    "interval) of its estimate on all N"));
    writer.set_attribute("/sobol", "convergence_floor", kConvergenceFloor);
  }
  if (spec.design == DesignKind::Morris) {
    const double delta = morris_delta(spec.levels);
    const MorrisTables morris =
        morris_tables(means, spec.points, delta, spec.bootstrap, spec.design_seed);
    writer.create_group("morris");
    const std::pair<const char*, const std::vector<double>*> tables[] = {
        {"mu_star", &morris.mu_star},
        {"mu_star_low", &morris.mu_star_low},
        {"mu_star_high", &morris.mu_star_high},
        {"mu", &morris.mu},
        {"sigma", &morris.sigma},
        {"sigma_low", &morris.sigma_low},
        {"sigma_high", &morris.sigma_high}};
    for (const auto& [name, table] : tables)
      write_table(std::string("morris/") + name, *table);
    writer.set_attribute("/morris", "delta", delta);
    writer.set_attribute("/morris", "levels", static_cast<std::int64_t>(spec.levels));
    writer.set_attribute("/morris", "trajectories", static_cast<std::int64_t>(spec.design_points));
    writer.set_attribute("/morris", "effect_unit",
                         std::string("the metric's unit per whole quantile range of the input"));
  }
  if (spec.design == DesignKind::OneAtATime) {
    const TornadoTables tornado = tornado_tables(means, static_cast<Eigen::Index>(d));
    writer.create_group("tornado");
    write_table("tornado/low", tornado.low);
    write_table("tornado/high", tornado.high);
    write_table("tornado/swing", tornado.swing);
    writer.write("tornado/base", tornado.base);
    writer.attach_dimension("tornado/base", "metric", 0);
    std::vector<double> low_values, high_values;
    for (const auto& parameter : spec.parameters) {
      low_values.push_back(parameter.low);
      high_values.push_back(parameter.high);
    }
    writer.write("tornado/parameter_low", low_values);
    writer.write("tornado/parameter_high", high_values);
    writer.attach_dimension("tornado/parameter_low", "parameter", 0);
    writer.attach_dimension("tornado/parameter_high", "parameter", 0);
  }
}

}  // namespace models
