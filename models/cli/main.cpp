// dealsim: a discrete-event Monte Carlo simulator of cloud deal flows.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <new>

#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "sim/kernel/error.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

int main(int argc, char** argv) {
  CLI::App app{"dealsim " DEALSIM_VERSION
               ": a discrete-event Monte Carlo simulator of cloud deal flows.\n"
               "Exit codes: 0 success, 2 bad input or usage, 3 I/O failure, 130 interrupted."};
  app.set_version_flag("--version", "dealsim " DEALSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  cli::RunOptions run;
  for (int i = 0; i < argc; ++i)
    run.command_line += (i ? " " : "") + std::string(argv[i]);
  CLI::App* run_app =
      app.add_subcommand("run", "Run a scenario's replications and write an HDF5 file.");
  run_app->add_option("scenario", run.scenario, "Scenario YAML file.")->required();
  run_app->add_option("--reps", run.replications,
                      "Replications (default: the scenario's, else 1000).");
  run_app->add_option("--seed", run.seed, "Master seed, 0 to 2^64-1 (default: the scenario's).");
  run_app->add_option("--threads", run.threads, "Worker threads (default: the number of cores).");
  run_app->add_option("--out", run.out, "Output file (default: output/<scenario name>.h5).");
  run_app->add_option("--set", run.overrides,
                      "Override a scenario field: path=value (repeatable).");
  run_app->add_flag("--force", run.force, "Overwrite an existing output file.");
  run_app->add_flag("--quiet", run.quiet, "No progress line.");
  run_app->add_option(
      "--until", run.until,
      "Add replications in batches until the 95% CI half-width of METRIC's mean is below "
      "REL times the mean: METRIC:REL, e.g. npv.microsoft:0.01.");
  run_app->add_option("--max-reps", run.max_replications,
                      "With --until: at most this many (default 1000000).");
  run_app->add_option("--batch", run.batch, "With --until: replications per batch (default 1000).");
  run_app->add_flag("--ledger", run.ledger,
                    "Also write every ledger entry (group /ledger; large).");
  run_app->add_flag("--timing", run.timing,
                    "Print the run's time, the share spent writing HDF5, and the rate.");

  std::string validate_file;
  std::vector<std::string> validate_overrides;
  CLI::App* validate_app = app.add_subcommand(
      "validate", "Check a scenario: print 'ok' and an outline, or every error at once.");
  validate_app->add_option("scenario", validate_file, "Scenario YAML file.")->required();
  validate_app->add_option("--set", validate_overrides,
                           "Override a field: path=value (repeatable).");
  bool list_assumptions = false;
  validate_app->add_flag("--assumptions", list_assumptions,
                         "List every input not marked sourced, with its note.");

  CLI::App* schema_app = app.add_subcommand(
      "schema", "Print the scenario reference (every field, unit, default, range).");

  cli::SweepOptions sweep;
  sweep.command_line = run.command_line;
  CLI::App* sweep_app =
      app.add_subcommand("sweep", "Run a parameter sweep and write an HDF5 file.");
  sweep_app->add_option("sweep", sweep.file, "Sweep YAML file.")->required();
  sweep_app->add_option("--out", sweep.out, "Output file (default: output/<sweep name>.h5).");
  sweep_app->add_option("--threads", sweep.threads,
                        "Worker threads (default: the number of cores).");
  sweep_app->add_flag("--resume", sweep.resume,
                      "Continue an interrupted sweep from the points in --out.");
  sweep_app->add_option("--shard", sweep.shard,
                        "Run only the K-th of N disjoint slices of the points: K/N.");
  sweep_app->add_flag("--force", sweep.force, "Overwrite an existing output file.");
  sweep_app->add_flag("--quiet", sweep.quiet, "No progress line.");
  sweep_app->add_flag("--timing", sweep.timing, "Print the sweep's time and rate.");
  sweep_app->add_flag("--no-common-random-numbers", sweep.no_common_random_numbers,
                      "Give each point its own random streams.");

  std::string merge_out;
  std::vector<std::string> merge_shards;
  bool merge_force = false;
  CLI::App* merge_app = app.add_subcommand("merge", "Combine the shards of a sweep into one file.");
  merge_app->add_option("out", merge_out, "The merged file.")->required();
  merge_app->add_option("shards", merge_shards, "Shard files (every K of N exactly once).")
      ->required();
  merge_app->add_flag("--force", merge_force, "Overwrite an existing output file.");

  std::string summary_file;
  bool summary_csv = false, summary_all = false;
  CLI::App* summary_app =
      app.add_subcommand("summary", "Print the summary table of a results file.");
  summary_app->add_option("file", summary_file, "Results HDF5 file.")->required();
  summary_app->add_flag("--csv", summary_csv, "Every metric as CSV (for a spreadsheet).");
  summary_app->add_flag("--all", summary_all, "Every metric, not only the headline ones.");

  std::string compare_first, compare_second;
  bool compare_csv = false;
  CLI::App* compare_app = app.add_subcommand(
      "compare",
      "Paired differences (B - A) of every metric of two results files, with 95% intervals.");
  compare_app->add_option("a", compare_first, "Results file A.")->required();
  compare_app->add_option("b", compare_second, "Results file B.")->required();
  compare_app->add_flag("--csv", compare_csv, "As CSV.");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::cerr << "dealsim: " << error.what() << "\nRun 'dealsim --help' for usage.\n";
    return cli::kBadInput;
  }

  // Each command reports its own errors; this is the net for what escapes one (a bug), so that
  // no input ends in an abort: a message and exit 2, or 3 for a file or resource failure.
  try {
    if (run_app->parsed()) return cli::run_command(run);
    if (validate_app->parsed())
      return cli::validate_command(validate_file, validate_overrides, list_assumptions);
    if (schema_app->parsed()) return cli::schema_command();
    if (sweep_app->parsed()) return cli::sweep_command(sweep);
    if (merge_app->parsed())
      return cli::merge_command(merge_out, merge_shards, merge_force, run.command_line);
    if (summary_app->parsed()) return cli::summary_command(summary_file, summary_csv, summary_all);
    if (compare_app->parsed())
      return cli::compare_command(compare_first, compare_second, compare_csv);
  } catch (const models::InputError& error) {
    return cli::report_input_error(error, "the input");
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim: " << error.what() << "\n";
    return cli::kIoFailure;
  } catch (const std::filesystem::filesystem_error& error) {
    std::cerr << "dealsim: " << error.what() << "\n";
    return cli::kIoFailure;
  } catch (const std::bad_alloc&) {
    std::cerr << "dealsim: out of memory; nothing was written\n";
    return cli::kIoFailure;
  } catch (const std::exception& error) {
    std::cerr << "dealsim: internal error: " << error.what()
              << "\n(this is a bug in dealsim: please report it with the command and input files; "
                 "nothing was written)\n";
    return cli::kBadInput;
  } catch (...) {
    std::cerr << "dealsim: internal error of unknown kind (a bug: please report it); nothing was "
                 "written\n";
    return cli::kBadInput;
  }
  return cli::kBadInput;
}
