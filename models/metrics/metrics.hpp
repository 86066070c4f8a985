// What one replication reports: scalar metrics, yearly and monthly series, and events.
//
// The catalog is built once per scenario and names every metric with its unit and meaning;
// results of a replication are plain vectors in catalog order, so that many replications can be
// gathered and written without per-replication allocation of names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/deal/ledger.hpp"
#include "models/metrics/event.hpp"
#include "models/scenario/scenario.hpp"

namespace models {

struct MetricInfo {
  std::string name;  // e.g. "npv_cash_flow.microsoft", "shortfall_any.azure_250"
  std::string unit;  // e.g. "USD B", "years", "0/1"
  std::string description;
  bool probability = false;  // a 0/1 indicator (unit "0/1") whose mean is a probability
  // Shown in the summary that `run` prints and `summary` gives without --all: the numbers a
  // reader of the deal looks at first (billings, shares, gross profit and utilisation by
  // provider, unserved demand, revenue, shortfalls and penalties, tranches and milestones,
  // disputes and reviews, revenue shares, each party's NPV of cash flow and value).
  bool headline = false;
};

// A block of values per replication with named axes, e.g. spend_by_provider [provider, month].
struct SeriesInfo {
  std::string name;
  std::string unit;
  std::string description;
  std::string axis;                 // "provider", "class", "commitment", ...; "" for none
  std::vector<std::string> labels;  // one per row ([""] when there is no axis)
  std::string step;                 // "month", "year" or "contract_year"
  std::size_t steps = 0;
  std::size_t size() const { return labels.size() * steps; }
};

struct ReplicationResult {
  std::vector<double> scalars;  // MetricCatalog::scalars order
  std::vector<double> series;   // concatenated blocks, MetricCatalog::series order, row-major
  std::vector<EventRecord> events;
  std::vector<LedgerEntry> ledger;  // only when kept
};

class MetricCatalog {
 public:
  explicit MetricCatalog(const Scenario& scenario);

  const std::vector<MetricInfo>& scalars() const { return scalars_; }
  const std::vector<SeriesInfo>& series() const { return series_; }
  std::size_t scalar_index(const std::string& name) const;  // throws if unknown
  std::size_t series_offset(std::size_t series) const { return offsets_[series]; }
  std::size_t series_values() const { return total_series_values_; }
  // Names of every party that can appear in the ledger (the scenario's, then "external").
  const std::vector<std::string>& ledger_parties() const { return ledger_parties_; }

  // What caused a ledger entry: "routing:<rule>@<provider>", "cost:<provider>",
  // "revenue:<class>", "commitment:<id>",
  // "tranche:<investment>.<tranche>", "dispute:<id>.<outcome>", "review:<id>.<outcome>",
  // "legal:<dispute>", "revenue_share:<id>".
  const std::vector<std::string>& causes() const { return causes_; }
  std::uint32_t routing_cause(int rule, std::size_t provider_position) const {
    return static_cast<std::uint32_t>(routing_causes_[static_cast<std::size_t>(rule)] +
                                      provider_position);
  }
  // A provider's monthly cost of serving, a class's monthly revenue to its payer.
  std::uint32_t cost_cause(std::size_t provider) const {
    return static_cast<std::uint32_t>(cost_causes_ + provider);
  }
  std::uint32_t revenue_cause(std::size_t workload) const {
    return static_cast<std::uint32_t>(revenue_causes_ + workload);
  }
  std::uint32_t commitment_cause(int commitment) const {
    return static_cast<std::uint32_t>(commitment_causes_ + commitment);
  }
  std::uint32_t tranche_cause(int investment, int tranche) const {
    return static_cast<std::uint32_t>(tranche_causes_[static_cast<std::size_t>(investment)] +
                                      tranche);
  }
  std::uint32_t outcome_cause(bool dispute, int proceeding, int outcome) const {
    const auto& starts = dispute ? dispute_causes_ : review_causes_;
    return static_cast<std::uint32_t>(starts[static_cast<std::size_t>(proceeding)] + outcome);
  }
  std::uint32_t legal_cause(int dispute) const {
    return static_cast<std::uint32_t>(legal_causes_ + dispute);
  }
  std::uint32_t revenue_share_cause(int share) const {
    return static_cast<std::uint32_t>(revenue_share_causes_ + share);
  }

