// Routing rules that outcomes add (`add_rule` inside a dispute's or review's effects), found
// in one walk shared by validation (their ids may be referred to) and building (each becomes a
// rule, inactive until its outcome adds it).
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace models {

struct AddedRule {
  std::string id;
  YAML::Node node;   // the add_rule mapping
  std::string path;  // its YAML path, e.g. disputes.x.outcomes.win.effects[0].add_rule
};

// Every add_rule mapping with a text id under the root's disputes and reviews, in file order.
std::vector<AddedRule> find_added_rules(const YAML::Node& root);

}  // namespace models
