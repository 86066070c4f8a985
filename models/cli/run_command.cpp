// `dealsim run`: reads the options, runs the experiment into a results file, prints a report.
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <thread>

#include "models/calibration/posterior.hpp"
#include "models/cli/commands.hpp"
#include "models/cli/heap.hpp"
#include "models/cli/options.hpp"
#include "models/cli/summary_table.hpp"
#include "models/experiment/experiment.hpp"
#include "models/metrics/results_file.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario_notes.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/progress.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

namespace fs = std::filesystem;

// The numbers of a run after its options were checked.
struct RunSettings {
  std::uint64_t replications = 0;
  unsigned threads = 1;
  std::optional<models::PrecisionTarget> until;
};

// --until METRIC:REL, with the metric found in the catalog (or a did-you-mean).
bool parse_precision_target(const std::string& text, const models::MetricCatalog& catalog,
                            models::PrecisionTarget& target) {
  const auto colon = text.rfind(':');
  char* end = nullptr;
  const double relative =
      colon == std::string::npos ? 0 : std::strtod(text.c_str() + colon + 1, &end);
  if (colon == std::string::npos || colon == 0 || end == nullptr || *end != '\0' ||
      !(relative > 0) || !(relative < 1)) {
    std::cerr << "dealsim run: --until " << text
              << ": expected METRIC:REL with REL between 0 and 1, e.g. --until "
                 "npv_cash_flow.microsoft:0.01\n";
    return false;
  }
  const std::string metric = text.substr(0, colon);
  target.relative = relative;
  try {
    target.metric = catalog.scalar_index(metric);
  } catch (const std::out_of_range&) {
    std::vector<std::string> names;
    for (const auto& info : catalog.scalars())
      names.push_back(info.name);
    const std::string nearest = models::nearest_name(metric, names);
    std::cerr << "dealsim run: --until " << text << ": no metric named '" << metric << "'"
              << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") << "\n";
    return false;
  }
  return true;
}

// Checks the counts and the precision target; --seed is set on the scenario.
bool read_settings(const RunOptions& options, const models::MetricCatalog& catalog,
                   models::Scenario& scenario, RunSettings& settings) {
  std::uint64_t replications = scenario.replications;
  std::uint64_t threads = std::max(1u, std::thread::hardware_concurrency());
  models::PrecisionTarget target;
  const auto given = [](const std::string& text) { return !text.empty(); };
  if ((given(options.replications) &&
       !parse_count("run", options.replications, "--reps", 1, 100'000'000, replications)) ||
      (given(options.seed) &&
       !parse_count("run", options.seed, "--seed", 0, std::numeric_limits<std::uint64_t>::max(),
                    scenario.seed)) ||
      (given(options.threads) &&
       !parse_count("run", options.threads, "--threads", 1, 1024, threads)) ||
      (given(options.max_replications) &&
       !parse_count("run", options.max_replications, "--max-reps", 1, 100'000'000,
                    target.max_replications)) ||
      (given(options.batch) &&
       !parse_count("run", options.batch, "--batch", 1, 10'000'000, target.batch))) {
    return false;
  }
  if (given(options.until)) {
    if (!parse_precision_target(options.until, catalog, target)) return false;
    settings.until = target;
  } else if (given(options.max_replications) || given(options.batch)) {
    std::cerr << "dealsim run: --max-reps and --batch go with --until\n";
    return false;
  }
  settings.replications = replications;
  settings.threads = static_cast<unsigned>(threads);
  return true;
}

// The results file's path (by default output/NAME.h5, its folder made); kSuccess if it can be
// written.
int choose_output(const RunOptions& options, const models::Scenario& scenario, fs::path& out) {
  out = options.out.empty() ? fs::path("output") / (output_file_name(scenario.name) + ".h5")
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
  return kSuccess;
}

