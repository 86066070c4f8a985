// Reads a scenario against the schema into typed values, checks them and fills in defaults.
#pragma once

#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/input_value.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {

// A scenario file read once: its typed values and every problem found in them.
struct CheckedScenario {
  InputValue input;  // the root; complete and valid when `problems` is empty
  std::vector<Diagnostic> problems;
};

// Reads the document's tree against the scenario schema: every problem is reported (wrong
// types, unknown keys with the nearest known key, missing fields, out-of-range values and
// distributions, probabilities that do not sum to 1, undefined references, dates after the
// horizon, invalid correlation matrices), and absent optional fields get their defaults, in the
// typed values and in the document (whose resolved text results files keep).
CheckedScenario read_scenario(YamlDocument& document);

// read_scenario's problems only; empty means valid.
std::vector<Diagnostic> validate_scenario(YamlDocument& document);

namespace schema {
struct Object;
}

// Checks the document against `root` (types, unknown keys, missing fields, ranges, distribution
// forms) and fills in defaults; no scenario-specific checks. Returns the diagnostics.
std::vector<Diagnostic> validate_structure(YamlDocument& document, const schema::Object& root);

}  // namespace models
