#include "models/metrics/metrics.hpp"

#include <algorithm>
#include <stdexcept>

namespace models {

void MetricCatalog::add(std::string name, std::string unit, std::string description,
                        bool probability) {
  scalars_.push_back({std::move(name), std::move(unit), std::move(description), probability});
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

  at.spend_by_provider = scalars_.size();
  for (const auto& p : providers)
    add("spend." + p, "USD B", "Compute spend billed by " + p + " over the horizon.");
  at.share_by_provider = scalars_.size();
  for (const auto& p : providers)
    add("share." + p, "fraction", "Share of all compute spend billed by " + p + ".");
  at.spend_by_provider_class = scalars_.size();
  for (const auto& p : providers) {
    for (const auto& w : workloads)
      add("spend." + p + "." + w, "USD B", "Spend billed by " + p + " for class " + w + ".");
  }
  at.demand_by_class = scalars_.size();
  for (const auto& w : workloads)
    add("demand." + w, "USD B", "Demand of class " + w + " at reference prices.");
  at.unserved_by_class = scalars_.size();
  for (const auto& w : workloads)
    add("unserved." + w, "USD B", "Demand of class " + w + " that no permitted provider served.");
  at.unserved_total = scalars_.size();
  add("unserved.total", "USD B", "All unserved demand.");

  for (const auto& c : commitments) {
    at.commitment.push_back(scalars_.size());
    add("shortfall." + c, "USD B", "Shortfalls assessed on commitment " + c + ".");
    add("penalty." + c, "USD B", "Penalties paid on commitment " + c + ".");
    add("shortfall_any." + c, "0/1", "Whether any contract year of " + c + " fell short.", true);
    add("counted_spend." + c, "USD B", "Spend counted toward " + c + " (including prior spend).");
  }
  for (const auto& investment : scenario.investments) {
    at.tranche.emplace_back();
    for (const auto& tranche : investment.tranches) {
      const std::string id = investment.id + "." + tranche.id;
      at.tranche.back().push_back(scalars_.size());
      add("tranche_paid." + id, "0/1", "Whether tranche " + id + " was paid within the horizon.",
          true);
      add("tranche_years." + id, "years", "Years from the start to payment (NaN if unpaid).");
      add("tranche_amount." + id, "USD B", "Amount paid for tranche " + id + ".");
    }
  }
  for (const auto& dispute : scenario.disputes) {
    at.dispute.push_back(scalars_.size());
    add("filed." + dispute.id, "0/1", "Whether dispute " + dispute.id + " was filed.", true);
    add("filing_years." + dispute.id, "years",
        "Years from the start to filing (NaN if not filed).");
    add("mooted." + dispute.id, "0/1", "Whether the dispute was ended without an outcome.", true);
    add("payments." + dispute.id, "USD B",
        "Damages and settlement payments ordered by its outcome.");
    add("legal_cost." + dispute.id, "USD B", "Legal costs of all parties.");
    for (const auto& outcome : dispute.outcomes) {
      add("outcome." + dispute.id + "." + outcome.id, "0/1",
          "Whether the dispute ended with " + outcome.id + ".", true);
    }
  }
  for (const auto& review : scenario.reviews) {
    at.review.push_back(scalars_.size());
    add("opened." + review.id, "0/1", "Whether review " + review.id + " opened.", true);
    add("opening_years." + review.id, "years",
        "Years from the start to opening (NaN if not opened).");
    add("mooted." + review.id, "0/1", "Whether the review was closed without an outcome.", true);
    for (const auto& outcome : review.outcomes) {
      add("outcome." + review.id + "." + outcome.id, "0/1",
          "Whether the review ended with " + outcome.id + ".", true);
    }
  }
  at.party = scalars_.size();
  for (const auto& party : scenario.parties) {
    add("net_cash." + party.id, "USD B", "Net cash flow of " + party.id + " over the horizon.");
    add("npv." + party.id, "USD B", "Present value of the net cash flows at the discount rate.");
    add("stake_value." + party.id, "USD B", "Value of the equity stake at the horizon.");
    add("value." + party.id, "USD B", "npv plus the discounted stake value at the horizon.");
  }
  at.valuation = scalars_.size();
  add("valuation.final", "USD B", "Valuation of the equity company at the horizon.");
  at.inputs = scalars_.size();
  for (std::size_t p = 0; p < scenario.parameters.size(); ++p) {
    const Parameter& parameter = scenario.parameters[p];
    if (!parameter.is_random()) continue;
    drawn_parameters.push_back(static_cast<ParameterId>(p));
    add("input." + parameter.path, "",
        "Value drawn for " + parameter.path + " in this replication.");
  }

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

  const auto months = static_cast<std::size_t>(scenario.months);
  const auto years = static_cast<std::size_t>(scenario.horizon_years);
  monthly_spend =
      add_series({"spend_by_provider", "USD B", "Monthly compute spend billed by each provider.",
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
  yearly_spend_by_provider = add_series({"yearly_spend_by_provider", "USD B",
                                         "Spend billed by each provider in each scenario year.",
                                         "provider", providers, "year", years});
  yearly_unserved =
      add_series({"yearly_unserved_by_class", "USD B",
                  "Demand of each class that no permitted provider served, in each scenario year.",
                  "class", workloads, "year", years});
  yearly_spend_by_class = add_series({"yearly_spend_by_class", "USD B",
                                      "Spend billed for each class in each scenario year.", "class",
                                      workloads, "year", years});

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
