#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "models/deal/routing_table.hpp"
#include "test_support.hpp"

using test_support::kMinimal;

namespace {

models::Scenario scenario_with(const std::string& extra) {
  return models::parse_scenario(std::string(kMinimal) + extra, "<test>");
}

// One tranche `t` of investment `deal` (from `investor` to `dev`), no demand, from 2026-01-01.
models::Scenario milestone_scenario(int horizon_years, const std::string& tranche) {
  return models::parse_scenario(
      "start: 2026-01-01\nhorizon_years: " + std::to_string(horizon_years) + R"(
parties: {dev: {name: D}, investor: {name: I}, cloud: {name: C}}
providers: {main: {party: cloud, capacity: {initial: 1}}}
workloads: {api: {payer: dev, initial: 0}}
routing: {r: {class: api, providers: [main]}}
investments: {deal: {investor: investor, recipient: dev, tranches: {t: )" +
          tranche + "}}}\n",
      "<milestone>");
}

double mean(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double standard_error(const std::vector<double>& values) {
  const double m = mean(values);
  double squares = 0;
  for (double v : values)
    squares += (v - m) * (v - m);
  return std::sqrt(squares / static_cast<double>(values.size() - 1) /
                   static_cast<double>(values.size()));
}

}  // namespace

TEST_CASE(
    "model: a deterministic commitment's spend, shortfall and penalty match a hand computation",
    "[model]") {
  // 2.0 per month at price 1.2 for 24 months = 57.6 billed, 28.8 per contract year.
  // Minimums 30 and 20: year 1 falls short by 1.2, penalty 50 % = 0.6; year 2 has no shortfall.
  const models::Scenario scenario = scenario_with(R"(
routing: {r: {class: api, providers: [main]}}
commitments:
  c: {payer: dev, provider: main, amount: 50, start: 2026-01-01, term_years: 2, schedule: per_year,
      minimums: [30, 20], shortfall: take_or_pay, penalty_fraction: 0.5}
)");
  const auto result = test_support::run(scenario, 1, true).at(0);
  auto value = [&](const char* name) { return test_support::metric(scenario, result, name); };
  REQUIRE(value("billings.main") == Approx(57.6).epsilon(1e-12));
  REQUIRE(value("billings.second") == 0.0);
  REQUIRE(value("shortfall.c") == Approx(1.2).epsilon(1e-12));
  REQUIRE(value("penalty.c") == Approx(0.6).epsilon(1e-12));
  REQUIRE(value("shortfall_any.c") == 1.0);
  REQUIRE(value("unserved.total") == 0.0);
  // The developer pays spend and penalty; the cloud receives both.
  REQUIRE(value("net_cash_flow.dev") == Approx(-58.2).epsilon(1e-12));
  REQUIRE(value("net_cash_flow.cloud") == Approx(58.2).epsilon(1e-12));
  const models::MetricCatalog catalog(scenario);
  const std::size_t offset = catalog.series_offset(catalog.contract_year_shortfall);
  REQUIRE(result.series[offset] == Approx(1.2));
  REQUIRE(result.series[offset + 1] == 0.0);
  // Every flow is in the ledger: 24 monthly spends and one penalty.
  REQUIRE(result.ledger.size() == 25);
}

TEST_CASE("model: carry-forward moves a shortfall into the next year's minimum", "[model]") {
  // Year 1 short by 1.2 is carried; year 2 needs 20 + 1.2 = 21.2 and spends 28.8: no penalty.
  const models::Scenario scenario = scenario_with(R"(
routing: {r: {class: api, providers: [main]}}
commitments:
  c: {payer: dev, provider: main, amount: 50, start: 2026-01-01, term_years: 2, schedule: per_year,
      minimums: [30, 20], shortfall: carry_forward}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  // Made up in year 2: nothing is outstanding; 1.2 was carried.
  REQUIRE(test_support::metric(scenario, result, "shortfall.c") == 0.0);
  REQUIRE(test_support::metric(scenario, result, "carried.c") == Approx(1.2));
  REQUIRE(test_support::metric(scenario, result, "penalty.c") == 0.0);
  // With minimums [30, 40] the carried 1.2 adds to year 2's 11.2 shortfall, paid in full after
  // the last year.
  const models::Scenario last = scenario_with(R"(
routing: {r: {class: api, providers: [main]}}
commitments:
  c: {payer: dev, provider: main, amount: 70, start: 2026-01-01, term_years: 2, schedule: per_year,
      minimums: [30, 40], shortfall: carry_forward}
)");
  const auto last_result = test_support::run(last, 1).at(0);
  REQUIRE(test_support::metric(last, last_result, "penalty.c") == Approx(12.4));
  REQUIRE(test_support::metric(last, last_result, "shortfall.c") == Approx(12.4));
}

TEST_CASE("model: a shortfall carried through several years is counted once, where it ends",
          "[model]") {
  // 28.8 billed a year against minimums 24, 33.6, 36, 26.4 (10/14/15/11 scaled by 2.4):
  // year 2 is short 4.8 (carried), year 3 needs 40.8 and is short 12 (carried), year 4 needs
  // 38.4 and is short 9.6, which is what remains outstanding and is paid. Summing each year's
  // shortfall would give 26.4, counting the carried amounts two and three times.
  std::string text(kMinimal);
  text.replace(text.find("horizon_years: 2"), 16, "horizon_years: 4");
  const models::Scenario scenario = models::parse_scenario(text + R"(
routing: {r: {class: api, providers: [main]}}
commitments:
  c: {payer: dev, provider: main, amount: 120, start: 2026-01-01, term_years: 4, schedule: per_year,
      minimums: [24, 33.6, 36, 26.4], shortfall: carry_forward}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  auto value = [&](const char* name) { return test_support::metric(scenario, result, name); };
  CHECK(value("shortfall.c") == Approx(9.6));
  CHECK(value("carried.c") == Approx(12.0));
  CHECK(value("penalty.c") == Approx(9.6));
  CHECK(value("shortfall_any.c") == 1.0);
}

TEST_CASE("model: the final valuation is taken at the horizon", "[model]") {
  // No volatility: 24 monthly steps of drift 0.12 from 100 give 100 e^(0.12 x 2) = 127.12.
  const models::Scenario scenario = scenario_with(R"(
routing: {r: {class: api, providers: [main]}}
equity: {company: dev, valuation: 100, drift: 0.12, volatility: 0, stakes: {cloud: 0.5}}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  CHECK(test_support::metric(scenario, result, "valuation.final") ==
        Approx(100 * std::exp(0.24)).epsilon(1e-12));
  CHECK(test_support::metric(scenario, result, "stake_value.cloud") ==
        Approx(50 * std::exp(0.24)).epsilon(1e-12));
}

TEST_CASE("model: routing serves an exclusive class only on its provider", "[model][routing]") {
  const models::Scenario scenario = scenario_with(R"(
routing: {exclusive: {class: api, providers: [main], kind: exclusive}}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  REQUIRE(test_support::metric(scenario, result, "billings.main") == Approx(57.6));
  REQUIRE(test_support::metric(scenario, result, "billings.second") == 0.0);
}

TEST_CASE("model: demand over capacity spills to the next provider, then is unserved",
          "[model][routing]") {
  const models::Scenario scenario = models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 1
parties: {dev: {name: D}, a: {name: A}, b: {name: B}}
providers:
  first: {party: a, capacity: {initial: 1.5}}
  second: {party: b, price: 2.0, capacity: {initial: 0.3}}
workloads: {api: {payer: dev, initial: 2.0}}
routing: {r: {class: api, providers: [first, second]}}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  REQUIRE(test_support::metric(scenario, result, "billings.first") == Approx(12 * 1.5));
  REQUIRE(test_support::metric(scenario, result, "billings.second") == Approx(12 * 0.3 * 2.0));
  REQUIRE(test_support::metric(scenario, result, "unserved.api") == Approx(12 * 0.2));
}

TEST_CASE("model: demand with no active rule is recorded as unserved, never dropped",
          "[model][routing]") {
  const models::Scenario scenario = models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 2
parties: {dev: {name: D}, cloud: {name: C}}
providers: {main: {party: cloud, price: 1.2, capacity: {initial: .inf}}}
workloads:
  api: {payer: dev, initial: 2.0}
  orphan: {payer: dev, initial: 0.5}
routing: {r: {class: api, providers: [main], share: 0.75}}
)");
  const auto result = test_support::run(scenario, 1).at(0);
  REQUIRE(test_support::metric(scenario, result, "unserved.api") == Approx(24 * 0.5));
  REQUIRE(test_support::metric(scenario, result, "unserved.orphan") == Approx(24 * 0.5));
  REQUIRE(test_support::metric(scenario, result, "demand.api") == Approx(48.0));
  // Served plus unserved equals demand.
  const double served = test_support::metric(scenario, result, "billings.main") / 1.2;
  REQUIRE(served + test_support::metric(scenario, result, "unserved.total") == Approx(48.0 + 12.0));
}

TEST_CASE(
    "model: the routing table applies shares in order, prefers the cheapest, and suspends and "
    "restores rules",
    "[model][routing]") {
  const models::Scenario scenario = scenario_with(R"(
routing:
  stateless_part: {class: api, providers: [main], stateless_share: true}
  rest: {class: api, providers: [main, second], prefer: cheapest}
)");
  const models::ParameterValues values(scenario.parameters, 1, 0);
  models::RoutingTable table(scenario, values);
  models::RoutingResult result;
  const std::vector<double> demand = {10.0}, capacity = {100.0, 4.0}, stateless = {0.3},
                            prices = {1.2, 0.5};
  table.route(demand, capacity, stateless, prices, result);
  REQUIRE(result.served_by(0)[0] == Approx(3.0));  // the stateless 30 % on main
  REQUIRE(result.served_by(1)[1] == Approx(4.0));  // the cheapest (second) up to its capacity
  REQUIRE(result.served_by(1)[0] == Approx(3.0));  // the rest spills to main
  table.suspend(0);
  table.route(demand, capacity, stateless, prices, result);
  REQUIRE(result.served_by(0)[0] == 0.0);
  REQUIRE(result.served_by(1)[1] == Approx(4.0));
  REQUIRE(result.served_by(1)[0] == Approx(6.0));
  table.lift(0);
  REQUIRE(table.is_active(0));
  table.route(demand, capacity, stateless, prices, result);
  REQUIRE(result.served_by(0)[0] == Approx(3.0));
}

TEST_CASE("model: an injunction suspends a rule for its months, then the rule is restored",
          "[model][routing]") {
  // Filed on 2026-03-01 and decided two months later for the claimant: the rule serving
  // `second` is enjoined for 6 months; its class falls back to `main` meanwhile.
  const models::Scenario scenario = scenario_with(R"(
routing:
  on_second: {class: api, providers: [second]}
  fallback: {class: api, providers: [main]}
disputes:
  d:
    claimant: cloud
    respondents: [dev, other]
    filing: {on_date: 2026-03-01}
    duration_months: 2
    outcomes:
      claimant_prevails:
        probability: 1
        effects: [{injunction: {rule: on_second, months: 6}}]
)");
  const auto result = test_support::run(scenario, 1).at(0);
  const models::MetricCatalog catalog(scenario);
  const std::size_t offset = catalog.series_offset(catalog.monthly_spend);
  const std::size_t months = 24;
  auto spend = [&](std::size_t provider, std::size_t month) {
    return result.series[offset + provider * months + month];
  };
  // Durations are in months of 365.25 / 12 days: filed on day 59 (Mar 1), decided on day 119.9
  // (Apr 30), enjoined until day 302.5 (Oct 30). Routing is monthly, so January to April are on
  // `second`, May to October fall back to `main`, and November on are on `second` again.
  for (std::size_t m = 0; m <= 3; ++m)
    REQUIRE(spend(1, m) == Approx(2.0 * 0.5));
  for (std::size_t m = 4; m <= 9; ++m) {
    REQUIRE(spend(0, m) == Approx(2.0 * 1.2));
    REQUIRE(spend(1, m) == 0.0);
  }
  for (std::size_t m = 10; m < months; ++m)
    REQUIRE(spend(1, m) == Approx(2.0 * 0.5));
  REQUIRE(test_support::metric(scenario, result, "outcome.d.claimant_prevails") == 1.0);
}

TEST_CASE("model: a milestone with a constant hazard is paid at exponential times",
          "[model][hazard]") {
  // Hazard 0.5 per year: payment time ~ Exp(mean 2 years); the 50-year horizon truncates
  // P = e^-25 of the mass.
  const models::Scenario scenario =
      milestone_scenario(50, "{amount: 1, equity: false, milestone: {hazard_per_year: 0.5}}");
  const auto results = test_support::run(scenario, 4000);
  std::vector<double> times;
  std::size_t within_one_year = 0;
  for (const auto& result : results) {
    const double years = test_support::metric(scenario, result, "tranche_years.deal.t");
    REQUIRE(std::isfinite(years));
    times.push_back(years);
    within_one_year += years <= 1.0;
  }
  const double se = standard_error(times);
  REQUIRE(std::abs(mean(times) - 2.0) < 3 * se);
  // P(T <= 1) = 1 - e^-0.5.
  const double p = 1 - std::exp(-0.5), n = static_cast<double>(times.size());
  REQUIRE(std::abs(static_cast<double>(within_one_year) / n - p) < 3 * std::sqrt(p * (1 - p) / n));
}

TEST_CASE("model: a milestone's deadline applies to the day, in the middle of a month",
          "[model][hazard]") {
  // Hazard 0.4 per year, deadline 2029-01-15 (D = 1110 days after 2026-01-01) with lapse:
  // P(paid) = P(milestone by D) = 1 - e^(-0.4 D / 365.25) exactly. A milestone drawn later in
  // the deadline's month must not be paid.
  const models::Scenario scenario = milestone_scenario(
      4,
      "{amount: 1, equity: false, milestone: {hazard_per_year: 0.4}, deadline: 2029-01-15, "
      "on_deadline: lapse}");
  const double deadline_days = 1110;
  REQUIRE(scenario.investments[0].tranches[0].deadline_time == deadline_days);
  const models::MetricCatalog catalog(scenario);
  const std::size_t paid_at = catalog.scalar_index("tranche_paid.deal.t"),
                    years_at = catalog.scalar_index("tranche_years.deal.t"),
                    reached_at = catalog.scalar_index("milestone_reached.deal.t"),
                    lapsed_at = catalog.scalar_index("tranche_lapsed.deal.t");
  const std::size_t count = 200000;
  std::size_t paid = 0, late = 0, inconsistent = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const auto result = models::run_replication(scenario, catalog, i);
    const bool was_paid = result.scalars[paid_at] == 1;
    paid += was_paid;
    late += was_paid && result.scalars[years_at] * 365.25 > deadline_days;
    inconsistent += (result.scalars[reached_at] != result.scalars[paid_at]) ||
                    (result.scalars[lapsed_at] == result.scalars[paid_at]);
  }
  REQUIRE(late == 0);
  REQUIRE(inconsistent == 0);
  const double p = 1 - std::exp(-0.4 * deadline_days / 365.25), n = static_cast<double>(count);
  REQUIRE(std::abs(static_cast<double>(paid) / n - p) < 3 * std::sqrt(p * (1 - p) / n));
}

TEST_CASE("model: outcome frequencies match their probabilities", "[model][hazard]") {
  const models::Scenario scenario = scenario_with(R"(
routing: {r: {class: api, providers: [main]}}
disputes:
  d:
    claimant: cloud
    respondents: [dev]
    filing: {on_date: 2026-02-01}
    duration_months: 3
    outcomes:
      a: {probability: 0.2}
      b: {probability: 0.5}
      c: {probability: 0.3}
)");
  const auto results = test_support::run(scenario, 3000);
  const double n = static_cast<double>(results.size());
  for (const auto& [name, p] :
       std::vector<std::pair<std::string, double>>{{"a", 0.2}, {"b", 0.5}, {"c", 0.3}}) {
    double count = 0;
    for (const auto& result : results)
      count += test_support::metric(scenario, result, "outcome.d." + name);
    INFO(name);
    REQUIRE(std::abs(count / n - p) < 3 * std::sqrt(p * (1 - p) / n));
  }
}

TEST_CASE("model: the ledger balances and matches reported totals in every scenario",
          "[model][ledger]") {
  for (const char* name : {"baseline", "microsoft_sues", "microsoft_prevails", "settlement",
                           "amazon_openai_prevail", "ftc_review", "no_frontier_on_aws"}) {
    INFO(name);
    const models::Scenario scenario = models::load_scenario(
        (test_support::source_dir() / "scenarios" / (std::string(name) + ".yaml")).string());
    const models::MetricCatalog catalog(scenario);
    for (std::size_t i = 0; i < 20; ++i) {
      // run_replication checks the balance and spend = served x price itself; it throws if not.
      const auto result = models::run_replication(scenario, catalog, i, {true});
      double net = 0;
      std::vector<double> by_party(scenario.parties.size() + 1, 0.0);
      for (const auto& entry : result.ledger) {
        REQUIRE(entry.amount > 0);
        by_party[static_cast<std::size_t>(entry.payer)] -= entry.amount;
        by_party[static_cast<std::size_t>(entry.payee)] += entry.amount;
      }
      for (std::size_t p = 0; p < scenario.parties.size(); ++p) {
        REQUIRE(by_party[p] == Approx(result.scalars[catalog.at.party[p].net_cash]).margin(1e-9));
        net += by_party[p];
      }
      // Outside the scenario's parties: legal costs (outside counsel) and compute costs
      // (suppliers) go out; developer revenue (customers) comes in.
      double outside = 0;
      for (std::size_t d = 0; d < scenario.disputes.size(); ++d)
        outside += result.scalars[catalog.at.dispute[d].legal_cost];
      for (std::size_t p = 0; p < scenario.providers.size(); ++p)
        outside += result.scalars[catalog.at.cost_by_provider[p]];
      outside -= result.scalars[catalog.at.revenue_total];
      REQUIRE(net + by_party.back() == Approx(0.0).margin(1e-9));
      REQUIRE(by_party.back() == Approx(outside).margin(1e-9 * std::max(1.0, std::abs(outside))));
    }
  }
}

TEST_CASE("model: a replication reproduces bit for bit from its seed and index", "[model]") {
  const models::Scenario scenario =
      models::load_scenario((test_support::source_dir() / "scenarios/baseline.yaml").string());
  const auto first = test_support::run(scenario, 5), second = test_support::run(scenario, 5);
  for (std::size_t i = 0; i < 5; ++i) {
    REQUIRE(first[i].scalars.size() == second[i].scalars.size());
    for (std::size_t s = 0; s < first[i].scalars.size(); ++s) {
      INFO(s);
      REQUIRE((first[i].scalars[s] == second[i].scalars[s] ||
               (std::isnan(first[i].scalars[s]) && std::isnan(second[i].scalars[s]))));
    }
  }
  REQUIRE(first[0].scalars != first[1].scalars);
}

TEST_CASE("model: scenarios on the same seed share random numbers (common random numbers)",
          "[model]") {
  // microsoft_prevails and amazon_openai_prevail differ only in the dispute's outcome: demand
  // paths, filing and valuation shocks are the same replication by replication.
  const auto load = [](const char* name) {
    return models::load_scenario((test_support::source_dir() / "scenarios" / name).string());
  };
  const models::Scenario a = load("microsoft_prevails.yaml"),
                         b = load("amazon_openai_prevail.yaml");
  const auto ra = test_support::run(a, 3), rb = test_support::run(b, 3);
  for (std::size_t i = 0; i < 3; ++i) {
    REQUIRE(test_support::metric(a, ra[i], "demand.stateless_api") ==
            test_support::metric(b, rb[i], "demand.stateless_api"));
    REQUIRE(test_support::metric(a, ra[i], "filing_years.azure_exclusivity") ==
            test_support::metric(b, rb[i], "filing_years.azure_exclusivity"));
  }
}
