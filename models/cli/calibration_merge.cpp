// `dealsim merge` for calibration files: the candidates that shards of one calibration simulated
// (each shard's share of a generation, on top of the generations they share) combined into one
// file, the calibration replayed from them. Continue it with `dealsim calibrate --resume`.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "models/calibration/calibration_file.hpp"
#include "models/calibration/calibration_run.hpp"
#include "models/cli/commands.hpp"
#include "models/cli/options.hpp"
#include "models/scenario/diagnostics.hpp"
#include "sim/kernel/error.hpp"

#ifndef DEALSIM_VERSION
#define DEALSIM_VERSION "unknown"
#endif

namespace cli {

int merge_calibrations(const std::string& out, const std::vector<std::string>& files, bool force,
                       const std::string& command_line) {
  std::vector<models::CalibrationFileContents> parts;
  try {
    for (const auto& file : files)
      parts.push_back(models::read_calibration_file(file));
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim merge: " << error.what() << "\n";
    return kIoFailure;
  }
  // Every candidate once; one simulated twice must agree exactly.
  std::map<std::pair<std::uint64_t, std::uint64_t>, models::StoredCandidate> candidates;
  for (std::size_t f = 0; f < parts.size(); ++f) {
    if (parts[f].hash != parts.front().hash) {
      std::cerr << "dealsim merge: " << files[f] << " belongs to another calibration than "
                << files.front() << " (" << parts[f].hash << " vs " << parts.front().hash << ")\n";
      return kBadInput;
    }
    for (const auto& candidate : parts[f].candidates) {
      const auto [where, added] =
          candidates.emplace(std::make_pair(candidate.generation, candidate.index), candidate);
      if (!added && (where->second.values != candidate.values ||
                     where->second.statistics != candidate.statistics)) {
        std::cerr << "dealsim merge: candidate " << candidate.index << " of generation "
                  << candidate.generation << " differs between the files (a damaged file?)\n";
        return kBadInput;
      }
    }
  }
  const auto& front = parts.front();
  models::CalibrationSpec spec;
  try {
    spec = models::load_stored_calibration({front.calibration_text, front.calibration_path,
                                            front.scenario_text, front.scenario_path, front.seed});
  } catch (const models::InputError& error) {
    return report_input_error(error, files.front(), "; nothing was merged");
  }
  std::vector<models::StoredCandidate> all;
  for (auto& item : candidates)
    all.push_back(std::move(item.second));
  try {
    const models::CalibrationState state = models::replay(spec, all, out);
    models::CalibrationFileInfo info{DEALSIM_VERSION, command_line, 0, 0};
    models::write_calibration_file(out, spec, state, info, force);
    std::printf("%s: merged %zu files, %zu candidates, %zu generations complete%s -> %s\n",
                spec.name.c_str(), files.size(), all.size(), state.smc.records().size(),
                state.smc.finished() ? " (finished)" : "", out.c_str());
  } catch (const sim::IoError& error) {
    std::cerr << "dealsim merge: " << error.what() << "\n";
    return kIoFailure;
  }
  return kSuccess;
}

}  // namespace cli
