// `dealsim calibrate`: reads the options and the calibration file, resumes or starts the
// calibration file, runs generations (models/calibration/calibration_run), writes and reports.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include <unistd.h>

#include "models/calibration/calibration_file.hpp"
#include "models/calibration/calibration_run.hpp"
#include "models/calibration/calibration_spec.hpp"
#include "models/calibration/candidate_evaluator.hpp"
#include "models/cli/commands.hpp"
#include "models/cli/heap.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
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

using CalibrateSettings = BatchSettings;

// With --resume, the state rebuilt from the candidates in the file, after checking that the same
// calibration wrote it; without, refuses an existing file unless --force.
int load_previous(const CalibrateOptions& options, const models::CalibrationSpec& spec,
                  const fs::path& out, std::optional<models::CalibrationState>& state) {
  bool resume_it = false;
  if (const int status =
          check_resumable_output("calibrate", out, options.resume, options.force, resume_it);
      status != kSuccess || !resume_it)
    return status;
  try {
    const auto previous = models::read_calibration_file(out);
    const std::string hash = models::calibration_hash(spec);
    if (previous.hash != hash) {
      std::cerr << "dealsim calibrate: --resume: " << out.string()
                << " was written by another calibration, scenario or seed (its hash "
                << previous.hash << ", this calibration's " << hash
                << "); use another --out, or --force to start over\n";
      return kBadInput;
    }
    state.emplace(models::replay(spec, previous.candidates, out.string()));
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim calibrate: --resume: " << error.what() << "\n";
    return kIoFailure;
  }
  return kSuccess;
}

int load_spec(const CalibrateOptions& options, bool root, models::CalibrationSpec& spec) {
  try {
    spec = models::load_calibration(options.file);
  } catch (const models::InputError& error) {
    if (!root) return error.unreadable() ? kIoFailure : kBadInput;
    return report_input_error(error, options.file, "; nothing was run");
  }
  spec.path = fs::absolute(options.file).lexically_normal().string();
  spec.scenario_path = fs::absolute(spec.scenario_path).lexically_normal().string();
  return kSuccess;
}

void print_report(const models::CalibrationSpec& spec, const models::CalibrationState& state,
                  const CalibrateSettings& settings, double seconds, std::size_t simulated,
                  bool timing) {
  const auto& records = state.smc.records();
  std::printf("%s: %zu generation%s", spec.name.c_str(), records.size(),
              records.size() == 1 ? "" : "s");
  if (!records.empty()) {
    std::printf(", tolerance %.4g, acceptance %.3g, %zu particles (effective %.0f)",
                records.back().tolerance, records.back().acceptance,
                state.smc.population().weights.size(), records.back().effective_size);
  }
  std::printf(" -> %s", settings.out.string().c_str());
  if (state.smc.finished()) {
    std::printf("\n");
  } else if (settings.shard_count) {
    std::printf(" (shard %llu/%llu of generation %llu: merge the shards, then --resume)\n",
                static_cast<unsigned long long>(settings.shard_index),
                static_cast<unsigned long long>(settings.shard_count),
                static_cast<unsigned long long>(state.smc.generation()));
  } else {
    std::printf(" (incomplete: --resume continues it)\n");
  }
  if (state.smc.finished())
    std::printf("posterior and fit: dealsim summary %s\n", settings.out.string().c_str());
  if (timing) {
    std::printf(
        "timing: %.3f s, %zu candidates x %llu replications this run, %.0f replications/s\n",
        seconds, simulated, static_cast<unsigned long long>(spec.replications),
        static_cast<double>(simulated * spec.replications) / seconds);
  }
}

// Progress on a terminal and checkpoints of the file (at most every 2 s, and after each
// generation), called by the single-process run after each candidate and generation.
class Checkpoints {
 public:
  Checkpoints(const models::CalibrationSpec& spec, const CalibrateSettings& settings,
              const models::CalibrationFileInfo& info, bool replace, bool show)
      : spec_(spec), settings_(settings), info_(info), replace_(replace), show_(show) {}

