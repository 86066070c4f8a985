#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numbers>
#include <set>

#include <unistd.h>

#include "models/scenario/diagnostics.hpp"
#include "models/sweep/design.hpp"
#include "models/sweep/point_builder.hpp"
#include "models/sweep/point_codec.hpp"
#include "models/sweep/sensitivity.hpp"
#include "models/sweep/sobol.hpp"
#include "models/sweep/sweep_runner.hpp"
#include "models/sweep/sweep_spec.hpp"
#include "test_support.hpp"

namespace {

using test_support::uniform;

models::SweepParameter values(const std::string& path, std::vector<double> list) {
  models::SweepParameter parameter;
  parameter.path = path;
  parameter.kind = models::SweepParameter::Kind::Values;
  parameter.values = std::move(list);
  return parameter;
}

}  // namespace

TEST_CASE("sweep designs: a grid is every combination, the first parameter slowest", "[sweep]") {
  const Eigen::MatrixXd points =
      models::grid_design({values("a", {1, 2, 3}), values("b", {10, 20})});
  REQUIRE(points.rows() == 6);
  REQUIRE(points.cols() == 2);
  const double expected[6][2] = {{1, 10}, {1, 20}, {2, 10}, {2, 20}, {3, 10}, {3, 20}};
  for (int r = 0; r < 6; ++r) {
    REQUIRE(points(r, 0) == expected[r][0]);
    REQUIRE(points(r, 1) == expected[r][1]);
  }
}

TEST_CASE("sweep designs: a Latin hypercube has one point in each stratum of each parameter",
          "[sweep]") {
  const std::size_t n = GENERATE(7, 50, 200);
  const Eigen::MatrixXd points = models::latin_hypercube_design(
      {uniform("a", 0, 1), uniform("b", -5, 5), uniform("c", 100, 200)}, n, 42);
  REQUIRE(points.rows() == static_cast<Eigen::Index>(n));
  const double lows[3] = {0, -5, 100}, widths[3] = {1, 10, 100};
  for (int j = 0; j < 3; ++j) {
    std::set<long> strata;
    for (Eigen::Index i = 0; i < points.rows(); ++i) {
      const double u = (points(i, j) - lows[j]) / widths[j];
      REQUIRE(u >= 0);
      REQUIRE(u < 1);
      strata.insert(static_cast<long>(std::floor(u * static_cast<double>(n))));
    }
    REQUIRE(strata.size() == n);
  }
  // Seeded: the same seed gives the same design, another seed another.
  REQUIRE(points == models::latin_hypercube_design(
                        {uniform("a", 0, 1), uniform("b", -5, 5), uniform("c", 100, 200)}, n, 42));
  REQUIRE(points != models::latin_hypercube_design(
                        {uniform("a", 0, 1), uniform("b", -5, 5), uniform("c", 100, 200)}, n, 43));
}

TEST_CASE("sweep designs: one at a time moves each parameter to its low and high around the base",
          "[sweep]") {
  const Eigen::MatrixXd points =
      models::one_at_a_time_design({uniform("a", 0, 2), uniform("b", 10, 30)});
  REQUIRE(points.rows() == 5);
  REQUIRE(points.row(0) == Eigen::RowVector2d(1, 20));
  REQUIRE(points.row(1) == Eigen::RowVector2d(0, 20));
  REQUIRE(points.row(2) == Eigen::RowVector2d(2, 20));
  REQUIRE(points.row(3) == Eigen::RowVector2d(1, 10));
  REQUIRE(points.row(4) == Eigen::RowVector2d(1, 30));
}

TEST_CASE("sweep designs: Saltelli's layout has A, B and the AB_i mixes", "[sweep]") {
  const Eigen::Index n = 32;
  const Eigen::MatrixXd points =
      models::sobol_design({uniform("a", 0, 1), uniform("b", 0, 1), uniform("c", 0, 1)}, n);
  REQUIRE(points.rows() == n * 5);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index block = 0; block < 3; ++block) {
      for (Eigen::Index j = 0; j < 3; ++j) {
        const double expected = j == block ? points(n + i, j) : points(i, j);
        REQUIRE(points(n * (2 + block) + i, j) == expected);
      }
    }
  }
}

