// How scenario and sweep files spell scalars. Reading a scenario (validator.cpp, into typed
// values) and loading a sweep read through these functions, so that every input spells a number,
// a whole number or a flag the same way.
//
// Numbers: decimal or scientific ("8", "-0.5", "8.0", "1e3"), hexadecimal ("0x1F"), and YAML's
// ".inf", "-.inf" and ".nan" (which range checks then refuse where a field is finite). Whole
// numbers: any number whose value is whole and at most 2^53 in magnitude ("8", "8.0", "1e3",
// "0x10"), so `horizon_years: 8.0` means 8 everywhere. Booleans: exactly "true" or "false".
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace models::scalar {

// The number a scalar spells, or nothing for text, a mapping, a list or an empty node.
std::optional<double> number(const YAML::Node& node);
// A number whose value is whole and within +-2^53 (where doubles count exactly), or nothing.
std::optional<double> whole(const YAML::Node& node);
// true or false, or nothing for any other spelling.
std::optional<bool> boolean(const YAML::Node& node);
// The text of a scalar, or nothing for a mapping, a list or an empty node.
std::optional<std::string> text(const YAML::Node& node);

// For reading a validated tree (a sweep file): the same readings, where a missing or malformed
// value is a broken contract with validation (std::logic_error naming `path`), not an input
// error. A marked number ({value: x, ...}) reads as its value.
double number_at(const YAML::Node& node, const std::string& path);
bool boolean_at(const YAML::Node& node, const std::string& path);
std::string text_at(const YAML::Node& node, const std::string& path);
// The key of a mapping entry; keys are text once YamlDocument has checked the tree.
std::string key_of(const YAML::Node& key);

// A number written so that it reads back as the same double ("%.17g"), e.g. for --set values.
std::string exact_text(double value);

}  // namespace models::scalar
