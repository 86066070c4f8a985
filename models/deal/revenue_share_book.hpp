// Shares of a developer's revenue (internal to models/deal/): each month, a fraction of what the
// developer earned on its served compute goes to another party, until the share's end event
// (a hazard, e.g. an expert panel verifying AGI) occurs; from the next month nothing is paid.
#pragma once

#include <optional>
#include <vector>

#include "models/deal/deal_context.hpp"

namespace models::detail {

class RevenueShareBook {
 public:
  explicit RevenueShareBook(DealContext& deal);

  // Starts each share's end clock.
  void schedule();
  // Pays each share in force its fraction of this month's revenue (USD B, by workload).
  void pay(double now, const std::vector<double>& revenue_by_workload);
  // Runs each end hazard over [from, to) while its conditions hold.
  void run_hazards(double from, double to, const ConditionCheck& conditions);
  // Amount paid, whether and when each share ended.
  void write_metrics();

 private:
  struct State {
    std::optional<HazardClock> clock;
    bool end_drawn = false;  // the end event is scheduled
    double end_time = kNaN;  // days; NaN until the end event has occurred
    double paid = 0;
  };

  DealContext& deal_;
  std::vector<State> states_;
};

}  // namespace models::detail
