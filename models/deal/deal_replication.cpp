// One replication: set-up, the monthly step (demand, routing, spend, revenue shares), hazards
// and commitment assessments; the other parts are in the replication_*.cpp files.
#include "models/deal/replication.hpp"

namespace models::detail {

Replication::Replication(const Scenario& scenario, const MetricCatalog& catalog,
                         std::uint64_t index, const ReplicationOptions& options)
    : scenario_(scenario),
      catalog_(catalog),
      values_(scenario.parameters, scenario.seed, index),
      streams_(scenario.seed, index),
      external_(static_cast<int>(scenario.parties.size())),
      ledger_(scenario.parties.size() + 1, options.keep_ledger),
      routing_(scenario, values_),
      equity_(scenario.equity, scenario.parties.size() + 1, values_),
      valuation_stream_(streams_.stream("valuation")) {
  ledger_.set_discount_rate(scenario.discount_rate);
  result_.scalars.assign(catalog.scalars().size(), 0.0);
  result_.series.assign(catalog.series_values(), 0.0);
  for (const auto& workload : scenario.workloads) {
    workloads_.emplace_back(workload, values_,
                            streams_.stream("workload/" + workload.id + "/customers"));
    shock_streams_.push_back(streams_.stream("workload/" + workload.id));
  }
  for (const auto& provider : scenario.providers)
    prices_.push_back(values_[provider.price]);
  for (const auto& commitment : scenario.commitments)
    commitments_.emplace_back(commitment, scenario, values_);
  cumulative_provider_spend_.assign(scenario.providers.size(), 0.0);
  demand_totals_.assign(scenario.workloads.size(), 0.0);
  unserved_totals_.assign(scenario.workloads.size(), 0.0);
  spend_by_provider_class_.assign(scenario.providers.size() * scenario.workloads.size(), 0.0);
  served_value_by_party_.assign(scenario.parties.size() + 1, 0.0);
  fill_contract_year_series_with_nan();
}

ReplicationResult Replication::run() {
  schedule_months();
  schedule_assessments();
  init_tranches();
  init_proceedings(true);
  init_proceedings(false);
  simulation_.run_until(scenario_.horizon_time);
  finish();
  return std::move(result_);
}

void Replication::fill_contract_year_series_with_nan() {
  for (std::size_t s : {catalog_.contract_year_spend, catalog_.contract_year_shortfall,
                        catalog_.contract_year_penalty}) {
    const std::size_t offset = catalog_.series_offset(s);
    std::fill(
        result_.series.begin() + static_cast<std::ptrdiff_t>(offset),
        result_.series.begin() + static_cast<std::ptrdiff_t>(offset + catalog_.series()[s].size()),
        kNaN);
  }
}

double Replication::capacity(const ProviderSpec& provider, double time) const {
  const double scale = provider.gigawatts ? values_[provider.usd_per_gigawatt_month] : 1.0;
  double previous_time = 0, previous_level = values_[provider.initial_capacity];
  for (const CapacityPoint& point : provider.ramp) {
    const double level = values_[point.level];
    if (time < point.time) {
      if (std::isinf(level) || std::isinf(previous_level) || point.time <= previous_time) {
        return scale * previous_level;
      }
      const double weight = (time - previous_time) / (point.time - previous_time);
      return scale * (previous_level + weight * (level - previous_level));
    }
    previous_time = point.time;
    previous_level = level;
  }
  return scale * previous_level;
}

bool Replication::conditions_hold(const ConditionsSpec& conditions) const {
  if (conditions.no_injunction && injunctions_in_force_ > 0) return false;
  if (conditions.no_dispute_pending && any_pending(disputes_)) return false;
  if (conditions.no_review_pending && any_pending(reviews_)) return false;
  if (conditions.spend_provider >= 0 &&
      cumulative_provider_spend_[static_cast<std::size_t>(conditions.spend_provider)] <=
          values_[conditions.spend_amount]) {
    return false;
  }
  return true;
}

bool Replication::any_pending(const std::vector<ProceedingState>& proceedings) {
  for (const auto& proceeding : proceedings) {
    if (proceeding.status == ProceedingState::Status::Pending) return true;
  }
  return false;
}

void Replication::schedule_months() {
  simulation_.repeat(
      [this](int k) {
        return k < scenario_.months ? scenario_.timeline.month_boundary(k) : HUGE_VAL;
      },
      [this](int month) { month_step(month); }, kMonthPriority);
}

void Replication::advance_shocks() {
  const std::size_t count = scenario_.workloads.size();
  shocks_.resize(count + 1);
  for (std::size_t w = 0; w < count; ++w)
    shocks_[w] = shock_streams_[w].normal(0, 1);
  shocks_[count] = valuation_stream_.normal(0, 1);
  if (!scenario_.correlated.empty()) {
    const auto n = static_cast<Eigen::Index>(scenario_.correlated.size());
    Eigen::VectorXd independent(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      independent(i) =
          shocks_[static_cast<std::size_t>(scenario_.correlated[static_cast<std::size_t>(i)])];
    }
    const Eigen::VectorXd correlated = scenario_.cholesky * independent;
    for (Eigen::Index i = 0; i < n; ++i) {
      shocks_[static_cast<std::size_t>(scenario_.correlated[static_cast<std::size_t>(i)])] =
          correlated(i);
    }
  }
  for (std::size_t w = 0; w < count; ++w)
    workloads_[w].advance_month(shocks_[w]);
  equity_.advance_month(shocks_[count]);
}

void Replication::month_step(int month) {
  const double now = simulation_.now();
  const auto m = static_cast<std::size_t>(month);
  if (month > 0) advance_shocks();
  const std::size_t workload_count = scenario_.workloads.size();
  const std::size_t provider_count = scenario_.providers.size();
  demand_.resize(workload_count);
  stateless_.resize(workload_count);
  for (std::size_t w = 0; w < workload_count; ++w) {
    demand_[w] = workloads_[w].demand(now);
    stateless_[w] = workloads_[w].stateless_fraction();
    demand_totals_[w] += demand_[w];
    series(catalog_.monthly_demand, w, m) = demand_[w];
  }
  capacity_.resize(provider_count);
  for (std::size_t p = 0; p < provider_count; ++p)
    capacity_[p] = capacity(scenario_.providers[p], now);
  routing_.route(demand_, capacity_, stateless_, prices_, routed_);

  // Book spend: one ledger entry per rule and provider that served.
  month_spend_.assign(provider_count * workload_count, 0.0);
  const int year = scenario_year(now);
  for (std::size_t r = 0; r < scenario_.rules.size(); ++r) {
    const RuleSpec& rule = scenario_.rules[r];
    const auto w = static_cast<std::size_t>(rule.workload);
    const int payer = scenario_.workloads[w].payer;
    for (std::size_t k = 0; k < rule.providers.size(); ++k) {
      const double served = routed_.served[r][k];
      if (served <= 0) continue;
      const int provider = rule.providers[k];
      const auto p = static_cast<std::size_t>(provider);
      const double amount = served * prices_[p];
      ledger_.record(now, payer, provider_party(provider), amount, FlowKind::ComputeSpend,
                     catalog_.routing_cause(static_cast<int>(r), k));
      served_value_by_party_[static_cast<std::size_t>(provider_party(provider))] += amount;
      month_spend_[p * workload_count + w] += amount;
      for (auto& commitment : commitments_)
        commitment.add_spend(now, payer, provider, rule.workload, amount);
    }
  }
  for (std::size_t p = 0; p < provider_count; ++p) {
    double provider_total = 0;
    for (std::size_t w = 0; w < workload_count; ++w) {
      const double amount = month_spend_[p * workload_count + w];
      provider_total += amount;
      spend_by_provider_class_[p * workload_count + w] += amount;
      series(catalog_.yearly_spend_by_class, w, static_cast<std::size_t>(year)) += amount;
    }
    cumulative_provider_spend_[p] += provider_total;
    series(catalog_.monthly_spend, p, m) = provider_total;
    series(catalog_.yearly_spend_by_provider, p, static_cast<std::size_t>(year)) += provider_total;
  }
  for (std::size_t w = 0; w < workload_count; ++w) {
    unserved_totals_[w] += routed_.unserved[w];
    series(catalog_.yearly_unserved, w, static_cast<std::size_t>(year)) += routed_.unserved[w];
  }
  for (std::size_t c = 0; c < commitments_.size(); ++c) {
    series(catalog_.monthly_commitment_progress, c, m) = commitments_[c].cumulative_spend();
  }
  series(catalog_.monthly_valuation, 0, m) = equity_.present() ? equity_.valuation() : kNaN;

  pay_revenue_shares(now);
  pay_legal_costs(now);
  check_triggers(now);
  run_hazards(now, scenario_.timeline.month_boundary(month + 1));
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
  for (std::size_t i = 0; i < scenario_.investments.size(); ++i) {
    const InvestmentSpec& investment = scenario_.investments[i];
    for (std::size_t t = 0; t < investment.tranches.size(); ++t) {
      TrancheState& state = tranches_[i][t];
      if (!state.clock || state.milestone_reached || state.status != TrancheState::Status::Pending)
        continue;
      const TimingSpec& milestone = investment.tranches[t].milestone;
      if (!conditions_hold(milestone.conditions)) continue;
      const double time = run_clock(*state.clock, milestone, from, to);
      if (time >= 0) {
        state.milestone_reached = true;
        simulation_.schedule_at(
            time, [this, i, t] { on_milestone(i, t); }, kOccurrencePriority);
      }
    }
  }
  auto run = [&](bool dispute) {
    auto& states = dispute ? disputes_ : reviews_;
    const auto& specs = dispute ? scenario_.disputes : scenario_.reviews;
    for (std::size_t i = 0; i < states.size(); ++i) {
      ProceedingState& state = states[i];
      if (!state.clock || state.status != ProceedingState::Status::Armed ||
          state.opening.refers_to_an_event()) {
        continue;
      }
      if (!conditions_hold(specs[i].timing.conditions)) continue;
      const double time = run_clock(*state.clock, specs[i].timing, from, to);
      if (time >= 0) {
        state.opening = simulation_.schedule_at(
            time, [this, dispute, i] { open(dispute, i); }, kOccurrencePriority);
      }
    }
  };
  run(true);
  run(false);
}

void Replication::schedule_assessments() {
  for (std::size_t c = 0; c < commitments_.size(); ++c) {
    int first = 0;
    while (first < commitments_[c].term_years() && commitments_[c].year_end(first) <= 0)
      ++first;
    simulation_.repeat(
        [this, c](int year) {
          if (year >= commitments_[c].term_years()) return HUGE_VAL;
          const double end = commitments_[c].year_end(year);
          return end <= scenario_.horizon_time ? end : HUGE_VAL;
        },
        [this, c](int year) { assess(c, year); }, kAssessPriority, first);
  }
}

void Replication::assess(std::size_t c, int year) {
  const Assessment assessment = commitments_[c].assess(year);
  const auto y = static_cast<std::size_t>(year);
  if (y < catalog_.series()[catalog_.contract_year_shortfall].steps) {
    series(catalog_.contract_year_spend, c, y) = assessment.spend;
    series(catalog_.contract_year_shortfall, c, y) = assessment.shortfall;
    series(catalog_.contract_year_penalty, c, y) = assessment.penalty;
  }
  const MetricCatalog::CommitmentMetrics& metrics = catalog_.at.commitment[c];
  scalar(metrics.shortfall) += assessment.shortfall;
  scalar(metrics.penalty) += assessment.penalty;
  if (assessment.shortfall > 0) scalar(metrics.shortfall_any) = 1;
  const CommitmentSpec& spec = scenario_.commitments[c];
  if (assessment.penalty > 0) {
    ledger_.record(simulation_.now(), spec.payer, provider_party(spec.provider), assessment.penalty,
                   FlowKind::Penalty, catalog_.commitment_cause(static_cast<int>(c)));
  }
  if (assessment.shortfall > 0) {
    event("shortfall", spec.payer, assessment.shortfall,
          "commitment:" + spec.id + " year " + std::to_string(year + 1));
  }
}

}  // namespace models::detail

namespace models {

ReplicationResult run_replication(const Scenario& scenario, const MetricCatalog& catalog,
                                  std::uint64_t replication, const ReplicationOptions& options) {
  return detail::Replication(scenario, catalog, replication, options).run();
}

}  // namespace models
