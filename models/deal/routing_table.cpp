#include "models/deal/routing_table.hpp"

#include <algorithm>
#include <numeric>

namespace models {

RoutingTable::RoutingTable(const Scenario& scenario, const ParameterValues& values)
    : rules_(scenario.rules),
      pro_rata_(scenario.allocation == Allocation::ProRata),
      shares_(scenario.rules.size()),
      priorities_(scenario.rules.size()),
      enabled_(scenario.rules.size()),
      suspensions_(scenario.rules.size(), 0),
      workloads_(scenario.workloads.size()),
      want_(scenario.rules.size(), 0.0),
      requested_(scenario.providers.size(), 0.0),
      preference_(scenario.rules.size()),
      cursor_(scenario.rules.size(), 0) {
  // Sized once: each replication builds its table, and vectors grown from empty by doubling
  // allocate several times each (a third of a replication's 200 allocations, over its parts).
  order_.reserve(rules_.size());
  ranked_.reserve(rules_.size());
  rank_bounds_.reserve(rules_.size() + 1);
  asked_providers_.reserve(scenario.providers.size());
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    shares_[r] = values[rules_[r].share];
    priorities_[r] = rules_[r].priority;
    enabled_[r] = rules_[r].active && !rules_[r].added_by_effect;
    if (!rules_[r].added_by_effect) order_.push_back(static_cast<int>(r));
    preference_[r].resize(rules_[r].providers.size());
    std::iota(preference_[r].begin(), preference_[r].end(), 0);
  }
  // The asking order is flattened on the first route (by sort_by_price, which the first prices
  // always call for), not here and again there.
}

bool RoutingTable::is_active(int rule) const {
  const auto r = static_cast<std::size_t>(rule);
  return enabled_[r] && suspensions_[r] == 0;
}

void RoutingTable::suspend(int rule) {
  ++suspensions_[static_cast<std::size_t>(rule)];
  ranked_stale_ = true;
}

void RoutingTable::lift(int rule) {
  int& count = suspensions_[static_cast<std::size_t>(rule)];
  if (count > 0) --count;
  ranked_stale_ = true;
}

void RoutingTable::restore(int rule) {
  suspensions_[static_cast<std::size_t>(rule)] = 0;
  enabled_[static_cast<std::size_t>(rule)] = true;
  ranked_stale_ = true;
}

void RoutingTable::add(int rule, bool first) {
  const auto position = std::find(order_.begin(), order_.end(), rule);
  if (position != order_.end()) order_.erase(position);
  int lowest = 0, highest = 0;
  for (int other : order_) {
    lowest = std::min(lowest, priorities_[static_cast<std::size_t>(other)]);
    highest = std::max(highest, priorities_[static_cast<std::size_t>(other)]);
  }
  if (first) {
    order_.insert(order_.begin(), rule);
    priorities_[static_cast<std::size_t>(rule)] = lowest - 1;
  } else {
    order_.push_back(rule);
    priorities_[static_cast<std::size_t>(rule)] = highest + 1;
  }
  enabled_[static_cast<std::size_t>(rule)] = true;
  ranked_stale_ = true;
}

void RoutingTable::route(const std::vector<double>& demand, const std::vector<double>& capacity,
                         const std::vector<double>& stateless_fraction,
                         const std::vector<double>& prices, RoutingResult& result) const {
  if (!flattened_ || prices != sorted_prices_) sort_by_price(prices);
  if (result.first.size() != rules_.size() + 1 || result.served.size() != asking_slot_.size()) {
    result.first.assign(first_.begin(), first_.end());
    result.first.push_back(asking_slot_.size());
    result.served.resize(asking_slot_.size());
  }
  std::fill(result.served.begin(), result.served.end(), 0.0);
  result.unserved_capacity.assign(workloads_, 0.0);
  result.spare = capacity;
  claim(demand, stateless_fraction, result);
  if (ranked_stale_) rank();
  for (const bool spill : {false, true}) {
    bool wanting = false;
    for (int rule : ranked_)
      wanting = wanting || want_[static_cast<std::size_t>(rule)] > 0;
    if (!wanting) break;  // every claim served: no spill pass
    for (std::size_t g = 0; g + 1 < rank_bounds_.size(); ++g)
      allocate(rank_bounds_[g], rank_bounds_[g + 1], spill, result);
  }
  for (int rule : ranked_) {
    const auto w = static_cast<std::size_t>(rules_[static_cast<std::size_t>(rule)].workload);
    result.unserved[w] += want_[static_cast<std::size_t>(rule)];
    result.unserved_capacity[w] += want_[static_cast<std::size_t>(rule)];
  }
}

// Each active rule's share of its class's demand, in claim order; the rest has no rule.
void RoutingTable::claim(const std::vector<double>& demand,
                         const std::vector<double>& stateless_fraction,
                         RoutingResult& result) const {
  std::vector<double>& remaining = result.unserved;  // what no rule has claimed yet
  remaining = demand;
  for (int rule_index : order_) {
    const auto r = static_cast<std::size_t>(rule_index);
    want_[r] = 0;
    if (!is_active(rule_index)) continue;
    const RuleSpec& rule = rules_[r];
    const auto w = static_cast<std::size_t>(rule.workload);
    const double share = rule.stateless_share ? stateless_fraction[w] : shares_[r];
    want_[r] = std::min(share * demand[w], remaining[w]);
    remaining[w] -= want_[r];
  }
}

