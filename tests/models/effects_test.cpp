#include <catch2/catch.hpp>

#include <cmath>

#include "test_support.hpp"

namespace {

// Two providers: `main` bills 1.2, `second` 0.5; `api` demand is 2.0 per month, all on `second`
// (1.0 billed per month) unless rules change.
const char* kTwoClouds = R"(
start: 2026-01-01
horizon_years: 3
parties:
  dev: {name: Developer}
  cloud: {name: Cloud}
  other: {name: Other cloud}
  investor: {name: Investor}
  regulator: {name: Regulator}
providers:
  main: {party: cloud, price: 1.2, capacity: {initial: .inf}}
  second: {party: other, price: 0.5, capacity: {initial: .inf}}
workloads:
  api: {payer: dev, initial: 2.0}
routing:
  on_second: {class: api, providers: [second]}
  fallback: {class: api, providers: [main]}
)";

models::Scenario scenario(const std::string& extra) {
  return models::parse_scenario(std::string(kTwoClouds) + extra, "<effects test>");
}

double metric(const models::Scenario& s, const models::ReplicationResult& r,
              const std::string& name) {
  return test_support::metric(s, r, name);
}

}  // namespace

TEST_CASE("effects: a spend trigger files the dispute in the first month above the level",
          "[model][effects]") {
  // Monthly spend on `second` is 1.0 until the claim... the trigger level 0.9 is crossed in the
  // first month (January), so the claim is filed on 2026-01-01.
  const auto s = scenario(R"(
disputes:
  d:
    claimant: cloud
    respondents: [dev]
    filing: {trigger: {provider: second, class: api, above: 0.9}, earliest: 2026-06-01}
    duration_months: 1
    outcomes: {done: {probability: 1}}
)");
  const auto result = test_support::run(s, 1).at(0);
  REQUIRE(metric(s, result, "filed.d") == 1);
  // Not before `earliest`: filed at the first month boundary on or after 2026-06-01.
  REQUIRE(metric(s, result, "filing_years.d") == Approx(s.timeline.time_of({2026, 6, 1}) / 365.25));
  const auto never = scenario(R"(
disputes:
  d:
    claimant: cloud
    respondents: [dev]
    filing: {trigger: {provider: second, above: 1.5}}
    duration_months: 1
    outcomes: {done: {probability: 1}}
)");
  REQUIRE(metric(never, test_support::run(never, 1).at(0), "filed.d") == 0);
}

TEST_CASE(
    "effects: a tranche whose milestone misses its deadline lapses, is renegotiated or delayed",
    "[model][effects]") {
  const std::string base = R"(
investments:
  deal:
    investor: investor
    recipient: dev
    tranches:
      t:
        amount: 10
        equity: false
        milestone: {hazard_per_year: 0}
        deadline: 2027-01-01
)";
  const auto lapse = scenario(base + "        on_deadline: lapse\n");
  const auto lapsed = test_support::run(lapse, 1).at(0);
  REQUIRE(metric(lapse, lapsed, "tranche_paid.deal.t") == 0);
  REQUIRE(std::isnan(metric(lapse, lapsed, "tranche_years.deal.t")));

  const auto renegotiate =
      scenario(base + "        on_deadline: renegotiate\n        renegotiate_fraction: 0.4\n");
  const auto paid = test_support::run(renegotiate, 1).at(0);
  REQUIRE(metric(renegotiate, paid, "tranche_paid.deal.t") == 1);
  REQUIRE(metric(renegotiate, paid, "tranche_amount.deal.t") == Approx(4.0));
  REQUIRE(metric(renegotiate, paid, "tranche_years.deal.t") == Approx(365.0 / 365.25));
  REQUIRE(metric(renegotiate, paid, "net_cash_flow.investor") == Approx(-4.0));

  // Delay: the deadline moves 6 months once, then the tranche lapses.
  const auto delay = scenario(base + "        on_deadline: delay\n        delay_months: 6\n");
  const auto delayed = test_support::run(delay, 1).at(0);
  REQUIRE(metric(delay, delayed, "tranche_paid.deal.t") == 0);
  int delays = 0, lapses = 0;
  for (const auto& event : delayed.events) {
    delays += event.kind == models::EventKind::TrancheDeadlineDelayed;
    if (event.kind == models::EventKind::TrancheLapsed) {
      ++lapses;
      REQUIRE(event.time == Approx(365.0 + 6 * 365.25 / 12));
    }
  }
  REQUIRE(delays == 1);
  REQUIRE(lapses == 1);
}

TEST_CASE("effects: a milestone conditioned on no injunction waits while one is in force",
          "[model][effects]") {
  // The claim is decided for the claimant in mid-January and enjoins the rule for the whole
  // horizon. The milestone's hazard (50 a year) runs from March: with the condition it never
  // occurs; without it, it occurs in March.
  const std::string dispute = R"(
disputes:
  d:
    claimant: cloud
    respondents: [dev]
    filing: {on_date: 2026-01-01}
    duration_months: 0.5
    outcomes:
      win: {probability: 1, effects: [{injunction: {rule: on_second, months: 100}}]}
investments:
  deal:
    investor: investor
    recipient: dev
    tranches:
      t:
        amount: 10
        equity: false
        milestone:
          hazard_per_year: 50
          earliest: 2026-03-01
)";
  const auto blocked = scenario(dispute + "          conditions: {no_injunction: true}\n");
  const auto free = scenario(dispute);
  const auto blocked_results = test_support::run(blocked, 20),
             free_results = test_support::run(free, 20);
  for (std::size_t i = 0; i < 20; ++i) {
    REQUIRE(metric(blocked, blocked_results[i], "tranche_paid.deal.t") == 0);
    REQUIRE(metric(free, free_results[i], "tranche_paid.deal.t") == 1);
    REQUIRE(metric(free, free_results[i], "tranche_years.deal.t") >= 59.0 / 365.25);
  }
}

