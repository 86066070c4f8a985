// Paths to a value inside a YAML input, as `--set`, sweeps, calibrations and messages write
// them: keys joined by dots, list items by their 0-based position in brackets, e.g.
// "providers.gcp.capacity.ramp[1].level" or "correlations.matrix[0][2]".
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace models {

struct PathStep {
  std::string key;           // a mapping key (when !is_index)
  bool is_index = false;     // a list position
  std::size_t position = 0;  // 0-based (when is_index)
};

// The steps of `path`. Throws std::invalid_argument with a message for a malformed one (an
// empty key, a bracket not closed, a position that is not a whole number).
std::vector<PathStep> parse_field_path(const std::string& path);

// The path of the first `count` steps, written as parse_field_path reads it.
std::string join_steps(const std::vector<PathStep>& steps, std::size_t count);

// The node at `path` in `root`, or an undefined node when the path does not lead to one (a key
// missing, a position past a list's end, a step into a scalar).
YAML::Node find_at_path(YAML::Node root, const std::string& path);

// Where `path` leaves `root`: the first key not found, and the keys of the mapping it was looked
// for in (for did-you-mean), or the list whose end a position is past. All empty when the path
// is found or steps into a scalar.
struct PathMiss {
  std::string key;
  std::vector<std::string> keys;
  // Or the first position past a list's end: the list's path and its number of items.
  std::string list;
  std::size_t items = 0;
};
PathMiss first_missing_key(const YAML::Node& root, const std::string& path);

// Why `path` is not in `root` (the scenario file `file`), in a sentence: a malformed path, the
// first key missing with the nearest one at its level, or a position past a list's end.
std::string not_found_message(const YAML::Node& root, const std::string& path,
                              const std::string& file);

}  // namespace models
