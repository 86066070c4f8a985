// The checks of a scenario that need the whole file, on the typed values read against the schema
// (validator.cpp): references to ids defined elsewhere, dates against the horizon,
// outcome probabilities that sum to 1, tranche effects that name a tranche, correlation
// matrices, commitment schedules, stakes, deadlines. Internal to models/scenario/.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "models/scenario/diagnostics.hpp"
#include "models/scenario/input_value.hpp"
#include "models/scenario/yaml_document.hpp"
#include "sim/kernel/date.hpp"

namespace models {

// A reference the schema check met (an id of a collection), resolved once every id is known.
struct PendingReference {
  YAML::Mark mark;
  std::string path;
  std::string collection;
  std::string value;
};

// A date that must not lie after the horizon's end, checked once the horizon is known.
struct PendingDate {
  YAML::Mark mark;
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

  // Adds every problem found in `root` (the scenario's typed values) to the errors.
  void run(const InputValue& root, const std::vector<PendingReference>& references,
           const std::vector<PendingDate>& dates);

 private:
  void error(const InputValue& value, std::string message) {
    error(value, value.path, std::move(message));
  }
  void error(const InputValue& value, const std::string& path, std::string message) {
    errors_.push_back(document_.at(value.mark, path, std::move(message)));
  }
  void check_references(const InputValue& root, const std::vector<PendingReference>& references);
  void check_horizon_dates(const InputValue& root, const std::vector<PendingDate>& dates);
  void check_proceedings(const InputValue& root);
  void check_outcome_probabilities(const InputValue& outcomes);
  void check_tranche_effects(const InputValue& root, const InputValue& outcomes);
  void check_correlation(const InputValue& correlation);
  void check_commitments(const InputValue& commitments);
  void check_amount_against_minimums(const InputValue& commitment, const std::string& schedule,
                                     const std::vector<InputValue>& minimums);
  void check_stakes(const InputValue& equity);
  void check_investments(const InputValue& investments);
  void check_revenue_shares(const InputValue& root, const InputValue& shares);

  const YamlDocument& document_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace models
