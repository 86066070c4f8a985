// The pieces between a replication and the results file, each against its contract: the
// metric catalog's layout, provider capacity, event labels, the experiment pipeline and the
// results file's schema.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include "models/deal/provider_capacity.hpp"
#include "models/experiment/experiment.hpp"
#include "models/metrics/results_file.hpp"
#include "sim/io/hdf5_reader.hpp"
#include "test_support.hpp"

namespace {

// Two clouds, one class routed to the second, a dated and a milestone tranche, a revenue
// share, and a dispute filed on a date
// whose single outcome enjoins the rule and orders damages.
const std::string kDeal = std::string(test_support::kMinimal) + R"(
  research: {payer: dev, initial: 1.0}
routing:
  on_second: {class: api, providers: [second]}
  fallback: {class: api, providers: [main]}
  research: {class: research, providers: [main]}
commitments:
  spend: {payer: dev, provider: main, amount: 100, term_years: 2, start: 2026-01-01,
          schedule: even, shortfall: take_or_pay}
investments:
  deal:
    investor: other
    recipient: dev
    tranches:
      t: {amount: 3, equity: false, on_date: 2026-07-01}
      m: {amount: 2, equity: false, milestone: {hazard_per_year: 0.5}}
revenue_shares:
  share: {from: dev, to: other, fraction: 0.1}
disputes:
  suit:
    claimant: cloud
    respondents: [dev]
    filing: {on_date: 2026-03-01}
    duration_months: 2
    outcomes:
      win:
        probability: 1
        effects:
          - {injunction: {rule: on_second, months: 6}}
          - {payment: {from: dev, to: cloud, amount: 5, kind: damages}}
)";

models::Scenario deal() {
  return models::parse_scenario(kDeal, "deal.yaml");
}

}  // namespace

TEST_CASE("metric layout: every named index points at the metric of that name, once",
          "[parts][metrics]") {
  const models::Scenario scenario = deal();
  const models::MetricCatalog catalog(scenario);
  const auto& at = catalog.at;
  const auto name = [&](std::size_t index) { return catalog.scalars().at(index).name; };
  std::multiset<std::size_t> indices;
  const auto named = [&](std::size_t index, const std::string& expected) {
    REQUIRE(name(index) == expected);
    indices.insert(index);
  };
  for (std::size_t p = 0; p < scenario.providers.size(); ++p) {
    const std::string& provider = scenario.providers[p].id;
    named(at.billings_by_provider[p], "billings." + provider);
    named(at.share_by_provider[p], "share." + provider);
    named(at.cost_by_provider[p], "cost." + provider);
    named(at.gross_profit_by_provider[p], "gross_profit." + provider);
    named(at.utilisation[p], "utilisation." + provider);
    named(at.months_at_capacity[p], "months_at_capacity." + provider);
    for (std::size_t w = 0; w < scenario.workloads.size(); ++w)
      named(at.billings_by_provider_class[p][w],
            "billings." + provider + "." + scenario.workloads[w].id);
  }
  for (std::size_t w = 0; w < scenario.workloads.size(); ++w) {
    named(at.demand_by_class[w], "demand." + scenario.workloads[w].id);
    named(at.unserved_by_class[w], "unserved." + scenario.workloads[w].id);
    named(at.unserved_capacity_by_class[w], "unserved_capacity." + scenario.workloads[w].id);
    named(at.revenue_by_class[w], "revenue." + scenario.workloads[w].id);
    named(at.lost_revenue_by_class[w], "lost_revenue." + scenario.workloads[w].id);
  }
  named(at.unserved_total, "unserved.total");
  named(at.unserved_capacity_total, "unserved_capacity.total");
  named(at.unserved_no_provider_total, "unserved_no_provider.total");
  named(at.revenue_total, "revenue.total");
  named(at.lost_revenue_total, "lost_revenue.total");
  named(at.revenue_share[0].paid, "revenue_share_paid.share");
  named(at.revenue_share[0].ended, "revenue_share_ended.share");
  named(at.revenue_share[0].end_years, "revenue_share_end_years.share");
  named(at.commitment[0].shortfall, "shortfall.spend");
  named(at.commitment[0].carried, "carried.spend");
  named(at.commitment[0].penalty, "penalty.spend");
  named(at.commitment[0].shortfall_any, "shortfall_any.spend");
  named(at.commitment[0].counted_spend, "counted_spend.spend");
  named(at.tranche[0][0].paid, "tranche_paid.deal.t");
  named(at.tranche[0][0].years, "tranche_years.deal.t");
  named(at.tranche[0][0].amount, "tranche_amount.deal.t");
  named(at.tranche[0][1].paid, "tranche_paid.deal.m");
  named(at.tranche[0][1].years, "tranche_years.deal.m");
  named(at.tranche[0][1].amount, "tranche_amount.deal.m");
  named(at.tranche[0][1].milestone_reached, "milestone_reached.deal.m");
  named(at.tranche[0][1].milestone_years, "milestone_years.deal.m");
  named(at.tranche[0][1].paid_in_full, "tranche_paid_in_full.deal.m");
  named(at.tranche[0][1].renegotiated, "tranche_renegotiated.deal.m");
  named(at.tranche[0][1].lapsed, "tranche_lapsed.deal.m");
  named(at.dispute[0].filed, "filed.suit");
  named(at.dispute[0].filing_years, "filing_years.suit");
  named(at.dispute[0].mooted, "mooted.suit");
  named(at.dispute[0].payments, "payments.suit");
  named(at.dispute[0].legal_cost, "legal_cost.suit");
  named(at.dispute[0].outcome[0], "outcome.suit.win");
  for (std::size_t p = 0; p < scenario.parties.size(); ++p) {
    const std::string& party = scenario.parties[p].id;
    named(at.party[p].net_cash, "net_cash_flow." + party);
    named(at.party[p].npv, "npv_cash_flow." + party);
    named(at.party[p].stake_value, "stake_value." + party);
    named(at.party[p].value, "value." + party);
  }
  named(at.valuation, "valuation.final");
  // Every scalar is reached through exactly one named index (no drawn inputs here).
  REQUIRE(at.inputs.empty());
  REQUIRE(indices.size() == catalog.scalars().size());
  REQUIRE(std::set<std::size_t>(indices.begin(), indices.end()).size() == indices.size());
}

