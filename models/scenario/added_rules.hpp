// Routing rules that outcomes add (`add_rule` among a dispute's or review's effects), found in
// one walk shared by validation (their ids may be referred to) and building (each becomes a rule,
// inactive until its outcome adds it).
#pragma once

#include <string>
#include <vector>

#include "models/scenario/input_value.hpp"

namespace models {

struct AddedRule {
  std::string id;
  const InputValue* rule = nullptr;  // the add_rule entry (its path, e.g.
                                     // disputes.x.outcomes.win.effects[0].add_rule)
};

// Every add_rule entry with an id among the effects of the root's disputes and reviews, in file
// order.
std::vector<AddedRule> find_added_rules(const InputValue& root);

}  // namespace models
