// Each part of the model on its own, against its contract, with exact answers: the ledger, the
// routing table and the commitment tracker (the end-to-end tests exercise them only together).
#include <catch2/catch.hpp>

#include "models/deal/commitment_tracker.hpp"
#include "models/deal/ledger.hpp"
#include "models/deal/routing_table.hpp"
#include "models/scenario/scenario.hpp"
#include "sim/kernel/error.hpp"

namespace {

using models::FlowKind;

// Two providers, one class, and the sections a test adds.
models::Scenario scenario_with(const std::string& sections) {
  return models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 3
parties: {dev: {name: Developer}, a: {name: Cloud A}, b: {name: Cloud B}}
providers:
  first: {party: a, price: 1.0, capacity: {initial: .inf}}
  second: {party: b, price: 0.5, capacity: {initial: .inf}}
workloads:
  api: {payer: dev, initial: 10}
)" + sections,
                                "parts.yaml");
}

// What a rule's providers served, in its provider order.
std::vector<double> served_vector(const models::RoutingResult& result, std::size_t rule) {
  const auto served = result.served_by(rule);
  return {served.begin(), served.end()};
}

}  // namespace

TEST_CASE("ledger: every flow moves money between two parties, so net flows sum to zero",
          "[parts][ledger]") {
  models::Ledger ledger(3, true);
  ledger.record(0, 0, 1, 10, FlowKind::ComputeSpend, 0);
  ledger.record(30, 1, 2, 4, FlowKind::RevenueShare, 1);
  ledger.record(60, 2, 0, 1.5, FlowKind::Payment, 2);
  ledger.record(90, 0, 2, 0, FlowKind::Fine, 3);  // nothing moves: not an entry
  REQUIRE(ledger.entries().size() == 3);
  REQUIRE(ledger.net(0) == -8.5);
  REQUIRE(ledger.net(1) == 6);
  REQUIRE(ledger.net(2) == 2.5);
  REQUIRE(ledger.inflow_by_kind(1, FlowKind::ComputeSpend) == 10);
  REQUIRE(ledger.inflow_by_kind(2, FlowKind::RevenueShare) == 4);
  REQUIRE(ledger.inflow_by_kind(2, FlowKind::Fine) == 0);
  REQUIRE_NOTHROW(ledger.check_balance());
}

TEST_CASE("ledger: present values discount at the rate per 365.25-day year", "[parts][ledger]") {
  models::Ledger ledger(2, false);
  ledger.set_discount_rate(0.10);
  ledger.record(365.25, 0, 1, 11, FlowKind::Payment, 0);   // one year on: 11 / 1.1 = 10
  ledger.record(-365.25, 0, 1, 10, FlowKind::Payment, 0);  // a year before the start: 10 x 1.1
  REQUIRE(ledger.present_value(1) == Approx(21).epsilon(1e-12));
  REQUIRE(ledger.present_value(0) == Approx(-21).epsilon(1e-12));
}

TEST_CASE("ledger: a negative, non-finite or self-directed flow is refused", "[parts][ledger]") {
  models::Ledger ledger(2, false);
  REQUIRE_THROWS_AS(ledger.record(0, 0, 1, -1, FlowKind::Payment, 0), sim::SimulationError);
  REQUIRE_THROWS_AS(ledger.record(0, 0, 1, 1.0 / 0.0, FlowKind::Payment, 0), sim::SimulationError);
  REQUIRE_THROWS_AS(ledger.record(0, 1, 1, 1, FlowKind::Payment, 0), sim::SimulationError);
  REQUIRE_THROWS_AS(ledger.record(0, 0, 2, 1, FlowKind::Payment, 0), sim::SimulationError);
}

TEST_CASE("routing: providers fill in order up to their capacity; the rest is unserved",
          "[parts][routing]") {
  const auto scenario =
      scenario_with("routing:\n  api_rule: {class: api, providers: [first, second]}\n");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::RoutingTable table(scenario, values);
  models::RoutingResult result;
  const std::vector<double> prices{1.0, 0.5}, stateless{0.0};
  table.route({10}, {6, 3}, stateless, prices, result);
  REQUIRE(served_vector(result, 0) == std::vector<double>{6, 3});
  REQUIRE(result.unserved[0] == 1);

  // A suspended rule serves nothing until its suspension is lifted.
  table.suspend(0);
  REQUIRE_FALSE(table.is_active(0));
  table.route({10}, {6, 3}, stateless, prices, result);
  REQUIRE(served_vector(result, 0) == std::vector<double>{0, 0});
  REQUIRE(result.unserved[0] == 10);
  table.lift(0);
  table.route({10}, {6, 3}, stateless, prices, result);
  REQUIRE(result.unserved[0] == 1);
}

