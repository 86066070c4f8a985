// How scenario and sweep files spell scalars. Validation and building both read through these
// functions, so that whatever validation accepts, building converts the same way: no value is
// accepted by `validate` and then refused by `run`.
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

// The number node inside a marked value ({value: x, sourced: ...}), or the node itself.
YAML::Node plain(const YAML::Node& node);
// node[key] when node is a mapping holding key, else a (valid) undefined node: lets checks look
// into a tree whose shape is not yet known to be right without yaml-cpp throwing. Use it, not
// operator[], on const nodes: for a missing key that returns an invalid node on which anything
// but IsDefined() throws.
YAML::Node child(const YAML::Node& node, const std::string& key);

// For building from a validated tree: the same readings, where a missing or malformed value is a
// broken contract between validation and building (std::logic_error naming `path`), not an input
// error.
double number_at(const YAML::Node& node, const std::string& path);
long long whole_at(const YAML::Node& node, const std::string& path);
bool boolean_at(const YAML::Node& node, const std::string& path);
std::string text_at(const YAML::Node& node, const std::string& path);
// The key of a mapping entry; keys are text once YamlDocument has checked the tree.
std::string key_of(const YAML::Node& key);

}  // namespace models::scalar
