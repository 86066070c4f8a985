#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>

#include "models/cli/commands.hpp"
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

int compare_command(const std::string& first, const std::string& second, bool csv) {
  try {
    const sim::Hdf5Reader a(first), b(second);
    const auto metrics_a = a.strings("summary/metric"), metrics_b = b.strings("summary/metric");
    std::map<std::string, bool> in_b;
    for (const auto& name : metrics_b)
      in_b[name] = true;
    const auto seed_a = a.integer_attribute("/", "seed"), seed_b = b.integer_attribute("/", "seed");
    const bool common = seed_a && seed_b && *seed_a == *seed_b;
    const auto name_a = a.string_attribute("/", "scenario_name").value_or(first);
    const auto name_b = b.string_attribute("/", "scenario_name").value_or(second);
    const auto kinds = a.strings("summary/kind");
    const std::vector<bool> headline = read_headline_flags(a, first, metrics_a.size());
    if (kinds.size() != metrics_a.size()) {
      throw sim::IoError(first + ": damaged: summary/kind holds " + std::to_string(kinds.size()) +
                         " entries for " + std::to_string(metrics_a.size()) + " metrics");
    }
    if (!csv) {
      std::printf("B - A: B = %s (%s), A = %s (%s)\n", name_b.c_str(), second.c_str(),
                  name_a.c_str(), first.c_str());
      if (common) {
        std::printf("common random numbers (seed %lld): replication i of A and B are paired\n\n",
                    static_cast<long long>(*seed_a));
      } else {
        std::printf(
            "NOT run on common random numbers (seeds %lld and %lld): differences are unpaired "
            "(Welch intervals, wider)\n\n",
            static_cast<long long>(seed_a.value_or(-1)),
            static_cast<long long>(seed_b.value_or(-1)));
      }
      std::printf("%-48s %11s %11s %11s   %s\n", "metric", "A", "B", "B - A", "95% CI");
    } else {
      std::printf("metric,mean_a,mean_b,difference,ci_low,ci_high,paired,pairs\n");
    }
    for (std::size_t m = 0; m < metrics_a.size(); ++m) {
      const std::string& name = metrics_a[m];
      if (!in_b.count(name) || (!csv && !headline[m])) continue;
      const auto values_a = a.doubles(name), values_b = b.doubles(name);
      const Difference d = common ? paired(values_a, values_b) : unpaired(values_a, values_b);
      if (csv) {
        std::printf("%s,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%zu\n", name.c_str(), d.mean_a, d.mean_b,
                    d.difference, d.low, d.high, common ? 1 : 0, d.pairs);
      } else {
        const std::string label = kinds[m] == "probability" ? "P(" + name + ")" : name;
        std::printf("%-48s %11.4g %11.4g %11.4g   [%.4g, %.4g]\n", label.c_str(), d.mean_a,
                    d.mean_b, d.difference, d.low, d.high);
      }
    }
    return kSuccess;
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim compare: " << error.what() << "\n";
    return kIoFailure;
  }
}

}  // namespace cli
