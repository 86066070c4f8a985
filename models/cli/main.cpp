// dealsim: a discrete-event Monte Carlo simulator of cloud deal flows.
#include <malloc.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <new>

#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/source_revision.hpp"
#include "sim/kernel/error.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace {

// Every subcommand's options, filled by CLI11, and its parser.
struct Commands {
  cli::RunOptions run;
  cli::SweepOptions sweep;
  cli::CalibrateOptions calibrate;
  std::string validate_file;
  std::vector<std::string> validate_overrides;
  bool list_assumptions = false;
  std::string merge_out;
  std::vector<std::string> merge_shards;
  bool merge_force = false;
  std::string summary_file;
  bool summary_csv = false, summary_all = false, summary_explain = false;
  std::string compare_first, compare_second;
  bool compare_csv = false;
  cli::DiscoverOptions discover;
  std::string export_file, export_folder;
  std::string plot_file, plot_out, plot_format = "png", report_file, report_out;
  bool export_force = false;
  CLI::App *run_app = nullptr, *validate_app = nullptr, *schema_app = nullptr, *sweep_app = nullptr,
           *merge_app = nullptr, *summary_app = nullptr, *compare_app = nullptr,
           *calibrate_app = nullptr, *export_app = nullptr, *discover_app = nullptr,
           *plot_app = nullptr, *report_app = nullptr;
};

void add_run(CLI::App& app, Commands& c) {
  c.run_app = app.add_subcommand("run", "Run a scenario's replications and write an HDF5 file.");
  c.run_app->add_option("scenario", c.run.scenario, "Scenario YAML file.")
      ->required()
      ->type_name("SCENARIO.yaml");
  c.run_app
      ->add_option("--reps", c.run.replications,
                   "Replications (default: the scenario's, else 1000).")
      ->type_name("N");
  c.run_app->add_option("--seed", c.run.seed, "Master seed, 0 to 2^64-1 (default: the scenario's).")
      ->type_name("N");
  c.run_app
      ->add_option("--threads", c.run.threads, "Worker threads (default: the number of cores).")
      ->type_name("N");
  c.run_app->add_option("--out", c.run.out, "Output file (default: output/<scenario name>.h5).")
      ->type_name("FILE.h5");
  c.run_app
      ->add_option("--set", c.run.overrides, "Override a scenario field: path=value (repeatable).")
      ->type_name("PATH=VALUE");
  c.run_app->add_flag("--force", c.run.force, "Overwrite an existing output file.");
  c.run_app->add_flag("--quiet", c.run.quiet, "No progress line.");
  c.run_app
      ->add_option(
          "--until", c.run.until,
          "Add replications in batches until the 95% CI half-width of METRIC's mean is below "
          "REL times the mean: METRIC:REL, e.g. npv_cash_flow.microsoft:0.01.")
      ->type_name("METRIC:REL");
  c.run_app
      ->add_option("--max-reps", c.run.max_replications,
                   "With --until: at most this many (default 1000000).")
      ->type_name("N");
  c.run_app
      ->add_option("--batch", c.run.batch, "With --until: replications per batch (default 1000).")
      ->type_name("N");
  c.run_app
      ->add_option("--posterior", c.run.posterior,
                   "Draw the inputs a calibration fitted from its posterior (CAL.h5).")
      ->type_name("CAL.h5");
  c.run_app->add_flag("--ledger", c.run.ledger,
                      "Also write every ledger entry (group /ledger; large).");
  c.run_app->add_flag("--timing", c.run.timing,
                      "Print the run's time, the share spent writing HDF5, and the rate.");
}