TEST_CASE("metric layout: units, probabilities and headline flags are set where metrics are named",
          "[parts][metrics]") {
  const models::MetricCatalog catalog(deal());
  const auto info = [&](const std::string& name) {
    return catalog.scalars()[catalog.scalar_index(name)];
  };
  REQUIRE(info("npv_cash_flow.dev").unit == "USD B");
  REQUIRE(info("npv_cash_flow.dev").headline);
  REQUIRE_FALSE(info("npv_cash_flow.dev").probability);
  REQUIRE(info("tranche_paid.deal.t").probability);
  REQUIRE(info("tranche_paid.deal.t").unit == "0/1");
  REQUIRE(info("tranche_paid.deal.t").headline);
  REQUIRE(info("tranche_years.deal.t").unit == "years");
  REQUIRE_FALSE(info("billings.main.api").headline);  // per class: detail
  REQUIRE(info("billings.main").headline);
  REQUIRE_FALSE(info("legal_cost.suit").headline);
  for (const auto& metric : catalog.scalars())
    REQUIRE(metric.probability == (metric.unit == "0/1"));
}

TEST_CASE("provider capacity: linear between ramp points, a step to an unlimited level",
          "[parts][capacity]") {
  const models::Scenario scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
  research: {payer: dev, initial: 1.0}
routing:
  api: {class: api, providers: [main]}
)",
                                                           "capacity.yaml");
  models::ProviderSpec provider = scenario.providers[0];
  models::Scenario ramped = models::parse_scenario(R"(
start: 2026-01-01
horizon_years: 3
parties: {dev: {name: Developer}, cloud: {name: Cloud}}
providers:
  gw:
    party: cloud
    price: 1.0
    capacity:
      unit: gigawatts
      usd_per_gigawatt_month: 2.0
      initial: 1
      ramp:
        - {date: 2027-01-01, level: 3}
        - {date: 2028-01-01, level: .inf}
workloads:
  api: {payer: dev, initial: 1.0}
routing:
  api: {class: api, providers: [gw]}
)",
                                                   "ramp.yaml");
  const models::ParameterValues values(ramped.parameters, ramped.seed, 0);
  const models::detail::ProviderCapacity capacity(ramped.providers[0], values);
  const double year = ramped.timeline.time_of({2027, 1, 1});
  REQUIRE(capacity.at(0) == 2.0);                                      // 1 GW x 2 USD B
  REQUIRE(capacity.at(year / 2) == Approx(2.0 * 2.0).epsilon(1e-12));  // halfway to 3 GW
  REQUIRE(capacity.at(year) == 6.0);
  REQUIRE(capacity.at(ramped.timeline.time_of({2027, 7, 1})) == 6.0);  // the step comes at its date
  REQUIRE(std::isinf(capacity.at(ramped.timeline.time_of({2028, 1, 1}))));
  const models::ParameterValues flat_values(scenario.parameters, scenario.seed, 0);
  REQUIRE(std::isinf(models::detail::ProviderCapacity(provider, flat_values).at(100)));
}