// What a thread of the run allocates from its own heap (glibc gives each thread an arena), made
// ready at its start (cli::populate_heap): the main thread needs room for loading the scenario,
// its replications and the end of the file (columns, summaries), and then, populated as it
// makes the results file, for the file's blocks and chunk buffers; a helper running
// replications a few hundred kilobytes. A 2-thread run otherwise faults in some 1,900 pages one
// by one. Populating more than is used costs serial time (about 0.16 ms a megabyte): 16 MB for
// the main thread's start at any thread count cost 2 ms of a 2-thread run's load. The file's
// share is about 10 MB at 10,000 replications of the baseline: with 8 MB, 700 (1 thread) to
// 1,000 (2 threads) of its pages were still faulted one by one.
constexpr std::size_t kMainHeapBytes = std::size_t{6} << 20;
constexpr std::size_t kReplicationHeapBytes = std::size_t{4} << 20;
constexpr std::size_t kFileHeapBytes = std::size_t{12} << 20;

struct RunReport {
  models::ExperimentOutcome outcome;
  bool complete = false;
  double write_seconds = 0;
};

// Runs the replications into the results file (a temporary renamed at the end, so an
// interrupted run leaves a valid file marked incomplete). Throws IoError and SimulationError.
RunReport run_into_file(const RunOptions& options, const models::Scenario& scenario,
                        const models::MetricCatalog& catalog, const RunSettings& settings,
                        const fs::path& out) {
  std::atomic<bool>& interrupted = watch_for_interrupts();
  // The file is made on this thread once the helper threads have started, while they run the
  // first replications (plan.prepare_calling_thread): with one thread before any replication,
  // with more not serial time. No block reaches it before it is made.
  std::unique_ptr<models::ResultsFile> made;
  const auto make_file = [&] {
    if (made) return;
    populate_heap(kFileHeapBytes);  // for its buffers: megabytes of blocks and chunks
    made =
        std::make_unique<models::ResultsFile>(out, scenario, catalog, options.ledger, options.force,
                                              settings.until ? 0 : settings.replications);
  };
  auto file = [&]() -> models::ResultsFile& {
    make_file();  // made already, unless no replication started (an interrupt came first)
    return *made;
  };
  models::ExperimentPlan plan;
  plan.replications = settings.replications;
  plan.until = settings.until;
  plan.threads = settings.threads;
  plan.interrupt = &interrupted;
  plan.replication.keep_ledger = options.ledger;
  sim::ProgressLine progress(
      "replications", settings.until ? settings.until->max_replications : settings.replications,
      !options.quiet, stderr,
      settings.until ? sim::ProgressLine::Total::Limit : sim::ProgressLine::Total::Known);
  plan.on_progress = [&](std::uint64_t done) { progress.update(done); };
  plan.prepare_helper_thread = [] { populate_heap(kReplicationHeapBytes); };
  plan.prepare_calling_thread = make_file;
  RunReport report;
  // Each thread packs its results into blocks, rounded to float32 as the file stores them.
  report.outcome =
      models::run_experiment(scenario, catalog, plan, models::ResultsFile::kAppendRows,
                             [&](const models::ResultBlock& block) { made->append(block); });
  progress.finish();
  report.complete = !interrupted;
  models::RunInfo info;
  info.version = DEALSIM_VERSION;
  info.scenario_path = options.scenario;
  info.command_line = options.command_line;
  info.seed = scenario.seed;
  info.replications_requested =
      settings.until ? settings.until->max_replications : settings.replications;
  info.threads = settings.threads;
  info.complete = report.complete;
  info.stopping_rule = options.until;
  info.posterior = scenario.joint ? scenario.joint->source : "";
  file().finish(info);
  report.write_seconds = file().write_seconds();
  return report;
}

