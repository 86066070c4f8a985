// A YAML input resolved from its files: `extends:` chains merged, `--set` overrides applied, and
// for every part of the tree the file it came from, so that errors name the right file.
//
// Merge rules for `extends: other.yaml` (a path relative to the extending file): maps merge key by
// key, recursively, except a marked number or distribution (a mapping with `value` or `dist`),
// which replaces the base's whole; any other value replaces the base's; a key set to null (`~`)
// removes the base's entry. New keys keep the extending file's order after the base's keys.
//
// Limits, checked as each file or --set value is read, so that no input can make the program
// run out of memory or recurse without end (documented in scenarios/README.md): a file of at
// most kMaxFileBytes; at most kMaxDepth levels of nesting and kMaxNodes nodes visited with
// aliases expanded (a self-referential alias or an alias "bomb" is refused, with its place);
// every mapping key is text.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/diagnostics.hpp"

namespace models {

inline constexpr std::size_t kMaxFileBytes = 4u << 20;  // 4 MiB
inline constexpr std::size_t kMaxNodes = 1'000'000;
inline constexpr int kMaxDepth = 64;

namespace schema {
struct Object;
}

// A value parsed from YAML text, within the same limits as a file; throws YAML::Exception and
// InputError (naming `name`).
YAML::Node parse_checked_value(const std::string& text, const std::string& name);

class YamlDocument {
 public:
  YamlDocument() = default;
  // Loads `path` and everything it extends. Throws InputError for unreadable files, YAML syntax
  // errors and extends cycles.
  static YamlDocument load(const std::string& path);
  // Parses YAML text held in memory (for tests); `name` stands for the file in messages.
  static YamlDocument parse(const std::string& text, const std::string& name);

  // Applies --set overrides ("path=value", the path as models/scenario/field_path.hpp reads it,
  // list items included). With `schema`, each path is checked against it on the way: an unknown
  // key or a map id that does not exist (a typo would otherwise add an entry) is reported
  // against the --set, with the nearest known one. Throws InputError with every problem (a
  // malformed assignment or path, a position past a list's end, a step into a scalar).
  void apply(const std::vector<std::string>& overrides, const schema::Object* schema = nullptr);
  // A deep copy, to derive variants of one parsed file (its copy has no line numbers: use it for
  // inputs already known to be valid).
  YamlDocument copy() const;

  const YAML::Node& root() const { return root_; }
  YAML::Node& root() { return root_; }
  const std::string& main_file() const { return main_file_; }

  // The file that the value at `path` came from.
  std::string file_for(const std::string& path) const;
  // A diagnostic for `node` at `path`, with file, line and column filled in.
  Diagnostic at(const YAML::Node& node, const std::string& path, std::string message) const;
  // The same for a place already taken from a node (YAML::Mark::null_mark() when unknown).
  Diagnostic at(const YAML::Mark& mark, const std::string& path, std::string message) const;

  // The resolved tree as YAML text.
  std::string resolved_text() const;

 private:
  YAML::Node root_;
  std::string main_file_;
  // (path prefix, file) for parts that came from another file than main_file_; the longest
  // matching prefix wins.
  std::vector<std::pair<std::string, std::string>> sources_;
};

// "a.b" + "c" -> "a.b.c"; "" + "c" -> "c".
std::string join_path(const std::string& parent, const std::string& key);
// The path of a list's item: "a.b" + 2 -> "a.b[2]".
std::string item_path(const std::string& list, std::size_t index);

}  // namespace models
