#include "models/deal/provider_capacity.hpp"

#include <cmath>

namespace models::detail {

ProviderCapacity::ProviderCapacity(const ProviderSpec& provider, const ParameterValues& values)
    : scale_(provider.gigawatts ? values[provider.usd_per_gigawatt_month] : 1.0),
      initial_(values[provider.initial_capacity]) {
  ramp_.reserve(provider.ramp.size());
  for (const CapacityPoint& point : provider.ramp)
    ramp_.push_back({point.time, values[point.level]});
}

double ProviderCapacity::at(double time) const {
  double previous_time = 0, previous_level = initial_;
  for (const Point& point : ramp_) {
    if (time < point.time) {
      if (std::isinf(point.level) || std::isinf(previous_level) || point.time <= previous_time) {
        return scale_ * previous_level;
      }
      const double weight = (time - previous_time) / (point.time - previous_time);
      return scale_ * (previous_level + weight * (point.level - previous_level));
    }
    previous_time = point.time;
    previous_level = point.level;
  }
  return scale_ * previous_level;
}

}  // namespace models::detail
