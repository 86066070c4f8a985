// The scenario's spend commitments (internal to models/deal/): counts the spend booked each
// month, assesses each contract year at its end (before the month's spend at that boundary is
// booked), books penalties in the ledger and records shortfalls as events and metrics.
#pragma once

#include <vector>

#include "models/deal/commitment_tracker.hpp"
#include "models/deal/deal_context.hpp"

namespace models::detail {

class CommitmentBook {
 public:
  explicit CommitmentBook(DealContext& deal);

  // Schedules the assessment at each contract-year end within the horizon.
  void schedule();

  // Counts a month's spend of `payer` with `provider` for `workload` (USD B) where it counts.
  void add_spend(double now, int payer, int provider, int workload, double amount) {
    for (std::size_t c : trackers_of_provider_[static_cast<std::size_t>(provider)])
      trackers_[c].add_spend(now, payer, provider, workload, amount);
  }
  // Writes each commitment's cumulative counted spend into the monthly progress series.
  void record_month(std::size_t month);

  // The commitment an outcome changes (waive, scale, extend), after recording the event.
  CommitmentTracker& changed(int index, EventKind kind, EventCause cause);

  // Counted spend; shortfall, penalty and whether any year fell short are written as assessed.
  void write_metrics();

 private:
  void assess(std::size_t c, int year);

  DealContext& deal_;
  std::vector<CommitmentTracker> trackers_;
  // By provider: the commitments with it (spend elsewhere never counts), so that booking a
  // month's spend does not ask every commitment.
  std::vector<std::vector<std::size_t>> trackers_of_provider_;
};

}  // namespace models::detail
