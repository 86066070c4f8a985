// `dealsim summary CAL.h5`: the posterior of each fitted input against its prior, each target's
// reported value against what the posterior simulates, and the generations.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "models/cli/commands.hpp"
#include "sim/io/hdf5_reader.hpp"

namespace cli {

namespace {

// The width of a column of labels: the longest, within [minimum, 72] (longer ones are cut).
int column_width(const std::vector<std::string>& labels, std::size_t minimum) {
  std::size_t width = minimum;
  for (const auto& label : labels)
    width = std::max(width, label.size());
  return static_cast<int>(std::min<std::size_t>(width, 72));
}

std::string shorten(const std::string& text, int width) {
  const auto limit = static_cast<std::size_t>(width);
  return text.size() <= limit ? text : text.substr(0, limit - 3) + "...";
}

void print_inputs(const sim::Hdf5Reader& reader, bool csv) {
  const auto inputs = reader.strings("input");
  const auto units = reader.strings("input_unit");
  const auto priors = reader.strings("input_prior");
  const char* const columns[] = {"prior_mean",   "prior_p5",      "prior_p95",    "posterior_mean",
                                 "posterior_p5", "posterior_p50", "posterior_p95"};
  std::vector<std::vector<double>> values;
  for (const char* column : columns)
    values.push_back(reader.doubles(column));
  if (csv) {
    std::printf(
        "input,unit,prior,prior_mean,prior_p5,prior_p95,posterior_mean,posterior_p5,"
        "posterior_p50,posterior_p95\n");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      std::printf("%s,%s,\"%s\"", inputs[i].c_str(), units[i].c_str(), priors[i].c_str());
      for (const auto& column : values)
        std::printf(",%.10g", column[i]);
      std::printf("\n");
    }
    return;
  }
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < inputs.size(); ++i)
    labels.push_back(inputs[i] + (units[i].empty() ? "" : " [" + units[i] + "]"));
  const int width = column_width(labels, 12);
  std::printf("%-*s %10s %10s %10s | %10s %10s %10s %10s\n", width, "input [unit]", "prior mean",
              "prior p5", "prior p95", "post. mean", "post. p5", "post. p50", "post. p95");
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    std::printf("%-*s %10.4g %10.4g %10.4g | %10.4g %10.4g %10.4g %10.4g\n", width,
                shorten(labels[i], width).c_str(), values[0][i], values[1][i], values[2][i],
                values[3][i], values[4][i], values[5][i], values[6][i]);
    std::printf("  prior: %s\n", priors[i].c_str());
  }
}

void print_targets(const sim::Hdf5Reader& reader, bool csv) {
  const auto targets = reader.strings("target");
  const auto definitions = reader.strings("target_definition");
  const auto statistics = reader.strings("target_statistic");
  const auto units = reader.strings("target_unit");
  const auto sources = reader.strings("target_source");
  const auto reported = reader.doubles("target_reported");
  const auto sd = reader.doubles("target_sd");
  const auto mean = reader.doubles("simulated_mean");
  const auto p5 = reader.doubles("simulated_p5");
  const auto p95 = reader.doubles("simulated_p95");
  if (csv) {
    std::printf(
        "\ntarget,definition,statistic,unit,reported,sd,simulated_mean,simulated_p5,"
        "simulated_p95,z,source\n");
    for (std::size_t k = 0; k < targets.size(); ++k) {
      std::printf("%s,\"%s\",%s,%s,%.10g,%.10g,%.10g,%.10g,%.10g,%.6g,\"%s\"\n", targets[k].c_str(),
                  definitions[k].c_str(), statistics[k].c_str(), units[k].c_str(), reported[k],
                  sd[k], mean[k], p5[k], p95[k], (mean[k] - reported[k]) / sd[k],
                  sources[k].c_str());
    }
    return;
  }
  std::vector<std::string> labels;
  for (std::size_t k = 0; k < targets.size(); ++k)
    labels.push_back(targets[k] + " [" + units[k] + "]");
  const int width = column_width(labels, 13);
  std::printf("\n%-*s %10s %10s | %10s %10s %10s %7s\n", width, "target [unit]", "reported", "sd",
              "sim. mean", "sim. p5", "sim. p95", "z");
  for (std::size_t k = 0; k < targets.size(); ++k) {
    std::printf("%-*s %10.4g %10.4g | %10.4g %10.4g %10.4g %7.2f\n", width,
                shorten(labels[k], width).c_str(), reported[k], sd[k], mean[k], p5[k], p95[k],
                (mean[k] - reported[k]) / sd[k]);
    std::printf("  %s of %s; source: %s\n", statistics[k].c_str(), definitions[k].c_str(),
                sources[k].c_str());
  }
  std::printf(
      "z = (simulated mean - reported) / sd. Simulated: the target's statistic (over each "
      "particle's replications), weighted over the posterior's particles.\n");
}

void print_generations(const sim::Hdf5Reader& reader) {
  const auto tolerance = reader.doubles("generation_tolerance");
  const auto acceptance = reader.doubles("generation_acceptance");
  const auto effective = reader.doubles("generation_effective_size");
  const auto candidates = reader.doubles("generation_candidates");
  std::printf("\n%-10s %10s %10s %10s %10s\n", "generation", "candidates", "tolerance",
              "acceptance", "effective");
  for (std::size_t g = 0; g < tolerance.size(); ++g) {
    std::printf("%-10zu %10.0f %10.4g %10.3g %10.0f\n", g, candidates[g], tolerance[g],
                acceptance[g], effective[g]);
  }
  std::printf(
      "tolerance: root mean square distance to the reported values in standard deviations, "
      "the kept-th best; acceptance: share of new candidates within the previous tolerance.\n");
}

}  // namespace

int calibration_summary(const std::string& file, bool csv) {
  const sim::Hdf5Reader reader(file);
  const auto name = reader.string_attribute("/", "calibration_name").value_or("?");
  const auto generations = reader.integer_attribute("/", "generations").value_or(0);
  const bool finished = reader.integer_attribute("/", "finished").value_or(0) == 1;
  if (!reader.exists("posterior_values")) {
    std::printf(
        "%s: calibration with no completed generation yet (continue it with dealsim "
        "calibrate --resume)\n",
        name.c_str());
    return kSuccess;
  }
  if (csv) {
    print_inputs(reader, true);
    print_targets(reader, true);
    return kSuccess;
  }
  const auto particles = reader.doubles("posterior_weight").size();
  std::printf(
      "%s: ABC-SMC calibration, %lld generation%s%s, %zu particles, %lld replications "
      "per candidate, seed %lld\nbase scenario: %s\n\n",
      name.c_str(), static_cast<long long>(generations), generations == 1 ? "" : "s",
      finished ? "" : " (not finished: continue it with dealsim calibrate --resume)", particles,
      static_cast<long long>(
          reader.integer_attribute("/", "replications_per_candidate").value_or(0)),
      static_cast<long long>(reader.integer_attribute("/", "seed").value_or(0)),
      reader.string_attribute("/", "scenario_path").value_or("?").c_str());
  print_inputs(reader, false);
  print_targets(reader, false);
  print_generations(reader);
  std::printf("\nrun with the posterior: dealsim run SCENARIO.yaml --posterior %s\n", file.c_str());
  return kSuccess;
}

}  // namespace cli
