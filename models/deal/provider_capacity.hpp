// A provider's capacity over time (internal to models/deal/): its drawn initial level and ramp
// points, linear between points, a step where either side is unlimited; in USD B per month, a
// gigawatt provider's levels converted at its drawn USD B per GW-month.
#pragma once

#include <vector>

#include "models/scenario/scenario.hpp"

namespace models::detail {

class ProviderCapacity {
 public:
  ProviderCapacity(const ProviderSpec& provider, const ParameterValues& values);

  // USD B per month available at `time` (days).
  double at(double time) const;

 private:
  struct Point {
    double time, level;
  };
  double scale_;  // USD B per unit of level
  double initial_;
  std::vector<Point> ramp_;
};

}  // namespace models::detail
