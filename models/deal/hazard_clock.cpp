#include "models/deal/hazard_clock.hpp"

#include <cmath>

namespace models {

namespace {
constexpr double kDaysPerYear = 365.25;
}

HazardClock::HazardClock(double rate_per_year, double growth_per_year, double origin,
                         sim::RandomStream& stream)
    : rate_(rate_per_year),
      growth_(growth_per_year),
      origin_(origin),
      threshold_(stream.exponential(1.0)) {}

double HazardClock::run(double from, double to) {
  if (to <= from || rate_ <= 0) return -1;
  const double start = (from - origin_) / kDaysPerYear, end = (to - origin_) / kDaysPerYear;
  const double remaining = threshold_ - accumulated_;
  double increment, at_start = 0;
  if (growth_ == 0) {
    increment = rate_ * (end - start);
  } else {
    at_start = start == last_end_ ? growth_at_last_end_ : std::exp(growth_ * start);
    const double at_end = std::exp(growth_ * end);
    increment = rate_ / growth_ * (at_end - at_start);
    last_end_ = end;
    growth_at_last_end_ = at_end;
  }
  if (increment < remaining) {
    accumulated_ += increment;
    return -1;
  }
  double crossing;
  if (growth_ == 0) {
    crossing = start + remaining / rate_;
  } else {
    const double target = at_start + remaining * growth_ / rate_;
    crossing = target > 0 ? std::log(target) / growth_ : HUGE_VAL;
  }
  accumulated_ = threshold_;
  const double time = origin_ + crossing * kDaysPerYear;
  // Rounding can put the crossing a hair outside the interval.
  return std::min(std::max(time, from), std::nextafter(to, from));
}

}  // namespace models