void add_sweep(CLI::App& app, Commands& c) {
  c.sweep_app = app.add_subcommand("sweep", "Run a parameter sweep and write an HDF5 file.");
  c.sweep_app->add_option("sweep", c.sweep.file, "Sweep YAML file.")
      ->required()
      ->type_name("SWEEP.yaml");
  c.sweep_app->add_option("--out", c.sweep.out, "Output file (default: output/<sweep name>.h5).")
      ->type_name("FILE.h5");
  c.sweep_app
      ->add_option("--threads", c.sweep.threads, "Worker threads (default: the number of cores).")
      ->type_name("N");
  c.sweep_app->add_flag("--resume", c.sweep.resume,
                        "Continue an interrupted sweep from the points in --out.");
  c.sweep_app
      ->add_option("--shard", c.sweep.shard,
                   "Run only the K-th of N disjoint slices of the points: K/N.")
      ->type_name("K/N");
  c.sweep_app->add_flag("--force", c.sweep.force, "Overwrite an existing output file.");
  c.sweep_app->add_flag("--quiet", c.sweep.quiet, "No progress line.");
  c.sweep_app->add_flag("--timing", c.sweep.timing, "Print the sweep's time and rate.");
  c.sweep_app->add_flag("--no-common-random-numbers", c.sweep.no_common_random_numbers,
                        "Give each point its own random streams.");

  c.calibrate_app = app.add_subcommand(
      "calibrate", "Fit a scenario's uncertain inputs to reported figures (ABC-SMC).");
  c.calibrate_app->add_option("calibration", c.calibrate.file, "Calibration YAML file.")
      ->required()
      ->type_name("CAL.yaml");
  c.calibrate_app
      ->add_option("--out", c.calibrate.out, "Output file (default: output/<calibration name>.h5).")
      ->type_name("FILE.h5");
  c.calibrate_app
      ->add_option("--threads", c.calibrate.threads, "Threads per process (default: all cores).")
      ->type_name("N");
  c.calibrate_app->add_flag(
      "--resume", c.calibrate.resume,
      "Continue from the candidates in --out (interrupted, or merged shards).");
  c.calibrate_app
      ->add_option("--shard", c.calibrate.shard,
                   "Simulate only shard K of N of the next generation (K/N).")
      ->type_name("K/N");
  c.calibrate_app->add_flag("--force", c.calibrate.force, "Overwrite an existing output file.");
  c.calibrate_app->add_flag("--quiet", c.calibrate.quiet, "No progress line.");
  c.calibrate_app->add_flag("--timing", c.calibrate.timing, "Print the time and rate.");
  c.merge_app = app.add_subcommand(
      "merge", "Combine the shards of a sweep, or of a calibration's generation, into one file.");
  c.merge_app->add_option("out", c.merge_out, "The merged file.")->required()->type_name("OUT.h5");
  c.merge_app->add_option("shards", c.merge_shards, "Shard files (every K of N exactly once).")
      ->required()
      ->type_name("SHARD.h5");
  c.merge_app->add_flag("--force", c.merge_force, "Overwrite an existing output file.");
}

void add_checks(CLI::App& app, Commands& c) {
  c.validate_app = app.add_subcommand(
      "validate", "Check a scenario: print 'ok' and an outline, or every error at once.");
  c.validate_app->add_option("scenario", c.validate_file, "Scenario YAML file.")
      ->required()
      ->type_name("SCENARIO.yaml");
  c.validate_app
      ->add_option("--set", c.validate_overrides, "Override a field: path=value (repeatable).")
      ->type_name("PATH=VALUE");
  c.validate_app->add_flag("--assumptions", c.list_assumptions,
                           "List every input not marked sourced, with its note.");

  c.schema_app = app.add_subcommand(
      "schema", "Print the scenario reference (every field, unit, default, range).");
}

void add_reading(CLI::App& app, Commands& c) {
  c.summary_app = app.add_subcommand("summary", "Print the summary table of a results file.");
  c.summary_app->add_option("file", c.summary_file, "Results HDF5 file.")
      ->required()
      ->type_name("FILE.h5");
  c.summary_app->add_flag("--csv", c.summary_csv, "Every metric as CSV (for a spreadsheet).");
  c.summary_app->add_flag("--all", c.summary_all, "Every metric, not only the headline ones.");
  c.summary_app->add_flag("--explain", c.summary_explain,
                          "Then each metric shown with its unit and what it is, in a line.");

  c.compare_app = app.add_subcommand(
      "compare",
      "Paired differences (B - A) of every metric of two results files, with 95% intervals.");
  c.compare_app->add_option("a", c.compare_first, "Results file A.")->required()->type_name("A.h5");
  c.compare_app->add_option("b", c.compare_second, "Results file B.")
      ->required()
      ->type_name("B.h5");
  c.compare_app->add_flag("--csv", c.compare_csv, "As CSV.");

  c.export_app = app.add_subcommand(
      "export", "Write a results file's per-replication metrics and series as CSV files.");
  c.export_app->add_option("file", c.export_file, "Results HDF5 file.")
      ->type_name("FILE.h5")
      ->required();
  c.export_app->add_option("--csv", c.export_folder, "Folder to write the CSV files into.")
      ->type_name("DIR")
      ->required();
  c.export_app->add_flag("--force", c.export_force, "Overwrite CSV files already there.");

  c.plot_app = app.add_subcommand(
      "plot", "Write the standard figures of a results, sweep or calibration file.");
  c.plot_app->add_option("file", c.plot_file, "HDF5 file of dealsim.")
      ->type_name("FILE.h5")
      ->required();
  c.plot_app->add_option("--out", c.plot_out, "Folder (default: FILE_figures next to the file).")
      ->type_name("DIR");
  c.plot_app->add_option("--format", c.plot_format, "png (default) or svg.")->type_name("FORMAT");
  c.report_app =
      app.add_subcommand("report", "Write a self-contained HTML page about a results file.");
  c.report_app->add_option("file", c.report_file, "Results HDF5 file.")
      ->type_name("FILE.h5")
      ->required();
  c.report_app->add_option("-o,--out", c.report_out, "The page (default: FILE.html).")
      ->type_name("FILE.html");

  c.discover_app = app.add_subcommand(
      "discover",
      "Scenario discovery (PRIM): which input ranges of a sweep make a condition likely.");
  c.discover_app->add_option("sweep", c.discover.file, "Sweep HDF5 file.")
      ->type_name("SWEEP.h5")
      ->required();
  c.discover_app
      ->add_option("--where", c.discover.where,
                   "The condition on each point: METRIC OP NUMBER, e.g. 'shortfall_any.azure_250 > "
                   "0.5' (OP: > >= < <= == !=).")
      ->type_name("CONDITION")
      ->required();
  c.discover_app
      ->add_option("--statistic", c.discover.statistic,
                   "The per-point statistic compared (default mean; p5 ... p95).")
      ->type_name("NAME");
  c.discover_app
      ->add_option("--alpha", c.discover.alpha,
                   "Share of the box's points peeled per step (default 0.05).")
      ->type_name("X");
  c.discover_app
      ->add_option("--min-support", c.discover.min_support,
                   "Peel until the box holds this share of the points (default 0.05).")
      ->type_name("X");
  c.discover_app
      ->add_option("--density", c.discover.min_density,
                   "The chosen box: most coverage at this density (default 0.8).")
      ->type_name("X");
  c.discover_app->add_flag("--csv", c.discover.csv, "The trajectory and the box as CSV.");
}

