// A calibration: a base scenario, the inputs left free (by scenario path, each with a prior), the
// reported figures the model must reproduce (targets, each with its uncertainty and source), the
// replications per candidate and the method's budget. Loaded from a YAML calibration file and
// validated with the same quality of errors as scenarios (file, line, column, path, form).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/parameter.hpp"

namespace models {

class MetricCatalog;
struct ReplicationResult;

// An input the calibration fits: a number of the base scenario, drawn per replication (a
// Parameter), with a prior over the field's allowed range.
struct FreeInput {
  std::string path;  // e.g. workloads.stateless_api.growth
  Parameter prior;   // a distribution (never Fixed); truncated to the field's range
  std::string unit;  // the field's unit, for reports
};

// A reported figure and the model statistic that should reproduce it.
struct Target {
  std::string name;  // the map key in the calibration file
  // Either a scalar metric, or a series (one label's row, or the sum of every row) reduced over
  // its steps [first_step, last_step] by sum or mean.
  std::string metric;  // scalar metric name; empty for a series target
  std::string series;  // series name; empty for a metric target
  std::string label;   // the series row; empty: the sum over every row
  std::size_t first_step = 0, last_step = 0;
  bool reduce_sum = true;
  std::string period;  // the steps as dates, for reports, e.g. "2030-03-01 to 2031-02-28"
  // Across the replications of a candidate: the mean (percentile < 0) or that percentile (0-1).
  double percentile = -1;
  std::string statistic;  // "mean", "p50", ... as written
  double value = 0;       // the reported figure
  double sd = 0;          // its uncertainty as a standard deviation (> 0)
  std::string unit, source;
};

// Approximate Bayesian computation by sequential Monte Carlo in its adaptive population form
// (Lenormand, Jabot and Deffuant 2013): each generation after the first proposes
// particles - kept new candidates; the tolerance is the distance of the kept-th best.
struct AbcSmcSettings {
  std::uint64_t particles = 200;  // N: candidates of the first generation; population size
  double alpha = 0.5;             // fraction of the population kept at each generation
  double min_acceptance = 0.05;   // stop when fewer new candidates than this fall within tolerance
  std::uint64_t max_generations = 20;
  std::uint64_t kept() const;  // floor(alpha * particles), at least 2
};

struct CalibrationSpec {
  std::string name, description, path, text;  // text: the calibration file as resolved
  std::string scenario_path, scenario_text;   // the base scenario, resolved
  std::uint64_t seed = 0;
  std::uint64_t replications = 20;  // per candidate, with common random numbers
  std::vector<FreeInput> inputs;
  std::vector<Target> targets;
  AbcSmcSettings method;
};

// Loads and validates a calibration file with its base scenario. Throws InputError with every
// problem found.
CalibrationSpec load_calibration(const std::string& path);

// A calibration as its file keeps it: the resolved texts, the paths they came from, the seed.
struct StoredCalibration {
  std::string calibration_text, calibration_path, scenario_text, scenario_path;
  std::uint64_t seed = 0;
};
// The spec of a stored calibration (for merge and run --posterior), without reading the files
// again. Throws InputError if the texts no longer validate (a file of another version).
CalibrationSpec load_stored_calibration(const StoredCalibration& stored);

// Identifies a calibration: its resolved text, its base scenario's and its seed.
std::string calibration_hash(const CalibrationSpec& spec);

// Where a target's values sit in a replication's results (resolve_target, once per catalog), and
// one replication's value of it: the scalar metric, or the series row(s) reduced over its steps.
struct ResolvedTarget {
  bool is_series = false;
  std::size_t scalar = 0;             // scalar index
  std::size_t offset = 0, steps = 0;  // the series block's offset and steps per row
  std::vector<std::size_t> rows;      // rows summed
};
ResolvedTarget resolve_target(const Target& target, const MetricCatalog& catalog);
double target_value(const Target& target, const ResolvedTarget& resolved,
                    const ReplicationResult& replication);

}  // namespace models
