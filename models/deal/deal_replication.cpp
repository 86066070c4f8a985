// The coordinator: set-up, and the monthly step that reads like the model (demand advances, is
// routed within capacity, booked as spend, counted against commitments; then revenue shares,
// legal costs, spend triggers and the month's hazards).
#include "models/deal/replication.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace models::detail {
namespace {

// A result of zeros in the storage of `spent`.
ReplicationResult empty_result(const MetricCatalog& catalog, ReplicationResult spent) {
  spent.scalars.assign(catalog.scalars().size(), 0.0);
  spent.series.assign(catalog.series_values(), 0.0);
  spent.events.clear();
  spent.ledger.clear();
  return spent;
}

}  // namespace

Replication::Replication(const Scenario& scenario, const MetricCatalog& catalog,
                         std::uint64_t index, const ReplicationOptions& options,
                         ReplicationResult spent)
    : scenario_(scenario),
      catalog_(catalog),
      result_(empty_result(catalog, std::move(spent))),
      values_(scenario.parameters, scenario.seed, index, scenario.joint.get()),
      streams_(scenario.seed, index),
      external_(static_cast<int>(scenario.parties.size())),
      ledger_(scenario.parties.size() + 1, options.keep_ledger),
      deal_{scenario, catalog, values_, streams_, simulation_, ledger_, result_},
      routing_(scenario, values_),
      equity_(scenario.equity, scenario.parties.size() + 1, values_),
      valuation_stream_(streams_.stream("valuation")),
      commitments_(deal_),
      tranches_(deal_, equity_),
      disputes_(deal_, ProceedingDocket::Kind::Dispute, *this),
      reviews_(deal_, ProceedingDocket::Kind::Review, *this),
      developer_shares_(deal_) {
  ledger_.set_discount_rate(scenario.discount_rate);
  month_series_ = {
      deal_.view(catalog.monthly_demand),        deal_.view(catalog.monthly_spend),
      deal_.view(catalog.yearly_spend_by_class), deal_.view(catalog.yearly_spend_by_provider),
      deal_.view(catalog.yearly_gross_profit),   deal_.view(catalog.yearly_unserved),
      deal_.view(catalog.yearly_revenue),        deal_.view(catalog.monthly_valuation),
      deal_.view(catalog.monthly_utilisation),   deal_.view(catalog.yearly_unserved_by_cause)};
  workloads_.reserve(scenario.workloads.size());
  shock_streams_.reserve(scenario.workloads.size());
  for (const auto& workload : scenario.workloads) {
    workloads_.emplace_back(workload, values_, streams_.stream(workload.customer_stream),
                            scenario.months);
    shock_streams_.push_back(streams_.stream(workload.shock_stream));
  }
  capacities_.reserve(scenario.providers.size());
  prices_.reserve(scenario.providers.size());
  unit_costs_.reserve(scenario.providers.size());
  for (const auto& provider : scenario.providers) {
    capacities_.emplace_back(provider, values_);
    prices_.push_back(values_[provider.price]);
    unit_costs_.push_back(values_[provider.unit_cost]);
  }
  cost_totals_.assign(scenario.providers.size(), 0.0);
  revenue_totals_.assign(scenario.workloads.size(), 0.0);
  lost_revenue_totals_.assign(scenario.workloads.size(), 0.0);
  revenue_rates_.assign(scenario.workloads.size(), 0.0);
  unserved_capacity_totals_.assign(scenario.workloads.size(), 0.0);
  utilisation_sum_.assign(scenario.providers.size(), 0.0);
  utilisation_months_.assign(scenario.providers.size(), 0.0);
  bound_months_.assign(scenario.providers.size(), 0.0);
  cumulative_provider_spend_.assign(scenario.providers.size(), 0.0);
  demand_totals_.assign(scenario.workloads.size(), 0.0);
  unserved_totals_.assign(scenario.workloads.size(), 0.0);
  spend_by_provider_class_.assign(scenario.providers.size() * scenario.workloads.size(), 0.0);
  served_value_by_party_.assign(scenario.parties.size() + 1, 0.0);
  month_spend_.assign(scenario.providers.size() * scenario.workloads.size(), 0.0);
  month_cost_.assign(scenario.providers.size(), 0.0);
  month_revenue_.assign(scenario.workloads.size(), 0.0);
  make_spend_slots();
  month_flows_.assign((scenario.parties.size() + 1) * (scenario.parties.size() + 1), 0.0);
  revenue_growth_levels_.assign(scenario.workloads.size(), 1.0);
  revenue_growth_steps_.reserve(4 * scenario.workloads.size());
  for (const auto& workload : scenario.workloads) {
    for (int days = 28; days <= 31; ++days) {
      revenue_growth_steps_.push_back(
          std::exp(values_[workload.revenue_growth] * days / kDaysPerYear));
    }
  }
}

