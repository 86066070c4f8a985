// Routes each month's demand to providers under the routing rules in force.
//
// Two steps. Claims: rules in order (document order, rules that effects add first or last) each
// claim their share of their class's demand, limited to what earlier rules left; what no active
// rule claims is unserved for want of a permitted provider. Allocation: capacity is shared among
// the claims, first on each rule's permitted providers, then on its spill providers. Under
// Allocation::Priority the rules are served in order of priority, and rules of equal priority
// share a provider pro rata; under Allocation::ProRata every rule is of one rank. Within a rank,
// each rule asks its next provider for all it still needs; a provider that cannot grant every
// request grants each the same fraction and is then full, and the rules it could not satisfy
// move on to their next provider. What is left is unserved for want of capacity.
#pragma once

#include <span>
#include <vector>

#include "models/scenario/scenario.hpp"

namespace models {

struct RoutingResult {
  // served[first[rule] + k]: reference compute the rule's k-th provider served (USD B at
  // reference prices), k over its permitted then its spill providers; one flat vector, rule
  // after rule, so that a month clears it at once. first has an element more than there are
  // rules (the end).
  std::vector<double> served;
  std::vector<std::size_t> first;
  std::span<const double> served_by(std::size_t rule) const {
    return {served.data() + first[rule], first[rule + 1] - first[rule]};
  }
  std::vector<double> unserved;           // by workload, both causes
  std::vector<double> unserved_capacity;  // by workload: claimed, but no capacity left
  std::vector<double> spare;              // by provider: capacity left unused
};

class RoutingTable {
 public:
  RoutingTable(const Scenario& scenario, const ParameterValues& values);

  // Routes `demand` (by workload) given `capacity` (by provider, USD B at reference prices) and
  // each workload's stateless fraction. Rules that prefer the cheapest order their permitted
  // providers by `prices` (by provider).
  void route(const std::vector<double>& demand, const std::vector<double>& capacity,
             const std::vector<double>& stateless_fraction, const std::vector<double>& prices,
             RoutingResult& result) const;

  void suspend(int rule);
  // Ends one suspension (an injunction's end).
  void lift(int rule);
  // Clears every suspension and activates the rule.
  void restore(int rule);
  // Puts a rule that an effect adds in force: it claims before (or after) the others and is
  // served before (or after) every rank.
  void add(int rule, bool first);
  bool is_active(int rule) const;
  // Provider indices of a rule (permitted, then spill), in the order they are filled.
  const std::vector<int>& providers_of(int rule) const {
    return rules_[static_cast<std::size_t>(rule)].providers;
  }
  std::size_t rule_count() const { return rules_.size(); }

 private:
  void claim(const std::vector<double>& demand, const std::vector<double>& stateless_fraction,
             RoutingResult& result) const;
  void rank() const;
  // Shares capacity among the rules ranked_[begin, end) on their permitted providers (or their
  // spill providers).
  void allocate(std::size_t begin, std::size_t end, bool spill, RoutingResult& result) const;
  // The provider position a rule asks next; its end when it has none left with capacity.
  std::size_t next_position(std::size_t rule, std::size_t end,
                            const std::vector<double>& capacity) const;

  const std::vector<RuleSpec>& rules_;
  bool pro_rata_;
  std::vector<double> shares_;
  std::vector<int> priorities_;
  std::vector<int> order_;     // rules in force or suspended, in claim order
  std::vector<bool> enabled_;  // active in the file or added
  std::vector<int> suspensions_;
  std::size_t workloads_;

  // Per-month scratch, kept to avoid reallocation.
  mutable std::vector<double> want_, requested_;
  // The ranking and the cheapest-first orders change only when a rule is suspended, lifted,
  // restored or added, or when prices change: they are kept until then, not redone each month.
  void sort_by_price(const std::vector<double>& prices) const;
  mutable bool ranked_stale_ = true;
  mutable std::vector<double> sorted_prices_;     // the prices preference_ was sorted by
  mutable std::vector<int> ranked_;               // active rules by rank, claim order within a rank
  mutable std::vector<std::size_t> rank_bounds_;  // ranks are ranked_[bounds[g], bounds[g+1])
  mutable std::vector<std::size_t> asked_providers_;          // in a round, providers with requests
  mutable std::vector<std::vector<std::size_t>> preference_;  // positions in asking order
  mutable std::vector<std::size_t> cursor_;                   // into preference_[rule]
  // The asking order flattened (rebuilt with preference_): rule r's position i asks provider
  // asking_provider_[first_[r] + i], its k-th (asking_slot_); primary_ and count_ by rule.
  mutable std::vector<std::size_t> first_, primary_, count_, asking_slot_;
  mutable std::vector<std::size_t> asking_provider_;
  mutable bool flattened_ = false;
  void flatten_asking_order() const;
};

}  // namespace models
