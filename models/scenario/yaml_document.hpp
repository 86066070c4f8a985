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

class YamlDocument {
 public:
  YamlDocument() = default;
  // Loads `path` and everything it extends, then applies `overrides` ("dotted.path=value", the
  // value parsed as YAML). Throws InputError for unreadable files, YAML syntax errors, extends
  // cycles and malformed overrides.
  static YamlDocument load(const std::string& path, const std::vector<std::string>& overrides = {});
  // Parses YAML text held in memory (for tests); `name` stands for the file in messages.
  static YamlDocument parse(const std::string& text, const std::string& name);

  // Applies --set overrides ("dotted.path=value"). Throws InputError for malformed ones.
  void apply(const std::vector<std::string>& overrides);
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
