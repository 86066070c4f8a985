#include "models/scenario/yaml_document.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario/scalar.hpp"

namespace models {

namespace fs = std::filesystem;

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string item_path(const std::string& list, std::size_t index) {
  return list + "[" + std::to_string(index) + "]";
}

namespace {

struct Loaded {
  YAML::Node root;
  std::vector<std::pair<std::string, std::string>> sources;  // path -> file, for base parts
};

Diagnostic file_diagnostic(const std::string& file, const YAML::Mark& mark, std::string message) {
  Diagnostic diagnostic;
  diagnostic.file = file;
  if (mark.line >= 0) {
    diagnostic.line = mark.line + 1;
    diagnostic.column = mark.column + 1;
  }
  diagnostic.message = std::move(message);
  return diagnostic;
}

Diagnostic unreadable(const std::string& file, std::string message) {
  Diagnostic diagnostic = file_diagnostic(file, YAML::Mark::null_mark(), std::move(message));
  diagnostic.unreadable = true;
  return diagnostic;
}

// The file's text, refusing folders, devices that never end and files over kMaxFileBytes.
std::string read_text(const std::string& file) {
  std::error_code error;
  const auto status = fs::status(file, error);
  if (error || !fs::exists(status)) throw InputError({unreadable(file, "no such file")});
  if (fs::is_directory(status))
    throw InputError({unreadable(file, "is a folder; expected a YAML file")});
  std::ifstream stream(file, std::ios::binary);
  if (!stream) throw InputError({unreadable(file, "cannot read the file (permission denied?)")});
  // In pieces, so that memory follows the file's size and a device that never ends (/dev/zero)
  // stops at the limit.
  std::string text;
  char piece[65536];
  while (text.size() <= kMaxFileBytes && stream.read(piece, sizeof piece).gcount() > 0)
    text.append(piece, static_cast<std::size_t>(stream.gcount()));
  if (stream.bad()) throw InputError({unreadable(file, "cannot read the file")});
  if (text.size() > kMaxFileBytes) {
    throw InputError({unreadable(file, "larger than " + std::to_string(kMaxFileBytes >> 20) +
                                           " MiB, the limit for a scenario or sweep file")});
  }
  return text;
}

// Checks the limits of a parsed tree (see the header): depth, nodes visited, text keys.
class TreeCheck {
 public:
  explicit TreeCheck(std::string file) : file_(std::move(file)) {}

  void check(const YAML::Node& node, int depth) {
    if (++visited_ > kMaxNodes) {
      fail(node, "more than " + std::to_string(kMaxNodes) +
                     " YAML nodes with aliases expanded (an alias 'bomb'?); the limit keeps "
                     "memory and time bounded");
    }
    if (depth > kMaxDepth) {
      fail(node, "nested deeper than " + std::to_string(kMaxDepth) +
                     " levels (an alias that refers to itself?)");
    }
    if (node.IsMap()) {
      for (const auto& item : node) {
        if (!item.first.IsScalar()) {
          fail(item.first, "a key must be text, found " +
                               std::string(item.first.IsMap() ? "a mapping" : "a list or nothing"));
        }
        check(item.second, depth + 1);
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node)
        check(item, depth + 1);
    }
  }

 private:
  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) {
    throw InputError({file_diagnostic(file_, node.Mark(), message)});
  }
  std::string file_;
  std::size_t visited_ = 0;
};

YAML::Node parse_text(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw InputError({file_diagnostic(file, error.mark, "YAML syntax error: " + error.msg)});
  }
  if (!root.IsDefined() || root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    throw InputError(
        {file_diagnostic(file, root.Mark(), "the file must hold a mapping of keys to values")});
  }
  TreeCheck(file).check(root, 0);
  return root;
}

YAML::Node parse_file(const std::string& file) {
  return parse_text(read_text(file), file);
}

// Merges `overlay` into `base` in place; records (path, file) for every value the overlay set.
void merge(YAML::Node base, const YAML::Node& overlay, const std::string& path,
           const std::string& overlay_file,
           std::vector<std::pair<std::string, std::string>>& sources) {
  for (const auto& item : overlay) {
    const std::string key = scalar::key_of(item.first);
    const std::string child_path = join_path(path, key);
    const YAML::Node value = item.second;
    if (value.IsNull()) {
      base.remove(key);
      continue;
    }
    YAML::Node existing = base[key];
    // A marked number or a distribution ({value: ...} or {dist: ...}) is one value: it replaces
    // the base's rather than merging with it.
    const bool is_number =
        value.IsMap() && (value["value"].IsDefined() || value["dist"].IsDefined());
    if (existing.IsDefined() && existing.IsMap() && value.IsMap() && !is_number) {
      merge(existing, value, child_path, overlay_file, sources);
    } else {
      base[key] = value;
      sources.emplace_back(child_path, overlay_file);
    }
  }
}

