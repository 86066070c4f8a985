// The checks of a scenario that need the whole tree, after each value has been checked against
// the schema (validator.cpp): references to ids defined elsewhere, dates against the horizon,
// outcome probabilities that sum to 1, tranche effects that name a tranche, correlation
// matrices, commitment schedules, stakes, deadlines. Internal to models/scenario/.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/yaml_document.hpp"
#include "sim/kernel/date.hpp"

namespace models {

// A reference the schema check met (an id of a collection), resolved once every id is known.
struct PendingReference {
  YAML::Node node;
  std::string path;
  std::string collection;
  std::string value;
};

// A date that must not lie after the horizon's end, checked once the horizon is known.
struct PendingDate {
  YAML::Node node;
  std::string path;
  sim::Date date;
};

inline std::string list_text(const std::vector<std::string>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i)
    text += (i ? ", " : "") + items[i];
  return text;
}

inline std::string format_number(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  std::ostringstream text;
  text << value;
  return text.str();
}

class CrossChecks {
 public:
  CrossChecks(const YamlDocument& document, std::vector<Diagnostic>& errors)
      : document_(document), errors_(errors) {}

  // Adds every problem found to the errors.
  void run(const std::vector<PendingReference>& references, const std::vector<PendingDate>& dates);

 private:
  void error(const YAML::Node& node, const std::string& path, std::string message) {
    errors_.push_back(document_.at(node, path, std::move(message)));
  }
  std::vector<std::string> ids(const char* key) const;
  void check_references(const std::vector<PendingReference>& references);
  void check_semantics(const YAML::Node& root, const std::vector<PendingDate>& dates);
  void check_horizon_dates(const YAML::Node& root, const std::vector<PendingDate>& dates);
  void check_outcome_probabilities(const YAML::Node& outcomes, const std::string& path);
  void check_tranche_effects(const YAML::Node& node, const std::string& path);
  void check_correlation(const YAML::Node& correlation);
  void check_commitments(const YAML::Node& commitments);
  void check_stakes(const YAML::Node& equity);
  void check_investments(const YAML::Node& investments);

  const YamlDocument& document_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace models
