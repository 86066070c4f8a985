// `dealsim sweep`: reads the options and the sweep file, resumes or starts the results file,
// runs this process's share of points (models/sweep/sweep_execution), writes and reports.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "models/cli/commands.hpp"
#include "models/cli/heap.hpp"
#include "models/cli/options.hpp"
#include "models/cli/sweep_summary.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/sweep/sweep_execution.hpp"
#include "models/sweep/sweep_file.hpp"
#include "models/sweep/sweep_spec.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/cluster.hpp"
#include "sim/mc/progress.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using SweepSettings = BatchSettings;

// With --resume, the points already in the results file, after checking that the same sweep,
// shard and version wrote it; without, refuses an existing file unless --force.
int load_previous(const SweepOptions& options, const models::SweepSpec& spec,
                  const SweepSettings& settings,
                  std::vector<std::optional<models::PointResult>>& results) {
  const fs::path& out = settings.out;
  bool resume_it = false;
  if (const int status =
          check_resumable_output("sweep", out, options.resume, options.force, resume_it);
      status != kSuccess || !resume_it)
    return status;
  try {
    const std::string hash = models::sweep_hash(spec);
    auto previous = models::read_sweep_file(out, spec.keep_replications);
    if (previous.hash != hash || previous.shard_index != settings.shard_index ||
        previous.shard_count != settings.shard_count || previous.points_total != results.size() ||
        previous.metrics != spec.metrics) {
      std::cerr << "dealsim sweep: --resume: " << out.string()
                << " was written by another sweep, shard or version of the sweep file (its hash "
                << previous.hash << ", this sweep's " << hash
                << "); use another --out, or --force to start over\n";
      return kBadInput;
    }
    for (auto& result : previous.results)
      results[result.point] = std::move(result);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim sweep: --resume: " << error.what() << "\n";
    return kIoFailure;
  }
  return kSuccess;
}

// One invocation of `dealsim sweep`: what it was asked, where it writes, and its share of the
// points (all of them, or one shard's), with those not yet in the file.
struct SweepRun {
  const SweepOptions& options;
  const models::SweepSpec& spec;
  const SweepSettings& settings;
  sim::Cluster& cluster;
  std::vector<std::optional<models::PointResult>>& results;
  std::vector<std::uint64_t> share, todo;
};

void print_report(const SweepRun& run, std::size_t present, bool complete, double seconds) {
  const SweepSettings& settings = run.settings;
  std::uint64_t replications = 0;
  for (const auto& result : run.results)
    replications += result ? result->replications : 0;
  const std::string shard = settings.shard_count
                                ? " (shard " + std::to_string(settings.shard_index) + "/" +
                                      std::to_string(settings.shard_count) + ")"
                                : "";
  std::printf("%s: %s design, %s of %s points%s, %s replications -> %s%s\n", run.spec.name.c_str(),
              models::design_name(run.spec.design), with_thousands(present).c_str(),
              with_thousands(run.share.size()).c_str(), shard.c_str(),
              with_thousands(replications).c_str(), settings.out.string().c_str(),
              complete ? "" : " (incomplete)");
  if (run.options.timing) {
    std::uint64_t run_now = 0;  // replications of the points this run computed
    std::size_t points_now = 0;
    for (std::uint64_t p : run.todo) {
      run_now += run.results[p] ? run.results[p]->replications : 0;
      points_now += run.results[p] ? 1 : 0;
    }
    std::printf(
        "timing: %.3f s, %zu points this run on %d rank%s x %llu threads, %.0f replications/s\n",
        seconds, points_now, run.cluster.size(), run.cluster.size() == 1 ? "" : "s",
        static_cast<unsigned long long>(settings.threads), static_cast<double>(run_now) / seconds);
  }
}

// The sweep with its paths made absolute (they are recorded in the file and its hash).
int load_spec(const SweepOptions& options, bool root, models::SweepSpec& spec) {
  try {
    spec = models::load_sweep(options.file);
  } catch (const models::InputError& error) {
    if (!root) return error.unreadable() ? kIoFailure : kBadInput;
    return report_input_error(error, options.file, "; nothing was run");
  }
  spec.path = fs::absolute(options.file).lexically_normal().string();
  spec.scenario_path = fs::absolute(spec.scenario_path).lexically_normal().string();
  if (options.no_common_random_numbers) {
    spec.common_random_numbers = false;
    spec.text += "# run with --no-common-random-numbers\n";
  }
  return kSuccess;
}