TEST_CASE("event labels: kinds and causes are codes, written as the labels of the model",
          "[parts][events]") {
  const models::Scenario scenario = deal();
  const models::MetricCatalog catalog(scenario);
  const auto result = models::run_replication(scenario, catalog, 0);
  std::vector<std::string> labels;
  for (const auto& event : result.events) {
    labels.push_back(std::string(models::event_kind_name(event.kind)) + " " +
                     models::event_cause_text(event.cause, catalog, scenario));
  }
  const std::vector<std::string> expected = {
      "dispute_filed dispute:suit",
      "dispute_resolved dispute:suit.win",
      "injunction dispute:suit.win suspends on_second",
      "damages dispute:suit.win",
      "tranche_paid tranche:deal.t",
      "injunction_ended on_second",
      "shortfall commitment:spend year 1",
      "milestone tranche:deal.m",  // the hazard (0.5 a year) fires in this replication's draws
      "tranche_paid tranche:deal.m",
      "shortfall commitment:spend year 2",
  };
  REQUIRE(labels == expected);
}

TEST_CASE("running precision: Welford's mean and the 95 % half-width, NaN skipped",
          "[experiment]") {
  models::RunningPrecision precision;
  REQUIRE(std::isinf(precision.half_width()));
  for (double value : {1.0, 2.0, std::nan(""), 3.0, 4.0})
    precision.add(value);
  REQUIRE(precision.count() == 4);
  REQUIRE(precision.mean() == 2.5);
  // sample variance 5/3, standard error sqrt(5/3 / 4)
  REQUIRE(precision.half_width() == Approx(1.959963984540054 * std::sqrt(5.0 / 12.0)));
  REQUIRE(precision.met(0.6));        // 1.265 < 0.6 x 2.5
  REQUIRE_FALSE(precision.met(0.5));  // 1.265 > 1.25
}

TEST_CASE("experiment: results reach the sink in replication order, the same for any threads",
          "[experiment]") {
  const models::Scenario scenario = deal();
  const models::MetricCatalog catalog(scenario);
  // Every scalar and series value of every replication, in delivery order.
  const auto collect = [&](unsigned threads, std::uint64_t helper_copies_from) {
    models::ExperimentPlan plan;
    plan.replications = 40;
    plan.threads = threads;
    plan.helper_copies_from = helper_copies_from;
    std::vector<std::uint64_t> order;
    std::vector<double> values;
    const auto outcome = models::run_experiment(
        scenario, catalog, plan, [&](std::uint64_t index, models::ReplicationResult&& result) {
          order.push_back(index);
          values.insert(values.end(), result.scalars.begin(), result.scalars.end());
          values.insert(values.end(), result.series.begin(), result.series.end());
        });
    REQUIRE(outcome.replications == 40);
    for (std::uint64_t i = 0; i < order.size(); ++i)
      REQUIRE(order[i] == i);
    return values;
  };
  const std::vector<double> one_thread = collect(1, 1000);
  REQUIRE(one_thread.size() == 40 * (catalog.scalars().size() + catalog.series_values()));
  // NaN marks an undefined metric; compare bit patterns so that NaN matches NaN.
  const auto same_bits = [](const std::vector<double>& a, const std::vector<double>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
  };
  // 40 replications: the helpers read the caller's scenario; from 0, each its own copy.
  REQUIRE(same_bits(one_thread, collect(3, 1000)));
  REQUIRE(same_bits(one_thread, collect(3, 0)));
}

