// Every effect of an outcome (models/scenario/effect.hpp), applied with std::visit: one
// apply_effect overload per alternative, so a new effect does not compile until handled here.
#include <variant>

#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::apply_outcome(const OutcomeSpec& outcome, std::uint32_t cause,
                                ProceedingState* dispute) {
  const Cause why{cause, dispute};
  for (const Effect& effect : outcome.effects)
    std::visit([&](const auto& change) { apply_effect(change, why); }, effect);
}

void Replication::apply_effect(const effect::Injunction& injunction, const Cause& why) {
  const int rule = injunction.rule;
  routing_.suspend(rule);
  ++injunctions_in_force_;
  deal_.event(EventKind::Injunction, -1, 0, EventCause::suspension(why.code, rule));
  simulation_.schedule_in(values_[injunction.months] * kDaysPerMonth, [this, rule] {
    routing_.lift(rule);
    --injunctions_in_force_;
    deal_.event(EventKind::InjunctionEnded, -1, 0, EventCause::rule(rule));
  });
}

void Replication::apply_effect(const effect::SuspendRule& change, const Cause&) {
  routing_.suspend(change.rule);
}

void Replication::apply_effect(const effect::RestoreRule& change, const Cause&) {
  routing_.restore(change.rule);
}

void Replication::apply_effect(const effect::AddRule& change, const Cause&) {
  routing_.add(change.rule, change.first);
}

void Replication::apply_effect(const effect::Payment& payment, const Cause& why) {
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
  const double amount = values_[payment.amount];
  ledger_.record(simulation_.now(), payment.from, payment.to, amount, kinds.flow, why.code);
  if (why.dispute != nullptr) why.dispute->payments += amount;
  deal_.event(kinds.event, payment.from, amount, why.event());
}

void Replication::apply_effect(const effect::RevenueShare& share, const Cause& why) {
  revenue_shares_.push_back({share.from, share.to, share.provider, share.workload,
                             values_[share.fraction],
                             simulation_.now() + values_[share.months] * kDaysPerMonth, why.code});
}

void Replication::apply_effect(const effect::WaiveCommitment& change, const Cause& why) {
  commitments_.changed(change.commitment, EventKind::CommitmentWaive, why.event()).waive();
}

void Replication::apply_effect(const effect::ScaleCommitment& change, const Cause& why) {
  commitments_.changed(change.commitment, EventKind::CommitmentScale, why.event())
      .scale(values_[change.factor]);
}

void Replication::apply_effect(const effect::ExtendCommitment& change, const Cause& why) {
  commitments_.changed(change.commitment, EventKind::CommitmentExtend, why.event())
      .extend(change.years, scenario_);
}

void Replication::apply_effect(const effect::CancelTranche& change, const Cause& why) {
  tranches_.cancel(change.investment, change.tranche, why.event());
}

void Replication::apply_effect(const effect::ScaleTranche& change, const Cause& why) {
  tranches_.scale(change.investment, change.tranche, values_[change.factor], why.event());
}

void Replication::apply_effect(const effect::DelayTranche& change, const Cause& why) {
  tranches_.delay(change.investment, change.tranche, values_[change.months] * kDaysPerMonth,
                  why.event());
}

void Replication::apply_effect(const effect::EndDispute& change, const Cause& why) {
  disputes_.end(change.dispute, why.event());
}

void Replication::apply_effect(const effect::EndReview& change, const Cause& why) {
  reviews_.end(change.review, why.event());
}

}  // namespace models::detail
