#include "models/deal/routing_table.hpp"

#include <algorithm>
#include <numeric>

namespace models {

RoutingTable::RoutingTable(const Scenario& scenario, const ParameterValues& values)
    : rules_(scenario.rules),
      shares_(scenario.rules.size()),
      enabled_(scenario.rules.size()),
      suspensions_(scenario.rules.size(), 0),
      workloads_(scenario.workloads.size()) {
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    shares_[r] = values[rules_[r].share];
    enabled_[r] = rules_[r].active && !rules_[r].added_by_effect;
    if (!rules_[r].added_by_effect) order_.push_back(static_cast<int>(r));
  }
}

bool RoutingTable::is_active(int rule) const {
  const auto r = static_cast<std::size_t>(rule);
  return enabled_[r] && suspensions_[r] == 0;
}

void RoutingTable::lift(int rule) {
  int& count = suspensions_[static_cast<std::size_t>(rule)];
  if (count > 0) --count;
}

void RoutingTable::restore(int rule) {
  suspensions_[static_cast<std::size_t>(rule)] = 0;
  enabled_[static_cast<std::size_t>(rule)] = true;
}

void RoutingTable::add(int rule, bool first) {
  const auto position = std::find(order_.begin(), order_.end(), rule);
  if (position != order_.end()) order_.erase(position);
  if (first) {
    order_.insert(order_.begin(), rule);
  } else {
    order_.push_back(rule);
  }
  enabled_[static_cast<std::size_t>(rule)] = true;
}

void RoutingTable::route(const std::vector<double>& demand, std::vector<double> capacity,
                         const std::vector<double>& stateless_fraction,
                         const std::vector<double>& prices, RoutingResult& result) const {
  result.served.resize(rules_.size());
  result.unserved.assign(workloads_, 0.0);
  std::vector<double> remaining = demand;
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    result.served[r].assign(rules_[r].providers.size(), 0.0);
  }
  std::vector<std::size_t> preference;
  for (int rule_index : order_) {
    if (!is_active(rule_index)) continue;
    const auto r = static_cast<std::size_t>(rule_index);
    const RuleSpec& rule = rules_[r];
    const auto w = static_cast<std::size_t>(rule.workload);
    const double share = rule.stateless_share ? stateless_fraction[w] : shares_[r];
    double take = std::min(share * demand[w], remaining[w]);
    remaining[w] -= take;
    preference.resize(rule.providers.size());
    std::iota(preference.begin(), preference.end(), 0);
    if (rule.cheapest_first) {
      std::stable_sort(preference.begin(), preference.end(), [&](std::size_t a, std::size_t b) {
        return prices[static_cast<std::size_t>(rule.providers[a])] <
               prices[static_cast<std::size_t>(rule.providers[b])];
      });
    }
    for (std::size_t k : preference) {
      if (take <= 0) break;
      double& left = capacity[static_cast<std::size_t>(rule.providers[k])];
      const double served = std::min(take, left);
      left -= served;
      take -= served;
      result.served[r][k] += served;
    }
    result.unserved[w] += take;  // over capacity
  }
  for (std::size_t w = 0; w < workloads_; ++w)
    result.unserved[w] += remaining[w];  // no rule
}

}  // namespace models
