// `dealsim discover SWEEP.h5 --where 'METRIC OP VALUE'`: scenario discovery (PRIM) on a sweep's
// points: which ranges of the inputs make the condition likely.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "models/cli/commands.hpp"
#include "models/cli/sweep_summary.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/sweep/prim.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"

namespace cli {

namespace {

struct Condition {
  std::string metric, op;
  double value = 0;
  bool holds(double x) const {
    if (op == ">") return x > value;
    if (op == ">=") return x >= value;
    if (op == "<") return x < value;
    if (op == "<=") return x <= value;
    if (op == "==") return x == value;
    return x != value;  // "!="
  }
};

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// "METRIC OP NUMBER"; an empty metric when it does not parse (the message says why).
bool parse_condition(const std::string& text, Condition& condition, std::string& problem) {
  const auto at = text.find_first_of("<>=!");
  if (at == std::string::npos) {
    problem = "no comparison";
  } else {
    const std::size_t length = at + 1 < text.size() && text[at + 1] == '='
                                   ? 2
                                   : (text[at] == '=' || text[at] == '!' ? 0 : 1);
    condition.op = length == 0 ? "" : text.substr(at, length);
    condition.metric = trim(text.substr(0, at));
    const std::string number = trim(text.substr(at + std::max<std::size_t>(length, 1)));
    char* end = nullptr;
    condition.value = std::strtod(number.c_str(), &end);
    if (condition.op.empty() || condition.op == "=")
      problem = "'" + text.substr(at, 1) + "' is not a comparison";
    else if (condition.metric.empty())
      problem = "no metric before '" + condition.op + "'";
    else if (number.empty() || end == nullptr || *end != '\0' || !std::isfinite(condition.value))
      problem = "'" + number + "' is not a number";
  }
  if (problem.empty()) return true;
  problem = "--where '" + text + "': " + problem +
            "; expected METRIC OP NUMBER with OP one of > >= < <= == !=, e.g. --where "
            "'shortfall_any.azure_250 > 0.5'";
  return false;
}

void print_box(const models::PrimResult& result, const std::vector<std::string>& parameters) {
  const models::PrimBox& box = result.box;
  std::printf(
      "\nthe box (step %zu, then pasted): %zu points, coverage %.3f, density %.3f, "
      "support %.3f\n",
      result.chosen, box.points, box.coverage, box.density, box.support);
  std::size_t width = 9, restricted = 0;
  for (const auto& name : parameters)
    width = std::max(width, name.size());
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    if (box.lower(jj) == result.lowest(jj) && box.upper(jj) == result.highest(jj)) continue;
    ++restricted;
    std::printf("  %-*s %10.4g to %-10.4g (swept %.4g to %.4g)\n", static_cast<int>(width),
                parameters[j].c_str(), box.lower(jj), box.upper(jj), result.lowest(jj),
                result.highest(jj));
  }
  std::printf("%s", restricted == parameters.size() ? ""
                    : restricted == 0               ? "  no input is restricted\n"
                                                    : "  the other inputs are not restricted\n");
}

void print_result(const models::PrimResult& result, const std::vector<std::string>& parameters,
                  const models::PrimSettings& settings) {
  std::printf("\npeeling (PRIM, alpha %g, down to support %g): the coverage/density trade-off\n",
              settings.alpha, settings.min_support);
  std::printf("%6s %8s %10s %10s %10s\n", "step", "points", "coverage", "density", "support");
  for (std::size_t k = 0; k < result.trajectory.size(); ++k) {
    const models::PrimBox& box = result.trajectory[k];
    std::printf("%6zu %8zu %10.3f %10.3f %10.3f%s\n", k, box.points, box.coverage, box.density,
                box.support, k == result.chosen ? "   <- chosen" : "");
  }
  std::printf(
      "\ncoverage: the share of the points meeting the condition that the box holds; density: the "
      "share of the box's points that meet it; the chosen step has the most coverage at density "
      ">= %g (or the most density).\n",
      settings.min_density);
  print_box(result, parameters);
}

void print_csv(const models::PrimResult& result, const std::vector<std::string>& parameters) {
  std::printf("step,points,hits,coverage,density,support,chosen");
  for (const auto& name : parameters)
    std::printf(",%s.low,%s.high", name.c_str(), name.c_str());
  std::printf("\n");
  auto row = [&](const std::string& step, const models::PrimBox& box, int chosen) {
    std::printf("%s,%zu,%zu,%.17g,%.17g,%.17g,%d", step.c_str(), box.points, box.hits, box.coverage,
                box.density, box.support, chosen);
    for (Eigen::Index j = 0; j < box.lower.size(); ++j)
      std::printf(",%.17g,%.17g", box.lower(j), box.upper(j));
    std::printf("\n");
  };
  for (std::size_t k = 0; k < result.trajectory.size(); ++k)
    row(std::to_string(k), result.trajectory[k], k == result.chosen ? 1 : 0);
  row("pasted", result.box, 0);
}

}  // namespace