TEST_CASE("experiment: results packed in blocks are the results, in order, for any threads",
          "[experiment]") {
  const models::Scenario scenario = deal();
  const models::MetricCatalog catalog(scenario);
  std::vector<models::ReplicationResult> expected;
  for (std::uint64_t i = 0; i < 50; ++i)
    expected.push_back(models::run_replication(scenario, catalog, i));
  const std::size_t metrics = catalog.scalars().size();
  for (const unsigned threads : {1u, 3u}) {
    for (const std::size_t block_rows : {std::size_t{1}, std::size_t{7}, std::size_t{64}}) {
      models::ExperimentPlan plan;
      plan.replications = 50;
      plan.threads = threads;
      plan.helper_copies_from = 0;
      std::size_t next = 0;
      bool in_order = true, same = true;
      const auto outcome = models::run_experiment(
          scenario, catalog, plan, block_rows, [&](const models::ResultBlock& block) {
            in_order = in_order && block.first() == next && block.rows() >= 1 &&
                       block.rows() <= block_rows;
            for (std::size_t row = 0; row < block.rows(); ++row, ++next) {
              const models::ReplicationResult& result = expected[next];
              for (std::size_t m = 0; m < metrics; ++m) {
                const double value = block.scalar(m, row);
                same = same && std::memcmp(&value, &result.scalars[m], sizeof value) == 0;
              }
              for (std::size_t s = 0; s < catalog.series().size(); ++s) {
                const std::size_t size = catalog.series()[s].size();
                for (std::size_t i = 0; i < size; ++i) {
                  const float rounded =
                      static_cast<float>(result.series[catalog.series_offset(s) + i]);
                  same = same && std::memcmp(&block.series_rows(s)[row * size + i], &rounded,
                                             sizeof rounded) == 0;
                }
              }
              same =
                  same && block.events_end(row) - block.events_begin(row) == result.events.size();
              for (std::size_t e = 0; same && e < result.events.size(); ++e) {
                const models::EventRecord& event = block.events()[block.events_begin(row) + e];
                same =
                    event.time == result.events[e].time && event.amount == result.events[e].amount;
              }
            }
          });
      REQUIRE(outcome.replications == 50);
      REQUIRE(next == 50);
      REQUIRE(in_order);
      REQUIRE(same);
    }
  }
  // The calling thread's preparation: once, on the calling thread, before any block
  // reaches the sink (the helpers' blocks wait for it); if it throws, nothing reaches the sink
  // and its exception is the run's.
  for (const unsigned threads : {1u, 2u}) {
    models::ExperimentPlan plan;
    plan.replications = 50;
    plan.threads = threads;
    std::atomic<int> prepared{0};
    bool elsewhere = false, early = false;
    const std::thread::id caller = std::this_thread::get_id();
    plan.prepare_calling_thread = [&] {
      // Slow, so that on 2 threads the helper's blocks arrive first.
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      elsewhere = elsewhere || std::this_thread::get_id() != caller;
      ++prepared;
    };
    std::size_t next = 0;
    bool in_order = true;
    models::run_experiment(scenario, catalog, plan, 7, [&](const models::ResultBlock& block) {
      early = early || prepared == 0;
      in_order = in_order && block.first() == next;
      next += block.rows();
    });
    REQUIRE(prepared == 1);
    REQUIRE_FALSE(elsewhere);
    REQUIRE_FALSE(early);
    REQUIRE(in_order);
    REQUIRE(next == 50);
    plan.prepare_calling_thread = [] { throw std::runtime_error("no file"); };
    bool reached = false;
    REQUIRE_THROWS_WITH(models::run_experiment(scenario, catalog, plan, 7,
                                               [&](const models::ResultBlock&) { reached = true; }),
                        "no file");
    REQUIRE_FALSE(reached);
  }
  // With a precision target, the blocks' values of its metric, in order; the preparation runs
  // once for the run's two batches.
  models::ExperimentPlan plan;
  plan.threads = 2;
  const std::size_t npv = catalog.at.party[0].npv;
  plan.until = models::PrecisionTarget{npv, 1e-9, 20, 40};
  int prepared = 0;
  plan.prepare_calling_thread = [&] { ++prepared; };
  const auto outcome =
      models::run_experiment(scenario, catalog, plan, 8, [](const models::ResultBlock&) {});
  REQUIRE(prepared == 1);
  REQUIRE(outcome.replications == 40);
  REQUIRE_FALSE(outcome.target_met);
  models::RunningPrecision precision;
  for (std::size_t i = 0; i < 40; ++i)
    precision.add(expected[i].scalars[npv]);
  REQUIRE(outcome.precision.count() == precision.count());
  REQUIRE(outcome.precision.mean() == precision.mean());
  REQUIRE(outcome.precision.half_width() == precision.half_width());
}

