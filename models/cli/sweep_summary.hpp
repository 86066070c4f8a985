// What `summary` prints for a sweep file, and `sweep` at its end: the points table (each point's
// parameter values and the mean of every kept metric) and, for complete one-at-a-time and Sobol
// sweeps, the tornado and Sobol tables, with warnings where the indices are too imprecise to
// rank inputs by.
#pragma once

#include <filesystem>
#include <string>

namespace cli {

// Whether `file` is a sweep file (root attribute kind = "sweep"). Throws sim::IoError when it
// cannot be opened as HDF5.
bool is_sweep_file(const std::filesystem::path& file);

// The full report: a header, the points (every one with `all_points`, else the first 20 of a
// larger sweep), then the sensitivity tables. Throws sim::IoError for a damaged file.
void print_sweep_summary(const std::filesystem::path& file, bool all_points);
// The points table as CSV: point, each parameter, replications, each metric's mean.
void print_sweep_csv(const std::filesystem::path& file);
// What `sweep` adds to its one-line report: the points (the first 20 of a larger sweep) and the
// sensitivity tables of its design.
void print_sweep_tables(const std::filesystem::path& file);

}  // namespace cli
