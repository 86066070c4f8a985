#include "models/scenario/added_rules.hpp"

#include "models/scenario/scalar.hpp"
#include "models/scenario/yaml_document.hpp"

namespace models {
namespace {

void collect(const YAML::Node& node, const std::string& path, std::vector<AddedRule>& rules) {
  if (node.IsMap()) {
    const YAML::Node added = scalar::child(node, "add_rule");
    if (added.IsDefined() && added.IsMap() && scalar::child(added, "id").IsScalar()) {
      rules.push_back({scalar::child(added, "id").Scalar(), added, join_path(path, "add_rule")});
    }
    for (const auto& item : node)
      collect(item.second, join_path(path, scalar::key_of(item.first)), rules);
  } else if (node.IsSequence()) {
    for (std::size_t i = 0; i < node.size(); ++i)
      collect(node[i], path + "[" + std::to_string(i) + "]", rules);
  }
}

}  // namespace

std::vector<AddedRule> find_added_rules(const YAML::Node& root) {
  std::vector<AddedRule> rules;
  for (const char* key : {"disputes", "reviews"})
    collect(scalar::child(root, key), key, rules);
  return rules;
}

}  // namespace models
