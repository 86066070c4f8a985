// Checks a scenario against the schema and fills in defaults.
#pragma once

#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

// Validates the document's tree in place: every problem is reported (wrong types, unknown keys
// with the nearest known key, missing fields, out-of-range values and distributions,
// probabilities that do not sum to 1, undefined references, dates after the horizon, invalid
// correlation matrices), and absent optional fields get their defaults. Returns the diagnostics;
// empty means valid.
std::vector<Diagnostic> validate_scenario(YamlDocument& document);

namespace schema {
struct Object;
}

// Checks the document against `root` (types, unknown keys, missing fields, ranges, distribution
// forms) and fills in defaults; no scenario-specific checks. Returns the diagnostics.
std::vector<Diagnostic> validate_structure(YamlDocument& document, const schema::Object& root);

// The mean of a number field's value (a plain number, a marked value or a distribution).
// REQUIRES: the node passed validation.
double mean_of_number(const YAML::Node& node);

}  // namespace models
