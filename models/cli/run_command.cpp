#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <thread>

#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/cli/summary_table.hpp"
#include "models/deal/deal_replication.hpp"
#include "models/metrics/metrics.hpp"
#include "models/metrics/results_file.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/ordered_delivery.hpp"
#include "sim/mc/progress.hpp"
#include "sim/mc/replication_runner.hpp"
#include "sim/mc/statistics.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

// A precision target: keep adding replications until the 95 % confidence half-width of the
// metric's mean is below `relative` times the mean's magnitude.
struct StoppingRule {
  std::string metric;
  std::size_t index = 0;
  double relative = 0;
  // Welford's running mean and variance over the replications consumed, in index order.
  std::size_t count = 0;
  double mean = 0, squares = 0;

  void add(double value) {
    if (std::isnan(value)) return;
    ++count;
    const double delta = value - mean;
    mean += delta / static_cast<double>(count);
    squares += delta * (value - mean);
  }
  double half_width() const {
    if (count < 2) return std::numeric_limits<double>::infinity();
    return sim::kZ95 *
           std::sqrt(squares / static_cast<double>(count - 1) / static_cast<double>(count));
  }
  bool met() const { return count >= 2 && half_width() < relative * std::abs(mean); }
};

bool parse_stopping_rule(const std::string& text, const models::MetricCatalog& catalog,
                         StoppingRule& rule) {
  const auto colon = text.rfind(':');
  char* end = nullptr;
  const double relative =
      colon == std::string::npos ? 0 : std::strtod(text.c_str() + colon + 1, &end);
  if (colon == std::string::npos || colon == 0 || end == nullptr || *end != '\0' ||
      !(relative > 0) || !(relative < 1)) {
    std::cerr
        << "dealsim run: --until " << text
        << ": expected METRIC:REL with REL between 0 and 1, e.g. --until npv.microsoft:0.01\n";
    return false;
  }
  rule.metric = text.substr(0, colon);
  rule.relative = relative;
  try {
    rule.index = catalog.scalar_index(rule.metric);
  } catch (const std::out_of_range&) {
    std::vector<std::string> names;
    for (const auto& metric : catalog.scalars())
      names.push_back(metric.name);
    const std::string nearest = models::nearest_name(rule.metric, names);
    std::cerr << "dealsim run: --until " << text << ": no metric named '" << rule.metric << "'"
              << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") << "\n";
    return false;
  }
  return true;
}

}  // namespace

