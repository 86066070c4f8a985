// The parts of a deal that schedule their own events or evolve over time, each on its own
// against its contract with exact answers: hazard clocks, workload streams, the equity book,
// the tranche book and the proceeding docket (the end-to-end tests exercise them together).
#include <catch2/catch.hpp>

#include <cmath>

#include <boost/math/distributions/binomial.hpp>

#include "models/deal/equity_book.hpp"
#include "models/deal/hazard_clock.hpp"
#include "models/deal/proceeding_docket.hpp"
#include "models/deal/tranche_book.hpp"
#include "models/deal/workload_stream.hpp"
#include "test_support.hpp"
#include "tests/support/chi_square.hpp"

namespace {

using models::detail::kDaysPerMonth;
using models::detail::kDaysPerYear;

// One replication's shared pieces around a scenario, without the coordinator, so that a part
// can be driven alone.
struct Deal {
  explicit Deal(const std::string& sections)
      : scenario(models::parse_scenario(std::string(test_support::kMinimal) + R"(
routing:
  api: {class: api, providers: [main]}
)" + sections,
                                        "parts.yaml")),
        catalog(scenario),
        values(scenario.parameters, scenario.seed, 0),
        streams(scenario.seed, 0),
        ledger(scenario.parties.size() + 1, true),
        context{scenario, catalog, values, streams, simulation, ledger, result} {
    result.scalars.assign(catalog.scalars().size(), 0.0);
    result.series.assign(catalog.series_values(), 0.0);
  }
  int party(const std::string& id) const {
    for (std::size_t p = 0; p < scenario.parties.size(); ++p) {
      if (scenario.parties[p].id == id) return static_cast<int>(p);
    }
    return -1;
  }
  double metric(const std::string& name) const {
    return result.scalars[catalog.scalar_index(name)];
  }

  models::Scenario scenario;
  models::MetricCatalog catalog;
  models::ParameterValues values;
  sim::RandomStreams streams;
  sim::Simulation simulation;
  models::Ledger ledger;
  models::ReplicationResult result;
  models::detail::DealContext context;
};

// Every condition holds, or none does.
struct Always final : models::detail::ConditionCheck {
  bool answer = true;
  bool hold(const models::ConditionsSpec&) const override { return answer; }
};

// Records the outcomes applied.
struct Outcomes final : models::detail::OutcomeHandler {
  std::vector<std::string> applied;
  void apply_outcome(const models::OutcomeSpec& outcome, std::uint32_t,
                     models::detail::ProceedingState*) override {
    applied.push_back(outcome.id);
  }
};

}  // namespace

TEST_CASE(
    "hazard clock: a constant rate crosses its unit-exponential threshold exactly, however "
    "the time is cut",
    "[parts][hazard]") {
  sim::RandomStream draws(42), again(42);
  const double threshold = sim::RandomStream(42).exponential(1.0);
  models::HazardClock whole(0.5, 0, 0, draws), monthly(0.5, 0, 0, again);
  const double expected = threshold / 0.5 * 365.25;
  REQUIRE(whole.run(0, 1e9) == Approx(expected).epsilon(1e-12));
  double found = -1;
  for (int month = 0; found < 0; ++month)
    found = monthly.run(month * kDaysPerMonth, (month + 1) * kDaysPerMonth);
  REQUIRE(found == Approx(expected).epsilon(1e-12));
  // A growing rate r e^{g t} crosses where (r/g)(e^{g t} - 1) = threshold.
  sim::RandomStream grown(42);
  models::HazardClock growing(0.5, 0.3, 0, grown);
  const double years = std::log(1 + threshold * 0.3 / 0.5) / 0.3;
  REQUIRE(growing.run(0, 1e9) == Approx(years * 365.25).epsilon(1e-12));
  // A zero rate never fires.
  sim::RandomStream idle(1);
  REQUIRE(models::HazardClock(0, 0, 0, idle).run(0, 1e9) < 0);
}

TEST_CASE("workload stream: without volatility, demand grows as e^(growth t), slowed by a ceiling",
          "[parts][workloads]") {
  const auto scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
  capped: {payer: dev, initial: 1.0, growth: 0.5, ceiling: 2.0, start: 2026-07-01}
routing:
  api: {class: api, providers: [main]}
  capped: {class: capped, providers: [main]}
)",
                                               "workloads.yaml");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::WorkloadStream stream(scenario.workloads[1], values, sim::RandomStream(1), 24);
  REQUIRE(stream.demand(0) == 0);  // before its start
  const double start = scenario.timeline.time_of({2026, 7, 1});
  REQUIRE(stream.demand(start) == 1.0);
  // Logistic: each month multiplies by exp(0.5 (1 - D / 2) / 12).
  double expected = 1.0;
  for (int month = 0; month < 24; ++month) {
    stream.advance_month(0.0);
    expected *= std::exp(0.5 * (1 - expected / 2.0) / 12.0);
    REQUIRE(stream.demand(start) == Approx(expected).epsilon(1e-12));
  }
  REQUIRE(expected < 2.0);
}

