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

  // Appends to `into` the commitments that count spend of `payer` with `provider` for
  // `workload`, in the order they are kept: asked once per kind of spend, which is then booked
  // with add_counted.
  void counting(int payer, int provider, int workload, std::vector<std::uint32_t>& into) const;
  // Counts spend (USD B) at `now` against commitment `c`, one of those counting() gave.
  void add_counted(std::uint32_t c, double now, double amount) {
    trackers_[c].add_counted(now, amount);
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
  SeriesView progress_;  // the monthly commitment progress series
  std::vector<CommitmentTracker> trackers_;
};

}  // namespace models::detail
