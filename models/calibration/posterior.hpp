// Running a scenario with what a calibration learned: its inputs drawn jointly from the
// posterior (the kept particles, by weight), so that each replication's inputs are one
// particle's and their correlations are kept.
#pragma once

#include <filesystem>
#include <string>

#include "models/scenario/scenario.hpp"

namespace models {

// Makes every input that the calibration in `file` fitted a Joint parameter of `scenario`, drawn
// from the file's posterior. Returns "" on success, else why not (an input the scenario does not
// draw per replication, or a calibration that has not finished). Throws sim::IoError when the
// file cannot be read or is not a calibration file.
std::string apply_posterior(Scenario& scenario, const std::filesystem::path& file);

}  // namespace models
