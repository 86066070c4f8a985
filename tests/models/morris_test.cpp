// Morris's design and elementary effects (models/sweep/design, models/sweep/morris) on models
// whose effects are known exactly.
#include <catch2/catch.hpp>

#include <cmath>
#include <set>

#include "models/sweep/design.hpp"
#include "models/sweep/morris.hpp"
#include "test_support.hpp"

using test_support::uniform;

TEST_CASE("Morris design: each trajectory moves every input once by delta of its range",
          "[sweep][morris]") {
  const std::size_t levels = GENERATE(4u, 6u);
  const std::vector<models::SweepParameter> parameters = {uniform("a", 0, 1), uniform("b", 10, 20),
                                                          uniform("c", -1, 1)};
  const std::size_t r = 30;
  const Eigen::MatrixXd points = models::morris_design(parameters, r, levels, 7);
  REQUIRE(points.rows() == static_cast<Eigen::Index>(r * 4));
  const double delta = models::morris_delta(levels);
  REQUIRE(delta == Approx(static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1))));
  std::set<double> starts;
  for (std::size_t t = 0; t < r; ++t) {
    std::set<Eigen::Index> moved;
    for (Eigen::Index k = 1; k <= 3; ++k) {
      const Eigen::Index row = static_cast<Eigen::Index>(t * 4) + k;
      int changed = 0;
      for (Eigen::Index j = 0; j < 3; ++j) {
        const auto& parameter = parameters[static_cast<std::size_t>(j)];
        REQUIRE(points(row, j) >= parameter.low);
        REQUIRE(points(row, j) <= parameter.high);
        if (points(row, j) == points(row - 1, j)) continue;
        ++changed;
        moved.insert(j);
        const double width = parameter.high - parameter.low;
        REQUIRE(std::abs(points(row, j) - points(row - 1, j)) == Approx(delta * width));
      }
      REQUIRE(changed == 1);
    }
    REQUIRE(moved.size() == 3);
    starts.insert(points(static_cast<Eigen::Index>(t * 4), 0));
  }
  REQUIRE(starts.size() > 1);  // the trajectories start at different places
}

TEST_CASE("Morris effects: a linear model's effects are its slopes over the range, sigma 0",
          "[sweep][morris]") {
  // y = 3 a - 2 b + 0 c with a in [0, 1], b in [10, 20]: over its whole range a moves y by 3 and
  // b by -20, everywhere, so mu* = |slope x width|, mu = slope x width, sigma = 0.
  const std::vector<models::SweepParameter> parameters = {uniform("a", 0, 1), uniform("b", 10, 20),
                                                          uniform("c", -1, 1)};
  const Eigen::MatrixXd points = models::morris_design(parameters, 25, 4, 3);
  Eigen::VectorXd y(points.rows());
  for (Eigen::Index r = 0; r < points.rows(); ++r)
    y(r) = 3 * points(r, 0) - 2 * points(r, 1);
  const models::MorrisEffects effects =
      models::morris_effects(y, points, models::morris_delta(4), 200, 1);
  CHECK(effects.mu_star(0) == Approx(3));
  CHECK(effects.mu(0) == Approx(3));
  CHECK(effects.mu_star(1) == Approx(20));
  CHECK(effects.mu(1) == Approx(-20));
  CHECK(effects.mu_star(2) == 0);
  for (Eigen::Index j = 0; j < 3; ++j) {
    CHECK(effects.sigma(j) == Approx(0).margin(1e-9));
    CHECK(effects.mu_star_low(j) <= effects.mu_star(j) + 1e-9);
    CHECK(effects.mu_star_high(j) >= effects.mu_star(j) - 1e-9);
  }
}

TEST_CASE("Morris effects: an interaction shows as sigma, and effects of both signs as mu < mu*",
          "[sweep][morris]") {
  // y = (a - 0.5) (b - 0.5) on [0, 1]^2: each input's effect depends on the other's value and
  // changes sign with it, so mu* > 0, mu near 0 and sigma > 0; an input outside the product has
  // none.
  const std::vector<models::SweepParameter> parameters = {uniform("a", 0, 1), uniform("b", 0, 1),
                                                          uniform("c", 0, 1)};
  const Eigen::MatrixXd points = models::morris_design(parameters, 200, 4, 11);
  Eigen::VectorXd y(points.rows());
  for (Eigen::Index r = 0; r < points.rows(); ++r)
    y(r) = (points(r, 0) - 0.5) * (points(r, 1) - 0.5);
  const models::MorrisEffects effects =
      models::morris_effects(y, points, models::morris_delta(4), 300, 2);
  for (Eigen::Index j = 0; j < 2; ++j) {
    INFO("input " << j);
    // |effect| = |other - 0.5| over the levels {0, 1/3, 2/3, 1}: 0.5 or 1/6, equally often.
    CHECK(effects.mu_star(j) == Approx(1.0 / 3).epsilon(0.1));
    CHECK(std::abs(effects.mu(j)) < 0.1);
    CHECK(effects.sigma(j) > 0.3);
    CHECK(effects.mu_star_low(j) < effects.mu_star(j));
    CHECK(effects.mu_star_high(j) > effects.mu_star(j));
  }
  CHECK(effects.mu_star(2) == 0);
  CHECK(effects.sigma(2) == 0);
}
