// Builds a Scenario from a scenario's typed values once they are valid (internal to
// models/scenario/): ids resolved to indices, numbers registered as parameters, effects made
// typed. The deal's parts are built in scenario_builder.cpp, disputes and reviews with their
// timing and outcomes in proceeding_builder.cpp; each effect resolves itself from its fields
// (effect.hpp), so a new effect needs nothing here.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/scenario/input_value.hpp"
#include "models/scenario/scenario.hpp"

namespace models::building {

class Builder {
 public:
  explicit Builder(Scenario& scenario) : scenario_(scenario) {}

  // REQUIRES: `root` read without problems (read_scenario).
  void build(const InputValue& root);

 private:
  friend class EntryFields;
  using Index = std::map<std::string, int, std::less<>>;

  void index_collections(const InputValue& root);
  double time_of(const InputValue& value) const { return scenario_.timeline.time_of(value.date); }

  // Registers a number as a parameter, once per path: a rule added by an effect registers its
  // share when the rule is built, and the effect's entry finds it.
  ParameterId parameter(const InputValue& value);

  // A whole number, plain or marked; a marked one is recorded among the parameters so that its
  // provenance is reported with the others.
  int whole(const InputValue& value);

  // The index of the id a reference holds in the reference's collection; -1 when absent.
  int lookup(const InputValue* reference) const;
  int lookup(const InputValue& owner, const char* key) const { return lookup(owner.find(key)); }
  // The indices of the ids a list of references holds; empty when absent.
  std::vector<int> lookup_all(const InputValue* list) const;

  // By workload: the classes `owner` lists under `classes`, or, when it lists none, those
  // `by_default` accepts.
  std::vector<bool> classes_of(const InputValue& owner,
                               const std::function<bool(const WorkloadSpec&)>& by_default) const;
  void build_provider(const std::string& id, const InputValue& provider);
  void build_workload(const std::string& id, const InputValue& workload);
  RuleSpec build_rule(const std::string& id, const InputValue& rule);
  // Rules that outcomes add, inactive until added (models/scenario/added_rules.hpp).
  void add_rules_of_effects(const InputValue& root);
  void build_commitment(const std::string& id, const InputValue& commitment);
  void build_investment(const std::string& id, const InputValue& investment);
  void build_revenue_share(const std::string& id, const InputValue& share);
  void build_equity(const InputValue& equity);
  void build_correlation(const InputValue& correlation);

  // proceeding_builder.cpp
  TimingSpec build_timing(const InputValue& timing);
  ProceedingSpec build_proceeding(const std::string& id, const InputValue& proceeding,
                                  bool dispute);
  // Every number an effect's entry holds is registered as a parameter, also those its action
  // does not use (a waiver's factor): the parameter list, and so every results file, stays the
  // same whatever the actions.
  Effect build_effect(const InputValue& effect);

  Scenario& scenario_;
  std::map<std::string, Index, std::less<>> collections_;  // by collection name: id -> index
  std::unordered_map<std::string, ParameterId> parameter_of_path_;
};

}  // namespace models::building