  // Where each group of scalars starts; the model fills results through these.
  // Where each part writes its metrics: indices into the scalars, filled where the metric is
  // named, so that reordering the catalog cannot shift a value.
  struct CommitmentMetrics {
    std::size_t shortfall, carried, penalty, shortfall_any, counted_spend;
  };
  struct TrancheMetrics {
    std::size_t paid, years, amount;
    // Milestone tranches only (unused for dated ones).
    std::size_t milestone_reached = 0, milestone_years = 0, paid_in_full = 0, renegotiated = 0,
                lapsed = 0;
  };
  struct DisputeMetrics {
    std::size_t filed, filing_years, mooted, payments, legal_cost;
    std::vector<std::size_t> outcome;  // one 0/1 indicator per outcome
  };
  struct ReviewMetrics {
    std::size_t opened, opening_years, mooted;
    std::vector<std::size_t> outcome;
  };
  struct RevenueShareMetrics {
    std::size_t paid, ended, end_years;
  };
  struct PartyMetrics {
    std::size_t net_cash, npv, stake_value, value;
  };
  struct Layout {
    std::vector<std::size_t> billings_by_provider;                     // billings.<provider>
    std::vector<std::size_t> share_by_provider;                        // share.<provider>
    std::vector<std::size_t> cost_by_provider;                         // cost.<provider>
    std::vector<std::size_t> gross_profit_by_provider;                 // gross_profit.<provider>
    std::vector<std::vector<std::size_t>> billings_by_provider_class;  // [provider][class]
    std::vector<std::size_t> demand_by_class;                          // demand.<class>
    std::vector<std::size_t> unserved_by_class;                        // unserved.<class>
    std::size_t unserved_total = 0;                                    // unserved.total
    std::vector<std::size_t> revenue_by_class, lost_revenue_by_class;  // revenue.<class>, ...
    std::size_t revenue_total = 0, lost_revenue_total = 0;
    std::vector<std::size_t> utilisation, months_at_capacity;  // by provider
    std::vector<std::size_t> unserved_capacity_by_class;       // unserved_capacity.<class>
    std::size_t unserved_capacity_total = 0, unserved_no_provider_total = 0;
    std::vector<CommitmentMetrics> commitment;
    std::vector<std::vector<TrancheMetrics>> tranche;  // [investment][tranche]
    std::vector<DisputeMetrics> dispute;
    std::vector<ReviewMetrics> review;
    std::vector<RevenueShareMetrics> revenue_share;
    std::vector<PartyMetrics> party;
    std::size_t valuation = 0;        // valuation.final
    std::vector<std::size_t> inputs;  // input.<path>, one per drawn parameter
  } at;
  // The parameters drawn per replication, in the order of the input.<path> metrics.
  std::vector<ParameterId> drawn_parameters;
  // Series indices.
  std::size_t monthly_spend = 0, monthly_demand = 0, yearly_unserved = 0,
              monthly_commitment_progress = 0, monthly_valuation = 0, yearly_spend_by_provider = 0,
              yearly_spend_by_class = 0, yearly_gross_profit = 0, yearly_revenue = 0,
              monthly_utilisation = 0, yearly_unserved_by_cause = 0, contract_year_spend = 0,
              contract_year_shortfall = 0, contract_year_penalty = 0;
  std::size_t max_contract_years = 0;

 private:
  enum class Shown { Detail, Headline };
  // Adds a scalar metric; returns its index. Unit "0/1" makes it a probability.
  std::size_t add(std::string name, std::string unit, std::string description,
                  Shown shown = Shown::Detail);
  std::size_t add_series(SeriesInfo info);
  void add_flow_metrics(const std::vector<std::string>& providers,
                        const std::vector<std::string>& workloads);
  void add_demand_metrics(const std::vector<std::string>& workloads);
  void add_capacity_metrics(const std::vector<std::string>& providers,
                            const std::vector<std::string>& workloads);
  void add_commitment_metrics(const std::vector<std::string>& commitments);
  void add_tranche_metrics(const Scenario& scenario);
  void add_milestone_metrics(const std::string& id, TrancheMetrics& metrics);
  void add_proceeding_metrics(const Scenario& scenario);
  void add_revenue_share_metrics(const Scenario& scenario);
  void add_party_metrics(const Scenario& scenario);
  void add_input_metrics(const Scenario& scenario);
  void add_causes(const Scenario& scenario, const std::vector<std::string>& commitments);
  void add_series_over_time(const Scenario& scenario, const std::vector<std::string>& providers,
                            const std::vector<std::string>& workloads,
                            const std::vector<std::string>& commitments);
  void add_contract_year_series(const Scenario& scenario,
                                const std::vector<std::string>& commitments);

  std::vector<MetricInfo> scalars_;
  std::vector<SeriesInfo> series_;
  std::vector<std::size_t> offsets_;
  std::size_t total_series_values_ = 0;
  std::vector<std::string> ledger_parties_;
  std::vector<std::string> causes_;
  std::vector<std::size_t> routing_causes_, tranche_causes_, dispute_causes_, review_causes_;
  std::size_t cost_causes_ = 0, revenue_causes_ = 0, commitment_causes_ = 0, legal_causes_ = 0,
              revenue_share_causes_ = 0;
};

}  // namespace models
