#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "models/cli/commands.hpp"
#include "models/deal_replication.hpp"
#include "models/metrics.hpp"
#include "models/results_file.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/error.hpp"
#include "sim/progress.hpp"
#include "sim/replication_runner.hpp"
#include "sim/statistics.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

// Set by SIGINT/SIGTERM; the only process-wide state, as signals are process-wide.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_signal(int) {
  interrupted.store(true);
}

// Parses a whole number in [minimum, maximum]; the message names the option and the range.
bool parse_count(const std::string& text, const char* option, std::uint64_t minimum,
                 std::uint64_t maximum, std::uint64_t& out) {
  std::size_t used = 0;
  unsigned long long value = 0;
  bool ok = !text.empty() && text[0] != '-' && text[0] != '+';
  if (ok) {
    try {
      value = std::stoull(text, &used, 10);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != text.size() || value < minimum || value > maximum) {
    std::cerr << "dealsim run: " << option << " " << text << ": expected a whole number from "
              << minimum << " to " << maximum << "\n";
    return false;
  }
  out = value;
  return true;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

void print_summary(const models::Scenario& scenario, const models::MetricCatalog& catalog,
                   const std::vector<models::ReplicationResult>& results) {
  static const char* const kShown[] = {
      "spend.",         "share.", "unserved.total", "shortfall_any.", "penalty.", "tranche_paid.",
      "tranche_years.", "filed.", "outcome.",       "opened.",        "npv.",     "value."};
  std::printf("\n%-46s %10s %10s %10s %10s\n", "metric", "mean", "p5", "p50", "p95");
  std::vector<double> column(results.size());
  const std::size_t providers = scenario.providers.size();
  for (std::size_t s = 0; s < catalog.scalars().size(); ++s) {
    const auto& metric = catalog.scalars()[s];
    bool shown = false;
    for (const char* prefix : kShown)
      shown = shown || starts_with(metric.name, prefix);
    // Per provider-and-class spend is in the file; the terminal shows totals.
    if (s >= catalog.at.spend_by_provider_class &&
        s < catalog.at.spend_by_provider_class + providers * scenario.workloads.size()) {
      shown = false;
    }
    if (!shown) continue;
    for (std::size_t i = 0; i < results.size(); ++i)
      column[i] = results[i].scalars[s];
    const sim::SampleSummary summary = sim::summarize(column);
    if (metric.probability) {
      const sim::Interval interval = sim::wilson_interval(
          summary.mean * static_cast<double>(summary.count), static_cast<double>(summary.count));
      std::printf("%-46s %10.3f   (95%% CI %.3f to %.3f)\n", ("P(" + metric.name + ")").c_str(),
                  summary.mean, interval.low, interval.high);
    } else {
      std::printf(
          "%-46s %10.3f %10.3f %10.3f %10.3f%s\n", (metric.name + " [" + metric.unit + "]").c_str(),
          summary.mean, summary.p5, summary.p50, summary.p95,
          summary.count < results.size() ? (" (n=" + std::to_string(summary.count) + ")").c_str()
                                         : "");
    }
  }
}

}  // namespace

int run_command(const RunOptions& options) {
  models::Scenario scenario;
  try {
    scenario = models::load_scenario(options.scenario, options.overrides);
  } catch (const models::InputError& error) {
    for (const auto& diagnostic : error.diagnostics())
      std::cerr << diagnostic.to_string() << "\n";
    std::cerr << error.diagnostics().size()
              << (error.diagnostics().size() == 1 ? " error" : " errors") << " in "
              << options.scenario << "; nothing was run\n";
    return kBadInput;
  }

  std::uint64_t replications = scenario.replications,
                threads = std::max(1u, std::thread::hardware_concurrency());
  if (!options.replications.empty() &&
      !parse_count(options.replications, "--reps", 1, 100'000'000, replications)) {
    return kBadInput;
  }
  if (!options.seed.empty() &&
      !parse_count(options.seed, "--seed", 0, std::numeric_limits<std::uint64_t>::max(),
                   scenario.seed)) {
    return kBadInput;
  }
  if (!options.threads.empty() && !parse_count(options.threads, "--threads", 1, 1024, threads))
    return kBadInput;

  namespace fs = std::filesystem;
  fs::path out =
      options.out.empty() ? fs::path("output") / (scenario.name + ".h5") : fs::path(options.out);
  if (fs::exists(out) && !options.force) {
    std::cerr << "dealsim run: " << out.string() << " exists; use --force to overwrite it\n";
    return kBadInput;
  }
  const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (options.out.empty()) {
    std::error_code ignored;
    fs::create_directories(folder, ignored);
  }
  if (!fs::is_directory(folder)) {
    std::cerr << "dealsim run: cannot write " << out.string() << ": folder " << folder.string()
              << " does not exist\n";
    return kIoFailure;
  }

  interrupted = false;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);

  const models::MetricCatalog catalog(scenario);
  std::vector<models::ReplicationResult> results(replications);
  sim::ProgressLine progress("replications", replications, !options.quiet);
  sim::ReplicationRunOptions run;
  run.count = replications;
  run.threads = static_cast<unsigned>(threads);
  run.interrupt = &interrupted;
  run.on_progress = [&](std::size_t done) { progress.update(done); };
  std::size_t done = 0;
  try {
    done = sim::run_replications(run, [&](std::size_t index) {
      results[index] = models::run_replication(scenario, catalog, index);
    });
  } catch (const sim::SimulationError& error) {
    progress.finish();
    std::cerr << "dealsim run: the simulation failed: " << error.what() << "\n";
    return kBadInput;
  }
  progress.finish();
  results.resize(done);
  const bool complete = done == replications;

  models::RunInfo info;
  info.version = DEALSIM_VERSION;
  info.scenario_path = options.scenario;
  info.command_line = options.command_line;
  info.seed = scenario.seed;
  info.replications_requested = replications;
  info.threads = static_cast<unsigned>(threads);
  info.complete = complete;
  try {
    models::write_results_file(out, scenario, catalog, results, info);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim run: " << error.what() << "\n";
    return kIoFailure;
  }

  std::printf("%s: %s of %s replications, seed %s, %u threads -> %s%s\n", scenario.name.c_str(),
              with_thousands(done).c_str(), with_thousands(replications).c_str(),
              std::to_string(scenario.seed).c_str(), static_cast<unsigned>(threads),
              out.string().c_str(), complete ? "" : " (incomplete: interrupted)");
  std::size_t assumed = 0, random = 0;
  for (const auto& parameter : scenario.parameters) {
    assumed += parameter.provenance != models::Provenance::Sourced;
    random += parameter.is_random();
  }
  std::printf(
      "inputs: %zu of %zu numbers are assumptions (not marked sourced); %zu are drawn per "
      "replication "
      "(list: dealsim validate %s)\n",
      assumed, scenario.parameters.size(), random, options.scenario.c_str());
  if (done > 0) print_summary(scenario, catalog, results);
  return complete ? kSuccess : kInterrupted;
}

}  // namespace cli
