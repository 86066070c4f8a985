#include <cstdio>
#include <iostream>

#include "models/calibration/calibration_file.hpp"
#include "models/cli/commands.hpp"
#include "models/cli/summary_table.hpp"
#include "models/cli/sweep_summary.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

int summary_command(const std::string& file, bool csv, bool all, bool explain) {
  try {
    if (models::is_calibration_file(file)) return calibration_summary(file, csv);
    if (is_sweep_file(file)) {
      if (csv)
        print_sweep_csv(file);
      else
        print_sweep_summary(file, all);
      return kSuccess;
    }
    const auto rows = read_summary(file);
    if (csv) {
      print_summary_csv(rows);
      return kSuccess;
    }
    const sim::Hdf5Reader reader(file);
    const auto name = reader.string_attribute("/", "scenario_name").value_or("?");
    const auto replications = reader.integer_attribute("/", "replications").value_or(0);
    const auto seed = reader.integer_attribute("/", "seed").value_or(0);
    const bool complete = reader.integer_attribute("/", "complete").value_or(0) == 1;
    std::printf("%s: %s replications, seed %lld%s\n\n", name.c_str(),
                with_thousands(static_cast<std::uint64_t>(replications)).c_str(),
                static_cast<long long>(seed),
                complete ? "" : " (incomplete: the run was interrupted)");
    print_summary_table(rows, !all, explain);
    return kSuccess;
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim summary: " << error.what() << "\n";
    return kIoFailure;
  }
}

}  // namespace cli