TEST_CASE("effects: equity paid in dilutes the other holders at the current valuation",
          "[model][effects]") {
  const auto s = scenario(R"(
investments:
  deal:
    investor: investor
    recipient: dev
    tranches: {t: {amount: 100, on_date: 2026-01-01}}
equity:
  company: dev
  valuation: 300
  drift: 0
  volatility: 0
  stakes: {cloud: 0.5}
)");
  const auto result = test_support::run(s, 1).at(0);
  // Post-money 400: cloud keeps 0.5 x 300/400 = 0.375 of 400 = 150; the investor owns 100/400.
  REQUIRE(metric(s, result, "valuation.final") == Approx(400));
  REQUIRE(metric(s, result, "stake_value.cloud") == Approx(150));
  REQUIRE(metric(s, result, "stake_value.investor") == Approx(100));
}

TEST_CASE("effects: a structural remedy ends a pending dispute without an outcome",
          "[model][effects]") {
  const auto s = scenario(R"(
disputes:
  d:
    claimant: cloud
    respondents: [dev]
    filing: {on_date: 2026-01-01}
    duration_months: 24
    legal_cost_per_month: {cloud: 0.1}
    outcomes: {win: {probability: 1, effects: [{payment: {from: dev, to: cloud, amount: 5, kind: damages}}]}}
reviews:
  r:
    regulator: regulator
    opening: {on_date: 2026-02-01}
    duration_months: 3
    outcomes: {remedy: {probability: 1, effects: [{end_dispute: {dispute: d}}]}}
)");
  const auto result = test_support::run(s, 1).at(0);
  REQUIRE(metric(s, result, "filed.d") == 1);
  REQUIRE(metric(s, result, "mooted.d") == 1);
  REQUIRE(metric(s, result, "outcome.d.win") == 0);
  REQUIRE(metric(s, result, "payments.d") == 0);
  REQUIRE(metric(s, result, "outcome.r.remedy") == 1);
  // Legal costs are charged at each month start while the dispute is pending. Filed on Jan 1
  // (after that instant's month step) and mooted in early May: charged on Feb, Mar, Apr, May 1.
  REQUIRE(metric(s, result, "legal_cost.d") == Approx(0.4));
}

TEST_CASE("effects: a settlement's revenue share pays a fraction of the provider's monthly revenue",
          "[model][effects]") {
  const auto s = scenario(R"(
disputes:
  d:
    claimant: cloud
    respondents: [other]
    filing: {on_date: 2026-01-01}
    duration_months: 0.5
    outcomes:
      settle:
        probability: 1
        effects: [{revenue_share: {from: other, to: cloud, provider: second, fraction: 0.1, months: 12}}]
)");
  const auto result = test_support::run(s, 1).at(0);
  // Revenue of `second` is 1.0 a month; the share runs for 12 months from mid-January, so it is
  // paid at the February to January month starts: 12 payments of 0.1.
  REQUIRE(metric(s, result, "net_cash_flow.other") == Approx(36.0 - 1.2));
  REQUIRE(metric(s, result, "net_cash_flow.cloud") == Approx(1.2));
}

TEST_CASE("effects: a waived commitment assesses nothing afterwards", "[model][effects]") {
  const auto s = scenario(R"(
commitments:
  c: {payer: dev, provider: main, amount: 30, start: 2026-01-01, term_years: 3}
reviews:
  r:
    regulator: regulator
    opening: {on_date: 2026-06-01}
    duration_months: 1
    outcomes: {remedy: {probability: 1, effects: [{commitment: {id: c, action: waive}}]}}
)");
  const auto result = test_support::run(s, 1).at(0);
  // No spend ever goes to `main`, but the commitment was waived before its first year ended.
  REQUIRE(metric(s, result, "shortfall.c") == 0);
  REQUIRE(metric(s, result, "penalty.c") == 0);
  const auto unwaived = scenario(R"(
commitments:
  c: {payer: dev, provider: main, amount: 30, start: 2026-01-01, term_years: 3}
)");
  REQUIRE(metric(unwaived, test_support::run(unwaived, 1).at(0), "penalty.c") == Approx(30));
}

TEST_CASE("effects: a cumulative schedule credits earlier surplus against later minimums",
          "[model][effects]") {
  // 12 billed a year on `second`; cumulative minimums 5, 20, 37: year 1 has surplus 7; year 2
  // needs 20 cumulative and has 24; year 3 needs 37 and has 36.
  const auto s = scenario(R"(
commitments:
  c: {payer: dev, provider: second, amount: 37, start: 2026-01-01, term_years: 3, schedule: cumulative,
      minimums: [5, 20, 37]}
)");
  const auto result = test_support::run(s, 1).at(0);
  REQUIRE(metric(s, result, "shortfall.c") == Approx(1.0));
  REQUIRE(metric(s, result, "penalty.c") == Approx(1.0));
}
