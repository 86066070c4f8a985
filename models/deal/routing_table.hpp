// Routes each month's demand to providers under the routing rules in force.
//
// Rules apply in order. Each takes its share of its class's demand (limited to what earlier
// rules left) and fills its permitted providers in preference order up to their remaining
// capacity; what no provider can take, and what no active rule covers, is unserved. Outcomes
// suspend, restore and add rules while a run goes on.
#pragma once

#include <vector>

#include "models/scenario/scenario.hpp"

namespace models {

struct RoutingResult {
  // served[rule][k]: reference compute the rule's k-th provider served (USD B at reference prices)
  std::vector<std::vector<double>> served;
  std::vector<double> unserved;  // by workload
};

class RoutingTable {
 public:
  RoutingTable(const Scenario& scenario, const ParameterValues& values);

  // Routes `demand` (by workload) given `capacity` (by provider, USD B at reference prices) and
  // each workload's stateless fraction. Providers are filled in `preference` order for rules
  // that prefer the cheapest (`prices` by provider).
  void route(const std::vector<double>& demand, std::vector<double> capacity,
             const std::vector<double>& stateless_fraction, const std::vector<double>& prices,
             RoutingResult& result) const;

  void suspend(int rule) { ++suspensions_[static_cast<std::size_t>(rule)]; }
  // Ends one suspension (an injunction's end).
  void lift(int rule);
  // Clears every suspension and activates the rule.
  void restore(int rule);
  // Puts a rule that an effect adds in force, before or after the others.
  void add(int rule, bool first);
  bool is_active(int rule) const;
  // Provider indices of a rule, in the order they are filled.
  const std::vector<int>& providers_of(int rule) const {
    return rules_[static_cast<std::size_t>(rule)].providers;
  }
  std::size_t rule_count() const { return rules_.size(); }

 private:
  const std::vector<RuleSpec>& rules_;
  std::vector<double> shares_;
  std::vector<int> order_;     // rules in force or suspended, in application order
  std::vector<bool> enabled_;  // active in the file or added
  std::vector<int> suspensions_;
  std::size_t workloads_;
};

}  // namespace models