void Replication::make_spend_slots() {
  const std::size_t workload_count = scenario_.workloads.size();
  const std::size_t parties = scenario_.parties.size() + 1;
  std::size_t slots = 0;
  for (const RuleSpec& rule : scenario_.rules)
    slots += rule.providers.size();
  spend_slots_.reserve(slots);
  for (std::size_t r = 0; r < scenario_.rules.size(); ++r) {
    const RuleSpec& rule = scenario_.rules[r];
    const auto w = static_cast<std::size_t>(rule.workload);
    const int payer = scenario_.workloads[w].payer;
    for (std::size_t k = 0; k < rule.providers.size(); ++k) {
      const int provider = rule.providers[k];
      const auto p = static_cast<std::size_t>(provider);
      const int payee = deal_.provider_party(provider);
      const auto first_commitment = static_cast<std::uint32_t>(slot_commitments_.size());
      commitments_.counting(payer, provider, rule.workload, slot_commitments_);
      spend_slots_.push_back(
          {payer, payee, provider, rule.workload, p * workload_count + w,
           static_cast<std::size_t>(payer) * parties + static_cast<std::size_t>(payee), prices_[p],
           unit_costs_[p], catalog_.routing_cause(static_cast<int>(r), k), first_commitment,
           static_cast<std::uint32_t>(slot_commitments_.size()) - first_commitment});
    }
  }
}

ReplicationResult Replication::run() {
  schedule_months();
  commitments_.schedule();
  tranches_.schedule();
  developer_shares_.schedule();
  disputes_.arm();
  reviews_.arm();
  simulation_.run_until(scenario_.horizon_time);
  // Month k's shocks move the state from the start of month k-1 to the start of month k, so the
  // last month's own step, to the horizon, is still due: without it the final valuation would be
  // the one a month before the horizon (demand moved on too, unused).
  advance_shocks();
  finish();
  return std::move(result_);
}

bool Replication::hold(const ConditionsSpec& conditions) const {
  if (conditions.no_injunction && injunctions_in_force_ > 0) return false;
  if (conditions.no_dispute_pending && disputes_.any_pending()) return false;
  if (conditions.no_review_pending && reviews_.any_pending()) return false;
  if (conditions.spend_provider >= 0 &&
      cumulative_provider_spend_[static_cast<std::size_t>(conditions.spend_provider)] <=
          values_[conditions.spend_amount]) {
    return false;
  }
  return true;
}

void Replication::schedule_months() {
  simulation_.repeat(
      [this](int k) {
        return k < scenario_.months ? scenario_.timeline.month_boundary(k) : HUGE_VAL;
      },
      [this](int month) { month_step(month); }, kMonthPriority);
}

void Replication::month_step(int month) {
  const double now = simulation_.now();
  const auto m = static_cast<std::size_t>(month);
  if (month > 0) advance_shocks();
  if (m < scenario_.month_discounts.size())
    ledger_.prime_discount(now, scenario_.month_discounts[m]);
  route(now, m);
  book_spend(now);
  // The month starts at a month boundary: its scenario year is month / 12 (deal_.scenario_year
  // without the calendar look-up).
  const int year = std::min(month / 12, scenario_.horizon_years - 1);
  record_spend(m, year);
  record_capacity(m, year);
  pay_revenue_shares(now);
  developer_shares_.pay(now, month_revenue_);
  disputes_.pay_legal_costs(now, external_);
  disputes_.check_triggers(now, month_spend_);
  reviews_.check_triggers(now, month_spend_);
  run_hazards(now, scenario_.timeline.month_boundary(month + 1));
}

void Replication::advance_shocks() {
  const std::size_t count = scenario_.workloads.size();
  shocks_.resize(count + 1);
  for (std::size_t w = 0; w < count; ++w)
    shocks_[w] = shock_streams_[w].normal(0, 1);
  shocks_[count] = valuation_stream_.normal(0, 1);
  if (!scenario_.correlated.empty()) {
    // correlated = L independent, L the lower-triangular Cholesky factor; by hand into kept
    // buffers, since Eigen's temporaries would allocate every month.
    const std::vector<int>& indices = scenario_.correlated;
    const std::size_t n = indices.size();
    independent_shocks_.resize(n);
    for (std::size_t i = 0; i < n; ++i)
      independent_shocks_[i] = shocks_[static_cast<std::size_t>(indices[i])];
    for (std::size_t i = 0; i < n; ++i) {
      double sum = 0;
      for (std::size_t j = 0; j <= i; ++j) {
        sum += scenario_.cholesky(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) *
               independent_shocks_[j];
      }
      shocks_[static_cast<std::size_t>(indices[i])] = sum;
    }
  }
  for (std::size_t w = 0; w < count; ++w)
    workloads_[w].advance_month(shocks_[w]);
  equity_.advance_month(shocks_[count]);
}

