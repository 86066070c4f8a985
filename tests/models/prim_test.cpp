// PRIM (models/sweep/prim) on points where the box that makes the condition true is known.
#include <catch2/catch.hpp>

#include "models/sweep/prim.hpp"
#include "sim/kernel/random_stream.hpp"

TEST_CASE("PRIM: finds a planted box and reports its coverage and density", "[sweep][prim]") {
  // 2,000 points uniform on [0, 1]^3; the condition holds exactly in x0 < 0.3 and x1 > 0.6 (x2
  // plays no part): 12 % of the points.
  sim::RandomStream random = sim::RandomStreams(5, 0).stream("points");
  const Eigen::Index n = 2000;
  Eigen::MatrixXd inputs(n, 3);
  std::vector<bool> hit(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < 3; ++j)
      inputs(i, j) = random.uniform01();
    hit[static_cast<std::size_t>(i)] = inputs(i, 0) < 0.3 && inputs(i, 1) > 0.6;
  }
  // At the default density (0.8) the box keeps every hit and only as many misses as that allows;
  // asking for 0.95 tightens it to the planted one.
  const models::PrimResult loose = models::prim(inputs, hit, models::PrimSettings{});
  CHECK(loose.box.coverage == 1.0);
  CHECK(loose.box.density >= 0.8);
  models::PrimSettings tight;
  tight.min_density = 0.95;
  const models::PrimResult result = models::prim(inputs, hit, tight);
  const models::PrimBox& box = result.box;
  INFO("box [" << box.lower.transpose() << "] to [" << box.upper.transpose() << "], coverage "
               << box.coverage << ", density " << box.density);
  CHECK(box.upper(0) == Approx(0.3).margin(0.03));
  CHECK(box.lower(1) == Approx(0.6).margin(0.03));
  CHECK(box.lower(2) < 0.05);  // x2 is left (nearly) whole
  CHECK(box.upper(2) > 0.95);
  CHECK(box.density >= 0.95);
  CHECK(box.coverage >= 0.9);
  // The trajectory trades coverage for density, from the box of every point.
  REQUIRE(result.trajectory.front().points == static_cast<std::size_t>(n));
  CHECK(result.trajectory.front().coverage == 1.0);
  for (std::size_t k = 1; k < result.trajectory.size(); ++k) {
    CHECK(result.trajectory[k].points < result.trajectory[k - 1].points);
    CHECK(result.trajectory[k].coverage <= result.trajectory[k - 1].coverage);
    CHECK(result.trajectory[k].support >= 0.05 - 1e-12);
  }
  CHECK(result.trajectory[result.chosen].density >= 0.95);
}

TEST_CASE("PRIM: on a grid, a peel removes a whole level", "[sweep][prim]") {
  // A 4 x 4 grid, repeated 5 times; the condition holds where x0 is at its top level.
  Eigen::MatrixXd inputs(80, 2);
  std::vector<bool> hit(80);
  for (Eigen::Index i = 0; i < 80; ++i) {
    inputs(i, 0) = static_cast<double>(i % 4);
    inputs(i, 1) = static_cast<double>((i / 4) % 4);
    hit[static_cast<std::size_t>(i)] = i % 4 == 3;
  }
  const models::PrimResult result = models::prim(inputs, hit, models::PrimSettings{});
  CHECK(result.box.lower(0) == 3);
  CHECK(result.box.upper(0) == 3);
  CHECK(result.box.lower(1) == 0);
  CHECK(result.box.upper(1) == 3);
  CHECK(result.box.density == 1.0);
  CHECK(result.box.coverage == 1.0);
}
