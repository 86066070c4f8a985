// The density of a scenario distribution (a Parameter), for the priors of a calibration.
#pragma once

#include "models/scenario/parameter.hpp"

namespace models {

// log of the density of `prior` at x, up to a constant that does not depend on x (truncated
// forms are not renormalised); -infinity outside the support (and the truncation window).
// REQUIRES: prior.is_random().
double log_prior_density(const Parameter& prior, double x);

}  // namespace models
