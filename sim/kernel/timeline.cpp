#include "sim/kernel/timeline.hpp"

#include <algorithm>
#include <cmath>

#include "sim/kernel/error.hpp"

namespace sim {

Timeline::Timeline(Date start, int months) : start_(start), start_days_(days_from_civil(start)) {
  for (int k = 0; k <= months + 1 && months > 0; ++k)
    month_boundaries_.push_back(computed_month_boundary(k));
}

double Timeline::time_of(const Date& date) const {
  return static_cast<double>(days_from_civil(date) - start_days_);
}

Date Timeline::date_at(double time) const {
  SIM_CHECK(std::isfinite(time), "time " << time << " is not finite");
  return civil_from_days(start_days_ + static_cast<std::int64_t>(std::floor(time)));
}

double Timeline::computed_month_boundary(int k) const {
  return time_of(add_months(start_, k));
}

double Timeline::month_boundary(int k) const {
  if (k >= 0 && static_cast<std::size_t>(k) < month_boundaries_.size())
    return month_boundaries_[static_cast<std::size_t>(k)];
  return computed_month_boundary(k);
}

double Timeline::year_boundary(const Date& anchor, int k) const {
  return time_of(add_years(anchor, k));
}

int Timeline::month_index_at(double time) const {
  if (month_boundaries_.size() >= 2 && time >= 0 && time < month_boundaries_.back()) {
    const auto after = std::upper_bound(month_boundaries_.begin(), month_boundaries_.end(), time);
    return static_cast<int>(after - month_boundaries_.begin()) - 1;
  }
  const Date date = date_at(time);
  int k = (date.year - start_.year) * 12 + (date.month - start_.month);
  // The estimate is off by at most one because boundaries keep the start's day of month.
  while (k > 0 && month_boundary(k) > time)
    --k;
  while (month_boundary(k + 1) <= time)
    ++k;
  return k;
}

}  // namespace sim
