// `dealsim merge`: checks that the shard files are every shard of one sweep, complete, each
// given once, and that the sweep file has not changed; then writes the whole sweep's file.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include "models/calibration/calibration_file.hpp"
#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/sweep/sweep_file.hpp"
#include "models/sweep/sweep_spec.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "sim/kernel/error.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

namespace {

struct Shard {
  std::string file, sweep_path;
  models::SweepFileContents contents;
};

// Reads every shard file (checked on read). Throws sim::IoError.
std::vector<Shard> read_shards(const std::vector<std::string>& files) {
  std::vector<Shard> shards;
  for (const auto& file : files) {
    const sim::Hdf5Reader reader(file);
    Shard shard;
    shard.file = file;
    shard.sweep_path = reader.string_attribute("/", "sweep_path").value_or("");
    shard.contents = models::read_sweep_file(file, reader.exists("replication_values"));
    shards.push_back(std::move(shard));
  }
  return shards;
}

// One sweep, every shard of it exactly once, each complete; prints why not.
bool shards_complete_a_sweep(const std::vector<Shard>& shards) {
  const Shard& front = shards.front();
  const auto& first = front.contents;
  std::set<std::uint64_t> seen;
  for (const Shard& shard : shards) {
    const auto& c = shard.contents;
    std::ostringstream problem;
    if (c.hash != first.hash) {
      problem << shard.file << " belongs to another sweep than " << front.file << " (" << c.hash
              << " vs " << first.hash << ")";
    } else if (c.shard_count == 0) {
      problem << shard.file << " is not a shard (it was run without --shard)";
    } else if (c.shard_count != first.shard_count) {
      problem << shard.file << " is shard " << c.shard_index << " of " << c.shard_count << ", but "
              << front.file << " is of " << first.shard_count;
    } else if (!seen.insert(c.shard_index).second) {
      problem << "shard " << c.shard_index << "/" << c.shard_count << " is given twice (overlap)";
    } else if (!c.complete) {
      problem << shard.file << " is incomplete: finish it with dealsim sweep --resume --shard "
              << c.shard_index << "/" << c.shard_count;
    }
    if (!problem.str().empty()) {
      std::cerr << "dealsim merge: " << problem.str() << "\n";
      return false;
    }
  }
  std::string missing;
  for (std::uint64_t k = 1; k <= first.shard_count; ++k) {
    if (!seen.count(k)) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
  }
  if (!missing.empty()) {
    std::cerr << "dealsim merge: missing shard"
              << (missing.find(',') == std::string::npos ? " " : "s ") << missing << " of "
              << first.shard_count << "\n";
    return false;
  }
  return true;
}

// The shards' points in one list, each point from exactly one shard that matches the sweep.
bool combine(const models::SweepSpec& spec, std::vector<Shard>& shards,
             std::vector<std::optional<models::PointResult>>& results) {
  results.assign(static_cast<std::size_t>(spec.points.rows()), std::nullopt);
  for (const Shard& shard : shards) {
    if (shard.contents.points_total != results.size() || shard.contents.metrics != spec.metrics) {
      std::cerr << "dealsim merge: " << shard.file << " does not match " << spec.path
                << " (its points or metrics differ)\n";
      return false;
    }
  }
  for (Shard& shard : shards) {
    for (auto& result : shard.contents.results) {
      if (results[result.point]) {
        std::cerr << "dealsim merge: point " << result.point << " is in more than one shard\n";
        return false;
      }
      results[result.point] = std::move(result);
    }
  }
  return true;
}

}  // namespace

int merge_command(const std::string& out, const std::vector<std::string>& files, bool force,
                  const std::string& command_line) {
  if (std::filesystem::exists(out) && !force) {
    std::cerr << "dealsim merge: " << out << " exists; use --force to overwrite it\n";
    return kBadInput;
  }
  if (!files.empty() && models::is_calibration_file(files.front()))
    return merge_calibrations(out, files, force, command_line);
  std::vector<Shard> shards;
  try {
    shards = read_shards(files);
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim merge: " << error.what() << "\n";
    return kIoFailure;
  }
  if (!shards_complete_a_sweep(shards)) return kBadInput;
  models::SweepSpec spec;
  try {
    spec = models::load_sweep(shards.front().sweep_path);
  } catch (const models::InputError& error) {
    return report_input_error(error, shards.front().sweep_path, "; nothing was merged");
  }
  spec.path = shards.front().sweep_path;
  spec.scenario_path = std::filesystem::absolute(spec.scenario_path).lexically_normal().string();
  if (models::sweep_hash(spec) != shards.front().contents.hash) {
    std::cerr << "dealsim merge: " << spec.path
              << " or its scenario changed since the shards were run\n";
    return kBadInput;
  }
  std::vector<std::optional<models::PointResult>> results;
  if (!combine(spec, shards, results)) return kBadInput;
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
  std::printf("%s: merged %zu shards, %lld points -> %s\n", spec.name.c_str(), shards.size(),
              static_cast<long long>(spec.points.rows()), out.c_str());
  return kSuccess;
}

}  // namespace cli
