#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>
#include <thread>

#include "sim/mc/cluster.hpp"

#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/sweep/point_codec.hpp"
#include "models/sweep/sweep_file.hpp"
#include "models/sweep/sweep_runner.hpp"
#include "models/sweep/sweep_spec.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"
#include "sim/mc/progress.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

bool parse_shard(const std::string& text, std::uint64_t& index, std::uint64_t& count) {
  unsigned long long k = 0, n = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%llu/%llu%c", &k, &n, &extra) != 2 || n < 1 || k < 1 || k > n ||
      text.find('-') != std::string::npos) {
    std::cerr << "dealsim sweep: --shard " << text
              << ": expected K/N with 1 <= K <= N, e.g. --shard 2/8\n";
    return false;
  }
  index = k;
  count = n;
  return true;
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  using Clock = std::chrono::steady_clock;
  std::optional<sim::Cluster> joined;
  try {
    joined.emplace();
  } catch (const sim::SimulationError& error) {
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kBadInput;
  }
  sim::Cluster& cluster = *joined;
  const bool root = cluster.rank() == 0;
  models::SweepSpec spec;
  try {
    spec = models::load_sweep(options.file);
  } catch (const models::InputError& error) {
    if (!root) return error.unreadable() ? kIoFailure : kBadInput;
    return report_input_error(error, options.file, "; nothing was run");
  }
  spec.path = std::filesystem::absolute(options.file).lexically_normal().string();
  spec.scenario_path = std::filesystem::absolute(spec.scenario_path).lexically_normal().string();
  if (options.no_common_random_numbers) {
    spec.common_random_numbers = false;
    spec.text += "# run with --no-common-random-numbers\n";
  }
  // Ranks on one machine share its cores.
  std::uint64_t threads = std::max(
      1u, std::thread::hardware_concurrency() / static_cast<unsigned>(cluster.local_size()));
  if (!options.threads.empty() &&
      !parse_count("sweep", options.threads, "--threads", 1, 1024, threads)) {
    return kBadInput;
  }
  std::uint64_t shard_index = 0, shard_count = 0;
  if (!options.shard.empty() && !parse_shard(options.shard, shard_index, shard_count))
    return kBadInput;

  namespace fs = std::filesystem;
  const std::string default_name =
      output_file_name(spec.name) +
      (shard_count ? ".shard-" + std::to_string(shard_index) + "-of-" + std::to_string(shard_count)
                   : "") +
      ".h5";
  const fs::path out =
      options.out.empty() ? fs::path("output") / default_name : fs::path(options.out);
  if (options.out.empty()) {
    std::error_code ignored;
    fs::create_directories(out.parent_path(), ignored);
  }
  const fs::path folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
  if (!fs::is_directory(folder)) {
    std::cerr << "dealsim sweep: cannot write " << out.string() << ": folder " << folder.string()
              << " does not exist\n";
    return kIoFailure;
  }

  const auto total = static_cast<std::uint64_t>(spec.points.rows());
  std::vector<std::optional<models::PointResult>> results(total);
  std::vector<std::uint64_t> mine;
  for (std::uint64_t p = 0; p < total; ++p) {
    if (shard_count == 0 || p % shard_count == shard_index - 1) mine.push_back(p);
  }
  const std::string hash = models::sweep_hash(spec);
  if (fs::exists(out)) {
    if (options.resume) {
      try {
        const auto previous = models::read_sweep_file(out, spec.keep_replications);
        if (previous.hash != hash || previous.shard_index != shard_index ||
            previous.shard_count != shard_count || previous.points_total != total ||
            previous.metrics != spec.metrics) {
          std::cerr
              << "dealsim sweep: --resume: " << out.string()
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
    } else if (!options.force) {
      std::cerr << "dealsim sweep: " << out.string()
                << " exists; use --resume to continue it or --force to overwrite it\n";
      return kBadInput;
    }
  } else if (options.resume) {
    std::cerr << "dealsim sweep: --resume: " << out.string()
              << " does not exist; run without --resume first\n";
    return kBadInput;
  }

  std::atomic<bool>& interrupted = watch_for_interrupts();
  std::vector<std::uint64_t> todo;
  for (std::uint64_t p : mine) {
    if (!results[p]) todo.push_back(p);
  }
  const std::size_t already = mine.size() - todo.size();
  sim::ProgressLine progress("points", mine.size(), !options.quiet && !cluster.distributed());
  const auto started = Clock::now();
  std::size_t done = already;
  models::SweepFileInfo info;
  info.version = DEALSIM_VERSION;
  info.command_line = options.command_line;
  info.shard_index = shard_index;
  info.shard_count = shard_count;
  // Checkpoints (one process): the file is rewritten atomically as points finish, at most every
  // 2 s, so that even a kill -9 leaves the points done so far for --resume.
  auto last_checkpoint = Clock::now();
  std::vector<double> computed;  // this rank's results, serialized, when distributed
  const models::ScenarioTemplate base(spec.scenario_path);
  bool failed = false;
  // Once this process has written the file (a checkpoint), later writes replace its own file.
  bool replace = options.force || options.resume;
  try {
    // Points are handed out one at a time from a counter shared by all ranks: whoever is free
    // takes the next, so ranks stay busy whatever the points cost.
    for (;;) {
      if (interrupted) break;
      const std::uint64_t task = cluster.next_task();
      if (task >= todo.size()) break;
      models::PointResult result;
      if (!models::run_point(spec, base, todo[task], static_cast<unsigned>(threads), &interrupted,
                             result))
        break;
      if (cluster.distributed()) {
        models::encode_point(result, computed);
        continue;
      }
      results[todo[task]] = std::move(result);
      progress.update(++done);
      if (done < mine.size() && Clock::now() - last_checkpoint > std::chrono::seconds(2)) {
        info.complete = false;
        models::write_sweep_file(out, spec, results, info, replace);
        replace = true;
        last_checkpoint = Clock::now();
      }
    }
  } catch (const sim::IoError& error) {
    progress.finish();
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kIoFailure;
  } catch (const models::InputError& error) {
    progress.finish();
    report_input_error(error, options.file, "; nothing was run");
    failed = true;
  } catch (const sim::SimulationError& error) {
    progress.finish();
    std::cerr << "dealsim sweep: the simulation failed: " << error.what() << "\n";
    failed = true;
  }
  progress.finish();
  if (cluster.distributed()) {
    failed = cluster.any(failed);
    interrupted = cluster.any(interrupted.load());
    std::vector<std::uint8_t> bytes(computed.size() * sizeof(double));
    std::memcpy(bytes.data(), computed.data(), bytes.size());
    for (const auto& part : cluster.gather(bytes)) {
      for (auto& result : models::decode_points(part)) {
        results[result.point] = std::move(result);
        ++done;
      }
    }
    if (!root) return failed ? kBadInput : (interrupted ? kInterrupted : kSuccess);
  }
  if (failed) return kBadInput;
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  info.complete = done == mine.size();
  try {
    models::write_sweep_file(out, spec, results, info, replace);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim sweep: " << error.what() << "\n";
    return kIoFailure;
  }
  std::uint64_t replications = 0;
  for (const auto& result : results)
    replications += result ? result->replications : 0;
  std::printf("%s: %s design, %zu of %zu points%s, %s replications -> %s%s\n", spec.name.c_str(),
              models::design_name(spec.design), done, mine.size(),
              shard_count ? (" (shard " + std::to_string(shard_index) + "/" +
                             std::to_string(shard_count) + ")")
                                .c_str()
                          : "",
              with_thousands(replications).c_str(), out.string().c_str(),
              info.complete ? "" : " (incomplete)");
  if (options.timing) {
    std::uint64_t run_now = 0;  // replications of the points this run computed
    for (std::uint64_t p : todo)
      run_now += results[p] ? results[p]->replications : 0;
    std::printf(
        "timing: %.3f s, %zu points this run on %d rank%s x %llu threads, %.0f replications/s\n",
        seconds, done - already, cluster.size(), cluster.size() == 1 ? "" : "s",
        static_cast<unsigned long long>(threads), static_cast<double>(run_now) / seconds);
  }
  return info.complete ? kSuccess : kInterrupted;
}

int merge_command(const std::string& out, const std::vector<std::string>& shards, bool force,
                  const std::string& command_line) {
  namespace fs = std::filesystem;
  if (fs::exists(out) && !force) {
    std::cerr << "dealsim merge: " << out << " exists; use --force to overwrite it\n";
    return kBadInput;
  }
  struct Shard {
    std::string file, hash, sweep_path;
    models::SweepFileContents contents;
  };
  std::vector<Shard> read;
  try {
    for (const auto& file : shards) {
      const sim::Hdf5Reader reader(file);
      Shard shard;
      shard.file = file;
      shard.sweep_path = reader.string_attribute("/", "sweep_path").value_or("");
      shard.contents = models::read_sweep_file(file, reader.exists("replication_values"));
      read.push_back(std::move(shard));
    }
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim merge: " << error.what() << "\n";
    return kIoFailure;
  }
  const auto& first = read.front().contents;
  std::set<std::uint64_t> seen_shards;
  for (const Shard& shard : read) {
    const auto& c = shard.contents;
    if (c.hash != first.hash) {
      std::cerr << "dealsim merge: " << shard.file << " belongs to another sweep than "
                << read.front().file << " (" << c.hash << " vs " << first.hash << ")\n";
      return kBadInput;
    }
    if (c.shard_count == 0) {
      std::cerr << "dealsim merge: " << shard.file
                << " is not a shard (it was run without --shard)\n";
      return kBadInput;
    }
    if (c.shard_count != first.shard_count) {
      std::cerr << "dealsim merge: " << shard.file << " is shard " << c.shard_index << " of "
                << c.shard_count << ", but " << read.front().file << " is of " << first.shard_count
                << "\n";
      return kBadInput;
    }
    if (!seen_shards.insert(c.shard_index).second) {
      std::cerr << "dealsim merge: shard " << c.shard_index << "/" << c.shard_count
                << " is given twice (overlap)\n";
      return kBadInput;
    }
    if (!c.complete) {
      std::cerr << "dealsim merge: " << shard.file
                << " is incomplete: finish it with dealsim sweep --resume --shard " << c.shard_index
                << "/" << c.shard_count << "\n";
      return kBadInput;
    }
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= first.shard_count; ++k) {
    if (!seen_shards.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty()) {
    std::cerr << "dealsim merge: missing shard"
              << (missing.find(',') == std::string::npos ? " " : "s ") << missing << " of "
              << first.shard_count << "\n";
    return kBadInput;
  }
  models::SweepSpec spec;
  try {
    spec = models::load_sweep(read.front().sweep_path);
  } catch (const models::InputError& error) {
    return report_input_error(error, read.front().sweep_path, "; nothing was merged");
  }
  spec.path = read.front().sweep_path;
  spec.scenario_path = std::filesystem::absolute(spec.scenario_path).lexically_normal().string();
  if (models::sweep_hash(spec) != first.hash) {
    std::cerr << "dealsim merge: " << spec.path
              << " or its scenario changed since the shards were run\n";
    return kBadInput;
  }
  std::vector<std::optional<models::PointResult>> results(
      static_cast<std::size_t>(spec.points.rows()));
  for (const Shard& shard : read) {
    if (shard.contents.points_total != results.size() || shard.contents.metrics != spec.metrics) {
      std::cerr << "dealsim merge: " << shard.file << " does not match " << spec.path
                << " (its points or metrics differ)\n";
      return kBadInput;
    }
  }
  for (Shard& shard : read) {
    for (auto& result : shard.contents.results) {
      if (results[result.point]) {
        std::cerr << "dealsim merge: point " << result.point << " is in more than one shard\n";
        return kBadInput;
      }
      results[result.point] = std::move(result);
    }
  }
  models::SweepFileInfo info;
  info.version = DEALSIM_VERSION;
  info.command_line = command_line;
  info.complete = true;
  try {
    models::write_sweep_file(out, spec, results, info, force);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim merge: " << error.what() << "\n";
    return kIoFailure;
  }
  std::printf("%s: merged %zu shards, %lld points -> %s\n", spec.name.c_str(), read.size(),
              static_cast<long long>(spec.points.rows()), out.c_str());
  return kSuccess;
}

}  // namespace cli
