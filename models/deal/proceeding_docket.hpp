// Disputes or regulatory reviews (internal to models/deal/; one docket for each): each may
// start (with its probability), is filed or opened by a hazard, on a date or when a provider's
// monthly spend passes a level, stays pending for its duration (a dispute's parties pay legal
// costs every month), and is resolved by drawing one outcome, whose effects the coordinator
// applies. Owns each proceeding's state and its scheduled opening and resolution.
#pragma once

#include <optional>
#include <vector>

#include "models/deal/deal_context.hpp"

namespace models::detail {

struct ProceedingState {
  enum class Status { Armed, Never, Pending, Resolved, Mooted } status = Status::Armed;
  std::optional<HazardClock> clock;  // the opening hazard, if timed by one
  double opened_time = kNaN;
  int outcome = -1;
  double payments = 0, legal_cost = 0;  // USD B paid under its outcomes, and in legal costs
  sim::EventHandle opening, resolution;
};

// Applies an outcome's effects; implemented by the coordinator, which sees every part.
class OutcomeHandler {
 public:
  // `dispute` is the resolved dispute (its payments add up), null for a review.
  virtual void apply_outcome(const OutcomeSpec& outcome, std::uint32_t cause,
                             ProceedingState* dispute) = 0;

 protected:
  ~OutcomeHandler() = default;
};

class ProceedingDocket {
 public:
  enum class Kind { Dispute, Review };

  ProceedingDocket(DealContext& deal, Kind kind, OutcomeHandler& outcomes);

  // Draws whether each proceeding starts at all and schedules dated openings.
  void arm();

  // Each pending dispute's legal costs for the month, paid to `external`.
  void pay_legal_costs(double now, int external);

  // Opens, now, each armed proceeding whose trigger provider's spend this month (month_spend,
  // [provider * workloads + workload]) is above its level.
  void check_triggers(double now, const std::vector<double>& month_spend);

  // Runs each armed proceeding's opening hazard over [from, to) while its conditions hold.
  void run_hazards(double from, double to, const ConditionCheck& conditions);

  bool any_pending() const;

  // Ends proceeding `index` early (an outcome made it moot) if it is armed or pending.
  void end(int index, EventCause cause);

  const ProceedingState& state(std::size_t index) const { return states_[index]; }
  std::size_t size() const { return states_.size(); }

  // Whether each was filed or opened, when, whether mooted, its outcome; for disputes also
  // payments and legal costs.
  void write_metrics();

 private:
  bool disputes() const { return kind_ == Kind::Dispute; }
  const ProceedingSpec& spec(std::size_t i) const { return specs_[i]; }
  void schedule_opening(std::size_t i, double time);
  void open(std::size_t i);
  void resolve(std::size_t i);
  int draw_outcome(std::size_t i) const;

  DealContext& deal_;
  Kind kind_;
  const std::vector<ProceedingSpec>& specs_;
  OutcomeHandler& outcomes_;
  std::vector<ProceedingState> states_;
};

}  // namespace models::detail
