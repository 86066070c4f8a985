// What differs between two scenarios as run: their resolved YAML texts compared value by value.
#pragma once

#include <string>
#include <vector>

namespace cli {

// One line per difference, by path (keys joined by dots, list items by position, as --set takes
// them): "path: A value -> B value", "path: only in A (value)", "path: only in B (value)".
// Provenance notes (sourced:, assumed:) are left out. Texts that do not parse as YAML give one
// line saying so.
std::vector<std::string> scenario_differences(const std::string& yaml_a, const std::string& yaml_b);

}  // namespace cli