// This month's demand by class, routed under the rules in force within each provider's capacity.
void Replication::route(double now, std::size_t month) {
  const std::size_t workload_count = scenario_.workloads.size();
  demand_.resize(workload_count);
  stateless_.resize(workload_count);
  for (std::size_t w = 0; w < workload_count; ++w) {
    demand_[w] = workloads_[w].demand(now);
    stateless_[w] = workloads_[w].stateless_fraction();
    demand_totals_[w] += demand_[w];
    month_series_.demand(w, month) = demand_[w];
  }
  advance_revenue_growth(now);
  for (std::size_t w = 0; w < workload_count; ++w)
    revenue_rates_[w] =
        values_[scenario_.workloads[w].revenue_per_unit] * revenue_growth_levels_[w];
  capacity_.resize(capacities_.size());
  for (std::size_t p = 0; p < capacities_.size(); ++p)
    capacity_[p] = capacities_[p].at(now);
  routing_.route(demand_, capacity_, stateless_, prices_, routed_);
}

// One ledger entry per rule and provider that served (the payer's spend, the provider's
// billings), counted against commitments; then each provider's cost of serving and each class's
// revenue to its payer, one entry each for the month. Without kept entries, the spend between
// each payer and provider is booked once (the same totals, a third of the bookings).
// Each workload's e^(g t / year) for its revenue growth g at month boundary t. Months are 28 to
// 31 whole days, so from one month to the next the factor is one of four, computed once per
// replication: a multiplication instead of an exponential (equal to within rounding).
void Replication::advance_revenue_growth(double now) {
  const std::size_t count = scenario_.workloads.size();
  const double step = now - revenue_growth_time_;
  const auto days = static_cast<int>(step);
  if (step == days && days >= 28 && days <= 31) {
    for (std::size_t w = 0; w < count; ++w)
      revenue_growth_levels_[w] *=
          revenue_growth_steps_[4 * w + static_cast<std::size_t>(days - 28)];
  } else if (step != 0) {
    for (std::size_t w = 0; w < count; ++w) {
      revenue_growth_levels_[w] =
          std::exp(values_[scenario_.workloads[w].revenue_growth] * now / kDaysPerYear);
    }
  }
  revenue_growth_time_ = now;
}

void Replication::book_spend(double now) {
  const std::size_t workload_count = scenario_.workloads.size();
  const std::size_t parties = scenario_.parties.size() + 1;
  const bool by_rule = ledger_.keeps_entries();
  // Sized when the replication is built: cleared, not reassigned.
  std::fill(month_spend_.begin(), month_spend_.end(), 0.0);
  std::fill(month_cost_.begin(), month_cost_.end(), 0.0);
  std::fill(month_revenue_.begin(), month_revenue_.end(), 0.0);
  // Slots and routed_.served are both by rule, then k.
  for (std::size_t i = 0; i < spend_slots_.size(); ++i) {
    const double served = routed_.served[i];
    if (served <= 0) continue;
    const SpendSlot& slot = spend_slots_[i];
    const double amount = served * slot.price;
    if (by_rule) {
      ledger_.record(now, slot.payer, slot.payee, amount, FlowKind::ComputeSpend, slot.cause);
    } else {
      if (month_flows_[slot.flow_pair] == 0) flow_pairs_.push_back(slot.flow_pair);
      month_flows_[slot.flow_pair] += amount;
    }
    served_value_by_party_[static_cast<std::size_t>(slot.payee)] += amount;
    month_spend_[slot.spend_index] += amount;
    month_cost_[static_cast<std::size_t>(slot.provider)] += served * slot.unit_cost;
    month_revenue_[static_cast<std::size_t>(slot.workload)] +=
        served * revenue_rates_[static_cast<std::size_t>(slot.workload)];
    const std::uint32_t* counted = slot_commitments_.data() + slot.first_commitment;
    for (std::uint32_t c = 0; c < slot.commitment_count; ++c)
      commitments_.add_counted(counted[c], now, amount);
  }
  // In the order the pairs first served this month; the cause of an aggregated flow is not
  // kept (no entries are).
  for (std::size_t pair : flow_pairs_) {
    ledger_.record(now, static_cast<int>(pair / parties), static_cast<int>(pair % parties),
                   month_flows_[pair], FlowKind::ComputeSpend, 0);
    month_flows_[pair] = 0;
  }
  flow_pairs_.clear();
  for (std::size_t p = 0; p < month_cost_.size(); ++p) {
    ledger_.record(now, deal_.provider_party(static_cast<int>(p)), external_, month_cost_[p],
                   FlowKind::ComputeCost, catalog_.cost_cause(p));
  }
  for (std::size_t w = 0; w < workload_count; ++w) {
    ledger_.record(now, external_, scenario_.workloads[w].payer, month_revenue_[w],
                   FlowKind::Revenue, catalog_.revenue_cause(w));
  }
}