TEST_CASE("experiment: helpers' own copies give the same results with a posterior table",
          "[experiment]") {
  // Every random input drawn from a two-row table (its mean, and 1.1 times it), as after
  // --posterior: the helpers copy the table with the scenario.
  std::string text = kDeal;
  const std::string fixed = "research: {payer: dev, initial: 1.0}";
  text.replace(text.find(fixed), fixed.size(),
               "research: {payer: dev, initial: {dist: uniform, low: 1, high: 3}}");
  models::Scenario scenario = models::parse_scenario(text, "posterior.yaml");
  auto table = std::make_shared<models::JointDraws>();
  std::vector<double> second_row;
  for (models::Parameter& parameter : scenario.parameters) {
    if (!parameter.is_random()) continue;
    const double mean = parameter.mean();
    parameter.form = models::Parameter::Form::Joint;
    parameter.a = static_cast<double>(table->columns++);
    parameter.c = mean;
    table->rows.push_back(mean);
    second_row.push_back(1.1 * mean);
  }
  REQUIRE(table->columns > 0);
  table->rows.insert(table->rows.end(), second_row.begin(), second_row.end());
  table->cumulative = {0.5, 1.0};
  scenario.joint = table;
  const models::MetricCatalog catalog(scenario);
  const auto collect = [&](unsigned threads) {
    models::ExperimentPlan plan;
    plan.replications = 30;
    plan.threads = threads;
    plan.helper_copies_from = 0;
    std::vector<double> values;
    models::run_experiment(
        scenario, catalog, plan, [&](std::uint64_t, models::ReplicationResult&& result) {
          values.insert(values.end(), result.scalars.begin(), result.scalars.end());
        });
    return values;
  };
  const std::vector<double> one_thread = collect(1);
  const std::vector<double> three_threads = collect(3);
  REQUIRE(one_thread.size() == 30 * catalog.scalars().size());
  REQUIRE(std::memcmp(one_thread.data(), three_threads.data(),
                      one_thread.size() * sizeof(double)) == 0);
  // The table mattered: replications drew different rows.
  const std::size_t npv = catalog.at.party[0].npv;
  std::set<double> npvs;
  for (std::size_t r = 0; r < 30; ++r)
    npvs.insert(one_thread[r * catalog.scalars().size() + npv]);
  REQUIRE(npvs.size() > 1);
}

TEST_CASE("experiment: a precision target stops at the first batch that meets it", "[experiment]") {
  models::Scenario scenario = models::parse_scenario(std::string(test_support::kMinimal) + R"(
  research: {payer: dev, initial: {dist: uniform, low: 1, high: 3}}
routing:
  api: {class: api, providers: [main]}
  research: {class: research, providers: [main]}
)",
                                                     "uncertain.yaml");
  const models::MetricCatalog catalog(scenario);
  models::ExperimentPlan plan;
  plan.threads = 2;
  plan.until = models::PrecisionTarget{catalog.scalar_index("billings.main"), 0.01, 25, 100000};
  std::uint64_t delivered = 0;
  const auto outcome = models::run_experiment(
      scenario, catalog, plan, [&](std::uint64_t, models::ReplicationResult&&) { ++delivered; });
  REQUIRE(outcome.target_met);
  REQUIRE(outcome.replications % 25 == 0);
  REQUIRE(delivered == outcome.replications);
  REQUIRE(outcome.precision.half_width() < 0.01 * outcome.precision.mean());
  // One batch fewer would not have met it: recompute the precision of all but the last batch.
  models::RunningPrecision shorter;
  for (std::uint64_t i = 0; i + 25 < outcome.replications; ++i)
    shorter.add(models::run_replication(scenario, catalog, i).scalars[plan.until->metric]);
  REQUIRE_FALSE(shorter.met(0.01));

  // An interrupt before the start runs nothing.
  std::atomic<bool> stop{true};
  plan.interrupt = &stop;
  REQUIRE(models::run_experiment(scenario, catalog, plan,
                                 [](std::uint64_t, models::ReplicationResult&&) {})
              .replications == 0);
}