TEST_CASE("workload stream: enterprise customers leave at their churn rate", "[parts][workload]") {
  // 2,000 customers of exactly 0.001 a month, churn 1.2 a year, no arrivals, no shocks: after
  // 12 monthly checks each remains with probability e^-1.2 independently.
  const auto scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
  agents:
    payer: dev
    initial: 0
    customers: {initial_count: 2000, arrivals_per_year: 0, size_median: 0.001, size_log_sd: 0,
                churn_per_year: 1.2}
routing:
  api: {class: api, providers: [main]}
)");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::WorkloadStream stream(scenario.workloads[1], values, sim::RandomStream(7), 12);
  REQUIRE(stream.demand(0) == Approx(2.0));
  for (int month = 0; month < 12; ++month)
    stream.advance_month(0.0);
  const double kept = stream.demand(0) / 0.001, p = std::exp(-1.2);
  REQUIRE(std::abs(kept - 2000 * p) < 3 * std::sqrt(2000 * p * (1 - p)));
}

TEST_CASE("workload stream: the customers leaving in a month follow Binomial(n, p) (chi-square)",
          "[parts][workload]") {
  // Departures are drawn once per customer, on arrival, as a geometric number of checks
  // survived; the count leaving at any one month must still be Binomial(present, p) with
  // p = 1 - e^(-churn / 12). Checked at the first and at the sixth month, at several n and p.
  for (const auto& [count, churn] :
       std::vector<std::pair<int, double>>{{5, 2.4}, {40, 0.6}, {400, 1.2}, {2000, 0.12}}) {
    const auto scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
  agents:
    payer: dev
    initial: 0
    customers: {initial_count: )" + std::to_string(count) +
                                                 R"(, arrivals_per_year: 0,
                size_median: 0.001, size_log_sd: 0, churn_per_year: )" +
                                                 std::to_string(churn) + R"(}
routing:
  api: {class: api, providers: [main]}
)");
    const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
    const double p = -std::expm1(-churn / 12);
    std::vector<long> first(static_cast<std::size_t>(count) + 1, 0), sixth = first;
    for (std::uint64_t replication = 0; replication < 4000; ++replication) {
      models::WorkloadStream stream(scenario.workloads[1], values,
                                    sim::RandomStreams(5, replication).stream("customers"), 12);
      stream.advance_month(0.0);
      ++first[static_cast<std::size_t>(count - stream.customers())];
      for (int month = 1; month < 5; ++month)
        stream.advance_month(0.0);
      const std::int64_t before = stream.customers();
      stream.advance_month(0.0);
      ++sixth[static_cast<std::size_t>(before - stream.customers())];
    }
    INFO(count << " customers, churn " << churn << " a year (p = " << p << " a month)");
    const boost::math::binomial month_one(count, p);
    REQUIRE(test_support::chi_square_p_value(first, [&](long k) {
              return k <= count ? boost::math::pdf(month_one, static_cast<double>(k)) : 0.0;
            }) > 0.001);
    // Survivors of five checks are Binomial(count, (1 - p)^5); of those, Binomial(., p) leave.
    // The number leaving at the sixth check is then Binomial(count, (1 - p)^5 p).
    const boost::math::binomial month_six(count, std::pow(1 - p, 5) * p);
    REQUIRE(test_support::chi_square_p_value(sixth, [&](long k) {
              return k <= count ? boost::math::pdf(month_six, static_cast<double>(k)) : 0.0;
            }) > 0.001);
  }
}

TEST_CASE("equity book: an investment at valuation V dilutes every stake by V / (V + amount)",
          "[parts][equity]") {
  const auto scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
routing:
  api: {class: api, providers: [main]}
equity:
  company: dev
  valuation: 100
  drift: 0
  volatility: 0
  stakes: {cloud: 0.3}
)",
                                               "equity.yaml");
  const models::ParameterValues values(scenario.parameters, scenario.seed, 0);
  models::EquityBook equity(scenario.equity, scenario.parties.size() + 1, values);
  equity.advance_month(1.5);  // no drift, no volatility: unchanged
  REQUIRE(equity.valuation() == 100);
  equity.invest(2, 25);  // "other" buys in for 25 at 100
  REQUIRE(equity.valuation() == 125);
  REQUIRE(equity.stake(1) == Approx(0.3 * 100 / 125));
  REQUIRE(equity.stake(2) == Approx(25.0 / 125));
  REQUIRE(equity.stake_value(2) == Approx(25));
}

