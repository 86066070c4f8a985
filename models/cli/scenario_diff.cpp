#include "models/cli/scenario_diff.hpp"

#include <yaml-cpp/yaml.h>

namespace cli {

namespace {

// A node in one line of flow YAML, shortened.
std::string inline_text(const YAML::Node& node) {
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  std::string text = out.c_str();
  if (text.size() > 80) text = text.substr(0, 77) + "...";
  return text;
}

// Provenance notes (sourced:, assumed:) explain a number; they are not inputs of the model.
bool is_note(const std::string& key) {
  return key == "sourced" || key == "assumed";
}

std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

void compare(const YAML::Node& a, const YAML::Node& b, const std::string& path,
             std::vector<std::string>& lines) {
  if (a.IsMap() && b.IsMap()) {
    for (const auto& item : a) {
      const std::string key = item.first.as<std::string>();
      if (is_note(key)) continue;
      const YAML::Node other = b[key];
      if (!other.IsDefined())
        lines.push_back(child_path(path, key) + ": only in A (" + inline_text(item.second) + ")");
      else
        compare(item.second, other, child_path(path, key), lines);
    }
    for (const auto& item : b) {
      const std::string key = item.first.as<std::string>();
      if (!is_note(key) && !a[key].IsDefined())
        lines.push_back(child_path(path, key) + ": only in B (" + inline_text(item.second) + ")");
    }
    return;
  }
  if (a.IsSequence() && b.IsSequence() && a.size() == b.size()) {
    for (std::size_t i = 0; i < a.size(); ++i)
      compare(a[i], b[i], path + "[" + std::to_string(i) + "]", lines);
    return;
  }
  const std::string left = inline_text(a), right = inline_text(b);
  if (left != right)
    lines.push_back((path.empty() ? "(the whole scenario)" : path) + ": " + left + " -> " + right);
}

}  // namespace

std::vector<std::string> scenario_differences(const std::string& yaml_a,
                                              const std::string& yaml_b) {
  std::vector<std::string> lines;
  try {
    compare(YAML::Load(yaml_a), YAML::Load(yaml_b), "", lines);
  } catch (const YAML::Exception&) {
    lines.push_back("(the scenarios these files keep could not be read as YAML)");
  }
  return lines;
}

}  // namespace cli
