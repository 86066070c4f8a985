#include "models/metrics/metrics.hpp"

#include <algorithm>
#include <stdexcept>

namespace models {

std::size_t MetricCatalog::add(std::string name, std::string unit, std::string description,
                               Shown shown) {
  const bool probability = unit == "0/1";
  scalars_.push_back({std::move(name), std::move(unit), std::move(description), probability,
                      shown == Shown::Headline});
  return scalars_.size() - 1;
}

std::size_t MetricCatalog::add_series(SeriesInfo info) {
  offsets_.push_back(total_series_values_);
  total_series_values_ += info.size();
  series_.push_back(std::move(info));
  return series_.size() - 1;
}

std::size_t MetricCatalog::scalar_index(const std::string& name) const {
  for (std::size_t i = 0; i < scalars_.size(); ++i) {
    if (scalars_[i].name == name) return i;
  }
  throw std::out_of_range("no metric named '" + name + "'");
}

MetricCatalog::MetricCatalog(const Scenario& scenario) {
  std::vector<std::string> providers, workloads, commitments;
  for (const auto& provider : scenario.providers)
    providers.push_back(provider.id);
  for (const auto& workload : scenario.workloads)
    workloads.push_back(workload.id);
  for (const auto& commitment : scenario.commitments)
    commitments.push_back(commitment.id);
  add_flow_metrics(providers, workloads);
  add_commitment_metrics(commitments);
  add_tranche_metrics(scenario);
  add_proceeding_metrics(scenario);
  add_revenue_share_metrics(scenario);
  add_party_metrics(scenario);
  add_input_metrics(scenario);
  add_causes(scenario, commitments);
  add_series_over_time(scenario, providers, workloads, commitments);
  add_contract_year_series(scenario, commitments);
}

// Shortfalls, penalties and counted spend of each commitment.
void MetricCatalog::add_commitment_metrics(const std::vector<std::string>& commitments) {
  for (const auto& c : commitments) {
    CommitmentMetrics metrics{};
    metrics.shortfall = add("shortfall." + c, "USD B",
                            "Required spend on " + c +
                                " that was never made up: each year's shortfall once, where it "
                                "was last due (a carried amount counts in the year it ends).");
    metrics.carried = add("carried." + c, "USD B",
                          "Largest shortfall on " + c +
                              " carried from one contract year into the next (carry-forward).");
    metrics.penalty =
        add("penalty." + c, "USD B", "Penalties paid on commitment " + c + ".", Shown::Headline);
    metrics.shortfall_any =
        add("shortfall_any." + c, "0/1", "Whether any contract year of " + c + " fell short.",
            Shown::Headline);
    metrics.counted_spend = add("counted_spend." + c, "USD B",
                                "Spend counted toward " + c + " (including prior spend).");
    at.commitment.push_back(metrics);
  }
}

void MetricCatalog::add_tranche_metrics(const Scenario& scenario) {
  for (const auto& investment : scenario.investments) {
    auto& tranches = at.tranche.emplace_back();
    for (const auto& tranche : investment.tranches) {
      const std::string id = investment.id + "." + tranche.id;
      TrancheMetrics metrics{};
      metrics.paid =
          add("tranche_paid." + id, "0/1",
              "Whether tranche " + id + " was paid within the horizon.", Shown::Headline);
      // Why many replications share one value: a deadline is a date, not a draw.
      const std::string timing =
          tranche.on_date ? " It is due on a fixed date."
                          : " Paid when its milestone is reached; renegotiated at the deadline, it "
                            "is paid on that date, so many replications share that value.";
      metrics.years =
          add("tranche_years." + id, "years",
              "Years from the start to payment of tranche " + id + " (NaN if unpaid)." + timing,
              Shown::Headline);
      metrics.amount = add("tranche_amount." + id, "USD B", "Amount paid for tranche " + id + ".");
      if (!tranche.on_date) add_milestone_metrics(id, metrics);
      tranches.push_back(metrics);
    }
  }
}

void MetricCatalog::add_milestone_metrics(const std::string& id, TrancheMetrics& metrics) {
  metrics.milestone_reached =
      add("milestone_reached." + id, "0/1",
          "Whether the milestone of " + id + " was reached while the tranche was pending.",
          Shown::Headline);
  metrics.milestone_years = add("milestone_years." + id, "years",
                                "Years from the start to the milestone (NaN if not reached).");
  metrics.paid_in_full =
      add("tranche_paid_in_full." + id, "0/1",
          "Whether " + id + " was paid at its amount (not renegotiated at the deadline).",
          Shown::Headline);
  metrics.renegotiated =
      add("tranche_renegotiated." + id, "0/1",
          "Whether " + id + " was paid a renegotiated fraction at its deadline.", Shown::Headline);
  metrics.lapsed = add("tranche_lapsed." + id, "0/1",
                       "Whether " + id + " lapsed at its deadline, unpaid.", Shown::Headline);
}

// Filing or opening, its timing, mooting and outcomes of each dispute and review.
void MetricCatalog::add_proceeding_metrics(const Scenario& scenario) {
  for (const auto& dispute : scenario.disputes) {
    DisputeMetrics metrics{};
    metrics.filed = add("filed." + dispute.id, "0/1",
                        "Whether dispute " + dispute.id + " was filed.", Shown::Headline);
    metrics.filing_years = add("filing_years." + dispute.id, "years",
                               "Years from the start to filing (NaN if not filed).");
    metrics.mooted =
        add("mooted." + dispute.id, "0/1", "Whether the dispute was ended without an outcome.");
    metrics.payments = add("payments." + dispute.id, "USD B",
                           "Damages and settlement payments ordered by its outcome.");
    metrics.legal_cost = add("legal_cost." + dispute.id, "USD B", "Legal costs of all parties.");
    for (const auto& outcome : dispute.outcomes) {
      metrics.outcome.push_back(add("outcome." + dispute.id + "." + outcome.id, "0/1",
                                    "Whether the dispute ended with " + outcome.id + ".",
                                    Shown::Headline));
    }
    at.dispute.push_back(std::move(metrics));
  }
  for (const auto& review : scenario.reviews) {
    ReviewMetrics metrics{};
    metrics.opened = add("opened." + review.id, "0/1", "Whether review " + review.id + " opened.",
                         Shown::Headline);
    metrics.opening_years = add("opening_years." + review.id, "years",
                                "Years from the start to opening (NaN if not opened).");
    metrics.mooted =
        add("mooted." + review.id, "0/1", "Whether the review was closed without an outcome.");
    for (const auto& outcome : review.outcomes) {
      metrics.outcome.push_back(add("outcome." + review.id + "." + outcome.id, "0/1",
                                    "Whether the review ended with " + outcome.id + ".",
                                    Shown::Headline));
    }
    at.review.push_back(std::move(metrics));
  }
}

// The value each drawn input took, so that outputs can be related to inputs.
void MetricCatalog::add_input_metrics(const Scenario& scenario) {
  for (std::size_t p = 0; p < scenario.parameters.size(); ++p) {
    const Parameter& parameter = scenario.parameters[p];
    if (!parameter.is_random()) continue;
    drawn_parameters.push_back(static_cast<ParameterId>(p));
    at.inputs.push_back(add("input." + parameter.path, parameter.unit,
                            "Value drawn for " + parameter.path + " in this replication."));
  }
}

// Ledger parties and causes, numbered in this order (the results file's label tables).
void MetricCatalog::add_causes(const Scenario& scenario,
                               const std::vector<std::string>& commitments) {
  ledger_parties_.clear();
  for (const auto& party : scenario.parties)
    ledger_parties_.push_back(party.id);
  ledger_parties_.push_back("external");

  for (const auto& rule : scenario.rules) {
    routing_causes_.push_back(causes_.size());
    for (int provider : rule.providers) {
      causes_.push_back("routing:" + rule.id + "@" +
                        scenario.providers[static_cast<std::size_t>(provider)].id);
    }
  }
  cost_causes_ = causes_.size();
  for (const auto& provider : scenario.providers)
    causes_.push_back("cost:" + provider.id);
  revenue_causes_ = causes_.size();
  for (const auto& workload : scenario.workloads)
    causes_.push_back("revenue:" + workload.id);
  commitment_causes_ = causes_.size();
  for (const auto& c : commitments)
    causes_.push_back("commitment:" + c);
  for (const auto& investment : scenario.investments) {
    tranche_causes_.push_back(causes_.size());
    for (const auto& tranche : investment.tranches)
      causes_.push_back("tranche:" + investment.id + "." + tranche.id);
  }
  for (const auto& dispute : scenario.disputes) {
    dispute_causes_.push_back(causes_.size());
    for (const auto& outcome : dispute.outcomes)
      causes_.push_back("dispute:" + dispute.id + "." + outcome.id);
  }
  for (const auto& review : scenario.reviews) {
    review_causes_.push_back(causes_.size());
    for (const auto& outcome : review.outcomes)
      causes_.push_back("review:" + review.id + "." + outcome.id);
  }
  legal_causes_ = causes_.size();
  for (const auto& dispute : scenario.disputes)
    causes_.push_back("legal:" + dispute.id);
  revenue_share_causes_ = causes_.size();
  for (const auto& share : scenario.revenue_shares)
    causes_.push_back("revenue_share:" + share.id);
}

// Monthly and yearly series of spend, demand, unserved demand, commitment progress, valuation.
void MetricCatalog::add_series_over_time(const Scenario& scenario,
                                         const std::vector<std::string>& providers,
                                         const std::vector<std::string>& workloads,
                                         const std::vector<std::string>& commitments) {
  const auto months = static_cast<std::size_t>(scenario.months);
  const auto years = static_cast<std::size_t>(scenario.horizon_years);
  monthly_spend =
      add_series({"billings_by_provider", "USD B", "Monthly compute billed by each provider.",
                  "provider", providers, "month", months});
  monthly_demand =
      add_series({"demand_by_class", "USD B", "Monthly demand of each class at reference prices.",
                  "class", workloads, "month", months});
  monthly_commitment_progress =
      add_series({"commitment_progress", "USD B",
                  "Cumulative spend counted toward each commitment, at each month's end.",
                  "commitment", commitments, "month", months});
  monthly_valuation = add_series({"valuation",
                                  "USD B",
                                  "Valuation of the equity company at each month's start.",
                                  "",
                                  {""},
                                  "month",
                                  months});
  yearly_spend_by_provider = add_series({"yearly_billings_by_provider", "USD B",
                                         "Compute billed by each provider in each scenario year.",
                                         "provider", providers, "year", years});
  yearly_gross_profit = add_series({"yearly_gross_profit_by_provider", "USD B",
                                    "Billings less cost of each provider in each scenario year.",
                                    "provider", providers, "year", years});
  yearly_unserved =
      add_series({"yearly_unserved_by_class", "USD B",
                  "Demand of each class that no provider served, in each scenario year.", "class",
                  workloads, "year", years});
  yearly_unserved_by_cause = add_series(
      {"yearly_unserved_by_cause",
       "USD B",
       "Unserved demand of all classes in each scenario year, by cause: no permitted provider "
       "(no active rule covered it) or capacity (covered, but no provider had room).",
       "cause",
       {"no_permitted_provider", "capacity"},
       "year",
       years});
  monthly_utilisation =
      add_series({"utilisation", "fraction",
                  "Share of each provider's capacity that served demand, each month (NaN: capacity "
                  "unlimited or zero).",
                  "provider", providers, "month", months});
  yearly_spend_by_class = add_series({"yearly_billings_by_class", "USD B",
                                      "Compute billed for each class in each scenario year.",
                                      "class", workloads, "year", years});
  yearly_revenue = add_series({"yearly_revenue_by_class", "USD B",
                               "Developer revenue on each class's served compute, each year.",
                               "class", workloads, "year", years});
}

// Spend, shortfall and penalty per contract year, as long as the longest commitment can last
// (its term plus every extension an outcome can add).
void MetricCatalog::add_contract_year_series(const Scenario& scenario,
                                             const std::vector<std::string>& commitments) {
  std::size_t longest = 1;
  for (std::size_t c = 0; c < scenario.commitments.size(); ++c) {
    std::size_t term = static_cast<std::size_t>(scenario.commitments[c].term_years);
    auto count_extensions = [&](const std::vector<ProceedingSpec>& proceedings) {
      for (const auto& proceeding : proceedings) {
        for (const auto& outcome : proceeding.outcomes) {
          for (const Effect& change : outcome.effects) {
            const auto* extend = std::get_if<effect::ExtendCommitment>(&change);
            if (extend != nullptr && extend->commitment == static_cast<int>(c)) {
              term += static_cast<std::size_t>(extend->years);
            }
          }
        }
      }
    };
    count_extensions(scenario.disputes);
    count_extensions(scenario.reviews);
    longest = std::max(longest, term);
  }
  contract_year_spend = add_series({"spend_by_contract_year", "USD B",
                                    "Spend counted toward each commitment in each contract year "
                                    "(NaN: not assessed within the run).",
                                    "commitment", commitments, "contract_year", longest});
  contract_year_shortfall = add_series(
      {"shortfall_by_contract_year", "USD B",
       "Shortfall assessed at the end of each contract year (NaN: not assessed within the run).",
       "commitment", commitments, "contract_year", longest});
  contract_year_penalty =
      add_series({"penalty_by_contract_year", "USD B",
                  "Penalty paid for each contract year (NaN: not assessed within the run).",
                  "commitment", commitments, "contract_year", longest});
}

}  // namespace models
