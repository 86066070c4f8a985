// Every effect of an outcome (models/scenario/effect.hpp), applied with std::visit: one
// EffectApplier overload per alternative, so a new effect does not compile until handled here.
#include <variant>

#include "models/deal/replication.hpp"

namespace models::detail {

// One overload per alternative of Effect, each applying it to the replication's parts for the
// outcome with ledger cause `cause`; `dispute` is the resolved dispute (its payments add up),
// null for a review.
struct EffectApplier {
  Replication& replication;
  std::uint32_t cause;
  ProceedingState* dispute;

  EventCause event() const { return EventCause::cause(cause); }

  void operator()(const effect::Injunction& injunction) const;
  void operator()(const effect::SuspendRule& change) const;
  void operator()(const effect::RestoreRule& change) const;
  void operator()(const effect::AddRule& change) const;
  void operator()(const effect::Payment& payment) const;
  void operator()(const effect::RevenueShare& share) const;
  void operator()(const effect::WaiveCommitment& change) const;
  void operator()(const effect::ScaleCommitment& change) const;
  void operator()(const effect::ExtendCommitment& change) const;
  void operator()(const effect::CancelTranche& change) const;
  void operator()(const effect::ScaleTranche& change) const;
  void operator()(const effect::DelayTranche& change) const;
  void operator()(const effect::EndDispute& change) const;
  void operator()(const effect::EndReview& change) const;
};

void Replication::apply_outcome(const OutcomeSpec& outcome, std::uint32_t cause,
                                ProceedingState* dispute) {
  const EffectApplier apply{*this, cause, dispute};
  for (const Effect& effect : outcome.effects)
    std::visit(apply, effect);
}

void EffectApplier::operator()(const effect::Injunction& injunction) const {
  const int rule = injunction.rule;
  replication.routing_.suspend(rule);
  ++replication.injunctions_in_force_;
  replication.deal_.event(EventKind::Injunction, -1, 0, EventCause::suspension(cause, rule));
  replication.simulation_.schedule_in(
      replication.values_[injunction.months] * kDaysPerMonth, [&replication = replication, rule] {
        replication.routing_.lift(rule);
        --replication.injunctions_in_force_;
        replication.deal_.event(EventKind::InjunctionEnded, -1, 0, EventCause::rule(rule));
      });
}

void EffectApplier::operator()(const effect::SuspendRule& change) const {
  replication.routing_.suspend(change.rule);
}

void EffectApplier::operator()(const effect::RestoreRule& change) const {
  replication.routing_.restore(change.rule);
}

void EffectApplier::operator()(const effect::AddRule& change) const {
  replication.routing_.add(change.rule, change.first);
}

void EffectApplier::operator()(const effect::Payment& payment) const {
  struct Kinds {
    FlowKind flow;
    EventKind event;
  };
  const Kinds kinds =
      payment.kind == effect::PaymentKind::Damages ? Kinds{FlowKind::Damages, EventKind::Damages}
      : payment.kind == effect::PaymentKind::Settlement
          ? Kinds{FlowKind::Settlement, EventKind::Settlement}
      : payment.kind == effect::PaymentKind::Fine ? Kinds{FlowKind::Fine, EventKind::Fine}
                                                  : Kinds{FlowKind::Payment, EventKind::Payment};
  const double amount = replication.values_[payment.amount];
  replication.ledger_.record(replication.simulation_.now(), payment.from, payment.to, amount,
                             kinds.flow, cause);
  if (dispute != nullptr) dispute->payments += amount;
  replication.deal_.event(kinds.event, payment.from, amount, event());
}

void EffectApplier::operator()(const effect::RevenueShare& share) const {
  replication.revenue_shares_.push_back(
      {share.from, share.to, share.provider, share.workload, replication.values_[share.fraction],
       replication.simulation_.now() + replication.values_[share.months] * kDaysPerMonth, cause});
}

void EffectApplier::operator()(const effect::WaiveCommitment& change) const {
  replication.commitments_.changed(change.commitment, EventKind::CommitmentWaive, event()).waive();
}

void EffectApplier::operator()(const effect::ScaleCommitment& change) const {
  replication.commitments_.changed(change.commitment, EventKind::CommitmentScale, event())
      .scale(replication.values_[change.factor]);
}

void EffectApplier::operator()(const effect::ExtendCommitment& change) const {
  replication.commitments_.changed(change.commitment, EventKind::CommitmentExtend, event())
      .extend(change.years, replication.scenario_);
}

void EffectApplier::operator()(const effect::CancelTranche& change) const {
  replication.tranches_.cancel(change.investment, change.tranche, event());
}

void EffectApplier::operator()(const effect::ScaleTranche& change) const {
  replication.tranches_.scale(change.investment, change.tranche, replication.values_[change.factor],
                              event());
}

void EffectApplier::operator()(const effect::DelayTranche& change) const {
  replication.tranches_.delay(change.investment, change.tranche,
                              replication.values_[change.months] * kDaysPerMonth, event());
}

void EffectApplier::operator()(const effect::EndDispute& change) const {
  replication.disputes_.end(change.dispute, event());
}

void EffectApplier::operator()(const effect::EndReview& change) const {
  replication.reviews_.end(change.review, event());
}

}  // namespace models::detail