TEST_CASE("sweep sensitivity: Sobol indices of the Ishigami function match their known values",
          "[sweep]") {
  // f = sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1 on [-pi, pi]^3 (Ishigami and Homma 1990). Known:
  // S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437.
  const double pi = std::numbers::pi;
  const Eigen::Index n = 8192;
  const Eigen::MatrixXd x = models::sobol_design(
      {uniform("x1", -pi, pi), uniform("x2", -pi, pi), uniform("x3", -pi, pi)}, n);
  Eigen::VectorXd y(x.rows());
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    y(r) = std::sin(x(r, 0)) + 7 * std::pow(std::sin(x(r, 1)), 2) +
           0.1 * std::pow(x(r, 2), 4) * std::sin(x(r, 0));
  }
  const models::SobolIndices indices = models::sobol_indices(y, n, 3, 300, 1);
  const double first[3] = {0.3139, 0.4424, 0.0}, total[3] = {0.5576, 0.4424, 0.2437};
  for (Eigen::Index i = 0; i < 3; ++i) {
    INFO("parameter " << i << ": S " << indices.first(i) << " [" << indices.first_low(i) << ", "
                      << indices.first_high(i) << "], ST " << indices.total(i) << " ["
                      << indices.total_low(i) << ", " << indices.total_high(i) << "]");
    // The known values lie within the bootstrap intervals, which are narrow at this N.
    CHECK(indices.first_low(i) <= first[i] + 0.01);
    CHECK(indices.first_high(i) >= first[i] - 0.01);
    CHECK(indices.total_low(i) <= total[i] + 0.01);
    CHECK(indices.total_high(i) >= total[i] - 0.01);
    CHECK(std::abs(indices.first(i) - first[i]) < 0.05);
    CHECK(std::abs(indices.total(i) - total[i]) < 0.05);
    CHECK(indices.first_high(i) - indices.first_low(i) < 0.2);
  }
}

TEST_CASE("sweep sensitivity: the tornado takes lows, highs and swings from a one-at-a-time run",
          "[sweep]") {
  Eigen::VectorXd y(5);
  y << 10, 8, 13, 11, 9;
  const models::Tornado table = models::tornado(y, 2);
  REQUIRE(table.base == 10);
  REQUIRE(table.low == Eigen::Vector2d(8, 11));
  REQUIRE(table.high == Eigen::Vector2d(13, 9));
  REQUIRE(table.swing == Eigen::Vector2d(5, 2));
}

TEST_CASE("sweep files: every shipped sweep loads, and bad ones give their errors", "[sweep]") {
  for (const char* name : {"tornado", "growth_vs_stateless_share", "sobol", "morris"}) {
    INFO(name);
    const auto spec = models::load_sweep(
        (test_support::source_dir() / "scenarios/sweeps" / (std::string(name) + ".yaml")).string());
    REQUIRE(spec.points.rows() > 0);
  }
  REQUIRE(
      models::load_sweep(
          (test_support::source_dir() / "scenarios/sweeps/growth_vs_stateless_share.yaml").string())
          .points.rows() == 48);
  for (const auto& entry :
       std::filesystem::directory_iterator(test_support::source_dir() / "tests/sweeps/invalid")) {
    if (entry.path().extension() != ".yaml") continue;
    INFO(entry.path().filename().string());
    const std::vector<std::string> expected = test_support::expectations(entry.path());
    REQUIRE_FALSE(expected.empty());
    std::string text;
    try {
      models::load_sweep(entry.path().string());
    } catch (const models::InputError& error) {
      text = error.what();
    }
    INFO(text);
    for (const auto& expectation : expected)
      CHECK_THAT(text, Catch::Contains(expectation));
  }
}

TEST_CASE("sweep MPI: point results survive encoding and decoding exactly", "[sweep]") {
  models::PointResult first, second;
  first.point = 7;
  first.replications = 3;
  first.summaries.resize(2);
  first.summaries[0].mean = 1.5;
  first.summaries[1].p95 = -2.25;
  first.summaries[1].count = 3;
  first.values = {1, 2, 3, 4, 5, 6};
  second.point = 0;
  second.replications = 1;
  second.summaries.resize(2);
  std::vector<double> doubles;
  models::encode_point(first, doubles);
  models::encode_point(second, doubles);
  std::vector<std::uint8_t> bytes(doubles.size() * sizeof(double));
  std::memcpy(bytes.data(), doubles.data(), bytes.size());
  const auto decoded = models::decode_points(bytes);
  REQUIRE(decoded.size() == 2);
  REQUIRE(decoded[0].point == 7);
  REQUIRE(decoded[0].replications == 3);
  REQUIRE(decoded[0].summaries[0].mean == 1.5);
  REQUIRE(decoded[0].summaries[1].p95 == -2.25);
  REQUIRE(decoded[0].summaries[1].count == 3);
  REQUIRE(decoded[0].values == first.values);
  REQUIRE(decoded[1].point == 0);
  REQUIRE(decoded[1].values.empty());
}

namespace {

// A scenario file with equity stakes (whose sum the scenario checks), for the point builder.
std::filesystem::path stakes_scenario() {
  const auto path = std::filesystem::temp_directory_path() /
                    ("dealsim_points_" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(path) << test_support::kMinimal << R"(
  research: {payer: dev, initial: 1.0, growth: {dist: uniform, low: 0.2, high: 0.4}, volatility: 0.2}
routing:
  api: {class: api, providers: [main, second]}
  research: {class: research, providers: [second]}
equity:
  company: dev
  valuation: 100
  drift: 0.1
  volatility: 0.3
  stakes: {cloud: 0.3, other: 0.2}
)";
  return path;
}

models::SweepSpec points_spec(std::vector<models::SweepParameter> parameters) {
  models::SweepSpec spec;
  spec.replications = 3;
  spec.seed = 11;
  spec.parameters = std::move(parameters);
  spec.points = models::latin_hypercube_design(spec.parameters, 6, 5);
  return spec;
}

}  // namespace

