#include "models/scenario/added_rules.hpp"

namespace models {

std::vector<AddedRule> find_added_rules(const InputValue& root) {
  std::vector<AddedRule> rules;
  for (const char* section : {"disputes", "reviews"}) {
    const InputValue* proceedings = root.find(section);
    if (proceedings == nullptr) continue;
    for (const auto& [id, proceeding] : proceedings->entries) {
      const InputValue* outcomes = proceeding.find("outcomes");
      if (outcomes == nullptr) continue;
      for (const auto& [outcome_id, outcome] : outcomes->entries) {
        const InputValue* effects = outcome.find("effects");
        if (effects == nullptr) continue;
        for (const InputValue& effect : effects->items) {
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
