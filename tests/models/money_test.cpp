// Profit, revenue and revenue shares against hand computations: one provider, one class with
// constant demand of 2 a month for 24 months.
#include <catch2/catch.hpp>

#include <cmath>

#include "test_support.hpp"

namespace {

// Price 1.2, unit cost 0.7; the developer earns 3 per USD of reference compute (growing at
// `growth` a year); `extra` adds sections.
models::Scenario priced(const std::string& capacity, const std::string& growth,
                        const std::string& extra = "") {
  return models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 2
discount_rate: 0.08
parties: {dev: {name: D}, cloud: {name: C}, partner: {name: P}}
providers:
  main: {party: cloud, price: 1.2, unit_cost: 0.7, capacity: {initial: )" +
                                    capacity + R"(}}
workloads:
  api: {payer: dev, initial: 2.0, revenue_per_unit: 3.0, revenue_growth: )" +
                                    growth + R"(}
routing: {r: {class: api, providers: [main]}}
)" + extra,
                                "<money>");
}

}  // namespace

TEST_CASE("money: billings, cost, gross profit and revenue match a hand computation",
          "[model][money]") {
  const models::Scenario scenario = priced(".inf", "0");
  const auto result = test_support::run(scenario, 1, true).at(0);
  auto value = [&](const char* name) { return test_support::metric(scenario, result, name); };
  // 48 of reference compute served: billed at 1.2, costing 0.7, earning 3.
  REQUIRE(value("billings.main") == Approx(57.6).epsilon(1e-12));
  REQUIRE(value("cost.main") == Approx(33.6).epsilon(1e-12));
  REQUIRE(value("gross_profit.main") == Approx(24.0).epsilon(1e-12));
  REQUIRE(value("revenue.api") == Approx(144.0).epsilon(1e-12));
  REQUIRE(value("lost_revenue.total") == 0.0);
  REQUIRE(value("net_cash_flow.cloud") == Approx(24.0).epsilon(1e-12));
  REQUIRE(value("net_cash_flow.dev") == Approx(144.0 - 57.6).epsilon(1e-12));
  // Present values: each month's flows discounted from the month's start at 8 % a year.
  double dev = 0, cloud = 0;
  for (int k = 0; k < 24; ++k) {
    const double discount = std::pow(1.08, -scenario.timeline.month_boundary(k) / 365.25);
    dev += (2 * 3.0 - 2 * 1.2) * discount;
    cloud += (2 * 1.2 - 2 * 0.7) * discount;
  }
  REQUIRE(value("npv_cash_flow.dev") == Approx(dev).epsilon(1e-12));
  REQUIRE(value("npv_cash_flow.cloud") == Approx(cloud).epsilon(1e-12));
  REQUIRE(value("value.cloud") == Approx(cloud).epsilon(1e-12));  // no stake
  // The ledger balances with costs and revenue in it: every month a spend, a cost, a revenue.
  REQUIRE(result.ledger.size() == 72);
  double sum = 0;
  for (const auto& entry : result.ledger)
    sum += entry.amount * ((entry.payee == 0) - (entry.payer == 0));
  REQUIRE(sum == Approx(144.0 - 57.6).epsilon(1e-12));
}

TEST_CASE("money: unserved demand loses its revenue; revenue grows at its rate", "[model][money]") {
  const models::Scenario capped = priced("1.5", "0");
  const auto result = test_support::run(capped, 1).at(0);
  REQUIRE(test_support::metric(capped, result, "unserved.total") == Approx(12.0));
  REQUIRE(test_support::metric(capped, result, "lost_revenue.api") == Approx(36.0));
  REQUIRE(test_support::metric(capped, result, "revenue.api") == Approx(108.0));
  REQUIRE(test_support::metric(capped, result, "gross_profit.main") == Approx(36 * 0.5));

  const models::Scenario growing = priced(".inf", "0.1");
  double revenue = 0;
  for (int k = 0; k < 24; ++k)
    revenue += 2 * 3.0 * std::exp(0.1 * growing.timeline.month_boundary(k) / 365.25);
  const auto grown = test_support::run(growing, 1).at(0);
  REQUIRE(test_support::metric(growing, grown, "revenue.total") == Approx(revenue).epsilon(1e-12));
}

TEST_CASE("money: a revenue share pays its fraction of revenue until its end event",
          "[model][money]") {
  const models::Scenario forever = priced(".inf", "0", R"(
revenue_shares:
  share: {from: dev, to: partner, fraction: 0.2}
)");
  const auto result = test_support::run(forever, 1).at(0);
  REQUIRE(test_support::metric(forever, result, "revenue_share_paid.share") == Approx(28.8));
  REQUIRE(test_support::metric(forever, result, "net_cash_flow.partner") == Approx(28.8));
  REQUIRE(test_support::metric(forever, result, "net_cash_flow.dev") ==
          Approx(144.0 - 57.6 - 28.8));
  REQUIRE(test_support::metric(forever, result, "revenue_share_ended.share") == 0.0);

  // With an end hazard, the month in which it occurs is the last one paid: 1.2 a month for
  // months 0 .. m.
  const models::Scenario ending = priced(".inf", "0", R"(
revenue_shares:
  share: {from: dev, to: partner, fraction: 0.2, ends: {hazard_per_year: 0.8}}
)");
  std::size_t ended = 0;
  for (const auto& run : test_support::run(ending, 200)) {
    const double paid = test_support::metric(ending, run, "revenue_share_paid.share");
    const double years = test_support::metric(ending, run, "revenue_share_end_years.share");
    if (test_support::metric(ending, run, "revenue_share_ended.share") == 0) {
      REQUIRE(paid == Approx(28.8));
      continue;
    }
    ++ended;
    const double month = static_cast<double>(ending.timeline.month_index_at(years * 365.25));
    REQUIRE(paid == Approx(1.2 * (month + 1)));
  }
  // P(end within 2 years) = 1 - e^-1.6 = 0.80: 160 of 200 expected.
  REQUIRE(ended > 130);
  REQUIRE(ended < 190);
}
