#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <set>

#include "models/cli/commands.hpp"
#include "models/cli/scenario_diff.hpp"
#include "models/cli/summary_table.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/statistics.hpp"

namespace cli {

namespace {

constexpr double kZ = sim::kZ95;

struct Difference {
  double mean_a = NAN, mean_b = NAN, difference = NAN, low = NAN, high = NAN;
  std::size_t pairs = 0;
};

// Replication i of A and of B saw the same random numbers: the differences are paired.
Difference paired(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> differences, left, right;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) continue;
    differences.push_back(b[i] - a[i]);
    left.push_back(a[i]);
    right.push_back(b[i]);
  }
  Difference result;
  result.pairs = differences.size();
  if (differences.empty()) return result;
  const sim::SampleSummary summary = sim::summarize(differences);
  result.mean_a = sim::summarize(left).mean;
  result.mean_b = sim::summarize(right).mean;
  result.difference = summary.mean;
  result.low = summary.mean - kZ * summary.standard_error;
  result.high = summary.mean + kZ * summary.standard_error;
  return result;
}

// Independent samples: Welch's standard error.
Difference unpaired(const std::vector<double>& a, const std::vector<double>& b) {
  const sim::SampleSummary left = sim::summarize(a), right = sim::summarize(b);
  Difference result;
  result.pairs = 0;
  result.mean_a = left.mean;
  result.mean_b = right.mean;
  result.difference = right.mean - left.mean;
  const double se = std::sqrt(left.standard_error * left.standard_error +
                              right.standard_error * right.standard_error);
  result.low = result.difference - kZ * se;
  result.high = result.difference + kZ * se;
  return result;
}

}  // namespace

namespace {

// The header of the table: which is A and B, what differs between their scenarios, and how
// the differences are estimated.
void print_header(const sim::Hdf5Reader& a, const sim::Hdf5Reader& b, const std::string& first,
                  const std::string& second, bool common) {
  const auto name_a = a.string_attribute("/", "scenario_name").value_or(first);
  const auto name_b = b.string_attribute("/", "scenario_name").value_or(second);
  std::printf("B - A: B = %s (%s), A = %s (%s)\n", name_b.c_str(), second.c_str(), name_a.c_str(),
              first.c_str());
  const auto scenario_a = a.string_attribute("/", "scenario");
  const auto scenario_b = b.string_attribute("/", "scenario");
  if (scenario_a && scenario_b) {
    const std::vector<std::string> differences = scenario_differences(*scenario_a, *scenario_b);
    std::printf("what differs between the scenarios (A -> B):%s\n",
                differences.empty() ? " nothing" : "");
    const std::size_t shown = std::min<std::size_t>(differences.size(), 25);
    for (std::size_t i = 0; i < shown; ++i)
      std::printf("  %s\n", differences[i].c_str());
    if (shown < differences.size()) std::printf("  ... and %zu more\n", differences.size() - shown);
  }
  const auto seed_a = a.integer_attribute("/", "seed"), seed_b = b.integer_attribute("/", "seed");
  if (common) {
    std::printf("common random numbers (seed %lld): replication i of A and B are paired\n\n",
                static_cast<long long>(*seed_a));
  } else {
    std::printf(
        "NOT run on common random numbers (seeds %lld and %lld): differences are unpaired "
        "(Welch intervals, wider)\n\n",
        static_cast<long long>(seed_a.value_or(-1)), static_cast<long long>(seed_b.value_or(-1)));
  }
}

// Metrics of one file that the other lacks, named (at most 12) rather than dropped in silence.
void print_unshared(const std::vector<std::string>& names, const char* where) {
  if (names.empty()) return;
  std::printf("\n%zu metric%s only in %s (not compared):", names.size(),
              names.size() == 1 ? "" : "s", where);
  for (std::size_t i = 0; i < names.size() && i < 12; ++i)
    std::printf("%s %s", i == 0 ? "" : ",", names[i].c_str());
  std::printf("%s\n", names.size() > 12 ? ", ..." : "");
}

std::vector<std::string> units_of(const sim::Hdf5Reader& reader, std::size_t count) {
  std::vector<std::string> units =
      reader.exists("summary/units") ? reader.strings("summary/units") : std::vector<std::string>{};
  if (units.size() != count) units.assign(count, "");
  return units;
}

}  // namespace

int compare_command(const std::string& first, const std::string& second, bool csv) {
  try {
    const sim::Hdf5Reader a(first), b(second);
    const auto metrics_a = a.strings("summary/metric"), metrics_b = b.strings("summary/metric");
    const std::set<std::string> in_a(metrics_a.begin(), metrics_a.end()),
        in_b(metrics_b.begin(), metrics_b.end());
    const auto seed_a = a.integer_attribute("/", "seed"), seed_b = b.integer_attribute("/", "seed");
    const bool common = seed_a && seed_b && *seed_a == *seed_b;
    const auto kinds = a.strings("summary/kind");
    const auto units = units_of(a, metrics_a.size());
    const std::vector<bool> headline = read_headline_flags(a, first, metrics_a.size());
    if (kinds.size() != metrics_a.size()) {
      throw sim::IoError(first + ": damaged: summary/kind holds " + std::to_string(kinds.size()) +
                         " entries for " + std::to_string(metrics_a.size()) + " metrics");
    }
    int width = 40;
    for (std::size_t m = 0; m < metrics_a.size(); ++m) {
      if (headline[m]) width = std::max(width, static_cast<int>(metrics_a[m].size()) + 3);
    }
    if (!csv) {
      print_header(a, b, first, second, common);
      std::printf("%-*s %-12s %11s %11s %11s   %s\n", width, "metric", "unit", "A", "B", "B - A",
                  "95% CI of B - A");
    } else {
      std::printf("metric,unit,mean_a,mean_b,difference,ci_low,ci_high,paired,pairs\n");
    }
    std::vector<std::string> only_a, only_b;
    for (std::size_t m = 0; m < metrics_a.size(); ++m) {
      const std::string& name = metrics_a[m];
      if (!in_b.count(name)) {
        only_a.push_back(name);
        continue;
      }
      if (!csv && !headline[m]) continue;
      const auto values_a = a.doubles(name), values_b = b.doubles(name);
      const Difference d = common ? paired(values_a, values_b) : unpaired(values_a, values_b);
      const std::string unit = kinds[m] == "probability" ? "probability" : units[m];
      if (csv) {
        std::printf("%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%zu\n", name.c_str(), unit.c_str(),
                    d.mean_a, d.mean_b, d.difference, d.low, d.high, common ? 1 : 0, d.pairs);
      } else {
        const std::string label = kinds[m] == "probability" ? "P(" + name + ")" : name;
        std::printf("%-*s %-12s %11.4g %11.4g %11.4g   [%.4g, %.4g]\n", width, label.c_str(),
                    unit.c_str(), d.mean_a, d.mean_b, d.difference, d.low, d.high);
      }
    }
    for (const auto& name : metrics_b) {
      if (!in_a.count(name)) only_b.push_back(name);
    }
    if (!csv) {
      print_unshared(only_a, "A");
      print_unshared(only_b, "B");
    } else if (!only_a.empty() || !only_b.empty()) {
      std::cerr << "dealsim compare: " << only_a.size() << " metrics only in A and "
                << only_b.size() << " only in B were not compared\n";
    }
    return kSuccess;
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim compare: " << error.what() << "\n";
    return kIoFailure;
  }
}

}  // namespace cli
