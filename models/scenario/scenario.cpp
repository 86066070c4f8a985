// The Scenario's own queries (its building is in scenario_builder.cpp).
#include "models/scenario/scenario.hpp"

#include "models/scenario/yaml_document.hpp"

namespace models {

int Scenario::party_index(const std::string& id) const {
  for (std::size_t i = 0; i < parties.size(); ++i) {
    if (parties[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::string Scenario::resolved_yaml() const {
  return resolved_document ? resolved_document->resolved_text() : std::string();
}

}  // namespace models