void print_report(const RunOptions& options, const models::Scenario& scenario,
                  const models::MetricCatalog& catalog, const RunSettings& settings,
                  const RunReport& report, const fs::path& out, double seconds) {
  const std::uint64_t done = report.outcome.replications;
  std::printf("%s: %s of %s replications, seed %s, %u threads -> %s%s\n", scenario.name.c_str(),
              with_thousands(done).c_str(),
              with_thousands(settings.until ? done : settings.replications).c_str(),
              std::to_string(scenario.seed).c_str(), settings.threads, out.string().c_str(),
              report.complete ? "" : " (incomplete: interrupted)");
  if (settings.until) {
    const models::RunningPrecision& precision = report.outcome.precision;
    const std::string& metric = catalog.scalars()[settings.until->metric].name;
    char relative[96];
    if (precision.mean() != 0)
      std::snprintf(relative, sizeof relative, "%.3g of the mean",
                    precision.half_width() / std::abs(precision.mean()));
    else
      std::snprintf(relative, sizeof relative, "%s",
                    precision.half_width() == 0 ? "exact (every value was 0)"
                                                : "the mean is 0, so no relative precision exists");
    std::printf("precision: %s mean %.6g, 95%% half-width %.3g = %s (target %.3g)%s\n",
                metric.c_str(), precision.mean(), precision.half_width(), relative,
                settings.until->relative,
                report.outcome.target_met
                    ? ""
                    : (!report.complete ? ""
                       : precision.mean() == 0
                           ? ": not reached by --max-reps; choose a metric whose mean is not 0"
                           : ": not reached by --max-reps"));
  }
  std::size_t assumed = 0, random = 0;
  for (const auto& parameter : scenario.parameters) {
    assumed += parameter.provenance != models::Provenance::Sourced;
    random += parameter.is_random();
  }
  std::printf(
      "inputs: %zu of %zu numbers are assumptions (not marked sourced); %zu are drawn per "
      "replication (list: dealsim validate %s --assumptions)\n",
      assumed, scenario.parameters.size(), random, options.scenario.c_str());
  for (const std::string& note : models::scenario_notes(scenario))
    std::printf("note: %s\n", note.c_str());
  if (options.timing) {
    std::printf("timing: %.3f s in all, %.3f s writing HDF5 (%.1f %%), %.0f replications/s\n",
                seconds, report.write_seconds, 100.0 * report.write_seconds / seconds,
                static_cast<double>(done) / seconds);
  }
}

}  // namespace

int run_command(const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  populate_heap(kMainHeapBytes);
  models::Scenario scenario;
  try {
    scenario = models::load_scenario(options.scenario, options.overrides);
  } catch (const models::InputError& error) {
    return report_input_error(error, options.scenario, "; nothing was run");
  }
  if (!options.posterior.empty()) {
    try {
      const std::string problem = models::apply_posterior(scenario, options.posterior);
      if (!problem.empty()) {
        std::cerr << "dealsim run: --posterior " << problem << "; nothing was run\n";
        return kBadInput;
      }
    } catch (const sim::IoError& error) {
      std::cerr << "dealsim run: --posterior: " << error.what() << "; nothing was run\n";
      return kIoFailure;
    }
  }
  const models::MetricCatalog catalog(scenario);
  RunSettings settings;
  if (!read_settings(options, catalog, scenario, settings)) return kBadInput;
  fs::path out;
  if (const int status = choose_output(options, scenario, out); status != kSuccess) return status;

  RunReport report;
  try {
    report = run_into_file(options, scenario, catalog, settings, out);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim run: " << error.what() << "\n";
    return kIoFailure;
  } catch (const sim::SimulationError& error) {
    std::cerr << "dealsim run: the simulation failed: " << error.what() << "\n";
    return kBadInput;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_report(options, scenario, catalog, settings, report, out, seconds);
  if (report.outcome.replications > 0) {
    try {
      std::printf("\n");
      print_summary_table(read_summary(out), true);
      std::printf(
          "\nwhat each number is (billings, profit, cash flow, value) and its unit: dealsim "
          "summary %s --explain\n",
          out.c_str());
    } catch (const sim::IoError& error) {
      std::cerr << "dealsim run: " << error.what() << "\n";
      return kIoFailure;
    }
  }
  return report.complete ? kSuccess : kInterrupted;
}

}  // namespace cli