int discover_command(const DiscoverOptions& options) {
  Condition condition;
  std::string problem;
  if (!parse_condition(options.where, condition, problem)) {
    std::cerr << "dealsim discover: " << problem << "\n";
    return kBadInput;
  }
  models::PrimSettings settings;
  settings.alpha = options.alpha;
  settings.min_support = options.min_support;
  settings.min_density = options.min_density;
  if (!(settings.alpha > 0 && settings.alpha < 0.5) ||
      !(settings.min_support > 0 && settings.min_support < 1) ||
      !(settings.min_density >= 0 && settings.min_density <= 1)) {
    std::cerr << "dealsim discover: expected 0 < --alpha < 0.5, 0 < --min-support < 1 and "
                 "0 <= --density <= 1\n";
    return kBadInput;
  }
  try {
    if (!is_sweep_file(options.file)) {
      std::cerr << "dealsim discover: " << options.file
                << " is not a sweep file (written by dealsim sweep)\n";
      return kBadInput;
    }
    const sim::Hdf5Reader reader(options.file);
    const auto parameters = reader.strings("parameter");
    const auto metrics = reader.strings("metric");
    const auto at = std::find(metrics.begin(), metrics.end(), condition.metric);
    if (at == metrics.end()) {
      const std::string nearest = models::nearest_name(condition.metric, metrics);
      std::string list;
      for (const auto& name : metrics)
        list += (list.empty() ? "" : ", ") + name;
      std::cerr << "dealsim discover: --where: the sweep kept no metric '" << condition.metric
                << "'" << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?")
                << " (it kept " << list << ")\n";
      return kBadInput;
    }
    const std::string statistic = "summary/" + options.statistic;
    if (!reader.exists(statistic)) {
      std::cerr << "dealsim discover: --statistic " << options.statistic
                << ": expected mean, sd, se, p5, p25, p50, p75 or p95\n";
      return kBadInput;
    }
    const std::size_t p = reader.shape("point").front(), d = parameters.size(), m = metrics.size();
    const std::vector<double> values = reader.doubles("point_values");
    const std::vector<double> table = reader.doubles(statistic);
    if (values.size() != p * d || table.size() != p * m || p == 0)
      throw sim::IoError(options.file + ": the points table is damaged or empty");
    Eigen::MatrixXd inputs(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(d));
    std::vector<bool> hit(p);
    const auto k = static_cast<std::size_t>(at - metrics.begin());
    std::size_t hits = 0;
    for (std::size_t i = 0; i < p; ++i) {
      for (std::size_t j = 0; j < d; ++j)
        inputs(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = values[i * d + j];
      hit[i] = condition.holds(table[i * m + k]);
      hits += hit[i] ? 1 : 0;
    }
    if (!options.csv) {
      std::printf("discover: where %s %s %g (each point's %s), %zu points, %zu meet it (%.0f %%)\n",
                  condition.metric.c_str(), condition.op.c_str(), condition.value,
                  options.statistic.c_str(), p, hits,
                  100.0 * static_cast<double>(hits) / static_cast<double>(p));
    }
    if (hits == 0 || hits == p) {
      std::printf("%s point meets the condition: there is no box to find\n",
                  hits == 0 ? "no" : "every");
      return kSuccess;
    }
    const models::PrimResult result = models::prim(inputs, hit, settings);
    if (options.csv)
      print_csv(result, parameters);
    else
      print_result(result, parameters, settings);
    return kSuccess;
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim discover: " << error.what() << "\n";
    return kIoFailure;
  }
}

}  // namespace cli
