// Investment tranches (internal to models/deal/): paid on a date or when a milestone occurs,
// with deadlines that lapse, delay or renegotiate them; a payment into equity dilutes the other
// stakes. Owns each tranche's state and its scheduled payment and deadline.
#pragma once

#include <optional>
#include <vector>

#include "models/deal/deal_context.hpp"
#include "models/deal/equity_book.hpp"

namespace models::detail {

struct TrancheState {
  enum class Status { Pending, Paid, Lapsed, Cancelled } status = Status::Pending;
  double amount = 0;  // USD B, as scaled or renegotiated so far
  double blocked_until = 0;
  double deadline = kNaN;  // days; NaN without a deadline
  bool deadline_moved = false;
  std::optional<HazardClock> clock;  // the milestone's hazard, none for a dated tranche
  // When the hazard fired (days; NaN until it does); the milestone counts as reached only if the
  // tranche is still pending then (not lapsed or renegotiated at an earlier deadline).
  double milestone_time = kNaN;
  bool milestone_reached = false;
  bool renegotiated = false;
  double paid_time = kNaN;
  double paid_amount = 0;
  sim::EventHandle payment, deadline_event;
};

class TrancheBook {
 public:
  TrancheBook(DealContext& deal, EquityBook& equity);

  // Pays tranches dated before the start (into the ledger, without dilution: the scenario's
  // stakes include them) and schedules dated payments and deadlines.
  void schedule();

  // Runs each pending milestone's hazard over [from, to) while its conditions hold, scheduling
  // the milestone at the time it occurs.
  void run_milestones(double from, double to, const ConditionCheck& conditions);

  // Effects of outcomes on a pending tranche, each recorded as an event; none on a tranche
  // that is no longer pending.
  void cancel(int investment, int tranche, EventCause cause);
  void scale(int investment, int tranche, double factor, EventCause cause);
  void delay(int investment, int tranche, double days, EventCause cause);

  // paid, years to payment and amount paid of each tranche; for milestone tranches, whether and
  // when the milestone was reached and whether the tranche was paid in full, renegotiated or
  // lapsed.
  void write_metrics();

 private:
  TrancheState& state(std::size_t i, std::size_t t) { return states_[i][t]; }
  EventCause cause(std::size_t i, std::size_t t) const {
    return EventCause::cause(deal_.catalog.tranche_cause(static_cast<int>(i), static_cast<int>(t)));
  }
  TrancheState* changed(int investment, int tranche, EventKind kind, EventCause why);
  void schedule_deadline(std::size_t i, std::size_t t);
  void schedule_payment(std::size_t i, std::size_t t, double time);
  void on_milestone(std::size_t i, std::size_t t);
  void on_deadline(std::size_t i, std::size_t t);
  void lapse(std::size_t i, std::size_t t);
  void pay_now(std::size_t i, std::size_t t);
  void pay(std::size_t i, std::size_t t, double time, double amount, bool dilutes);

  DealContext& deal_;
  EquityBook& equity_;
  std::vector<std::vector<TrancheState>> states_;  // [investment][tranche]
};

}  // namespace models::detail
