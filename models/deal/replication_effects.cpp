// Every effect of an outcome (models/scenario/effect.hpp), applied with std::visit: one
// apply_effect overload per alternative, so a new effect does not compile until handled here.
#include "models/deal/replication.hpp"

#include <variant>

namespace models::detail {

void Replication::apply(const Effect& effect, std::uint32_t cause, const std::string& cause_text,
                        ProceedingState* dispute) {
  const Cause why{cause, cause_text, dispute};
  std::visit([&](const auto& change) { apply_effect(change, why); }, effect);
}

void Replication::apply_effect(const effect::Injunction& injunction, const Cause& why) {
  routing_.suspend(injunction.rule);
  ++injunctions_in_force_;
  event("injunction", -1, 0, why.text + " suspends " + rule_id(injunction.rule));
  const int rule = injunction.rule;
  simulation_.schedule_in(values_[injunction.months] * kDaysPerMonth, [this, rule] {
    routing_.lift(rule);
    --injunctions_in_force_;
    event("injunction_ended", -1, 0, rule_id(rule));
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
  const FlowKind kind = payment.kind == effect::PaymentKind::Damages      ? FlowKind::Damages
                        : payment.kind == effect::PaymentKind::Settlement ? FlowKind::Settlement
                        : payment.kind == effect::PaymentKind::Fine       ? FlowKind::Fine
                                                                          : FlowKind::Payment;
  const double amount = values_[payment.amount];
  ledger_.record(simulation_.now(), payment.from, payment.to, amount, kind, why.code);
  if (why.dispute != nullptr) why.dispute->payments += amount;
  event(flow_kind_name(kind), payment.from, amount, why.text);
}

void Replication::apply_effect(const effect::RevenueShare& share, const Cause& why) {
  revenue_shares_.push_back({share.from, share.to, share.provider, share.workload,
                             values_[share.fraction],
                             simulation_.now() + values_[share.months] * kDaysPerMonth, why.code});
}

CommitmentTracker& Replication::changed_commitment(int index, const char* action,
                                                   const Cause& why) {
  CommitmentTracker& commitment = commitments_[static_cast<std::size_t>(index)];
  event(std::string("commitment_") + action, commitment.payer(), 0, why.text);
  return commitment;
}

void Replication::apply_effect(const effect::WaiveCommitment& change, const Cause& why) {
  changed_commitment(change.commitment, "waive", why).waive();
}

void Replication::apply_effect(const effect::ScaleCommitment& change, const Cause& why) {
  changed_commitment(change.commitment, "scale", why).scale(values_[change.factor]);
}

void Replication::apply_effect(const effect::ExtendCommitment& change, const Cause& why) {
  changed_commitment(change.commitment, "extend", why).extend(change.years, scenario_);
}

TrancheState* Replication::changed_tranche(int investment, int tranche, const char* action,
                                           const Cause& why) {
  TrancheState& state =
      tranches_[static_cast<std::size_t>(investment)][static_cast<std::size_t>(tranche)];
  if (state.status != TrancheState::Status::Pending) return nullptr;
  event(std::string("tranche_") + action,
        scenario_.investments[static_cast<std::size_t>(investment)].investor, state.amount,
        why.text);
  return &state;
}

void Replication::apply_effect(const effect::CancelTranche& change, const Cause& why) {
  TrancheState* state = changed_tranche(change.investment, change.tranche, "cancel", why);
  if (state == nullptr) return;
  state->status = TrancheState::Status::Cancelled;
  simulation_.cancel(state->payment);
  simulation_.cancel(state->deadline_event);
}

void Replication::apply_effect(const effect::ScaleTranche& change, const Cause& why) {
  TrancheState* state = changed_tranche(change.investment, change.tranche, "scale", why);
  if (state != nullptr) state->amount *= values_[change.factor];
}

void Replication::apply_effect(const effect::DelayTranche& change, const Cause& why) {
  TrancheState* state = changed_tranche(change.investment, change.tranche, "delay", why);
  if (state == nullptr) return;
  const auto i = static_cast<std::size_t>(change.investment),
             t = static_cast<std::size_t>(change.tranche);
  const double delay = values_[change.months] * kDaysPerMonth;
  state->blocked_until = std::max(state->blocked_until, simulation_.now() + delay);
  if (simulation_.cancel(state->payment)) {
    state->payment = simulation_.schedule_at(
        state->blocked_until, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
  }
  if (std::isfinite(state->deadline)) {
    state->deadline += delay;
    schedule_deadline(i, t);
  }
}

void Replication::apply_effect(const effect::EndDispute& change, const Cause& why) {
  end_proceeding(true, change.dispute, why.text);
}

void Replication::apply_effect(const effect::EndReview& change, const Cause& why) {
  end_proceeding(false, change.review, why.text);
}

}  // namespace models::detail
