// `dealsim plot` and `dealsim report`: figures and pages are drawn by the Python package
// (scripts/dealsim, matplotlib), run with Debian's interpreter.
#include <spawn.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "models/cli/commands.hpp"

#ifndef DEALSIM_SOURCE_DIR
#define DEALSIM_SOURCE_DIR "."
#endif

extern char** environ;

namespace cli {

namespace {

// Runs `python3 -m MODULE ARGS...` with the package on its path; its exit status, or kIoFailure
// when it cannot be started.
int run_module(const char* command, const std::string& module,
               const std::vector<std::string>& arguments) {
  const char* python = std::getenv("DEALSIM_PYTHON");
  const std::string interpreter = python != nullptr ? python : "/usr/bin/python3";
  const char* scripts = std::getenv("DEALSIM_SCRIPTS");
  const std::string package_root =
      scripts != nullptr ? scripts : std::string(DEALSIM_SOURCE_DIR) + "/scripts";
  if (!std::filesystem::exists(std::filesystem::path(package_root) / "dealsim" / "__init__.py")) {
    std::cerr << "dealsim " << command << ": the Python package is not at " << package_root
              << "/dealsim (set DEALSIM_SCRIPTS to the scripts folder of the sources)\n";
    return kIoFailure;
  }
  const char* existing = std::getenv("PYTHONPATH");
  const std::string path =
      package_root + (existing != nullptr && *existing ? std::string(":") + existing : "");
  setenv("PYTHONPATH", path.c_str(), 1);
  setenv("MPLBACKEND", "Agg", 1);
  std::vector<std::string> words = {interpreter, "-m", module};
  words.insert(words.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& word : words)
    argv.push_back(word.data());
  argv.push_back(nullptr);
  pid_t child = 0;
  if (posix_spawn(&child, interpreter.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    std::cerr << "dealsim " << command << ": cannot run " << interpreter
              << " (it needs Debian's python3 with matplotlib, h5py, pandas and xarray: "
                 "scripts/setup.sh installs them)\n";
    return kIoFailure;
  }
  int status = 0;
  if (waitpid(child, &status, 0) < 0) return kIoFailure;
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    // Python's own failures (an exception: 1) are this program's I/O or environment failures.
    return code == 0 || code == kBadInput ? code : kIoFailure;
  }
  return kIoFailure;
}

}  // namespace

int plot_command(const std::string& file, const std::string& out, const std::string& format) {
  if (format != "png" && format != "svg") {
    std::cerr << "dealsim plot: --format " << format << ": expected png or svg\n";
    return kBadInput;
  }
  std::vector<std::string> arguments = {file, "--format", format};
  if (!out.empty()) arguments.insert(arguments.end(), {"--out", out});
  return run_module("plot", "dealsim.figures", arguments);
}

int report_command(const std::string& file, const std::string& out) {
  std::vector<std::string> arguments = {file};
  if (!out.empty()) arguments.insert(arguments.end(), {"-o", out});
  return run_module("report", "dealsim.report", arguments);
}

}  // namespace cli
