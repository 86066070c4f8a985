#include "models/cli/summary_table.hpp"
#include <algorithm>

#include <cstdio>

#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

std::vector<SummaryRow> read_summary(const std::filesystem::path& file) {
  const sim::Hdf5Reader reader(file);
  const auto metrics = reader.strings("summary/metric");
  const auto units = reader.strings("summary/units");
  const auto kinds = reader.strings("summary/kind");
  const char* const columns[] = {"mean", "sd",  "se",    "p5",         "p25",        "p50",
                                 "p75",  "p95", "count", "wilson_low", "wilson_high"};
  std::vector<std::vector<double>> values;
  for (const char* column : columns)
    values.push_back(reader.doubles(std::string("summary/") + column));
  // One entry per metric in every column, or the file is damaged: checked before indexing.
  auto check = [&](const std::string& column, std::size_t size) {
    if (size != metrics.size()) {
      throw sim::IoError(file.string() + ": damaged: summary/" + column + " holds " +
                         std::to_string(size) + " entries for " + std::to_string(metrics.size()) +
                         " metrics");
    }
  };
  const std::vector<bool> headline = read_headline_flags(reader, file.string(), metrics.size());
  check("units", units.size());
  check("kind", kinds.size());
  for (std::size_t c = 0; c < std::size(columns); ++c)
    check(columns[c], values[c].size());
  std::vector<std::string> descriptions(metrics.size());
  if (reader.exists("summary/description")) {
    descriptions = reader.strings("summary/description");
    check("description", descriptions.size());
  }
  std::vector<SummaryRow> rows;
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    rows.push_back({metrics[i], units[i], kinds[i], headline[i], values[0][i], values[1][i],
                    values[2][i], values[3][i], values[4][i], values[5][i], values[6][i],
                    values[7][i], values[8][i], values[9][i], values[10][i], descriptions[i]});
  }
  return rows;
}

std::vector<bool> read_headline_flags(const sim::Hdf5Reader& reader, const std::string& file,
                                      std::size_t metrics) {
  if (!reader.exists("summary/headline")) return std::vector<bool>(metrics, true);
  const std::vector<double> flags = reader.doubles("summary/headline");
  if (flags.size() != metrics) {
    throw sim::IoError(file + ": damaged: summary/headline holds " + std::to_string(flags.size()) +
                       " entries for " + std::to_string(metrics) + " metrics");
  }
  std::vector<bool> headline;
  for (double flag : flags)
    headline.push_back(flag != 0);
  return headline;
}

namespace {

// A value that was 0 in every replication (a party with no flows, a class no provider serves).
bool all_zero(const SummaryRow& row) {
  return row.kind == "value" && row.count > 0 && row.mean == 0 && row.sd == 0;
}

// The headline table shows every headline metric, so that its rows do not depend on how many
// replications ran; the full table (--all) lists metrics that were 0 throughout in one line
// instead of a row each.
bool shown(const SummaryRow& row, bool main_only) {
  return main_only ? row.headline : !all_zero(row);
}

std::string label_of(const SummaryRow& row) {
  if (row.kind == "probability") return "P(" + row.metric + ")";
  return row.metric + (row.unit.empty() ? "" : " [" + row.unit + "]");
}

void print_meanings(const std::vector<SummaryRow>& rows, bool main_only) {
  std::printf("\nWhat each number is:\n");
  for (const SummaryRow& row : rows) {
    if (!shown(row, main_only)) continue;
    const std::string unit = row.kind == "probability" ? "probability" : row.unit;
    std::printf("  %s [%s]: %s\n", row.metric.c_str(), unit.c_str(),
                row.description.empty() ? "(not recorded in this file)" : row.description.c_str());
  }
}

}  // namespace

void print_summary_table(const std::vector<SummaryRow>& rows, bool main_only, bool explain) {
  // Wide enough for the longest label shown, so that columns stay in line.
  int width = 40;
  for (const SummaryRow& row : rows) {
    if (shown(row, main_only)) width = std::max(width, static_cast<int>(label_of(row).size()));
  }
  std::printf("%-*s %10s %10s %10s %10s\n", width, "metric", "mean", "p5", "p50", "p95");
  std::vector<std::string> zeros;
  for (const SummaryRow& row : rows) {
    if (!shown(row, main_only)) {
      if (!main_only && all_zero(row)) zeros.push_back(row.metric);
      continue;
    }
    if (row.kind == "probability") {
      std::printf("%-*s %10.3f   (95%% CI %.3f to %.3f)\n", width, label_of(row).c_str(), row.mean,
                  row.wilson_low, row.wilson_high);
    } else {
      std::printf("%-*s %10.3f %10.3f %10.3f %10.3f", width, label_of(row).c_str(), row.mean,
                  row.p5, row.p50, row.p95);
      if (row.count < rows.front().count || row.count == 0) std::printf("  (n=%.0f)", row.count);
      if (all_zero(row)) std::printf("  (0 in every replication)");
      std::printf("\n");
    }
  }
  if (!zeros.empty()) {
    std::printf("\n%zu metrics were 0 in every replication:", zeros.size());
    for (std::size_t i = 0; i < zeros.size(); ++i)
      std::printf("%s %s", i == 0 ? "" : ",", zeros[i].c_str());
    std::printf("\n");
  }
  if (explain) print_meanings(rows, main_only);
}

void print_summary_csv(const std::vector<SummaryRow>& rows) {
  std::printf(
      "metric,unit,kind,mean,sd,se,p5,p25,p50,p75,p95,count,wilson_low,wilson_high,description\n");
  for (const SummaryRow& row : rows) {
    // Meanings hold commas: quoted, with quotes doubled (RFC 4180).
    std::string quoted = "\"";
    for (char c : row.description)
      quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    quoted += '"';
    std::printf("%s,%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.0f,%.17g,%.17g,%s\n",
                row.metric.c_str(), row.unit.c_str(), row.kind.c_str(), row.mean, row.sd, row.se,
                row.p5, row.p25, row.p50, row.p75, row.p95, row.count, row.wilson_low,
                row.wilson_high, quoted.c_str());
  }
}

}  // namespace cli
