// Maps continuous simulated time (days, double) to calendar dates, from a start date.
//
// Time 0.0 is midnight at the start of the start date; time t lies in the day
// floor(t) after it. Month and contract-year boundaries are whole days, so events scheduled on
// them compare exactly.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/kernel/date.hpp"

namespace sim {

class Timeline {
 public:
  // `months`: how many month boundaries after the start to tabulate (a run's horizon), so that
  // month_boundary and month_index_at within it are a look-up rather than calendar arithmetic.
  // Beyond it they compute, with the same results.
  explicit Timeline(Date start, int months = 0);

  const Date& start() const { return start_; }

  // Simulated time (days since start) of midnight starting `date`. Dates before the start give
  // negative times.
  double time_of(const Date& date) const;
  // The date that contains time t.
  Date date_at(double time) const;

  // Time of the k-th month boundary after the start (k = 0 is the start itself). Month
  // boundaries keep the start's day of month, clamped at month ends: from 2026-01-31 they are
  // Jan 31, Feb 28, Mar 31, ...
  double month_boundary(int k) const;
  // Time of the k-th anniversary of `anchor` (k = 0 is the anchor): contract-year boundaries.
  double year_boundary(const Date& anchor, int k) const;
  // Number of whole month boundaries in (0, time]: the index of the month that contains time.
  int month_index_at(double time) const;

 private:
  double computed_month_boundary(int k) const;
  Date start_;
  std::int64_t start_days_;
  std::vector<double> month_boundaries_;  // k = 0 .. months + 1
};

}  // namespace sim
