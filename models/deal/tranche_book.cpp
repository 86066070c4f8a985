#include "models/deal/tranche_book.hpp"

#include <cmath>

namespace models::detail {

TrancheBook::TrancheBook(DealContext& deal, EquityBook& equity) : deal_(deal), equity_(equity) {}

void TrancheBook::schedule() {
  const Scenario& scenario = deal_.scenario;
  states_.resize(scenario.investments.size());
  for (std::size_t i = 0; i < scenario.investments.size(); ++i) {
    const InvestmentSpec& investment = scenario.investments[i];
    states_[i].resize(investment.tranches.size());
    for (std::size_t t = 0; t < investment.tranches.size(); ++t) {
      const TrancheSpec& spec = investment.tranches[t];
      TrancheState& tranche = state(i, t);
      tranche.amount = deal_.values[spec.amount];
      if (spec.on_date) {
        if (spec.date_time < 0) {
          pay(i, t, spec.date_time, tranche.amount, false);
        } else if (spec.date_time <= scenario.horizon_time) {
          schedule_payment(i, t, spec.date_time);
        }
        continue;
      }
      sim::RandomStream stream = deal_.streams.stream(spec.milestone_stream);
      tranche.clock = deal_.clock(spec.milestone, stream);
      if (spec.has_deadline) {
        tranche.deadline = spec.deadline_time;
        schedule_deadline(i, t);
      }
    }
  }
}

void TrancheBook::run_milestones(double from, double to, const ConditionCheck& conditions) {
  const Scenario& scenario = deal_.scenario;
  for (std::size_t i = 0; i < states_.size(); ++i) {
    for (std::size_t t = 0; t < states_[i].size(); ++t) {
      TrancheState& tranche = state(i, t);
      if (!tranche.clock || !std::isnan(tranche.milestone_time) ||
          tranche.status != TrancheState::Status::Pending)
        continue;
      const TimingSpec& milestone = scenario.investments[i].tranches[t].milestone;
      if (!conditions.hold(milestone.conditions)) continue;
      const double time = DealContext::run_clock(*tranche.clock, milestone, from, to);
      if (time >= 0) {
        tranche.milestone_time = time;
        deal_.simulation.schedule_at(
            time, [this, i, t] { on_milestone(i, t); }, kOccurrencePriority);
      }
    }
  }
}

TrancheState* TrancheBook::changed(int investment, int tranche, EventKind kind, EventCause why) {
  const auto i = static_cast<std::size_t>(investment);
  TrancheState& changed = state(i, static_cast<std::size_t>(tranche));
  if (changed.status != TrancheState::Status::Pending) return nullptr;
  deal_.event(kind, deal_.scenario.investments[i].investor, changed.amount, why);
  return &changed;
}

void TrancheBook::cancel(int investment, int tranche, EventCause cause) {
  TrancheState* changed_tranche = changed(investment, tranche, EventKind::TrancheCancel, cause);
  if (changed_tranche == nullptr) return;
  changed_tranche->status = TrancheState::Status::Cancelled;
  deal_.simulation.cancel(changed_tranche->payment);
  deal_.simulation.cancel(changed_tranche->deadline_event);
}

void TrancheBook::scale(int investment, int tranche, double factor, EventCause cause) {
  TrancheState* changed_tranche = changed(investment, tranche, EventKind::TrancheScale, cause);
  if (changed_tranche != nullptr) changed_tranche->amount *= factor;
}

void TrancheBook::delay(int investment, int tranche, double days, EventCause cause) {
  TrancheState* changed_tranche = changed(investment, tranche, EventKind::TrancheDelay, cause);
  if (changed_tranche == nullptr) return;
  const auto i = static_cast<std::size_t>(investment), t = static_cast<std::size_t>(tranche);
  changed_tranche->blocked_until = std::max(changed_tranche->blocked_until, deal_.now() + days);
  if (deal_.simulation.cancel(changed_tranche->payment)) {
    schedule_payment(i, t, changed_tranche->blocked_until);
  }
  if (std::isfinite(changed_tranche->deadline)) {
    changed_tranche->deadline += days;
    schedule_deadline(i, t);
  }
}

void TrancheBook::schedule_payment(std::size_t i, std::size_t t, double time) {
  state(i, t).payment = deal_.simulation.schedule_at(
      time, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
}

void TrancheBook::schedule_deadline(std::size_t i, std::size_t t) {
  TrancheState& tranche = state(i, t);
  deal_.simulation.cancel(tranche.deadline_event);
  if (tranche.deadline <= deal_.scenario.horizon_time) {
    tranche.deadline_event = deal_.simulation.schedule_at(
        std::max(tranche.deadline, deal_.now()), [this, i, t] { on_deadline(i, t); },
        kOccurrencePriority);
  }
}

void TrancheBook::on_milestone(std::size_t i, std::size_t t) {
  TrancheState& tranche = state(i, t);
  if (tranche.status != TrancheState::Status::Pending) return;
  tranche.milestone_reached = true;
  deal_.event(EventKind::Milestone, deal_.scenario.investments[i].recipient, 0, cause(i, t));
  if (deal_.now() < tranche.blocked_until) {
    schedule_payment(i, t, tranche.blocked_until);
  } else {
    pay_now(i, t);
  }
}

void TrancheBook::on_deadline(std::size_t i, std::size_t t) {
  TrancheState& tranche = state(i, t);
  // A milestone drawn later in the month than the deadline (or not yet: NaN) has not happened:
  // the deadline applies, to the day.
  if (tranche.status != TrancheState::Status::Pending || tranche.milestone_time <= deal_.now())
    return;
  const TrancheSpec& spec = deal_.scenario.investments[i].tranches[t];
  const int investor = deal_.scenario.investments[i].investor;
  switch (spec.on_deadline) {
    case OnDeadline::Lapse:
      lapse(i, t);
      break;
    case OnDeadline::Delay:
      if (tranche.deadline_moved) {
        lapse(i, t);
        break;
      }
      tranche.deadline_moved = true;
      tranche.deadline += deal_.values[spec.delay_months] * kDaysPerMonth;
      deal_.event(EventKind::TrancheDeadlineDelayed, investor, tranche.amount, cause(i, t));
      schedule_deadline(i, t);
      break;
    case OnDeadline::Renegotiate:
      tranche.amount *= deal_.values[spec.renegotiate_fraction];
      tranche.renegotiated = true;
      deal_.event(EventKind::TrancheRenegotiated, investor, tranche.amount, cause(i, t));
      pay_now(i, t);
      break;
  }
}

void TrancheBook::lapse(std::size_t i, std::size_t t) {
  TrancheState& tranche = state(i, t);
  tranche.status = TrancheState::Status::Lapsed;
  deal_.event(EventKind::TrancheLapsed, deal_.scenario.investments[i].investor, tranche.amount,
              cause(i, t));
}

void TrancheBook::pay_now(std::size_t i, std::size_t t) {
  if (state(i, t).status != TrancheState::Status::Pending) return;
  pay(i, t, deal_.now(), state(i, t).amount, true);
}

void TrancheBook::pay(std::size_t i, std::size_t t, double time, double amount, bool dilutes) {
  const InvestmentSpec& investment = deal_.scenario.investments[i];
  TrancheState& tranche = state(i, t);
  tranche.status = TrancheState::Status::Paid;
  tranche.paid_time = time;
  tranche.paid_amount = amount;
  deal_.simulation.cancel(tranche.deadline_event);
  const EventCause why = cause(i, t);
  deal_.ledger.record(time, investment.investor, investment.recipient, amount, FlowKind::Tranche,
                      why.code);
  if (dilutes && investment.tranches[t].equity && equity_.present() &&
      equity_.company() == investment.recipient) {
    equity_.invest(investment.investor, amount);
  }
  deal_.result.events.push_back({time, EventKind::TranchePaid, investment.investor, amount, why});
}

void TrancheBook::write_metrics() {
  for (std::size_t i = 0; i < states_.size(); ++i) {
    for (std::size_t t = 0; t < states_[i].size(); ++t) {
      const TrancheState& tranche = state(i, t);
      const auto& metrics = deal_.catalog.at.tranche[i][t];
      const bool paid = tranche.status == TrancheState::Status::Paid;
      deal_.scalar(metrics.paid) = paid ? 1 : 0;
      deal_.scalar(metrics.years) = paid ? tranche.paid_time / kDaysPerYear : kNaN;
      deal_.scalar(metrics.amount) = paid ? tranche.paid_amount : 0;
      if (!tranche.clock) continue;
      deal_.scalar(metrics.milestone_reached) = tranche.milestone_reached ? 1 : 0;
      deal_.scalar(metrics.milestone_years) =
          tranche.milestone_reached ? tranche.milestone_time / kDaysPerYear : kNaN;
      deal_.scalar(metrics.paid_in_full) = paid && !tranche.renegotiated ? 1 : 0;
      deal_.scalar(metrics.renegotiated) = paid && tranche.renegotiated ? 1 : 0;
      deal_.scalar(metrics.lapsed) = tranche.status == TrancheState::Status::Lapsed ? 1 : 0;
    }
  }
}

}  // namespace models::detail
