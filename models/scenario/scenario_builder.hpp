// Builds a Scenario from a validated YAML tree (internal to models/scenario/): ids resolved to
// indices, numbers registered as parameters, effects made typed. The deal's parts are built in
// scenario_builder.cpp, disputes and reviews with their timing and effects in
// proceeding_builder.cpp.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "models/scenario/scalar.hpp"
#include "models/scenario/scenario.hpp"

namespace models::building {

// Readings of a validated tree (see scalar.hpp): a failure here is a bug, not bad input.
inline double real(const YAML::Node& node) {
  return scalar::number_at(node, "a number field");
}
inline long long count(const YAML::Node& node) {
  return scalar::whole_at(node, "a whole-number field");
}
inline std::string text(const YAML::Node& node) {
  return scalar::text_at(node, "a text field");
}
inline bool flag(const YAML::Node& node) {
  return scalar::boolean_at(node, "a true/false field");
}
inline std::vector<std::string> texts(const YAML::Node& node) {
  std::vector<std::string> result;
  for (const auto& item : node)
    result.push_back(text(item));
  return result;
}
inline std::vector<double> reals(const YAML::Node& node) {
  std::vector<double> result;
  for (const auto& item : node)
    result.push_back(real(item));
  return result;
}

class Builder {
 public:
  explicit Builder(Scenario& scenario) : scenario_(scenario) {}

  void build(const YAML::Node& root);

 private:
  using Index = std::map<std::string, int>;

  static void index(const char* key, const YAML::Node& root, Index& out);

  static double number_value(const YAML::Node& node) { return real(node); }

  double time_of(const YAML::Node& node) const;

  ParameterId parameter(const YAML::Node& node, const std::string& path);

  // A whole number, plain or marked; a marked one is recorded among the parameters so that its
  // provenance is reported with the others.
  int whole(const YAML::Node& node, const std::string& path);

  static int lookup(const Index& index, const YAML::Node& node);

  std::vector<int> lookup_all(const Index& index, const YAML::Node& node) const;

  void build_provider(const std::string& id, const YAML::Node& node);

  void build_workload(const std::string& id, const YAML::Node& node);

  RuleSpec build_rule(const std::string& id, const YAML::Node& node, const std::string& path);

  // Rules that outcomes add, inactive until added (models/scenario/added_rules.hpp).
  void add_rules_of_effects(const YAML::Node& root);

  void build_commitment(const std::string& id, const YAML::Node& node);

  TimingSpec build_timing(const YAML::Node& node, const std::string& path);

  void build_investment(const std::string& id, const YAML::Node& node);

  void build_equity(const YAML::Node& node);

  // Every number an effect's entry holds is registered as a parameter, also those its action
  // does not use (a waiver's factor): the parameter list, and so every results file, stays the
  // same whatever the actions.
  Effect build_effect(const YAML::Node& node, const std::string& path);

  ProceedingSpec build_proceeding(const std::string& id, const YAML::Node& node, bool dispute);

  void build_correlation(const YAML::Node& node);

  Scenario& scenario_;
  Index parties_, providers_, workloads_, rules_, commitments_, investments_, disputes_, reviews_;
};

}  // namespace models::building
