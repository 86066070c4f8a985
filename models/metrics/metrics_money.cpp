// The catalog's metrics of money and compute: billings, cost and gross profit by provider,
// capacity use, demand, unserved demand and revenue by class, revenue shares, and each party's
// cash flow and value (the rest of the catalog is in metrics.cpp).
#include "models/metrics/metrics.hpp"

namespace models {

// Billings, cost and gross profit by provider, each provider's share of billings, billings by
// provider and class; demand, unserved demand, the developer's revenue and lost revenue by class.
void MetricCatalog::add_flow_metrics(const std::vector<std::string>& providers,
                                     const std::vector<std::string>& workloads) {
  for (const auto& p : providers) {
    at.billings_by_provider.push_back(
        add("billings." + p, "USD B",
            "Compute billed by " + p + " over the horizon, nominal (its payers' compute spend).",
            Shown::Headline));
  }
  for (const auto& p : providers) {
    at.share_by_provider.push_back(add("share." + p, "fraction",
                                       "Share of all compute billings that " + p + " billed.",
                                       Shown::Headline));
  }
  for (const auto& p : providers) {
    at.cost_by_provider.push_back(
        add("cost." + p, "USD B",
            "What serving its compute cost " + p + ": unit_cost times reference compute served."));
    at.gross_profit_by_provider.push_back(
        add("gross_profit." + p, "USD B",
            "Billings of " + p + " less its cost of serving them, nominal.", Shown::Headline));
  }
  for (const auto& p : providers) {
    auto& by_class = at.billings_by_provider_class.emplace_back();
    for (const auto& w : workloads) {
      by_class.push_back(add("billings." + p + "." + w, "USD B",
                             "Compute billed by " + p + " for class " + w + "."));
    }
  }
  add_demand_metrics(workloads);
  add_capacity_metrics(providers, workloads);
}

// How much of each provider's capacity was used, and demand unserved for each cause.
void MetricCatalog::add_capacity_metrics(const std::vector<std::string>& providers,
                                         const std::vector<std::string>& workloads) {
  for (const auto& p : providers) {
    at.utilisation.push_back(add("utilisation." + p, "fraction",
                                 "Mean over months of the share of " + p +
                                     "'s capacity that served demand (months of finite, "
                                     "positive capacity; NaN if none).",
                                 Shown::Headline));
    at.months_at_capacity.push_back(
        add("months_at_capacity." + p, "fraction",
            "Share of months in which " + p + "'s capacity was fully used (it bound)."));
  }
  for (const auto& w : workloads) {
    at.unserved_capacity_by_class.push_back(
        add("unserved_capacity." + w, "USD B",
            "Demand of class " + w + " that a rule covered but no provider had capacity for."));
  }
  at.unserved_capacity_total = add(
      "unserved_capacity.total", "USD B",
      "Unserved demand for want of capacity, all classes, at reference prices.", Shown::Headline);
  at.unserved_no_provider_total =
      add("unserved_no_provider.total", "USD B",
          "Unserved demand that no active rule covered (no permitted provider), all classes.",
          Shown::Headline);
}

// Demand, unserved demand (by cause), revenue and lost revenue of each class.
void MetricCatalog::add_demand_metrics(const std::vector<std::string>& workloads) {
  for (const auto& w : workloads) {
    at.demand_by_class.push_back(
        add("demand." + w, "USD B", "Demand of class " + w + " at reference prices."));
  }
  for (const auto& w : workloads) {
    at.unserved_by_class.push_back(
        add("unserved." + w, "USD B",
            "Demand of class " + w + " that no provider served, at reference prices."));
  }
  at.unserved_total =
      add("unserved.total", "USD B", "All unserved demand, at reference prices.", Shown::Headline);
  for (const auto& w : workloads) {
    at.revenue_by_class.push_back(
        add("revenue." + w, "USD B",
            "Revenue the payer of class " + w + " earned on its served compute, nominal."));
    at.lost_revenue_by_class.push_back(
        add("lost_revenue." + w, "USD B",
            "Revenue the payer of class " + w + " lost to unserved demand."));
  }
  at.revenue_total =
      add("revenue.total", "USD B", "Developer revenue on served compute, all classes, nominal.",
          Shown::Headline);
  at.lost_revenue_total =
      add("lost_revenue.total", "USD B", "Developer revenue lost to unserved demand, all classes.",
          Shown::Headline);
}

// What each share of a developer's revenue paid, and whether and when it ended.
void MetricCatalog::add_revenue_share_metrics(const Scenario& scenario) {
  for (const auto& share : scenario.revenue_shares) {
    RevenueShareMetrics metrics{};
    metrics.paid = add("revenue_share_paid." + share.id, "USD B",
                       "Revenue share paid under " + share.id + " over the horizon, nominal.",
                       Shown::Headline);
    metrics.ended = add("revenue_share_ended." + share.id, "0/1",
                        "Whether the end event of " + share.id + " occurred within the horizon.",
                        Shown::Headline);
    metrics.end_years = add("revenue_share_end_years." + share.id, "years",
                            "Years from the start to the end event (NaN if it did not occur).");
    at.revenue_share.push_back(metrics);
  }
}

// Each party's cash flow, its present value and stake; the company's final valuation.
void MetricCatalog::add_party_metrics(const Scenario& scenario) {
  for (const auto& party : scenario.parties) {
    PartyMetrics metrics{};
    metrics.net_cash = add("net_cash_flow." + party.id, "USD B",
                           "Net cash flow of " + party.id +
                               " over the horizon, nominal: every inflow less every outflow in "
                               "the ledger (revenue, billings, costs, tranches, penalties, ...).");
    metrics.npv = add("npv_cash_flow." + party.id, "USD B",
                      "Present value at the start of the net cash flows, at the discount rate.",
                      Shown::Headline);
    metrics.stake_value = add("stake_value." + party.id, "USD B",
                              "Value of the equity stake at the horizon, undiscounted.");
    metrics.value =
        add("value." + party.id, "USD B",
            "npv_cash_flow plus the stake value discounted from the horizon.", Shown::Headline);
    at.party.push_back(metrics);
  }
  at.valuation = add("valuation.final", "USD B", "Valuation of the equity company at the horizon.");
}

}  // namespace models
