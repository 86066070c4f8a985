#include "models/scenario/added_rules.hpp"

namespace models {

std::vector<AddedRule> find_added_rules(const InputValue& root) {
  std::vector<AddedRule> rules;
  for (const char* section : {"disputes", "reviews"}) {
    for (const auto& proceeding : root.entries_of(section)) {
      for (const auto& outcome : proceeding.value.entries_of("outcomes")) {
        for (const InputValue& effect : outcome.value.items_of("effects")) {
          const InputValue* added = effect.find("add_rule");
          const InputValue* rule_id = added ? added->valid_entry("id") : nullptr;
          if (rule_id != nullptr) rules.push_back({rule_id->text, added});
        }
      }
    }
  }
  return rules;
}

}  // namespace models