// Reports failures; on rank 0 writes the results file and prints the report. The exit code.
int finish_sweep(const SweepRun& run, const models::SweepShareOutcome& outcome, bool interrupted,
                 models::SweepFileInfo& info, bool replace, double seconds) {
  if (outcome.input_error)
    report_input_error(*outcome.input_error, run.options.file, "; nothing was run");
  if (!outcome.simulation_error.empty())
    std::cerr << "dealsim sweep: the simulation failed: " << outcome.simulation_error << "\n";
  if (run.cluster.rank() != 0)
    return outcome.failed ? kBadInput : (interrupted ? kInterrupted : kSuccess);
  if (outcome.failed) return kBadInput;
  const std::size_t present = run.share.size() - run.todo.size() + outcome.computed;
  info.complete = present == run.share.size();
  try {
    models::write_sweep_file(run.settings.out, run.spec, run.results, info, replace);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kIoFailure;
  }
  print_report(run, present, info.complete, seconds);
  if (info.complete) {
    try {
      std::printf("\n");
      print_sweep_tables(run.settings.out);
    } catch (const sim::IoError& error) {
      std::cerr << "dealsim sweep: " << error.what() << "\n";
      return kIoFailure;
    }
  }
  return info.complete ? kSuccess : kInterrupted;
}

// Runs this process's share; rank 0 writes the file.
int run_sweep(SweepRun& run) {
  const SweepOptions& options = run.options;
  const SweepSettings& settings = run.settings;
  for (std::uint64_t p = 0; p < run.results.size(); ++p) {
    if (settings.shard_count == 0 || p % settings.shard_count == settings.shard_index - 1) {
      run.share.push_back(p);
      if (!run.results[p]) run.todo.push_back(p);
    }
  }
  const auto started = Clock::now();
  populate_heap();
  models::SweepFileInfo info;
  info.version = DEALSIM_VERSION;
  info.command_line = options.command_line;
  info.shard_index = settings.shard_index;
  info.shard_count = settings.shard_count;
  // Once this process has written the file (a checkpoint), later writes replace its own file.
  bool replace = options.force || options.resume;
  sim::ProgressLine progress("points", run.share.size(),
                             !options.quiet && !run.cluster.distributed());
  const models::ScenarioTemplate base(run.spec.scenario_path);
  // Checkpoints (one process): the file is rewritten atomically as points finish, at most every
  // 2 s, so that even a kill -9 leaves the points done so far for --resume.
  auto last_checkpoint = Clock::now();
  const models::SweepExecution execution{
      run.spec,
      base,
      static_cast<unsigned>(settings.threads),
      run.cluster,
      watch_for_interrupts(),
      [&](std::size_t present) {
        progress.update(present);
        if (present < run.share.size() &&
            Clock::now() - last_checkpoint > std::chrono::seconds(2)) {
          info.complete = false;
          models::write_sweep_file(settings.out, run.spec, run.results, info, replace);
          replace = true;
          last_checkpoint = Clock::now();
        }
      }};
  models::SweepShareOutcome outcome;
  try {
    outcome = models::run_sweep_share(execution, run.todo, run.results);
  } catch (const sim::IoError& error) {
    progress.finish();
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kIoFailure;
  }
  progress.finish();
  return finish_sweep(run, outcome, execution.interrupted, info, replace,
                      std::chrono::duration<double>(Clock::now() - started).count());
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  std::optional<sim::Cluster> joined;
  try {
    joined.emplace();
  } catch (const sim::SimulationError& error) {
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kBadInput;
  }
  sim::Cluster& cluster = *joined;
  models::SweepSpec spec;
  if (const int status = load_spec(options, cluster.rank() == 0, spec); status != kSuccess)
    return status;
  SweepSettings settings;
  if (const int status = read_batch_settings("sweep", options.threads, options.shard, options.out,
                                             spec.name, cluster.local_size(), settings);
      status != kSuccess)
    return status;
  std::vector<std::optional<models::PointResult>> results(
      static_cast<std::size_t>(spec.points.rows()));
  if (const int status = load_previous(options, spec, settings, results); status != kSuccess)
    return status;
  SweepRun run{options, spec, settings, cluster, results, {}, {}};
  return run_sweep(run);
}

}  // namespace cli
