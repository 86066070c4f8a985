#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "models/calibration/abc_smc.hpp"
#include "models/calibration/calibration_spec.hpp"
#include "models/calibration/prior_density.hpp"
#include "models/metrics/metrics.hpp"
#include "models/scenario/parameter.hpp"

namespace {

models::Parameter prior(models::Parameter::Form form, double a, double b, double c = 0) {
  models::Parameter parameter;
  parameter.form = form;
  parameter.a = a;
  parameter.b = b;
  parameter.c = c;
  return parameter;
}

// The integral of exp(log density) over [low, high] by the midpoint rule.
double integral(const models::Parameter& parameter, double low, double high) {
  const int steps = 400000;
  const double width = (high - low) / steps;
  double total = 0;
  for (int i = 0; i < steps; ++i)
    total += std::exp(models::log_prior_density(parameter, low + (i + 0.5) * width)) * width;
  return total;
}

}  // namespace

TEST_CASE("bounded priors' densities integrate to one over their support") {
  using Form = models::Parameter::Form;
  CHECK(integral(prior(Form::Uniform, 0.2, 0.7), 0, 1) == Approx(1).epsilon(1e-4));
  CHECK(integral(prior(Form::LogUniform, 0.01, 10), 0.001, 11) == Approx(1).epsilon(1e-3));
  CHECK(integral(prior(Form::Triangular, 0.25, 0.5, 0.8), 0, 1) == Approx(1).epsilon(1e-4));
  CHECK(integral(prior(Form::Pert, 1, 2, 6), 0, 7) == Approx(1).epsilon(1e-4));
  models::Parameter beta = prior(Form::Beta, 2, 5);
  beta.low = 10;
  beta.high = 20;
  CHECK(integral(beta, 9, 21) == Approx(1).epsilon(1e-4));
  // Outside the support and the truncation window: zero density.
  CHECK(std::isinf(models::log_prior_density(prior(Form::Uniform, 0.2, 0.7), 0.71)));
  models::Parameter truncated = prior(Form::Normal, 1, 0.5);
  truncated.low = 0;
  CHECK(std::isinf(models::log_prior_density(truncated, -0.01)));
}

TEST_CASE("unbounded priors' densities have the normal and lognormal shapes") {
  // Up to a constant: ratios of densities are exact.
  using Form = models::Parameter::Form;
  const models::Parameter normal = prior(Form::Normal, 2, 0.4);
  CHECK(models::log_prior_density(normal, 2.4) - models::log_prior_density(normal, 2.0) ==
        Approx(-0.5));
  const models::Parameter lognormal = prior(Form::Lognormal, 3, 0.5);
  // log f(x) = -(ln x - ln 3)^2 / (2 0.25) - ln x + const.
  const double x = 3 * std::exp(0.5);
  CHECK(models::log_prior_density(lognormal, x) - models::log_prior_density(lognormal, 3) ==
        Approx(-0.5 - 0.5));
}

TEST_CASE("a generation keeps the nearest particles and proposes inside the priors' support") {
  models::FreeInput input;
  input.path = "x";
  input.prior = prior(models::Parameter::Form::Uniform, 0, 1);
  models::Target target;
  target.value = 0.5;
  target.sd = 0.1;
  models::AbcSmcSettings settings;
  settings.particles = 100;
  settings.alpha = 0.5;
  settings.max_generations = 3;
  models::AbcSmc smc({input}, {target}, settings, 42);
  const Eigen::MatrixXd first = smc.propose();
  REQUIRE(first.rows() == 100);
  // The simulated statistic is the input itself.
  smc.complete(first, first);
  const auto& population = smc.population();
  REQUIRE(population.weights.size() == 50);
  CHECK(std::is_sorted(population.distances.begin(), population.distances.end()));
  CHECK(smc.records().front().tolerance == population.distances.back());
  for (const double w : population.weights)
    CHECK(w == 1.0);
  const Eigen::MatrixXd second = smc.propose();
  REQUIRE(second.rows() == 50);
  CHECK(second.minCoeff() >= 0);
  CHECK(second.maxCoeff() <= 1);
  // Identical state, identical proposals: the run depends on nothing else.
  models::AbcSmc again({input}, {target}, settings, 42);
  again.complete(again.propose(), first);
  CHECK(again.propose() == second);
  smc.complete(second, second);
  CHECK(smc.records().back().tolerance <= smc.records().front().tolerance);
  CHECK(!smc.finished());
  smc.complete(smc.propose(), smc.propose());
  CHECK(smc.finished());
}

TEST_CASE("a series target sums its rows and reduces its steps") {
  models::Target target;
  target.series = "s";
  target.first_step = 1;
  target.last_step = 2;
  models::ResolvedTarget resolved;
  resolved.is_series = true;
  resolved.offset = 2;
  resolved.steps = 4;
  resolved.rows = {0, 1};
  models::ReplicationResult replication;
  // Two values of another series, then rows [1, 2, 3, 4] and [10, 20, 30, 40].
  replication.series = {-1, -1, 1, 2, 3, 4, 10, 20, 30, 40};
  target.reduce_sum = true;
  CHECK(models::target_value(target, resolved, replication) == 2 + 3 + 20 + 30);
  target.reduce_sum = false;
  CHECK(models::target_value(target, resolved, replication) == Approx((2 + 3 + 20 + 30) / 2.0));
}

TEST_CASE("joint draws take whole rows with probability proportional to their weights") {
  models::JointDraws joint;
  joint.columns = 2;
  joint.rows = {1, 10, 2, 20};
  joint.cumulative = {0.25, 1.0};  // weights 0.25 and 0.75
  std::vector<models::Parameter> parameters(2);
  for (std::size_t j = 0; j < 2; ++j) {
    parameters[j].form = models::Parameter::Form::Joint;
    parameters[j].a = static_cast<double>(j);
    parameters[j].path = "p" + std::to_string(j);
  }
  const int replications = 40000;
  int first_row = 0;
  for (int r = 0; r < replications; ++r) {
    const models::ParameterValues values(parameters, 7, static_cast<std::uint64_t>(r), &joint);
    CHECK(values[1] == 10 * values[0]);  // the columns of one row
    first_row += values[0] == 1;
  }
  // Binomial(40000, 0.25): sd 87; within 4 sd.
  CHECK(std::abs(first_row - 10000) < 350);
}
