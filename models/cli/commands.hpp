// The dealsim command line: subcommands and their exit codes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cli {

// Exit codes, documented in README.md.
enum ExitCode : int {
  kSuccess = 0,
  kBadInput = 2,       // bad input or usage: nothing was written
  kIoFailure = 3,      // a file could not be read or written
  kInterrupted = 130,  // SIGINT or SIGTERM: completed replications were kept, marked incomplete
};

struct RunOptions {
  std::string scenario;
  std::vector<std::string> overrides;
  std::string replications, seed, threads;  // validated by the command (CLI11 accepts -1)
  std::string out;
  std::string until;      // METRIC:REL, e.g. npv_cash_flow.microsoft:0.01
  std::string posterior;  // a calibration file whose posterior the fitted inputs are drawn from
  std::string max_replications, batch;
  bool force = false;
  bool quiet = false;
  bool ledger = false;
  bool timing = false;
  std::string command_line;
};

int run_command(const RunOptions& options);

struct SweepOptions {
  std::string file, out, threads, shard;
  bool resume = false, force = false, quiet = false, timing = false,
       no_common_random_numbers = false;
  std::string command_line;
};
int sweep_command(const SweepOptions& options);
struct CalibrateOptions {
  std::string file, out, threads, shard;
  bool resume = false, force = false, quiet = false, timing = false;
  std::string command_line;
};
int calibrate_command(const CalibrateOptions& options);
// merge_command's work for calibration files.
int merge_calibrations(const std::string& out, const std::vector<std::string>& files, bool force,
                       const std::string& command_line);
int merge_command(const std::string& out, const std::vector<std::string>& shards, bool force,
                  const std::string& command_line);
int validate_command(const std::string& scenario, const std::vector<std::string>& overrides,
                     bool list_assumptions);
int schema_command();
// The summary of a calibration file (summary_command's, for those).
int calibration_summary(const std::string& file, bool csv);
int summary_command(const std::string& file, bool csv, bool all, bool explain);
// The standard figures of a results, sweep or calibration file (PNG or SVG) into `out` (default:
// next to the file), drawn by the Python package.
int plot_command(const std::string& file, const std::string& out, const std::string& format);
// A self-contained HTML page about a results file.
int report_command(const std::string& file, const std::string& out);
// Scenario discovery (PRIM) on a sweep file's points.
struct DiscoverOptions {
  std::string file, where, statistic = "mean";
  double alpha = 0.05, min_support = 0.05, min_density = 0.8;
  bool csv = false;
};
int discover_command(const DiscoverOptions& options);
// Writes a results file's per-replication metrics and series as CSV files into `folder`.
int export_command(const std::string& file, const std::string& folder, bool force);
int compare_command(const std::string& first, const std::string& second, bool csv);

// "1,234" style for counts.
std::string with_thousands(std::uint64_t value);

}  // namespace cli