int run_command(const RunOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  models::Scenario scenario;
  try {
    scenario = models::load_scenario(options.scenario, options.overrides);
  } catch (const models::InputError& error) {
    return report_input_error(error, options.scenario, "; nothing was run");
  }

  std::uint64_t replications = scenario.replications;
  std::uint64_t threads = std::max(1u, std::thread::hardware_concurrency());
  std::uint64_t max_replications = 1'000'000, batch = 1000;
  if (!options.replications.empty() &&
      !parse_count("run", options.replications, "--reps", 1, 100'000'000, replications)) {
    return kBadInput;
  }
  if (!options.seed.empty() &&
      !parse_count("run", options.seed, "--seed", 0, std::numeric_limits<std::uint64_t>::max(),
                   scenario.seed)) {
    return kBadInput;
  }
  if (!options.threads.empty() &&
      !parse_count("run", options.threads, "--threads", 1, 1024, threads))
    return kBadInput;
  if (!options.max_replications.empty() &&
      !parse_count("run", options.max_replications, "--max-reps", 1, 100'000'000,
                   max_replications)) {
    return kBadInput;
  }
  if (!options.batch.empty() && !parse_count("run", options.batch, "--batch", 1, 10'000'000, batch))
    return kBadInput;

  const models::MetricCatalog catalog(scenario);
  std::optional<StoppingRule> rule;
  if (!options.until.empty()) {
    rule.emplace();
    if (!parse_stopping_rule(options.until, catalog, *rule)) return kBadInput;
  } else if (!options.max_replications.empty() || !options.batch.empty()) {
    std::cerr << "dealsim run: --max-reps and --batch go with --until\n";
    return kBadInput;
  }

  namespace fs = std::filesystem;
  const fs::path out = options.out.empty()
                           ? fs::path("output") / (output_file_name(scenario.name) + ".h5")
                           : fs::path(options.out);
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

  std::atomic<bool>& interrupted = watch_for_interrupts();

  const std::uint64_t target = rule ? max_replications : replications;
  std::size_t done = 0;
  double write_seconds = 0;
  bool met = false;
  try {
    models::ResultsFile file(out, scenario, catalog, options.ledger, options.force);
    sim::OrderedDelivery<models::ReplicationResult> delivery(
        0, 64 * threads, [&](std::size_t, models::ReplicationResult&& result) {
          if (rule) rule->add(result.scalars[rule->index]);
          file.append(result);
        });
    sim::ProgressLine progress("replications", target, !options.quiet);
    models::ReplicationOptions replication_options;
    replication_options.keep_ledger = options.ledger;
    // Without --until one batch runs everything; with it, batches run until the target is met.
    while (done < target && !interrupted && !met) {
      sim::ReplicationRunOptions run;
      run.first = done;
      run.count = rule ? std::min<std::uint64_t>(batch, target - done) : target;
      run.threads = static_cast<unsigned>(threads);
      run.interrupt = &interrupted;
      run.on_progress = [&, base = done](std::size_t count) { progress.update(base + count); };
      done += sim::run_replications(run, [&](std::size_t index) {
        delivery.deliver(index,
                         models::run_replication(scenario, catalog, index, replication_options));
      });
      if (rule) met = rule->met();
    }
    progress.finish();
    models::RunInfo info;
    info.version = DEALSIM_VERSION;
    info.scenario_path = options.scenario;
    info.command_line = options.command_line;
    info.seed = scenario.seed;
    info.replications_requested = rule ? max_replications : replications;
    info.threads = static_cast<unsigned>(threads);
    info.complete = !interrupted;
    info.stopping_rule = options.until;
    file.finish(info);
    write_seconds = file.write_seconds();
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim run: " << error.what() << "\n";
    return kIoFailure;
  } catch (const sim::SimulationError& error) {
    std::cerr << "dealsim run: the simulation failed: " << error.what() << "\n";
    return kBadInput;
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  const bool complete = !interrupted;
  std::printf("%s: %s of %s replications, seed %s, %u threads -> %s%s\n", scenario.name.c_str(),
              with_thousands(done).c_str(), with_thousands(rule ? done : replications).c_str(),
              std::to_string(scenario.seed).c_str(), static_cast<unsigned>(threads),
              out.string().c_str(), complete ? "" : " (incomplete: interrupted)");
  if (rule) {
    std::printf(
        "precision: %s mean %.6g, 95%% half-width %.3g = %.3g of the mean (target %.3g)%s\n",
        rule->metric.c_str(), rule->mean, rule->half_width(),
        rule->half_width() / std::abs(rule->mean), rule->relative,
        met ? "" : (complete ? ": not reached by --max-reps" : ""));
  }
  std::size_t assumed = 0, random = 0;
  for (const auto& parameter : scenario.parameters) {
    assumed += parameter.provenance != models::Provenance::Sourced;
    random += parameter.is_random();
  }
  std::printf(
      "inputs: %zu of %zu numbers are assumptions (not marked sourced); %zu are drawn per "
      "replication "
      "(list: dealsim validate %s --assumptions)\n",
      assumed, scenario.parameters.size(), random, options.scenario.c_str());
  if (options.timing) {
    std::printf("timing: %.3f s in all, %.3f s writing HDF5 (%.1f %%), %.0f replications/s\n",
                seconds, write_seconds, 100.0 * write_seconds / seconds,
                static_cast<double>(done) / seconds);
  }
  if (done > 0) {
    try {
      std::printf("\n");
      print_summary_table(read_summary(out), true);
    } catch (const sim::IoError& error) {
      std::cerr << "dealsim run: " << error.what() << "\n";
      return kIoFailure;
    }
  }
  return complete ? kSuccess : kInterrupted;
}

}  // namespace cli