TEST_CASE("results file: the documented datasets, one value per replication and metric",
          "[io][results]") {
  const models::Scenario scenario = deal();
  const models::MetricCatalog catalog(scenario);
  const auto temporary = [](const std::string& name) {
    return std::filesystem::temp_directory_path() /
           ("dealsim_" + name + "_" + std::to_string(::getpid()) + ".h5");
  };
  models::ReplicationOptions options;
  options.keep_ledger = true;
  std::vector<models::ReplicationResult> results;
  for (std::uint64_t i = 0; i < 3; ++i)
    results.push_back(models::run_replication(scenario, catalog, i, options));
  // The three replications appended in blocks of the given sizes, to a file that planned
  // `planned` replications.
  const auto write = [&](const std::filesystem::path& path, std::vector<std::size_t> blocks,
                         std::size_t planned = 0) {
    models::ResultsFile file(path, scenario, catalog, true, true, planned);
    models::ResultBlock block;
    std::size_t next = 0;
    for (const std::size_t rows : blocks) {
      block.reset(catalog, next, 2);
      for (std::size_t i = 0; i < rows; ++i)
        block.add(results[next++]);
      file.append(block);
    }
    models::RunInfo info;
    info.replications_requested = 3;
    file.finish(info);
  };
  const auto path = temporary("schema");
  const auto split_path = temporary("schema_split");
  write(path, {2, 1});
  write(split_path, {1, 1, 1}, 3);
  const sim::Hdf5Reader reader(path);
  for (const auto& metric : catalog.scalars())
    REQUIRE(reader.doubles(metric.name).size() == 3);
  // Series are stored rounded to float32, replication after replication.
  for (std::size_t s = 0; s < catalog.series().size(); ++s) {
    const models::SeriesInfo& series = catalog.series()[s];
    const std::vector<double> stored = reader.doubles(series.name);
    REQUIRE(stored.size() == 3 * series.size());
    for (std::size_t r = 0; r < 3; ++r) {
      for (std::size_t i = 0; i < series.size(); ++i) {
        const double expected = static_cast<float>(results[r].series[catalog.series_offset(s) + i]);
        const double got = stored[r * series.size() + i];
        REQUIRE(std::memcmp(&got, &expected, sizeof(double)) == 0);  // undefined values are NaN
      }
    }
  }
  // How the replications were split into blocks does not change what is stored.
  {
    const sim::Hdf5Reader split(split_path);
    for (const auto& series : catalog.series()) {
      const std::vector<double> expected = reader.doubles(series.name);
      const std::vector<double> got = split.doubles(series.name);
      REQUIRE(got.size() == expected.size());
      REQUIRE(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0);
    }
    for (const char* column : {"events/time", "events/amount", "ledger/amount", "ledger/time"})
      REQUIRE(split.doubles(column) == reader.doubles(column));
    for (const auto& metric : catalog.scalars()) {
      const std::vector<double> expected = reader.doubles(metric.name);
      const std::vector<double> got = split.doubles(metric.name);
      REQUIRE(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0);
    }
  }
  std::filesystem::remove(split_path);
  // Planned for 5, cut short at 3 (an interrupted run): the metric datasets made for 5 are made
  // again for 3.
  const auto cut_path = temporary("schema_cut");
  write(cut_path, {2, 1}, 5);
  {
    const sim::Hdf5Reader cut(cut_path);
    REQUIRE(cut.doubles("replication") == std::vector<double>{0, 1, 2});
    for (const auto& metric : catalog.scalars()) {
      const std::vector<double> expected = reader.doubles(metric.name);
      const std::vector<double> got = cut.doubles(metric.name);
      REQUIRE(got.size() == 3);
      REQUIRE(std::memcmp(got.data(), expected.data(), got.size() * sizeof(double)) == 0);
      REQUIRE(cut.string_attribute(metric.name, "units") == metric.unit);
    }
  }
  std::filesystem::remove(cut_path);
  const auto metrics = reader.strings("summary/metric");
  REQUIRE(metrics.size() == catalog.scalars().size());
  for (const char* column : {"mean", "sd", "se", "p5", "p25", "p50", "p75", "p95", "count",
                             "wilson_low", "wilson_high", "headline"})
    REQUIRE(reader.doubles(std::string("summary/") + column).size() == metrics.size());
  REQUIRE(reader.doubles("summary/mean")[catalog.scalar_index("payments.suit")] == 5.0);
  REQUIRE(reader.doubles("summary/headline")[catalog.scalar_index("npv_cash_flow.dev")] == 1.0);
  // Events: 8 per replication, and 2 more (milestone, payment) in each of these three, whose
  // draws reach the milestone; their text in label tables.
  REQUIRE(reader.doubles("events/kind").size() == 30);
  const auto kinds = reader.strings("events/kind_names");
  REQUIRE(kinds.front() == "dispute_filed");
  REQUIRE(std::set<std::string>(kinds.begin(), kinds.end()).count("injunction_ended") == 1);
  const auto causes = reader.strings("events/cause_names");
  REQUIRE(std::set<std::string>(causes.begin(), causes.end()).count("commitment:spend year 2") ==
          1);
  // The ledger's cause labels are the catalog's, in its order.
  REQUIRE(reader.strings("ledger/cause_names") == catalog.causes());
  std::filesystem::remove(path);
}
