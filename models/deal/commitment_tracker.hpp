// Tracks spend against a multi-year commitment and assesses shortfalls at contract-year ends.
//
// Minimums are kept as per-year increments. A per-year (or even) schedule assesses each year on
// its own; a cumulative schedule assesses cumulative spend against cumulative minimums, less
// shortfalls already assessed. Years that ended before the scenario start or end after the
// horizon are not assessed.
#pragma once

#include <cmath>
#include <vector>

#include "models/scenario/scenario.hpp"

namespace models {

struct Assessment {
  int year = 0;
  double required = 0;
  double spend = 0;
  double shortfall = 0;  // required minus spent this year (carried amounts included)
  double carried = 0;    // the part of `shortfall` carried into the next year (carry-forward)
  double penalty = 0;    // to be paid now (take-or-pay, or carry-forward past the last year)
};

class CommitmentTracker {
 public:
  CommitmentTracker(const CommitmentSpec& spec, const Scenario& scenario,
                    const ParameterValues& values);

  // Counts spend made at `time` (days) if it is with the right provider, by the right payer, for
  // a counted class.
  void add_spend(double time, int payer, int provider, int workload, double amount) {
    if (counts(payer, provider, workload)) add_counted(time, amount);
  }
  // Whether spend of `payer` with `provider` for `workload` counts (fixed for a scenario, so
  // those who book often ask once and then call add_counted).
  bool counts(int payer, int provider, int workload) const {
    return payer == spec_.payer && provider == spec_.provider &&
           spec_.counts_workload[static_cast<std::size_t>(workload)];
  }
  // Counts spend made at `time` (days) that counts().
  void add_counted(double time, double amount) {
    if (!(time >= booked_from_ && time < booked_until_)) book_year_of(time);
    if (booked_year_ < 0) return;
    year_spend_[static_cast<std::size_t>(booked_year_)] += amount;
    cumulative_spend_ += amount;
  }
  // Assesses contract year `year` (0-based); called at its end.
  Assessment assess(int year);

  // Effects: waive everything not yet assessed; scale remaining minimums; add years over which
  // the remaining minimums are spread evenly.
  void waive();
  void scale(double factor);
  void extend(int years, const Scenario& scenario);

  int term_years() const { return static_cast<int>(increments_.size()); }
  // Time (days) of the end of contract year `year`.
  double year_end(int year) const;
  double cumulative_spend() const { return cumulative_spend_; }
  bool waived() const { return waived_; }
  int provider() const { return spec_.provider; }
  int payer() const { return spec_.payer; }

 private:
  int year_of(double time) const;

  const CommitmentSpec& spec_;
  double start_time_;  // of spec_.start
  double penalty_fraction_;
  std::vector<double> increments_;  // minimum added by each contract year
  std::vector<double> year_spend_;
  std::vector<double> year_end_times_;
  // Spend is booked many times a year: the contract year of the last time booked is kept, with
  // the times [booked_from_, booked_until_) that fall in it (empty when that time was in none).
  void book_year_of(double time);
  int booked_year_ = -1;
  double booked_from_ = HUGE_VAL, booked_until_ = -HUGE_VAL;
  int next_unassessed_ = 0;
  double carried_ = 0;             // carry-forward into the next year
  double assessed_shortfall_ = 0;  // cumulative schedules
  double cumulative_spend_ = 0;
  bool waived_ = false;
};

}  // namespace models