TEST_CASE("sweep points: a copy of the built base gives the scenario --set would, exactly",
          "[sweep]") {
  const auto path = stakes_scenario();
  const models::ScenarioTemplate base(path.string());
  const auto spec = points_spec({uniform("workloads.research.growth", 0.1, 0.6),
                                 uniform("providers.second.price", 0.4, 0.9),
                                 uniform("equity.stakes.cloud", 0.1, 0.5)});
  const models::PointBuilder points(spec, base);
  REQUIRE(points.fast());
  for (std::uint64_t point = 0; point < 6; ++point) {
    const models::Scenario fast = points.scenario(point);
    models::Scenario slow =
        base.instantiate(models::point_overrides(spec, static_cast<Eigen::Index>(point)));
    slow.seed = models::point_seed(spec, point);
    REQUIRE(fast.seed == slow.seed);
    const models::MetricCatalog catalog(slow);
    REQUIRE(points.shared_catalog()->scalars().size() == catalog.scalars().size());
    for (std::uint64_t replication = 0; replication < 3; ++replication) {
      const auto a = models::run_replication(fast, *points.shared_catalog(), replication);
      const auto b = models::run_replication(slow, catalog, replication);
      REQUIRE(a.scalars.size() == b.scalars.size());
      for (std::size_t m = 0; m < a.scalars.size(); ++m) {
        INFO(catalog.scalars()[m].name);
        REQUIRE((a.scalars[m] == b.scalars[m] ||
                 (std::isnan(a.scalars[m]) && std::isnan(b.scalars[m]))));
      }
    }
  }
  std::filesystem::remove(path);
}

TEST_CASE("sweep points: list items (a capacity ramp's level, an effect's payment) are swept",
          "[sweep]") {
  const auto path = test_support::source_dir() / "scenarios/baseline.yaml";
  const models::ScenarioTemplate base(path.string());
  const auto spec = points_spec(
      {uniform("providers.azure.capacity.ramp[1].level", 20, 40),
       uniform("disputes.azure_exclusivity.outcomes.claimant_prevails.effects[2].payment.amount", 1,
               5)});
  const models::PointBuilder points(spec, base);
  REQUIRE(points.fast());
  for (std::uint64_t point = 0; point < 3; ++point) {
    const models::Scenario fast = points.scenario(point);
    models::Scenario slow =
        base.instantiate(models::point_overrides(spec, static_cast<Eigen::Index>(point)));
    slow.seed = models::point_seed(spec, point);
    const auto level = [](const models::Scenario& scenario) {
      for (const auto& provider : scenario.providers) {
        if (provider.id == "azure") return scenario.parameters[provider.ramp.at(1).level].a;
      }
      return -1.0;
    };
    REQUIRE(level(fast) == spec.points(static_cast<Eigen::Index>(point), 0));
    REQUIRE(level(slow) == level(fast));
    const models::MetricCatalog catalog(slow);
    const auto a = models::run_replication(fast, *points.shared_catalog(), 0);
    const auto b = models::run_replication(slow, catalog, 0);
    for (std::size_t m = 0; m < a.scalars.size(); ++m) {
      INFO(catalog.scalars()[m].name);
      REQUIRE(
          (a.scalars[m] == b.scalars[m] || (std::isnan(a.scalars[m]) && std::isnan(b.scalars[m]))));
    }
  }
}

TEST_CASE(
    "sweep points: a corner the scenario rejects, or a field inside a number, means every "
    "point is made and checked from the template",
    "[sweep]") {
  const auto path = stakes_scenario();
  const models::ScenarioTemplate base(path.string());
  // Each stake alone is fine up to 0.7 (with the other at its base), but both near 0.6 sum to
  // more than 1: the box's corner fails, so no point skips the check.
  const auto stakes = points_spec(
      {uniform("equity.stakes.cloud", 0.05, 0.6), uniform("equity.stakes.other", 0.05, 0.6)});
  REQUIRE(!models::corners_accepted(stakes, base));
  REQUIRE(!models::PointBuilder(stakes, base).fast());
  // A bound of a distribution is a field inside a number, not a parameter.
  const auto inside = points_spec({uniform("workloads.research.growth.low", 0.1, 0.2)});
  REQUIRE(!models::PointBuilder(inside, base).fast());
  const models::Scenario made = models::PointBuilder(inside, base).scenario(0);
  REQUIRE(made.seed == models::point_seed(inside, 0));
  // A whole parameter drawn in the base becomes fixed at the point's value.
  const auto drawn = points_spec({uniform("workloads.research.growth", 0.1, 0.2)});
  const models::PointBuilder fixed(drawn, base);
  REQUIRE(fixed.fast());
  const models::Scenario point = fixed.scenario(0);
  const auto growth =
      std::find_if(point.parameters.begin(), point.parameters.end(),
                   [](const auto& p) { return p.path == "workloads.research.growth"; });
  REQUIRE(growth != point.parameters.end());
  REQUIRE(!growth->is_random());
  REQUIRE(growth->a == drawn.points(0, 0));
  std::filesystem::remove(path);
}
