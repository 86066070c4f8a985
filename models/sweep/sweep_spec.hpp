// A sweep: a base scenario, parameters varied by scenario path, a design that picks the points,
// replications per point and the metrics to keep. Loaded from a YAML sweep file, validated with
// the same quality of errors as scenarios (file, line, column, path, expected form).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <string>
#include <vector>

namespace models {

struct SweepParameter {
  std::string path;  // a numeric field of the scenario, e.g. workloads.stateless_api.growth
  enum class Kind { Values, Range, Uniform, Triangular } kind = Kind::Values;
  std::vector<double> values;  // Values; Range expands to its steps
  double low = 0, mode = 0, high = 0;
  double base = 0;  // the one-at-a-time base value
  // The value at quantile u in [0, 1) (for sampling designs): inverse CDF of Uniform and
  // Triangular; for Values and Range, the value at index floor(u * count).
  double quantile(double u) const;
};

enum class DesignKind { Grid, LatinHypercube, Sobol, OneAtATime, Table, Morris };
const char* design_name(DesignKind kind);

struct SweepSpec {
  std::string name, description, path, text;  // text: the sweep file as resolved
  std::string scenario_path;                  // resolved relative to the sweep file
  std::string scenario_text;                  // the base scenario, resolved (as in a results file)
  std::uint64_t replications = 200;
  bool has_seed = false;
  std::uint64_t seed = 0;
  bool common_random_numbers = true;
  bool keep_replications = false;
  // Precision target per point (as `run --until`); empty metric: fixed replications.
  std::string until_metric;
  double until_relative = 0;
  std::uint64_t until_max = 0, until_batch = 0;
  DesignKind design = DesignKind::Grid;
  std::uint64_t design_points = 64, design_seed = 1, bootstrap = 500;
  std::uint64_t levels = 4;  // morris: levels of its grid (design_points is then the trajectories)
  std::string table_file;
  std::vector<SweepParameter> parameters;
  std::vector<std::string> metrics;
  // Each metric's unit and meaning, from the base scenario's catalog (written with the results).
  std::vector<std::string> metric_units, metric_descriptions;

  // The points, one row per point, one column per parameter. For Sobol, Saltelli's layout:
  // rows [0, N) are A, [N, 2N) are B, then d blocks of N for AB_i (A with column i from B).
  Eigen::MatrixXd points;
};

// Loads, validates and expands a sweep file (design points included). Throws InputError with
// every problem found, including those of the base scenario and of parameter values it rejects.
SweepSpec load_sweep(const std::string& path);

// The --set assignments that make point `row`'s scenario.
std::vector<std::string> point_overrides(const SweepSpec& spec, Eigen::Index row);

}  // namespace models
