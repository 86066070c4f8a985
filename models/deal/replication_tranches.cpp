// Investment tranches: paid on a date or when a milestone occurs, with deadlines that lapse,
// delay or renegotiate them; a payment into equity dilutes the other stakes.
#include "models/deal/replication.hpp"

namespace models::detail {

void Replication::init_tranches() {
  tranches_.resize(scenario_.investments.size());
  for (std::size_t i = 0; i < scenario_.investments.size(); ++i) {
    const InvestmentSpec& investment = scenario_.investments[i];
    tranches_[i].resize(investment.tranches.size());
    for (std::size_t t = 0; t < investment.tranches.size(); ++t) {
      const TrancheSpec& spec = investment.tranches[t];
      TrancheState& state = tranches_[i][t];
      state.amount = values_[spec.amount];
      if (spec.on_date) {
        if (spec.date_time < 0) {
          // Paid before the start: a past flow in the ledger; the scenario's stakes already
          // include it, so it does not dilute.
          pay(i, t, spec.date_time, state.amount, false);
        } else if (spec.date_time <= scenario_.horizon_time) {
          state.payment = simulation_.schedule_at(
              spec.date_time, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
        }
        continue;
      }
      sim::RandomStream stream = streams_.stream("tranche/" + investment.id + "." + spec.id);
      state.clock = make_clock(spec.milestone, stream);
      if (spec.has_deadline) {
        state.deadline = spec.deadline_time;
        schedule_deadline(i, t);
      }
    }
  }
}

void Replication::schedule_deadline(std::size_t i, std::size_t t) {
  TrancheState& state = tranches_[i][t];
  simulation_.cancel(state.deadline_event);
  if (state.deadline <= scenario_.horizon_time) {
    state.deadline_event = simulation_.schedule_at(
        std::max(state.deadline, simulation_.now()), [this, i, t] { on_deadline(i, t); },
        kOccurrencePriority);
  }
}

void Replication::on_milestone(std::size_t i, std::size_t t) {
  TrancheState& state = tranches_[i][t];
  if (state.status != TrancheState::Status::Pending) return;
  event("milestone", scenario_.investments[i].recipient, 0,
        "tranche:" + scenario_.investments[i].id + "." + scenario_.investments[i].tranches[t].id);
  if (simulation_.now() < state.blocked_until) {
    state.payment = simulation_.schedule_at(
        state.blocked_until, [this, i, t] { pay_now(i, t); }, kOccurrencePriority);
  } else {
    pay_now(i, t);
  }
}

void Replication::on_deadline(std::size_t i, std::size_t t) {
  TrancheState& state = tranches_[i][t];
  if (state.status != TrancheState::Status::Pending || state.milestone_reached) return;
  const TrancheSpec& spec = scenario_.investments[i].tranches[t];
  const std::string cause = "tranche:" + scenario_.investments[i].id + "." + spec.id;
  switch (spec.on_deadline) {
    case OnDeadline::Lapse:
      state.status = TrancheState::Status::Lapsed;
      event("tranche_lapsed", scenario_.investments[i].investor, state.amount, cause);
      break;
    case OnDeadline::Delay:
      if (!state.deadline_moved) {
        state.deadline_moved = true;
        state.deadline += values_[spec.delay_months] * kDaysPerMonth;
        event("tranche_deadline_delayed", scenario_.investments[i].investor, state.amount, cause);
        schedule_deadline(i, t);
      } else {
        state.status = TrancheState::Status::Lapsed;
        event("tranche_lapsed", scenario_.investments[i].investor, state.amount, cause);
      }
      break;
    case OnDeadline::Renegotiate:
      state.amount *= values_[spec.renegotiate_fraction];
      event("tranche_renegotiated", scenario_.investments[i].investor, state.amount, cause);
      pay_now(i, t);
      break;
  }
}

void Replication::pay_now(std::size_t i, std::size_t t) {
  if (tranches_[i][t].status != TrancheState::Status::Pending) return;
  pay(i, t, simulation_.now(), tranches_[i][t].amount, true);
}

void Replication::pay(std::size_t i, std::size_t t, double time, double amount, bool dilutes) {
  const InvestmentSpec& investment = scenario_.investments[i];
  TrancheState& state = tranches_[i][t];
  state.status = TrancheState::Status::Paid;
  state.paid_time = time;
  state.paid_amount = amount;
  simulation_.cancel(state.deadline_event);
  ledger_.record(time, investment.investor, investment.recipient, amount, FlowKind::Tranche,
                 catalog_.tranche_cause(static_cast<int>(i), static_cast<int>(t)));
  if (dilutes && investment.tranches[t].equity && equity_.present() &&
      equity_.company() == investment.recipient) {
    equity_.invest(investment.investor, amount);
  }
  result_.events.push_back({time, "tranche_paid", investment.investor, amount,
                            "tranche:" + investment.id + "." + investment.tranches[t].id});
}

}  // namespace models::detail
