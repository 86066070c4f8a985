#include "models/cli/options.hpp"

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <thread>

#include "models/cli/commands.hpp"
#include "models/scenario/diagnostics.hpp"

namespace cli {

namespace {
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);
extern "C" void on_interrupt(int) {
  interrupted.store(true);
}
}  // namespace

int report_input_error(const models::InputError& error, const std::string& file,
                       const char* consequence) {
  for (const auto& diagnostic : error.diagnostics())
    std::cerr << diagnostic.to_string() << "\n";
  // Problems of --set overrides alone are the command line's, not the file's.
  const bool all_overrides =
      std::all_of(error.diagnostics().begin(), error.diagnostics().end(),
                  [](const models::Diagnostic& d) { return d.file.rfind("--set ", 0) == 0; });
  std::cerr << error.diagnostics().size()
            << (error.diagnostics().size() == 1 ? " error" : " errors") << " in "
            << (all_overrides ? "the --set options for " + file : file) << consequence << "\n";
  return error.unreadable() ? kIoFailure : kBadInput;
}

bool parse_count(const char* command, const std::string& text, const char* option,
                 std::uint64_t minimum, std::uint64_t maximum, std::uint64_t& out) {
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
    std::cerr << "dealsim " << command << ": " << option << " " << text
              << ": expected a whole number from " << minimum << " to " << maximum << "\n";
    return false;
  }
  out = value;
  return true;
}

std::string output_file_name(const std::string& name) {
  std::string safe;
  for (const char c : name) {
    const bool allowed =
        std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    if (safe.empty() && c == '.') continue;
    safe += allowed ? c : '_';
    if (safe.size() == 100) break;
  }
  return safe.empty() ? "results" : safe;
}

std::atomic<bool>& watch_for_interrupts() {
  interrupted = false;
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  // A closed terminal (SIGHUP) would otherwise kill the run and leave its temporary file.
  std::signal(SIGHUP, on_interrupt);
  return interrupted;
}

bool parse_shard(const char* command, const std::string& text, std::uint64_t& index,
                 std::uint64_t& count) {
  unsigned long long k = 0, n = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n ||
      text.find('-') != std::string::npos) {
    std::cerr << "dealsim " << command << ": --shard " << text
              << ": expected K/N with 1 <= K <= N, e.g. --shard 2/8\n";
    return false;
  }
  index = k;
  count = n;
  return true;
}

int read_batch_settings(const char* command, const std::string& threads, const std::string& shard,
                        const std::string& out, const std::string& name, int local_size,
                        BatchSettings& settings) {
  namespace fs = std::filesystem;
  // Ranks on one machine share its cores.
  settings.threads =
      std::max(1u, std::thread::hardware_concurrency() / static_cast<unsigned>(local_size));
  if (!threads.empty() && !parse_count(command, threads, "--threads", 1, 1024, settings.threads))
    return kBadInput;
  if (!shard.empty() && !parse_shard(command, shard, settings.shard_index, settings.shard_count))
    return kBadInput;
  const std::string default_name =
      output_file_name(name) +
      (settings.shard_count ? ".shard-" + std::to_string(settings.shard_index) + "-of-" +
                                  std::to_string(settings.shard_count)
                            : "") +
      ".h5";
  settings.out = out.empty() ? fs::path("output") / default_name : fs::path(out);
  if (out.empty()) {
    std::error_code ignored;
    fs::create_directories(settings.out.parent_path(), ignored);
  }
  const fs::path folder =
      settings.out.has_parent_path() ? settings.out.parent_path() : fs::path(".");
  if (!fs::is_directory(folder)) {
    std::cerr << "dealsim " << command << ": cannot write " << settings.out.string() << ": folder "
              << folder.string() << " does not exist\n";
    return kIoFailure;
  }
  return kSuccess;
}

int check_resumable_output(const char* command, const std::filesystem::path& out, bool resume,
                           bool force, bool& resume_it) {
  resume_it = false;
  if (!std::filesystem::exists(out)) {
    if (!resume) return kSuccess;
    std::cerr << "dealsim " << command << ": --resume: " << out.string()
              << " does not exist; run without --resume first\n";
    return kBadInput;
  }
  if (!resume) {
    if (force) return kSuccess;
    std::cerr << "dealsim " << command << ": " << out.string()
              << " exists; use --resume to continue it or --force to overwrite it\n";
    return kBadInput;
  }
  resume_it = true;
  return kSuccess;
}

}  // namespace cli
