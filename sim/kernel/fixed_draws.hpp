// Draws whose parameter stays fixed while a stream is used (arrivals per month, a churn
// probability): Boost's distribution is set up once, not at every draw. Its set-up is not free:
// the Poisson computes e^-mean, the geometric log(1 - p). Each draw equals what RandomStream's
// poisson and geometric give for the same parameter and stream state.
#pragma once

#include <cstdint>

#include <boost/random/geometric_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>

#include "sim/kernel/random_stream.hpp"

namespace sim {

class FixedPoisson {
 public:
  // REQUIRES: mean >= 0 (throws SimulationError otherwise).
  explicit FixedPoisson(double mean);
  std::int64_t operator()(RandomStream& stream) const {
    return mean_ == 0 ? 0 : distribution_(stream.engine());
  }

 private:
  double mean_;
  boost::random::poisson_distribution<std::int64_t, double> distribution_;
};

class FixedGeometric {
 public:
  // REQUIRES: 1e-15 <= probability <= 1 (throws SimulationError otherwise).
  explicit FixedGeometric(double probability);
  std::int64_t operator()(RandomStream& stream) const {
    return certain_ ? 0 : distribution_(stream.engine());
  }

 private:
  bool certain_;
  boost::random::geometric_distribution<std::int64_t, double> distribution_;
};

}  // namespace sim
