// Prints the summary group of a results file as a table or CSV.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sim {
class Hdf5Reader;
}

namespace cli {

struct SummaryRow {
  std::string metric, unit, kind;  // kind: "probability" or "value"
  bool headline;
  double mean, sd, se, p5, p25, p50, p75, p95, count, wilson_low, wilson_high;
  std::string description;  // what the metric is, in a line ("" in files written before it)
};

// Reads /summary of a results file. Throws sim::IoError.
std::vector<SummaryRow> read_summary(const std::filesystem::path& file);

// The terminal table. With `main_only`, only headline metrics (billings, shares, gross profit,
// unserved demand, revenue, shortfalls and penalties, tranches, filings and outcomes, NPV of cash
// flow and value). With `explain`, each metric shown is then listed with its unit and meaning.
void print_summary_table(const std::vector<SummaryRow>& rows, bool main_only, bool explain = false);
void print_summary_csv(const std::vector<SummaryRow>& rows);

// Whether each of the file's `metrics` summary rows is a headline metric (summary/headline,
// chosen by the metric catalog); every row for a file written before that dataset existed.
// Throws sim::IoError when its size disagrees with the metrics.
std::vector<bool> read_headline_flags(const sim::Hdf5Reader& reader, const std::string& file,
                                      std::size_t metrics);

}  // namespace cli
