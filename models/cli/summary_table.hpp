// Prints the summary group of a results file as a table or CSV.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace cli {

struct SummaryRow {
  std::string metric, unit, kind;  // kind: "probability" or "value"
  double mean, sd, se, p5, p25, p50, p75, p95, count, wilson_low, wilson_high;
};

// Reads /summary of a results file. Throws sim::IoError.
std::vector<SummaryRow> read_summary(const std::filesystem::path& file);

// The terminal table. With `main_only`, only headline metrics (spend and shares, unserved total,
// shortfalls and penalties, tranches, filings and outcomes, NPV and value).
void print_summary_table(const std::vector<SummaryRow>& rows, bool main_only);
void print_summary_csv(const std::vector<SummaryRow>& rows);

// Headline metrics: spend and shares, unserved total, shortfalls and penalties, tranches,
// filings and outcomes, NPV and value.
bool is_headline_metric(const std::string& name);

}  // namespace cli