fs::path canonical_path(const fs::path& file) {
  std::error_code ignored;
  return fs::weakly_canonical(file, ignored);
}

Loaded load_with_extends(const fs::path& file, std::vector<fs::path>& chain) {
  chain.push_back(canonical_path(file));
  YAML::Node root = parse_file(file.string());
  const YAML::Node extends = root["extends"];
  if (!extends.IsDefined()) return Loaded{root, {}};
  if (!extends.IsScalar() || extends.Scalar().empty()) {
    throw InputError({file_diagnostic(file.string(), extends.Mark(),
                                      "extends: expected the path of a scenario file")});
  }
  const fs::path base_file = file.parent_path() / extends.Scalar();
  const fs::path base_canonical = canonical_path(base_file);
  if (std::find(chain.begin(), chain.end(), base_canonical) != chain.end()) {
    std::string cycle;
    for (const fs::path& link : chain)
      cycle += link.string() + " -> ";
    throw InputError({file_diagnostic(file.string(), extends.Mark(),
                                      "extends cycle: " + cycle + base_canonical.string())});
  }
  Loaded base = load_with_extends(base_file, chain);
  // Everything a base without its own extends holds came from its file; a deeper chain already
  // recorded its root file and overlays.
  if (base.sources.empty()) base.sources.emplace_back("", base_file.string());
  YAML::Node overlay = root;
  overlay.remove("extends");
  // Parts the overlay sets come from the overlay's file, recorded after (so matched before) the
  // base's.
  std::vector<std::pair<std::string, std::string>> overlay_sources;
  merge(base.root, overlay, "", file.string(), overlay_sources);
  for (auto& source : overlay_sources)
    base.sources.push_back(std::move(source));
  return base;
}

}  // namespace

YamlDocument YamlDocument::load(const std::string& path) {
  std::vector<fs::path> chain;
  Loaded loaded = load_with_extends(path, chain);
  YamlDocument document;
  document.main_file_ = path;
  document.root_ = loaded.root;
  // The main file's own keys: the merge recorded them; paths without a record belong to the base
  // recorded under "" when there is one, else to the main file.
  document.sources_ = std::move(loaded.sources);
  return document;
}

YAML::Node parse_checked_value(const std::string& text, const std::string& name) {
  YAML::Node value = YAML::Load(text);
  TreeCheck(name).check(value, 1);
  return value;
}

YamlDocument YamlDocument::copy() const {
  YamlDocument document;
  document.root_ = YAML::Clone(root_);
  document.main_file_ = main_file_;
  document.sources_ = sources_;
  return document;
}

YamlDocument YamlDocument::parse(const std::string& text, const std::string& name) {
  YamlDocument document;
  document.main_file_ = name;
  document.root_ = parse_text(text, name);
  return document;
}

std::string YamlDocument::file_for(const std::string& path) const {
  std::string best_file = main_file_;
  std::size_t best_length = 0;
  bool matched = false;
  for (const auto& [prefix, file] : sources_) {
    const bool matches =
        prefix.empty() || path == prefix ||
        (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
         (path[prefix.size()] == '.' || path[prefix.size()] == '['));
    // Later records win among equally long prefixes: they were applied later.
    if (matches && (!matched || prefix.size() >= best_length)) {
      best_file = file;
      best_length = prefix.size();
      matched = true;
    }
  }
  return best_file;
}

Diagnostic YamlDocument::at(const YAML::Node& node, const std::string& path,
                            std::string message) const {
  return at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), path, std::move(message));
}

Diagnostic YamlDocument::at(const YAML::Mark& mark, const std::string& path,
                            std::string message) const {
  Diagnostic diagnostic;
  diagnostic.file = file_for(path);
  diagnostic.path = path;
  diagnostic.message = std::move(message);
  if (mark.line >= 0 && diagnostic.file.rfind("--set", 0) != 0) {
    diagnostic.line = mark.line + 1;
    diagnostic.column = mark.column + 1;
  }
  return diagnostic;
}

std::string YamlDocument::resolved_text() const {
  YAML::Emitter emitter;
  emitter << root_;
  return emitter.c_str();
}

}  // namespace models
