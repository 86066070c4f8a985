// Reading a calibration file's targets. Internal to models/calibration/.
#pragma once

#include <string>
#include <vector>

#include "models/calibration/calibration_spec.hpp"
#include "models/scenario/diagnostics.hpp"
#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

// A calibration file's number and text fields, read with the file's own wording in errors (for
// the loader and the target reader).
namespace calibration_fields {
inline double number(const YAML::Node& node) {
  return scalar::number_at(node, "a number field of the calibration");
}
inline std::string text(const YAML::Node& node) {
  return scalar::text_at(node, "a text field of the calibration");
}
}  // namespace calibration_fields

// The targets of a validated calibration file, checked against the scenario's metrics and series
// (names with did-you-mean, rows, dates within the run, positive uncertainties). Problems are
// added to `problems` with their place; a target with a problem is left out.
std::vector<Target> read_targets(const YamlDocument& document, const YAML::Node& targets,
                                 const Scenario& scenario, const std::string& scenario_path,
                                 std::vector<Diagnostic>& problems);

}  // namespace models