TEST_CASE("tranche book: dated payments, cancellation, and a delayed deadline that then lapses",
          "[parts][tranches]") {
  Deal deal(R"(
investments:
  deal:
    investor: other
    recipient: dev
    tranches:
      dated: {amount: 4, equity: false, on_date: 2026-04-01}
      late: {amount: 6, equity: false, milestone: {hazard_per_year: 0}, deadline: 2026-06-01,
             on_deadline: delay, delay_months: 3}
      cancelled: {amount: 2, equity: false, on_date: 2026-09-01}
)");
  models::EquityBook equity(deal.scenario.equity, deal.scenario.parties.size() + 1, deal.values);
  models::detail::TrancheBook tranches(deal.context, equity);
  Always conditions;
  tranches.schedule();
  tranches.cancel(0, 2, models::EventCause::cause(0));
  for (int month = 0; month < 24; ++month) {
    const double from = deal.scenario.timeline.month_boundary(month),
                 to = deal.scenario.timeline.month_boundary(month + 1);
    tranches.run_milestones(from, to, conditions);
    deal.simulation.run_until(to);
  }
  tranches.write_metrics();
  REQUIRE(deal.metric("tranche_paid.deal.dated") == 1);
  REQUIRE(deal.metric("tranche_amount.deal.dated") == 4);
  REQUIRE(deal.metric("tranche_years.deal.dated") ==
          Approx(deal.scenario.timeline.time_of({2026, 4, 1}) / kDaysPerYear));
  REQUIRE(deal.metric("tranche_paid.deal.late") == 0);
  REQUIRE(deal.metric("tranche_paid.deal.cancelled") == 0);
  REQUIRE(deal.ledger.net(deal.party("dev")) == 4);
  std::vector<models::EventKind> kinds;
  for (const auto& event : deal.result.events)
    kinds.push_back(event.kind);
  using K = models::EventKind;
  REQUIRE(kinds == std::vector<K>{K::TrancheCancel, K::TranchePaid, K::TrancheDeadlineDelayed,
                                  K::TrancheLapsed});
  // The lapse comes 3 months after the first deadline.
  REQUIRE(deal.result.events.back().time ==
          Approx(deal.scenario.timeline.time_of({2026, 6, 1}) + 3 * kDaysPerMonth));
}

TEST_CASE(
    "proceeding docket: a dated filing is pending for its duration, pays legal costs "
    "monthly, resolves to its outcome; one never started stays so",
    "[parts][proceedings]") {
  Deal deal(R"(
disputes:
  suit:
    claimant: cloud
    respondents: [dev]
    filing: {on_date: 2026-03-01}
    duration_months: 4
    legal_cost_per_month: {cloud: 0.5, dev: 0.25}
    outcomes: {win: {probability: 1}}
  unlikely:
    claimant: cloud
    respondents: [dev]
    file_probability: 0
    filing: {on_date: 2026-03-01}
    duration_months: 1
    outcomes: {win: {probability: 1}}
)");
  Outcomes outcomes;
  Always conditions;
  models::detail::ProceedingDocket docket(
      deal.context, models::detail::ProceedingDocket::Kind::Dispute, outcomes);
  docket.arm();
  const int external = static_cast<int>(deal.scenario.parties.size());
  int pending_months = 0;
  for (int month = 0; month < 24; ++month) {
    const double from = deal.scenario.timeline.month_boundary(month),
                 to = deal.scenario.timeline.month_boundary(month + 1);
    // As in a replication: the month's step, then the occurrences within the month.
    docket.pay_legal_costs(from, external);
    pending_months += docket.any_pending();
    docket.run_hazards(from, to, conditions);
    deal.simulation.run_until(std::nextafter(to, from));
  }
  deal.simulation.run_until(deal.scenario.horizon_time);
  docket.write_metrics();
  REQUIRE(outcomes.applied == std::vector<std::string>{"win"});
  REQUIRE(deal.metric("filed.suit") == 1);
  REQUIRE(deal.metric("outcome.suit.win") == 1);
  REQUIRE(deal.metric("filed.unlikely") == 0);
  // Filed 1 March, resolved 4 months later (about 1 July): pending at the April, May and June
  // month starts (the March start comes before the filing that day).
  REQUIRE(pending_months == 3);
  REQUIRE(deal.metric("legal_cost.suit") == Approx(3 * 0.75));
  REQUIRE(deal.ledger.net(external) == Approx(3 * 0.75));
  REQUIRE(docket.state(1).status == models::detail::ProceedingState::Status::Never);
}
