// Times a random occurrence with a hazard rate that may grow over time and run only while
// conditions hold.
//
// The clock draws a unit-exponential threshold once; integrated hazard accumulates over the
// periods the caller says it runs; the occurrence is the exact time the integral crosses the
// threshold. With a constant rate that always runs, the occurrence time is exactly exponential.
#pragma once

#include <cmath>

#include "sim/kernel/random_stream.hpp"

namespace models {

class HazardClock {
 public:
  // rate_per_year at `origin` (days), growing as exp(growth_per_year * years since origin).
  HazardClock(double rate_per_year, double growth_per_year, double origin,
              sim::RandomStream& stream);

  // Runs the clock over [from, to) (days). Returns the occurrence time if the threshold is
  // crossed in that interval, or a negative value if not (the hazard accumulates).
  double run(double from, double to);

 private:
  double rate_;
  double growth_;
  double origin_;
  double threshold_;
  double accumulated_ = 0;
  // e^(growth * end) of the last run: runs come month after month, so the next run's start is
  // usually that end and its exponential is known.
  double last_end_ = HUGE_VAL, growth_at_last_end_ = 0;
};

}  // namespace models
