// The points of a sweep design.
#pragma once

#include <Eigen/Core>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/sweep/sweep_spec.hpp"

namespace models {

// The most points a sweep may have (any design), and with keep_replications the most values
// (points x metrics x replications) it may keep: bounds on memory, documented with the sweep
// file format. A design over either limit is refused before anything is allocated.
inline constexpr double kMaxSweepPoints = 100'000;
inline constexpr double kMaxKeptValues = 50'000'000;

// How many points the design of `spec` has, computed without building it (as a double, so that
// a grid of many large axes does not overflow). REQUIRES: spec.parameters filled, not a table.
double design_size(const SweepSpec& spec);

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
// Morris's elementary-effects design (Morris 1991): `trajectories` paths of d + 1 points on a
// grid of `levels` levels per input (in quantile space), each path moving every input once, in
// a random order and direction, by morris_delta(levels) of its quantile range. Seeded.
Eigen::MatrixXd morris_design(const std::vector<SweepParameter>& parameters,
                              std::size_t trajectories, std::size_t levels, std::uint64_t seed);
// The step of a Morris design, in quantile space: levels / (2 (levels - 1)).
double morris_delta(std::size_t levels);
// The base point, then for each parameter its low and its high with the others at base.
Eigen::MatrixXd one_at_a_time_design(const std::vector<SweepParameter>& parameters);
// Reads a CSV table (header: parameter paths; rows: values). Problems are added to `problems`,
// naming the file and line. The parameters are those of the header, with `values` filled.
Eigen::MatrixXd table_design(const std::string& file, std::vector<SweepParameter>& parameters,
                             std::vector<Diagnostic>& problems);

}  // namespace models
