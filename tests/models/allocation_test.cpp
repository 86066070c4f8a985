// Capacity shared by priority and pro rata, spill to other providers, utilisation and unserved
// demand by cause: small scenarios with constant monthly demand and exact answers (24 months).
#include <catch2/catch.hpp>

#include "test_support.hpp"

namespace {

// Classes a, b, c with constant demand 6, 6 and 3 a month on one provider `one` (capacity 10)
// and a second provider `two` (capacity 4); `rules` and `extra` complete the scenario.
models::Scenario three_classes(const std::string& rules, const std::string& extra = "") {
  return models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 2
parties: {dev: {name: D}, cloud: {name: C}}
providers:
  one: {party: cloud, capacity: {initial: 10}}
  two: {party: cloud, capacity: {initial: 4}}
workloads:
  a: {payer: dev, initial: 6}
  b: {payer: dev, initial: 6}
  c: {payer: dev, initial: 3}
  orphan: {payer: dev, initial: 1}
)" + extra + "routing:\n" + rules,
                                "<allocation>");
}

double metric(const models::Scenario& scenario, const char* name) {
  const auto result = test_support::run(scenario, 1).at(0);
  return test_support::metric(scenario, result, name);
}

}  // namespace

TEST_CASE("allocation: by priority, a higher rank is served first and equal ranks share pro rata",
          "[model][allocation]") {
  // a (rank 1) takes 6 of 10; b and c (rank 2) ask 6 and 3 for the remaining 4: each gets 4/9
  // of what it asks, b 8/3 and c 4/3 a month.
  const models::Scenario scenario = three_classes(R"(
  ra: {class: a, providers: [one], priority: 1}
  rb: {class: b, providers: [one], priority: 2}
  rc: {class: c, providers: [one], priority: 2}
)");
  REQUIRE(metric(scenario, "billings.one.a") == Approx(24 * 6.0));
  REQUIRE(metric(scenario, "billings.one.b") == Approx(24 * 8.0 / 3));
  REQUIRE(metric(scenario, "billings.one.c") == Approx(24 * 4.0 / 3));
  REQUIRE(metric(scenario, "unserved_capacity.b") == Approx(24 * 10.0 / 3));
  REQUIRE(metric(scenario, "unserved_capacity.c") == Approx(24 * 5.0 / 3));
  REQUIRE(metric(scenario, "unserved_capacity.total") == Approx(24 * 5.0));
  // The orphan class has no rule: unserved for want of a permitted provider.
  REQUIRE(metric(scenario, "unserved_no_provider.total") == Approx(24 * 1.0));
  REQUIRE(metric(scenario, "unserved.total") == Approx(24 * 6.0));
  REQUIRE(metric(scenario, "utilisation.one") == Approx(1.0));
  REQUIRE(metric(scenario, "months_at_capacity.one") == 1.0);
  REQUIRE(metric(scenario, "utilisation.two") == 0.0);
  REQUIRE(metric(scenario, "months_at_capacity.two") == 0.0);
}

TEST_CASE("allocation: without priorities, rules are served in file order", "[model][allocation]") {
  // rc first: 3, then ra: 6, then rb gets the 1 left.
  const models::Scenario scenario = three_classes(R"(
  rc: {class: c, providers: [one]}
  ra: {class: a, providers: [one]}
  rb: {class: b, providers: [one]}
)");
  REQUIRE(metric(scenario, "billings.one.c") == Approx(24 * 3.0));
  REQUIRE(metric(scenario, "billings.one.a") == Approx(24 * 6.0));
  REQUIRE(metric(scenario, "billings.one.b") == Approx(24 * 1.0));
}

TEST_CASE("allocation: pro rata gives every rule the same fraction of what it asks",
          "[model][allocation]") {
  // 15 asked of 10: each gets 2/3, whatever the priorities say.
  const models::Scenario scenario = three_classes(R"(
  ra: {class: a, providers: [one], priority: 1}
  rb: {class: b, providers: [one], priority: 2}
  rc: {class: c, providers: [one], priority: 3}
)",
                                                  "allocation: pro_rata\n");
  REQUIRE(metric(scenario, "billings.one.a") == Approx(24 * 4.0));
  REQUIRE(metric(scenario, "billings.one.b") == Approx(24 * 4.0));
  REQUIRE(metric(scenario, "billings.one.c") == Approx(24 * 2.0));
  REQUIRE(metric(scenario, "utilisation.one") == Approx(1.0));
}

TEST_CASE("allocation: a rule turned away by a full provider asks its next one",
          "[model][allocation]") {
  // Pro rata on `one`: a and b each get 5 of their 6; a moves on to `two` for its last 1.
  const models::Scenario scenario = three_classes(R"(
  ra: {class: a, providers: [one, two]}
  rb: {class: b, providers: [one]}
)",
                                                  "allocation: pro_rata\n");
  REQUIRE(metric(scenario, "billings.one.a") == Approx(24 * 5.0));
  REQUIRE(metric(scenario, "billings.two.a") == Approx(24 * 1.0));
  REQUIRE(metric(scenario, "billings.one.b") == Approx(24 * 5.0));
  REQUIRE(metric(scenario, "unserved_capacity.b") == Approx(24 * 1.0));
  REQUIRE(metric(scenario, "utilisation.two") == Approx(0.25));
}

TEST_CASE("allocation: spill providers are used only after every rule is placed on its own",
          "[model][allocation]") {
  // a (rank 1) takes 6 of `one`; b (rank 2) gets the other 4 and still needs 2; c (rank 3) is
  // placed on its own provider `two` (3 of 4) before anyone spills; b's spill then finds 1 on
  // `two`, and 1 of b is unserved.
  const models::Scenario spilled = three_classes(R"(
  ra: {class: a, providers: [one], priority: 1}
  rb: {class: b, providers: [one], spill: [two], priority: 2}
  rc: {class: c, providers: [two], priority: 3}
)");
  REQUIRE(metric(spilled, "billings.one.a") == Approx(24 * 6.0));
  REQUIRE(metric(spilled, "billings.one.b") == Approx(24 * 4.0));
  REQUIRE(metric(spilled, "billings.two.c") == Approx(24 * 3.0));
  REQUIRE(metric(spilled, "billings.two.b") == Approx(24 * 1.0));
  REQUIRE(metric(spilled, "unserved_capacity.b") == Approx(24 * 1.0));
  REQUIRE(metric(spilled, "unserved_capacity.c") == 0.0);
  // With `two` as a permitted provider of b instead, b (rank 2) takes 2 of it before c
  // (rank 3) is placed, and c loses 1.
  const models::Scenario listed = three_classes(R"(
  ra: {class: a, providers: [one], priority: 1}
  rb: {class: b, providers: [one, two], priority: 2}
  rc: {class: c, providers: [two], priority: 3}
)");
  REQUIRE(metric(listed, "billings.two.b") == Approx(24 * 2.0));
  REQUIRE(metric(listed, "billings.two.c") == Approx(24 * 2.0));
  REQUIRE(metric(listed, "unserved_capacity.b") == 0.0);
  REQUIRE(metric(listed, "unserved_capacity.c") == Approx(24 * 1.0));
  REQUIRE(metric(listed, "utilisation.two") == Approx(1.0));
}