// The month's spend, unserved demand, commitment progress and valuation into totals and series.
void Replication::record_spend(std::size_t month, int year) {
  const std::size_t workload_count = scenario_.workloads.size();
  const std::size_t provider_count = scenario_.providers.size();
  const auto y = static_cast<std::size_t>(year);
  for (std::size_t p = 0; p < provider_count; ++p) {
    double provider_total = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      const double amount = month_spend_[p * workload_count + w];
      provider_total += amount;
      spend_by_provider_class_[p * workload_count + w] += amount;
      month_series_.spend_by_class(w, y) += amount;
    }
    cumulative_provider_spend_[p] += provider_total;
    cost_totals_[p] += month_cost_[p];
    month_series_.spend(p, month) = provider_total;
    month_series_.spend_by_provider(p, y) += provider_total;
    month_series_.gross_profit(p, y) += provider_total - month_cost_[p];
  }
  for (std::size_t w = 0; w < workload_count; ++w) {
    unserved_totals_[w] += routed_.unserved[w];
    revenue_totals_[w] += month_revenue_[w];
    lost_revenue_totals_[w] += routed_.unserved[w] * revenue_rates_[w];
    month_series_.unserved(w, y) += routed_.unserved[w];
    month_series_.revenue(w, y) += month_revenue_[w];
  }
  commitments_.record_month(month);
  month_series_.valuation(0, month) = equity_.present() ? equity_.valuation() : kNaN;
}

// Each provider's utilisation, and unserved demand by cause.
void Replication::record_capacity(std::size_t month, int year) {
  const auto y = static_cast<std::size_t>(year);
  for (std::size_t p = 0; p < capacity_.size(); ++p) {
    const double capacity = capacity_[p];
    double utilisation = kNaN;
    if (std::isfinite(capacity) && capacity > 0) {
      const double spare = routed_.spare[p];
      utilisation = (capacity - spare) / capacity;
      utilisation_sum_[p] += utilisation;
      utilisation_months_[p] += 1;
      if (spare <= 1e-9 * capacity) bound_months_[p] += 1;
    }
    month_series_.utilisation(p, month) = utilisation;
  }
  double capacity_unserved = 0, no_provider = 0;
  for (std::size_t w = 0; w < routed_.unserved.size(); ++w) {
    unserved_capacity_totals_[w] += routed_.unserved_capacity[w];
    capacity_unserved += routed_.unserved_capacity[w];
    no_provider += routed_.unserved[w] - routed_.unserved_capacity[w];
  }
  month_series_.unserved_by_cause(0, y) += no_provider;
  month_series_.unserved_by_cause(1, y) += capacity_unserved;
}

void Replication::pay_revenue_shares(double now) {
  const std::size_t workload_count = scenario_.workloads.size();
  for (const RevenueShareState& share : revenue_shares_) {
    if (now >= share.end_time) continue;
    double revenue = 0;
    const auto p = static_cast<std::size_t>(share.provider);
    for (std::size_t w = 0; w < workload_count; ++w) {
      if (share.workload < 0 || static_cast<std::size_t>(share.workload) == w) {
        revenue += month_spend_[p * workload_count + w];
      }
    }
    ledger_.record(now, share.from, share.to, share.fraction * revenue, FlowKind::RevenueShare,
                   share.cause);
  }
}

void Replication::run_hazards(double from, double to) {
  tranches_.run_milestones(from, to, *this);
  developer_shares_.run_hazards(from, to, *this);
  disputes_.run_hazards(from, to, *this);
  reviews_.run_hazards(from, to, *this);
}

}  // namespace models::detail

namespace models {

ReplicationResult run_replication(const Scenario& scenario, const MetricCatalog& catalog,
                                  std::uint64_t replication, const ReplicationOptions& options,
                                  ReplicationResult spent) {
  return detail::Replication(scenario, catalog, replication, options, std::move(spent)).run();
}

}  // namespace models
