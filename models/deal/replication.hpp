// One replication's coordinator (internal to models/deal/): owns the simulation, the ledger and
// every part of the deal, advances the month and asks each part to act. Defined in
// deal_replication.cpp (set-up and the monthly step), replication_effects.cpp (every effect of an
// outcome, applied with std::visit) and replication_results.cpp (the metrics at the end). The
// contract is in deal_replication.hpp.
#pragma once

#include <vector>

#include "models/deal/commitment_book.hpp"
#include "models/deal/deal_context.hpp"
#include "models/deal/deal_replication.hpp"
#include "models/deal/equity_book.hpp"
#include "models/deal/proceeding_docket.hpp"
#include "models/deal/provider_capacity.hpp"
#include "models/deal/revenue_share_book.hpp"
#include "models/deal/routing_table.hpp"
#include "models/deal/tranche_book.hpp"
#include "models/deal/workload_stream.hpp"
#include "sim/kernel/error.hpp"

namespace models::detail {

// A share of a provider's revenue paid from one party to another until `end_time` (days).
struct RevenueShareState {
  int from, to, provider, workload;  // workload -1: every class
  double fraction, end_time;
  std::uint32_t cause;
};

class Replication final : private ConditionCheck, private OutcomeHandler {
 public:
  // `spent`: storage for the result (see run_replication).
  Replication(const Scenario& scenario, const MetricCatalog& catalog, std::uint64_t index,
              const ReplicationOptions& options, ReplicationResult spent);

  ReplicationResult run();

 private:
  // ---- the month (deal_replication.cpp) ----
  void schedule_months();
  void advance_shocks();
  void month_step(int month);
  void route(double now, std::size_t month);
  void book_spend(double now);
  void advance_revenue_growth(double now);
  void record_spend(std::size_t month, int year);
  void record_capacity(std::size_t month, int year);
  void pay_revenue_shares(double now);
  void run_hazards(double from, double to);
  bool hold(const ConditionsSpec& conditions) const override;

  // ---- effects (replication_effects.cpp; models/scenario/effect.hpp) ----

  // Applies each effect of the outcome with std::visit through EffectApplier, which is defined
  // (one overload per effect) only in replication_effects.cpp: a new effect touches that file,
  // not this one.
  void apply_outcome(const OutcomeSpec& outcome, std::uint32_t cause,
                     ProceedingState* dispute) override;
  friend struct EffectApplier;

  // ---- results (replication_results.cpp) ----
  void finish();
  void check_compute_revenue() const;
  void write_flow_metrics();
  void write_capacity_metrics();
  void write_party_metrics();

  const Scenario& scenario_;
  const MetricCatalog& catalog_;
  ReplicationResult result_;
  ParameterValues values_;
  sim::RandomStreams streams_;
  int external_;  // the party index of everyone outside the scenario (legal costs are paid to it)
  sim::Simulation simulation_;
  Ledger ledger_;
  DealContext deal_;

  RoutingTable routing_;
  EquityBook equity_;
  sim::RandomStream valuation_stream_;
  std::vector<WorkloadStream> workloads_;
  std::vector<sim::RandomStream> shock_streams_;
  std::vector<ProviderCapacity> capacities_;
  std::vector<double> prices_;      // USD billed per USD of reference compute, by provider
  std::vector<double> unit_costs_;  // USD of cost per USD of reference compute, by provider
  // The payer's revenue per USD of reference compute served this month, by workload.
  std::vector<double> revenue_rates_;
  // advance_revenue_growth's state: by workload, the factor per month length (28..31 days) and
  // the factor at revenue_growth_time_.
  std::vector<double> revenue_growth_steps_, revenue_growth_levels_;
  double revenue_growth_time_ = 0;
  CommitmentBook commitments_;
  TrancheBook tranches_;
  ProceedingDocket disputes_, reviews_;
  RevenueShareBook developer_shares_;
  std::vector<RevenueShareState> revenue_shares_;
  int injunctions_in_force_ = 0;

  // A rule's k-th provider, with what booking its monthly spend needs, made once per
  // replication (book_spend walks them instead of the rules and the scenario).
  struct SpendSlot {
    int payer, payee, provider, workload;
    std::size_t spend_index;  // into month_spend_: provider * workloads + workload
    std::size_t flow_pair;    // into month_flows_: payer * parties + payee
    double price, unit_cost;  // USD per USD of reference compute
    std::uint32_t cause;
    // The commitments its spend counts against: slot_commitments_[first_commitment, +count).
    std::uint32_t first_commitment, commitment_count;
  };
  void make_spend_slots();
  std::vector<SpendSlot> spend_slots_;  // by rule, then k (as RoutingResult::served)
  std::vector<std::uint32_t> slot_commitments_;

  // The series the month writes, looked up once per replication.
  struct MonthSeries {
    SeriesView demand, spend, spend_by_class, spend_by_provider, gross_profit, unserved, revenue,
        valuation, utilisation, unserved_by_cause;
  };
  MonthSeries month_series_;

  // Per-month scratch, kept to avoid reallocation.
  std::vector<double> demand_, stateless_, capacity_, month_spend_, month_cost_, month_revenue_,
      shocks_, independent_shocks_;
  std::vector<double> month_flows_;      // compute spend by payer and payee (parties x parties)
  std::vector<std::size_t> flow_pairs_;  // the pairs of month_flows_ that are not zero
  RoutingResult routed_;

  // Totals over the run (USD B).
  std::vector<double> cumulative_provider_spend_, demand_totals_, unserved_totals_,
      spend_by_provider_class_, served_value_by_party_, cost_totals_, revenue_totals_,
      lost_revenue_totals_, unserved_capacity_totals_;
  // By provider: the sum of monthly utilisation over months of finite, positive capacity, the
  // number of those months, and of those in which capacity bound.
  std::vector<double> utilisation_sum_, utilisation_months_, bound_months_;
};

}  // namespace models::detail
