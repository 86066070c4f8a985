#include "sim/kernel/timeline.hpp"

#include <cmath>

#include "sim/kernel/error.hpp"

namespace sim {

Timeline::Timeline(Date start) : start_(start), start_days_(days_from_civil(start)) {}

double Timeline::time_of(const Date& date) const {
  return static_cast<double>(days_from_civil(date) - start_days_);
}

Date Timeline::date_at(double time) const {
  SIM_CHECK(std::isfinite(time), "time " << time << " is not finite");
  return civil_from_days(start_days_ + static_cast<std::int64_t>(std::floor(time)));
}

double Timeline::month_boundary(int k) const {
  return time_of(add_months(start_, k));
}

double Timeline::year_boundary(const Date& anchor, int k) const {
  return time_of(add_years(anchor, k));
}

int Timeline::month_index_at(double time) const {
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
