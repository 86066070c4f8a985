#include "models/calibration/prior_density.hpp"

#include <cmath>
#include <limits>

namespace models {

namespace {

constexpr double kOutside = -std::numeric_limits<double>::infinity();

// log density of Beta(alpha, beta) at u in [0, 1] scaled to a width.
double log_beta(double alpha, double beta, double u, double width) {
  if (u < 0 || u > 1) return kOutside;
  double log_density =
      std::lgamma(alpha + beta) - std::lgamma(alpha) - std::lgamma(beta) - std::log(width);
  if (alpha != 1) log_density += (alpha - 1) * std::log(u);
  if (beta != 1) log_density += (beta - 1) * std::log1p(-u);
  return log_density;
}

}  // namespace

double log_prior_density(const Parameter& prior, double x) {
  if (!(x >= prior.low && x <= prior.high) && prior.form != Parameter::Form::Beta) return kOutside;
  const double a = prior.a, b = prior.b, c = prior.c;
  switch (prior.form) {
    case Parameter::Form::Fixed:
      return x == a ? 0 : kOutside;
    case Parameter::Form::Joint:
      return kOutside;  // no density of its own
    case Parameter::Form::Uniform:
      return x >= a && x <= b ? -std::log(b - a) : kOutside;
    case Parameter::Form::LogUniform:
      return x >= a && x <= b ? -std::log(x) - std::log(std::log(b / a)) : kOutside;
    case Parameter::Form::Triangular: {
      if (x < a || x > c) return kOutside;
      const double density = x < b ? 2 * (x - a) / ((c - a) * (b - a))
                                   : (x > b ? 2 * (c - x) / ((c - a) * (c - b)) : 2 / (c - a));
      return density > 0 ? std::log(density) : kOutside;
    }
    case Parameter::Form::Pert: {
      const double alpha = 1 + 4 * (b - a) / (c - a), beta = 1 + 4 * (c - b) / (c - a);
      return log_beta(alpha, beta, (x - a) / (c - a), c - a);
    }
    case Parameter::Form::Beta:
      return log_beta(a, b, (x - prior.low) / (prior.high - prior.low), prior.high - prior.low);
    case Parameter::Form::Normal: {
      const double z = (x - a) / b;
      return -0.5 * z * z - std::log(b);
    }
    case Parameter::Form::Lognormal: {
      if (x <= 0) return kOutside;
      const double z = (std::log(x) - std::log(a)) / b;
      return -0.5 * z * z - std::log(b) - std::log(x);
    }
  }
  return kOutside;
}

}  // namespace models