  void operator()(const models::CalibrationState& now, bool generation_done) {
    if (generation_done) {
      progress_.reset();
      if (show_ && isatty(fileno(stderr)) && !now.smc.records().empty()) {
        const auto& record = now.smc.records().back();
        std::fprintf(stderr, "generation %zu: tolerance %.4g, acceptance %.3g\n",
                     now.smc.records().size() - 1, record.tolerance, record.acceptance);
      }
      write(now);
      return;
    }
    if (!progress_) {
      progress_.emplace("candidates of generation " + std::to_string(now.smc.generation()),
                        now.results.size(), show_);
    }
    progress_->update(now.present());
    if (Clock::now() - last_ > std::chrono::seconds(2)) write(now);
  }

  // Erases the progress line.
  void finish() { progress_.reset(); }

  // Writes the file (atomically); later writes replace this process's own file.
  void write(const models::CalibrationState& now) {
    models::write_calibration_file(settings_.out, spec_, now, info_, replace_);
    replace_ = true;
    last_ = Clock::now();
  }

 private:
  const models::CalibrationSpec& spec_;
  const CalibrateSettings& settings_;
  const models::CalibrationFileInfo& info_;
  bool replace_, show_;
  std::optional<sim::ProgressLine> progress_;
  Clock::time_point last_ = Clock::now();
};

// Runs the calibration and, on rank 0, writes the file and reports. The exit code.
int run_and_report(const CalibrateOptions& options, const models::CalibrationSpec& spec,
                   const CalibrateSettings& settings, sim::Cluster& cluster,
                   models::CalibrationState& state) {
  const auto started = Clock::now();
  populate_heap();
  const models::CandidateEvaluator evaluator(spec);
  const models::CalibrationFileInfo info{DEALSIM_VERSION, options.command_line,
                                         settings.shard_index, settings.shard_count};
  Checkpoints checkpoints(spec, settings, info, options.force || options.resume,
                          !options.quiet && !cluster.distributed());
  const models::CalibrationExecution execution{
      spec,
      evaluator,
      static_cast<unsigned>(settings.threads),
      cluster,
      watch_for_interrupts(),
      settings.shard_index,
      settings.shard_count,
      [&](const models::CalibrationState& now, bool done) { checkpoints(now, done); }};
  models::CalibrationOutcome outcome;
  try {
    outcome = models::run_calibration(execution, state);
    checkpoints.finish();
    if (!outcome.error.empty()) {
      std::cerr << "dealsim calibrate: the simulation failed: " << outcome.error << "\n";
      return kBadInput;
    }
    if (cluster.rank() != 0) return execution.interrupted ? kInterrupted : kSuccess;
    checkpoints.write(state);
  } catch (const sim::IoError& error) {
    checkpoints.finish();
    std::cerr << "dealsim calibrate: " << error.what() << "\n";
    return kIoFailure;
  }
  print_report(spec, state, settings, std::chrono::duration<double>(Clock::now() - started).count(),
               outcome.simulated, options.timing);
  return execution.interrupted ? kInterrupted : kSuccess;
}

}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  std::optional<sim::Cluster> joined;
  try {
    joined.emplace();
  } catch (const sim::SimulationError& error) {
    std::cerr << "dealsim calibrate: " << error.what() << "\n";
    return kBadInput;
  }
  sim::Cluster& cluster = *joined;
  models::CalibrationSpec spec;
  if (const int status = load_spec(options, cluster.rank() == 0, spec); status != kSuccess)
    return status;
  CalibrateSettings settings;
  if (const int status =
          read_batch_settings("calibrate", options.threads, options.shard, options.out, spec.name,
                              cluster.local_size(), settings);
      status != kSuccess)
    return status;
  std::optional<models::CalibrationState> previous;
  if (const int status = load_previous(options, spec, settings.out, previous); status != kSuccess)
    return status;
  models::CalibrationState state = previous ? std::move(*previous) : models::CalibrationState(spec);
  return run_and_report(options, spec, settings, cluster, state);
}

}  // namespace cli
