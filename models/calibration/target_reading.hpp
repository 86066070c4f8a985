// Reading a calibration file's targets. Internal to models/calibration/.
#pragma once

#include <string>
#include <vector>

#include "models/calibration/calibration_spec.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

// The targets of a validated calibration file, checked against the scenario's metrics and series
// (names with did-you-mean, rows, dates within the run, positive uncertainties). Problems are
// added to `problems` with their place; a target with a problem is left out.
std::vector<Target> read_targets(const YamlDocument& document, const YAML::Node& targets,
                                 const Scenario& scenario, const std::string& scenario_path,
                                 std::vector<Diagnostic>& problems);

}  // namespace models