TEST_CASE("routing: a rule that prefers the cheapest fills the cheaper provider first",
          "[parts][routing]") {
  const auto scenario = scenario_with(
      "routing:\n  api_rule: {class: api, providers: [first, second], prefer: cheapest}\n");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  const models::RoutingTable table(scenario, values);
  models::RoutingResult result;
  table.route({5}, {6, 3}, {0.0}, {1.0, 0.5}, result);
  REQUIRE(served_vector(result, 0) == std::vector<double>{2, 3});  // second (0.5) full, then first
  REQUIRE(result.unserved[0] == 0);
}

TEST_CASE("routing: a rule takes its share of the demand and the next rule what is left",
          "[parts][routing]") {
  const auto scenario = scenario_with(
      "routing:\n"
      "  on_first: {class: api, providers: [first], share: 0.6}\n"
      "  on_second: {class: api, providers: [second]}\n");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  const models::RoutingTable table(scenario, values);
  models::RoutingResult result;
  table.route({10}, {100, 100}, {0.0}, {1.0, 0.5}, result);
  REQUIRE(served_vector(result, 0) == std::vector<double>{6});
  REQUIRE(served_vector(result, 1) == std::vector<double>{4});
  REQUIRE(result.unserved[0] == 0);
}

TEST_CASE("commitments: take-or-pay charges the penalty fraction of each year's shortfall",
          "[parts][commitments]") {
  const auto scenario = scenario_with(R"(routing:
  api_rule: {class: api, providers: [first]}
commitments:
  c: {payer: dev, provider: first, amount: 24, start: 2026-01-01, term_years: 2,
      schedule: per_year, minimums: [10, 14], shortfall: take_or_pay, penalty_fraction: 0.5}
)");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::CommitmentTracker tracker(scenario.commitments[0], scenario, values);
  tracker.add_spend(100, 0, 0, 0, 12);  // year 0, the right payer and provider
  tracker.add_spend(100, 0, 1, 0, 50);  // another provider: does not count
  tracker.add_spend(400, 0, 0, 0, 10);  // year 1
  const auto first = tracker.assess(0);
  REQUIRE(first.required == 10);
  REQUIRE(first.spend == 12);
  REQUIRE(first.shortfall == 0);
  const auto second = tracker.assess(1);
  REQUIRE(second.required == 14);
  REQUIRE(second.shortfall == 4);
  REQUIRE(second.penalty == 2);
  REQUIRE(tracker.cumulative_spend() == 22);
}

TEST_CASE("commitments: a carried-forward shortfall is due the next year, without a penalty",
          "[parts][commitments]") {
  const auto scenario = scenario_with(R"(routing:
  api_rule: {class: api, providers: [first]}
commitments:
  c: {payer: dev, provider: first, amount: 24, start: 2026-01-01, term_years: 2,
      schedule: per_year, minimums: [10, 14], shortfall: carry_forward, penalty_fraction: 1}
)");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::CommitmentTracker tracker(scenario.commitments[0], scenario, values);
  tracker.add_spend(100, 0, 0, 0, 6);
  tracker.add_spend(400, 0, 0, 0, 15);
  const auto first = tracker.assess(0);
  REQUIRE(first.shortfall == 4);
  REQUIRE(first.penalty == 0);
  const auto last = tracker.assess(1);
  REQUIRE(last.required == 18);  // 14 + the 4 carried
  REQUIRE(last.shortfall == 3);
  REQUIRE(last.penalty == 3);  // the last year: nothing left to carry into
}

TEST_CASE("commitments: a waived commitment assesses nothing more", "[parts][commitments]") {
  const auto scenario = scenario_with(R"(routing:
  api_rule: {class: api, providers: [first]}
commitments:
  c: {payer: dev, provider: first, amount: 24, start: 2026-01-01, term_years: 2,
      schedule: per_year, minimums: [10, 14], shortfall: take_or_pay, penalty_fraction: 1}
)");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::CommitmentTracker tracker(scenario.commitments[0], scenario, values);
  tracker.waive();
  const auto first = tracker.assess(0);
  REQUIRE(first.shortfall == 0);
  REQUIRE(first.penalty == 0);
  REQUIRE(tracker.waived());
}
