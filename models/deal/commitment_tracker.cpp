#include "models/deal/commitment_tracker.hpp"

#include <algorithm>
#include <numeric>

namespace models {

CommitmentTracker::CommitmentTracker(const CommitmentSpec& spec, const Scenario& scenario,
                                     const ParameterValues& values)
    : spec_(spec),
      start_time_(scenario.timeline.time_of(spec.start)),
      penalty_fraction_(values[spec.penalty_fraction]) {
  const double amount = values[spec.amount];
  const auto term = static_cast<std::size_t>(spec.term_years);
  switch (spec.schedule) {
    case Schedule::Even:
      increments_.assign(term, amount / spec.term_years);
      break;
    case Schedule::PerYear:
      increments_ = spec.minimums;
      break;
    case Schedule::Cumulative:
      increments_.resize(term);
      for (std::size_t y = 0; y < term; ++y) {
        increments_[y] = spec.minimums[y] - (y > 0 ? spec.minimums[y - 1] : 0.0);
      }
      break;
  }
  year_spend_.assign(term, 0.0);
  year_end_times_.reserve(term);
  for (std::size_t y = 0; y < term; ++y) {
    year_end_times_.push_back(scenario.timeline.year_boundary(spec.start, static_cast<int>(y) + 1));
  }
  // Years that ended before the start are history: not tracked, not assessed.
  while (next_unassessed_ < term_years() && year_end(next_unassessed_) <= 0)
    ++next_unassessed_;
  const int current = year_of(0.0);
  if (current >= 0) year_spend_[static_cast<std::size_t>(current)] += spec.prior_spend;
  cumulative_spend_ = spec.prior_spend;
}

double CommitmentTracker::year_end(int year) const {
  return year_end_times_[static_cast<std::size_t>(year)];
}

int CommitmentTracker::year_of(double time) const {
  if (time < start_time_) return -1;
  const auto position = std::upper_bound(year_end_times_.begin(), year_end_times_.end(), time);
  if (position == year_end_times_.end()) return -1;
  return static_cast<int>(position - year_end_times_.begin());
}

void CommitmentTracker::book_year_of(double time) {
  booked_year_ = year_of(time);
  if (booked_year_ < 0) {
    booked_from_ = HUGE_VAL;
    booked_until_ = -HUGE_VAL;
    return;
  }
  const auto year = static_cast<std::size_t>(booked_year_);
  booked_from_ = year == 0 ? start_time_ : year_end_times_[year - 1];
  booked_until_ = year_end_times_[year];
}

Assessment CommitmentTracker::assess(int year) {
  Assessment result;
  result.year = year;
  const auto y = static_cast<std::size_t>(year);
  result.spend = year_spend_[y];
  next_unassessed_ = year + 1;
  if (waived_) return result;
  if (spec_.schedule == Schedule::Cumulative) {
    const double required =
        std::accumulate(increments_.begin(), increments_.begin() + year + 1, 0.0);
    const double spent = std::accumulate(year_spend_.begin(), year_spend_.begin() + year + 1, 0.0);
    result.required = required;
    result.shortfall = std::max(0.0, required - spent - assessed_shortfall_);
    assessed_shortfall_ += result.shortfall;
  } else {
    result.required = increments_[y] + carried_;
    result.shortfall = std::max(0.0, result.required - result.spend);
    carried_ = 0;
  }
  const bool last_year = year + 1 == term_years();
  switch (spec_.shortfall) {
    case ShortfallTreatment::TakeOrPay:
      result.penalty = penalty_fraction_ * result.shortfall;
      break;
    case ShortfallTreatment::CarryForward:
      if (last_year) {
        result.penalty = penalty_fraction_ * result.shortfall;
      } else if (spec_.schedule == Schedule::Cumulative) {
        assessed_shortfall_ -= result.shortfall;  // still due next year, cumulatively
        result.carried = result.shortfall;
      } else {
        carried_ = result.shortfall;
        result.carried = result.shortfall;
      }
      break;
    case ShortfallTreatment::Waiver:
      break;
  }
  return result;
}

void CommitmentTracker::waive() {
  waived_ = true;
}

void CommitmentTracker::scale(double factor) {
  for (int y = next_unassessed_; y < term_years(); ++y)
    increments_[static_cast<std::size_t>(y)] *= factor;
  carried_ *= factor;
}

void CommitmentTracker::extend(int years, const Scenario& scenario) {
  if (years <= 0) return;
  booked_from_ = HUGE_VAL;  // the years change
  booked_until_ = -HUGE_VAL;
  double remaining = carried_;
  for (int y = next_unassessed_; y < term_years(); ++y)
    remaining += increments_[static_cast<std::size_t>(y)];
  carried_ = 0;
  const int new_term = term_years() + years;
  increments_.resize(static_cast<std::size_t>(new_term));
  year_spend_.resize(static_cast<std::size_t>(new_term), 0.0);
  for (int y = static_cast<int>(year_end_times_.size()); y < new_term; ++y) {
    year_end_times_.push_back(scenario.timeline.year_boundary(spec_.start, y + 1));
  }
  const int open_years = new_term - next_unassessed_;
  for (int y = next_unassessed_; y < new_term; ++y) {
    increments_[static_cast<std::size_t>(y)] = remaining / open_years;
  }
}

}  // namespace models