namespace {
// A stable sort without the allocation std::stable_sort makes: the lists are a handful long.
template <typename T, typename Less>
void insertion_sort(std::vector<T>& items, std::size_t count, Less less) {
  for (std::size_t i = 1; i < count; ++i) {
    const T item = items[i];
    std::size_t j = i;
    for (; j > 0 && less(item, items[j - 1]); --j)
      items[j] = items[j - 1];
    items[j] = item;
  }
}
}  // namespace

void RoutingTable::rank() const {
  ranked_.clear();
  for (int rule : order_) {
    if (is_active(rule)) ranked_.push_back(rule);
  }
  if (!pro_rata_) {
    insertion_sort(ranked_, ranked_.size(), [this](int a, int b) {
      return priorities_[static_cast<std::size_t>(a)] < priorities_[static_cast<std::size_t>(b)];
    });
  }
  rank_bounds_.assign(1, 0);
  for (std::size_t i = 1; i <= ranked_.size(); ++i) {
    if (i == ranked_.size() ||
        (!pro_rata_ && priorities_[static_cast<std::size_t>(ranked_[i])] !=
                           priorities_[static_cast<std::size_t>(ranked_[i - 1])])) {
      rank_bounds_.push_back(i);
    }
  }
  ranked_stale_ = false;
}

void RoutingTable::sort_by_price(const std::vector<double>& prices) const {
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    const RuleSpec& rule = rules_[r];
    if (!rule.cheapest_first) continue;
    std::iota(preference_[r].begin(), preference_[r].begin() + rule.primary, 0);
    insertion_sort(preference_[r], rule.primary, [&](std::size_t a, std::size_t b) {
      return prices[static_cast<std::size_t>(rule.providers[a])] <
             prices[static_cast<std::size_t>(rule.providers[b])];
    });
  }
  sorted_prices_ = prices;
  flatten_asking_order();
}

void RoutingTable::flatten_asking_order() const {
  flattened_ = true;
  first_.assign(rules_.size(), 0);
  primary_.assign(rules_.size(), 0);
  count_.assign(rules_.size(), 0);
  asking_slot_.clear();
  asking_provider_.clear();
  std::size_t slots = 0;
  for (const RuleSpec& rule : rules_)
    slots += rule.providers.size();
  asking_slot_.reserve(slots);
  asking_provider_.reserve(slots);
  for (std::size_t r = 0; r < rules_.size(); ++r) {
    first_[r] = asking_slot_.size();
    primary_[r] = rules_[r].primary;
    count_[r] = rules_[r].providers.size();
    for (std::size_t position = 0; position < count_[r]; ++position) {
      const std::size_t k = preference_[r][position];
      asking_slot_.push_back(k);
      asking_provider_.push_back(static_cast<std::size_t>(rules_[r].providers[k]));
    }
  }
}

std::size_t RoutingTable::next_position(std::size_t rule, std::size_t end,
                                        const std::vector<double>& capacity) const {
  std::size_t& cursor = cursor_[rule];
  const std::size_t* asking = asking_provider_.data() + first_[rule];
  while (cursor < end && capacity[asking[cursor]] <= 0)
    ++cursor;
  return cursor;
}

void RoutingTable::allocate(std::size_t begin, std::size_t end, bool spill,
                            RoutingResult& result) const {
  std::vector<double>& capacity = result.spare;
  bool wanting = false;
  for (std::size_t i = begin; i < end; ++i) {
    const auto r = static_cast<std::size_t>(ranked_[i]);
    wanting = wanting || (want_[r] > 0 && (!spill || count_[r] > primary_[r]));
  }
  if (!wanting) return;
  for (std::size_t i = begin; i < end; ++i) {
    const auto r = static_cast<std::size_t>(ranked_[i]);
    cursor_[r] = spill ? primary_[r] : 0;
  }
  // Every round either satisfies a provider's every request or fills it, so rounds end.
  for (;;) {
    bool asked = false;
    for (std::size_t i = begin; i < end; ++i) {
      const auto r = static_cast<std::size_t>(ranked_[i]);
      const std::size_t last = spill ? count_[r] : primary_[r];
      const std::size_t position = next_position(r, last, capacity);
      if (want_[r] <= 0 || position == last) continue;
      const std::size_t p = asking_provider_[first_[r] + position];
      if (requested_[p] == 0) asked_providers_.push_back(p);
      requested_[p] += want_[r];
      asked = true;
    }
    if (!asked) return;
    bool unsatisfied = false;
    for (std::size_t i = begin; i < end; ++i) {
      const auto r = static_cast<std::size_t>(ranked_[i]);
      const std::size_t last = spill ? count_[r] : primary_[r];
      const std::size_t position = cursor_[r];
      if (want_[r] <= 0 || position == last) continue;
      const std::size_t p = asking_provider_[first_[r] + position];
      const double granted =
          requested_[p] <= capacity[p] ? want_[r] : want_[r] * (capacity[p] / requested_[p]);
      result.served[first_[r] + asking_slot_[first_[r] + position]] += granted;
      want_[r] -= granted;
      if (want_[r] > 0) {  // the provider is full
        ++cursor_[r];
        unsatisfied = true;
      }
    }
    for (std::size_t p : asked_providers_) {
      capacity[p] = requested_[p] <= capacity[p] ? capacity[p] - requested_[p] : 0.0;
      requested_[p] = 0;
    }
    asked_providers_.clear();
    if (!unsatisfied) return;  // nobody would ask again
  }
}

}  // namespace models