int dispatch(const Commands& c) {
  if (c.run_app->parsed()) return cli::run_command(c.run);
  if (c.validate_app->parsed())
    return cli::validate_command(c.validate_file, c.validate_overrides, c.list_assumptions);
  if (c.schema_app->parsed()) return cli::schema_command();
  if (c.sweep_app->parsed()) return cli::sweep_command(c.sweep);
  if (c.calibrate_app->parsed()) return cli::calibrate_command(c.calibrate);
  if (c.merge_app->parsed())
    return cli::merge_command(c.merge_out, c.merge_shards, c.merge_force, c.run.command_line);
  if (c.summary_app->parsed())
    return cli::summary_command(c.summary_file, c.summary_csv, c.summary_all, c.summary_explain);
  if (c.compare_app->parsed())
    return cli::compare_command(c.compare_first, c.compare_second, c.compare_csv);
  if (c.discover_app->parsed()) return cli::discover_command(c.discover);
  if (c.plot_app->parsed()) return cli::plot_command(c.plot_file, c.plot_out, c.plot_format);
  if (c.report_app->parsed()) return cli::report_command(c.report_file, c.report_out);
  if (c.export_app->parsed())
    return cli::export_command(c.export_file, c.export_folder, c.export_force);
  return cli::kBadInput;
}

// Each command reports its own errors; this is the net for what escapes one (a bug), so that
// no input ends in an abort: a message and exit 2, or 3 for a file or resource failure.
int dispatch_guarded(const Commands& c) {
  try {
    return dispatch(c);
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
}

// CLI11 answers an unknown command with "A subcommand is required"; this names it instead, with
// the commands there are and the nearest one.
int check_command_name(const CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return cli::kSuccess;
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({}))
    names.push_back(command->get_name());
  const std::string given = argv[1];
  if (std::find(names.begin(), names.end(), given) != names.end()) return cli::kSuccess;
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "" : ", ") + name;
  const std::string nearest = models::nearest_name(given, names);
  std::cerr << "dealsim: unknown command '" << given << "'"
            << (nearest.empty() ? "" : "; did you mean '" + nearest + "'?") << "\nthe commands are "
            << list << "; run 'dealsim --help' for what each does\n";
  return cli::kBadInput;
}

}  // namespace

int main(int argc, char** argv) {
  // Every replication allocates and frees buffers of the same sizes: glibc keeps freed memory
  // for reuse instead of returning it to the system and faulting it back in (a tenth of a run's
  // time otherwise). Peak memory is unchanged.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  CLI::App app{"dealsim " DEALSIM_VERSION
               ": a discrete-event Monte Carlo simulator of cloud deal flows.\n"
               "Exit codes: 0 success, 2 bad input or usage, 3 I/O failure, 130 interrupted."};
  app.set_version_flag("--version", std::string("dealsim " DEALSIM_VERSION " (source revision ") +
                                        models::source_revision() + ")");
  app.require_subcommand(1);
  app.fallthrough(false);
  Commands commands;
  for (int i = 0; i < argc; ++i)
    commands.run.command_line += (i ? " " : "") + std::string(argv[i]);
  commands.sweep.command_line = commands.run.command_line;
  commands.calibrate.command_line = commands.run.command_line;
  add_run(app, commands);
  add_checks(app, commands);
  add_sweep(app, commands);
  add_reading(app, commands);
  if (const int status = check_command_name(app, argc, argv); status != cli::kSuccess)
    return status;
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
  return dispatch_guarded(commands);
}
