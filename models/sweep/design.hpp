// The points of a sweep design.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace models {

// Full factorial over each parameter's values; the first parameter varies slowest.
Eigen::MatrixXd grid_design(const std::vector<SweepParameter>& parameters);
// `points` points; each parameter's range is cut into `points` equal-probability strata with
// exactly one point in each, in a seeded random order.
Eigen::MatrixXd latin_hypercube_design(const std::vector<SweepParameter>& parameters,
                                       std::size_t points, std::uint64_t seed);
// Saltelli's layout from a Sobol sequence of dimension 2d (its first point, all zeros, skipped):
// A (N rows), B (N rows), then AB_i (A with column i from B) for each parameter i.
Eigen::MatrixXd sobol_design(const std::vector<SweepParameter>& parameters,
                             std::size_t base_points);
// The base point, then for each parameter its low and its high with the others at base.
Eigen::MatrixXd one_at_a_time_design(const std::vector<SweepParameter>& parameters);
// Reads a CSV table (header: parameter paths; rows: values). Problems are added to `problems`,
// naming the file and line. The parameters are those of the header, with `values` filled.
Eigen::MatrixXd table_design(const std::string& file, std::vector<SweepParameter>& parameters,
                             std::vector<Diagnostic>& problems);

}  // namespace models
